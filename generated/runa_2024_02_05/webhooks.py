"""Webhooks of the Runa API: verify the signature, then parse the typed payload.

A payload that breaks the spec raises `errors.WebhookPayloadError` (a `ResponseValidationError`)
with `strict=True`; by default it is returned with each deviation logged and listed by
`deviations()`, and a payload of a kind this version does not know (a new order status) is the
union's `Unknown...` model. A payload that is no event at all (JSON of another kind, a list say)
raises `WebhookPayloadError` in both modes; an empty or non-JSON one degrades as a response's body
does. A forged or stale delivery raises `errors.WebhookVerificationError`.

Always verify first, on the raw body bytes exactly as received:

    webhooks.verify(request_body, request.headers, secret="whsec_...")
    event = webhooks.parse_order_completion(request_body)
    event = webhooks.parse_product_update(request_body)
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from . import models
from ._webhook_payload import parse_payload as _parse_payload
from ._webhook_signing import verify
from .errors import WebhookPayloadError, WebhookVerificationError


def parse_order_completion(
    payload: bytes | str | Mapping[str, Any],
    *,
    strict: bool = False,
) -> models.OrderCompletionPayload:
    """Parse a `order.completion` webhook payload (bytes, str or an already-decoded dict).

    Sent when an order finishes processing, the body object will be one of the following schemas depending on the order status.

    A payload that breaks the spec raises `errors.WebhookPayloadError` (a `ResponseValidationError`) with `strict=True`; otherwise it is returned with each deviation recorded (`deviations()`) and logged. A payload that is no event at all (a JSON list, say) raises `WebhookPayloadError` in both modes; an empty or non-JSON one degrades as a response's body does.
    """
    value: models.OrderCompletionPayload = _parse_payload(
        models.OrderCompletionPayload, payload, event="order.completion", strict=strict
    )
    return value


def verify_and_parse_order_completion(
    payload: bytes,
    headers: Mapping[str, str],
    secret: str,
    *,
    tolerance: timedelta = timedelta(minutes=5),
    strict: bool = False,
) -> models.OrderCompletionPayload:
    """Verify the signature of a `order.completion` delivery, then parse it (see `parse_order_completion`)."""
    verify(payload, headers, secret, tolerance=tolerance)
    return parse_order_completion(payload, strict=strict)


def parse_product_update(
    payload: bytes | str | Mapping[str, Any],
    *,
    strict: bool = False,
) -> models.ProductUpdateWebhook:
    """Parse a `product.update` webhook payload (bytes, str or an already-decoded dict).

    Update on product status

    A payload that breaks the spec raises `errors.WebhookPayloadError` (a `ResponseValidationError`) with `strict=True`; otherwise it is returned with each deviation recorded (`deviations()`) and logged. A payload that is no event at all (a JSON list, say) raises `WebhookPayloadError` in both modes; an empty or non-JSON one degrades as a response's body does.
    """
    value: models.ProductUpdateWebhook = _parse_payload(
        models.ProductUpdateWebhook, payload, event="product.update", strict=strict
    )
    return value


def verify_and_parse_product_update(
    payload: bytes,
    headers: Mapping[str, str],
    secret: str,
    *,
    tolerance: timedelta = timedelta(minutes=5),
    strict: bool = False,
) -> models.ProductUpdateWebhook:
    """Verify the signature of a `product.update` delivery, then parse it (see `parse_product_update`)."""
    verify(payload, headers, secret, tolerance=tolerance)
    return parse_product_update(payload, strict=strict)


__all__ = [
    "WebhookPayloadError",
    "WebhookVerificationError",
    "verify",
    "parse_order_completion",
    "verify_and_parse_order_completion",
    "parse_product_update",
    "verify_and_parse_product_update",
]
