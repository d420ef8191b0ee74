"""`oneOf`/`anyOf` in a schema comparison: branches matched old to new, added, removed, overlapping.

Apart from schema.py because matching branches (by component, then by discriminator value, then
in order) is its own job; the matched pairs go back to schema.py to be compared as schemas.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ..resolve import Node
from .changes import REQUEST
from .overlap import may_overlap
from .view import SchemaView, canonical
from .walk import SchemaContext, Where


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


def union_changes(
    old: SchemaView, new: SchemaView, where: Where, ctx: SchemaContext
) -> list[tuple[Sequence[Node], Sequence[Node], Where]]:
    """Report what changed in the union itself; return the matched branch pairs for the caller to compare."""
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
    below: list[tuple[Sequence[Node], Sequence[Node], Where]] = []
    for before, after in pairs:
        tokens: list[str | int] = [keyword, after.index] if after.index is not None else []
        name = (
            (after.view.component or after.view.title or (f"#{after.index}" if after.index is not None else ""))
            if several
            else ""
        )
        below.append((before.nodes, after.nodes, where.child(tokens, f"({name})" if name else "")))
    return below


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
