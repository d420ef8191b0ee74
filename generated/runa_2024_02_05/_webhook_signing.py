"""Signature verification of webhook deliveries (Standard Webhooks, as signed by Svix).

A delivery carries three headers: an id, a Unix timestamp and one or more signatures
(`v1,<base64>` separated by spaces). Each signature is the base64 HMAC-SHA256, keyed with the
base64-decoded secret (`whsec_<base64>`), of `{id}.{timestamp}.{raw body}`. The body must be
verified exactly as received: parsing and re-serialising the JSON changes the bytes and fails.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from collections.abc import Mapping
from datetime import datetime, timedelta, timezone

from .errors import ClientConfigurationError, WebhookVerificationError

_HEADER_PREFIXES = ("svix-", "webhook-")
_SECRET_PREFIX = "whsec_"


def verify(
    payload: bytes | str,
    headers: Mapping[str, str],
    secret: str,
    *,
    tolerance: timedelta = timedelta(minutes=5),
    now: datetime | None = None,
) -> None:
    """Check that `payload` was signed with `secret`; raise `WebhookVerificationError` if not.

    `payload` is the raw request body (a `str` is encoded as UTF-8); `headers` the request headers
    (looked up case-insensitively; `svix-*` or `webhook-*`). The timestamp must be within
    `tolerance` of `now` (default: the current time; a naive `now` is taken as UTC), which
    bounds replays. A secret that is not `whsec_<base64>` raises `ClientConfigurationError`.
    """
    key = _secret_key(secret)
    message_id, timestamp, signatures = _signature_headers(headers)
    _check_timestamp(timestamp, tolerance, now)
    body = payload.encode() if isinstance(payload, str) else bytes(payload)
    expected = hmac.new(key, f"{message_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()
    for entry in signatures.split():
        version, _, encoded = entry.partition(",")
        if version != "v1":
            continue
        try:
            candidate = base64.b64decode(encoded, validate=True)
        except binascii.Error:
            continue
        if hmac.compare_digest(expected, candidate):
            return
    raise WebhookVerificationError("no matching webhook signature")


def _secret_key(secret: str) -> bytes:
    encoded = secret.removeprefix(_SECRET_PREFIX)
    try:
        # Some dashboards show the secret without its base64 padding.
        key = base64.b64decode(encoded + "=" * (-len(encoded) % 4), validate=True)
    except binascii.Error:
        key = b""
    if not key:
        raise ClientConfigurationError(
            "the webhook secret must look like whsec_<base64> (copy it from the webhook's settings)"
        )
    return key


def _signature_headers(headers: Mapping[str, str]) -> tuple[str, str, str]:
    lowered = {name.lower(): value for name, value in headers.items()}
    for prefix in _HEADER_PREFIXES:
        values = [lowered.get(prefix + name, "") for name in ("id", "timestamp", "signature")]
        if all(values):
            return values[0], values[1], values[2]
    raise WebhookVerificationError(
        "missing webhook headers: svix-id, svix-timestamp and svix-signature (or webhook-*)"
    )


def _check_timestamp(timestamp: str, tolerance: timedelta, now: datetime | None) -> None:
    if not timestamp.isascii() or not timestamp.isdigit():
        raise WebhookVerificationError("invalid webhook timestamp header")
    current = now or datetime.now(timezone.utc)
    if current.tzinfo is None:
        current = current.replace(tzinfo=timezone.utc)
    try:
        sent = datetime.fromtimestamp(int(timestamp), timezone.utc)
    except (OverflowError, OSError, ValueError):
        raise WebhookVerificationError("invalid webhook timestamp header") from None
    age = current - sent
    if age > tolerance:
        raise WebhookVerificationError("webhook timestamp is too old")
    if -age > tolerance:
        raise WebhookVerificationError("webhook timestamp is too new")


__all__ = ["verify"]
