"""Typed defaults: a schema's `default` as a value of the field's type, or None when it is none.

The generated default must have the field's type (mypy checks it, and code reads it), so a default is
read against the IR type already built: an enum member, a model, a parsed format value
(`primitives.PrimitiveKind.parser`), or the JSON value itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .. import ir
from ..primitives import PRIMITIVES


def typed_default(
    type_: ir.TypeNode, value: Any, definitions: Mapping[str, ir.Definition], depth: int = 0
) -> ir.DefaultValue | None:
    """A `default` as a value of `type_` (an enum member, a model, a parsed format...), or None when
    it is not one: the generated default must have the field's type (mypy, and code that reads it)."""
    if depth > 32:
        return None
    if isinstance(type_, ir.Nullable):
        return ir.JsonDefault(None) if value is None else typed_default(type_.inner, value, definitions, depth + 1)
    if isinstance(type_, ir.Primitive):
        return _primitive_default(type_.name, value)
    if isinstance(type_, ir.LiteralOf):
        return ir.JsonDefault(value) if any(_same_json(value, v) for v in type_.values) else None
    if isinstance(type_, ir.EnumMemberRef):
        return ir.EnumDefault(type_.enum_name, type_.member_name) if _same_json(value, type_.value) else None
    if isinstance(type_, (ir.ListOf, ir.TupleOf)):
        if not isinstance(value, list):
            return None
        if isinstance(type_, ir.ListOf):
            kinds = [type_.item] * len(value)
        elif type_.rest is None and len(value) != len(type_.items):
            return None
        else:
            kinds = list(type_.items) + [type_.rest or type_.items[-1]] * (len(value) - len(type_.items))
        items = [typed_default(kind, item, definitions, depth + 1) for kind, item in zip(kinds, value)]
        if any(item is None for item in items):
            return None
        as_tuple = isinstance(type_, ir.TupleOf) and type_.rest is None
        return ir.ListDefault(tuple(i for i in items if i is not None), as_tuple)
    if isinstance(type_, ir.MapOf):
        if not isinstance(value, dict):
            return None
        entries = [(str(k), typed_default(type_.value, v, definitions, depth + 1)) for k, v in value.items()]
        return ir.MapDefault(tuple((k, v) for k, v in entries if v is not None)) if all(v for _, v in entries) else None
    if isinstance(type_, ir.UnionOf):
        return next(
            (d for o in type_.options if (d := typed_default(o, value, definitions, depth + 1)) is not None), None
        )
    definition = definitions.get(type_.name)
    if isinstance(definition, ir.AliasModel):
        return typed_default(definition.type, value, definitions, depth + 1)
    if isinstance(definition, ir.EnumModel):
        member = next((m for m in definition.members if _same_json(m.value, value)), None)
        return ir.EnumDefault(definition.name, member.python_name) if member is not None else None
    if (
        isinstance(definition, ir.ObjectModel)
        and isinstance(value, dict)
        and _object_accepts(definition, value, definitions, depth)
    ):
        return ir.ModelDefault(definition.name, value)
    return None  # not a value of the model (or a model still being built: a default of a recursive type)


def _object_accepts(
    model: ir.ObjectModel, value: dict[str, Any], definitions: Mapping[str, ir.Definition], depth: int
) -> bool:
    """Whether an object default validates into `model`: its required properties are there, and each
    property it sets (by wire name) holds a value of that property's type."""
    by_wire = {f.wire_name: f for f in model.fields}
    if any(f.required and f.wire_name not in value for f in model.fields):
        return False
    if model.forbid_extra_on_requests and set(value) - set(by_wire):
        return False
    return all(
        typed_default(by_wire[k].type, v, definitions, depth + 1) is not None for k, v in value.items() if k in by_wire
    )


def pinned_value(field_type: ir.TypeNode) -> Any:
    if isinstance(field_type, ir.LiteralOf) and len(field_type.values) == 1 and field_type.values[0] is not None:
        return field_type.values[0]
    if isinstance(field_type, ir.EnumMemberRef):
        return field_type.value
    return None


def _primitive_default(name: str, value: Any) -> ir.DefaultValue | None:
    """A default of a scalar type, or None when `value` is not one of its values."""
    if name == "Any":
        return ir.JsonDefault(value)
    kind = PRIMITIVES.get(name)
    if kind is not None and kind.check_text is not None:
        if name == "Decimal" and isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            return None
        try:
            kind.check_text(value)
        except (ValueError, ArithmeticError):
            return None
        return ir.ParsedDefault(name, value)
    kinds = kind.json_values if kind is not None else ()
    if not kinds or not isinstance(value, kinds) or (isinstance(value, bool) and name in ("int", "float")):
        return None  # (bytes and durations: no default is written; the server applies its own)
    return ir.JsonDefault(value)


def _same_json(a: Any, b: Any) -> bool:
    """JSON equality: `true` is not `1` (Python says True == 1)."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    return bool(a == b)


def default_of(prop: dict[str, Any], followed: Any) -> tuple[bool, Any]:
    for source in (prop, followed):
        if isinstance(source, dict) and "default" in source:
            return True, source["default"]
    return False, None
