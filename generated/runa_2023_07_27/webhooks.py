"""Webhooks of the Runa API: verify the signature, then parse the typed payload.

A payload that breaks the spec raises `errors.WebhookPayloadError` (a `ResponseValidationError`)
with `strict=True`; by default it is returned with each deviation logged and listed by
`deviations()`, and a payload of a kind this version does not know (a new order status) is the
union's `Unknown...` model. A payload that is no event at all (JSON of another kind, a list say)
raises `WebhookPayloadError` in both modes; an empty or non-JSON one degrades as a response's body
does. A forged or stale delivery raises `errors.WebhookVerificationError`.

Always verify first, on the raw body bytes exactly as received:

    webhooks.verify(request_body, request.headers, secret="whsec_...")
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from . import models
from ._webhook_payload import parse_payload as _parse_payload
from ._webhook_signing import verify
from .errors import WebhookPayloadError, WebhookVerificationError

__all__ = [
    "WebhookPayloadError",
    "WebhookVerificationError",
    "verify",
]
