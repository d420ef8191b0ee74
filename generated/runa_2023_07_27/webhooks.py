"""Webhooks of the Runa API: verify the signature, then parse the typed payload.

Always verify first, on the raw body bytes exactly as received:

    webhooks.verify(request_body, request.headers, secret="whsec_...")
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


__all__ = [
    "WebhookVerificationError",
    "verify",
]
