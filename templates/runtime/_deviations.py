"""Deviations: where a received value breaks the spec, how it is kept on the model that holds it,
listed (`deviations`) and logged (one line per call, aggregated by kind and location pattern).

What a deviation is and how it is located is one job, apart from how a model salvages a value
(`_model`) or a union picks a branch (`_unions`): both record here, the client lists and logs here.
This module reads models through pydantic's `BaseModel` and the class flags `Model` sets
(`_forbid_extra`, `_holds_raw`), so it imports neither of them.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails

# --- Deviations: where a response breaks the spec ------------------------------------------------

WRONG_TYPE = "wrong type"
NULL = "null where not nullable"
MISSING = "missing required field"
PATTERN = "pattern miss"
CONSTRAINT = "constraint violated"
UNKNOWN_ENUM = "unknown enum value"
UNKNOWN_DISCRIMINATOR = "unknown discriminator"
NO_BRANCH = "fits no union branch"
NOT_JSON = "body not JSON"
"""A complete 2xx body that is no JSON where JSON is declared (a proxy's HTML page, say)."""
EMPTY_BODY = "empty body"
"""An empty 2xx body (an empty 200, a 204) where a JSON value is declared."""
UNEXPECTED_STATUS = "unexpected status"
"""A success status other than the one the request's header selects (`errors.UnexpectedStatusError`)."""
NEAREST_BRANCH = "no exact union branch"
"""A union value read as the branch nearest to it (see `_nearest_branch`); its own problems are
recorded below it."""
UNDECLARED = "undeclared field"
ADDITIONAL = "additional property"
"""An undeclared field where the schema allows additional properties (JSON Schema's default): not a
violation. Listed by `deviations()`, logged at DEBUG at most, never raised in strict mode."""

_KINDS_BY_ERROR = {
    "missing": MISSING,
    "enum": UNKNOWN_ENUM,
    "literal_error": UNKNOWN_ENUM,
    "string_pattern_mismatch": PATTERN,
    "union_tag_invalid": UNKNOWN_DISCRIMINATOR,
    "unknown_discriminator": UNKNOWN_DISCRIMINATOR,
    "union_tag_not_found": MISSING,
    "extra_forbidden": UNDECLARED,
}
_CONSTRAINT_ERRORS = frozenset(
    {
        "greater_than", "greater_than_equal", "less_than", "less_than_equal", "multiple_of", "too_short",
        "too_long", "string_too_short", "string_too_long", "unique_items", "email", "property_name",
        "decimal_max_digits", "decimal_max_places", "decimal_whole_digits",
    }
)  # fmt: skip

_LOGGER = logging.getLogger(__name__.rpartition(".")[0] or __name__)
"""The package's logger (`logging.getLogger(<package>.__name__)`): one line per call that deviates."""


@dataclass(frozen=True)
class Deviation:
    """One place where a received value breaks the spec."""

    pointer: str
    """JSON pointer, from the object `deviations()` was asked about, to the value."""
    kind: str
    """One of the kinds above: "wrong type", "unknown enum value", "additional property", ..."""
    message: str
    value: Any
    """The value received there (None for a missing field, an empty body and a union read as its
    nearest branch, whose value is the result)."""
    field: str | None = None
    """The Python name of the field left unusable by it, when this model holds that field."""


_DEVIATIONS = "__deviations__"
_UNUSABLE = "__unusable__"


def _record(
    instance: BaseModel, found: list[Deviation], raw: Mapping[str, Any] | None = None
) -> None:
    """Keep `found` (pointers relative to `instance`) and the raw values of its unusable fields."""
    private = dict(_private(instance) or {})
    private[_DEVIATIONS] = [*private.get(_DEVIATIONS, ()), *found]
    unusable = dict(private.get(_UNUSABLE, {}))
    unusable.update(raw or {})
    for d in found:
        if d.field is not None and d.field not in unusable:
            unusable[d.field] = _ABSENT if d.kind == MISSING else d.value
    private[_UNUSABLE] = unusable
    object.__setattr__(instance, "__pydantic_private__", private)
    if unusable and not type(instance).__dict__.get(UNUSABLE_SEEN):
        setattr(type(instance), UNUSABLE_SEEN, True)


UNUSABLE_SEEN = "_unusable_seen"
"""Set on a model class once one of its instances has an unusable field: a request body that may
hold it is dumped with the hooks that write such a field as received (`_body_dump`)."""


def _private(instance: BaseModel) -> dict[str, Any] | None:
    """The instance's private attributes, None when it has none. Read without `__getattr__` (which
    asks for them), and unset on pydantic < 2.12's `model_construct` of a model declaring none."""
    try:
        private: dict[str, Any] | None = object.__getattribute__(instance, "__pydantic_private__")
    except AttributeError:
        return None
    return private


def _unusable_fields(instance: BaseModel) -> Mapping[str, Any]:
    private = _private(instance)
    return private.get(_UNUSABLE, _NO_FIELDS) if private else _NO_FIELDS


_NO_FIELDS: Mapping[str, Any] = {}
_ABSENT: Any = object()
"""The raw value of an unusable field the server left out (dumps leave it out too)."""


def _unusable_message(instance: BaseModel, name: str, raw: Any) -> str:
    private = _private(instance) or {}
    reasons = [
        f"{d.kind} at {d.pointer or '/'}: {d.message}"
        for d in private.get(_DEVIATIONS, ())
        if d.field == name or d.kind in (NOT_JSON, EMPTY_BODY)
    ]
    package = __name__.rpartition(".")[0]
    return (
        f"{type(instance).__name__}.{name} holds no value: the server "
        + (
            "left it out"
            if raw is _ABSENT
            else f"sent {_short(raw)}, which the spec does not allow there"
        )
        + f" ({'; '.join(reasons) or 'see deviations'}). {package}.deviations(obj) lists what was received."
    )


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _pointer(data: Any, loc: tuple[Any, ...]) -> str:
    """The JSON pointer in `data` of a pydantic error location (branch and validator names skipped)."""
    tokens: list[str] = []
    current = data
    for index, step in enumerate(loc):
        if isinstance(current, Mapping) and isinstance(step, str) and step in current:
            current = current[step]
        elif isinstance(current, list) and isinstance(step, int) and 0 <= step < len(current):
            current = current[step]
        elif isinstance(current, Mapping) and isinstance(step, str) and index == len(loc) - 1:
            current = None  # a missing field
        else:
            continue
        tokens.append(_escape(str(step)))
    return "".join("/" + token for token in tokens)


def _kind(error: Any) -> str:
    if error["input"] is None and error["type"] != "missing":
        return NULL
    if error["type"] in _KINDS_BY_ERROR:
        return _KINDS_BY_ERROR[error["type"]]
    return CONSTRAINT if error["type"] in _CONSTRAINT_ERRORS else WRONG_TYPE


def _deviations_of(
    error: ValidationError | list[ErrorDetails], data: Any, field: str | None
) -> list[Deviation]:
    """The problems of `error` (or its `errors()`: one per pointer), located in `data`."""
    found: dict[str, Deviation] = {}
    for e in error.errors() if isinstance(error, ValidationError) else error:
        pointer = _pointer(data, e["loc"])
        if pointer not in found:
            value = None if e["type"] == "missing" else e["input"]
            found[pointer] = Deviation(pointer, _kind(e), e["msg"], value, field)
    return list(found.values())


def deviations(value: Any) -> list[Deviation]:
    """Where `value` (anything a call or a webhook parser returned) breaks the spec, `[]` when it
    conforms: each a `Deviation` (`.pointer` from `value`, `.kind`, `.message`, `.value`).

    Undeclared fields where the schema allows them are listed too, as kind "additional property"
    (not a violation)."""
    found: list[Deviation] = []
    _collect(value, "", found)
    return found


def _collect(value: Any, prefix: str, found: list[Deviation]) -> None:
    if isinstance(value, BaseModel):
        private = _private(value)
        if private:
            found.extend(
                replace(d, pointer=prefix + d.pointer) for d in private.get(_DEVIATIONS, ())
            )
        if getattr(type(value), "_holds_raw", False) is True:
            return  # an `UnknownVariant`: its `raw` is what was received, no field of it
        fields = type(value).model_fields
        for name, item in value.__dict__.items():
            field = fields.get(name)
            wire = _wire_name(name, field) if field is not None else name
            _collect(item, prefix + "/" + _escape(wire), found)
        closed = getattr(type(value), "_forbid_extra", False) is True  # a `Model`'s class flag
        for key, item in (value.__pydantic_extra__ or {}).items():
            kind, message = (
                (UNDECLARED, "not declared by the spec")
                if closed
                else (ADDITIONAL, "kept as an extra")
            )
            found.append(Deviation(prefix + "/" + _escape(str(key)), kind, message, item))
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            _collect(item, f"{prefix}/{index}", found)
    elif isinstance(value, dict):
        for key, item in value.items():
            _collect(item, prefix + "/" + _escape(str(key)), found)


def log_deviations(operation: str, found: list[Deviation], subject: str = "response") -> None:
    """One line per call: each kind and location pattern (list indexes as `*`) with a count.
    `subject` names what deviates: "response", or "webhook payload" (`operation`: the event)."""
    violations = [d for d in found if d.kind != ADDITIONAL]
    if violations and _LOGGER.isEnabledFor(logging.WARNING):
        _LOGGER.warning(
            "%s: %s deviates from the spec: %s", operation, subject, _summary(violations)
        )
    extras = [d for d in found if d.kind == ADDITIONAL]
    if extras and _LOGGER.isEnabledFor(logging.DEBUG):
        _LOGGER.debug(
            "%s: %s has fields the spec does not declare: %s",
            operation,
            subject,
            _summary(extras),
        )


def extras_logged() -> bool:
    """Whether the package's logger shows DEBUG lines (the undeclared fields of each response)."""
    return _LOGGER.isEnabledFor(logging.DEBUG)


_INDEX = re.compile(r"/[0-9]+(?=/|$)")
_NO_VALUE_RECEIVED = frozenset({MISSING, EMPTY_BODY, NEAREST_BRANCH})
"""Kinds whose `value` is none received there (a missing field, an empty body, a union read as its
nearest branch: the value is the result itself): their example in a log line is the message alone."""


def _summary(found: list[Deviation]) -> str:
    groups: dict[tuple[str, str], list[Deviation]] = {}
    for d in found:
        groups.setdefault((d.kind, _INDEX.sub("/*", d.pointer) or "/"), []).append(d)
    parts = []
    for (kind, pattern), items in groups.items():
        first = items[0]
        example = (
            first.message
            if kind in _NO_VALUE_RECEIVED
            else f"e.g. {_short(first.value)}: {first.message}"
        )
        parts.append(f"{kind} at {pattern} x{len(items)} ({example})")
    return "; ".join(parts)


def _wire_name(name: str, field: FieldInfo) -> str:
    """The field's name on the wire (its alias, which may be the empty string) else its Python name."""
    return field.serialization_alias if field.serialization_alias is not None else name
