"""A response field whose value missed only a constraint (a pattern, a length, a bound), read again
without it: the field keeps its typed value and the miss is recorded, instead of the field being
left unusable.

The validators without constraints are built from pydantic's core schemas and cached on the model
class; they are their own job, apart from when the model asks for them (`_model`).
"""

from __future__ import annotations

import typing
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic_core import SchemaValidator

from ._deviations import _ABSENT, CONSTRAINT, PATTERN, Deviation, _deviations_of, _escape
from ._parse_mode import _relaxed

_LEAF_KEPT = frozenset({PATTERN, CONSTRAINT})
"""Kinds of deviation that leave a value of the annotated type: the field keeps it (lenient mode)."""

_CONSTRAINT_KEYS = frozenset(
    {
        "pattern", "min_length", "max_length", "gt", "ge", "lt", "le", "multiple_of", "max_digits",
        "decimal_places",
    }
)  # fmt: skip


def _relaxed_value(cls: type[BaseModel], name: str, value: Any, context: Any) -> Any:
    """`value` validated as field `name` of `cls` without the field's constraints (patterns,
    lengths, bounds, multipleOf, item counts, unique items): its typed value, or `_ABSENT` when it is
    not of the field's type either. Nested models keep theirs (and record their own misses)."""
    token = _relaxed.set(True)
    try:
        return _field_validator(cls, name, _CONSTRAINT_KEYS).validate_python(value, context=context)
    except ValidationError:
        return _ABSENT
    finally:
        _relaxed.reset(token)


def _misses_within(
    cls: type[BaseModel], name: str, value: Any, context: Any, found: list[Deviation], wire: str
) -> list[Deviation]:
    """The misses inside a list or mapping that also has too many or too few items: pydantic
    stops at the count, so its items are checked again without it (not one miss goes unrecorded)."""
    if not any(d.pointer == "/" + _escape(wire) for d in found) or not isinstance(
        value, (list, Mapping)
    ):
        return []
    try:
        _field_validator(cls, name, _COUNT_KEYS).validate_python(value, context=context)
    except ValidationError as error:
        known = {d.pointer for d in found}
        return [
            replace(d, pointer="/" + _escape(wire) + d.pointer)
            for d in _deviations_of(error, value, name)
            if "/" + _escape(wire) + d.pointer not in known
        ]
    return []


def _field_validator(cls: type[BaseModel], name: str, dropped: frozenset[str]) -> SchemaValidator:
    """A validator of field `name` of `cls` without the constraints named in `dropped` (cached)."""
    validators = cls.__dict__.get("_relaxed_validators")
    if validators is None:
        validators = {}
        setattr(cls, "_relaxed_validators", validators)
    validator = validators.get((name, dropped))
    if validator is None:
        field = cls.model_fields[name]
        annotation: Any = field.annotation
        if field.metadata:
            annotation = typing.Annotated[(annotation, *field.metadata)]
        schema = TypeAdapter(annotation).core_schema
        validator = SchemaValidator(_without_constraints(schema, dropped))
        validators[(name, dropped)] = validator
    return typing.cast(SchemaValidator, validator)


def _without_constraints(schema: Any, dropped: frozenset[str]) -> Any:
    """A copy of a pydantic core schema without the constraints in `dropped` that pydantic checks
    itself, down to the models it holds (each model keeps its schema whole: its misses are recorded
    where they are). Item counts are dropped from lists, sets and mappings only."""
    if isinstance(schema, list):
        return [_without_constraints(item, dropped) for item in schema]
    if not isinstance(schema, dict):
        return schema
    kind = schema.get("type")
    if kind == "model":
        return schema
    if dropped is _COUNT_KEYS and kind not in _CONTAINERS:
        return {key: _without_constraints(item, dropped) for key, item in schema.items()}
    return {
        key: _without_constraints(item, dropped)
        for key, item in schema.items()
        if not (isinstance(kind, str) and key in dropped)
    }


def _root_relaxed(schema: Any, cls: type, dropped: frozenset[str] = _CONSTRAINT_KEYS) -> Any:
    """`cls`'s core schema without its own model wrap validator and with its own fields'
    constraints in `dropped` dropped (`_without_constraints`; none: `cls`'s plain schema);
    ValueError for a shape it does not know."""
    kind = schema.get("type") if isinstance(schema, dict) else None
    if kind == "definitions":
        return {**schema, "schema": _root_relaxed(schema["schema"], cls, dropped)}
    if kind == "function-wrap" and isinstance(schema.get("schema"), dict):
        inner = schema["schema"]
        if inner.get("type") == "model" and inner.get("cls") is cls:
            return _root_relaxed(
                inner, cls, dropped
            )  # its ref dropped: a reference to it fails the build
    if kind == "model" and schema.get("cls") is cls:
        fields_schema = schema["schema"]
        if fields_schema.get("type") == "model-fields":
            fields = {
                name: _without_constraints(field, dropped)
                for name, field in fields_schema["fields"].items()
            }
            return {**schema, "schema": {**fields_schema, "fields": fields}}
    raise ValueError(f"{cls.__name__}: unexpected core schema")


_COUNT_ERRORS = frozenset({"too_long", "too_short"})
"""A list's or mapping's item count: pydantic stops there, so its items are checked field by field."""

_COUNT_KEYS = frozenset({"min_length", "max_length"})
_CONTAINERS = frozenset({"list", "set", "frozenset", "tuple", "dict"})
