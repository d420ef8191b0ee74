"""What a schema's keywords mean: the one reading shared by the IR (schemas/), the diff and the examples.

Each reader returns what the schema says plus the `Slip`s it met: spellings real specs use that
JSON Schema does not mean (3.0 `nullable` in a 3.1 document, boolean exclusive bounds, `required:
true` on a property), read the way their authors meant. The IR turns slips into located warnings;
the diff and the examples read the same meaning silently (they do not judge the spec, the generator
does). Two readings drift: before this module, the diff ignored a property's `required: true` that
the generated model honoured.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .diagnostics import GeneratorError
from .resolve import Node, ResolvedSpec

MAX_ALL_OF_DEPTH = 64
# Zalando's convention for an enum that will grow (oasdiff reads it too): its values under this key
# instead of `enum`. The generator reads it as an open enum (see templates/runtime/_open_enum.py).
EXTENSIBLE_ENUM = "x-extensible-enum"


@dataclass(frozen=True)
class Slip:
    """Something a schema says that JSON Schema does not mean, read as its authors meant."""

    tokens: tuple[str, ...]  # where, below the schema that says it: ("properties", "limit")
    message: str


@dataclass(frozen=True)
class NumericBounds:
    """`minimum`/`maximum` and their exclusive forms, 3.0's boolean spelling read as 3.0 meant it."""

    ge: int | float | Decimal | None = None
    gt: int | float | Decimal | None = None
    le: int | float | Decimal | None = None
    lt: int | float | Decimal | None = None


def all_of_parts(spec: ResolvedSpec, node: Node) -> list[Node]:
    """The schemas an object's meaning is merged from: `node` and its `allOf` parts, recursively, each
    followed through `$ref`; lowest precedence first: a part before the schema that includes it, an
    earlier part before a later one. So a later part narrows what an earlier one declared, and a
    schema's own keywords win over its parts'. A part reached twice is read once; a cycle is refused."""
    found: list[Node] = []
    seen: set[tuple[str, str]] = set()

    def walk(current: Node, path: tuple[tuple[str, str], ...]) -> None:
        current = spec.follow(current)
        if current.key in path or len(path) > MAX_ALL_OF_DEPTH:
            raise GeneratorError(
                f"`allOf` nests more than {MAX_ALL_OF_DEPTH} levels deep or includes itself (a cycle through allOf)",
                current.locate(),
            )
        value = current.value
        parts = value.get("allOf") if isinstance(value, dict) else None
        for index in range(len(parts) if isinstance(parts, list) else 0):
            walk(current.child("allOf", index), path + (current.key,))
        if current.key not in seen:
            seen.add(current.key)
            found.append(current)

    walk(node, ())
    return found


def required_names(value: Any) -> tuple[list[str], list[Slip]]:
    """The properties a schema requires: its `required` list plus properties marked `required: true`."""
    if not isinstance(value, dict):
        return [], []
    names: list[str] = []
    slips: list[Slip] = []
    required = value.get("required", [])
    if isinstance(required, list):
        for item in required:
            if not isinstance(item, str):
                slips.append(Slip((), f"`required` entry {item!r} is not a string; ignored"))
            elif item in names:
                slips.append(Slip((), f"`required` lists {item!r} twice; read once"))
            else:
                names.append(item)
    elif isinstance(required, bool):
        slips.append(Slip((), "`required: true/false` belongs on parameters, not schemas; ignored here"))
    properties: dict[str, Any] = value["properties"] if isinstance(value.get("properties"), dict) else {}
    for key, prop in properties.items():
        if isinstance(prop, dict) and isinstance(prop.get("required"), bool):
            slips.append(
                Slip(
                    ("properties", key),
                    f"`required: {str(prop['required']).lower()}` on a property is not JSON Schema; "
                    f"read as {'listing' if prop['required'] else 'not listing'} {key!r} in the object's `required`",
                )
            )
            if prop["required"] and key not in names:
                names.append(key)
    return names, slips


def declared_types(value: Any) -> tuple[list[str], list[Slip]]:
    """The JSON types `type` names ("null" included), in order, once each; [] when it names none (any)."""
    declared = value.get("type") if isinstance(value, dict) else None
    if isinstance(declared, str):
        return [declared], []
    if isinstance(declared, list) and all(isinstance(t, str) for t in declared):
        return list(dict.fromkeys(declared)), []
    if declared is not None:
        return [], [Slip((), f"`type` must be a string or a list of strings, not {declared!r}; using Any")]
    return [], []


def json_type(value: Any) -> str:
    """The JSON Schema type of a JSON value (a bool is a boolean, not an integer)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def is_nullable(value: Any, *, is_31: bool) -> tuple[bool, list[Slip]]:
    """Whether a schema adds null to what it otherwise allows: 3.0 `nullable: true` (a slip in 3.1),
    `null` beside other types in `type`, or `null` beside other values in `enum`."""
    if not isinstance(value, dict):
        return False, []
    if value.get("nullable") is True:
        slip = Slip((), "`nullable: true` is an OpenAPI 3.0 keyword; read as `type: [..., null]` in this 3.1 document")
        return True, [slip] if is_31 else []
    declared = value.get("type")
    if isinstance(declared, list) and "null" in declared and len(declared) > 1:
        return True, []
    enum = value.get("enum")
    return isinstance(enum, list) and None in enum and len(enum) > 1, []


def numeric_bounds(value: Any, *, is_31: bool) -> tuple[NumericBounds, list[Slip]]:
    """The numeric bounds a schema sets; a boolean `exclusiveMinimum`/`exclusiveMaximum` (3.0) makes
    `minimum`/`maximum` exclusive, a slip in a 3.1 document."""
    if not isinstance(value, dict):
        return NumericBounds(), []
    slips: list[Slip] = []
    minimum, maximum = number(value.get("minimum")), number(value.get("maximum"))
    exclusive_min, exclusive_max = value.get("exclusiveMinimum"), value.get("exclusiveMaximum")
    if isinstance(exclusive_min, bool):
        if is_31:
            slips.append(Slip((), "boolean `exclusiveMinimum` is OpenAPI 3.0 syntax; read as 3.0 meant it"))
        gt, ge = (minimum, None) if exclusive_min else (None, minimum)
    else:
        ge, gt = minimum, number(exclusive_min)
    if isinstance(exclusive_max, bool):
        if is_31:
            slips.append(Slip((), "boolean `exclusiveMaximum` is OpenAPI 3.0 syntax; read as 3.0 meant it"))
        lt, le = (maximum, None) if exclusive_max else (None, maximum)
    else:
        le, lt = maximum, number(exclusive_max)
    return NumericBounds(ge=ge, gt=gt, le=le, lt=lt), slips


def number(value: Any) -> int | float | Decimal | None:
    """A JSON number (never a boolean), else None."""
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None
