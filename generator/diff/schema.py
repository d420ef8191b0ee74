"""Compare two schemas after resolution: follows `$ref`, merges `allOf`, matches `oneOf`/`anyOf` branches.

Each schema is read into a `SchemaView` (view.py), so a schema moved behind a `$ref` is no
change. Whether a difference breaks clients depends on who sends the data: the client sends
requests (anything the old schema accepted must still be accepted) and receives responses
(anything the new schema allows must have been expected before).

The comparison's state lives in walk.py; the keyword families that judge values (types, enums,
bounds, defaults) in values.py, the `oneOf`/`anyOf` branches in unions.py. This module walks the
pair of schemas and their subschemas (properties, items, additionalProperties, keywords compared as written).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ..resolve import Node
from .changes import REQUEST, text_change
from .unions import union_changes
from .values import compare_default, compare_type, compare_values
from .view import AS_WRITTEN, SUBSCHEMA, SUBSCHEMAS_BY_KEY, SchemaView, canonical
from .walk import PairKey, SchemaContext, Where


def compare_schemas(old_nodes: Sequence[Node], new_nodes: Sequence[Node], where: Where, ctx: SchemaContext) -> None:
    """Report every difference between two schemas into `ctx.changes`."""
    old, new = ctx.view_old(old_nodes), ctx.view_new(new_nodes)
    key: PairKey = (tuple(n.key for n in old.nodes), tuple(n.key for n in new.nodes), ctx.direction)
    walk = ctx.walk
    caller = walk.calls[-1] if walk.calls else None
    if key in ctx.cache.clean:
        return
    if key in walk.index:  # met before in this operation: recursion, or a schema used twice
        if caller is not None:
            if key in walk.on_stack:
                walk.low[caller] = min(walk.low[caller], walk.index[key])
            walk.differs[caller] = walk.differs[caller] or walk.differs[key]
        if key not in walk.on_stack and key in walk.spans:
            first, start, end = walk.spans[key]
            if first != where:
                for record in walk.records[start:end]:
                    ctx.add(
                        record.where.rebased(first, where),
                        record.what,
                        record.message,
                        record.source,
                        record.when,
                        record.texts,
                    )
        return
    walk.index[key] = walk.low[key] = len(walk.index)
    walk.differs[key] = False
    walk.stack.append(key)
    walk.on_stack.add(key)
    walk.calls.append(key)
    reported, recorded = len(ctx.changes), len(walk.records)
    _compare_views(old, new, where, ctx)
    walk.spans[key] = (where, recorded, len(walk.records))
    walk.calls.pop()
    walk.differs[key] = walk.differs[key] or len(ctx.changes) > reported
    if walk.low[key] == walk.index[key]:  # the root of a strongly connected component: settle it
        members = []
        while True:
            member = walk.stack.pop()
            walk.on_stack.discard(member)
            members.append(member)
            if member == key:
                break
        differs = any(walk.differs[m] for m in members)
        for member in members:
            walk.differs[member] = differs
            if not differs:
                ctx.cache.clean.add(member)
    if caller is not None:
        walk.low[caller] = min(walk.low[caller], walk.low[key])
        walk.differs[caller] = walk.differs[caller] or walk.differs[key]


def _compare_views(old: SchemaView, new: SchemaView, where: Where, ctx: SchemaContext) -> None:
    if bool(old.branches) != bool(new.branches):
        _compare_union(old, new, where, ctx)
        return
    if not compare_type(old, new, where, ctx):
        return  # incompatible types: what lies below would only repeat it
    compare_values(old, new, where, ctx)
    compare_default(old, new, where, ctx)
    if new.deprecated != old.deprecated:
        what, text = ("deprecated", "now deprecated") if new.deprecated else ("reactivated", "no longer deprecated")
        ctx.add(where, what, text, new.nodes[0])
    if old.description != new.description:
        text = text_change("description", old.description, new.description)
        ctx.add(where, "description-changed", text, new.nodes[0], texts=(old.description, new.description))
    _compare_dependent_required(old, new, where, ctx)
    _compare_as_written(old, new, where, ctx)
    _compare_properties(old, new, where, ctx)
    if old.items and new.items:
        compare_schemas(old.items, new.items, where.child(["items"], "[]"), ctx)
    elif old.items or new.items:  # items: {} and no items accept the same, but a schema there may narrow
        kind = "tightened" if new.items else "loosened"
        text = f"items {'schema added' if new.items else 'schema removed: any items'} ({kind})"
        ctx.add(where.child(["items"], ""), f"constraint-{kind}", text, new.nodes[0])
    _compare_additional(old, new, where, ctx)
    if old.branches and new.branches:
        _compare_union(old, new, where, ctx)


def _compare_dependent_required(old: SchemaView, new: SchemaView, where: Where, ctx: SchemaContext) -> None:
    """`dependentRequired: {a: [b]}`: an object with `a` must have `b` (a tightening for whoever receives it)."""
    for name in sorted(old.dependent_required.keys() | new.dependent_required.keys()):
        before, after = old.dependent_required.get(name, frozenset()), new.dependent_required.get(name, frozenset())
        here = where.child(["dependentRequired", name], "")
        if after - before:
            text = f"dependentRequired: `{name}` now needs {_names(after - before)}"
            ctx.add(here, "dependent-required-added", text, new.nodes[0])
        if before - after:
            text = f"dependentRequired: `{name}` no longer needs {_names(before - after)}"
            ctx.add(here, "dependent-required-removed", text, new.nodes[0])


def _compare_as_written(old: SchemaView, new: SchemaView, where: Where, ctx: SchemaContext) -> None:
    for keyword in AS_WRITTEN:
        before, after = old.as_written.get(keyword, []), new.as_written.get(keyword, [])
        here = where.child([keyword], "")
        if not before or not after:
            if before or after:
                kind = "tightened" if after else "loosened"
                ctx.add(
                    here, f"constraint-{kind}", f"`{keyword}` {'added' if after else 'removed'} ({kind})", new.nodes[0]
                )
        elif len(before) == len(after) == 1 and keyword in SUBSCHEMA:
            compare_schemas(before, after, where.child([keyword], f"<{keyword}>"), ctx)
        elif len(before) == len(after) == 1 and keyword in SUBSCHEMAS_BY_KEY:
            _compare_keyed_subschemas(keyword, before[0], after[0], where, ctx)
        elif [canonical(n.value) for n in before] != [canonical(n.value) for n in after]:
            text = f"`{keyword}` changed (compared as written, not value by value)"
            ctx.add(here, "constraint-changed", text, new.nodes[0])


def _compare_keyed_subschemas(keyword: str, old: Node, new: Node, where: Where, ctx: SchemaContext) -> None:
    """`patternProperties`/`dependentSchemas` (by name) and `prefixItems` (by position): each subschema
    on both sides compared, one only in the new spec a tightening, one only in the old a loosening."""

    def keys(node: Node) -> list[Any]:
        value = node.value
        if isinstance(value, dict):
            return list(value)
        return list(range(len(value))) if isinstance(value, list) else []

    before, after = keys(old), keys(new)
    for key in dict.fromkeys([*before, *after]):
        here = where.child([keyword, key], "")
        if key in before and key in after:
            compare_schemas([old.child(key)], [new.child(key)], where.child([keyword, key], f"<{keyword} {key}>"), ctx)
        else:
            kind = "tightened" if key in after else "loosened"
            text = f"`{keyword}` `{key}` {'added' if key in after else 'removed'} ({kind})"
            ctx.add(here, f"constraint-{kind}", text, (new if key in after else old).child(key))


def _names(names: frozenset[str]) -> str:
    return ", ".join(f"`{name}`" for name in sorted(names))


def _compare_properties(old: SchemaView, new: SchemaView, where: Where, ctx: SchemaContext) -> None:
    request = ctx.direction == REQUEST
    for name in dict.fromkeys([*old.properties, *new.properties]):
        before, after = old.properties.get(name), new.properties.get(name)
        if _hidden(ctx.view_old, before, request) and _hidden(ctx.view_new, after, request):
            continue
        here = where.child(["properties", name], name)
        was_required, is_required = name in old.required, name in new.required
        if before is None or _hidden(ctx.view_old, before, request):
            assert after is not None
            if request:
                what = "added-required" if is_required else "added-optional"
                ctx.add(here, what, f"added ({'required' if is_required else 'optional'})", after[0])
            else:
                ctx.add(here, "added", f"added ({'always present' if is_required else 'optional'})", after[0])
        elif after is None or _hidden(ctx.view_new, after, request):
            if request:
                ctx.add(
                    here,
                    "removed",
                    "removed: the server no longer reads it (sending it may be ignored or refused)",
                    before[0],
                )
            else:
                ctx.add(
                    here,
                    "removed",
                    f"removed (was {'always present' if was_required else 'optional'})",
                    before[0],
                    "was required" if was_required else "was optional",
                )
        else:
            if was_required != is_required:
                what = "became-required" if is_required else "became-optional"
                ctx.add(here, what, what.replace("-", " "), after[0])
            compare_schemas(before, after, here, ctx)


def _hidden(view_of: Callable[[Sequence[Node]], SchemaView], nodes: list[Node] | None, request: bool) -> bool:
    """A property absent from this direction: missing, readOnly in requests, writeOnly in responses."""
    if nodes is None:
        return True
    view = view_of(nodes)
    return view.read_only if request else view.write_only


def _compare_additional(old: SchemaView, new: SchemaView, where: Where, ctx: SchemaContext) -> None:
    before, after = old.additional, new.additional
    if isinstance(before, list) and isinstance(after, list):
        compare_schemas(before, after, where.child(["additionalProperties"], "{}"), ctx)
        return
    rank = {False: 0, None: 2, True: 2}
    old_rank = 1 if isinstance(before, list) else rank[before]
    new_rank = 1 if isinstance(after, list) else rank[after]
    if old_rank == new_rank:
        return
    kind = "tightened" if new_rank < old_rank else "loosened"
    text = {
        0: "no other properties allowed",
        1: "other properties must match a schema",
        2: "any other properties allowed",
    }[new_rank]
    ctx.add(
        where.child(["additionalProperties"], ""),
        f"constraint-{kind}",
        f"additionalProperties: {text} ({kind})",
        new.nodes[0],
    )


def _compare_union(old: SchemaView, new: SchemaView, where: Where, ctx: SchemaContext) -> None:
    for before, after, here in union_changes(old, new, where, ctx):
        compare_schemas(before, after, here, ctx)
