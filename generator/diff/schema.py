"""Compare two schemas after resolution: follows `$ref`, merges `allOf`, matches `oneOf`/`anyOf` branches.

Each schema is read into a `SchemaView` (view.py), so a schema moved behind a `$ref` is no
change. Whether a difference breaks clients depends on who sends the data: the client sends
requests (anything the old schema accepted must still be accepted) and receives responses
(anything the new schema allows must have been expected before).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..diagnostics import escape_pointer_token
from ..keywords import json_type
from ..pysource import python_pattern
from ..resolve import Node, ResolvedSpec
from .changes import REQUEST, Change, text_change
from .overlap import may_overlap
from .rules import level_of
from .view import (
    AS_WRITTEN,
    LOWER_BOUNDS,
    SUBSCHEMA,
    SUBSCHEMAS_BY_KEY,
    UPPER_BOUNDS,
    SchemaView,
    canonical,
    is_number,
    view_of,
)

_SCALAR_KEYWORDS = (
    "minLength",
    "maxLength",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
)
_MAX_VALUES_SHOWN = 8


# --- Comparing --------------------------------------------------------------------------------

_PairKey = tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...], str]  # (old parts, new parts, direction)


class SchemaCache:
    """What one diff learns once for all operations: schema views, and pairs known to be equal.

    A pair is recorded as clean only when nothing below it differs, recursion included (its whole
    strongly connected component of the comparison graph was clean), so skipping it loses nothing.
    This keeps a Stripe-sized spec, where most responses reach most schemas, to one walk of each.
    """

    def __init__(self, open_enums: frozenset[str] = frozenset()) -> None:
        self._views: dict[tuple[ResolvedSpec, tuple[tuple[str, str], ...]], SchemaView] = {}
        self.clean: set[_PairKey] = set()
        # JSON pointers of the new version's open enums and their uses, as its IR reads them.
        self.open_enums = open_enums

    def view(self, spec: ResolvedSpec, nodes: Sequence[Node]) -> SchemaView:
        key = (spec, tuple(n.key for n in nodes))
        view = self._views.get(key)
        if view is None:
            view = self._views[key] = view_of(spec, nodes)
        return view


@dataclass
class Walk:
    """One operation's depth-first walk over schema pairs (Tarjan's strongly connected components).

    A pair is walked once per operation. Met again through recursion, it adds nothing; met again
    at another place (one schema under two properties, like a webhook's `old_state` and
    `new_state`), the changes found below it the first time are reported again at that place, so
    every changed location is listed.
    """

    index: dict[_PairKey, int] = field(default_factory=dict)
    low: dict[_PairKey, int] = field(default_factory=dict)
    differs: dict[_PairKey, bool] = field(default_factory=dict)  # something below it changed
    stack: list[_PairKey] = field(default_factory=list)
    on_stack: set[_PairKey] = field(default_factory=set)
    calls: list[_PairKey] = field(default_factory=list)
    records: list[_Record] = field(default_factory=list)  # every change reported in this walk, unrendered
    spans: dict[_PairKey, tuple[Where, int, int]] = field(default_factory=dict)  # where first met, its records


@dataclass(frozen=True)
class _Record:
    where: Where
    what: str
    when: str
    message: str
    source: Node
    texts: tuple[str | None, str | None]


@dataclass
class SchemaContext:
    """What a comparison is about and where its changes go. One per operation part (a parameter, a body...)."""

    old: ResolvedSpec
    new: ResolvedSpec
    direction: str  # REQUEST or RESPONSE: who sends the data
    area: str  # "parameter", "request body", "response", "webhook"
    operation: str
    operation_id: str
    subject: str  # "query parameter `limit`", "request body", "200 response body"
    root_prefix: str  # change ids at the root: "parameter", "request-body", "response-body", "webhook-body"
    nested_prefix: str  # change ids below it: "parameter", "request-property", "response-property", "webhook-property"
    property_noun: str  # "request property", "response property", ...
    changes: list[Change]
    walk: Walk  # the schema pairs this operation has visited (one per operation)
    cache: SchemaCache  # shared by every operation of one diff

    def view_old(self, nodes: Sequence[Node]) -> SchemaView:
        return self.cache.view(self.old, nodes)

    def view_new(self, nodes: Sequence[Node]) -> SchemaView:
        return self.cache.view(self.new, nodes)

    def add(
        self,
        where: Where,
        what: str,
        message: str,
        source: Node,
        when: str = "",
        texts: tuple[str | None, str | None] = (None, None),
    ) -> None:
        """Record a change of kind `*-<what>`; its level is rules.py's for this direction (and case)."""
        self.walk.records.append(_Record(where, what, when, message, source, texts))
        prefix = self.nested_prefix if where.field else self.root_prefix
        self.changes.append(
            Change(
                id=f"{prefix}-{what}",
                level=level_of(f"*-{what}", self.direction, when),
                area=self.area,
                direction=self.direction,
                operation=self.operation,
                operation_id=self.operation_id,
                json_pointer=where.pointer,
                source=f"{source.document.path.name}#{source.pointer}",
                message=f"{self.describe(where)}: {message}",
                old=texts[0],
                new=texts[1],
            )
        )

    def describe(self, where: Where) -> str:
        if not where.field:
            return self.subject
        if self.area == "parameter":
            return f"{self.subject}, `{where.field}`"
        return f"{self.property_noun} `{where.field}`"


@dataclass(frozen=True)
class Where:
    pointer: str  # logical JSON pointer, through $refs and allOf as if inlined
    field: str = ""  # "items[].products(Single).value"

    def child(self, tokens: Sequence[str | int], field_token: str) -> Where:
        pointer = self.pointer + "".join("/" + escape_pointer_token(t) for t in tokens)
        if not field_token:
            return Where(pointer, self.field)
        return Where(pointer, _joined(self.field, field_token))

    def rebased(self, old_base: Where, new_base: Where) -> Where:
        """This place below `old_base`, moved to the same place below `new_base`."""
        pointer = self.pointer
        if pointer.startswith(old_base.pointer):
            pointer = new_base.pointer + pointer[len(old_base.pointer) :]
        rest = self.field[len(old_base.field) :] if self.field.startswith(old_base.field) else self.field
        return Where(pointer, _joined(new_base.field, rest.removeprefix(".")) if rest else new_base.field)


def _joined(field_path: str, token: str) -> str:
    """`items[]` + `.x`: a token opening with a bracket is glued on, a name after a dot."""
    return field_path + token if token[0] in "[{(" or not field_path else f"{field_path}.{token}"


def compare_schemas(old_nodes: Sequence[Node], new_nodes: Sequence[Node], where: Where, ctx: SchemaContext) -> None:
    """Report every difference between two schemas into `ctx.changes`."""
    old, new = ctx.view_old(old_nodes), ctx.view_new(new_nodes)
    key: _PairKey = (tuple(n.key for n in old.nodes), tuple(n.key for n in new.nodes), ctx.direction)
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
    if not _compare_type(old, new, where, ctx):
        return  # incompatible types: what lies below would only repeat it
    _compare_values(old, new, where, ctx)
    _compare_default(old, new, where, ctx)
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


def _compare_type(old: SchemaView, new: SchemaView, where: Where, ctx: SchemaContext) -> bool:
    relation = _type_relation(old, new)
    if relation == "same":
        return True
    harmless = "wider" if ctx.direction == REQUEST else "narrower"
    when = harmless if relation == harmless else "narrower or other" if ctx.direction == REQUEST else "wider or other"
    ctx.add(where, "type-changed", f"type changed from `{_type_text(old)}` to `{_type_text(new)}`", new.nodes[0], when)
    return relation != "different"


def _type_relation(old: SchemaView, new: SchemaView) -> str:
    """ "same", "wider" (new accepts more), "narrower" or "different", from types and format."""
    old_covers, new_covers = _covers(old.types, new.types), _covers(new.types, old.types)
    types = (
        "same" if old_covers and new_covers else "wider" if new_covers else "narrower" if old_covers else "different"
    )
    if old.format == new.format:
        formats = "same"
    else:
        formats = "wider" if new.format is None else "narrower" if old.format is None else "different"
    if types == "same":
        return formats
    if formats in ("same", types):
        return types
    return "different"


def _covers(wide: frozenset[str] | None, narrow: frozenset[str] | None) -> bool:
    if wide is None:
        return True
    if narrow is None:
        return False
    return all(t in wide or (t == "integer" and "number" in wide) for t in narrow)


def _type_text(view: SchemaView) -> str:
    if view.types is None:
        text = "any"
    elif not view.types:
        text = "nothing"
    else:
        text = " | ".join(sorted(view.types, key=lambda t: (t == "null", t)))
    return f"{text} ({view.format})" if view.format else text


def _compare_values(old: SchemaView, new: SchemaView, where: Where, ctx: SchemaContext) -> None:
    """Enums and constraints (maxLength, pattern, minimum, ...).

    The side that sends the data (old for requests, new for responses) must send nothing the
    other side rejects. When the sender has an enum, each value is checked against the receiver's
    constraints, so "enum of currency codes" -> "pattern ^[A-Z]{3}$" is a loosening, not a change
    of both.
    """
    request = ctx.direction == REQUEST
    sender, receiver = (old, new) if request else (new, old)
    if sender.enum is not None:
        refused = [v for v in sender.enum.values() if not _admits(receiver, v)]
        if request and new.enum is None and not refused:
            ctx.add(
                where,
                "constraint-loosened",
                "enum removed: every value it listed is still accepted, and more (loosened)",
                new.nodes[0],
            )
        unused = [] if receiver.enum is None else [v for k, v in receiver.enum.items() if k not in sender.enum]
        if request:
            if refused:
                ctx.add(
                    where,
                    "enum-value-removed",
                    f"enum values no longer accepted: {_values(refused)}",
                    new.nodes[0],
                )
            if unused:
                ctx.add(where, "enum-value-added", f"enum values added: {_values(unused)}", new.nodes[0])
        else:
            if refused and any(n.pointer in ctx.cache.open_enums for n in new.nodes):
                # An open enum: the client reads a value it does not list as its `Unknown...` class.
                ctx.add(
                    where, "enum-value-added", f"open enum values added: {_values(refused)}", new.nodes[0], when="open"
                )
            elif refused:
                ctx.add(
                    where,
                    "enum-value-added",
                    f"new enum values clients may not handle: {_values(refused)}",
                    new.nodes[0],
                    when="closed",
                )
            if unused:
                ctx.add(where, "enum-value-removed", f"enum values no longer sent: {_values(unused)}", new.nodes[0])
            if old.enum is None and not refused:
                ctx.add(
                    where,
                    "constraint-tightened",
                    f"enum added: only {_values(list(sender.enum.values()))}",
                    new.nodes[0],
                )
        _compare_bounds(old, new, where, ctx, scalar=False)
        return
    if receiver.enum is not None:
        if request:
            ctx.add(
                where,
                "constraint-tightened",
                f"enum added: only {_values(list(receiver.enum.values()))} accepted",
                new.nodes[0],
            )
        else:
            ctx.add(
                where,
                "constraint-loosened",
                f"enum removed (was {_values(list(receiver.enum.values()))}): any value may be sent",
                new.nodes[0],
            )
    _compare_bounds(old, new, where, ctx, scalar=True)


def _compare_bounds(old: SchemaView, new: SchemaView, where: Where, ctx: SchemaContext, *, scalar: bool) -> None:
    for key in LOWER_BOUNDS + UPPER_BOUNDS + ("multipleOf", "uniqueItems"):
        if not scalar and key in _SCALAR_KEYWORDS:
            continue
        before, after = old.bounds.get(key), new.bounds.get(key)
        if before == after:
            continue
        if key == "multipleOf":
            kind = _multiple_of_change(before, after)
        elif key == "uniqueItems":
            kind = "tightened" if after else "loosened"
        elif before is None or after is None:
            kind = "tightened" if before is None else "loosened"
        else:
            kind = "tightened" if (after > before) == (key in LOWER_BOUNDS) else "loosened"
        text = (
            f"{key} added: {after}"
            if before is None
            else f"{key} removed (was {before})" if after is None else f"{key} changed from {before} to {after}"
        )
        ctx.add(where, f"constraint-{kind}", f"{text} ({kind})", new.nodes[0])
    if scalar and old.patterns != new.patterns:
        if not old.patterns:
            kind, text = "tightened", f"pattern added: {_patterns(new.patterns)}"
        elif not new.patterns:
            kind, text = "loosened", f"pattern removed (was {_patterns(old.patterns)})"
        else:
            kind, text = "changed", f"pattern changed from {_patterns(old.patterns)} to {_patterns(new.patterns)}"
        ctx.add(where, f"constraint-{kind}", f"{text} ({kind})", new.nodes[0])


def _multiple_of_change(before: Any, after: Any) -> str:
    if before is None:
        return "tightened"
    if after is None:
        return "loosened"
    if after % before == 0:
        return "tightened"
    if before % after == 0:
        return "loosened"
    return "changed"


def _compare_default(old: SchemaView, new: SchemaView, where: Where, ctx: SchemaContext) -> None:
    if [canonical(v) for v in old.default] == [canonical(v) for v in new.default]:
        return
    if not old.default:
        ctx.add(where, "default-changed", f"default added: {_values(list(new.default))}", new.nodes[0], "added")
    elif not new.default:
        text = f"default removed (was {_values(list(old.default))})"
        ctx.add(where, "default-changed", text, new.nodes[0], "removed or changed")
    else:
        ctx.add(
            where,
            "default-changed",
            f"default changed from {_values(list(old.default))} to {_values(list(new.default))}",
            new.nodes[0],
            "removed or changed",
        )


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


# --- oneOf / anyOf ----------------------------------------------------------------------------


@dataclass
class _Branch:
    nodes: tuple[Node, ...]
    index: int | None  # position in oneOf/anyOf; None: a plain schema compared with a union
    view: SchemaView
    pins: dict[str, Any]  # properties fixed to one value (Runa's `type: SINGLE`)

    def label(self, discriminator: str | None) -> str:
        name = self.view.component or self.view.title or (f"#{self.index}" if self.index is not None else "the schema")
        if discriminator and discriminator in self.pins:
            return f"`{name}` ({discriminator}={self.pins[discriminator]})"
        return f"`{name}`"


def _branches(view_of: Callable[[Sequence[Node]], SchemaView], view: SchemaView) -> list[_Branch]:
    if not view.branches:
        return [_Branch(view.nodes, None, view, _pins(view_of, view))]
    result = []
    for index, node in enumerate(view.branches):
        branch_view = view_of([node])
        result.append(_Branch((node,), index, branch_view, _pins(view_of, branch_view)))
    return result


def _pins(view_of: Callable[[Sequence[Node]], SchemaView], view: SchemaView) -> dict[str, Any]:
    pins: dict[str, Any] = {}
    for name, nodes in view.properties.items():
        values = view_of(nodes).enum
        if values is not None and len(values) == 1:
            pins[name] = next(iter(values.values()))
    return pins


def _compare_union(old: SchemaView, new: SchemaView, where: Where, ctx: SchemaContext) -> None:
    old_branches, new_branches = _branches(ctx.view_old, old), _branches(ctx.view_new, new)
    keyword = new.union_keyword or old.union_keyword or "oneOf"
    if old.union_keyword and new.union_keyword and old.union_keyword != new.union_keyword:
        ctx.add(where, "union-kind-changed", f"{old.union_keyword} became {new.union_keyword}", new.nodes[0])
    if old.discriminator and new.discriminator and old.discriminator != new.discriminator:
        ctx.add(
            where,
            "discriminator-changed",
            f"discriminator changed from `{old.discriminator}` to `{new.discriminator}`",
            new.nodes[0],
        )
    elif bool(old.discriminator) != bool(new.discriminator):
        what = "added" if new.discriminator else "removed"
        text = f"discriminator `{new.discriminator or old.discriminator}` {what}"
        ctx.add(where, f"discriminator-{what}", text, new.nodes[0])
    discriminator = new.discriminator or old.discriminator or _common_pin(old_branches + new_branches)
    pairs, added, removed = _match(old_branches, new_branches, discriminator)
    request = ctx.direction == REQUEST

    def report(branch: _Branch, rule: str, what: str) -> None:
        here = where.child([keyword, branch.index] if branch.index is not None else [], "")
        ctx.add(here, rule, f"{keyword} branch {branch.label(discriminator)} {what}", branch.view.nodes[0])

    for branch in removed:
        if request:
            report(branch, "union-branch-removed", "removed: requests of that shape are no longer accepted")
        else:
            report(branch, "union-branch-removed", "removed: no longer sent")
    for branch in added:
        if request:
            report(branch, "union-branch-added", "added: another accepted shape")
        else:
            report(branch, "union-branch-added", "added: a shape clients may not handle")
    if request and new.union_keyword == "oneOf":
        _report_overlaps(old, old_branches, new_branches, pairs, where, ctx)
    several = len(old_branches) > 1 or len(new_branches) > 1
    for before, after in pairs:
        tokens: list[str | int] = [keyword, after.index] if after.index is not None else []
        name = (
            (after.view.component or after.view.title or (f"#{after.index}" if after.index is not None else ""))
            if several
            else ""
        )
        compare_schemas(before.nodes, after.nodes, where.child(tokens, f"({name})" if name else ""), ctx)


def _report_overlaps(
    old: SchemaView,
    old_branches: list[_Branch],
    new_branches: list[_Branch],
    pairs: list[tuple[_Branch, _Branch]],
    where: Where,
    ctx: SchemaContext,
) -> None:
    """New oneOf branches an old request can match two of at once: oneOf refuses it (overlap.py).

    Under an old oneOf, a valid request matched one branch only; a branch that already overlapped
    another old one cannot be told apart by this judgement (which of its requests were valid is
    beyond it), so only the old branches judged apart from the others speak for old requests."""
    was_one_of = {id(after) for _, after in pairs} if old.union_keyword == "oneOf" else set()
    senders = old_branches
    if old.union_keyword == "oneOf":
        senders = [
            sender
            for sender in old_branches
            if not any(
                may_overlap(sender.view, ctx.view_old, [other.view], ctx.view_old)
                for other in old_branches
                if other is not sender
            )
        ]
    for index, first in enumerate(new_branches):
        for second in new_branches[index + 1 :]:
            if id(first) in was_one_of and id(second) in was_one_of:
                continue  # both were oneOf branches already: old requests matching both were refused before
            branches = [first.view, second.view]
            if any(may_overlap(sender.view, ctx.view_old, branches, ctx.view_new) for sender in senders):
                text = (
                    f"oneOf branches {first.label(None)} and {second.label(None)} overlap: "
                    "an old request can match both, and oneOf then refuses it"
                )
                ctx.add(where, "union-branches-overlap", text, second.view.nodes[0])


def _common_pin(branches: list[_Branch]) -> str | None:
    counts: dict[str, int] = {}
    for branch in branches:
        for name in branch.pins:
            counts[name] = counts.get(name, 0) + 1
    best = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return best[0][0] if best and best[0][1] >= 2 else None


def _match(
    old: list[_Branch], new: list[_Branch], discriminator: str | None
) -> tuple[list[tuple[_Branch, _Branch]], list[_Branch], list[_Branch]]:
    """Pair branches: by component name (or title), then by discriminator value, then inline ones in order."""

    def name(branch: _Branch) -> str | None:
        return branch.view.component or branch.view.title

    def pin(branch: _Branch) -> str | None:
        return canonical(branch.pins[discriminator]) if discriminator and discriminator in branch.pins else None

    pairs: list[tuple[_Branch, _Branch]] = []
    unmatched_old, unmatched_new = list(old), list(new)
    for identity in (name, pin):
        for before in list(unmatched_old):
            key = identity(before)
            partner = next((b for b in unmatched_new if key is not None and identity(b) == key), None)
            if partner is not None:
                pairs.append((before, partner))
                unmatched_old.remove(before)
                unmatched_new.remove(partner)
    inline_old = [b for b in unmatched_old if b.view.component is None]
    inline_new = [b for b in unmatched_new if b.view.component is None]
    for before, after in zip(inline_old, inline_new):
        pairs.append((before, after))
        unmatched_old.remove(before)
        unmatched_new.remove(after)
    return pairs, unmatched_new, unmatched_old


# --- Values ------------------------------------------------------------------------------------


def _admits(view: SchemaView, value: Any) -> bool:
    """Whether a schema accepts one JSON scalar (enum, type, length, pattern and numeric bounds)."""
    if view.enum is not None and canonical(value) not in view.enum:
        return False
    if view.types is not None and not _covers(view.types, frozenset({json_type(value)})):
        return False
    if isinstance(value, str):
        if len(value) < view.bounds.get("minLength", 0) or len(value) > view.bounds.get("maxLength", len(value)):
            return False
        for pattern in view.patterns:
            try:
                if re.search(python_pattern(pattern), value) is None:  # ECMA-262, as the models read it
                    return False
            except re.error:
                return False  # cannot tell: count it as refused, so the change is reported
    if is_number(value):
        bounds = view.bounds
        if ("minimum" in bounds and value < bounds["minimum"]) or ("maximum" in bounds and value > bounds["maximum"]):
            return False
        if ("exclusiveMinimum" in bounds and value <= bounds["exclusiveMinimum"]) or (
            "exclusiveMaximum" in bounds and value >= bounds["exclusiveMaximum"]
        ):
            return False
    return True


def _values(values: list[Any]) -> str:
    shown = ", ".join(f"`{canonical(v) if not isinstance(v, str) else v}`" for v in values[:_MAX_VALUES_SHOWN])
    return shown + (f" (and {len(values) - _MAX_VALUES_SHOWN} more)" if len(values) > _MAX_VALUES_SHOWN else "")


def _patterns(patterns: frozenset[str]) -> str:
    return ", ".join(f"`{p}`" for p in sorted(patterns))
