"""The API diff: what changed between two versions of a spec, and how badly (`python -m generator diff`).

Both specs are read as the generator reads them (overlays beside them applied, every `$ref`
resolved) and compared after resolution, operation by operation: parameters, request bodies,
responses, security; then servers, security schemes, webhooks and component schemas. Each change
has a level like oasdiff's (breaking / maybe-breaking / info). The IR of both specs is compared
too: the classes, fields, methods and arguments the generated Python package gains or loses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import ir
from ..diagnostics import DuplicateOperationId, GeneratorError, escape_pointer_token, join_pointer, split_pointer
from ..load import SpecDocument
from ..operations import HTTP_METHODS, operation_nodes, wire_method
from ..parameters import effective_parameters, parameter_nodes, parameter_schema
from ..pipeline import Request, read_api, read_resolved
from ..resolve import Node, ResolvedSpec
from ..versions import version_in_name
from .changes import BREAKING, MAYBE, NONE, REQUEST, RESPONSE, Change, text_change
from .rules import level_of
from .schema import SchemaCache, SchemaContext, Walk, Where, compare_schemas
from .security import effective_security, schemes_used, security_changes
from .surface import surface_changes

_UNDATED = "0001-01-01"  # the IR needs a version; an undated spec shows under its file name instead
FAIL_ON = {"breaking": (BREAKING,), "maybe": (BREAKING, MAYBE), "never": ()}
_PATH_PARAMETER = re.compile(r"\{[^}]*\}")


@dataclass(frozen=True)
class SpecVersion:
    """One side of a diff: the overlaid document, its resolved form and the IR built from it."""

    path: Path
    document: SpecDocument
    spec: ResolvedSpec
    api: ir.Api | None  # None when no package can be built from it (two operations share an operationId)
    api_version: str
    no_package: str = ""  # why there is no IR: the located error that stops generation

    @property
    def title(self) -> str:
        if self.api is not None:
            return self.api.title
        info = self.document.data.get("info") if isinstance(self.document.data, dict) else None
        title = info.get("title") if isinstance(info, dict) else None
        return title if isinstance(title, str) else self.path.stem


@dataclass(frozen=True)
class DiffReport:
    title: str
    old: SpecVersion
    new: SpecVersion
    changes: tuple[Change, ...]  # the API, sorted
    python_changes: tuple[Change, ...]  # the generated package's surface, sorted
    python_left_out: str = ""  # why the Python part is missing (a spec no package can be built from)

    def fails(self, fail_on: str) -> bool:
        levels = FAIL_ON[fail_on]
        return any(c.level in levels for c in self.changes + self.python_changes)


def read_version(path: Path, *, options_file: Path | None = None, allow_external_refs: bool = False) -> SpecVersion:
    """One spec read by the pipeline's own `read_api` (overlays, resolution, IR), without validation:
    the diff reads, it does not judge. An undated file name still reads (its version shows as its name)."""
    api_version = version_in_name(path.name) or ""
    request = Request(
        spec=path,
        package_name="api",
        api_version=api_version or _UNDATED,
        allow_external_refs=allow_external_refs,
        options_file=options_file,
    )
    try:
        read = read_api(request, validate=False)
    except DuplicateOperationId as error:
        # The API still reads: compare it, and say why the generated package's part is left out.
        document, spec = read_resolved(request)
        return SpecVersion(path, document, spec, None, api_version, str(error))
    return SpecVersion(path, read.document, read.spec, read.api, api_version)


def diff_specs(
    old_path: Path, new_path: Path, *, options_file: Path | None = None, allow_external_refs: bool = False
) -> DiffReport:
    """Compare two spec files; every change, sorted deterministically."""
    old = read_version(old_path, options_file=options_file, allow_external_refs=allow_external_refs)
    new = read_version(new_path, options_file=options_file, allow_external_refs=allow_external_refs)
    if old.api_version and new.api_version and old.api_version > new.api_version:
        # Read backwards, every addition would be reported as a removal and the levels inverted.
        raise GeneratorError(
            f"{old_path.name} (version {old.api_version}) is newer than {new_path.name} (version {new.api_version}): "
            "the older spec comes first (`diff OLD NEW`); swap them"
        )
    return diff_versions(old, new)


def open_enum_sources(api: ir.Api) -> frozenset[str]:
    """JSON pointers of the open enums of `api` and of the properties that use one as open."""
    found = {d.source for d in api.definitions if isinstance(d, ir.EnumModel) and d.unknown}
    for model in api.definitions:
        if isinstance(model, ir.ObjectModel):
            for f in model.fields:
                type_ = f.type.inner if isinstance(f.type, ir.Nullable) else f.type
                if isinstance(type_, ir.UnionOf) and type_.open_enum:
                    found.add(f.source)
    return frozenset(found)


def diff_versions(old: SpecVersion, new: SpecVersion) -> DiffReport:
    changes: list[Change] = []
    # Without an IR (duplicate operationIds, reported below) no enum is known to be open: each reads as closed.
    cache = SchemaCache(open_enum_sources(new.api) if new.api is not None else frozenset())
    _compare_servers(old, new, changes)
    _compare_security_schemes(old, new, changes)
    _compare_operations(old, new, changes, cache)
    _compare_webhooks(old, new, changes, cache)
    _compare_components(old, new, changes)
    if old.api is None or new.api is None:
        reason = "; ".join(
            f"no package can be generated from `{version.path.name}` ({version.no_package})"
            for version in (old, new)
            if version.no_package
        )
        return DiffReport(new.title, old, new, tuple(_unique_sorted(changes)), (), reason)
    python = surface_changes(old.api, new.api, old_file=old.path.name, new_file=new.path.name)
    return DiffReport(new.title, old, new, tuple(_unique_sorted(changes)), tuple(_unique_sorted(python)))


def _unique_sorted(changes: list[Change]) -> list[Change]:
    return sorted(set(changes), key=Change.sort_key)


def _change(
    changes: list[Change],
    id: str,
    area: str,
    message: str,
    source: Node,
    *,
    when: str = "",
    operation: str = "",
    operation_id: str = "",
    direction: str = NONE,
    pointer: str | None = None,
    texts: tuple[str | None, str | None] = (None, None),
) -> None:
    """Record one change; its level is the rule table's for (id, direction, when): rules.py."""
    changes.append(
        Change(
            id=id,
            level=level_of(id, direction, when),
            area=area,
            direction=direction,
            operation=operation,
            operation_id=operation_id,
            json_pointer=source.pointer if pointer is None else pointer,
            source=f"{source.document.path.name}#{source.pointer}",
            message=message,
            old=texts[0],
            new=texts[1],
        )
    )


# --- Servers, security schemes, components ---------------------------------------------------


def _compare_servers(old: SpecVersion, new: SpecVersion, changes: list[Change]) -> None:
    def servers(version: SpecVersion) -> dict[str, tuple[Node, str]]:
        root = version.spec.root_node()
        raw = root.value.get("servers")
        found: dict[str, tuple[Node, str]] = {}
        for index, server in enumerate(raw if isinstance(raw, list) else []):
            if isinstance(server, dict) and isinstance(server.get("url"), str):
                description = str(server.get("description") or "")
                found.setdefault(server["url"].rstrip("/"), (root.child("servers", index), description))
        return found

    before, after = servers(old), servers(new)
    for url in before.keys() - after.keys():
        _change(
            changes,
            "server-removed",
            "server",
            f"server `{url}` removed: clients configured for it must move",
            before[url][0],
        )
    for url in after.keys() - before.keys():
        _change(changes, "server-added", "server", f"server `{url}` added", after[url][0])
    for url in before.keys() & after.keys():
        if before[url][1] != after[url][1]:
            text = f"server `{url}` renamed from {before[url][1]!r} to {after[url][1]!r} (the generated client names environments after it)"
            _change(changes, "server-description-changed", "server", text, after[url][0])


def _compare_security_schemes(old: SpecVersion, new: SpecVersion, changes: list[Change]) -> None:
    def schemes(version: SpecVersion) -> dict[str, Node]:
        root = version.spec.root_node()
        components = root.value.get("components")
        raw = components.get("securitySchemes") if isinstance(components, dict) else None
        return {
            str(name): version.spec.follow(root.child("components", "securitySchemes", name))
            for name in (raw if isinstance(raw, dict) else {})
        }

    before, after = schemes(old), schemes(new)
    used = schemes_used(old.spec)
    for name in before.keys() - after.keys():
        text = f"security scheme `{name}` removed" + ("" if name in used else " (no operation used it)")
        when = "used" if name in used else "unused"
        _change(changes, "security-scheme-removed", "security", text, before[name], when=when)
    for name in after.keys() - before.keys():
        _change(changes, "security-scheme-added", "security", f"security scheme `{name}` added", after[name])
    for name in before.keys() & after.keys():
        a, b = _scheme_shape(before[name].value), _scheme_shape(after[name].value)
        for key in sorted(a.keys() | b.keys()):
            if a.get(key) != b.get(key):
                text = f"security scheme `{name}`: `{key}` changed from {a.get(key)!r} to {b.get(key)!r}"
                _change(changes, "security-scheme-changed", "security", text, after[name])


def _scheme_shape(value: Any) -> dict[str, Any]:
    return (
        {k: v for k, v in value.items() if k != "description" and not str(k).startswith("x-")}
        if isinstance(value, dict)
        else {}
    )


def _compare_components(old: SpecVersion, new: SpecVersion, changes: list[Change]) -> None:
    def names(version: SpecVersion) -> dict[str, Node]:
        root = version.spec.root_node()
        components = root.value.get("components")
        raw = components.get("schemas") if isinstance(components, dict) else None
        return {str(name): root.child("components", "schemas", name) for name in (raw if isinstance(raw, dict) else {})}

    before, after = names(old), names(new)
    for name in before.keys() - after.keys():
        _change(changes, "schema-removed", "schema", f"component schema `{name}` removed", before[name])
    for name in after.keys() - before.keys():
        _change(changes, "schema-added", "schema", f"component schema `{name}` added", after[name])


# --- Operations ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Operation:
    method: str  # "GET"
    path: str
    node: Node  # the operation object
    path_item: Node
    key: tuple[str, ...]  # where in the path item: ("get",), ("additionalOperations", "COPY")

    @property
    def label(self) -> str:
        return f"{self.method} {self.path}"

    @property
    def operation_id(self) -> str:
        value = self.node.value.get("operationId")
        return value if isinstance(value, str) else ""


def _operations(version: SpecVersion) -> dict[tuple[str, str], _Operation]:
    """Operations by (path with parameter names blanked, METHOD): renaming `{id}` is not a new endpoint."""
    root = version.spec.root_node()
    paths = root.value.get("paths")
    found: dict[tuple[str, str], _Operation] = {}
    for path in paths if isinstance(paths, dict) else {}:
        if str(path).startswith("x-"):
            continue  # a specification extension, not a path (as the IR reads `paths`)
        item = version.spec.follow(root.child("paths", path))
        if not isinstance(item.value, dict):
            continue
        for method, node in operation_nodes(item):  # the IR's reading: fixed methods, then additionalOperations
            if isinstance(node.value, dict):
                label = wire_method(method)
                key = tuple(split_pointer(node.pointer[len(item.pointer) :]))
                found[(_PATH_PARAMETER.sub("{}", str(path)), label)] = _Operation(label, str(path), node, item, key)
    return found


@dataclass
class _OperationDiff:
    old: SpecVersion
    new: SpecVersion
    label: str
    operation_id: str
    changes: list[Change]
    cache: SchemaCache
    walk: Walk = field(default_factory=Walk)

    def add(
        self,
        id: str,
        area: str,
        message: str,
        source: Node,
        *,
        when: str = "",
        direction: str = NONE,
        pointer: str | None = None,
        texts: tuple[str | None, str | None] = (None, None),
    ) -> None:
        _change(
            self.changes,
            id,
            area,
            message,
            source,
            when=when,
            operation=self.label,
            operation_id=self.operation_id,
            direction=direction,
            pointer=pointer,
            texts=texts,
        )

    def words(
        self, id: str, area: str, subject: str, old: Node, new: Node, pointer: str, direction: str = NONE
    ) -> None:
        """A changed `description` (or `summary`: the id says which), as the words that differ."""
        word = id.rsplit("-", 2)[-2]
        was, now = _text(old, word), _text(new, word)
        if was != now:
            text = text_change(word, was, now)
            self.add(
                id,
                area,
                f"{subject}: {text}" if subject else text,
                new,
                direction=direction,
                pointer=pointer,
                texts=(was, now),
            )

    def deprecation(
        self, kind: str, area: str, subject: str, old: Node, new: Node, pointer: str, direction: str = NONE
    ) -> None:
        """`<kind>-deprecated` / `<kind>-reactivated` when the `deprecated` flag flips."""
        was, now = old.value.get("deprecated") is True, new.value.get("deprecated") is True
        if was != now:
            what, text = ("deprecated", "is now deprecated") if now else ("reactivated", "is no longer deprecated")
            self.add(f"{kind}-{what}", area, f"{subject} {text}", new, direction=direction, pointer=pointer)

    def schema_context(
        self, direction: str, area: str, subject: str, root_prefix: str, nested_prefix: str, noun: str
    ) -> SchemaContext:
        return SchemaContext(
            self.old.spec,
            self.new.spec,
            direction,
            area,
            self.label,
            self.operation_id,
            subject,
            root_prefix,
            nested_prefix,
            noun,
            self.changes,
            self.walk,
            self.cache,
        )


def _compare_operations(old: SpecVersion, new: SpecVersion, changes: list[Change], cache: SchemaCache) -> None:
    before, after = _operations(old), _operations(new)
    for key in before.keys() - after.keys():
        op = before[key]
        _change(
            changes,
            "operation-removed",
            "operation",
            f"{op.label} removed",
            op.node,
            operation=op.label,
            operation_id=op.operation_id,
            pointer=_logical(op),
        )
    for key in after.keys() - before.keys():
        op = after[key]
        _change(
            changes,
            "operation-added",
            "operation",
            f"{op.label} added",
            op.node,
            operation=op.label,
            operation_id=op.operation_id,
            pointer=_logical(op),
        )
    for key in before.keys() & after.keys():
        a, b = before[key], after[key]
        diff = _OperationDiff(old, new, b.label, b.operation_id or a.operation_id, changes, cache)
        if a.operation_id != b.operation_id:
            text = f"operationId changed from `{a.operation_id}` to `{b.operation_id}` (generated method names come from it)"
            diff.add("operation-id-changed", "operation", text, b.node, pointer=_logical(b, "operationId"))
        diff.deprecation("operation", "operation", b.label, a.node, b.node, _logical(b, "deprecated"))
        for word in ("summary", "description"):
            diff.words(f"operation-{word}-changed", "operation", "", a.node, b.node, _logical(b, word))
        _compare_parameters(a, b, diff)
        _compare_request_body(a, b, diff)
        _compare_responses(a, b, diff)
        _compare_security(a, b, diff)


def _parameters(spec: ResolvedSpec, op: _Operation) -> dict[tuple[str, str], Node]:
    """Effective parameters by (in, name): path-level ones, overridden by the operation's.

    Path parameters are keyed by their position in the path instead (`#0`, `#1`): operations are
    matched with the names blanked, and `/books/{bookId}` -> `/books/{id}` sends the same request."""
    owners = (op.path_item, op.node)
    found = effective_parameters((n for o in owners for n in parameter_nodes(spec, o, strict=False)), strict=False)
    positions = [match.group(0)[1:-1] for match in _PATH_PARAMETER.finditer(op.path)]
    return {
        (("path", f"#{positions.index(key[1])}") if key[0] == "path" and key[1] in positions else key): node
        for key, node in found.items()
    }


def _parameter_schema(node: Node) -> list[Node]:
    schema = parameter_schema(node)
    return [] if schema is None else [schema]


def _compare_parameters(a: _Operation, b: _Operation, diff: _OperationDiff) -> None:
    before, after = _parameters(diff.old.spec, a), _parameters(diff.new.spec, b)
    for key in sorted(before.keys() - after.keys()):
        name = before[key].value["name"]
        diff.add(
            "parameter-removed",
            "parameter",
            f"{key[0]} parameter `{name}` removed",
            before[key],
            direction=REQUEST,
            pointer=_logical(a, "parameters", key[0], name),
        )
    for key in sorted(after.keys() - before.keys()):
        node = after[key]
        name = node.value["name"]
        rule, text = (
            ("parameter-added-required", f"required {key[0]} parameter `{name}` added")
            if node.value.get("required") is True
            else ("parameter-added-optional", f"optional {key[0]} parameter `{name}` added")
        )
        pointer = _logical(b, "parameters", key[0], name)
        diff.add(rule, "parameter", text, node, direction=REQUEST, pointer=pointer)
    for key in sorted(before.keys() & after.keys()):
        _compare_parameter(key[0], before[key], after[key], b, diff)


def _compare_parameter(where: str, old: Node, new: Node, b: _Operation, diff: _OperationDiff) -> None:
    name = new.value["name"]
    subject = f"{where} parameter `{name}`"
    if where == "path" and old.value["name"] != name:  # matched by position; a header's case is no rename
        text = f"path parameter `{old.value['name']}` renamed `{name}`: the request is the same"
        diff.add(
            "parameter-renamed",
            "parameter",
            text,
            new,
            direction=REQUEST,
            pointer=_logical(b, "parameters", where, name),
        )
    was, now = old.value.get("required") is True, new.value.get("required") is True
    if was != now:
        diff.add(
            "parameter-became-required" if now else "parameter-became-optional",
            "parameter",
            f"{subject} became {'required' if now else 'optional'}",
            new,
            direction=REQUEST,
            pointer=_logical(b, "parameters", where, name, "required"),
        )
    _compare_serialization(where, subject, old, new, _logical(b, "parameters", where, name), diff)
    pointer = _logical(b, "parameters", where, name, "deprecated")
    diff.deprecation("parameter", "parameter", subject, old, new, pointer, REQUEST)
    pointer = _logical(b, "parameters", where, name, "description")
    diff.words("parameter-description-changed", "parameter", subject, old, new, pointer, REQUEST)
    old_schema, new_schema = _parameter_schema(old), _parameter_schema(new)
    if old_schema and new_schema:
        context = diff.schema_context(REQUEST, "parameter", subject, "parameter", "parameter", "parameter")
        compare_schemas(old_schema, new_schema, Where(_logical(b, "parameters", where, name, "schema")), context)


def _serialization(where: str, value: dict[str, Any]) -> tuple[str, bool, bool]:
    """(style, explode, allowReserved) with OpenAPI's defaults: form in a query or cookie, else simple;
    explode only for form."""
    style = (
        value.get("style")
        if isinstance(value.get("style"), str)
        else "form" if where in ("query", "cookie") else "simple"
    )
    explode = value.get("explode") if isinstance(value.get("explode"), bool) else style == "form"
    return str(style), bool(explode), value.get("allowReserved") is True


def _compare_serialization(where: str, subject: str, old: Node, new: Node, pointer: str, diff: _OperationDiff) -> None:
    before, after = _serialization(where, old.value), _serialization(where, new.value)
    if before == after:
        return
    # One value (not an array or object) is written alike in every style but matrix (`;id=5`) and label (`.5`).
    schema = _parameter_schema(new)
    types = diff.cache.view(diff.new.spec, schema).types if schema else None
    single = types is not None and not {"array", "object"} & types
    marked = {"matrix", "label"} & {before[0], after[0]}
    when = "one value" if single and not marked else "array or object"

    def shown(form: tuple[str, bool, bool]) -> str:
        return f"style={form[0]}, explode={str(form[1]).lower()}" + (", allowReserved" if form[2] else "")

    text = f"{subject}: serialization changed from {shown(before)} to {shown(after)}"
    diff.add("parameter-serialization-changed", "parameter", text, new, when=when, direction=REQUEST, pointer=pointer)


def _text(node: Node, word: str) -> str | None:
    """A node's `summary` or `description`, when it is a string."""
    value = node.value.get(word) if isinstance(node.value, dict) else None
    return value if isinstance(value, str) else None


def _logical(op: _Operation, *tokens: str) -> str:
    """A logical pointer below an operation: `/paths/~1order/post/...` (parameters named, not numbered)."""
    return join_pointer("/paths", op.path, *op.key) + "".join("/" + escape_pointer_token(t) for t in tokens)


def _content(node: Node) -> dict[str, Node]:
    content = node.value.get("content") if isinstance(node.value, dict) else None
    if not isinstance(content, dict):
        return {}
    return {str(media): node.child("content", media) for media in content if isinstance(content[media], dict)}


def _compare_request_body(a: _Operation, b: _Operation, diff: _OperationDiff) -> None:
    has_old, has_new = "requestBody" in a.node.value, "requestBody" in b.node.value
    if not has_old and not has_new:
        return
    if not has_new:
        diff.add(
            "request-body-removed",
            "request body",
            "request body removed",
            a.node.child("requestBody"),
            direction=REQUEST,
            pointer=_logical(a, "requestBody"),
        )
        return
    new_body = diff.new.spec.follow(b.node.child("requestBody"))
    required = new_body.value.get("required") is True
    if not has_old:
        diff.add(
            "request-body-added-required" if required else "request-body-added-optional",
            "request body",
            f"{'required' if required else 'optional'} request body added",
            new_body,
            direction=REQUEST,
            pointer=_logical(b, "requestBody"),
        )
        return
    old_body = diff.old.spec.follow(a.node.child("requestBody"))
    if (old_body.value.get("required") is True) != required:
        diff.add(
            "request-body-became-required" if required else "request-body-became-optional",
            "request body",
            f"request body became {'required' if required else 'optional'}",
            new_body,
            direction=REQUEST,
            pointer=_logical(b, "requestBody", "required"),
        )
    _compare_content(
        _content(old_body),
        _content(new_body),
        diff,
        REQUEST,
        "request body",
        _logical(b, "requestBody"),
        "request body",
    )


def _compare_content(
    before: dict[str, Node],
    after: dict[str, Node],
    diff: _OperationDiff,
    direction: str,
    subject: str,
    pointer: str,
    area: str,
    *,
    success: bool = True,
) -> None:
    prefix = {REQUEST: "request", RESPONSE: "response"}[direction] if area != "webhook" else "webhook"
    when = ("2xx" if success else "not 2xx") if prefix == "response" else ""
    for media in sorted(before.keys() - after.keys()):
        diff.add(
            f"{prefix}-media-type-removed",
            area,
            f"{subject}: media type `{media}` removed",
            before[media],
            when=when,
            direction=direction,
            pointer=join_pointer(pointer, "content", media),
        )
    for media in sorted(after.keys() - before.keys()):
        diff.add(
            f"{prefix}-media-type-added",
            area,
            f"{subject}: media type `{media}` added",
            after[media],
            direction=direction,
            pointer=join_pointer(pointer, "content", media),
        )
    several = len(after) > 1
    for media in sorted(before.keys() & after.keys()):
        old_schema, new_schema = before[media].value.get("schema"), after[media].value.get("schema")
        if old_schema is None or new_schema is None:
            continue
        noun = {"request": "request property", "response": "response property", "webhook": "webhook payload property"}[
            prefix
        ]
        context = diff.schema_context(
            direction,
            area,
            f"{subject} ({media})" if several else subject,
            f"{prefix}-body",
            f"{prefix}-property",
            noun,
        )
        compare_schemas(
            [before[media].child("schema")],
            [after[media].child("schema")],
            Where(join_pointer(pointer, "content", media, "schema")),
            context,
        )


def _is_success(status: str) -> bool:
    return status.upper().startswith("2")


def _compare_responses(a: _Operation, b: _Operation, diff: _OperationDiff) -> None:
    def responses(version: SpecVersion, op: _Operation) -> dict[str, Node]:
        raw = op.node.value.get("responses")
        return {
            str(status): version.spec.follow(op.node.child("responses", status))
            for status in (raw if isinstance(raw, dict) else {})
        }

    before, after = responses(diff.old, a), responses(diff.new, b)
    for status in sorted(before.keys() - after.keys()):
        rule, text = (
            ("response-success-status-removed", f"success response {status} removed")
            if _is_success(status)
            else ("response-non-success-status-removed", f"response {status} removed")
        )
        pointer = _logical(a, "responses", status)
        diff.add(rule, "response", text, before[status], direction=RESPONSE, pointer=pointer)
    for status in sorted(after.keys() - before.keys()):
        rule, text = (
            ("response-success-status-added", f"success response {status} added: a shape clients may not handle")
            if _is_success(status)
            else ("response-non-success-status-added", f"response {status} added")
        )
        pointer = _logical(b, "responses", status)
        diff.add(rule, "response", text, after[status], direction=RESPONSE, pointer=pointer)
    for status in sorted(before.keys() & after.keys()):
        pointer = _logical(b, "responses", status, "description")
        diff.words(
            "response-description-changed",
            "response",
            f"{status} response",
            before[status],
            after[status],
            pointer,
            RESPONSE,
        )
        _compare_headers(status, before[status], after[status], _logical(b, "responses", status), diff)
        _compare_content(
            _content(before[status]),
            _content(after[status]),
            diff,
            RESPONSE,
            f"{status} response body",
            _logical(b, "responses", status),
            "response",
            success=_is_success(status),
        )


def _headers(spec: ResolvedSpec, response: Node) -> tuple[dict[str, Node], dict[str, str]]:
    """A response's documented headers by lower-cased name (HTTP header names ignore case), and
    each one's spelling."""
    raw = response.value.get("headers")
    found: dict[str, Node] = {}
    spelt: dict[str, str] = {}
    for name in raw if isinstance(raw, dict) else {}:
        node = spec.follow(response.child("headers", name))
        if isinstance(node.value, dict) and str(name).lower() != "content-type":  # (ignored by OpenAPI)
            found[str(name).lower()] = node
            spelt[str(name).lower()] = str(name)
    return found, spelt


def _compare_headers(status: str, old: Node, new: Node, pointer: str, diff: _OperationDiff) -> None:
    (before, old_names), (after, new_names) = _headers(diff.old.spec, old), _headers(diff.new.spec, new)
    names = old_names | new_names
    for key in sorted(before.keys() - after.keys()):
        required = before[key].value.get("required") is True
        text = f"{status} response header `{names[key]}` removed (was {'required' if required else 'optional'})"
        place = join_pointer(pointer, "headers", names[key])
        when = "was required" if required else "was optional"
        diff.add("response-header-removed", "response", text, before[key], when=when, direction=RESPONSE, pointer=place)
    for key in sorted(after.keys() - before.keys()):
        text = f"{status} response header `{names[key]}` added"
        place = join_pointer(pointer, "headers", names[key])
        diff.add("response-header-added", "response", text, after[key], direction=RESPONSE, pointer=place)
    for key in sorted(before.keys() & after.keys()):
        was, now = before[key], after[key]
        subject = f"{status} response header `{names[key]}`"
        place = join_pointer(pointer, "headers", names[key])
        if (was.value.get("required") is True) != (now.value.get("required") is True):
            required = now.value.get("required") is True
            what = "response-header-became-required" if required else "response-header-became-optional"
            text = f"{subject} became {'required' if required else 'optional'}"
            diff.add(what, "response", text, now, direction=RESPONSE, pointer=join_pointer(place, "required"))
        diff.deprecation("response-header", "response", subject, was, now, join_pointer(place, "deprecated"), RESPONSE)
        diff.words(
            "response-header-description-changed",
            "response",
            subject,
            was,
            now,
            join_pointer(place, "description"),
            RESPONSE,
        )
        old_schema, new_schema = _parameter_schema(was), _parameter_schema(
            now
        )  # a header holds its schema as a parameter does
        if old_schema and new_schema:
            context = diff.schema_context(
                RESPONSE, "response", subject, "response-header", "response-header", "response header"
            )
            compare_schemas(old_schema, new_schema, Where(join_pointer(place, "schema")), context)


def _compare_security(a: _Operation, b: _Operation, diff: _OperationDiff) -> None:
    """A client that met an old alternative still gets in if some new alternative asks no more of it."""
    before, after = effective_security(diff.old.spec, a.node), effective_security(diff.new.spec, b.node)
    node, pointer = after.node, _logical(b, "security")
    for change in security_changes(before.alternatives, after.alternatives):
        diff.add(change.id, "security", change.message, node, when=change.when, direction=REQUEST, pointer=pointer)


# --- Webhooks -----------------------------------------------------------------------------------


def _compare_webhooks(old: SpecVersion, new: SpecVersion, changes: list[Change], cache: SchemaCache) -> None:
    def webhooks(version: SpecVersion) -> dict[tuple[str, str], Node]:
        root = version.spec.root_node()
        raw = root.value.get("webhooks")
        found: dict[tuple[str, str], Node] = {}
        for name in raw if isinstance(raw, dict) else {}:
            item = version.spec.follow(root.child("webhooks", name))
            for method in HTTP_METHODS:  # the methods the IR reads webhooks' payloads from
                if isinstance(item.value, dict) and isinstance(item.value.get(method), dict):
                    found[(str(name), method.upper())] = item.child(method)
        return found

    before, after = webhooks(old), webhooks(new)
    for key in before.keys() - after.keys():
        text = f"webhook `{key[0]}` removed"
        _change(changes, "webhook-removed", "webhook", text, before[key], operation=f"webhook {key[0]}")
    for key in after.keys() - before.keys():
        text = f"webhook `{key[0]}` added"
        _change(changes, "webhook-added", "webhook", text, after[key], operation=f"webhook {key[0]}")
    for key in before.keys() & after.keys():
        diff = _OperationDiff(old, new, f"webhook {key[0]}", "", changes, cache)
        old_body, new_body = before[key].value.get("requestBody"), after[key].value.get("requestBody")
        if old_body is None or new_body is None:
            continue
        old_node, new_node = old.spec.follow(before[key].child("requestBody")), new.spec.follow(
            after[key].child("requestBody")
        )
        pointer = join_pointer(after[key].pointer, "requestBody")
        # The client receives webhooks: their payloads are compared like responses.
        _compare_content(_content(old_node), _content(new_node), diff, RESPONSE, "webhook payload", pointer, "webhook")
