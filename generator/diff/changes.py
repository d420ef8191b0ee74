"""What `python -m generator diff` reports: one `Change` per difference, with a level like oasdiff's.

Levels: "breaking" (oasdiff ERR: a client that worked may now fail), "maybe-breaking" (WARN: it
depends on how the client uses the API), "info" (INFO: additive or cosmetic for clients).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from .words import quoted_span, word_diff

BREAKING, MAYBE, INFO = "breaking", "maybe-breaking", "info"
LEVELS = (BREAKING, MAYBE, INFO)  # most severe first
LEVEL_RANK = {level: rank for rank, level in enumerate(LEVELS)}

# Areas of the API a change belongs to (`python` for the generated package's surface).
AREAS = ("operation", "parameter", "request body", "response", "schema", "security", "server", "webhook", "python")
# Directions: data the client sends, data it receives, or neither (an endpoint, a server, a class).
REQUEST, RESPONSE, NONE = "request", "response", "none"


@dataclass(frozen=True)
class Change:
    """One difference between two versions of a spec (or of the Python package generated from them)."""

    id: str  # stable, machine-readable kind, e.g. "request-property-added-required"
    level: str  # BREAKING | MAYBE | INFO
    area: str  # one of AREAS
    direction: str  # REQUEST | RESPONSE | NONE
    operation: str  # "POST /order"; "webhook order.completion"; "models.Product" for python changes; "" API-wide
    operation_id: str  # "createOrder", or ""
    json_pointer: str  # logical location in the dereferenced document, from the root, through $refs
    source: str  # where the changed thing is written: "2024-02-05.yaml#/components/schemas/X/properties/y"
    message: str  # one sentence for people
    old: str | None = None  # a changed text (description, summary) in full, before
    new: str | None = None  # ... and after; None for other changes, or where the text is absent

    def sort_key(self) -> tuple[str, int, str, str, str]:
        return (self.operation, LEVEL_RANK[self.level], self.json_pointer, self.id, self.message)

    def as_json(self) -> dict[str, str]:
        return asdict(self)


def level_counts(changes: list[Change]) -> dict[str, int]:
    return {level: sum(1 for c in changes if c.level == level) for level in LEVELS}


_DOCUMENTATION_SUFFIXES = ("-description-changed", "-summary-changed")


def is_documentation(change: Change) -> bool:
    """A change of words only (a description or summary): listed as info, shown collapsed."""
    return change.id.endswith(_DOCUMENTATION_SUFFIXES)


def text_change(what: str, before: str | None, after: str | None) -> str:
    """'description changed: "... [-old-]{+new+} ..."': the words that differ, with a few around them.

    Two long texts that differ in one date must not read the same: each side cut at a common
    prefix hides the change. The full texts go in the change's `old`/`new` (JSON)."""
    if before is None:
        return f"{what} added: {quoted_span(after or '')}"
    if after is None:
        return f"{what} removed (was {quoted_span(before)})"
    return f"{what} changed: {word_diff(before, after)}"
