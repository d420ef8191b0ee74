"""Paths -> IR operations: parameters, security, retries, pagination; bodies and responses by `payloads.py`."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from . import ir
from .diagnostics import Diagnostic, DuplicateOperationId, GeneratorError
from .naming import NameRegistry, attribute_name, pascal_case, snake_case
from .options import GeneratorOptions, PaginationRule, option_location
from .parameters import effective_parameters, parameter_nodes, parameter_schema
from .payloads import PayloadReader, text_of
from .pysource import plain_annotation
from .reserved import template_attributes
from .resolve import Node, ResolvedSpec
from .schemas import SchemaReader
from .schemas.defaults import typed_default
from .serialization import (
    default_style,
    media_kind,
    parameter_serialization,
    value_shape,
)
from .servers import override_urls

# The fixed operation keys of a path item (3.2 added `query`); the IR, its webhooks and the diff all read these.
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace", "query")
# Methods whose repetition has no further effect (RFC 9110 9.2.1 safe and 9.2.2 idempotent; QUERY is
# safe by its draft): the client retries them on any transient failure. Safe ones first, as the README lists them.
IDEMPOTENT_METHODS = ("get", "head", "options", "trace", "put", "delete", "query")
# The per-call options every generated method takes after the spec's parameters (laid out by
# templates/package/_client.py.j2; tests/test_call_options.py keeps the two in step).
CALL_OPTIONS = ("extra_headers", "timeout", "max_retries", "total_timeout")
# Names the generated methods use for themselves; a parameter with one of these names is renamed.
_METHOD_RESERVED = frozenset({"self", "body", "cast", "models", *CALL_OPTIONS})
DEFAULT_IDEMPOTENCY_HEADER = "Idempotency-Key"  # the IETF draft's name (draft-ietf-httpapi-idempotency-key-header)
_IDEMPOTENCY_HEADER = re.compile(r"^(x-)?idempotency-key$", re.IGNORECASE)


def read_operations(
    spec: ResolvedSpec, schemas: SchemaReader, options: GeneratorOptions, warnings: list[Diagnostic]
) -> list[ir.Operation]:
    """Every operation of every path, in document order; operationIds must be unique."""
    root = spec.root_node()
    paths = root.value.get("paths") or {}
    if not isinstance(paths, dict):
        raise GeneratorError("`paths` must be a mapping", root.child("paths").locate())
    operations: list[ir.Operation] = []
    seen_ids: dict[str, str] = {}
    method_names = NameRegistry(template_attributes())  # a resource's own attributes (`with_raw_response`, ...)
    global_security = root.value.get("security")
    for path in paths:
        if path.startswith("x-"):
            continue  # a specification extension, not a path
        if not path.startswith("/"):
            # The client appends the path to its base URL: "@evil.example/x" would change the host.
            raise GeneratorError(f"path {path!r} must begin with '/'", root.child("paths", path).locate())
        if any(segment in (".", "..") for segment in path.split("/")):
            # HTTP clients resolve dot segments ("/a/../b" is "/b", and "/../x" leaves the base URL's
            # path), so the runtime sends them percent-encoded: the operation is called where it is spelled.
            warnings.append(
                Diagnostic(
                    f"path {path!r} has a '.' or '..' segment; the client sends it percent-encoded ('%2E'), not resolved",
                    root.child("paths", path).locate(),
                )
            )
        item = spec.follow(root.child("paths", path))
        if not isinstance(item.value, dict):
            raise GeneratorError("a path item must be a mapping", item.locate())
        shared_parameters = parameter_nodes(spec, item, strict=True)
        for method, node in operation_nodes(item):
            if not isinstance(node.value, dict):
                raise GeneratorError("an operation must be a mapping", node.locate())
            operation_id = node.value.get("operationId")
            if not isinstance(operation_id, str) or not operation_id.strip():
                operation_id = f"{method}_{path}"
            if operation_id in seen_ids:
                raise DuplicateOperationId(
                    f"duplicate operationId {operation_id!r} (also at {seen_ids[operation_id]}): each operation needs its own name",
                    node.child("operationId").locate() if "operationId" in node.value else node.locate(),
                )
            seen_ids[operation_id] = node.pointer
            reader = _OperationReader(spec, schemas, options, warnings, node, path, method, operation_id)
            operation = reader.read(shared_parameters, method_names.claim(_method_name(operation_id)), global_security)
            own_servers = override_urls(node.value.get("servers")) or override_urls(item.value.get("servers"))
            operations.append(replace(operation, servers=own_servers) if own_servers else operation)
    return operations


def callback_nodes(spec: ResolvedSpec) -> list[tuple[str, str, str, Node]]:
    """(operationId, callback name, URL expression, path item) of every operation's `callbacks`."""
    found: list[tuple[str, str, str, Node]] = []
    root = spec.root_node()
    paths = root.value.get("paths")
    for path in paths if isinstance(paths, dict) else {}:
        if not path.startswith("/"):
            continue  # extensions (read_operations refuses other keys)
        item = spec.follow(root.child("paths", path))
        if not isinstance(item.value, dict):
            continue
        for method, node in operation_nodes(item):
            callbacks = node.value.get("callbacks") if isinstance(node.value, dict) else None
            operation_id = node.value.get("operationId") if isinstance(node.value, dict) else None
            for name in callbacks if isinstance(callbacks, dict) else {}:
                callback = spec.follow(node.child("callbacks", name))
                for expression in callback.value if isinstance(callback.value, dict) else {}:
                    if isinstance(expression, str) and not expression.startswith("x-"):
                        found.append(
                            (
                                str(operation_id or f"{method}_{path}"),
                                str(name),
                                expression,
                                spec.follow(callback.child(expression)),
                            )
                        )
    return found


def operation_nodes(item: Node) -> list[tuple[str, Node]]:
    """(method, operation node) of a path item: the fixed methods, then 3.2 `additionalOperations`."""
    found = [(method, item.child(method)) for method in HTTP_METHODS if method in item.value]
    extra = item.value.get("additionalOperations")
    if isinstance(extra, dict):
        for method in extra:
            if isinstance(method, str) and re.fullmatch(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+", method):
                found.append((method, item.child("additionalOperations", method)))  # sent exactly as spelled
            else:
                raise GeneratorError(
                    f"`additionalOperations` key {method!r} is not an HTTP method token",
                    item.child("additionalOperations").locate(),
                )
    return found


def wire_method(method: str) -> str:
    """The method as sent: a fixed one upper-cased (`query` -> QUERY), an `additionalOperations` key as spelled."""
    return method.upper() if method in HTTP_METHODS else method


def _method_name(operation_id: str) -> str:
    name = snake_case(operation_id) or "call"
    return attribute_name(name) if not name[0].isdigit() else f"op_{name}"


class _OperationReader:
    def __init__(
        self,
        spec: ResolvedSpec,
        schemas: SchemaReader,
        options: GeneratorOptions,
        warnings: list[Diagnostic],
        node: Node,
        path: str,
        method: str,
        operation_id: str,
    ) -> None:
        self.spec, self.schemas, self.options, self.warnings = spec, schemas, options, warnings
        self.node, self.path, self.method, self.operation_id = node, path, method, operation_id
        self.context = pascal_case(operation_id) or "Operation"
        self.openapi_version = str(spec.root.data.get("openapi", "3.0"))[:3]
        self._payloads = PayloadReader(spec, schemas, warnings, node, self.context, self.openapi_version)

    def read(self, shared_parameters: list[Node], python_name: str, global_security: Any) -> ir.Operation:
        value = self.node.value
        parameters = self._parameters(shared_parameters)
        responses = self._payloads.responses()
        tags = value.get("tags")
        tag = tags[0] if isinstance(tags, list) and tags and isinstance(tags[0], str) else "default"
        security = value.get("security", global_security)
        idempotency = next(
            (
                p.wire_name
                for p in parameters
                if p.location == "header" and _is_idempotency_header(p.wire_name, self.options)
            ),
            None,
        )
        visible = tuple(
            p
            for p in parameters
            if not (
                p.location == "header"
                and self.options.facts.version_header
                and p.wire_name.lower() == self.options.facts.version_header.lower()
            )
        )
        # Documented free of side effects although its method is unsafe (options): repeated like a GET.
        side_effect_free = (
            self.method.lower() not in IDEMPOTENT_METHODS
            and self.operation_id in self.options.side_effect_free_operations
        )
        idempotent = self.method.lower() in IDEMPOTENT_METHODS or side_effect_free
        if not idempotent and idempotency is None and self.options.idempotency_key_on_unsafe_operations:
            idempotency = self.options.idempotency_header or DEFAULT_IDEMPOTENCY_HEADER
            visible += (_idempotency_key_parameter(idempotency, {p.python_name for p in visible}),)
        return ir.Operation(
            operation_id=self.operation_id,
            python_name=python_name,
            method=wire_method(self.method),
            path=self.path,
            tag=tag,
            summary=text_of(value.get("summary")),
            doc=text_of(value.get("description")),
            parameters=visible,
            body=self._payloads.body(),
            responses=responses,
            security=_security_names(security),
            security_requirements=_security_requirements(security),
            idempotency_header=idempotency,
            idempotent=idempotent,
            side_effect_free=side_effect_free,
            pagination=self._pagination(visible, responses),
            deprecated=value.get("deprecated") is True,
            source=self.node.pointer,
        )

    def _parameters(self, shared: list[Node]) -> tuple[ir.Parameter, ...]:
        own = parameter_nodes(self.spec, self.node, strict=True)
        by_key = effective_parameters(shared + own, strict=True)  # an operation's parameter overrides the path item's
        names = NameRegistry(_METHOD_RESERVED)
        parameters: list[ir.Parameter] = []
        ordered = sorted(by_key.values(), key=lambda n: (not _is_required(n.value), 0))
        for node in ordered:
            value = node.value
            location, wire_name = value["in"], value["name"]
            if location == "header" and wire_name.lower() in ("accept", "content-type", "authorization"):
                continue  # OpenAPI says these are ignored as parameters
            required = _is_required(value)
            if location == "path" and value.get("required") is not True:
                self.warnings.append(
                    Diagnostic(
                        f"path parameter {wire_name!r} is not marked `required: true`; read as required (a URL cannot leave it out)",
                        node.locate(),
                    )
                )
            if location == "path" and "{" + wire_name + "}" not in self.path:
                self.warnings.append(
                    Diagnostic(f"path parameter {wire_name!r} does not appear in {self.path!r}; ignored", node.locate())
                )
                continue
            schema_node = parameter_schema(node)
            context = self.context + pascal_case(wire_name)
            param_type: ir.TypeNode = ir.Primitive("str")
            if schema_node is not None:
                raw = schema_node.value
                if (
                    isinstance(raw, dict)
                    and "$ref" not in raw
                    and isinstance(raw.get("enum"), list)
                    and raw["enum"]
                    and all(isinstance(v, str) for v in raw["enum"])
                ):
                    param_type = ir.LiteralOf(tuple(raw["enum"]))  # callers pass plain strings
                else:
                    param_type = self.schemas.type_of(schema_node, context)
            param_type, serialization = self._serialization(node, location, param_type)
            if location == "querystring":
                location = "query"  # the runtime spreads a mapping or model over the query string
            python = attribute_name(
                re.sub(r"^x-", "", wire_name, flags=re.IGNORECASE) if location == "header" else wire_name
            )
            has_default, default = False, None
            if schema_node is not None and isinstance(schema_node.value, dict) and "default" in schema_node.value:
                has_default, default = True, schema_node.value["default"]
                # One reading of "a value of this type" for parameters and properties (`typed_default`).
                if typed_default(param_type, default, self.schemas.definitions) is None:
                    self.warnings.append(
                        Diagnostic(
                            f"default {default!r} of parameter {wire_name!r} is not a value of its type `{plain_annotation(param_type, '')}`; ignored (the server applies its own default)",
                            schema_node.child("default").locate(),
                        )
                    )
                    has_default, default = False, None
            parameters.append(
                ir.Parameter(
                    python_name=names.claim(python),
                    wire_name=wire_name,
                    location=location,
                    type=param_type,
                    required=required,
                    doc=text_of(value.get("description")),
                    default=default,
                    has_default=has_default,
                    source=node.pointer,
                    serialization=serialization,
                )
            )
        return tuple(parameters)

    def _serialization(
        self, node: Node, location: Any, param_type: ir.TypeNode
    ) -> tuple[ir.TypeNode, ir.Serialization]:
        """The type callers pass for a parameter and how it travels (`schema` with a style, or `content`)."""
        content = node.value.get("content")
        media_type = next(iter(content), "") if isinstance(content, dict) else ""
        if location == "querystring":
            if media_kind(media_type) != "form":
                self.warnings.append(
                    Diagnostic(
                        f"`in: querystring` with content {media_type or '(none)'!r} is sent as form-encoded query parameters",
                        node.locate(),
                    )
                )
            # The object's fields are the query's pairs, written as form-urlencoded content.
            return param_type, ir.Serialization("form", True, content_type="application/x-www-form-urlencoded")
        assert location in ("path", "query", "header", "cookie")
        if not media_type:
            shape = value_shape(param_type, self.schemas.definitions)
            return param_type, parameter_serialization(node, location, shape, self.openapi_version, self.warnings)
        style = default_style(location)
        kind = media_kind(media_type)
        if kind == "json":
            return param_type, ir.Serialization(style, False, content_type=media_type)
        if not (kind == "text" and _is_plaintext_of(param_type)):
            self.warnings.append(
                Diagnostic(
                    f"parameter {node.value['name']!r} is serialized as {media_type!r} content; the client takes it as a str you encode yourself",
                    node.child("content", media_type).locate(),
                )
            )
        # Text content is the string itself; other media types are encoded by the caller and sent as given.
        return ir.Primitive("str"), ir.Serialization(style, False, content_type=media_type if kind == "text" else None)

    def _pagination(
        self, parameters: tuple[ir.Parameter, ...], responses: tuple[ir.Response, ...]
    ) -> ir.Pagination | None:
        rule = self.options.pagination
        if rule is None or not any(p.location == "query" and p.wire_name == rule.cursor_param for p in parameters):
            return None
        success = [r for r in responses if r.status.startswith("2") and isinstance(r.type, ir.ModelRef)]
        if len(success) != 1:
            return None
        assert isinstance(success[0].type, ir.ModelRef)
        page = self.schemas.definitions.get(success[0].type.name)
        if not isinstance(page, ir.ObjectModel):
            return None
        self._check_page_fields(page, rule)
        lists = [f for f in page.fields if isinstance(f.type, ir.ListOf) and rule.items_field in (None, f.wire_name)]
        if len(lists) != 1:
            return None
        items = lists[0]
        if not isinstance(items.type, ir.ListOf):
            return None
        cursor_path = tuple(attribute_name(part) for part in rule.cursor_path)
        return ir.Pagination(rule.cursor_param, cursor_path, items.python_name, items.type.item)

    def _check_page_fields(self, page: ir.ObjectModel, rule: PaginationRule) -> None:
        """The `pagination` option's cursor path and items field must name fields of the page: a
        misspelt one would end every iteration after the first page without a word."""
        source = self.options.source
        where = f"{self.operation_id}'s page {page.name} ({self.node.pointer})"
        current: ir.ObjectModel | None = page
        for depth, part in enumerate(rule.cursor_path):
            field = next((f for f in current.fields if f.wire_name == part), None) if current else None
            if field is None:
                walked = ".".join(rule.cursor_path[: depth + 1])
                raise GeneratorError(
                    f"pagination option cursor_path {'.'.join(rule.cursor_path)!r}: {where} has no field {walked!r}",
                    option_location(source, "/pagination/cursor_path"),
                )
            current = self._object_model(field.type)
        if rule.items_field is not None and not any(
            f.wire_name == rule.items_field and isinstance(f.type, ir.ListOf) for f in page.fields
        ):
            raise GeneratorError(
                f"pagination option items_field {rule.items_field!r}: {where} has no list field of that name",
                option_location(source, "/pagination/items_field"),
            )

    def _object_model(self, type_: ir.TypeNode) -> ir.ObjectModel | None:
        """The model a field's type names (through `| None`), else None."""
        while isinstance(type_, ir.Nullable):
            type_ = type_.inner
        found = self.schemas.definitions.get(type_.name) if isinstance(type_, ir.ModelRef) else None
        return found if isinstance(found, ir.ObjectModel) else None


def _is_required(value: Any) -> bool:
    return isinstance(value, dict) and (value.get("required") is True or value.get("in") == "path")


def _is_plaintext_of(type_: ir.TypeNode) -> bool:
    return isinstance(type_, ir.Primitive) and type_.name == "str"


def _idempotency_key_parameter(header: str, taken: set[str]) -> ir.Parameter:
    """The optional key parameter an unsafe operation gets when the API takes a key on all of them
    (generator option `idempotency_key_on_unsafe_operations`), named apart from the spec's own."""
    name = "idempotency_key"
    while name in taken:
        name += "_"
    doc = "Idempotency key of this call (the API accepts one on every unsafe operation)."
    return ir.Parameter(
        python_name=name, wire_name=header, location="header", type=ir.Primitive("str"), required=False, doc=doc
    )


def _is_idempotency_header(name: str, options: GeneratorOptions) -> bool:
    if options.idempotency_header:
        return name.lower() == options.idempotency_header.lower()
    return bool(_IDEMPOTENCY_HEADER.match(name))


def _security_requirements(security: Any) -> tuple[tuple[str, ...], ...] | None:
    """The requirements as tuples of scheme names, when one of them is empty or names several schemes."""
    if not isinstance(security, list):
        return None
    requirements = tuple(tuple(str(name) for name in r) for r in security if isinstance(r, dict))
    return requirements if any(len(r) != 1 for r in requirements) else None


def _security_names(security: Any) -> tuple[str, ...]:
    names: list[str] = []
    if isinstance(security, list):
        for requirement in security:
            if isinstance(requirement, dict):
                for name in requirement:
                    if name not in names:
                        names.append(str(name))
    return tuple(names)
