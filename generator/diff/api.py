"""The API diff: what changed between two versions of a spec, and how badly (`python -m generator diff`).

Both specs are read as the generator reads them (overlays beside them applied, every `$ref`
resolved) and compared after resolution, operation by operation: parameters, request bodies,
responses, security; then servers, security schemes, webhooks and component schemas. Each change
has a level like oasdiff's (breaking / maybe-breaking / info). The IR of both specs is compared
too: the classes, fields, methods and arguments the generated Python package gains or loses.

The modules it strings together: read.py reads each side, operation.py holds what comparing one
operation shares, parameters.py and messages.py compare its parameters, bodies and responses,
security.py its security, schema.py (with walk.py, values.py and unions.py) the schemas below them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import ir
from ..diagnostics import GeneratorError, join_pointer
from ..operations import HTTP_METHODS
from ..resolve import Node
from .changes import BREAKING, MAYBE, REQUEST, RESPONSE, Change
from .messages import compare_content, compare_request_body, compare_responses, content_of
from .operation import Operation, OperationDiff, logical_pointer, operations_by_key, record_change
from .parameters import compare_parameters
from .read import SpecVersion, read_version
from .security import effective_security, schemes_used, security_changes
from .surface import surface_changes
from .walk import SchemaCache

FAIL_ON = {"breaking": (BREAKING,), "maybe": (BREAKING, MAYBE), "never": ()}


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
        record_change(
            changes,
            "server-removed",
            "server",
            f"server `{url}` removed: clients configured for it must move",
            before[url][0],
        )
    for url in after.keys() - before.keys():
        record_change(changes, "server-added", "server", f"server `{url}` added", after[url][0])
    for url in before.keys() & after.keys():
        if before[url][1] != after[url][1]:
            text = f"server `{url}` renamed from {before[url][1]!r} to {after[url][1]!r} (the generated client names environments after it)"
            record_change(changes, "server-description-changed", "server", text, after[url][0])


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
        record_change(changes, "security-scheme-removed", "security", text, before[name], when=when)
    for name in after.keys() - before.keys():
        record_change(changes, "security-scheme-added", "security", f"security scheme `{name}` added", after[name])
    for name in before.keys() & after.keys():
        a, b = _scheme_shape(before[name].value), _scheme_shape(after[name].value)
        for key in sorted(a.keys() | b.keys()):
            if a.get(key) != b.get(key):
                text = f"security scheme `{name}`: `{key}` changed from {a.get(key)!r} to {b.get(key)!r}"
                record_change(changes, "security-scheme-changed", "security", text, after[name])


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
        record_change(changes, "schema-removed", "schema", f"component schema `{name}` removed", before[name])
    for name in after.keys() - before.keys():
        record_change(changes, "schema-added", "schema", f"component schema `{name}` added", after[name])


# --- Operations ---------------------------------------------------------------------------------


def _compare_operations(old: SpecVersion, new: SpecVersion, changes: list[Change], cache: SchemaCache) -> None:
    before, after = operations_by_key(old), operations_by_key(new)
    for key in before.keys() - after.keys():
        op = before[key]
        record_change(
            changes,
            "operation-removed",
            "operation",
            f"{op.label} removed",
            op.node,
            operation=op.label,
            operation_id=op.operation_id,
            pointer=logical_pointer(op),
        )
    for key in after.keys() - before.keys():
        op = after[key]
        record_change(
            changes,
            "operation-added",
            "operation",
            f"{op.label} added",
            op.node,
            operation=op.label,
            operation_id=op.operation_id,
            pointer=logical_pointer(op),
        )
    for key in before.keys() & after.keys():
        a, b = before[key], after[key]
        diff = OperationDiff(old, new, b.label, b.operation_id or a.operation_id, changes, cache)
        if a.operation_id != b.operation_id:
            text = f"operationId changed from `{a.operation_id}` to `{b.operation_id}` (generated method names come from it)"
            diff.add("operation-id-changed", "operation", text, b.node, pointer=logical_pointer(b, "operationId"))
        diff.deprecation("operation", "operation", b.label, a.node, b.node, logical_pointer(b, "deprecated"))
        for word in ("summary", "description"):
            diff.words(f"operation-{word}-changed", "operation", "", a.node, b.node, logical_pointer(b, word))
        compare_parameters(a, b, diff)
        compare_request_body(a, b, diff)
        compare_responses(a, b, diff)
        _compare_security(a, b, diff)


def _compare_security(a: Operation, b: Operation, diff: OperationDiff) -> None:
    """A client that met an old alternative still gets in if some new alternative asks no more of it."""
    before, after = effective_security(diff.old.spec, a.node), effective_security(diff.new.spec, b.node)
    node, pointer = after.node, logical_pointer(b, "security")
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
        record_change(changes, "webhook-removed", "webhook", text, before[key], operation=f"webhook {key[0]}")
    for key in after.keys() - before.keys():
        text = f"webhook `{key[0]}` added"
        record_change(changes, "webhook-added", "webhook", text, after[key], operation=f"webhook {key[0]}")
    for key in before.keys() & after.keys():
        diff = OperationDiff(old, new, f"webhook {key[0]}", "", changes, cache)
        old_body, new_body = before[key].value.get("requestBody"), after[key].value.get("requestBody")
        if old_body is None or new_body is None:
            continue
        old_node, new_node = old.spec.follow(before[key].child("requestBody")), new.spec.follow(
            after[key].child("requestBody")
        )
        pointer = join_pointer(after[key].pointer, "requestBody")
        # The client receives webhooks: their payloads are compared like responses.
        compare_content(
            content_of(old_node), content_of(new_node), diff, RESPONSE, "webhook payload", pointer, "webhook"
        )
