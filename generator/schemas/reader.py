"""JSON Schema -> IR types and named definitions (models, enums, aliases).

Component schemas are named from their keys (never from `title`); inline schemas from where
they sit. `allOf` parts are merged into one model (narrowing kept, `objects.py`); `oneOf`/`anyOf`
become unions, discriminated when the spec says so or when every branch pins a property to one
value (`discriminators.py`). Slips in real specs (3.0 `nullable` in 3.1, boolean exclusive bounds,
`required: true` on a property) are read the way their authors meant, each with a located warning.
A scalar's bounds and money are read by `scalars.py`, a property's `default` by `defaults.py`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from .. import ir
from ..diagnostics import Diagnostic, GeneratorError, split_pointer
from ..keywords import EXTENSIBLE_ENUM, Slip, declared_types, is_nullable, required_names
from ..naming import NameRegistry, attribute_name, class_name, enum_member_name
from ..options import DecimalRule, OpenEnumRule
from ..primitives import primitive_of
from ..resolve import Node, ResolvedSpec
from . import defaults
from .defaults import default_of, pinned_value
from .discriminators import DiscriminatorReader
from .objects import ANNOTATION_KEYWORDS, MergedObject, doc_of, is_object, merge_object
from .scalars import INTEGER_RANGES, ScalarReader, as_decimal, within

_NONE = ir.Primitive("None")


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
        self._decimal_names, self._decimal_pointers = self.decimal.names, self.decimal.pointers
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
        self._scalars = ScalarReader(self.is_31, self.decimal, self._warn, self._warn_slips)

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
        doc = doc_of(value)
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
            if wire_name in self._decimal_names or prop.pointer in self._decimal_pointers:
                field_type = as_decimal(field_type)
            prop_value = prop.value if isinstance(prop.value, dict) else {}
            followed = self.spec.follow(prop).value if isinstance(prop.value, dict) else {}
            doc = doc_of(prop_value) or (doc_of(followed) if isinstance(followed, dict) else None)
            wider = merged.wider.get(wire_name)
            if wider is not None:  # an allOf part narrowed the property: keep the wider one's enum and doc
                field_type = self._narrowed_to_members(field_type, wider, prop)
                doc = doc or doc_of(wider.value) or doc_of(self.spec.follow(wider).value)
            is_required = wire_name in required
            pinned = pinned_value(field_type)
            has_default, default = default_of(prop_value, followed)
            typed_default = defaults.typed_default(field_type, default, self.definitions) if has_default else None
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
                typed_default = defaults.typed_default(field_type, pinned, self.definitions)
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
        constraints = self._scalars.object_constraints(node)
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
                and set(value) - {"allOf"} <= ANNOTATION_KEYWORDS | {"nullable", "type"}
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

    def _enum_definition(self, node: Node, name: str, values: list[Any]) -> ir.EnumModel | ir.AliasModel:
        """An enum class for strings and numbers; a `Literal` alias when booleans are among the values
        (Python's Enum and pydantic's enum lookup take `True` for `1`, and `bool` cannot be subclassed)."""
        if any(isinstance(v, bool) for v in values):
            return ir.AliasModel(name, ir.LiteralOf(tuple(values)), doc_of(node.value), node.pointer)
        kinds = {type(v) for v in values}
        base: ir.EnumBase = (
            "str" if kinds == {str} else "int" if kinds == {int} else "float" if kinds <= {int, float} else "mixed"
        )
        registry = NameRegistry()
        members = tuple(
            ir.EnumMember(registry.claim(enum_member_name(v, typed=base == "mixed"), separator="_"), v) for v in values
        )
        unknown = self.class_names.claim("Unknown" + name) if self._is_open_enum(node) else None
        return ir.EnumModel(name, members, base, doc_of(node.value), node.pointer, unknown)

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
                    self.type_of(node.child("additionalProperties"), context + "Value"),
                    self._scalars.object_constraints(node),
                )
            return ir.MapOf(ir.Primitive("Any"), self._scalars.object_constraints(node))
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
            return ir.ListOf(item, self._scalars.constraints(node))
        primitive = primitive_of(json_type, value.get("format"))
        if primitive is None:
            self._warn(node, f"unknown type {json_type!r}; using Any")
            return ir.Primitive("Any")
        constraints = self._scalars.constraints(node)
        if json_type == "integer" and value.get("format") in INTEGER_RANGES:
            constraints = within(constraints, *INTEGER_RANGES[value["format"]])
        decimal = self._scalars.decimal_type(value, json_type, constraints)
        if decimal is not None:
            return decimal
        if json_type == "string" and value.get("format") == "email":
            constraints = replace(constraints, email=True)
        return ir.Primitive(primitive.name, constraints)

    def _all_of_type(self, node: Node, context: str) -> ir.TypeNode:
        value = node.value
        parts = value["allOf"]
        if not isinstance(parts, list) or not parts:
            raise GeneratorError("`allOf` must be a non-empty list", node.locate())
        structural = {k for k in value if k not in ANNOTATION_KEYWORDS and k not in ("allOf", "nullable", "type")}
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
            result = ir.UnionOf(
                tuple(options),
                DiscriminatorReader(self.spec, self.definitions, self._merge_object).discriminator(
                    node, keyword, options
                ),
                unknown,
            )
        return ir.Nullable(result) if nullable else result

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

    # --- small readers ------------------------------------------------------------------------

    def _merge_object(self, node: Node) -> MergedObject:
        return merge_object(self.spec, node, self._required_list)

    def _is_object(self, value: Any, node: Node | None = None) -> bool:
        return is_object(self.spec, value, node)

    def _types(self, node: Node) -> list[str]:
        types, slips = declared_types(node.value)
        self._warn_slips(node, slips)
        return types

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


def _pascal_fragment(wire_name: str) -> str:
    from ..naming import pascal_case

    return pascal_case(wire_name) or "Field"
