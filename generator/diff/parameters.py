"""An operation's parameters compared: added, removed, required, serialized, and their schemas.

The parameters are the ones generator/parameters.py reads as effective (path-level ones overridden
by the operation's), so the diff and the IR agree on what an operation takes.
"""

from __future__ import annotations

from typing import Any

from ..parameters import effective_parameters, parameter_nodes, parameter_schema
from ..resolve import Node, ResolvedSpec
from .changes import REQUEST
from .operation import PATH_PARAMETER, Operation, OperationDiff, logical_pointer
from .schema import compare_schemas
from .walk import Where


def _parameters(spec: ResolvedSpec, op: Operation) -> dict[tuple[str, str], Node]:
    """Effective parameters by (in, name): path-level ones, overridden by the operation's.

    Path parameters are keyed by their position in the path instead (`#0`, `#1`): operations are
    matched with the names blanked, and `/books/{bookId}` -> `/books/{id}` sends the same request."""
    owners = (op.path_item, op.node)
    found = effective_parameters((n for o in owners for n in parameter_nodes(spec, o, strict=False)), strict=False)
    positions = [match.group(0)[1:-1] for match in PATH_PARAMETER.finditer(op.path)]
    return {
        (("path", f"#{positions.index(key[1])}") if key[0] == "path" and key[1] in positions else key): node
        for key, node in found.items()
    }


def parameter_schema_nodes(node: Node) -> list[Node]:
    schema = parameter_schema(node)
    return [] if schema is None else [schema]


def compare_parameters(a: Operation, b: Operation, diff: OperationDiff) -> None:
    before, after = _parameters(diff.old.spec, a), _parameters(diff.new.spec, b)
    for key in sorted(before.keys() - after.keys()):
        name = before[key].value["name"]
        diff.add(
            "parameter-removed",
            "parameter",
            f"{key[0]} parameter `{name}` removed",
            before[key],
            direction=REQUEST,
            pointer=logical_pointer(a, "parameters", key[0], name),
        )
    for key in sorted(after.keys() - before.keys()):
        node = after[key]
        name = node.value["name"]
        rule, text = (
            ("parameter-added-required", f"required {key[0]} parameter `{name}` added")
            if node.value.get("required") is True
            else ("parameter-added-optional", f"optional {key[0]} parameter `{name}` added")
        )
        pointer = logical_pointer(b, "parameters", key[0], name)
        diff.add(rule, "parameter", text, node, direction=REQUEST, pointer=pointer)
    for key in sorted(before.keys() & after.keys()):
        _compare_parameter(key[0], before[key], after[key], b, diff)


def _compare_parameter(where: str, old: Node, new: Node, b: Operation, diff: OperationDiff) -> None:
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
            pointer=logical_pointer(b, "parameters", where, name),
        )
    was, now = old.value.get("required") is True, new.value.get("required") is True
    if was != now:
        diff.add(
            "parameter-became-required" if now else "parameter-became-optional",
            "parameter",
            f"{subject} became {'required' if now else 'optional'}",
            new,
            direction=REQUEST,
            pointer=logical_pointer(b, "parameters", where, name, "required"),
        )
    _compare_serialization(where, subject, old, new, logical_pointer(b, "parameters", where, name), diff)
    pointer = logical_pointer(b, "parameters", where, name, "deprecated")
    diff.deprecation("parameter", "parameter", subject, old, new, pointer, REQUEST)
    pointer = logical_pointer(b, "parameters", where, name, "description")
    diff.words("parameter-description-changed", "parameter", subject, old, new, pointer, REQUEST)
    old_schema, new_schema = parameter_schema_nodes(old), parameter_schema_nodes(new)
    if old_schema and new_schema:
        context = diff.schema_context(REQUEST, "parameter", subject, "parameter", "parameter", "parameter")
        compare_schemas(old_schema, new_schema, Where(logical_pointer(b, "parameters", where, name, "schema")), context)


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


def _compare_serialization(where: str, subject: str, old: Node, new: Node, pointer: str, diff: OperationDiff) -> None:
    before, after = _serialization(where, old.value), _serialization(where, new.value)
    if before == after:
        return
    # One value (not an array or object) is written alike in every style but matrix (`;id=5`) and label (`.5`).
    schema = parameter_schema_nodes(new)
    types = diff.cache.view(diff.new.spec, schema).types if schema else None
    single = types is not None and not {"array", "object"} & types
    marked = {"matrix", "label"} & {before[0], after[0]}
    when = "one value" if single and not marked else "array or object"

    def shown(form: tuple[str, bool, bool]) -> str:
        return f"style={form[0]}, explode={str(form[1]).lower()}" + (", allowReserved" if form[2] else "")

    text = f"{subject}: serialization changed from {shown(before)} to {shown(after)}"
    diff.add("parameter-serialization-changed", "parameter", text, new, when=when, direction=REQUEST, pointer=pointer)
