"""Stage 5, render: IR -> the text of every file of the package (unformatted).

Views below compute every string a template prints (annotations, literals, escaped docs);
templates only lay them out. Static runtime modules are copied verbatim.
"""

from __future__ import annotations

import json
import re
import shlex
import textwrap
from dataclasses import dataclass, fields, replace
from decimal import Decimal
from typing import Any, assert_never

import jinja2

from . import __version__, ir, layout
from .diagnostics import Diagnostic, Location, printable
from .directions import sent_only_definitions
from .error_surface import error_types, runtime_exports, typed_errors
from .format import LINE_LENGTH
from .naming import NameRegistry, attribute_name, enum_member_name
from .primitives import PRIMITIVES
from .provenance import MANIFEST_FILE, manifest_json
from .pysource import HELPER_MODULES, annotation, comment_line, docstring, literal, plain_annotation, uses
from .runtime_dependencies import RUNTIME_DEPENDENCIES
from .surface import Method, attribute_of, decimal_base, method_of, returned_type
from .template_folder import TEMPLATES

FAKE_DATA_FILE = "_fake_data.json"  # the name the runtime's `_testing.py` reads
RUNTIME_FILES = (
    "_base_client.py",
    "_base_model.py",
    "_parse_mode.py",
    "_deviations.py",
    "_model.py",
    "_relaxed_validators.py",
    "_unions.py",
    "_constraints.py",
    "_wire_types.py",
    "_errors.py",
    "_webhook_signing.py",
    "_testing.py",
    "_fake_api.py",
    "_fake_routing.py",
    "_fake_checks.py",
    "_fake_answers.py",
    "_fake_state.py",
    "_fake_shapes.py",
    "_fake_rules.py",
    "_transport.py",
    "_wire.py",
    "_open_enum.py",
    "_deviations_log.py",
    "_files.py",
    "_outgoing.py",
    "_security.py",
    "_exact.py",
)


class _TemplateBytecode(jinja2.FileSystemBytecodeCache):
    """The templates compiled once, as Python keeps its modules compiled in `__pycache__`.

    Compiling the templates (Jinja's parser and code generator) was 60% of rendering Runa's
    package, on every run. Entries are keyed by each template's source and Jinja's and Python's
    versions, so an edited template is compiled again; nothing of a spec is in them. Where the
    folder cannot be written (a read-only install), templates are compiled in memory as before."""

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


def _template_bytecode() -> jinja2.BytecodeCache | None:
    folder = TEMPLATES / "__pycache__"
    try:
        folder.mkdir(exist_ok=True)
    except OSError:
        return None
    return _TemplateBytecode(str(folder))


_environment = jinja2.Environment(
    # package/: one template per generated file; macros/: what they share (layout.j2: black's layout).
    loader=jinja2.FileSystemLoader([str(TEMPLATES / "package"), str(TEMPLATES / "macros")]),
    bytecode_cache=_template_bytecode(),
    undefined=jinja2.StrictUndefined,
    keep_trailing_newline=True,
    trim_blocks=True,
    lstrip_blocks=True,
    autoescape=False,  # noqa: S701 - we emit Python, not HTML; every spec string is pre-escaped
)
_environment.globals["LINE_LENGTH"] = LINE_LENGTH  # layout.j2 lays out as black would at this width


def render_package(api: ir.Api, warnings: list[Diagnostic]) -> dict[str, str]:
    """Relative path -> file text for the whole package."""
    ordered = _ordered_definitions(api.definitions, warnings, api.spec_file)
    index = _DefinitionIndex.of(api)
    methods = {op.operation_id: method_of(op) for op in api.operations}  # the signatures, worked out once
    context = {"api": _api_view(api), "generator_version": __version__, "dependencies": _dependencies_view()}
    fake = _testing_view(api)  # testing.py's, and the README's section on it
    files = {
        "__init__.py": _render("__init__.py.j2", {**context, "modules": _package_modules()}),
        "models.py": _render(
            "models.py.j2",
            {
                **context,
                "unknown_variants": _unknown_variants(api),
                "open_enums": any(isinstance(d, ir.EnumModel) and d.unknown for d in api.definitions),
                "definitions": [_definition_view(d, api, index) for d in ordered],
            },
        ),
        "_client.py": _render(
            "_client.py.j2",
            {
                **context,
                "resources": [_resource_view(r, methods) for r in api.all_resources],
                "top_resources": [_resource_view(r, methods) for r in api.resources],
                "client_imports": _client_imports(api),
            },
        ),
        "webhooks.py": _render("webhooks.py.j2", {**context, "webhooks": [_webhook_view(w) for w in api.webhooks]}),
        "errors.py": _render("errors.py.j2", {**context, "errors": _errors_view(api)}),
        "README.md": _render(
            "README.md.j2",
            {
                **context,
                "resources": _readme_resource_views(api.resources, methods),
                "webhooks": [_webhook_view(w) for w in api.webhooks],
                "dispatch": _dispatch_example(api),
                "errors": _errors_view(api),
                "fake": fake,
            },
        ),
        "testing.py": _render("testing.py.j2", {**context, "fake": fake}),
        FAKE_DATA_FILE: _fake_data_json(api),
        "pyproject.toml": _render("pyproject.toml.j2", context),
        "py.typed": "",
        MANIFEST_FILE: manifest_json(api.provenance),
    }
    for name in RUNTIME_FILES:
        files[name] = (TEMPLATES / "runtime" / name).read_text(encoding="utf-8")
    return files


def _package_modules() -> list[str]:
    """The package's modules (the package's `__getattr__` imports them on first use)."""
    generated = ("models", "_client", "webhooks", "testing")
    return sorted([*generated, *(name.removesuffix(".py") for name in RUNTIME_FILES)])


def _render(template: str, context: dict[str, Any]) -> str:
    return _environment.get_template(template).render(**context)


# --- views --------------------------------------------------------------------------------------


def _api_view(api: ir.Api) -> dict[str, Any]:
    return {
        "title_literal": literal(api.title),
        "title_comment": _quoted_text(api.title),  # inside docstrings and TOML strings
        "doc": docstring(
            f"Python client for the {api.title} API, version {api.api_version}.\n\n{api.description or ''}".strip()
        ),
        "api_version": api.api_version,
        "api_version_literal": literal(api.api_version),
        "package_name": api.package_name,
        "client_name": api.client_name,
        "async_client_name": "Async" + api.client_name,
        "env_prefix_literal": literal(api.env_prefix),
        "env_prefix": api.env_prefix,
        "spec_sha256": api.spec_sha256,
        "regenerate": _regenerate_view(api),
        "import_name": api.provenance.import_name,
        "spec_file_literal": literal(api.spec_file),
        "spec_file": _quoted_text(api.spec_file),
        "servers": [
            {
                "environment": literal(s.environment),
                "url": literal(s.url),
                "name": s.environment,
                "url_text": comment_line(s.url),
            }
            for s in api.servers
        ],
        "servers_argument": layout.laid_out(
            layout.of_tuple(
                [layout.Bracketed("(", (literal(s.environment), literal(s.url)), ")") for s in api.servers]
            ),
            4,
            "servers=",
            ",",
        ),
        "security_schemes_argument": layout.laid_out(
            layout.of_tuple(
                [
                    layout.of_call(
                        "SecurityScheme",
                        [
                            f"name={literal(s.name)}",
                            f"kind={literal(s.kind)}",
                            f"location={literal(s.location)}",
                            f"param_name={literal(s.param_name)}",
                        ],
                    )
                    for s in api.security_schemes
                ]
            ),
            4,
            "security_schemes=",
            ",",
        ),
        "environments_type": (
            "Literal[" + ", ".join(literal(s.environment) for s in api.servers) + "]" if api.servers else "str"
        ),
        "security": [
            {
                "name": literal(s.name),
                "kind": literal(s.kind),
                "location": literal(s.location),
                "param_name": literal(s.param_name),
                "argument": s.argument,
                "argument_type": "tuple[str, str] | None" if s.kind == "basic" else "str | None",
                "env_var": literal(s.env_var),
                "env_var_text": s.env_var,
                "is_basic": s.kind == "basic",
            }
            for s in api.security_schemes
        ],
        "facts": {field.name: _fact_literal(getattr(api.facts, field.name)) for field in fields(ir.RuntimeFacts)},
        # Some operation may be called without any credential (no security, or an empty requirement).
        "requires_credentials": not any(
            not op.security or (op.security_requirements is not None and () in op.security_requirements)
            for op in api.operations
        ),
        "retries": _retries_view(api),
        "has_operation_servers": any(op.servers for op in api.operations),
        "operation_count": len(api.operations),
        "definition_count": len(api.definitions),
        "webhook_names": [w.python_name for w in api.webhooks],
        "request_shapes": [
            {"name": d.name, "of": d.request_shape_of}
            for d in api.definitions
            if isinstance(d, (ir.ObjectModel, ir.AliasModel)) and d.request_shape_of is not None
        ],
    }


def _retries_view(api: ir.Api) -> dict[str, Any]:
    """What the README's retry section says about this API's own operations."""
    keyed, side_effect_free = [], []
    for access, op in _operations_by_access(api.resources):
        if op.idempotency_header:
            argument = next(p.python_name for p in op.parameters if p.wire_name == op.idempotency_header)
            keyed.append(f"`{access}.{op.python_name}` (`{argument}=`, sent as {op.idempotency_header})")
        elif op.side_effect_free:
            side_effect_free.append(f"`{access}.{op.python_name}`")
    return {
        "keyed": keyed,
        "side_effect_free": side_effect_free,
        "error_types": [f"`{t}`" for t in api.facts.retry_error_types],
    }


def _operations_by_access(resources: tuple[ir.Resource, ...], prefix: str = "") -> list[tuple[str, ir.Operation]]:
    found = []
    for resource in resources:
        access = prefix + resource.attribute
        found += [(access, op) for op in resource.operations]
        found += _operations_by_access(resource.children, access + ".")
    return found


def _fact_literal(value: object) -> str:
    """A runtime fact as a `ClientConfig` argument: a tuple of names is a frozenset at run time."""
    if isinstance(value, tuple):
        return "frozenset({" + ", ".join(literal(item) for item in value) + "})" if value else "frozenset()"
    return literal(value)


def _unknown_variants(api: ir.Api) -> list[dict[str, str]]:
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
    views = []
    for name, union in unions.items():
        options = " | ".join(dict.fromkeys(plain_annotation(o, "") for o in union.options))
        doc = (
            f"A value received for `{options}` that fits none of those (in lenient mode): a newer API's variant, "
            "say. `raw` holds it as received; `deviations()` says why it fits none."
        )
        views.append({"name": name, "doc": docstring(doc, "    ")})
    return views


def _dispatch_example(api: ir.Api) -> dict[str, Any] | None:
    """For the README: the first webhook payload or response that is a union of models, to show
    exhaustive `isinstance` dispatch with its `Unknown...` member."""
    aliases = {d.name: d.type for d in api.definitions if isinstance(d, ir.AliasModel)}
    models = {d.name for d in api.definitions if isinstance(d, ir.ObjectModel)}
    places = [(w.type, f"`webhooks.parse_{w.python_name}`") for w in api.webhooks]
    places += [
        (r.type, f"the `{op.python_name}` operation") for op in api.operations for r in op.success_responses if r.type
    ]
    for type_, source in places:
        union = aliases.get(type_.name) if isinstance(type_, ir.ModelRef) else type_
        if not isinstance(union, ir.UnionOf) or not union.unknown:
            continue
        branches = [o.name for o in union.options if isinstance(o, ir.ModelRef) and o.name in models]
        if len(branches) == len(union.options):
            return {
                "annotation": plain_annotation(type_),
                "branches": [
                    {"keyword": "elif" if index else "if", "name": f"models.{name}"}
                    for index, name in enumerate(branches)
                ],
                "unknown": f"models.{union.unknown}",
                "source": source,
            }
    return None


@dataclass(frozen=True)
class _DefinitionIndex:
    """Aliases by name, built once per package (Stripe's spec has ~4000 definitions)."""

    aliases: dict[str, ir.TypeNode]
    sent_only: frozenset[str]

    @classmethod
    def of(cls, api: ir.Api) -> _DefinitionIndex:
        return cls(
            {d.name: d.type for d in api.definitions if isinstance(d, ir.AliasModel)},
            sent_only_definitions(api),
        )


def _definition_view(definition: ir.Definition, api: ir.Api, index: _DefinitionIndex) -> dict[str, Any]:
    if isinstance(definition, ir.EnumModel):
        return {
            "kind": "enum",
            "name": definition.name,
            # Members read as their values: `str(OrderStatusEnum.COMPLETED) == "COMPLETED"`.
            "bases": _enum_bases(definition),
            "doc": docstring(definition.doc, "    ") or docstring(f"`{definition.name}` values.", "    "),
            "members": [{"name": m.python_name, "value": literal(m.value)} for m in definition.members],
            "unknown": _unknown_enum_view(definition),
        }
    decimal = decimal_base(definition.name, index.sent_only)
    if isinstance(definition, ir.AliasModel):
        return {
            "kind": "alias",
            "name": definition.name,
            "declaration": layout.laid_out(
                layout.of_expression(annotation(definition.type, decimal)), 0, f"{definition.name}: TypeAlias = "
            ),
            "doc": docstring(definition.doc),
        }
    fields = [_field_view(f, decimal) for f in definition.fields]
    return {
        "kind": "model",
        "name": definition.name,
        "doc": docstring(definition.doc, "    ") or docstring(f"The `{definition.name}` object.", "    "),
        "fields": fields,
        "pinned": [literal(f.python_name) for f in definition.fields if f.always_send],
        "omit_none": [literal(f.python_name) for f in definition.fields if _none_means_absent(f, index.aliases)],
        "forbid_extra": definition.forbid_extra_on_requests,
        "open_on_requests": definition.extra_declared,
        "extra_annotation": (
            annotation(definition.extra)
            if definition.extra is not None and definition.extra != ir.Primitive("Any")
            else None
        ),
    }


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


def _unknown_enum_view(enum: ir.EnumModel) -> dict[str, str] | None:
    """The `Unknown...` class of an open enum: a value it does not list yet (`_open_enum.py`)."""
    if enum.unknown is None:
        return None
    value_type = {"str": "str", "int": "int", "float": "float"}.get(enum.base, "str")
    doc = (
        f"A value of `{enum.name}` that it does not list yet (the API says it will grow): received, "
        f"not a deviation. `value` holds it; send one only as `{enum.unknown}(value)`."
    )
    return {"name": enum.unknown, "base": f"UnknownEnumValue[{value_type}]", "doc": docstring(doc, "    ")}


def _enum_bases(enum: ir.EnumModel) -> str:
    """Base classes of a generated enum: members read as their values (`str(member)`, f-strings)."""
    if enum.base == "str":
        return "StrEnum"
    if enum.base == "int":
        return "IntEnum"
    if enum.base == "float":
        return "FloatEnum"
    return "Enum"  # "mixed": strings and numbers, members are their JSON values


def _field_view(field: ir.Field, decimal: str = "Decimal") -> dict[str, Any]:
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
    return {
        "name": field.python_name,
        "annotation": type_text,
        "value": value,
        "declaration": declaration,
        "doc": docstring(field.doc, "    "),
    }


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


def _tuple_literal(value: tuple[Any, ...]) -> str:
    """A tuple (of tuples) of JSON scalars as Python source."""
    items = [_tuple_literal(v) if isinstance(v, tuple) else literal(v) for v in value]
    return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"


def _ordered_definitions(
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


@dataclass(frozen=True)
class _ParameterView:
    name: str
    wire_literal: str
    annotation: str
    required: bool
    location: str


def _resource_view(resource: ir.Resource, methods: dict[str, Method], access: str | None = None) -> dict[str, Any]:
    return {
        "attribute": resource.attribute,
        "access": access or resource.attribute,  # the path from the client, e.g. "museum.tickets"
        "class_name": resource.class_name,
        "doc": docstring(resource.doc or f"Operations tagged `{resource.attribute}`.", "    "),
        "operations": [_operation_view(methods[op.operation_id]) for op in resource.operations],
        "children": [{"attribute": c.attribute, "class_name": c.class_name} for c in resource.children],
    }


def _readme_resource_views(
    resources: tuple[ir.Resource, ...], methods: dict[str, Method], prefix: str = ""
) -> list[dict[str, Any]]:
    """Every resource with operations, nested ones after their parent, with its path from the client."""
    views: list[dict[str, Any]] = []
    for resource in resources:
        access = prefix + resource.attribute
        if resource.operations:
            views.append(_resource_view(resource, methods, access))
        views += _readme_resource_views(resource.children, methods, access + ".")
    return views


# Names a parameter's check type (`parameter_check_type`) may use from `typing`; the runtime's helpers
# (`_base_model.Pattern`, `pydantic.Field`, `_exact.ExactValues`) are named through their modules,
# imported on first use.
_CHECK_TYPE_NAMES = ("Annotated", "Union")


def parameter_check_type(parameter: ir.Parameter) -> str | None:
    """The annotation a parameter's value is checked against before sending (`ParameterSpec.type`),
    or None when its schema says no more than `str` (nothing to check)."""
    check = annotation(parameter.type, prefix="models.", qualified=True)
    return None if check in ("str", "Any", "str | None") else check


@dataclass(frozen=True)
class _ClientImports:
    """The imports of `_client.py`: what runs with the package's import, what only type checkers
    read (its signatures are strings), and the package's modules imported on first use."""

    runtime: list[str]
    type_checking: list[str]
    on_first_use: list[str]


def _client_imports(api: ir.Api) -> _ClientImports:
    """`_client.py`'s imports: typing, the primitive types its signatures use, and what the
    parameters' check types use (`models`, `_base_model`: on first use; `pydantic`: its cheap root)."""
    types: list[ir.TypeNode] = []
    for op in api.operations:
        types += [p.type for p in op.parameters] + [r.type for r in op.responses if r.type is not None]
        types += [t for r in op.responses for _, t in r.headers]
        types += [op.body.type] if op.body is not None else []
        types += [op.pagination.item_type] if op.pagination is not None else []
    names = set().union(*(_primitive_names(t) for t in types)) if types else set()
    by_module: dict[str, list[str]] = {"typing": ["TYPE_CHECKING", "Any", "Literal", "cast"]}
    if any(op.status_by_header for op in api.operations):
        by_module["typing"].append("overload")
    checked: dict[str, list[str]] = {}
    for name in sorted(names & set(PRIMITIVES)):
        module = PRIMITIVES[name].import_from
        if module is not None:
            (checked if module == "._base_model" else by_module).setdefault(module, []).append(name)
    checks = " ".join(filter(None, (parameter_check_type(p) for op in api.operations for p in op.parameters)))
    for name in _CHECK_TYPE_NAMES:
        if re.search(rf"\b{name}\b", checks) and name not in by_module["typing"]:
            by_module["typing"].append(name)
    runtime = [f"from {module} import {', '.join(sorted(members))}" for module, members in sorted(by_module.items())]
    if re.search(r"\bpydantic\.", checks):
        runtime.insert(0, "import pydantic")
    helper_modules = ["_base_model", *sorted(set(HELPER_MODULES.values()) - {"pydantic"})]
    on_first_use = [module for module in helper_modules if re.search(rf"\b{module}\.", checks)]
    type_checking = [f"from . import {', '.join([*on_first_use, 'models'])}"] + [
        f"from {module} import {', '.join(sorted(members))}" for module, members in sorted(checked.items())
    ]
    return _ClientImports(runtime, type_checking, [*on_first_use, "models"])


def _primitive_names(node: ir.TypeNode) -> set[str]:
    if isinstance(node, ir.Primitive):
        return {node.name}
    if isinstance(node, (ir.ListOf,)):
        return _primitive_names(node.item)
    if isinstance(node, ir.MapOf):
        return _primitive_names(node.value)
    if isinstance(node, ir.Nullable):
        return _primitive_names(node.inner)
    if isinstance(node, ir.UnionOf):
        return set().union(*(_primitive_names(o) for o in node.options))
    return set()  # TupleOf is `list[Any]` outside models; the rest name models or literals


def _operation_view(method: Method) -> dict[str, Any]:
    op = method.operation
    parameters = [
        _ParameterView(a.name, literal(a.wire_name), a.annotation, a.required, a.location) for a in method.parameters
    ]
    return_type = method.return_annotation
    body = None if method.body is None else {"annotation": method.body.annotation, "required": method.body.required}
    doc_lines = [op.summary or op.operation_id]
    if op.doc and op.doc != op.summary:
        doc_lines += ["", op.doc]
    if op.deprecated:
        doc_lines += ["", "Deprecated by the API."]
    args_doc = []
    for p in op.parameters:
        if p.wire_name == op.idempotency_header:
            args_doc.append(
                f"{p.python_name}: {_first_line(p.doc)} Generated (UUID4) when not given; sent unchanged on every retry of this call.".replace(
                    "  ", " "
                ).strip()
            )
        elif p.doc:
            args_doc.append(f"{p.python_name}: {_first_line(p.doc)}")
    if args_doc:
        doc_lines += ["", "Args:"] + ["    " + line for line in args_doc]
    return {
        "name": op.python_name,
        "constant": _endpoint_constant(op),
        "operation_id_literal": literal(op.operation_id),
        "method_literal": literal(op.method),
        "path_literal": literal(op.path),
        "method": op.method,
        "path_text": comment_line(op.path),
        "doc": docstring("\n".join(doc_lines), "        "),
        "summary_text": comment_line(op.summary or op.operation_id),
        "raw_doc": docstring(f"{comment_line(op.summary or op.operation_id)} (raw response).", "        "),
        "required_parameters": [p for p in parameters if p.required],
        "optional_parameters": [p for p in parameters if not p.required],
        "path_parameters": [p for p in parameters if p.location == "path"],
        "query_parameters": [p for p in parameters if p.location == "query"],
        "header_parameters": [p for p in parameters if p.location == "header"],
        "cookie_parameters": [p for p in parameters if p.location == "cookie"],
        "body": body,
        "body_kind": literal(op.body.kind if op.body else None),
        "body_type": later(plain_annotation(op.body.type)) if op.body else "None",
        "body_content_type": literal(op.body.content_type if op.body else None),
        "return_type": return_type,
        "return_type_literal": literal(return_type),  # cast("...") takes the annotation as a string
        "responses": [
            {
                "status": literal(r.status),
                "kind": literal(r.kind),
                "type": later(plain_annotation(r.type)) if r.type is not None else "None",
                "headers": (
                    "(" + "".join(f"({literal(name)}, {later(plain_annotation(t))}), " for name, t in r.headers) + ")"
                    if r.headers
                    else None
                ),
            }
            for r in op.responses
        ],
        "idempotency_header": literal(op.idempotency_header),
        "idempotent": literal(op.idempotent),
        # `parameters=(ParameterSpec(...), ...),` as black lays it out (layout.py): check types can be long.
        "parameters_argument": (
            layout.laid_out(layout.of_tuple([_parameter_spec(p) for p in op.parameters]), 4, "parameters=", ",")
            if op.parameters
            else None
        ),
        "body_encodings": [_part_encoding(e) for e in op.body.encodings] if op.body else [],
        "body_sends_null": op.body is not None and op.body.sends_null,
        "servers": [literal(url) for url in op.servers],
        "security": [literal(s) for s in op.security],
        "security_requirements": (
            None if op.security_requirements is None else _tuple_literal(op.security_requirements)
        ),
        "pagination": (
            None
            if op.pagination is None
            else {
                "cursor_param": literal(op.pagination.cursor_param),
                "cursor_path": [literal(s) for s in op.pagination.cursor_path],
                "items_attr": literal(op.pagination.items_attr),
                "items_name": op.pagination.items_attr,
                "cursor_name": op.pagination.cursor_param if op.pagination.cursor_param.isidentifier() else "cursor",
                "item_type": plain_annotation(op.pagination.item_type),
                # the iterators' `) -> ...:` lines as black lays them out (layout.py)
                "sync_return": layout.return_line(f"Iterator[{plain_annotation(op.pagination.item_type)}]", 4),
                "async_return": layout.return_line(f"AsyncIterator[{plain_annotation(op.pagination.item_type)}]", 4),
                "iterator_literal": literal(f"Iterator[{plain_annotation(op.pagination.item_type)}]"),
                "async_iterator_literal": literal(f"AsyncIterator[{plain_annotation(op.pagination.item_type)}]"),
            }
        ),
        "example_call": _example_call(op, parameters),
        "overloads": _overloads(op, parameters, body, return_type),
    }


def later(type_expression: str) -> str:
    """An endpoint's type as the runtime's `Later`: built on the endpoint's first call, so that
    importing the package builds no model (and imports no `models` module)."""
    return f"Later(lambda: {type_expression})"


def _endpoint_constant(op: ir.Operation) -> str:
    """The name of the operation's `Endpoint` in `_client.py` (`testing.py` refers to it too)."""
    return "_" + op.python_name.upper()


def _testing_view(api: ir.Api) -> dict[str, Any]:
    """`testing.py`: the fake's routes and state rules, as literals (its JSON values: `_fake_data_json`)."""
    fake = api.fake or ir.FakeData(ir.FakeRules(), (), ())
    used: set[str] = set()
    routes = []
    for op in api.operations:
        parameters = []
        for p in op.parameters:
            used |= uses(p.type)
            default = literal(p.default) if p.has_default else "None"
            type_ = layout.of_expression(annotation(p.type))
            arguments = [literal(p.wire_name), literal(p.location), literal(p.required), type_, default]
            parameters.append(layout.of_call("Parameter", arguments))
        selector = op.status_by_header
        header = next((p.wire_name for p in op.parameters if selector and p.python_name == selector.parameter), None)
        by_header = None
        if selector is not None and header is not None:
            selects = [literal(header), layout.of_value(dict(selector.statuses)), literal(selector.when_omitted)]
            by_header = layout.laid_out(layout.of_call("StatusByHeader", selects), 12, "status_by_header=", ",")
        routes.append(
            {
                "constant": _endpoint_constant(op),
                "python_name": literal(op.python_name),
                # Laid out as black lays them out (layout.py), at their depth in the template.
                "parameters": layout.laid_out(layout.of_tuple(parameters), 12, "parameters=", ","),
                "status_by_header": by_header,
            }
        )
    rules = fake.rules
    readme = _testing_readme_view(api, rules)
    scheme = api.security_schemes[0] if api.security_schemes else None
    credential = ("('user', 'test')" if scheme.kind == "basic" else '"test"') if scheme else ""
    return {
        "class_name": "Fake" + (api.client_name.removesuffix("Client") or "Api"),
        "credential_argument": f"{scheme.argument}={credential}, " if scheme else "",
        "routes": routes,
        "model_imports": sorted(used),
        "webhooks": [{"key": literal(w.key), "type": plain_annotation(w.type)} for w in api.webhooks],
        "collections": [layout.laid_out(_rule_layout(c), 8, tail=",") for c in rules.collections],
        "balance": _rule_argument("balance", rules.balance),
        "idempotency": _rule_argument("idempotency", rules.idempotency),
        "prices": _rule_argument("prices", rules.prices),
        "refusals": [layout.laid_out(_rule_layout(r), 8, tail=",") for r in rules.refusals],
        "readme": readme,
        "rules": _fake_rules_docs(api, rules),
        "stateful": bool(rules.collections or rules.balance or rules.idempotency or rules.prices),
        "state_summary": _state_summary(api, rules),
        "state_summary_doc": docstring(_state_summary(api, rules) + ".", "    ")[3:-3],
    }


def _fake_data_json(api: ir.Api) -> str:
    """`_fake_data.json`: the fake's example bodies (operation's Python name -> status -> bodies) and
    model templates. JSON, not Python: values are data the fake reads on first use, and as source
    they were most of a large spec's package for black to format (Stripe: one 8 MB statement).
    ASCII only (any string survives, lone surrogates included); keys as text, as JSON has them."""
    fake = api.fake or ir.FakeData(ir.FakeRules(), (), ())
    names = {op.operation_id: op.python_name for op in api.operations}
    data = {
        "examples": {
            names[operation_id]: {e.status: [_json_keys(v) for v in e.values] for e in examples}
            for operation_id, examples in fake.responses
            if examples and operation_id in names
        },
        "templates": {name: _json_keys(value) for name, value in fake.templates},
        "own": {
            names[operation_id]: {e.status: e.own for e in examples if e.own}
            for operation_id, examples in fake.responses
            if any(e.own for e in examples) and operation_id in names
        },
    }
    return json.dumps(data, indent=1, ensure_ascii=True, default=str) + "\n"


def _json_keys(value: Any) -> Any:
    """`value` with every mapping key as text, spelled as the spec's loader read it (`str(key)`:
    a YAML key `1` becomes "1" here as in the generated literals before; json would write `true`
    for a boolean key where str() writes "True")."""
    if isinstance(value, dict):
        return {str(k): _json_keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_keys(v) for v in value]
    return value


def _testing_readme_view(api: ir.Api, rules: ir.FakeRules) -> dict[str, Any] | None:
    """The README's test: the first collection's create operation (else the first operation), rate
    limited once; `advance()` and the webhook it delivers when the rules have them."""
    located = [(access, op) for access, op in _operations_with_access(api.resources, "")]
    if not located:
        return None
    creates = {c.create: c for c in rules.collections}
    access, op = next(((a, o) for a, o in located if o.operation_id in creates), located[0])
    rule = creates.get(op.operation_id)
    webhooks = {w.key: w.python_name for w in api.webhooks}
    delivered = [webhooks[key] for _, key in rule.webhooks if key in webhooks] if rule is not None else []
    parameters = [  # the signature's arguments (the idempotency key, generated by the client, is optional)
        _ParameterView(a.name, literal(a.wire_name), "", a.required, a.location) for a in method_of(op).parameters
    ]
    example_body = dict(op.example_arguments).get("body")
    return {
        "name": op.python_name,
        "name_literal": literal(op.python_name),
        "call": f"{access}.{_example_call(op, parameters)}",
        "idempotent": op.idempotency_header is not None,
        "advance": bool(rule is not None and rule.advance),
        "webhook": delivered[0] if delivered else None,
        "seed": _seed_view(api, rules, example_body, located),
        "priced": _priced_view(api, rules, rule, example_body, located),
    }


def _seed_view(
    api: ir.Api, rules: ir.FakeRules, body: object, located: list[tuple[str, ir.Operation]]
) -> dict[str, str] | None:
    """The README's seeding lines: three objects put into the first seeded collection that pages (the
    first named by the example body's product, with a discount when prices read one), paged by two."""
    catalogue = next((c for c in rules.collections if c.create is None and c.list and c.limit_param), None)
    listing = next(((a, o) for a, o in located if catalogue and o.operation_id == catalogue.list), None)
    if catalogue is None or listing is None or listing[1].pagination is None:
        return None
    prices = rules.prices if rules.prices and rules.prices.catalogue == catalogue.list else None
    items = _value_at(body, prices.items) if prices else None
    named = _value_at(items[0], prices.product) if prices and isinstance(items, list) and items else None
    first = named if isinstance(named, str) else "EXAMPLE-1"
    ids = [first, f"{first}-2", f"{first}-3"]
    objects: list[dict[str, object]] = [{catalogue.id_field: i} for i in ids]
    if prices is not None and prices.discount:
        objects[0][prices.discount] = "0.10"
    access, op = listing
    id_attribute = attribute_name(catalogue.id_field)
    return {
        "seed": f"fake.seed({literal(op.python_name)}, {literal(objects)})",
        "page": f"[item.{id_attribute} for item in client.{access}.iter_{op.python_name}({catalogue.limit_param}=2)]",
        "ids": literal(ids),
        "name": op.python_name,
    }


def _priced_view(
    api: ir.Api,
    rules: ir.FakeRules,
    rule: ir.FakeCollection | None,
    body: object,
    located: list[tuple[str, ir.Operation]],
) -> dict[str, str] | None:
    """The README's price check: the created object fetched back, its one item's price the face value
    less the seeded discount (`_seed_view`'s 0.10, rounded as the rule rounds), paid from the balance."""
    prices = rules.prices
    fetching = next(((a, o) for a, o in located if rule and o.operation_id == rule.fetch), None)
    if prices is None or rule is None or fetching is None or rule.create not in prices.operations:
        return None
    if not prices.total_price or not prices.discount or _seed_view(api, rules, body, located) is None:
        return None
    items = _value_at(body, prices.items)
    currency = _value_at(body, prices.currency_from)
    path = [p for p in fetching[1].parameters if p.location == "path"]
    if not isinstance(items, list) or len(items) != 1 or not isinstance(currency, str) or len(path) != 1:
        return None
    access, fetch = fetching
    item = attribute_name(prices.item_price)
    face = attribute_name(prices.face_value)
    cent = literal(str(Decimal(1).scaleb(-prices.places)))
    return {
        "fetch": f"client.{access}.{fetch.python_name}({path[0].python_name}=result.{attribute_name(rule.id_field)})",
        "items_attr": attribute_name(prices.items[-1]),
        "price": f'item.{item} == item.{face} - (item.{face} * Decimal("0.10")).quantize(Decimal({cent}), ROUND_HALF_UP)',
        "total": f"done.{attribute_name(prices.total_price)} == item.{item}",
        "balance": f'fake.balance({literal(currency)}) == Decimal("1000.00") - done.{attribute_name(prices.total_price)}',
    }


_FILTER_WORDS = {
    "equals": "objects whose `{field}` is the value sent",
    "any": "objects whose `{field}` holds any of the values sent",
    "only_when_true": "`true`: objects whose `{field}` is true; `false`: all of them",
}


def _fake_rules_docs(api: ir.Api, rules: ir.FakeRules) -> dict[str, Any]:
    """The README's description of the fake's rules as data: seeded collections, prices, refusals."""
    names = {op.operation_id: op for op in api.operations}
    seeded = []
    for c in rules.collections:
        if c.create is not None or c.list is None:
            continue
        listing = names[c.list]
        cursors = [
            f"`{p}`"
            for p in ((listing.pagination.cursor_param,) if listing.pagination else ())
            + ((c.before_param,) if c.before_param else ())
        ]
        seeded.append(
            {
                "list": listing.python_name,
                "fetch": names[c.fetch].python_name if c.fetch else None,
                "id_field": c.id_field,
                "limit": c.limit_param,
                "cursors": " and ".join(cursors),
                "filters": [f"`{f.param}` ({_FILTER_WORDS[f.match].format(field=f.field)})" for f in c.filters],
            }
        )
    prices = rules.prices
    priced = None
    if prices is not None:
        product = ".".join(prices.product)
        catalogue = names[prices.catalogue].python_name if prices.catalogue else None
        priced = {
            "operations": " and ".join(f"`{names[op].python_name}`" for op in prices.operations),
            "items_path": ".".join(prices.items),
            "face": prices.face_value,
            "balance": rules.balance is not None,
            "price": prices.item_price,
            "discount": prices.discount,
            "product": product,
            "catalogue": catalogue,
            "places": prices.places,
            "total_price": prices.total_price,
            "total_discount": prices.total_discount,
            "docs": prices.docs,
        }
    rows = [_refusal_row(names, rules, r) for r in rules.refusals]
    if rules.balance is not None and prices is not None and prices.total_price:
        create = next((c.create for c in rules.collections if c.create in prices.operations), None)
        if create is not None:
            rows.append(
                {
                    "operation": names[create].python_name,
                    "when": f"its `{prices.total_price}` is more than the balance in its currency (`fake.balance(currency)`)",
                    "status": rules.balance.insufficient_status,
                    "type": rules.balance.insufficient_type,
                    "docs": rules.balance.docs,
                }
            )
    return {"seeded": seeded, "prices": priced, "refusals": rows}


def _refusal_row(names: dict[str, ir.Operation], rules: ir.FakeRules, refusal: ir.FakeRefusal) -> dict[str, str]:
    prices = rules.prices
    assert prices is not None  # a refusal reads items as the price rule names them (options.py)
    members = " or ".join(f"`{'.'.join(m)}`" for m in refusal.members)
    face = f"an item's `{prices.face_value}`"
    catalogue = names[prices.catalogue].python_name if prices.catalogue else ""
    when = {
        "items_at_most": f"more than {refusal.limit} item(s) in `{'.'.join(prices.items)}`",
        "product_known": f"an item's `{'.'.join(prices.product)}` names no product seeded into `{catalogue}`",
        "product_flag": f"an item's product has {members} false",
        "face_value_in": f"{face} is not one of its product's {members} (when given)",
        "face_value_min": f"{face} is below its product's {members}",
        "face_value_max": f"{face} is above its product's {members}",
    }[refusal.check]
    if refusal.when_header is not None:
        when += f", with header `{refusal.when_header[0]}: {refusal.when_header[1]}`"
    return {
        "operation": names[refusal.operation].python_name,
        "when": when,
        "status": refusal.status,
        "type": refusal.type,
        "docs": refusal.docs,
    }


def _value_at(value: object, path: tuple[str, ...]) -> object:
    for name in path:
        value = value.get(name) if isinstance(value, dict) else None
    return value


def _operations_with_access(resources: tuple[ir.Resource, ...], prefix: str) -> list[tuple[str, ir.Operation]]:
    found = []
    for resource in resources:
        access = prefix + resource.attribute
        found += [(access, op) for op in resource.operations]
        found += _operations_with_access(resource.children, access + ".")
    return found


# The runtime's class (`_testing.py`) for each rule of the IR, and the fields that are mappings there.
_RULE_CLASSES = {
    ir.FakeCollection: "Collection",
    ir.FakeFilter: "Filter",
    ir.FakePrices: "Prices",
    ir.FakeRefusal: "Refusal",
    ir.FakeBalance: "Balance",
    ir.FakeIdempotency: "IdempotencyErrors",
}
_PAIR_FIELDS = {"status_by_response", "advance", "webhooks", "item_members"}


def _rule_layout(rule: Any) -> layout.Bracketed:
    """The runtime's constructor call for a rule of the `fake:` options, `Name(field=value, ...)`,
    laid out as black lays it out; pairs become dicts (the runtime reads them as mappings)."""
    arguments: list[layout.Layout] = []
    for field in fields(rule):
        value = getattr(rule, field.name)
        argument = layout.of_value(dict(value)) if field.name in _PAIR_FIELDS else _rule_value(value)
        if isinstance(argument, layout.Bracketed):
            arguments.append(replace(argument, open=f"{field.name}={argument.open}"))
        else:
            arguments.append(f"{field.name}={argument}")
    return layout.of_call(_RULE_CLASSES[type(rule)], arguments)


def _rule_value(value: Any) -> layout.Layout:
    if isinstance(value, tuple):
        if not value:
            return "()"
        return layout.Bracketed("(", tuple(_rule_value(item) for item in value), ")", one_tuple=len(value) == 1)
    if type(value) in _RULE_CLASSES:
        return _rule_layout(value)
    return literal(value)


def _rule_argument(name: str, rule: Any) -> str:
    """`name=Rule(...),` at the depth of `ApiDescription`'s arguments (None when there is no rule)."""
    return layout.laid_out(_rule_layout(rule) if rule is not None else "None", 4, f"{name}=", ",")


def _state_summary(api: ir.Api, rules: ir.FakeRules) -> str:
    """One sentence per kind of state, naming the operations as the client's methods."""
    names = {op.operation_id: f"`{op.python_name}`" for op in api.operations}
    parts = []
    for c in rules.collections:
        reads = " and ".join(names[op] for op in (c.fetch, c.list) if op)
        made = names[c.create] if c.create else f'`fake.seed("{names[c.list or ""].strip("`")}", items)`'
        verb = "creates" if c.create else "puts in"
        text = f"what {made} {verb} is read back by {reads}" if reads else f"{made} keeps what it creates"
        moves = ", ".join(f"{before} to {after}" for before, after in c.advance)
        parts.append(text + (f", and `fake.advance()` moves it from {moves}" if moves else ""))
    if rules.balance:
        parts.append(f"{names[rules.balance.operation]} reports a balance that pays for it")
    if rules.idempotency:
        parts.append(
            "a reused idempotency key replays the first answer (errors included), or answers "
            f"`{rules.idempotency.mismatch_type}` (another body) or `{rules.idempotency.in_progress_type}` (still in progress)"
        )
    return comment_line("; ".join(parts))


def _parameter_spec(parameter: ir.Parameter) -> layout.Bracketed:
    """The runtime's `ParameterSpec(...)` for a parameter: how its value is serialized, and the type
    a value given is checked against."""
    how = parameter.serialization
    arguments = [literal(parameter.wire_name), literal(parameter.location), literal(how.style), literal(how.explode)]
    if how.allow_reserved:
        arguments.append("allow_reserved=True")
    if how.content_type is not None:
        arguments.append(f"content_type={literal(how.content_type)}")
    check = parameter_check_type(parameter)
    if check is not None:
        arguments.append(f"type={later(check)}")
    return layout.of_call("ParameterSpec", arguments)


def _part_encoding(encoding: ir.PartEncoding) -> str:
    """The runtime's `PartEncoding(...)` for one `encoding` entry of a form or multipart body."""
    arguments = [literal(encoding.name)]
    how = encoding.serialization
    if how is not None:
        arguments += [f"style={literal(how.style)}", f"explode={literal(how.explode)}"]
        if how.allow_reserved:
            arguments.append("allow_reserved=True")
    if encoding.content_type is not None:
        arguments.append(f"content_type={literal(encoding.content_type)}")
    if encoding.headers:
        pairs = "".join(f"({literal(name)}, {literal(value)}), " for name, value in encoding.headers)
        arguments.append(f"headers=({pairs.rstrip()})")
    return f"PartEncoding({', '.join(arguments)})"


def _example_call(op: ir.Operation, parameters: list[_ParameterView]) -> str:
    """The call with the spec's example arguments (`op.example_arguments`); `...` where it has none."""
    examples = dict(op.example_arguments)
    # A spec's example can be any size; past a screenful it stops illustrating anything.
    arguments = [
        f"{name}={text if len(text := literal(value)) <= 3000 else '...'}" for name, value in op.example_arguments
    ]
    arguments += [f"{p.name}=..." for p in parameters if p.required and p.name not in examples]
    if op.body is not None and op.body.required and "body" not in examples:
        arguments.append("body={...}")
    return f"{op.python_name}({', '.join(arguments)})"


def _overloads(
    op: ir.Operation, parameters: list[_ParameterView], body: dict[str, Any] | None, return_type: str
) -> list[dict[str, Any]]:
    """`@overload` signatures when a header argument picks the success status (`op.status_by_header`):
    each group of values returns its status's model; None returns the status sent when omitted."""
    selector = op.status_by_header
    if selector is None:
        return []
    returns = {r.status: plain_annotation(returned_type(r)) for r in op.success_responses}
    chosen = next(p for p in parameters if p.name == selector.parameter)
    values_by_status: dict[str, list[str]] = {}
    for value, status in selector.statuses:
        values_by_status.setdefault(status, []).append(value)

    def overload(annotation: str, required: bool, returned: str) -> dict[str, Any]:
        replaced = [
            _ParameterView(p.name, p.wire_literal, annotation, required, p.location) if p is chosen else p
            for p in parameters
        ]
        return {
            "required_parameters": [p for p in replaced if p.required],
            "optional_parameters": [p for p in replaced if not p.required],
            "body": body,
            "return_type": returned,
        }

    overloads = []
    for status, values in values_by_status.items():
        annotation = "Literal[" + ", ".join(literal(v) for v in values) + "]"
        omitted = status == selector.when_omitted
        overloads.append(overload(annotation + " | None" if omitted else annotation, not omitted, returns[status]))
    if selector.when_omitted is None:
        overloads.append(overload("None", False, return_type))
    declared = next(p.type for p in op.parameters if p.python_name == selector.parameter)
    if not isinstance(declared, ir.LiteralOf) or {str(v) for v in declared.values} != {v for v, _ in selector.statuses}:
        overloads.append(overload(chosen.annotation, False, return_type))  # any other value: any status
    return overloads


def _errors_view(api: ir.Api) -> dict[str, Any]:
    """The generated `errors.py`: each status's exception with its documented body, and the error types."""
    names = NameRegistry(frozenset())
    typed = typed_errors(api)
    redefined = {error.name for error in typed}
    exported = runtime_exports(TEMPLATES / "runtime" / "_errors.py")
    return {
        "imported": [name for name in exported if name not in redefined],
        "all": [literal(name) for name in sorted({*exported, "ErrorType"})],
        "typed": [
            {
                "name": error.name,
                "annotation": " | ".join([*error.bodies, "Any"]),
                "markdown": " or ".join(f"`{body}`" for body in error.bodies),
                "doc": docstring(
                    textwrap.fill(
                        f"The body of a {', '.join(map(str, error.statuses))} answer as documented, parsed "
                        f"into {' or '.join(f'`{b}`' for b in error.bodies)}; the raw JSON value or text when "
                        "it does not parse (strict response validation, another content type).",
                        width=LINE_LENGTH - 8,
                    ),
                    "    ",
                ),
            }
            for error in typed
        ],
        "types": [
            {"name": names.claim(enum_member_name(value), separator="_"), "value": literal(value)}
            for value in error_types(api)
        ],
    }


def _dependencies_view() -> dict[str, Any]:
    """The runtime dependencies as the package's metadata declares them and as its README says they were tested."""
    return {
        "requirements": ", ".join(f'"{d.requirement}"' for d in RUNTIME_DEPENDENCIES),
        "tested": [f"{d.name} {d.lowest} and {d.newest}" for d in RUNTIME_DEPENDENCIES],
        "ranges": [f"`{d.requirement}`" for d in RUNTIME_DEPENDENCIES],
    }


def _regenerate_view(api: ir.Api) -> dict[str, Any]:
    """What the README's "Regenerate" section says: what made the package and the commands that
    check and remake it, without any path of the machine it was made on (`_generated_from.json`
    holds the files themselves)."""
    made = api.provenance
    spec = made.of_role("spec")[0]
    arguments = [spec.name, "--output", "DIR", "--package-name", made.package_name]
    if made.api_version is not None:
        arguments += ["--api-version", made.api_version]
    for overlay in made.of_role("explicit_overlay"):
        arguments += ["--overlay", overlay.name]
    arguments += ["--strict"] * made.strict + ["--allow-external-refs"] * made.allow_external_refs
    return {
        "generator_version": made.generator_version,
        "spec": printable(spec.name),
        "spec_sha256": spec.sha256,
        "inputs": [
            f"`{printable(_source_place(source))}` (sha256 `{source.sha256[:16]}...`)"
            for source in made.sources
            if source.role != "spec"
        ],
        "generate": printable(" ".join(["python", "-m", "generator", *(shlex.quote(a) for a in arguments)])),
        "manifest": MANIFEST_FILE,
    }


def _source_place(source: ir.SourceFile) -> str:
    """Where a source sits beside the spec for the generator to find it by itself."""
    if source.role == "overlay":
        return f"overlays/{source.name}"
    if source.role == "options":
        return f"options/{source.name}"
    return source.name


def _quoted_text(text: str | None) -> str:
    """One line of spec text that is safe inside a docstring or a TOML basic string: control
    characters become spaces, backslashes and double quotes are escaped."""
    return docstring(comment_line(text))[3:-3]


def _first_line(text: str | None) -> str:
    return (text or "").strip().split("\n")[0]


def _webhook_view(webhook: ir.Webhook) -> dict[str, Any]:
    annotation_text = plain_annotation(webhook.type)
    return {
        "name": webhook.python_name,
        # The parser's signature and first line as black lays them out (layout.py).
        "parse_signature": layout.laid_out(
            layout.of_def(
                f"parse_{webhook.python_name}",
                ["payload: bytes | str | Mapping[str, Any]", "*", "strict: bool = False"],
                annotation_text,
            ),
            0,
        ),
        "parse_value": layout.laid_out(
            layout.of_call(
                "_base_client.parse_value",
                [annotation_text, "_decode(payload)", f"operation={literal(webhook.key)}", "strict=strict"],
            ),
            4,
            f"value: {annotation_text} = ",
        ),
        "key_literal": literal(webhook.key),
        "key_text": _quoted_text(webhook.key),
        "annotation": plain_annotation(webhook.type),
        "doc": docstring(
            f"Parse a `{webhook.key}` webhook payload (bytes, str or an already-decoded dict).\n\n{webhook.doc or ''}".strip()
            + "\n\nA payload that breaks the spec raises `errors.ResponseValidationError` with `strict=True`; "
            "otherwise it is returned with each deviation recorded (`deviations()`) and logged.",
            "    ",
        ),
    }
