"""A page item's missed constraints read in one validation (issue #27).

`_page_items` salvages a page's item that fails the plain validation. The usual one (Runa's
five-decimal multipliers) only misses a constraint of one of its own fields, and was validated
twice: the plain attempt, then again without its own fields' constraints. Here the item model's own
leaf fields (no model below them) are each read as a left-to-right union of the field's plain
schema and, behind a Python function, the same schema without its constraints: a conforming value
takes the first branch (no Python call); a value that fails it takes the second, which tells the
error of the field's schema with its checks in Python (the plain attempt's, once told exactly:
`exact_money_errors`), keeps the typed value read without the constraints and records the miss.
Only a miss the relaxed salvage keeps (a pattern or constraint at the field itself, not an item
count: `_page_items._own_misses_only`) takes the second branch; anything else fails the item, which
is then salvaged as before (so an item costs one more validation only when it is salvaged anyway).
"""

from __future__ import annotations

import typing
from contextvars import ContextVar
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails, PydanticCustomError, SchemaValidator, core_schema

from ._constraints import with_native_patterns
from ._deviations import _ABSENT, _kind
from ._model import Model
from ._parse_mode import RECEIVED, _relaxed
from ._relaxed_validators import _COUNT_ERRORS, _LEAF_KEPT, _root_relaxed

misses: ContextVar[list[ErrorDetails] | None] = ContextVar("misses", default=None)
"""The misses the second branches record while a page is validated (`_page_items.validate_page`),
each located from its item (`(field, ...)`, as the plain attempt's error locates it)."""

_HOLDS_MODELS = frozenset({"model", "definition-ref", "dataclass", "typed-dict"})


def item_validator(cls: type[Model]) -> SchemaValidator | None:
    """`cls`'s plain validator with its own leaf fields read as unions that record their misses
    (cached; None when no field is read so, or its schema is not of the expected shape)."""
    cached = cls.__dict__.get("_item_misses_cache", _ABSENT)
    if cached is _ABSENT:
        try:
            cached = _build(cls)
        except Exception:  # noqa: BLE001 - an unexpected shape: the item is salvaged as before
            cached = None
        setattr(cls, "_item_misses_cache", cached)
    return typing.cast("SchemaValidator | None", cached)


def _build(cls: type[Model]) -> SchemaValidator | None:
    from ._parse import _without_lenient_hooks  # (it imports `_page_items`, which imports this)

    if not isinstance(cls.__pydantic_core_schema__, dict):
        cls.model_rebuild()  # built on first use (`defer_build`)
    core = cls.__pydantic_core_schema__
    exact = _without_lenient_hooks(_root_relaxed(core, cls, frozenset()))
    plain = with_native_patterns(exact)
    relaxed = with_native_patterns(_without_lenient_hooks(_root_relaxed(core, cls)), relaxed=True)
    plain_fields = _fields_of(plain)
    exact_fields, relaxed_fields = _fields_of(exact)["fields"], _fields_of(relaxed)["fields"]
    fields = dict(plain_fields["fields"])
    for name, entry in plain_fields["fields"].items():
        read = _read_recording(
            name, entry, exact_fields[name]["schema"], relaxed_fields[name]["schema"]
        )
        if read is not None:
            fields[name] = read
    if fields == plain_fields["fields"]:
        return None
    plain_fields["fields"] = fields  # (`plain` is a copy of the class's schema)
    return SchemaValidator(plain)


def _fields_of(root: dict[str, Any]) -> dict[str, Any]:
    model = root["schema"] if root.get("type") == "definitions" else root
    if model.get("type") != "model" or model["schema"].get("type") != "model-fields":
        raise ValueError("unexpected core schema")
    return typing.cast("dict[str, Any]", model["schema"])


def _read_recording(
    name: str, entry: dict[str, Any], exact: dict[str, Any], relaxed: dict[str, Any]
) -> dict[str, Any] | None:
    """A model field's entry whose value is the union described above; None for a field with
    no check to relax or with a model below it (its misses are not the item's own). `exact`:
    the field's schema with its checks in Python, whose errors are the plain attempt's once
    told exactly (`exact_money_errors`); `relaxed`: without its constraints."""
    location = entry.get("validation_alias", name)
    schema = entry["schema"]
    if schema.get("type") == "default":  # (a missing field's default stays outside the union)
        inner = _read_recording(
            name, {**entry, "schema": schema["schema"]}, exact["schema"], relaxed["schema"]
        )
        return None if inner is None else {**entry, "schema": {**schema, "schema": inner["schema"]}}
    if not isinstance(location, str) or _holds_models(schema):
        return None  # (an alias path: its errors are located otherwise)
    if relaxed == schema and not _calls_python(schema):
        return None
    recorded = _recorded(location, SchemaValidator(exact), SchemaValidator(relaxed))
    union = core_schema.union_schema(
        [schema, core_schema.no_info_plain_validator_function(recorded)],
        mode="left_to_right",
        custom_error_type="item_miss",
        custom_error_message="the field's own schema refuses it",
    )
    return {**entry, "schema": union}


def _holds_models(schema: Any) -> bool:
    if isinstance(schema, list):
        return any(_holds_models(item) for item in schema)
    if not isinstance(schema, dict):
        return False
    return schema.get("type") in _HOLDS_MODELS or any(_holds_models(v) for v in schema.values())


def _calls_python(schema: Any) -> bool:
    """Whether a check of `schema` is a Python function, which may let a miss through only while
    a value is read relaxed (`_passes_relaxed`): the relaxed schema then looks the same."""
    if isinstance(schema, list):
        return any(_calls_python(item) for item in schema)
    if not isinstance(schema, dict):
        return False
    kind = schema.get("type")
    return (isinstance(kind, str) and kind.startswith("function-")) or any(
        _calls_python(v) for k, v in schema.items() if k not in ("serialization", "metadata")
    )


def _recorded(location: str, exact: SchemaValidator, kept: SchemaValidator) -> Any:
    def read(value: Any) -> Any:
        found = misses.get()
        try:
            exact.validate_python(value, context=RECEIVED)
        except ValidationError as error:
            problems = error.errors()
        else:  # (cannot be: the first branch is this schema)
            raise PydanticCustomError("item_miss", "not a miss")
        if found is None or not all(
            e["loc"] == () and _kind(e) in _LEAF_KEPT and e["type"] not in _COUNT_ERRORS
            for e in problems
        ):
            raise PydanticCustomError("item_miss", "not a miss of the field itself")
        token = _relaxed.set(True)
        try:
            value = kept.validate_python(value, context=RECEIVED)
        except ValidationError:
            raise PydanticCustomError("item_miss", "not of the field's type either") from None
        finally:
            _relaxed.reset(token)
        found.extend({**e, "loc": (location,)} for e in problems)
        return value

    return read
