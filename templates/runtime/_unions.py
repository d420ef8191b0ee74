"""Unions on the wire: `discriminator` (a branch picked by a property's value) and `LenientUnion` (no
discriminator: pydantic's smart union on requests). On responses, a value that fits no branch
exactly is read as its nearest branch, salvaged, or kept as the union's `Unknown...` member; never
a branch it does not fit. `hollow_value` stands in for a body that cannot be read at all.

Picking a branch is its own job, apart from validating one (`_model`).
"""

from __future__ import annotations

import types
import typing
from collections.abc import Mapping
from enum import Enum
from typing import Any

from pydantic import (
    Discriminator,
    GetCoreSchemaHandler,
    SerializerFunctionWrapHandler,
    ValidationError,
    ValidationInfo,
)
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

from ._deviations import (
    _ABSENT,
    CONSTRAINT,
    MISSING,
    NEAREST_BRANCH,
    NO_BRANCH,
    PATTERN,
    UNKNOWN_DISCRIMINATOR,
    Deviation,
    _escape,
    _kind,
    _pointer,
    _record,
    _wire_name,
    deviations,
)
from ._model import Model, UnknownVariant
from ._parse_mode import _lenient_only, _may_salvage, _without_salvage, is_lenient
from ._types import _type_adapter


def hollow_value(kind: Any, problem: Deviation) -> Any:
    """What a lenient client returns for a body it cannot read where `kind` is declared (no JSON, or
    empty): the declared model with every field unusable, or the union's `Unknown...` member holding
    what was received, `problem` recorded on it; None when `kind` is neither (nothing typed can
    stand for the body)."""
    bare = typing.get_args(kind)[0] if typing.get_origin(kind) is typing.Annotated else kind
    if isinstance(bare, type) and issubclass(bare, Model) and not issubclass(bare, UnknownVariant):
        instance = bare.model_construct()
        for name in bare.model_fields:
            instance.__dict__.pop(name, None)
        object.__setattr__(instance, "__pydantic_fields_set__", set())
        _record(instance, [problem], dict.fromkeys(bare.model_fields, _ABSENT))
        return instance
    _, unknown = _unknown_branch(bare)
    if unknown is not None:
        return unknown.of(problem.value, problem)
    return None


def hollow_item(item: Any, value: Any, problem: Deviation) -> Any:
    """What stands for an item of a list of models that is no JSON object (a null among a
    catalogue's products): the model with every field unusable, `problem` (located at the item)
    recorded on it, so that the list's other items stay readable. None when `item` is no model or
    `value` is an object (then its own fields are salvaged). Both readings of a response use it:
    a page's items salvaged one by one (`_page_items`) and the lenient pass (`Model._salvage`)."""
    if isinstance(value, Mapping) or not (isinstance(item, type) and issubclass(item, Model)):
        return None
    return hollow_value(item, problem)


def discriminator(wire_name: str, tags: dict[str, str]) -> _TaggedUnion:
    """A union discriminator reading `wire_name` from wire data or from a model instance.

    `tags` maps each wire value to the tag (class name) of its branch. Works whether the property
    is a declared `discriminator` or inferred from single-value enums, and on enum members too.
    On responses, a value whose discriminator is missing or unknown becomes the union's
    `Unknown...` member (`.raw`), recorded as a deviation.
    """

    def pick(value: Any) -> str | None:
        if isinstance(value, Mapping):
            raw = value.get(wire_name)
        else:
            raw = _attribute_by_wire_name(value, wire_name)
        if isinstance(raw, Enum):
            raw = raw.value
        return tags.get(str(raw)) if raw is not None else None

    return _TaggedUnion(Discriminator(pick), wire_name, tags)


def _unknown_branch(source: Any) -> tuple[Any, type[UnknownVariant] | None]:
    """The union `source` without its `Unknown...` member, and that member (None when it has none)."""
    branches = typing.get_args(source)
    unknown: type[UnknownVariant] | None = None
    kept = []
    for branch in branches:
        bare = (
            typing.get_args(branch)[0] if typing.get_origin(branch) is typing.Annotated else branch
        )
        if isinstance(bare, type) and issubclass(bare, UnknownVariant):
            unknown = bare
        else:
            kept.append(branch)
    if unknown is None or not kept:
        return source, unknown
    return (
        typing.Union[tuple(kept)] if len(kept) > 1 else kept[0]
    ), unknown  # noqa: UP007 - built at run time


def _received_only(value: UnknownVariant, info: ValidationInfo) -> UnknownVariant:
    """An `Unknown...` member stands for a received value the spec does not declare: a response
    keeps it, a request refuses it before anything is sent (the server, and the fake, would refuse
    its value), even when its `raw` would fit a branch: build that branch instead."""
    if is_lenient(info):
        return value
    raise PydanticCustomError(
        "unknown_member",
        "{name} only stands for a received value the spec does not declare; a request sends one of "
        "the declared members (raw: {raw})",
        {"name": type(value).__name__, "raw": repr(value.raw)},
    )


def _unknown_as_raw(declared: CoreSchema) -> core_schema.SerSchema:
    """Serialization of a union with an `Unknown...` member: that member as received, the others
    as their branch of `declared` says."""

    def serialize(value: Any, handler: SerializerFunctionWrapHandler) -> Any:
        return value.raw if isinstance(value, UnknownVariant) else handler(value)

    return core_schema.wrap_serializer_function_ser_schema(serialize, schema=declared)


class _TaggedUnion:
    """Annotation metadata: pydantic's callable-discriminator union over the declared branches.

    A request's discriminator must be one of the declared values (the error lists them). On
    responses, an unknown or missing discriminator (a newer API's branch) gives the union's
    `Unknown...` member instead of failing.
    """

    def __init__(self, picker: Discriminator, wire_name: str, tags: dict[str, str]) -> None:
        self.picker = picker
        self.wire_name = wire_name
        self.allowed = ", ".join(repr(tag) for tag in tags)

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        declared, unknown = _unknown_branch(source)
        wire_name, allowed = self.wire_name, self.allowed
        names = _branch_names(declared)

        @_lenient_only
        def validate(
            value: Any, next_: core_schema.ValidatorFunctionWrapHandler, info: ValidationInfo
        ) -> Any:
            if unknown is not None and isinstance(value, unknown):
                return _received_only(value, info)
            try:
                return next_(value)
            except ValidationError as error:
                if not any(
                    e["type"] in ("union_tag_invalid", "union_tag_not_found")
                    for e in error.errors()
                ):
                    raise
                if not isinstance(value, Mapping):  # no tag to read: no branch could be meant
                    raise PydanticCustomError(
                        "not_an_object",
                        "{expected}",
                        {"expected": f"should be a JSON object ({names}), not {_json_kind(value)}"},
                    ) from None
                tag = value.get(wire_name)
                given = f"not {tag!r}" if tag is not None else "and is missing"
                message = f"{wire_name!r} should be one of {allowed}, {given}"
                if unknown is not None and _may_salvage(info):
                    kind = UNKNOWN_DISCRIMINATOR if tag is not None else MISSING
                    return unknown.of(
                        value, Deviation("/" + _escape(wire_name), kind, message, tag)
                    )
                raise PydanticCustomError("unknown_discriminator", message) from None

        inner = self.picker.__get_pydantic_core_schema__(declared, handler)
        return core_schema.with_info_wrap_validator_function(
            validate, inner, serialization=_unknown_as_raw(inner)
        )


class _LenientUnion:
    """Annotation metadata of a union without a discriminator: pydantic's smart union of the
    declared branches on requests.

    On responses, the branches are tried without salvaging anything (the smart union's choice among
    those the value fits exactly); when none fits, the value becomes the union's `Unknown...` member
    (`.raw`), recorded as a deviation: never a branch it does not fit.
    """

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        declared, unknown = _unknown_branch(source)
        names = _branch_names(declared)

        @_lenient_only
        def validate(
            value: Any, next_: core_schema.ValidatorFunctionWrapHandler, info: ValidationInfo
        ) -> Any:
            if unknown is not None and isinstance(value, unknown):
                return _received_only(value, info)
            if not _may_salvage(info):
                return next_(value)
            try:
                return _without_salvage(lambda: next_(value))
            except ValidationError as error:
                nearest = _nearest_branch(typing.get_args(declared) or (declared,), value, info)
                if nearest is not None:
                    return nearest
                if unknown is None:
                    raise
                branched = len(typing.get_args(declared)) > 1
                message = _no_branch_message(names, error, value, branched)
                return unknown.of(value, Deviation("", NO_BRANCH, message, value))

        inner = handler(declared)
        return core_schema.with_info_wrap_validator_function(
            validate, inner, serialization=_unknown_as_raw(inner)
        )


def _nearest_branch(branches: tuple[Any, ...], value: Any, info: ValidationInfo) -> Any:
    """The branch a response value that fits no branch exactly is read as, salvaged (its bad leaves
    unusable and recorded); None when no branch can read it, so that it stays the union's
    `Unknown...` member.

    A JSON object is read as a model branch (`_nearest_model_branch`), a JSON array as a list branch
    (`_nearest_list_branch`). Either way a missed constraint (a pattern, a length, a bound) keeps its
    value, is recorded at its leaf and is no type-level problem: it never pushes the value out of the
    branch it belongs to."""
    bare = tuple(
        typing.get_args(b)[0] if typing.get_origin(b) is typing.Annotated else b for b in branches
    )
    if isinstance(value, Mapping):
        return _nearest_model_branch(bare, value, info)
    if isinstance(value, list):
        return _nearest_list_branch(bare, value, info)
    return None


def _nearest_model_branch(
    bare: tuple[Any, ...], value: Mapping[str, Any], info: ValidationInfo
) -> Any:
    """The model branch an object is read as, with a deviation saying which branch and why; None when
    its pins (single-value properties: a discriminator, `const`, a one-value enum) match no branch.

    The candidates are the branches whose pins the value matches, else those without pins. Of them,
    the one with the fewest type-level problems (a wrong type, a null, a missing field, an unknown
    value, and a field of the value the branch does not declare: evidence of another branch; a
    missed constraint keeps its value and does not count), then the most of its declared fields
    present, then the first declared."""
    models = [(i, b) for i, b in enumerate(bare) if isinstance(b, type) and issubclass(b, Model)]
    pinned = [(i, b) for i, b in models if b._pins()]
    selected = [(i, b) for i, b in pinned if b._pins_match(value)]
    candidates = selected or [(i, b) for i, b in models if not b._pins()]
    scored = []
    for index, branch in candidates:
        try:
            result = branch.__pydantic_validator__.validate_python(value, context=info.context)
        except ValidationError:
            continue
        present = sum(wire in value for wire in branch._wire_names())
        scored.append((_type_level_count(result), -present, index, branch, result))
    if not scored:
        return None
    scored.sort(key=lambda entry: entry[:3])
    count, present, _, branch, result = scored[0]
    why = (
        "its pins " + ", ".join(f"{k}={v!r}" for k, v in branch._pins_seen(value))
        if selected
        else f"the fewest type-level problems ({count}; {-present} of its fields present)"
    )
    others = (
        ", ".join(f"{b.__name__} {c}" for c, _, _, b, _ in scored[1:]) or "no other branch parses"
    )
    message = (
        f"fits no branch exactly; read as {branch.__name__}, selected by {why}"
        f" (the others' problems: {others})"
    )
    _record(result, [Deviation("", NEAREST_BRANCH, message, None)])
    return result


def _nearest_list_branch(bare: tuple[Any, ...], value: list[Any], info: ValidationInfo) -> Any:
    """The list branch an array is read as, its items salvaged: the one with the fewest type-level
    problems in its items, then the first declared; None when no list branch can read it (an item
    that is no object where objects are declared, say).

    A list holds no deviation of its own: each item records its problems where they are, and the
    items' type says which branch was taken."""
    scored = []
    for index, branch in enumerate(bare):
        if typing.get_origin(branch) is not list:
            continue
        try:
            result = _type_adapter(branch).validate_python(value, context=info.context)
        except ValidationError:
            continue
        scored.append((_type_level_count(result), index, result))
    return min(scored, key=lambda entry: entry[:2])[2] if scored else None


def _type_level_count(result: Any) -> int:
    return sum(d.kind not in _NOT_TYPE_LEVEL for d in deviations(result))


def _no_branch_message(names: str, error: ValidationError, value: Any, branched: bool) -> str:
    """Why a value fits no branch: each branch's first problems (kind and pointer), a few of them.
    A union's errors are located below the label of their branch (`branched`), no part of the value.
    """
    problems = error.errors()
    listed = "; ".join(
        f"{_kind(e)} at {_pointer(value, e['loc'][1:] if branched else e['loc']) or '/'} ({e['msg']})"
        for e in problems[:3]
    )
    more = f"; and {len(problems) - 3} more" if len(problems) > 3 else ""
    return f"fits none of {names} ({len(problems)} problems: {listed}{more})"


_NOT_TYPE_LEVEL = frozenset({PATTERN, CONSTRAINT})


def _branch_names(declared: Any) -> str:
    return ", ".join(_branch_name(b) for b in typing.get_args(declared) or (declared,))


def _json_kind(value: Any) -> str:
    """What a JSON value is, in JSON's words ("an array", "a string", ...)."""
    if value is None:
        return "null"
    if isinstance(value, (list, tuple)):
        return "an array"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "a boolean"
    return "a number" if isinstance(value, (int, float)) else f"a {type(value).__name__}"


def _branch_name(branch: Any) -> str:
    """A branch as the models module spells it: `Inner`, `list[Inner]`, `dict[str, Inner | None]`."""
    origin, args = typing.get_origin(branch), typing.get_args(branch)
    if origin is typing.Annotated:
        return _branch_name(args[0])
    if origin in (typing.Union, types.UnionType):
        return " | ".join(_branch_name(arg) for arg in args)
    if origin is not None and args:
        return f"{getattr(origin, '__name__', origin)}[{', '.join(map(_branch_name, args))}]"
    return "None" if branch is type(None) else getattr(branch, "__name__", str(branch))


LenientUnion = _LenientUnion()
"""Marks a union without a discriminator (see `_LenientUnion`)."""


def _attribute_by_wire_name(value: Any, wire_name: str) -> Any:
    fields = getattr(type(value), "model_fields", None)
    if isinstance(fields, dict):
        for name, info in fields.items():
            if _wire_name(name, info) == wire_name:
                return getattr(value, name, None)
    return getattr(value, wire_name, None)
