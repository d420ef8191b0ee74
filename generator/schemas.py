"""JSON Schema -> IR types and named definitions (models, enums, aliases).

Component schemas are named from their keys (never from `title`); inline schemas from where
they sit. `allOf` parts are merged into one model (narrowing kept); `oneOf`/`anyOf` become
unions, discriminated when the spec says so or when every branch pins a property to one value.
Slips in real specs (3.0 `nullable` in 3.1, boolean exclusive bounds, `required: true` on a
property) are read the way their authors meant, each with a located warning.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from . import ir
from .diagnostics import Diagnostic, GeneratorError, split_pointer
from .keywords import (
    EXTENSIBLE_ENUM,
    Slip,
    all_of_parts,
    declared_types,
    is_nullable,
    number,
    numeric_bounds,
    required_names,
)
from .naming import NameRegistry, attribute_name, class_name, enum_member_name
from .options import DecimalRule, OpenEnumRule
from .primitives import PRIMITIVES, primitive_of
from .pysource import python_pattern
from .resolve import Node, ResolvedSpec

# Money (`format: decimal` and what the generator option `decimal` adds) is read by `_decimal_type`:
# a `Decimal` that keeps its JSON type on the wire (see `DecimalRule`).
# An anchored pattern made only of digit runs, an optional minus and a (possibly optional) fraction
# (`^[0-9]+\.[0-9]{2}$`): every string it admits is a decimal numeral. Digits alone (`^[0-9]+$`) are
# not enough: such strings are as often identifiers as amounts.
_DIGITS = r"(\[0-9\]|\\d)(\+|\*|\{[0-9]+(,[0-9]*)?\})"
_DECIMAL_ONLY_PATTERN = re.compile(rf"\^-?\??{_DIGITS}\(?\\\.{_DIGITS}\)?\??\$\Z")
_COMPOSITION = ("allOf", "oneOf", "anyOf")
_NONE = ir.Primitive("None")


@dataclass
class _MergedObject:
    """The properties and `required` of an object schema with all of its `allOf` parts folded in."""

    properties: dict[str, Node]
    required: list[str]
    additional: Node | None
    additional_false: bool
    additional_declared: bool  # `additionalProperties: true` or a schema, said in so many words
    description: str | None
    wider: dict[str, Node] = field(default_factory=dict)  # property -> the schema an allOf part narrowed


class SchemaReader:
    """Turns schema nodes into IR types, collecting named definitions and warnings as it goes."""

    def __init__(
        self,
        spec: ResolvedSpec,
        openapi_version: str,
        warnings: list[Diagnostic],
        decimal: DecimalRule | None = None,
        open_enums: tuple[OpenEnumRule, ...] = (),
    ) -> None:
        self.spec = spec
        self.decimal = decimal or DecimalRule()
        # Where the options open an enum (JSON pointers of schemas and properties), and those met.
        self.open_enum_pointers = frozenset(rule.pointer for rule in open_enums)
        self.opened: set[str] = set()
        self.is_31 = openapi_version != "3.0"
        self.warnings = warnings
        self.class_names = NameRegistry(case_insensitive=False)
        self.named: dict[tuple[str, str], str] = {}  # node key -> python name of its definition
        self.definitions: dict[str, ir.Definition] = {}
        self.component_names: list[tuple[str, str]] = []
        self._building: set[str] = set()
        self._warned: set[tuple[str, str]] = set()

    # --- entry points -------------------------------------------------------------------------

    def read_components(self) -> None:
        """Name every component schema first (so refs resolve in any order), then build each."""
        schemas = (
            self.spec.root.data.get("components", {}).get("schemas", {})
            if isinstance(self.spec.root.data.get("components"), dict)
            else {}
        )
        if not isinstance(schemas, dict):
            raise GeneratorError("`components.schemas` must be a mapping", self.spec.root.locate("/components/schemas"))
        root = self.spec.root_node()
        nodes = [root.child("components", "schemas", key) for key in schemas]
        for node in nodes:
            key = split_pointer(node.pointer)[-1]
            name = self.class_names.claim(class_name(key))
            self.named[node.key] = name
            self.component_names.append((key, name))
        for node in nodes:
            self.definition_for(node)

    def type_of(self, node: Node, context: str) -> ir.TypeNode:
        """The IR type of a schema node; `context` names inline models (e.g. "CreateOrderBody")."""
        value = node.value
        if isinstance(value, bool):
            return ir.Primitive("Any")
        if not isinstance(value, dict):
            raise GeneratorError(f"a schema must be an object or a boolean, not {type(value).__name__}", node.locate())
        if "$ref" in value:
            return self._ref_type(node, context)
        self._warn_unchecked(node)
        if node.key in self.named:
            named = self._enum_use(ir.ModelRef(self.definition_for(node)))
            return ir.Nullable(named) if self._nullable_model(node, self.named[node.key]) else named
        nullable = self._nullable_flag(node)
        result = self._bare_type(node, context)
        if nullable and not isinstance(result, ir.Nullable):
            return ir.Nullable(result)
        return result

    def name_composite(self, type_: ir.TypeNode, context: str, source: str) -> ir.TypeNode:
        """A name for a composite type used by an operation or webhook, so signatures stay short."""
        if isinstance(type_, ir.ModelRef) or (isinstance(type_, ir.Primitive) and type_.constraints.is_empty()):
            return type_
        name = self.class_names.claim(class_name(context))
        self.definitions[name] = ir.AliasModel(name, type_, None, source)
        return ir.ModelRef(name)

    def definition_for(self, node: Node) -> str:
        """Build (once) the named definition of a node already given a name; return the name."""
        name = self.named[node.key]
        if name in self.definitions or name in self._building:
            return name
        self._building.add(name)
        try:
            self.definitions[name] = self._definition(node, name)
        finally:
            self._building.discard(name)
        return name

    # --- named definitions --------------------------------------------------------------------

    def _definition(self, node: Node, name: str) -> ir.Definition:
        value = node.value
        if not isinstance(value, (dict, bool)):
            raise GeneratorError(f"a schema must be an object or a boolean, not {type(value).__name__}", node.locate())
        doc = _doc(value)
        if isinstance(value, dict) and "$ref" not in value and self._is_object(value, node):
            return self._object_model(node, name)
        if isinstance(value, dict) and "$ref" not in value:
            enum = self._enum_values(node)
            values = [v for v in enum if v is not None] if enum is not None else []
            if values:  # a nullable enum too: None is added where it is used (see `_nullable_model`)
                return self._enum_definition(node, name, values)
        target_type = self._type_without_name(node, name)
        return ir.AliasModel(name, target_type, doc, node.pointer)

    def _type_without_name(self, node: Node, name: str) -> ir.TypeNode:
        """The type a named non-object schema stands for (without pointing back at its own name)."""
        if isinstance(node.value, dict) and "$ref" in node.value:
            return self._ref_type(node, name)
        nullable = self._nullable_flag(node)
        inner = self._bare_type(node, name)
        return ir.Nullable(inner) if nullable and not isinstance(inner, ir.Nullable) else inner

    def _object_model(self, node: Node, name: str) -> ir.ObjectModel:
        merged = self._merge_object(node)
        required = set(merged.required)
        fields: list[ir.Field] = []
        # A wire name that is already a Python name keeps it (`id` is `id`, `_id` is `id2`): a Python name
        # then never means another property's wire name.
        attributes = NameRegistry()
        python_names = {w: attributes.claim(w) for w in merged.properties if attribute_name(w) == w}
        for wire_name, prop in merged.properties.items():
            python_name = python_names.get(wire_name) or attributes.claim(attribute_name(wire_name))
            field_type = self.type_of(prop, name + _pascal_fragment(wire_name))
            if wire_name in self.decimal.properties:
                field_type = _as_decimal(field_type)
            prop_value = prop.value if isinstance(prop.value, dict) else {}
            followed = self.spec.follow(prop).value if isinstance(prop.value, dict) else {}
            doc = _doc(prop_value) or (_doc(followed) if isinstance(followed, dict) else None)
            wider = merged.wider.get(wire_name)
            if wider is not None:  # an allOf part narrowed the property: keep the wider one's enum and doc
                field_type = self._narrowed_to_members(field_type, wider, prop)
                doc = doc or _doc(wider.value) or _doc(self.spec.follow(wider).value)
            is_required = wire_name in required
            pinned = _pinned_value(field_type)
            has_default, default = _default_of(prop_value, followed)
            typed_default = self._typed_default(field_type, default) if has_default else None
            if has_default and typed_default is None:
                self._warn(
                    prop,
                    f"default {default!r} is not a valid value of the property; ignored (the server applies its own default)",
                )
                has_default, default = False, None
            always_send = False
            if pinned is not None and is_required:
                # A required property with one allowed value (a discriminator): filled in and always sent.
                # An optional one is sent only when set, like any optional property.
                has_default, default, always_send = True, pinned, True
                typed_default = self._typed_default(field_type, pinned)
            read_only, write_only = self._direction(prop, prop_value, followed)
            fields.append(
                ir.Field(
                    python_name=python_name,
                    wire_name=wire_name,
                    type=field_type,
                    required=is_required and not has_default,
                    doc=doc,
                    default=default,
                    has_default=has_default,
                    always_send=always_send,
                    source=prop.pointer,
                    default_value=typed_default,
                    read_only=read_only,
                    write_only=write_only,
                )
            )
        extra: ir.TypeNode | None = None
        if merged.additional is not None:
            extra = self.type_of(merged.additional, name + "Value")
        constraints = self._object_constraints(node)
        return ir.ObjectModel(
            name=name,
            fields=tuple(fields),
            doc=merged.description,
            extra=extra,
            forbid_extra_on_requests=merged.additional_false,
            extra_declared=merged.additional_declared and not merged.additional_false,
            source=node.pointer,
            constraints=constraints,
        )

    def _nullable_model(self, node: Node, name: str) -> bool:
        """Whether `name` is the model or enum class of a nullable schema: its class cannot hold None,
        so every use of it adds None (an alias already carries its own `| None`)."""
        definition = self.definitions.get(name)
        return (
            isinstance(definition, (ir.ObjectModel, ir.EnumModel))
            and isinstance(node.value, dict)
            and self._nullable_flag(node)
        )

    def _narrowed_to_members(self, narrowed: ir.TypeNode, wider: Node, prop: Node) -> ir.TypeNode:
        """A property an allOf part narrows to one value of the enum it had (`status: enum [COMPLETED]`
        over `status: OrderStatus`): that enum's member (`Literal[OrderStatusEnum.COMPLETED]`)."""
        inner = narrowed.inner if isinstance(narrowed, ir.Nullable) else narrowed
        enum = self._enum_behind(wider)
        if enum is None or not isinstance(inner, ir.LiteralOf) or len(inner.values) != 1:
            return narrowed
        member = next(
            (m for m in enum.members if m.value == inner.values[0] and type(m.value) is type(inner.values[0])), None
        )
        if member is None or not isinstance(member.value, (str, int)) or isinstance(member.value, bool):
            if member is None:
                self._warn(
                    prop,
                    f"allOf narrows the property to {inner.values[0]!r}, which its enum {enum.name} does not list (at {wider.pointer}); read as the narrowed value",
                )
            return narrowed
        result: ir.TypeNode = ir.EnumMemberRef(enum.name, member.python_name, member.value)
        return ir.Nullable(result) if isinstance(narrowed, ir.Nullable) else result

    def _direction(self, prop: Node, value: dict[str, Any], followed: Any) -> tuple[bool, bool]:
        """`readOnly` and `writeOnly` of a property, on it or on the schema it refers to."""
        sources = [value] + ([followed] if isinstance(followed, dict) else [])
        read_only = any(source.get("readOnly") is True for source in sources)
        write_only = any(source.get("writeOnly") is True for source in sources)
        if read_only and write_only:
            self._warn(prop, "a property both `readOnly` and `writeOnly` is read as neither (sent both ways)")
            return False, False
        return read_only, write_only

    def _aliased_type(self, type_: ir.TypeNode) -> ir.TypeNode:
        """The type behind a reference to an alias (through aliases of aliases); other types as they are."""
        for _ in range(16):
            definition = self.definitions.get(type_.name) if isinstance(type_, ir.ModelRef) else None
            if not isinstance(definition, ir.AliasModel):
                return type_
            type_ = definition.type
        return type_

    def _enum_behind(self, node: Node) -> ir.EnumModel | None:
        """The named enum a `$ref` (or a one-item `allOf` wrapper of one) stands for, else None."""
        value = node.value
        if not isinstance(value, dict):
            return None
        if "$ref" not in value:
            parts = value.get("allOf")
            if (
                isinstance(parts, list)
                and len(parts) == 1
                and set(value) - {"allOf"} <= _ANNOTATION_KEYWORDS | {"nullable", "type"}
            ):
                return self._enum_behind(node.child("allOf", 0))
            return None
        type_: ir.TypeNode = self._ref_type(node, "Enum")
        for _ in range(16):  # aliases of aliases, bounded
            type_ = type_.inner if isinstance(type_, ir.Nullable) else type_
            type_ = type_.options[0] if isinstance(type_, ir.UnionOf) and type_.open_enum else type_
            definition = self.definitions.get(type_.name) if isinstance(type_, ir.ModelRef) else None
            if isinstance(definition, ir.EnumModel):
                return definition
            if not isinstance(definition, ir.AliasModel):
                return None
            type_ = definition.type
        return None

    def _typed_default(self, type_: ir.TypeNode, value: Any, depth: int = 0) -> ir.DefaultValue | None:
        """A `default` as a value of `type_` (an enum member, a model, a parsed format...), or None when
        it is not one: the generated default must have the field's type (mypy, and code that reads it)."""
        if depth > 32:
            return None
        if isinstance(type_, ir.Nullable):
            return ir.JsonDefault(None) if value is None else self._typed_default(type_.inner, value, depth + 1)
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
            items = [self._typed_default(kind, item, depth + 1) for kind, item in zip(kinds, value)]
            if any(item is None for item in items):
                return None
            as_tuple = isinstance(type_, ir.TupleOf) and type_.rest is None
            return ir.ListDefault(tuple(i for i in items if i is not None), as_tuple)
        if isinstance(type_, ir.MapOf):
            if not isinstance(value, dict):
                return None
            entries = [(str(k), self._typed_default(type_.value, v, depth + 1)) for k, v in value.items()]
            return (
                ir.MapDefault(tuple((k, v) for k, v in entries if v is not None))
                if all(v for _, v in entries)
                else None
            )
        if isinstance(type_, ir.UnionOf):
            return next((d for o in type_.options if (d := self._typed_default(o, value, depth + 1)) is not None), None)
        definition = self.definitions.get(type_.name)
        if isinstance(definition, ir.AliasModel):
            return self._typed_default(definition.type, value, depth + 1)
        if isinstance(definition, ir.EnumModel):
            member = next((m for m in definition.members if _same_json(m.value, value)), None)
            return ir.EnumDefault(definition.name, member.python_name) if member is not None else None
        if (
            isinstance(definition, ir.ObjectModel)
            and isinstance(value, dict)
            and self._object_accepts(definition, value, depth)
        ):
            return ir.ModelDefault(definition.name, value)
        return None  # not a value of the model (or a model still being built: a default of a recursive type)

    def _object_accepts(self, model: ir.ObjectModel, value: dict[str, Any], depth: int) -> bool:
        """Whether an object default validates into `model`: its required properties are there, and each
        property it sets (by wire name) holds a value of that property's type."""
        by_wire = {f.wire_name: f for f in model.fields}
        if any(f.required and f.wire_name not in value for f in model.fields):
            return False
        if model.forbid_extra_on_requests and set(value) - set(by_wire):
            return False
        return all(
            self._typed_default(by_wire[k].type, v, depth + 1) is not None for k, v in value.items() if k in by_wire
        )

    def _enum_definition(self, node: Node, name: str, values: list[Any]) -> ir.EnumModel | ir.AliasModel:
        """An enum class for strings and numbers; a `Literal` alias when booleans are among the values
        (Python's Enum and pydantic's enum lookup take `True` for `1`, and `bool` cannot be subclassed)."""
        if any(isinstance(v, bool) for v in values):
            return ir.AliasModel(name, ir.LiteralOf(tuple(values)), _doc(node.value), node.pointer)
        kinds = {type(v) for v in values}
        base: ir.EnumBase = (
            "str" if kinds == {str} else "int" if kinds == {int} else "float" if kinds <= {int, float} else "mixed"
        )
        registry = NameRegistry()
        members = tuple(
            ir.EnumMember(registry.claim(enum_member_name(v, typed=base == "mixed"), separator="_"), v) for v in values
        )
        unknown = self.class_names.claim("Unknown" + name) if self._is_open_enum(node) else None
        return ir.EnumModel(name, members, base, _doc(node.value), node.pointer, unknown)

    def _is_open_enum(self, node: Node) -> bool:
        """Whether the enum at `node` will grow: its values under `x-extensible-enum` (Zalando's
        convention), or named by the `open_enums` option."""
        if node.pointer in self.open_enum_pointers:
            self.opened.add(node.pointer)
            return True
        return "enum" not in node.value and isinstance(node.value.get(EXTENSIBLE_ENUM), list)

    def _enum_use(self, ref: ir.ModelRef, opened_here: bool = False) -> ir.TypeNode:
        """A use of the definition `ref` names: an open enum is itself or a value it does not list yet
        (its `Unknown...` class). `opened_here`: the options open the enum at this property."""
        definition = self.definitions.get(ref.name)
        if not isinstance(definition, ir.EnumModel):
            return ref
        if opened_here and definition.unknown is None:
            definition = replace(definition, unknown=self.class_names.claim("Unknown" + definition.name))
            self.definitions[definition.name] = definition
        if definition.unknown is None:
            return ref
        return ir.UnionOf((ref,), None, definition.unknown, open_enum=True)

    # --- types --------------------------------------------------------------------------------

    def _ref_type(self, node: Node, context: str) -> ir.TypeNode:
        target = self.spec.follow(node)
        siblings = {k: v for k, v in node.value.items() if k != "$ref"}
        if target.key not in self.named:
            # A ref to a schema that is not a component (another file, or a nested path):
            # it gets a definition named from its last pointer token, built once.
            tokens = split_pointer(target.pointer) or [target.document.path.stem]
            self.named[target.key] = self.class_names.claim(class_name(tokens[-1]))
        name = self.definition_for(target)
        result: ir.TypeNode = ir.ModelRef(name)
        if self._aliased_type(result) == _NONE:
            # A `type: "null"` schema: its alias is `None`, which `X | None` cannot be built from.
            return _NONE
        definition = self.definitions.get(name)
        opened_here = node.pointer in self.open_enum_pointers and isinstance(definition, ir.EnumModel)
        if opened_here:
            self.opened.add(node.pointer)
        if isinstance(definition, ir.EnumModel) and len(definition.members) == 1 and not definition.unknown:
            member = definition.members[0]
            if isinstance(member.value, (str, int)) and not isinstance(member.value, bool) and not opened_here:
                result = ir.EnumMemberRef(name, member.python_name, member.value)
        if isinstance(result, ir.ModelRef):
            result = self._enum_use(result, opened_here)
        if siblings.get("nullable") is True or self._nullable_flag(Node(node.document, node.pointer, siblings)):
            result = ir.Nullable(result)
        elif self._nullable_model(target, name):
            result = ir.Nullable(result)
        return result

    def _bare_type(self, node: Node, context: str) -> ir.TypeNode:
        value: dict[str, Any] = node.value
        if "allOf" in value:
            return self._all_of_type(node, context)
        for keyword in ("oneOf", "anyOf"):
            if keyword in value:
                return self._union_type(node, keyword, context)
        if "const" in value:
            return self._const_type(node, value["const"])
        enum = self._enum_values(node)
        if enum is not None:
            non_null = [v for v in enum if v is not None]
            if not non_null:
                return ir.Primitive("None")
            if len(non_null) == 1 and isinstance(non_null[0], (str, int, bool)) and not self._is_open_enum(node):
                literal: ir.TypeNode = ir.LiteralOf((non_null[0],))
            else:
                literal = self._enum_use(ir.ModelRef(self._inline_definition(node, context, enum=non_null)))
            return ir.Nullable(literal) if None in enum else literal
        types = self._types(node)
        if len(types) > 1:
            non_null_types = [t for t in types if t != "null"]
            options = tuple(self._single_type(node, t, context) for t in non_null_types)
            result: ir.TypeNode = options[0] if len(options) == 1 else ir.UnionOf(options)
            return ir.Nullable(result) if "null" in types else result
        if types:
            return self._single_type(node, types[0], context)
        if self._is_object(value, node):
            return self._single_type(node, "object", context)
        if "items" in value or "prefixItems" in value:
            return self._single_type(node, "array", context)
        return ir.Primitive("Any")

    def _const_type(self, node: Node, const: Any) -> ir.TypeNode:
        """`const`: a Literal for strings, integers, booleans and null; a number pinned by bounds for a
        float (Literal cannot hold floats); an object or array is typed by its shape, with a warning."""
        if isinstance(const, float):
            return ir.Primitive("float", ir.Constraints(ge=const, le=const))
        if isinstance(const, (dict, list)):
            self._warn(
                node,
                "`const` with an object or array value is typed as its shape (dict or list); the exact value is not enforced",
            )
            return ir.MapOf(ir.Primitive("Any")) if isinstance(const, dict) else ir.ListOf(ir.Primitive("Any"))
        return ir.LiteralOf((const,))

    def _single_type(self, node: Node, json_type: str, context: str) -> ir.TypeNode:
        value = node.value
        if json_type == "object":
            if value.get("properties") or "allOf" in value or value.get("additionalProperties") is False:
                return ir.ModelRef(
                    self._inline_definition(node, context)
                )  # (no properties and none allowed: an empty model)
            additional = value.get("additionalProperties", True)
            if isinstance(additional, dict) and additional:
                return ir.MapOf(
                    self.type_of(node.child("additionalProperties"), context + "Value"), self._object_constraints(node)
                )
            return ir.MapOf(ir.Primitive("Any"), self._object_constraints(node))
        if json_type == "array":
            if "prefixItems" in value and isinstance(value["prefixItems"], list):
                items = tuple(
                    self.type_of(node.child("prefixItems", i), f"{context}Item{i}")
                    for i in range(len(value["prefixItems"]))
                )
                rest = (
                    self.type_of(node.child("items"), context + "Item")
                    if isinstance(value.get("items"), dict)
                    else None
                )
                if rest is not None:
                    self._warn(
                        node,
                        "`prefixItems` followed by `items` is typed as a list of any of the item types (positions are not enforced)",
                    )
                return ir.TupleOf(items, rest)
            item = (
                self.type_of(node.child("items"), context + "Item")
                if isinstance(value.get("items"), (dict, bool))
                else ir.Primitive("Any")
            )
            return ir.ListOf(item, self._constraints(node))
        primitive = primitive_of(json_type, value.get("format"))
        if primitive is None:
            self._warn(node, f"unknown type {json_type!r}; using Any")
            return ir.Primitive("Any")
        constraints = self._constraints(node)
        if json_type == "integer" and value.get("format") in _INTEGER_RANGES:
            constraints = _within(constraints, *_INTEGER_RANGES[value["format"]])
        decimal = self._decimal_type(value, json_type, constraints)
        if decimal is not None:
            return decimal
        if json_type == "string" and value.get("format") == "email":
            constraints = replace(constraints, email=True)
        return ir.Primitive(primitive.name, constraints)

    def _decimal_type(self, value: dict[str, Any], json_type: str, constraints: ir.Constraints) -> ir.Primitive | None:
        """A money value by the `decimal` rule (its format, or a decimal-only string pattern), else None."""
        if json_type not in ("string", "number", "integer"):
            return None
        by_format = value.get("format") in self.decimal.formats
        pattern = constraints.pattern
        by_pattern = (
            self.decimal.patterns
            and json_type == "string"
            and pattern is not None
            and _DECIMAL_ONLY_PATTERN.match(pattern) is not None
        )
        if not (by_format or by_pattern):
            return None
        return ir.Primitive("Decimal", constraints, number_on_wire=json_type != "string")

    def _all_of_type(self, node: Node, context: str) -> ir.TypeNode:
        value = node.value
        parts = value["allOf"]
        if not isinstance(parts, list) or not parts:
            raise GeneratorError("`allOf` must be a non-empty list", node.locate())
        structural = {k for k in value if k not in _ANNOTATION_KEYWORDS and k not in ("allOf", "nullable", "type")}
        if len(parts) == 1 and not structural:
            # A wrapper that only adds a title or description: the wrapped type itself.
            return self.type_of(node.child("allOf", 0), context)
        if not self._is_object(value, node):
            self._warn(
                node,
                "`allOf` of non-object schemas is read as its first part's type (other parts' constraints are not enforced)",
            )
            return self.type_of(node.child("allOf", 0), context)
        return ir.ModelRef(self._inline_definition(node, context))

    def _union_type(self, node: Node, keyword: str, context: str) -> ir.TypeNode:
        branches = node.value[keyword]
        if not isinstance(branches, list) or not branches:
            raise GeneratorError(f"`{keyword}` must be a non-empty list", node.locate())
        options: list[ir.TypeNode] = []
        nullable = False
        for index in range(len(branches)):
            branch = node.child(keyword, index)
            if isinstance(branch.value, dict) and branch.value.get("type") == "null" and len(branch.value) <= 3:
                nullable = True
                continue
            option = self.type_of(branch, f"{context}Option{index + 1}")
            if isinstance(option, ir.Nullable):
                nullable, option = True, option.inner
            if option == _NONE:
                nullable = True
                continue
            if option not in options:
                options.append(option)
        if not options:
            return _NONE
        result: ir.TypeNode
        if len(options) == 1:
            result = options[0]
        else:
            # A value that fits no option (a newer API's branch) is the union's own `Unknown...` model.
            unknown = self.class_names.claim("Unknown" + class_name(context))
            result = ir.UnionOf(tuple(options), self._discriminator(node, keyword, options), unknown)
        return ir.Nullable(result) if nullable else result

    def _discriminator(self, node: Node, keyword: str, options: list[ir.TypeNode]) -> ir.Discriminator | None:
        """The spec's `discriminator`, else one inferred from a property every branch pins to one value."""
        if not all(self._is_object_ref(o) for o in options):
            return None
        branch_nodes = [self.spec.follow(node.child(keyword, i)) for i in range(len(node.value[keyword]))]
        branch_nodes = [b for b in branch_nodes if not (isinstance(b.value, dict) and b.value.get("type") == "null")]
        names = [o.name for o in options if isinstance(o, ir.ModelRef)]
        if len(branch_nodes) != len(names):
            return None
        explicit = node.value.get("discriminator")
        if isinstance(explicit, dict) and isinstance(explicit.get("propertyName"), str):
            return self._explicit_discriminator(node, explicit, branch_nodes, names)
        return self._inferred_discriminator(branch_nodes, names)

    def _is_object_ref(self, option: ir.TypeNode) -> bool:
        """Whether a union option names an object model (directly, through aliases, or one still being built)."""
        for _ in range(16):
            if not isinstance(option, ir.ModelRef):
                return False
            definition = self.definitions.get(option.name)
            if definition is None or isinstance(definition, ir.ObjectModel):
                return True
            if not isinstance(definition, ir.AliasModel):
                return False
            option = definition.type
        return False

    def _explicit_discriminator(
        self, node: Node, explicit: dict[str, Any], branches: list[Node], names: list[str]
    ) -> ir.Discriminator | None:
        prop = explicit["propertyName"]
        mapping: list[tuple[str, str]] = []
        by_key = {b.key: n for b, n in zip(branches, names)}
        raw_mapping: dict[str, Any] = explicit["mapping"] if isinstance(explicit.get("mapping"), dict) else {}
        for wire_value, ref in raw_mapping.items():
            target = self.spec.follow(
                Node(
                    node.document,
                    node.pointer + "/discriminator/mapping",
                    {"$ref": ref if "#" in str(ref) or "/" in str(ref) else f"#/components/schemas/{ref}"},
                )
            )
            if target.key in by_key:
                mapping.append((str(wire_value), by_key[target.key]))
        mapped = {n for _, n in mapping}
        for branch, name in zip(branches, names):
            if name in mapped:
                continue
            # Unmapped: OpenAPI's implicit value is the schema's name; a value the branch pins is
            # the only one it can validate, so both are accepted.
            pinned = self._pinned_property_value(branch, prop)
            tokens = split_pointer(branch.pointer)
            key = tokens[-1] if len(tokens) == 3 and tokens[:2] == ["components", "schemas"] else None
            tags = [str(v) for v in (pinned, key) if v is not None] or [name]
            taken = {wire for wire, _ in mapping}
            mapping += [(tag, name) for tag in dict.fromkeys(tags) if tag not in taken]
        return ir.Discriminator(prop, tuple(mapping), inferred=False)

    def _inferred_discriminator(self, branches: list[Node], names: list[str]) -> ir.Discriminator | None:
        if len(branches) < 2:
            return None
        candidates: list[str] | None = None
        for branch in branches:
            merged = self._merge_object(branch) if self._is_object(branch.value, branch) else None
            if merged is None:
                return None
            pinned = [
                p
                for p in merged.properties
                if p in merged.required and self._pinned_schema_value(merged.properties[p]) is not None
            ]
            candidates = pinned if candidates is None else [p for p in candidates if p in pinned]
        for prop in candidates or []:
            values = [self._pinned_property_value(b, prop) for b in branches]
            if len({str(v) for v in values}) == len(values):
                return ir.Discriminator(prop, tuple((str(v), n) for v, n in zip(values, names)), inferred=True)
        return None

    def _pinned_property_value(self, branch: Node, prop: str) -> Any:
        if not self._is_object(branch.value, branch):
            return None
        merged = self._merge_object(branch)
        return self._pinned_schema_value(merged.properties[prop]) if prop in merged.properties else None

    def _pinned_schema_value(self, node: Node) -> Any:
        value = self.spec.follow(node).value
        if not isinstance(value, dict):
            return None
        if "const" in value:
            return value["const"]
        enum = value.get("enum")
        if isinstance(enum, list) and len(enum) == 1 and isinstance(enum[0], (str, int)):
            return enum[0]
        if "allOf" in value and isinstance(value["allOf"], list) and len(value["allOf"]) == 1:
            return self._pinned_schema_value(self.spec.follow(node).child("allOf", 0))
        return None

    def _inline_definition(self, node: Node, context: str, enum: list[Any] | None = None) -> str:
        if node.key not in self.named:
            self.named[node.key] = self.class_names.claim(class_name(context) or "Model")
        name = self.named[node.key]
        if name not in self.definitions and name not in self._building:
            if enum is not None:
                self.definitions[name] = self._enum_definition(node, name, enum)
            else:
                self.definition_for(node)
        return name

    # --- allOf merging ------------------------------------------------------------------------

    def _merge_object(self, node: Node) -> _MergedObject:
        """The object `node` describes with its `allOf` parts folded in, in the order `all_of_parts` gives."""
        parts = all_of_parts(self.spec, node)
        merged = _MergedObject({}, [], None, False, False, None)
        for part in parts:
            self._fold(merged, self._own_object(part), part)
        # The description of the part that wins: the schema's own, else its parts' (latest first).
        merged.description = next((doc for doc in (_doc(part.value) for part in reversed(parts)) if doc), None)
        return merged

    def _own_object(self, node: Node) -> _MergedObject:
        """What one schema (not its `allOf` parts) says about an object."""
        value = node.value if isinstance(node.value, dict) else {}
        own_properties: dict[str, Any] = value["properties"] if isinstance(value.get("properties"), dict) else {}
        return _MergedObject(
            {key: node.child("properties", key) for key in own_properties},
            self._required_list(node),
            (
                node.child("additionalProperties")
                if isinstance(value.get("additionalProperties"), dict) and value["additionalProperties"]
                else None
            ),
            value.get("additionalProperties") is False,
            value.get("additionalProperties", False) is not False,
            None,
        )

    def _fold(self, into: _MergedObject, part: _MergedObject, owner: Node) -> None:
        for key, wider in part.wider.items():
            into.wider.setdefault(key, wider)
        for key, prop in part.properties.items():
            if key in into.properties:
                previous = into.properties[key]
                into.properties[key] = self._narrower(previous, prop, key)
                if into.properties[key] is not previous:
                    into.wider[key] = previous
            else:
                into.properties[key] = prop
        for name in part.required:
            if name not in into.required:
                into.required.append(name)
        if part.additional is not None:
            into.additional = part.additional
        into.additional_false = into.additional_false or part.additional_false
        into.additional_declared = into.additional_declared or part.additional_declared
        into.description = into.description or part.description

    def _narrower(self, first: Node, second: Node, key: str) -> Node:
        """Of two schemas for one property (from two allOf parts), the one that keeps both meanings."""
        a, b = self.spec.follow(first).value, self.spec.follow(second).value
        types_a, types_b = _declared_types(a), _declared_types(b)
        if (
            types_a
            and types_b
            and not (types_a & types_b)
            and not ({"integer"} & types_a and "number" in types_b)
            and not ({"integer"} & types_b and "number" in types_a)
        ):
            raise GeneratorError(
                f"allOf parts disagree on property {key!r}: {sorted(types_a)} at {first.pointer} vs {sorted(types_b)} at {second.pointer}",
                second.locate(),
            )
        if isinstance(b, dict) and set(b) <= _ANNOTATION_KEYWORDS:
            return first  # the second part only documents the property
        return second

    # --- small readers ------------------------------------------------------------------------

    def _types(self, node: Node) -> list[str]:
        types, slips = declared_types(node.value)
        self._warn_slips(node, slips)
        return types

    def _is_object(self, value: Any, node: Node | None = None) -> bool:
        """Whether a schema describes an object with named properties (a model, not a map)."""
        if not isinstance(value, dict):
            return False
        declared = value.get("type")
        if declared not in (None, "object") and not (
            isinstance(declared, list) and "object" in declared and len([t for t in declared if t != "null"]) == 1
        ):
            return False
        if "oneOf" in value or "anyOf" in value or "enum" in value or EXTENSIBLE_ENUM in value or "const" in value:
            return False
        if "allOf" in value:
            parts = value["allOf"]
            structural = {k for k in value if k not in _ANNOTATION_KEYWORDS and k not in ("allOf", "nullable", "type")}
            if not isinstance(parts, list) or (len(parts) == 1 and not structural):
                return False  # a one-item wrapper is its wrapped type, not a model of its own
            if node is None:
                return True
            return any(
                self._is_object(
                    self.spec.follow(node.child("allOf", i)).value, self.spec.follow(node.child("allOf", i))
                )
                for i in range(len(parts))
            ) or bool(value.get("properties"))
        return bool(value.get("properties")) or declared == "object" and not _is_plain_map(value)

    def _enum_values(self, node: Node) -> list[Any] | None:
        enum = node.value.get("enum", node.value.get(EXTENSIBLE_ENUM))
        if enum is None:
            return None
        if not isinstance(enum, list):
            self._warn(node, "`enum` must be a list; ignored")
            return None
        unique: list[Any] = []
        for item in enum:
            if isinstance(item, (dict, list)):
                self._warn(node, "`enum` with object or array values is typed as Any")
                return None
            if item not in unique or type(item) is not type(unique[unique.index(item)]):
                unique.append(item)
        return unique

    def _nullable_flag(self, node: Node) -> bool:
        nullable, slips = is_nullable(node.value, is_31=self.is_31)
        self._warn_slips(node, slips)
        return nullable

    def _required_list(self, node: Node) -> list[str]:
        names, slips = required_names(node.value)
        self._warn_slips(node, slips)
        return names

    def _constraints(self, node: Node) -> ir.Constraints:
        value = node.value
        bounds, slips = numeric_bounds(value, is_31=self.is_31)
        self._warn_slips(node, slips)
        pattern = self._usable_pattern(node, value.get("pattern"))
        return ir.Constraints(
            min_length=_int(value.get("minLength")),
            max_length=_int(value.get("maxLength")),
            pattern=pattern,
            ge=bounds.ge,
            gt=bounds.gt,
            le=bounds.le,
            lt=bounds.lt,
            multiple_of=number(value.get("multipleOf")),
            min_items=_int(value.get("minItems")),
            max_items=_int(value.get("maxItems")),
            unique_items=value.get("uniqueItems") is True,
        )

    def _object_constraints(self, node: Node) -> ir.Constraints:
        constraints = _object_constraints(node.value)
        if constraints.property_names_pattern is not None:
            names = node.child("propertyNames")
            constraints = replace(
                constraints, property_names_pattern=self._usable_pattern(names, constraints.property_names_pattern)
            )
        return constraints

    def _usable_pattern(self, node: Node, pattern: Any) -> str | None:
        """A `pattern` Python's `re` can run (as `pysource.python_pattern` spells it), else None with a warning."""
        if not isinstance(pattern, str):
            return None
        try:
            re.compile(python_pattern(pattern))
        except (re.error, RecursionError, OverflowError) as error:
            self._warn(
                node, f"`pattern` {pattern!r} is not a regular expression Python can run ({error}); not enforced"
            )
            return None
        return pattern

    def _warn_unchecked(self, node: Node) -> None:
        """Conditional keywords the models cannot express: a located warning each, never dropped silently."""
        for keyword, what in _UNCHECKED_KEYWORDS:
            if keyword in node.value:
                self._warn(
                    node.child(keyword),
                    f"{what} is not checked by the client: a request that breaks it is sent, and a response "
                    "that breaks it is accepted",
                )

    def _warn_slips(self, node: Node, slips: list[Slip]) -> None:
        for slip in slips:
            self._warn(node.child(*slip.tokens), slip.message)

    def _warn(self, node: Node, message: str) -> None:
        key = (node.pointer, message)
        if key not in self._warned:
            self._warned.add(key)
            self.warnings.append(Diagnostic(message, node.locate()))

    def iter_definitions(self) -> Iterator[ir.Definition]:
        yield from self.definitions.values()


# JSON Schema keywords whose condition no generated type expresses (the first word is the keyword).
_UNCHECKED_KEYWORDS = (
    ("if", "`if`/`then`/`else`"),
    ("dependentRequired", "`dependentRequired`"),
    ("dependentSchemas", "`dependentSchemas`"),
)
# The ranges of OpenAPI's integer formats (signed 32 and 64 bits).
_INTEGER_RANGES = {"int32": (-(2**31), 2**31 - 1), "int64": (-(2**63), 2**63 - 1)}
_ANNOTATION_KEYWORDS = frozenset(
    {
        "title",
        "description",
        "example",
        "examples",
        "deprecated",
        "readOnly",
        "writeOnly",
        "externalDocs",
        "$comment",
        "default",
        "xml",
    }
)


def _doc(value: Any) -> str | None:
    if not isinstance(value, dict):
        return None
    description = value.get("description")
    if isinstance(description, str) and description.strip():
        return description.strip()
    title = value.get("title")
    return title.strip() if isinstance(title, str) and title.strip() else None


def _declared_types(value: Any) -> set[str]:
    if not isinstance(value, dict):
        return set()
    declared = value.get("type")
    if isinstance(declared, str):
        return {declared}
    if isinstance(declared, list):
        return {t for t in declared if isinstance(t, str) and t != "null"}
    return set()


def _is_plain_map(value: dict[str, Any]) -> bool:
    return (
        not value.get("properties")
        and "additionalProperties" in value
        and value["additionalProperties"] not in (False,)
    )


def _within(constraints: ir.Constraints, low: int, high: int) -> ir.Constraints:
    """`constraints` narrowed to an integer format's range (a tighter bound of the schema's own kept)."""
    ge = constraints.ge
    if constraints.gt is None or constraints.gt < low:
        ge = low if ge is None else max(ge, low)
    le = constraints.le
    if constraints.lt is None or constraints.lt > high:
        le = high if le is None else min(le, high)
    return replace(constraints, ge=ge, le=le)


def _as_decimal(type_: ir.TypeNode) -> ir.TypeNode:
    """A property the `decimal` rule names: its plain number or string as money (other types kept)."""
    if isinstance(type_, ir.Nullable):
        return ir.Nullable(_as_decimal(type_.inner))
    if isinstance(type_, ir.Primitive) and type_.name in ("float", "int", "str"):
        return ir.Primitive("Decimal", type_.constraints, number_on_wire=type_.name != "str")
    return type_


def _pinned_value(field_type: ir.TypeNode) -> Any:
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


def _default_of(prop: dict[str, Any], followed: Any) -> tuple[bool, Any]:
    for source in (prop, followed):
        if isinstance(source, dict) and "default" in source:
            return True, source["default"]
    return False, None


def _object_constraints(value: Any) -> ir.Constraints:
    if not isinstance(value, dict):
        return ir.Constraints()
    names = value.get("propertyNames")
    names = names if isinstance(names, dict) else {}
    pattern = names.get("pattern") if isinstance(names.get("pattern"), str) else None
    return ir.Constraints(
        min_properties=_int(value.get("minProperties")),
        max_properties=_int(value.get("maxProperties")),
        property_names_pattern=pattern,
        property_names_min_length=_int(names.get("minLength")),
        property_names_max_length=_int(names.get("maxLength")),
    )


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _pascal_fragment(wire_name: str) -> str:
    from .naming import pascal_case

    return pascal_case(wire_name) or "Field"
