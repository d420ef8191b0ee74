"""The view of `models.py`: enums, models and type aliases in the order Python can evaluate them,
each field's declaration as black lays it out, and defaults as Python source.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, assert_never

from .. import ir, layout
from ..diagnostics import Diagnostic, Location
from ..directions import sent_only_definitions
from ..primitives import PRIMITIVES
from ..pysource import annotation, docstring, literal, plain_annotation, uses
from ..surface import attribute_of, decimal_base


@dataclass(frozen=True)
class UnknownVariantView:
    """The `Unknown...` member of a union: a value received that fits none of its branches."""

    name: str
    doc: str


@dataclass(frozen=True)
class MemberView:
    name: str
    value: str  # the member's JSON value as a literal


@dataclass(frozen=True)
class UnknownEnumView:
    """The `Unknown...` class of an open enum."""

    name: str
    base: str
    doc: str


@dataclass(frozen=True)
class EnumView:
    name: str
    bases: str
    doc: str
    members: list[MemberView]
    unknown: UnknownEnumView | None
    kind: Literal["enum"] = "enum"  # what models.py.j2 switches on


@dataclass(frozen=True)
class AliasView:
    name: str
    declaration: str  # `Name: TypeAlias = ...` as black lays it out
    doc: str
    kind: Literal["alias"] = "alias"


@dataclass(frozen=True)
class FieldView:
    name: str
    annotation: str
    value: str | None  # the default (or `Field(...)`) after `=`, None when required
    declaration: str  # the whole line(s) as black lays them out
    doc: str


@dataclass(frozen=True)
class ModelView:
    name: str
    doc: str
    fields: list[FieldView]
    pinned: list[str]  # literals of the fields always sent
    omit_none: list[str]  # literals of the fields whose None is left out of the wire data
    forbid_extra: bool
    open_on_requests: bool
    extra_annotation: str | None
    kind: Literal["model"] = "model"


DefinitionView = EnumView | AliasView | ModelView


def unknown_variants(api: ir.Api) -> list[UnknownVariantView]:
    """The `Unknown...` member of each union, once, in the order met: defined before the models
    (a type alias is evaluated where it stands)."""
    unions: dict[str, ir.UnionOf] = {}
    pending: list[ir.TypeNode] = []
    for definition in api.definitions:
        if isinstance(definition, ir.ObjectModel):
            pending += [f.type for f in definition.fields] + ([definition.extra] if definition.extra else [])
        elif isinstance(definition, ir.AliasModel):
            pending.append(definition.type)
    for operation in api.operations:
        pending += [p.type for p in operation.parameters] + [r.type for r in operation.responses if r.type]
        pending += [operation.body.type] if operation.body else []
    pending += [w.type for w in api.webhooks]
    while pending:
        node = pending.pop(0)
        if isinstance(node, ir.UnionOf):
            if node.unknown and not node.open_enum:  # an open enum's is defined with its enum
                unions.setdefault(node.unknown, node)
            pending += node.options
        elif isinstance(node, (ir.ListOf, ir.MapOf, ir.Nullable)):
            pending.append(
                node.item if isinstance(node, ir.ListOf) else node.value if isinstance(node, ir.MapOf) else node.inner
            )
        elif isinstance(node, ir.TupleOf):
            pending += [*node.items, *([node.rest] if node.rest else [])]
    views: list[UnknownVariantView] = []
    for name, union in unions.items():
        options = " | ".join(dict.fromkeys(plain_annotation(o, "") for o in union.options))
        doc = (
            f"A value received for `{options}` that fits none of those (in lenient mode): a newer API's variant, "
            "say. `raw` holds it as received; `deviations()` says why it fits none."
        )
        views.append(UnknownVariantView(name, docstring(doc, "    ")))
    return views


@dataclass(frozen=True)
class DefinitionIndex:
    """Aliases by name, built once per package (Stripe's spec has ~4000 definitions)."""

    aliases: dict[str, ir.TypeNode]
    sent_only: frozenset[str]

    @classmethod
    def of(cls, api: ir.Api) -> DefinitionIndex:
        return cls(
            {d.name: d.type for d in api.definitions if isinstance(d, ir.AliasModel)},
            sent_only_definitions(api),
        )


def definition_view(definition: ir.Definition, api: ir.Api, index: DefinitionIndex) -> DefinitionView:
    if isinstance(definition, ir.EnumModel):
        return EnumView(
            name=definition.name,
            # Members read as their values: `str(OrderStatusEnum.COMPLETED) == "COMPLETED"`.
            bases=_enum_bases(definition),
            doc=docstring(definition.doc, "    ") or docstring(f"`{definition.name}` values.", "    "),
            members=[MemberView(m.python_name, literal(m.value)) for m in definition.members],
            unknown=_unknown_enum_view(definition),
        )
    decimal = decimal_base(definition.name, index.sent_only)
    if isinstance(definition, ir.AliasModel):
        return AliasView(
            name=definition.name,
            declaration=layout.laid_out(
                layout.of_expression(annotation(definition.type, decimal)), 0, f"{definition.name}: TypeAlias = "
            ),
            doc=docstring(definition.doc),
        )
    fields = [_field_view(f, decimal) for f in definition.fields]
    return ModelView(
        name=definition.name,
        doc=docstring(definition.doc, "    ") or docstring(f"The `{definition.name}` object.", "    "),
        fields=fields,
        pinned=[literal(f.python_name) for f in definition.fields if f.always_send],
        omit_none=[literal(f.python_name) for f in definition.fields if _none_means_absent(f, index.aliases)],
        forbid_extra=definition.forbid_extra_on_requests,
        open_on_requests=definition.extra_declared,
        extra_annotation=(
            annotation(definition.extra)
            if definition.extra is not None and definition.extra != ir.Primitive("Any")
            else None
        ),
    )


def _none_means_absent(field: ir.Field, aliases: dict[str, ir.TypeNode]) -> bool:
    """An optional field whose schema does not allow null: it is typed `X | None = None`, and a None in
    it is left out of the wire data (the spec's way of saying "not given")."""
    if field.required or field.has_default:
        return False
    type_ = field.type
    for _ in range(16):  # through aliases of aliases (a nullable alias allows null)
        if not isinstance(type_, ir.ModelRef) or type_.name not in aliases:
            break
        type_ = aliases[type_.name]
    return not isinstance(type_, ir.Nullable) and type_ not in (ir.Primitive("Any"), ir.Primitive("None"))


def _unknown_enum_view(enum: ir.EnumModel) -> UnknownEnumView | None:
    """The `Unknown...` class of an open enum: a value it does not list yet (`_open_enum.py`)."""
    if enum.unknown is None:
        return None
    value_type = {"str": "str", "int": "int", "float": "float"}.get(enum.base, "str")
    doc = (
        f"A value of `{enum.name}` that it does not list yet (the API says it will grow): received, "
        f"not a deviation. `value` holds it; send one only as `{enum.unknown}(value)`."
    )
    return UnknownEnumView(enum.unknown, f"UnknownEnumValue[{value_type}]", docstring(doc, "    "))


def _enum_bases(enum: ir.EnumModel) -> str:
    """Base classes of a generated enum: members read as their values (`str(member)`, f-strings)."""
    if enum.base == "str":
        return "StrEnum"
    if enum.base == "int":
        return "IntEnum"
    if enum.base == "float":
        return "FloatEnum"
    return "Enum"  # "mixed": strings and numbers, members are their JSON values


def _field_view(field: ir.Field, decimal: str = "Decimal") -> FieldView:
    declared = attribute_of(field, decimal)
    type_text, optional = declared.annotation, declared.optional
    field_arguments = []
    default: str | None
    if field.has_default and field.default_value is not None:
        default = _default_expression(field.default_value)
        if default.startswith("lambda"):
            field_arguments.append(f"default_factory={default}")
            default = None
    elif optional:
        default = "None"
    else:
        default = None
    if field.python_name != field.wire_name:
        field_arguments.append(f"validation_alias={literal(field.wire_name)}")
        field_arguments.append(f"serialization_alias={literal(field.wire_name)}")
    value: str | None = default
    if field_arguments:
        if default is not None:
            field_arguments.insert(0, f"default={default}")
        value = f"Field({', '.join(field_arguments)})"
    declaration = f"{field.python_name}: {type_text}" + (f" = {value}" if value is not None else "")
    # As black lays it out (layout.py): split at `Field(`, or in the annotation, when too long.
    if field_arguments:
        declaration = layout.laid_out(
            layout.of_call("Field", field_arguments), 4, f"{field.python_name}: {type_text} = "
        )
    elif value is None:
        declaration = layout.laid_out(layout.of_expression(type_text), 4, f"{field.python_name}: ")
    else:
        declaration = "    " + declaration
    return FieldView(
        name=field.python_name,
        annotation=type_text,
        value=value,
        declaration=declaration,
        doc=docstring(field.doc, "    "),
    )


def _default_expression(value: ir.DefaultValue) -> str:
    """Python source of a default, an instance of the field's type; `lambda: ...` when it is mutable."""
    expression = _value_expression(value)
    mutable = isinstance(value, (ir.ModelDefault, ir.ListDefault, ir.MapDefault)) or (
        isinstance(value, ir.JsonDefault) and isinstance(value.value, (list, dict))
    )
    return (
        f"lambda: {expression}"
        if mutable and not (isinstance(value, ir.ListDefault) and value.as_tuple)
        else expression
    )


def _value_expression(value: ir.DefaultValue) -> str:
    if isinstance(value, ir.JsonDefault):
        return literal(value.value)
    if isinstance(value, ir.ParsedDefault):
        return f"{PRIMITIVES[value.type_name].parser}({literal(value.text)})"
    if isinstance(value, ir.EnumDefault):
        return f"{value.enum_name}.{value.member_name}"
    if isinstance(value, ir.ModelDefault):
        return f"{value.model_name}.model_validate({literal(value.value)})"
    if isinstance(value, ir.ListDefault):
        items = ", ".join(_value_expression(i) for i in value.items)
        return f"({items}{',' if len(value.items) == 1 else ''})" if value.as_tuple else f"[{items}]"
    if isinstance(value, ir.MapDefault):
        return "{" + ", ".join(f"{literal(k)}: {_value_expression(v)}" for k, v in value.items) + "}"
    assert_never(value)


def ordered_definitions(
    definitions: tuple[ir.Definition, ...], warnings: list[Diagnostic], spec_file: str = ""
) -> list[ir.Definition]:
    """Enums first, then models, then aliases in dependency order (aliases are evaluated at import)."""
    enums = [d for d in definitions if isinstance(d, ir.EnumModel)]
    models = [d for d in definitions if isinstance(d, ir.ObjectModel)]
    aliases = {d.name: d for d in definitions if isinstance(d, ir.AliasModel)}
    ordered_aliases: list[ir.Definition] = []
    state: dict[str, str] = {}

    def visit(name: str) -> None:
        if state.get(name) == "done":
            return
        if state.get(name) == "visiting":
            return  # a cycle among aliases; broken where it closes (see below)
        state[name] = "visiting"
        alias = aliases[name]
        for used in sorted(uses(alias.type)):
            if used in aliases:
                visit(used)
        state[name] = "done"
        ordered_aliases.append(alias)

    for name in aliases:
        visit(name)
    placed: set[str] = {d.name for d in enums + models}
    result: list[ir.Definition] = []
    for alias in ordered_aliases:
        assert isinstance(alias, ir.AliasModel)
        missing = {u for u in uses(alias.type) if u in aliases and u not in placed}
        if missing:
            where = Location(spec_file, alias.source) if alias.source else None
            warnings.append(
                Diagnostic(
                    f"type alias {alias.name} refers to itself through {', '.join(sorted(missing))}; typed as Any",
                    where,
                )
            )
            alias = ir.AliasModel(alias.name, ir.Primitive("Any"), alias.doc, alias.source)
        placed.add(alias.name)
        result.append(alias)
    return enums + models + result
