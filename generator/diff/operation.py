"""What comparing one operation shares: its place in the spec, its logical pointers, and how a change is recorded.

Apart from api.py so the parts of an operation (parameters.py, messages.py) are compared in modules
of their own, each reporting through the same `OperationDiff`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..diagnostics import escape_pointer_token, join_pointer, split_pointer
from ..operations import operation_nodes, wire_method
from ..resolve import Node
from .changes import NONE, Change, text_change
from .read import SpecVersion
from .rules import level_of
from .walk import SchemaCache, SchemaContext, Walk

PATH_PARAMETER = re.compile(r"\{[^}]*\}")


def record_change(
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


@dataclass(frozen=True)
class Operation:
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


def operations_by_key(version: SpecVersion) -> dict[tuple[str, str], Operation]:
    """Operations by (path with parameter names blanked, METHOD): renaming `{id}` is not a new endpoint."""
    root = version.spec.root_node()
    paths = root.value.get("paths")
    found: dict[tuple[str, str], Operation] = {}
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
                found[(PATH_PARAMETER.sub("{}", str(path)), label)] = Operation(label, str(path), node, item, key)
    return found


@dataclass
class OperationDiff:
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
        record_change(
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
        was, now = described(old, word), described(new, word)
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


def described(node: Node, word: str) -> str | None:
    """A node's `summary` or `description`, when it is a string."""
    value = node.value.get(word) if isinstance(node.value, dict) else None
    return value if isinstance(value, str) else None


def logical_pointer(op: Operation, *tokens: str) -> str:
    """A logical pointer below an operation: `/paths/~1order/post/...` (parameters named, not numbered)."""
    return join_pointer("/paths", op.path, *op.key) + "".join("/" + escape_pointer_token(t) for t in tokens)
