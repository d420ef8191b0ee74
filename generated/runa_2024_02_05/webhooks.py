"""Webhooks of the Runa API: verify the signature, then parse the typed payload.

Always verify first, on the raw body bytes exactly as received:

    webhooks.verify(request_body, request.headers, secret="whsec_...")
    event = webhooks.parse_order_completion(request_body)
    event = webhooks.parse_product_update(request_body)
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import timedelta
from functools import cache
from typing import Any

from pydantic import TypeAdapter

from . import models
from ._base_model import LENIENT
from ._webhook_signing import verify
from .errors import WebhookVerificationError


@cache
def _adapter(kind: Any) -> TypeAdapter[Any]:
    return TypeAdapter(kind)


def _decode(payload: bytes | str | Mapping[str, Any]) -> Any:
    if isinstance(payload, (bytes, str)):
        return json.loads(payload)
    return payload


def parse_order_completion(
    payload: bytes | str | Mapping[str, Any],
) -> models.OrderCompletionPayload:
    """Parse a `order.completion` webhook payload (bytes, str or an already-decoded dict).

    Sent when an order finishes processing, the body object will be one of the following schemas depending on the order status.
    """
    value: models.OrderCompletionPayload = _adapter(models.OrderCompletionPayload).validate_python(
        _decode(payload), context=LENIENT
    )
    return value


def verify_and_parse_order_completion(
    payload: bytes,
    headers: Mapping[str, str],
    secret: str,
    *,
    tolerance: timedelta = timedelta(minutes=5),
) -> models.OrderCompletionPayload:
    """Verify the signature of a `order.completion` delivery, then parse it."""
    verify(payload, headers, secret, tolerance=tolerance)
    return parse_order_completion(payload)


def parse_product_update(payload: bytes | str | Mapping[str, Any]) -> models.ProductUpdateWebhook:
    """Parse a `product.update` webhook payload (bytes, str or an already-decoded dict).

    Update on product status
    """
    value: models.ProductUpdateWebhook = _adapter(models.ProductUpdateWebhook).validate_python(
        _decode(payload), context=LENIENT
    )
    return value


def verify_and_parse_product_update(
    payload: bytes,
    headers: Mapping[str, str],
    secret: str,
    *,
    tolerance: timedelta = timedelta(minutes=5),
) -> models.ProductUpdateWebhook:
    """Verify the signature of a `product.update` delivery, then parse it."""
    verify(payload, headers, secret, tolerance=tolerance)
    return parse_product_update(payload)


__all__ = [
    "WebhookVerificationError",
    "verify",
    "parse_order_completion",
    "verify_and_parse_order_completion",
    "parse_product_update",
    "verify_and_parse_product_update",
]
