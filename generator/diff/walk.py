"""The state of one schema comparison: where it is, what it has walked, and what the whole diff learnt.

Apart from the comparing (schema.py and the keyword families it calls) because every family
reports through the same `SchemaContext` at a `Where`, and api.py builds both for each operation part.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ..diagnostics import escape_pointer_token
from ..resolve import Node, ResolvedSpec
from .changes import Change
from .rules import level_of
from .view import SchemaView, view_of

PairKey = tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...], str]  # (old parts, new parts, direction)


class SchemaCache:
    """What one diff learns once for all operations: schema views, and pairs known to be equal.

    A pair is recorded as clean only when nothing below it differs, recursion included (its whole
    strongly connected component of the comparison graph was clean), so skipping it loses nothing.
    This keeps a Stripe-sized spec, where most responses reach most schemas, to one walk of each.
    """

    def __init__(self, open_enums: frozenset[str] = frozenset()) -> None:
        self._views: dict[tuple[ResolvedSpec, tuple[tuple[str, str], ...]], SchemaView] = {}
        self.clean: set[PairKey] = set()
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

    index: dict[PairKey, int] = field(default_factory=dict)
    low: dict[PairKey, int] = field(default_factory=dict)
    differs: dict[PairKey, bool] = field(default_factory=dict)  # something below it changed
    stack: list[PairKey] = field(default_factory=list)
    on_stack: set[PairKey] = field(default_factory=set)
    calls: list[PairKey] = field(default_factory=list)
    records: list[_Record] = field(default_factory=list)  # every change reported in this walk, unrendered
    spans: dict[PairKey, tuple[Where, int, int]] = field(default_factory=dict)  # where first met, its records


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
