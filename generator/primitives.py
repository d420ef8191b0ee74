"""The scalar types of generated code: one record each, every fact the generator knows about it.

A scalar is read from a JSON type and `format` (`schemas`), written as an annotation imported from
somewhere (`render`), given a default built from its JSON text (`schemas`, `render`) and
illustrated by an example value (`examples`). Kept as one record per type (as openapi-python-client
keeps one class per property type) so that adding a format is one entry here, not one in each reader.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from uuid import UUID

# ISO 8601 durations, the grammar `Duration` of the runtime (templates/runtime/_wire_types.py) parses;
# a test keeps the two in step.
DURATION = re.compile(r"-?P(?!$)(?:\d+Y)?(?:\d+M)?(?:\d+W)?(?:\d+D)?(?:T(?!$)(?:\d+H)?(?:\d+M)?(?:\d+(?:[.,]\d+)?S)?)?")


def _check_duration(text: str) -> None:
    if not DURATION.fullmatch(text):
        raise ValueError(f"not an ISO 8601 duration: {text!r}")


@dataclass(frozen=True)
class PrimitiveKind:
    """One scalar type: how a schema names it, how code spells, imports and builds it."""

    name: str  # the annotation, as `ir.Primitive.name` holds it
    json_type: str | None  # the JSON type it is read from (None: not from a type alone)
    json_format: str | None = None  # with this `format` (None: the plain JSON type)
    import_from: str | None = None  # the module `_client.py` imports `name` from (None: a builtin)
    # A default is written as a call of `parser` (Python source) on the spec's text, which
    # `check_text` accepts (raising ValueError or ArithmeticError on any other text)...
    parser: str | None = None
    check_text: Callable[[str], object] | None = None
    # ... or, without a parser, as the JSON value itself when it is one of these Python types.
    json_values: tuple[type, ...] = ()
    example: str | None = None  # a value of its format in an example built from the schema alone


PRIMITIVES: dict[str, PrimitiveKind] = {
    kind.name: kind
    for kind in (
        PrimitiveKind("str", "string", json_values=(str,)),
        PrimitiveKind("int", "integer", json_values=(int,)),
        PrimitiveKind("float", "number", json_values=(int, float)),
        PrimitiveKind("bool", "boolean", json_values=(bool,)),
        PrimitiveKind("None", "null", json_values=(type(None),)),
        PrimitiveKind("Any", None),  # a schema that says nothing of its type: every JSON value
        PrimitiveKind(
            "datetime",
            "string",
            "date-time",
            "datetime",
            "datetime.fromisoformat",
            datetime.fromisoformat,
            example="2024-01-01T00:00:00Z",
        ),
        PrimitiveKind(
            "date", "string", "date", "datetime", "date.fromisoformat", date.fromisoformat, example="2024-01-01"
        ),
        # RFC 3339 full-time: with its offset.
        PrimitiveKind(
            "time", "string", "time", "datetime", "time.fromisoformat", time.fromisoformat, example="12:00:00Z"
        ),
        # The runtime's exact ISO 8601 duration (`P1M` is one month, which no fixed length is).
        PrimitiveKind("Duration", "string", "duration", "._base_model", "Duration", _check_duration),
        PrimitiveKind("UUID", "string", "uuid", "uuid", "UUID", UUID, example="3fa85f64-5717-4562-b3fc-2c963f66afa6"),
        # Bytes, a path, an open file or a `File` (templates/runtime/_files.py); no default is written.
        PrimitiveKind("FileInput", "string", "binary", "._files"),
        # Money, whatever its JSON type: the generator option `decimal` says which values are (`DecimalRule`).
        PrimitiveKind("Decimal", None, None, "decimal", "Decimal", Decimal),
    )
}

# (JSON type, format) -> the scalar read from it; a format not listed leaves the plain JSON type's.
BY_FORMAT = {(k.json_type, k.json_format): k for k in PRIMITIVES.values() if k.json_format is not None}
BY_JSON_TYPE = {k.json_type: k for k in PRIMITIVES.values() if k.json_type is not None and k.json_format is None}

# Examples of string formats read as a plain `str` (an `email` is checked, not typed).
_PLAIN_STRING_EXAMPLES = {"email": "user@example.com", "uri": "https://example.com", "url": "https://example.com"}
STRING_EXAMPLES = {
    **{k.json_format: k.example for k in PRIMITIVES.values() if k.json_format and k.example},
    **_PLAIN_STRING_EXAMPLES,
}


def primitive_of(json_type: str, json_format: object) -> PrimitiveKind | None:
    """The scalar a JSON type with this `format` is read as, or None when the type is no scalar."""
    return BY_FORMAT.get((json_type, str(json_format))) or BY_JSON_TYPE.get(json_type)
