"""Reading a webhook's payload: the body decoded as JSON, then validated as its event's type like a
response's data (`_parse.parse_value`).

A body that is empty or no JSON degrades as a response's does (`hollow_value`: the declared model
with every field unusable, or the union's `Unknown...` member holding the text; raised in strict
mode); what cannot be given the event's type at all raises `WebhookPayloadError` (a
`ResponseValidationError`), never a bare `json.JSONDecodeError`: a handler tells an authentic
delivery it cannot read (answer 2xx, a redelivery brings the same bytes) from a forged one
(`WebhookVerificationError`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._base_model import EMPTY_BODY, NOT_JSON, Deviation, hollow_value, loads, log_deviations
from ._parse import _invalid_response, parse_value
from ._response import _short_text
from .errors import ResponseValidationError, WebhookPayloadError

_SUBJECT = "webhook payload"  # what its log line says deviates (a response's says "response")


def parse_payload(
    kind: Any, payload: bytes | str | Mapping[str, Any], *, event: str, strict: bool
) -> Any:
    """`payload` (the body's bytes or text, or JSON data already decoded) parsed as `kind`, the
    type of the webhook `event`; `WebhookPayloadError` when it cannot be."""
    try:
        return _parsed(kind, payload, event, strict)
    except ResponseValidationError as error:
        said = _invalid_response(event, error.problems, None, error.body, None, 1, "the payload")
        raise WebhookPayloadError(
            said.message, event=event, body=error.body, problems=error.problems
        ) from None


def _parsed(kind: Any, payload: bytes | str | Mapping[str, Any], event: str, strict: bool) -> Any:
    if not isinstance(payload, (bytes, str)):
        return parse_value(kind, payload, operation=event, strict=strict, subject=_SUBJECT)
    try:
        value = loads(payload)  # numbers keep their exact digits for money fields
    except ValueError:  # no JSON (`JSONDecodeError`), or bytes that are no UTF-8 text
        text = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else payload
        problem = (
            Deviation("", NOT_JSON, "the payload is not JSON", _short_text(text))
            if text.strip()
            else Deviation("", EMPTY_BODY, "the payload is empty", None)
        )
        hollow = None if strict else hollow_value(kind, problem)
        if hollow is None:
            raise _invalid_response(event, [problem], None, text, None, 1) from None
        log_deviations(event, [problem], _SUBJECT)
        return hollow
    return parse_value(kind, value, operation=event, strict=strict, subject=_SUBJECT)
