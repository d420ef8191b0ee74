"""Webhooks of the Runa API: verify the signature, then parse the typed payload.

A payload that breaks the spec raises `errors.ResponseValidationError` with `strict=True`; by
default it is returned with each deviation logged and listed by `deviations()`, and a payload of
a kind this version does not know (a new order status) is the union's `Unknown...` model.

Always verify first, on the raw body bytes exactly as received:

    webhooks.verify(request_body, request.headers, secret="whsec_...")
    event = webhooks.parse_order_completion(request_body)
    event = webhooks.parse_product_update(request_body)
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


def parse_order_completion(
    payload: bytes | str | Mapping[str, Any],
    *,
    strict: bool = False,
) -> models.OrderCompletionPayload:
    """Parse a `order.completion` webhook payload (bytes, str or an already-decoded dict).

    Sent when an order finishes processing, the body object will be one of the following schemas depending on the order status.

    A payload that breaks the spec raises `errors.ResponseValidationError` with `strict=True`; otherwise it is returned with each deviation recorded (`deviations()`) and logged.
    """
    value: models.OrderCompletionPayload = _base_client.parse_value(
        models.OrderCompletionPayload, _decode(payload), operation="order.completion", strict=strict
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

    A payload that breaks the spec raises `errors.ResponseValidationError` with `strict=True`; otherwise it is returned with each deviation recorded (`deviations()`) and logged.
    """
    value: models.ProductUpdateWebhook = _base_client.parse_value(
        models.ProductUpdateWebhook, _decode(payload), operation="product.update", strict=strict
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
    "WebhookVerificationError",
    "verify",
    "parse_order_completion",
    "verify_and_parse_order_completion",
    "parse_product_update",
    "verify_and_parse_product_update",
]
