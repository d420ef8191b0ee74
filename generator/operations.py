"""Paths -> IR operations: parameters, request bodies, responses, security, pagination."""

from __future__ import annotations

import re
from typing import Any

from . import ir
from .diagnostics import Diagnostic, GeneratorError
from .naming import NameRegistry, attribute_name, pascal_case, snake_case
from .options import GeneratorOptions
from .resolve import Node, ResolvedSpec
from .schemas import SchemaReader

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace", "query")
# Names the generated methods use for themselves; a parameter with one of these names is renamed.
_METHOD_RESERVED = frozenset({"self", "body", "extra_headers", "timeout", "cast", "models"})
_IDEMPOTENCY_HEADER = re.compile(r"^(x-)?idempotency-key$", re.IGNORECASE)


def read_operations(spec: ResolvedSpec, schemas: SchemaReader, options: GeneratorOptions, warnings: list[Diagnostic]) -> list[ir.Operation]:
    """Every operation of every path, in document order; operationIds must be unique."""
    root = spec.root_node()
    paths = root.value.get("paths") or {}
    if not isinstance(paths, dict):
        raise GeneratorError("`paths` must be a mapping", root.child("paths").locate())
    operations: list[ir.Operation] = []
    seen_ids: dict[str, str] = {}
    method_names = NameRegistry()
    global_security = root.value.get("security")
    for path in paths:
        item = spec.follow(root.child("paths", path))
        if not isinstance(item.value, dict):
            raise GeneratorError("a path item must be a mapping", item.locate())
        shared_parameters = _parameter_nodes(spec, item)
        for method in HTTP_METHODS:
            if method not in item.value:
                continue
            node = item.child(method)
            if not isinstance(node.value, dict):
                raise GeneratorError("an operation must be a mapping", node.locate())
            operation_id = node.value.get("operationId")
            if not isinstance(operation_id, str) or not operation_id.strip():
                operation_id = f"{method}_{path}"
            if operation_id in seen_ids:
                raise GeneratorError(
                    f"duplicate operationId {operation_id!r} (also at {seen_ids[operation_id]}): each operation needs its own name",
                    node.child("operationId").locate() if "operationId" in node.value else node.locate(),
                )
            seen_ids[operation_id] = node.pointer
            reader = _OperationReader(spec, schemas, options, warnings, node, path, method, operation_id)
            operations.append(reader.read(shared_parameters, method_names.claim(_method_name(operation_id)), global_security))
    return operations


def _method_name(operation_id: str) -> str:
    name = snake_case(operation_id) or "call"
    return attribute_name(name) if not name[0].isdigit() else f"op_{name}"


def _parameter_nodes(spec: ResolvedSpec, owner: Node) -> list[Node]:
    raw = owner.value.get("parameters", [])
    if not isinstance(raw, list):
        raise GeneratorError("`parameters` must be a list", owner.child("parameters").locate())
    return [spec.follow(owner.child("parameters", i)) for i in range(len(raw))]


class _OperationReader:
    def __init__(self, spec: ResolvedSpec, schemas: SchemaReader, options: GeneratorOptions, warnings: list[Diagnostic], node: Node, path: str, method: str, operation_id: str) -> None:
        self.spec, self.schemas, self.options, self.warnings = spec, schemas, options, warnings
        self.node, self.path, self.method, self.operation_id = node, path, method, operation_id
        self.context = pascal_case(operation_id) or "Operation"

    def read(self, shared_parameters: list[Node], python_name: str, global_security: Any) -> ir.Operation:
        value = self.node.value
        parameters = self._parameters(shared_parameters)
        responses = self._responses()
        tags = value.get("tags")
        tag = tags[0] if isinstance(tags, list) and tags and isinstance(tags[0], str) else "default"
        security = value.get("security", global_security)
        idempotency = next((p.wire_name for p in parameters if p.location == "header" and _is_idempotency_header(p.wire_name, self.options)), None)
        visible = tuple(p for p in parameters if not (p.location == "header" and self.options.version_header and p.wire_name.lower() == self.options.version_header.lower()))
        return ir.Operation(
            operation_id=self.operation_id,
            python_name=python_name,
            method=self.method.upper(),
            path=self.path,
            tag=tag,
            summary=_text(value.get("summary")),
            doc=_text(value.get("description")),
            parameters=visible,
            body=self._body(),
            responses=responses,
            security=_security_names(security),
            idempotency_header=idempotency,
            pagination=self._pagination(visible, responses),
            deprecated=value.get("deprecated") is True,
            source=self.node.pointer,
        )

    def _parameters(self, shared: list[Node]) -> tuple[ir.Parameter, ...]:
        own = _parameter_nodes(self.spec, self.node)
        by_key: dict[tuple[str, str], Node] = {}
        for node in shared + own:  # an operation's parameter overrides the path item's
            if not isinstance(node.value, dict) or not isinstance(node.value.get("name"), str) or node.value.get("in") not in ("path", "query", "header", "cookie", "querystring"):
                raise GeneratorError("a parameter needs a string `name` and `in` of path, query, header or cookie", node.locate())
            by_key[(node.value["in"], node.value["name"])] = node
        names = NameRegistry(_METHOD_RESERVED)
        parameters: list[ir.Parameter] = []
        ordered = sorted(by_key.values(), key=lambda n: (not _is_required(n.value), 0))
        for node in ordered:
            value = node.value
            location, wire_name = value["in"], value["name"]
            if location == "querystring":
                self.warnings.append(Diagnostic("`in: querystring` (OpenAPI 3.2) is sent as a mapping of query parameters", node.locate()))
                location = "query"
            if location == "header" and wire_name.lower() in ("accept", "content-type", "authorization"):
                continue  # OpenAPI says these are ignored as parameters
            required = _is_required(value)
            if location == "path" and not required:
                raise GeneratorError(f"path parameter {wire_name!r} must be `required: true` (a URL cannot leave it out)", node.locate())
            if location == "path" and "{" + wire_name + "}" not in self.path:
                self.warnings.append(Diagnostic(f"path parameter {wire_name!r} does not appear in {self.path!r}; ignored", node.locate()))
                continue
            schema_node = _parameter_schema(node)
            context = self.context + pascal_case(wire_name)
            param_type: ir.TypeNode = ir.Primitive("str")
            if schema_node is not None:
                raw = schema_node.value
                if isinstance(raw, dict) and "$ref" not in raw and isinstance(raw.get("enum"), list) and raw["enum"] and all(isinstance(v, str) for v in raw["enum"]):
                    param_type = ir.LiteralOf(tuple(raw["enum"]))  # callers pass plain strings
                else:
                    param_type = self.schemas.type_of(schema_node, context)
            python = attribute_name(re.sub(r"^x-", "", wire_name, flags=re.IGNORECASE) if location == "header" else wire_name)
            has_default, default = False, None
            if schema_node is not None and isinstance(schema_node.value, dict) and "default" in schema_node.value:
                has_default, default = True, schema_node.value["default"]
            parameters.append(
                ir.Parameter(
                    python_name=names.claim(python),
                    wire_name=wire_name,
                    location=location,
                    type=param_type,
                    required=required,
                    doc=_text(value.get("description")),
                    default=default,
                    has_default=has_default,
                    source=node.pointer,
                )
            )
        return tuple(parameters)

    def _body(self) -> ir.RequestBody | None:
        if "requestBody" not in self.node.value:
            return None
        node = self.spec.follow(self.node.child("requestBody"))
        content = node.value.get("content") if isinstance(node.value, dict) else None
        if not isinstance(content, dict) or not content:
            raise GeneratorError("a request body needs a non-empty `content` mapping", node.locate())
        media_type, kind = _pick_media_type(list(content), for_request=True)
        media = node.child("content", media_type)
        schema = media.child("schema") if isinstance(media.value, dict) and "schema" in media.value else None
        if schema is None:
            body_type: ir.TypeNode = ir.Primitive("bytes") if kind == "binary" else ir.Primitive("Any")
        else:
            body_type = self.schemas.name_composite(self.schemas.type_of(schema, self.context + "Body"), self.context + "Body", schema.pointer)
        if kind == "binary":
            body_type = ir.Primitive("bytes")
        return ir.RequestBody(kind, media_type, body_type, node.value.get("required") is True, _text(node.value.get("description")))

    def _responses(self) -> tuple[ir.Response, ...]:
        raw = self.node.value.get("responses")
        if raw is None:
            self.warnings.append(Diagnostic("operation has no `responses`; its result is returned as raw JSON", self.node.locate()))
            return ()
        if not isinstance(raw, dict):
            raise GeneratorError("`responses` must be a mapping", self.node.child("responses").locate())
        statuses = [str(s) for s in raw]
        for status in statuses:
            if not re.fullmatch(r"[1-5](\d\d|XX)|default", status):
                raise GeneratorError(f"invalid response status {status!r}: expected a code such as 200, a range such as 2XX, or default", self.node.child("responses", status).locate())
        json_successes = [s for s in statuses if s.startswith("2") and self._response_kind(s) == "json"]
        responses: list[ir.Response] = []
        for status in statuses:
            key = status if status in raw else int(status)
            node = self.spec.follow(self.node.child("responses", key))
            if not isinstance(node.value, dict):
                raise GeneratorError("a response must be a mapping", node.locate())
            content = node.value.get("content") if isinstance(node.value.get("content"), dict) else {}
            if not content:
                responses.append(ir.Response(status, "empty", None, _text(node.value.get("description"))))
                continue
            media_type, kind = _pick_media_type(list(content), for_request=False)
            media = node.child("content", media_type)
            response_type: ir.TypeNode | None = None
            if kind == "json":
                if isinstance(media.value, dict) and "schema" in media.value:
                    suffix = "Response" if status.startswith("2") and len(json_successes) == 1 else ("Response" if status.startswith("2") else "Error") + status
                    schema = media.child("schema")
                    response_type = self.schemas.name_composite(self.schemas.type_of(schema, self.context + suffix), self.context + suffix, schema.pointer)
                else:
                    response_type = ir.Primitive("Any")
            responses.append(ir.Response(status, kind, response_type, _text(node.value.get("description")), _example_pointers(media)))
        return tuple(responses)

    def _response_kind(self, status: str) -> str:
        raw = self.node.value["responses"]
        node = self.spec.follow(self.node.child("responses", status if status in raw else int(status)))
        content = node.value.get("content") if isinstance(node.value, dict) and isinstance(node.value.get("content"), dict) else {}
        return _pick_media_type(list(content), for_request=False)[1] if content else "empty"

    def _pagination(self, parameters: tuple[ir.Parameter, ...], responses: tuple[ir.Response, ...]) -> ir.Pagination | None:
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
        lists = [f for f in page.fields if isinstance(f.type, ir.ListOf) and rule.items_field in (None, f.wire_name)]
        if len(lists) != 1:
            return None
        items = lists[0]
        if not isinstance(items.type, ir.ListOf):
            return None
        cursor_path = tuple(attribute_name(part) for part in rule.cursor_path)
        return ir.Pagination(rule.cursor_param, cursor_path, items.python_name, items.type.item)


def _is_required(value: Any) -> bool:
    return isinstance(value, dict) and (value.get("required") is True or value.get("in") == "path")


def _is_idempotency_header(name: str, options: GeneratorOptions) -> bool:
    if options.idempotency_header:
        return name.lower() == options.idempotency_header.lower()
    return bool(_IDEMPOTENCY_HEADER.match(name))


def _parameter_schema(node: Node) -> Node | None:
    if isinstance(node.value.get("schema"), (dict, bool)):
        return node.child("schema")
    content = node.value.get("content")
    if isinstance(content, dict) and content:
        media_type = next(iter(content))
        media = node.child("content", media_type)
        if isinstance(media.value, dict) and "schema" in media.value:
            return media.child("schema")
    return None


def _pick_media_type(media_types: list[str], *, for_request: bool) -> tuple[str, str]:
    """The media type the client will use, and how it travels: json, form, multipart, binary, text or bytes."""
    def kind_of(media_type: str) -> str:
        base = media_type.split(";")[0].strip().lower()
        if base == "application/json" or base.endswith("+json") or base == "*/*" and not for_request:
            return "json"
        if base == "application/x-www-form-urlencoded":
            return "form"
        if base.startswith("multipart/"):
            return "multipart"
        if base.startswith("text/"):
            return "text"
        return "binary" if for_request else "bytes"

    preference = ["json", "form", "multipart", "text", "binary", "bytes"]
    ranked = sorted(media_types, key=lambda m: preference.index(kind_of(m)))
    return ranked[0], kind_of(ranked[0])


def _security_names(security: Any) -> tuple[str, ...]:
    names: list[str] = []
    if isinstance(security, list):
        for requirement in security:
            if isinstance(requirement, dict):
                for name in requirement:
                    if name not in names:
                        names.append(str(name))
    return tuple(names)


def _example_pointers(media: Node) -> tuple[str, ...]:
    if not isinstance(media.value, dict):
        return ()
    pointers = []
    if "example" in media.value:
        pointers.append(media.pointer + "/example")
    if isinstance(media.value.get("examples"), dict):
        pointers.extend(f"{media.pointer}/examples/{k}" for k in media.value["examples"])
    return tuple(pointers)


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None
