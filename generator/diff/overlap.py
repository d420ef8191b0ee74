"""Whether one value can match several schemas at once: what makes a `oneOf` refuse it.

`oneOf` accepts a value that matches exactly one branch. When a request body becomes a `oneOf`
(or gains a branch) whose branches overlap, an old request matching two of them is refused.
Overlap is judged from what tells values apart without running a validator: the JSON types, the
members a branch requires (an object without a member another branch requires, or holding one a
closed branch does not declare, matches only one), and properties fixed to different values
(a discriminator's `type: EMAIL` / `type: LINK`). An old request is taken to carry only the
members its schema declares.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

from ..resolve import Node


class SchemaView(Protocol):
    """What overlap reads of schema.py's view of a schema (a protocol: schema.py imports this module)."""

    @property
    def types(self) -> frozenset[str] | None: ...
    @property
    def properties(self) -> dict[str, list[Node]]: ...
    @property
    def required(self) -> set[str]: ...
    @property
    def additional(self) -> list[Node] | bool | None: ...
    @property
    def enum(self) -> dict[str, Any] | None: ...


ViewOf = Callable[[Sequence[Node]], SchemaView]


def type_intersection(a: frozenset[str] | None, b: frozenset[str] | None) -> frozenset[str] | None:
    """The JSON types both allow (None: any), an integer being a number."""
    if a is None or b is None:
        return b if a is None else a
    both = {t for t in a if t in b or (t == "integer" and "number" in b)}
    return frozenset(both | {t for t in b if t == "integer" and "number" in a})


def may_overlap(sender: SchemaView, old_view_of: ViewOf, branches: Sequence[SchemaView], new_view_of: ViewOf) -> bool:
    """Whether a value `sender` (an old schema) sends may match every one of `branches` (new ones)."""
    needed = set().union(*(view.required for view in branches))
    if sender.properties and not needed <= sender.properties.keys():
        return False  # a member the old request never carries
    return _meet([(sender, old_view_of)] + [(view, new_view_of) for view in branches], depth=2)


def _meet(views: list[tuple[SchemaView, ViewOf]], depth: int) -> bool:
    types: frozenset[str] | None = None
    for view, _ in views:
        types = type_intersection(types, view.types)
    if types is not None and not types:
        return False
    if not _values_meet([view for view, _ in views]):
        return False
    if depth == 0 or (types is not None and "object" not in types):
        return True
    needed = set().union(*(view.required for view, _ in views))
    if any(view.additional is False and not needed <= view.properties.keys() for view, _ in views):
        return False
    for name in sorted(set().union(*(view.properties.keys() for view, _ in views))):
        declared = [(view_of(view.properties[name]), view_of) for view, view_of in views if name in view.properties]
        if len(declared) > 1 and not _meet(declared, depth - 1):
            return False
    return True


def _values_meet(views: list[SchemaView]) -> bool:
    """Enums (and consts) leave at least one value in common."""
    common: set[str] | None = None
    for view in views:
        if view.enum is not None:
            common = set(view.enum) if common is None else common & set(view.enum)
    return common is None or bool(common)
