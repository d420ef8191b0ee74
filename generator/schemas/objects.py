"""`allOf` folding: the properties, `required` and extras of an object schema with its parts merged.

Kept apart from the reader of types (`reader.py`) because models, discriminators (`discriminators.py`)
and the reader all ask the same two questions of a schema: is it an object model, and what does it
hold once its `allOf` parts are folded in (narrowing kept, in the order `keywords.all_of_parts` gives).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..diagnostics import GeneratorError
from ..keywords import EXTENSIBLE_ENUM, all_of_parts
from ..resolve import Node, ResolvedSpec

ANNOTATION_KEYWORDS = frozenset(
    {
        "title",
        "description",
        "example",
        "examples",
        "deprecated",
        "readOnly",
        "writeOnly",
        "externalDocs",
        "$comment",
        "default",
        "xml",
    }
)


@dataclass
class MergedObject:
    """The properties and `required` of an object schema with all of its `allOf` parts folded in."""

    properties: dict[str, Node]
    required: list[str]
    additional: Node | None
    additional_false: bool
    additional_declared: bool  # `additionalProperties: true` or a schema, said in so many words
    description: str | None
    wider: dict[str, Node] = field(default_factory=dict)  # property -> the schema an allOf part narrowed


def merge_object(spec: ResolvedSpec, node: Node, required_list: Callable[[Node], list[str]]) -> MergedObject:
    """The object `node` describes with its `allOf` parts folded in, in the order `all_of_parts` gives."""
    parts = all_of_parts(spec, node)
    merged = MergedObject({}, [], None, False, False, None)
    for part in parts:
        _fold(spec, merged, _own_object(part, required_list), part)
    # The description of the part that wins: the schema's own, else its parts' (latest first).
    merged.description = next((doc for doc in (doc_of(part.value) for part in reversed(parts)) if doc), None)
    return merged


def _own_object(node: Node, required_list: Callable[[Node], list[str]]) -> MergedObject:
    """What one schema (not its `allOf` parts) says about an object."""
    value = node.value if isinstance(node.value, dict) else {}
    own_properties: dict[str, Any] = value["properties"] if isinstance(value.get("properties"), dict) else {}
    return MergedObject(
        {key: node.child("properties", key) for key in own_properties},
        required_list(node),
        (
            node.child("additionalProperties")
            if isinstance(value.get("additionalProperties"), dict) and value["additionalProperties"]
            else None
        ),
        value.get("additionalProperties") is False,
        value.get("additionalProperties", False) is not False,
        None,
    )


def _fold(spec: ResolvedSpec, into: MergedObject, part: MergedObject, owner: Node) -> None:
    for key, wider in part.wider.items():
        into.wider.setdefault(key, wider)
    for key, prop in part.properties.items():
        if key in into.properties:
            previous = into.properties[key]
            into.properties[key] = _narrower(spec, previous, prop, key)
            if into.properties[key] is not previous:
                into.wider[key] = previous
        else:
            into.properties[key] = prop
    for name in part.required:
        if name not in into.required:
            into.required.append(name)
    if part.additional is not None:
        into.additional = part.additional
    into.additional_false = into.additional_false or part.additional_false
    into.additional_declared = into.additional_declared or part.additional_declared
    into.description = into.description or part.description


def _narrower(spec: ResolvedSpec, first: Node, second: Node, key: str) -> Node:
    """Of two schemas for one property (from two allOf parts), the one that keeps both meanings."""
    a, b = spec.follow(first).value, spec.follow(second).value
    types_a, types_b = _declared_types(a), _declared_types(b)
    if (
        types_a
        and types_b
        and not (types_a & types_b)
        and not ({"integer"} & types_a and "number" in types_b)
        and not ({"integer"} & types_b and "number" in types_a)
    ):
        raise GeneratorError(
            f"allOf parts disagree on property {key!r}: {sorted(types_a)} at {first.pointer} vs {sorted(types_b)} at {second.pointer}",
            second.locate(),
        )
    if isinstance(b, dict) and set(b) <= ANNOTATION_KEYWORDS:
        return first  # the second part only documents the property
    return second


def is_object(spec: ResolvedSpec, value: Any, node: Node | None = None) -> bool:
    """Whether a schema describes an object with named properties (a model, not a map)."""
    if not isinstance(value, dict):
        return False
    declared = value.get("type")
    if declared not in (None, "object") and not (
        isinstance(declared, list) and "object" in declared and len([t for t in declared if t != "null"]) == 1
    ):
        return False
    if "oneOf" in value or "anyOf" in value or "enum" in value or EXTENSIBLE_ENUM in value or "const" in value:
        return False
    if "allOf" in value:
        parts = value["allOf"]
        structural = {k for k in value if k not in ANNOTATION_KEYWORDS and k not in ("allOf", "nullable", "type")}
        if not isinstance(parts, list) or (len(parts) == 1 and not structural):
            return False  # a one-item wrapper is its wrapped type, not a model of its own
        if node is None:
            return True
        return any(
            is_object(spec, spec.follow(node.child("allOf", i)).value, spec.follow(node.child("allOf", i)))
            for i in range(len(parts))
        ) or bool(value.get("properties"))
    return bool(value.get("properties")) or declared == "object" and not _is_plain_map(value)


def doc_of(value: Any) -> str | None:
    """A schema's `description`, else its `title` (stripped), else None."""
    if not isinstance(value, dict):
        return None
    description = value.get("description")
    if isinstance(description, str) and description.strip():
        return description.strip()
    title = value.get("title")
    return title.strip() if isinstance(title, str) and title.strip() else None


def _declared_types(value: Any) -> set[str]:
    if not isinstance(value, dict):
        return set()
    declared = value.get("type")
    if isinstance(declared, str):
        return {declared}
    if isinstance(declared, list):
        return {t for t in declared if isinstance(t, str) and t != "null"}
    return set()


def _is_plain_map(value: dict[str, Any]) -> bool:
    return (
        not value.get("properties")
        and "additionalProperties" in value
        and value["additionalProperties"] not in (False,)
    )
