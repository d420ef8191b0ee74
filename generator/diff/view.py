"""A schema read into one comparable view: `$ref`s followed, `allOf` parts merged (with `keywords.py`).

A `SchemaView` says what a schema accepts, whatever the spelling: a `$ref`, an `allOf` of one
part, 3.0 `nullable` or a 3.1 `null` type all read the same, so a schema moved behind a `$ref` is
no change. schema.py compares two views.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..keywords import (
    EXTENSIBLE_ENUM,
    all_of_parts,
    declared_types,
    is_nullable,
    json_type,
    numeric_bounds,
    required_names,
)
from ..resolve import Node, ResolvedSpec
from .overlap import type_intersection

_COMPONENT = re.compile(r"^/components/schemas/([^/]+)$")
LOWER_BOUNDS = ("minLength", "minimum", "exclusiveMinimum", "minItems", "minProperties", "minContains")
UPPER_BOUNDS = ("maxLength", "maximum", "exclusiveMaximum", "maxItems", "maxProperties", "maxContains")
# Keywords that narrow what a schema accepts beyond what the view reads. Added: tightened, removed:
# loosened. Present on both sides, a subschema where narrowing it narrows the whole is compared
# like any schema (one, or one per name or position); the others (`not` inverts, `if` selects, a
# content type is a name) are compared as written, so no difference in them goes unreported.
SUBSCHEMA = ("contains", "then", "else", "propertyNames", "unevaluatedProperties", "unevaluatedItems", "contentSchema")
SUBSCHEMAS_BY_KEY = ("patternProperties", "dependentSchemas", "prefixItems")
AS_WRITTEN = (*SUBSCHEMA, *SUBSCHEMAS_BY_KEY, "not", "if", "contentMediaType", "contentEncoding")


@dataclass
class SchemaView:
    """What one schema (a `$ref` chain and its `allOf` parts, merged) says, in comparable form."""

    nodes: tuple[Node, ...]  # the followed nodes it was read from, outermost first
    types: frozenset[str] | None = None  # JSON types allowed ("null" included); None: any
    format: str | None = None
    properties: dict[str, list[Node]] = field(default_factory=dict)
    required: set[str] = field(default_factory=set)
    items: list[Node] = field(default_factory=list)
    additional: list[Node] | bool | None = None  # None: not said; False: forbidden; True: any
    enum: dict[str, Any] | None = None  # canonical JSON text -> value
    bounds: dict[str, Any] = field(default_factory=dict)  # minLength, maximum, uniqueItems, multipleOf...
    patterns: frozenset[str] = frozenset()
    default: tuple[Any, ...] = ()  # (value,) when a default is given
    branches: list[Node] = field(default_factory=list)  # oneOf / anyOf
    union_keyword: str | None = None
    discriminator: str | None = None
    title: str | None = None
    description: str | None = None  # the outermost one: a property's own words win over its $ref's
    read_only: bool = False
    write_only: bool = False
    deprecated: bool = False
    dependent_required: dict[str, frozenset[str]] = field(default_factory=dict)  # member -> members it needs
    as_written: dict[str, list[Node]] = field(default_factory=dict)  # AS_WRITTEN keyword -> its values' nodes

    @property
    def component(self) -> str | None:
        """The component name this schema is, when it is one (`#/components/schemas/NAME`)."""
        for node in self.nodes:
            match = _COMPONENT.match(node.pointer)
            if match:
                return match.group(1).replace("~1", "/").replace("~0", "~")
        return None


def view_of(spec: ResolvedSpec, nodes: Sequence[Node]) -> SchemaView:
    """Read `nodes` (all of which hold) into one view: refs followed, allOf parts merged."""
    parts = list(_parts(spec, nodes))
    view = SchemaView(tuple(parts))
    nullable = False
    for node in parts:
        nullable |= _absorb(view, node)
    if view.types is None:
        if view.properties or view.required or isinstance(view.additional, list) or view.additional is False:
            view.types = frozenset({"object"})
        elif view.items:
            view.types = frozenset({"array"})
        elif view.enum:
            view.types = frozenset(json_type(v) for v in view.enum.values())
    if nullable and view.types is not None:
        view.types = view.types | {"null"}
    if view.enum is not None and view.types is not None and "null" in view.types and None not in view.enum.values():
        view.enum[canonical(None)] = None  # 3.0 nullable enums allow null without listing it
    return view


def _parts(spec: ResolvedSpec, nodes: Sequence[Node]) -> Iterator[Node]:
    """Every schema `nodes` merge (`$ref`s followed, `allOf` parts included), highest precedence first:
    the reverse of the order the IR folds them in (`keywords.all_of_parts`), so where parts disagree
    on a single value (a format, a default) the view keeps the one the generated model has."""
    seen: set[tuple[str, str]] = set()
    for node in nodes:
        for part in reversed(all_of_parts(spec, node)):
            if part.key not in seen:
                seen.add(part.key)
                yield part


def _absorb(view: SchemaView, node: Node) -> bool:
    """Merge one part into the view; returns whether the part allows null (3.0 `nullable`)."""
    value = node.value
    if value is False:
        view.types = frozenset()
        return False
    if not isinstance(value, dict):
        return False
    nullable = is_nullable(value, is_31=False)[0]  # (the generator warns about slips; the diff reads them as meant)
    declared = set(declared_types(value)[0])
    if declared:
        nullable |= "null" in declared
        declared.discard("null")
        view.types = type_intersection(view.types, frozenset(declared))
    if isinstance(value.get("format"), str) and view.format is None:
        view.format = value["format"]
    if isinstance(value.get("title"), str) and view.title is None:
        view.title = value["title"]
    if isinstance(value.get("description"), str) and view.description is None:
        view.description = value["description"]
    properties = value.get("properties")
    if isinstance(properties, dict):
        for name in properties:
            view.properties.setdefault(str(name), []).append(node.child("properties", name))
    view.required |= set(required_names(value)[0])  # a property's `required: true` too, as the IR reads it
    if isinstance(value.get("items"), (dict, bool)):
        view.items.append(node.child("items"))
    additional = value.get("additionalProperties")
    if additional is False:
        view.additional = False
    elif isinstance(additional, dict) and view.additional is not False:
        view.additional = (view.additional if isinstance(view.additional, list) else []) + [
            node.child("additionalProperties")
        ]
    elif additional is True and view.additional is None:
        view.additional = True
    values: list[Any] | None = None
    if "const" in value:
        values = [value["const"]]
    elif isinstance(value.get("enum"), list):
        values = list(value["enum"])
    elif isinstance(value.get(EXTENSIBLE_ENUM), list):
        values = list(value[EXTENSIBLE_ENUM])
    if values is not None:
        keyed = {canonical(v): v for v in values}
        view.enum = keyed if view.enum is None else {k: v for k, v in view.enum.items() if k in keyed}
    _absorb_bounds(view, value)
    for keyword in AS_WRITTEN:
        if keyword in value:
            view.as_written.setdefault(keyword, []).append(node.child(keyword))
    if isinstance(value.get("pattern"), str):
        view.patterns = view.patterns | {value["pattern"]}
    if "default" in value and not view.default:
        view.default = (value["default"],)
    for keyword in ("oneOf", "anyOf"):
        if isinstance(value.get(keyword), list) and not view.branches:
            view.branches = [node.child(keyword, i) for i in range(len(value[keyword]))]
            view.union_keyword = keyword
    discriminator = value.get("discriminator")
    if isinstance(discriminator, dict) and isinstance(discriminator.get("propertyName"), str):
        view.discriminator = discriminator["propertyName"]
    view.read_only |= value.get("readOnly") is True
    view.write_only |= value.get("writeOnly") is True
    view.deprecated |= value.get("deprecated") is True
    dependent = value.get("dependentRequired")
    for name, needs in (dependent if isinstance(dependent, dict) else {}).items():
        if isinstance(needs, list):
            view.dependent_required[str(name)] = view.dependent_required.get(str(name), frozenset()) | frozenset(
                map(str, needs)
            )
    return nullable


def _absorb_bounds(view: SchemaView, value: dict[str, Any]) -> None:
    # Numeric bounds as the IR reads them (3.0's boolean exclusive bounds as 3.0 meant them), in 3.1 spelling.
    numeric = numeric_bounds(value, is_31=False)[0]
    bounds = {k: v for k, v in value.items() if k not in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")}
    for key, found in (
        ("minimum", numeric.ge),
        ("exclusiveMinimum", numeric.gt),
        ("maximum", numeric.le),
        ("exclusiveMaximum", numeric.lt),
    ):
        if found is not None:
            bounds[key] = found
    for key in LOWER_BOUNDS:
        if is_number(bounds.get(key)):
            current = view.bounds.get(key)
            view.bounds[key] = bounds[key] if current is None else max(current, bounds[key])
    for key in UPPER_BOUNDS:
        if is_number(bounds.get(key)):
            current = view.bounds.get(key)
            view.bounds[key] = bounds[key] if current is None else min(current, bounds[key])
    if is_number(bounds.get("multipleOf")) and "multipleOf" not in view.bounds:
        view.bounds["multipleOf"] = bounds["multipleOf"]
    if bounds.get("uniqueItems") is True:
        view.bounds["uniqueItems"] = True


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)
