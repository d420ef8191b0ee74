"""A page's items that break the spec, salvaged one by one inside the plain validation of the page.

A response is validated plainly first (no lenient hook: `_parse.parse_value`). Without this
module, one bad leaf in one item of a 40,000-item catalogue made that validation fail and the whole
page was validated again leniently: a second, slower validation of every item. Here each item of
the response's own lists (a list response, or the list fields of a model response, not a list
under a union) is validated by a wrap validator that, when the item fails, salvages that item alone
as the lenient pass would (`_salvaged`) and keeps what it found, so the rest of the page is
validated once. An item that only misses constraints of its own fields is read in one validation
that records its misses (`_item_misses`); another is salvaged from the errors of its plain attempt.
The result, its deviations and the errors of strict mode are those of the lenient pass over the
whole page (`tests/runtime/test_page_items.py`); an item that cannot be salvaged fails the plain
validation, and the page takes the lenient pass as before.

The plain validator itself (`_parse._plain_validator`, which the fake's checks use too) is left
as it is: the validator with the items wrapped is built for a type once one of its values failed.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import replace
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails, SchemaValidator, core_schema

from ._constraints import with_native_patterns
from ._deviations import (
    _ABSENT,
    ADDITIONAL,
    Deviation,
    _deviations_of,
    _escape,
    _kind,
    _record,
    _wire_name,
    deviations,
)
from ._item_misses import item_validator, misses
from ._model import Model
from ._parse_mode import LENIENT, RECEIVED, _relaxed
from ._relaxed_validators import _COUNT_ERRORS, _LEAF_KEPT, _root_relaxed
from ._types import _type_adapter
from ._unions import hollow_item
from ._wire_types import exact_money_errors

Salvaged = list[tuple[Any, "list[Deviation] | None"]]
"""Each item salvaged, with its deviations when they are all its own (None: walk it for them)."""

_salvaged: ContextVar[Salvaged | None] = ContextVar("_salvaged", default=None)


def validate_page(kind: Any, plain: SchemaValidator, value: Any) -> tuple[Any, Salvaged]:
    """`value` validated by `plain`, the plain validator of `kind`, and the items salvaged.

    Wrapping the items costs a Python call per item (a third of the validation of an order's 200
    small items), so a type is validated with its items wrapped only once one of its values has
    failed the plain validation: from then on, in one pass. The first failure costs one more."""
    cached = _salvaging.get(id(kind))
    if cached is None or cached[0] is not kind:
        try:
            return plain.validate_python(value, context=RECEIVED), []
        except ValidationError:
            cached = (kind, _salvaging_validator(kind))
            _salvaging[id(kind)] = cached
            if cached[1] is None:
                raise
    validator = cached[1]
    if validator is None:
        return plain.validate_python(value, context=RECEIVED), []
    salvaged: Salvaged = []
    token, misses_token = _salvaged.set(salvaged), misses.set([])
    try:
        return validator.validate_python(value, context=RECEIVED), salvaged
    finally:
        _salvaged.reset(token)
        misses.reset(misses_token)


_salvaging: dict[int, tuple[Any, SchemaValidator | None]] = {}
"""id(kind) -> (kind, its validator with the items salvaged, None when it has no such list),
once a value of `kind` has failed the plain validation."""


def _salvaging_validator(kind: Any) -> SchemaValidator | None:
    from ._parse import _without_lenient_hooks  # (it imports this module)

    plain = with_native_patterns(_without_lenient_hooks(_type_adapter(kind).core_schema))
    schema = with_item_salvage(kind, plain)
    return None if schema is None else SchemaValidator(schema)


def salvaged_deviations(result: Any, salvaged: Salvaged) -> list[Deviation]:
    """The deviations of a page whose salvaged items are `salvaged`, undeclared fields where the
    spec allows them left out (the other items validated plainly: nothing else deviates), in the
    order `deviations(result)` lists them."""
    found_by_item = {id(item): found for item, found in salvaged}
    found: list[Deviation] = []
    for prefix, items in _page_lists(result):
        for index, item in enumerate(items):
            if id(item) not in found_by_item:
                continue
            own = found_by_item[id(item)]
            found.extend(
                replace(d, pointer=f"{prefix}/{index}{d.pointer}")
                for d in (deviations(item) if own is None else own)
                if d.kind != ADDITIONAL
            )
    return found


def _page_lists(result: Any) -> list[tuple[str, list[Any]]]:
    if isinstance(result, list):
        return [("", result)]
    if not isinstance(result, Model):
        return []
    fields = type(result).model_fields
    return [
        ("/" + _escape(_wire_name(name, fields[name])), value)
        for name, value in result.__dict__.items()
        if isinstance(value, list) and name in fields
    ]


def with_item_salvage(kind: Any, schema: Any) -> Any:
    """`schema`, the plain core schema of `kind`, with the items of its own lists (a list `kind`,
    or the list fields of a model `kind`) validated by `_salvage_item`; None when it has none of a
    shape known here."""
    if isinstance(schema, dict) and schema.get("type") == "definitions":
        inner = with_item_salvage(kind, schema["schema"])
        return None if inner is None else {**schema, "schema": inner}
    item = _item_type(kind)
    if item is not None:
        return _list_salvaging(schema, item) if isinstance(schema, dict) else None
    if not (isinstance(kind, type) and issubclass(kind, Model)) or not isinstance(schema, dict):
        return None
    declared = kind.model_fields
    fields_schema = schema.get("schema")
    if schema.get("type") != "model" or schema.get("cls") is not kind:
        return None
    if not isinstance(fields_schema, dict) or fields_schema.get("type") != "model-fields":
        return None
    fields = dict(fields_schema["fields"])
    for name, field in declared.items():
        item = _item_type(field.annotation)
        entry = fields.get(name)
        if item is not None and isinstance(entry, dict) and isinstance(entry.get("schema"), dict):
            salvaging = _list_salvaging(entry["schema"], item)
            if salvaging is not None:
                fields[name] = {**entry, "schema": salvaging}
    if fields == fields_schema["fields"]:
        return None
    return {**schema, "schema": {**fields_schema, "fields": fields}}


def _item_type(annotation: Any) -> Any:
    """The item type of `list[X]` or `list[X] | None` when X holds models, else None."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        lists = [a for a in typing.get_args(annotation) if a is not type(None)]
        annotation = lists[0] if len(lists) == 1 else None
    if typing.get_origin(annotation) is not list:
        return None
    (item,) = typing.get_args(annotation) or (None,)
    return item if _holds_models(item) else None


def _holds_models(annotation: Any) -> bool:
    if isinstance(annotation, type):
        return issubclass(annotation, Model)
    return any(_holds_models(arg) for arg in typing.get_args(annotation))


def _list_salvaging(schema: dict[str, Any], item: Any) -> dict[str, Any] | None:
    """A list schema (under its default and nullable wrappers) whose items are salvaged one by one;
    None when `schema` is no such list."""
    kind = schema.get("type")
    if kind in ("default", "nullable") and isinstance(schema.get("schema"), dict):
        inner = _list_salvaging(schema["schema"], item)
        return None if inner is None else {**schema, "schema": inner}
    if kind != "list" or not isinstance(schema.get("items_schema"), dict):
        return None
    return {
        **schema,
        "items_schema": core_schema.no_info_wrap_validator_function(
            _salvage_item(item), schema["items_schema"]
        ),
    }


def _salvage_item(item: Any) -> Callable[[Any, core_schema.ValidatorFunctionWrapHandler], Any]:
    recording = item_validator(item) if isinstance(item, type) and issubclass(item, Model) else None

    def validate(value: Any, handler: core_schema.ValidatorFunctionWrapHandler) -> Any:
        salvaged, found = _salvaged.get(), misses.get()
        if recording is not None and salvaged is not None and found is not None:
            # One validation that records the item's own misses (`_item_misses`); an item with
            # other problems fails it and is salvaged below, from the plain attempt's errors.
            known = len(found)
            try:
                result = recording.validate_python(value, context=RECEIVED)
            except ValidationError:
                del found[known:]
            else:
                if len(found) == known:
                    return result
                problems = found[known:]
                del found[known:]
                salvaged.append((result, _kept(result, value, problems)))
                return result
        try:
            return handler(value)
        except ValidationError as error:
            if salvaged is None:
                raise
            try:
                result, deviated = _salvaged_item(item, value, exact_money_errors(error))
            except ValidationError as unreadable:
                told = _deviations_of(unreadable, value, None)  # one, at the item itself
                one = len(told) == 1 and not told[0].pointer
                hollow = hollow_item(item, value, told[0]) if one else None
                if hollow is None:
                    raise error from None
                result, deviated = hollow, told
            salvaged.append((result, deviated))
            return result

    return validate


def _salvaged_item(
    item: Any, value: Any, error: ValidationError
) -> tuple[Any, list[Deviation] | None]:
    """`value`, an item that failed plain validation with `error`, validated as the lenient pass
    validates it, with its deviations when they are all on the item itself.

    When every problem is a missed constraint of the item model's own fields (Runa's five-decimal
    multipliers), nothing below it failed: the item is read once more without its own fields'
    constraints and the misses recorded, as `Model._kept_whole` does in the lenient pass (with the
    same errors, found here by the plain validation). Otherwise the item is validated leniently."""
    problems = error.errors()
    if isinstance(item, type) and issubclass(item, Model) and _own_misses_only(problems):
        validator = _relaxed_plain(item)
        if validator is not None:
            token = _relaxed.set(True)
            try:
                result = validator.validate_python(value, context=RECEIVED)
            except ValidationError:
                result = None
            finally:
                _relaxed.reset(token)
            if isinstance(result, item):
                return result, _kept(result, value, problems)
    return _type_adapter(item).validate_python(value, context=LENIENT), None


def _kept(result: Model, value: Any, problems: list[ErrorDetails]) -> list[Deviation]:
    """The deviations of `result`, an item read from `value` with its own fields' `problems` (their
    misses) kept, recorded on it as the lenient pass records them."""
    found = _deviations_of(problems, value, None)
    _record(result, found)
    return found


def _own_misses_only(problems: list[ErrorDetails]) -> bool:
    return all(
        len(e["loc"]) == 1 and _kind(e) in _LEAF_KEPT and e["type"] not in _COUNT_ERRORS
        for e in problems
    )


def _relaxed_plain(cls: type[Model]) -> SchemaValidator | None:
    """`cls`'s validator without its own fields' constraints and without lenient hooks (cached;
    None when its schema is not of the expected shape)."""
    cached = cls.__dict__.get("_relaxed_plain_cache", _ABSENT)
    if cached is _ABSENT:
        if not isinstance(cls.__pydantic_core_schema__, dict):
            cls.model_rebuild()  # built on first use (`defer_build`)
        try:
            from ._parse import _without_lenient_hooks  # (it imports this module)

            relaxed = _root_relaxed(cls.__pydantic_core_schema__, cls)
            plain = _without_lenient_hooks(relaxed)
            cached = SchemaValidator(with_native_patterns(plain, relaxed=True))
        except Exception:  # noqa: BLE001 - an unexpected shape: the item is validated leniently
            cached = None
        setattr(cls, "_relaxed_plain_cache", cached)
    return typing.cast("SchemaValidator | None", cached)
