"""The view of `_client.py`: each resource and operation as the client's methods and `Endpoint`s.

The signatures come from `surface.py` (worked out once, also what the diff compares); here they
become what `_client.py.j2` prints: the runtime's `ParameterSpec`/`PartEncoding` calls, response
types built on first call (`later`), typing overloads and the file's imports. `readme.py` and
`testing.py` reuse its example call and endpoint names, so both say what the client does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .. import ir, layout
from ..primitives import PRIMITIVES
from ..pysource import HELPER_MODULES, annotation, comment_line, docstring, literal, plain_annotation
from ..surface import Method, returned_type


def _tuple_literal(value: tuple[Any, ...]) -> str:
    """A tuple (of tuples) of JSON scalars as Python source."""
    items = [_tuple_literal(v) if isinstance(v, tuple) else literal(v) for v in value]
    return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"


@dataclass(frozen=True)
class ParameterView:
    name: str
    wire_literal: str
    annotation: str
    required: bool
    location: str


@dataclass(frozen=True)
class BodyView:
    annotation: str
    required: bool


@dataclass(frozen=True)
class ResponseView:
    """One documented response as the runtime's `ResponseSpec` arguments (literals and `Later` types)."""

    status: str
    kind: str
    type: str
    headers: str | None  # the typed response headers as a tuple of pairs


@dataclass(frozen=True)
class PaginationView:
    cursor_param: str
    cursor_path: list[str]
    items_attr: str
    items_name: str
    cursor_name: str
    item_type: str
    sync_return: str  # the iterators' `) -> ...:` lines as black lays them out
    async_return: str
    iterator_literal: str
    async_iterator_literal: str


@dataclass(frozen=True)
class OverloadView:
    """One `@overload` signature of a method whose header argument picks the status."""

    required_parameters: list[ParameterView]
    optional_parameters: list[ParameterView]
    body: BodyView | None
    return_type: str


@dataclass(frozen=True)
class OperationView:
    """One operation: its `Endpoint` constant and its methods, as `_client.py.j2` and the README print them."""

    name: str
    constant: str
    operation_id_literal: str
    method_literal: str
    path_literal: str
    method: str
    path_text: str
    doc: str
    summary_text: str
    raw_doc: str
    required_parameters: list[ParameterView]
    optional_parameters: list[ParameterView]
    path_parameters: list[ParameterView]
    query_parameters: list[ParameterView]
    header_parameters: list[ParameterView]
    cookie_parameters: list[ParameterView]
    body: BodyView | None
    body_kind: str
    body_type: str
    body_content_type: str
    return_type: str
    return_type_literal: str
    responses: list[ResponseView]
    idempotency_header: str
    idempotent: str
    parameters_argument: str | None
    body_encodings: list[str]
    body_sends_null: bool
    status_by_header: str | None  # `status_by_header=StatusByHeader(...),` as black lays it out
    servers: list[str]
    security: list[str]
    security_requirements: str | None
    pagination: PaginationView | None
    example_call: str
    overloads: list[OverloadView]


@dataclass(frozen=True)
class ChildView:
    attribute: str
    class_name: str


@dataclass(frozen=True)
class ResourceView:
    attribute: str
    access: str
    class_name: str
    doc: str
    operations: list[OperationView]
    children: list[ChildView]


def resource_view(resource: ir.Resource, methods: dict[str, Method], access: str | None = None) -> ResourceView:
    return ResourceView(
        attribute=resource.attribute,
        access=access or resource.attribute,  # the path from the client, e.g. "museum.tickets"
        class_name=resource.class_name,
        doc=docstring(resource.doc or f"Operations tagged `{resource.attribute}`.", "    "),
        operations=[_operation_view(methods[op.operation_id]) for op in resource.operations],
        children=[ChildView(c.attribute, c.class_name) for c in resource.children],
    )


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


def client_imports(api: ir.Api) -> _ClientImports:
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


def _operation_view(method: Method) -> OperationView:
    op = method.operation
    parameters = [
        ParameterView(a.name, literal(a.wire_name), a.annotation, a.required, a.location) for a in method.parameters
    ]
    return_type = method.return_annotation
    body = None if method.body is None else BodyView(method.body.annotation, method.body.required)
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
    return OperationView(
        name=op.python_name,
        constant=endpoint_constant(op),
        operation_id_literal=literal(op.operation_id),
        method_literal=literal(op.method),
        path_literal=literal(op.path),
        method=op.method,
        path_text=comment_line(op.path),
        doc=docstring("\n".join(doc_lines), "        "),
        summary_text=comment_line(op.summary or op.operation_id),
        raw_doc=docstring(f"{comment_line(op.summary or op.operation_id)} (raw response).", "        "),
        required_parameters=[p for p in parameters if p.required],
        optional_parameters=[p for p in parameters if not p.required],
        path_parameters=[p for p in parameters if p.location == "path"],
        query_parameters=[p for p in parameters if p.location == "query"],
        header_parameters=[p for p in parameters if p.location == "header"],
        cookie_parameters=[p for p in parameters if p.location == "cookie"],
        body=body,
        body_kind=literal(op.body.kind if op.body else None),
        body_type=later(plain_annotation(op.body.type)) if op.body else "None",
        body_content_type=literal(op.body.content_type if op.body else None),
        return_type=return_type,
        return_type_literal=literal(return_type),  # cast("...") takes the annotation as a string
        responses=[
            ResponseView(
                status=literal(r.status),
                kind=literal(r.kind),
                type=later(plain_annotation(r.type)) if r.type is not None else "None",
                headers=(
                    "(" + "".join(f"({literal(name)}, {later(plain_annotation(t))}), " for name, t in r.headers) + ")"
                    if r.headers
                    else None
                ),
            )
            for r in op.responses
        ],
        idempotency_header=literal(op.idempotency_header),
        idempotent=literal(op.idempotent),
        # `parameters=(ParameterSpec(...), ...),` as black lays it out (layout.py): check types can be long.
        parameters_argument=(
            layout.laid_out(layout.of_tuple([_parameter_spec(p) for p in op.parameters]), 4, "parameters=", ",")
            if op.parameters
            else None
        ),
        body_encodings=[_part_encoding(e) for e in op.body.encodings] if op.body else [],
        body_sends_null=op.body is not None and op.body.sends_null,
        status_by_header=_status_by_header(op),
        servers=[literal(url) for url in op.servers],
        security=[literal(s) for s in op.security],
        security_requirements=(None if op.security_requirements is None else _tuple_literal(op.security_requirements)),
        pagination=(
            None
            if op.pagination is None
            else PaginationView(
                cursor_param=literal(op.pagination.cursor_param),
                cursor_path=[literal(s) for s in op.pagination.cursor_path],
                items_attr=literal(op.pagination.items_attr),
                items_name=op.pagination.items_attr,
                cursor_name=op.pagination.cursor_param if op.pagination.cursor_param.isidentifier() else "cursor",
                item_type=plain_annotation(op.pagination.item_type),
                # the iterators' `) -> ...:` lines as black lays them out (layout.py)
                sync_return=layout.return_line(f"Iterator[{plain_annotation(op.pagination.item_type)}]", 4),
                async_return=layout.return_line(f"AsyncIterator[{plain_annotation(op.pagination.item_type)}]", 4),
                iterator_literal=literal(f"Iterator[{plain_annotation(op.pagination.item_type)}]"),
                async_iterator_literal=literal(f"AsyncIterator[{plain_annotation(op.pagination.item_type)}]"),
            )
        ),
        example_call=example_call(op, parameters),
        overloads=_overloads(op, parameters, body, return_type),
    )


def later(type_expression: str) -> str:
    """An endpoint's type as the runtime's `Later`: built on the endpoint's first call, so that
    importing the package builds no model (and imports no `models` module)."""
    return f"Later(lambda: {type_expression})"


def later_argument(name: str, type_expression: str) -> layout.Bracketed:
    """`name=` and `later(type_expression)`, laid out as black splits a long one (the lambda on a
    line of its own)."""
    return layout.of_call(f"{name}=Later", [f"lambda: {type_expression}"])


def endpoint_constant(op: ir.Operation) -> str:
    """The name of the operation's `Endpoint` in `_client.py` (`testing.py` refers to it too)."""
    return "_" + op.python_name.upper()


def _parameter_spec(parameter: ir.Parameter) -> layout.Bracketed:
    """The runtime's `ParameterSpec(...)` for a parameter: how its value is serialized, and the type
    a value given is checked against."""
    how = parameter.serialization
    arguments: list[layout.Layout] = [
        literal(parameter.wire_name),
        literal(parameter.location),
        literal(how.style),
        literal(how.explode),
    ]
    if how.allow_reserved:
        arguments.append("allow_reserved=True")
    if how.content_type is not None:
        arguments.append(f"content_type={literal(how.content_type)}")
    check = parameter_check_type(parameter)
    if check is not None:
        arguments.append(later_argument("type", check))
    return layout.of_call("ParameterSpec", arguments)


def _status_by_header(op: ir.Operation) -> str | None:
    """The `StatusByHeader` argument of the operation's `Endpoint`: the client refuses a success
    status other than the one its overloads promise, and the fake answers the one selected."""
    selector = op.status_by_header
    if selector is None:
        return None
    header = next(p.wire_name for p in op.parameters if p.python_name == selector.parameter)
    selects = [literal(header), layout.of_value(dict(selector.statuses)), literal(selector.when_omitted)]
    return layout.laid_out(layout.of_call("StatusByHeader", selects), 4, "status_by_header=", ",")


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


def example_call(op: ir.Operation, parameters: list[ParameterView]) -> str:
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
    op: ir.Operation, parameters: list[ParameterView], body: BodyView | None, return_type: str
) -> list[OverloadView]:
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

    def overload(annotation: str, required: bool, returned: str) -> OverloadView:
        replaced = [
            ParameterView(p.name, p.wire_literal, annotation, required, p.location) if p is chosen else p
            for p in parameters
        ]
        return OverloadView(
            required_parameters=[p for p in replaced if p.required],
            optional_parameters=[p for p in replaced if not p.required],
            body=body,
            return_type=returned,
        )

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


def _first_line(text: str | None) -> str:
    return (text or "").strip().split("\n")[0]
