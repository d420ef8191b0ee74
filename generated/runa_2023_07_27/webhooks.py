"""Webhooks of the Runa API: verify the signature, then parse the typed payload.

A payload that breaks the spec raises `errors.ResponseValidationError` with `strict=True`; by
default it is returned with each deviation logged and listed by `deviations()`, and a payload of
a kind this version does not know (a new order status) is the union's `Unknown...` model.

Always verify first, on the raw body bytes exactly as received:

    webhooks.verify(request_body, request.headers, secret="whsec_...")
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from . import _base_client, models
from ._base_model import loads
from ._webhook_signing import verify
from .errors import WebhookVerificationError


def _decode(payload: bytes | str | Mapping[str, Any]) -> Any:
    if isinstance(payload, (bytes, str)):
        return loads(payload)  # numbers keep their exact digits for money fields
    return payload


__all__ = [
    "WebhookVerificationError",
    "verify",
]
