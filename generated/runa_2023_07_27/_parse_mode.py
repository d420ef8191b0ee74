"""How the validation under way reads its input: strict (a request being built) or lenient (a
response being parsed), whether a union's branch may salvage, whether a field is read again without
its constraints.

The model, the unions, the constraint validators and the money type all ask; this module sits below
them all so that none imports another for it.
"""

from __future__ import annotations

import typing
from collections.abc import Callable, Mapping
from contextvars import ContextVar
from typing import Any

from pydantic import ValidationInfo

LENIENT = {"lenient": True}
"""Validation context for responses: pass it as `context=` to parse like the client does."""


RECEIVED = {"received": True}
"""Validation context for received JSON data validated without the lenient hooks (`_parse`'s first
pass, the fake's answers): what the client got, not a Python value of a request."""


def is_lenient(info: ValidationInfo) -> bool:
    context = info.context
    return isinstance(context, Mapping) and bool(context.get("lenient"))


def is_received(info: ValidationInfo) -> bool:
    """Whether the value validated is JSON data received (`RECEIVED` or `LENIENT`), where only the
    JSON type the spec declares will do (a Python value of a request may be any of its types)."""
    context = info.context
    return isinstance(context, Mapping) and bool(context.get("received") or context.get("lenient"))


_salvage_allowed: ContextVar[bool] = ContextVar("_salvage_allowed", default=True)
"""False while a union tries its branches for a clean fit (no field kept raw, no unknown tag kept)."""


def _may_salvage(info: ValidationInfo) -> bool:
    return is_lenient(info) and _salvage_allowed.get()


_F = typing.TypeVar("_F", bound=Callable[..., Any])


def _lenient_only(function: _F) -> _F:
    """Marks a wrap validator that changes nothing for a value that validates: the client parses a
    response without these hooks first (plain pydantic speed), and again with them only when that
    fails (`_parse.parse_value`)."""
    setattr(function, "__lenient_only__", True)
    return function


def _without_salvage(validate: Callable[[], Any]) -> Any:
    token = _salvage_allowed.set(False)
    try:
        return validate()
    finally:
        _salvage_allowed.reset(token)


_relaxed: ContextVar[bool] = ContextVar("_relaxed", default=False)
"""True while a field whose value missed only a constraint is read again without its constraints
(`_relaxed_value`): the checks written here (patterns, unique items, e-mail syntax, decimal text)
let the value through. A nested model sets it back to False: its own misses are its own to record."""


def _passes_relaxed() -> bool:
    """Whether a failed constraint check lets its value through (a leaf kept, its miss recorded)."""
    return _relaxed.get()
