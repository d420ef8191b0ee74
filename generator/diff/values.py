"""What values two schemas admit: their types and formats, enums, bounds, patterns and defaults.

The keyword families of a schema comparison (schema.py) that never recurse into subschemas; they
judge scalars, so "enum of currency codes" -> "pattern ^[A-Z]{3}$" reads as the loosening it is.
"""

from __future__ import annotations

import re
from typing import Any

from ..keywords import json_type
from ..pysource import python_pattern
from .changes import REQUEST
from .view import LOWER_BOUNDS, UPPER_BOUNDS, SchemaView, canonical, is_number
from .walk import SchemaContext, Where

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


def compare_type(old: SchemaView, new: SchemaView, where: Where, ctx: SchemaContext) -> bool:
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


def compare_values(old: SchemaView, new: SchemaView, where: Where, ctx: SchemaContext) -> None:
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


def compare_default(old: SchemaView, new: SchemaView, where: Where, ctx: SchemaContext) -> None:
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
