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
from ..diagnostics import GeneratorError, escape_pointer_token, join_pointer, split_pointer
from ..load import SpecDocument
from ..operations import HTTP_METHODS, operation_nodes, wire_method
from ..pipeline import Request, read_api
from ..resolve import Node, ResolvedSpec
from ..versions import version_in_name
from .changes import BREAKING, INFO, MAYBE, NONE, REQUEST, RESPONSE, Change, text_change
from .schema import SchemaCache, SchemaContext, Walk, Where, compare_schemas
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
    api: ir.Api
    api_version: str


@dataclass(frozen=True)
class DiffReport:
    title: str
    old: SpecVersion
    new: SpecVersion
    changes: tuple[Change, ...]  # the API, sorted
    python_changes: tuple[Change, ...]  # the generated package's surface, sorted

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
    read = read_api(request, validate=False)
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
    cache = SchemaCache(open_enum_sources(new.api))
    _compare_servers(old, new, changes)
    _compare_security_schemes(old, new, changes)
    _compare_operations(old, new, changes, cache)
    _compare_webhooks(old, new, changes, cache)
    _compare_components(old, new, changes)
    python = surface_changes(old.api, new.api, old_file=old.path.name, new_file=new.path.name)
    return DiffReport(new.api.title, old, new, tuple(_unique_sorted(changes)), tuple(_unique_sorted(python)))


def _unique_sorted(changes: list[Change]) -> list[Change]:
    return sorted(set(changes), key=Change.sort_key)


def _change(
    changes: list[Change],
    id: str,
    level: str,
    area: str,
    message: str,
    source: Node,
    *,
    operation: str = "",
    operation_id: str = "",
    direction: str = NONE,
    pointer: str | None = None,
) -> None:
    changes.append(
        Change(
            id=id,
            level=level,
            area=area,
            direction=direction,
            operation=operation,
            operation_id=operation_id,
            json_pointer=source.pointer if pointer is None else pointer,
            source=f"{source.document.path.name}#{source.pointer}",
            message=message,
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
            BREAKING,
            "server",
            f"server `{url}` removed: clients configured for it must move",
            before[url][0],
        )
    for url in after.keys() - before.keys():
        _change(changes, "server-added", INFO, "server", f"server `{url}` added", after[url][0])
    for url in before.keys() & after.keys():
        if before[url][1] != after[url][1]:
            text = f"server `{url}` renamed from {before[url][1]!r} to {after[url][1]!r} (the generated client names environments after it)"
            _change(changes, "server-description-changed", MAYBE, "server", text, after[url][0])


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
    for name in before.keys() - after.keys():
        _change(
            changes, "security-scheme-removed", BREAKING, "security", f"security scheme `{name}` removed", before[name]
        )
    for name in after.keys() - before.keys():
        _change(changes, "security-scheme-added", INFO, "security", f"security scheme `{name}` added", after[name])
    for name in before.keys() & after.keys():
        a, b = _scheme_shape(before[name].value), _scheme_shape(after[name].value)
        for key in sorted(a.keys() | b.keys()):
            if a.get(key) != b.get(key):
                text = f"security scheme `{name}`: `{key}` changed from {a.get(key)!r} to {b.get(key)!r}"
                _change(changes, "security-scheme-changed", BREAKING, "security", text, after[name])


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
        _change(changes, "schema-removed", INFO, "schema", f"component schema `{name}` removed", before[name])
    for name in after.keys() - before.keys():
        _change(changes, "schema-added", INFO, "schema", f"component schema `{name}` added", after[name])


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
        level: str,
        area: str,
        message: str,
        source: Node,
        *,
        direction: str = NONE,
        pointer: str | None = None,
    ) -> None:
        _change(
            self.changes,
            id,
            level,
            area,
            message,
            source,
            operation=self.label,
            operation_id=self.operation_id,
            direction=direction,
            pointer=pointer,
        )

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
            BREAKING,
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
            INFO,
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
            diff.add("operation-id-changed", MAYBE, "operation", text, b.node, pointer=_logical(b, "operationId"))
        if b.node.value.get("deprecated") is True and a.node.value.get("deprecated") is not True:
            diff.add(
                "operation-deprecated",
                INFO,
                "operation",
                f"{b.label} is now deprecated",
                b.node,
                pointer=_logical(b, "deprecated"),
            )
        for word in ("summary", "description"):
            was, now = _text(a.node, word), _text(b.node, word)
            if was != now:
                text = text_change(word, was, now)
                diff.add(f"operation-{word}-changed", INFO, "operation", text, b.node, pointer=_logical(b, word))
        _compare_parameters(a, b, diff)
        _compare_request_body(a, b, diff)
        _compare_responses(a, b, diff)
        _compare_security(a, b, diff)


def _parameters(spec: ResolvedSpec, op: _Operation) -> dict[tuple[str, str], Node]:
    """Effective parameters by (in, name): path-level ones, overridden by the operation's."""
    found: dict[tuple[str, str], Node] = {}
    for owner in (op.path_item, op.node):
        raw = owner.value.get("parameters")
        for index in range(len(raw) if isinstance(raw, list) else 0):
            node = spec.follow(owner.child("parameters", index))
            value = node.value
            if isinstance(value, dict) and isinstance(value.get("name"), str) and isinstance(value.get("in"), str):
                name = value["name"].lower() if value["in"] == "header" else value["name"]
                found[(value["in"], name)] = node
    return found


def _parameter_schema(node: Node) -> list[Node]:
    if isinstance(node.value.get("schema"), (dict, bool)):
        return [node.child("schema")]
    content = node.value.get("content")
    if isinstance(content, dict):
        for media in content:
            if isinstance(content[media], dict) and isinstance(content[media].get("schema"), (dict, bool)):
                return [node.child("content", media, "schema")]
    return []


def _compare_parameters(a: _Operation, b: _Operation, diff: _OperationDiff) -> None:
    before, after = _parameters(diff.old.spec, a), _parameters(diff.new.spec, b)
    for key in sorted(before.keys() - after.keys()):
        name = before[key].value["name"]
        diff.add(
            "parameter-removed",
            BREAKING,
            "parameter",
            f"{key[0]} parameter `{name}` removed",
            before[key],
            direction=REQUEST,
            pointer=_logical(a, "parameters", key[0], name),
        )
    for key in sorted(after.keys() - before.keys()):
        node = after[key]
        name = node.value["name"]
        rule, level, text = (
            ("parameter-added-required", BREAKING, f"required {key[0]} parameter `{name}` added")
            if node.value.get("required") is True
            else ("parameter-added-optional", INFO, f"optional {key[0]} parameter `{name}` added")
        )
        pointer = _logical(b, "parameters", key[0], name)
        diff.add(rule, level, "parameter", text, node, direction=REQUEST, pointer=pointer)
    for key in sorted(before.keys() & after.keys()):
        old, new = before[key], after[key]
        name = new.value["name"]
        subject = f"{key[0]} parameter `{name}`"
        was, now = old.value.get("required") is True, new.value.get("required") is True
        if was != now:
            level, what = (BREAKING, "parameter-became-required") if now else (INFO, "parameter-became-optional")
            diff.add(
                what,
                level,
                "parameter",
                f"{subject} became {'required' if now else 'optional'}",
                new,
                direction=REQUEST,
                pointer=_logical(b, "parameters", key[0], name, "required"),
            )
        if _text(old, "description") != _text(new, "description"):
            diff.add(
                "parameter-description-changed",
                INFO,
                "parameter",
                f"{subject}: {text_change('description', _text(old, 'description'), _text(new, 'description'))}",
                new,
                direction=REQUEST,
                pointer=_logical(b, "parameters", key[0], name, "description"),
            )
        old_schema, new_schema = _parameter_schema(old), _parameter_schema(new)
        if old_schema and new_schema:
            context = diff.schema_context(REQUEST, "parameter", subject, "parameter", "parameter", "parameter")
            compare_schemas(old_schema, new_schema, Where(_logical(b, "parameters", key[0], name, "schema")), context)


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
            BREAKING,
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
        level, what = (BREAKING, "request-body-added-required") if required else (INFO, "request-body-added-optional")
        diff.add(
            what,
            level,
            "request body",
            f"{'required' if required else 'optional'} request body added",
            new_body,
            direction=REQUEST,
            pointer=_logical(b, "requestBody"),
        )
        return
    old_body = diff.old.spec.follow(a.node.child("requestBody"))
    if (old_body.value.get("required") is True) != required:
        level, what = (BREAKING, "request-body-became-required") if required else (INFO, "request-body-became-optional")
        diff.add(
            what,
            level,
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
    for media in sorted(before.keys() - after.keys()):
        level = BREAKING if success else INFO
        diff.add(
            f"{prefix}-media-type-removed",
            level,
            area,
            f"{subject}: media type `{media}` removed",
            before[media],
            direction=direction,
            pointer=join_pointer(pointer, "content", media),
        )
    for media in sorted(after.keys() - before.keys()):
        diff.add(
            f"{prefix}-media-type-added",
            INFO,
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
        rule, level, text = (
            ("response-success-status-removed", BREAKING, f"success response {status} removed")
            if _is_success(status)
            else ("response-non-success-status-removed", INFO, f"response {status} removed")
        )
        pointer = _logical(a, "responses", status)
        diff.add(rule, level, "response", text, before[status], direction=RESPONSE, pointer=pointer)
    for status in sorted(after.keys() - before.keys()):
        rule, level, text = (
            ("response-success-status-added", MAYBE, f"success response {status} added: a shape clients may not handle")
            if _is_success(status)
            else ("response-non-success-status-added", INFO, f"response {status} added")
        )
        pointer = _logical(b, "responses", status)
        diff.add(rule, level, "response", text, after[status], direction=RESPONSE, pointer=pointer)
    for status in sorted(before.keys() & after.keys()):
        subject = f"{status} response body"
        if _text(before[status], "description") != _text(after[status], "description"):
            was, now = _text(before[status], "description"), _text(after[status], "description")
            diff.add(
                "response-description-changed",
                INFO,
                "response",
                f"{status} response: {text_change('description', was, now)}",
                after[status],
                direction=RESPONSE,
                pointer=_logical(b, "responses", status, "description"),
            )
        _compare_content(
            _content(before[status]),
            _content(after[status]),
            diff,
            RESPONSE,
            subject,
            _logical(b, "responses", status),
            "response",
            success=_is_success(status),
        )


def _security(version: SpecVersion, op: _Operation) -> tuple[frozenset[frozenset[str]], Node]:
    """Effective security: alternatives (OR) of requirements (AND of scheme names with scopes)."""
    if "security" in op.node.value:
        node = op.node.child("security")
    else:
        node = version.spec.root_node()
        if "security" not in node.value:
            return frozenset({frozenset()}), node
        node = node.child("security")
    alternatives = set()
    for requirement in node.value if isinstance(node.value, list) else []:
        if isinstance(requirement, dict):
            alternatives.add(
                frozenset(
                    f"{name}"
                    + (f" [{', '.join(sorted(map(str, scopes)))}]" if isinstance(scopes, list) and scopes else "")
                    for name, scopes in requirement.items()
                )
            )
    return frozenset(alternatives or {frozenset()}), node


def _requirement_text(requirement: frozenset[str]) -> str:
    return " and ".join(f"`{name}`" for name in sorted(requirement))


def _compare_security(a: _Operation, b: _Operation, diff: _OperationDiff) -> None:
    """A client that met an old alternative still gets in if some new alternative asks no more of it."""
    (before, _), (after, node) = _security(diff.old, a), _security(diff.new, b)
    pointer = _logical(b, "security")
    for requirement in sorted(before - after, key=sorted):
        still_in = any(alternative <= requirement for alternative in after)
        if not requirement:
            text = "anonymous access removed: authentication is now required"
        elif still_in:
            text = f"security alternative {_requirement_text(requirement)} removed (clients using it still get in)"
        else:
            text = f"security alternative {_requirement_text(requirement)} removed: clients using it are refused"
        diff.add(
            "security-requirement-removed",
            INFO if still_in else BREAKING,
            "security",
            text,
            node,
            direction=REQUEST,
            pointer=pointer,
        )
    for requirement in sorted(after - before, key=sorted):
        text = (
            "anonymous access added: no authentication needed"
            if not requirement
            else f"security alternative {_requirement_text(requirement)} added"
        )
        diff.add("security-requirement-added", INFO, "security", text, node, direction=REQUEST, pointer=pointer)


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
        _change(
            changes,
            "webhook-removed",
            BREAKING,
            "webhook",
            f"webhook `{key[0]}` removed",
            before[key],
            operation=f"webhook {key[0]}",
        )
    for key in after.keys() - before.keys():
        _change(
            changes,
            "webhook-added",
            INFO,
            "webhook",
            f"webhook `{key[0]}` added",
            after[key],
            operation=f"webhook {key[0]}",
        )
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
