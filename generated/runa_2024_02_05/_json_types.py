"""JSON values read as the JSON type their schema declares, exactly: no lax coercion.

pydantic's lax mode reads `"true"` and `1` as a boolean, `"10"` as a number, `"1.5"` as a float,
and `"2024-01-01 00:00:00"`, `"2024-01-01"` or `1704067200` as a date-time (naive, or from an epoch).
JSON Schema's types do not: a value whose JSON type is not the schema's is of the wrong type, and a
`format: date-time` is RFC 3339's (with its UTC offset), a `date` its full-date, a `time` its
full-time. `exact_json_types` makes a model's core schema say so, once, when pydantic builds it
(`Model.__get_pydantic_core_schema__`): strings, booleans, integers and numbers strict (an integer
may be written `10.0`, as JSON Schema allows), enums and `const`s of numbers or booleans take no
other JSON type, date and time strings checked against RFC 3339. The
annotations, and so what type checkers see, stay `str`, `bool`, `datetime`, ...

It holds for requests too: a raw dict body's `"true"` is refused before sending, as the server
(and the fake) would; Python values of the annotated types pass as before.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic_core import CoreSchema, PydanticCustomError, core_schema

_STRICT = frozenset({"str", "bool", "float"})
"""Scalars pydantic checks exactly once told `strict` (a number may be an integer, as in JSON)."""

_OFFSET = r"(?:[Zz]|[+-][0-9]{2}:[0-9]{2})"
_FULL_DATE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
_PARTIAL_TIME = r"[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]+)?"
_RFC3339 = {
    "datetime": (re.compile(f"{_FULL_DATE}[Tt]{_PARTIAL_TIME}{_OFFSET}"), "date-time with its UTC offset", "2024-01-01T00:00:00Z"),
    "date": (re.compile(_FULL_DATE), "full-date", "2024-01-01"),
    "time": (re.compile(f"{_PARTIAL_TIME}{_OFFSET}"), "full-time with its UTC offset", "12:00:00Z"),
}  # fmt: skip
"""Each date/time core schema type: the RFC 3339 text it reads, its production, an example."""

_KEPT = frozenset({"metadata", "serialization", "ref"})


def exact_json_types(schema: Any, cls: type) -> Any:
    """A copy of `cls`'s core schema whose scalars take only their own JSON type (see above).
    Other models inside it are left as they are: each gets its own when pydantic builds it."""
    if isinstance(schema, list):
        return [exact_json_types(item, cls) for item in schema]
    if not isinstance(schema, dict):
        return schema
    kind = schema.get("type")
    if not isinstance(kind, str):  # no schema: a mapping of fields (one may be named "type")
        return {key: exact_json_types(value, cls) for key, value in schema.items()}
    if kind == "model" and schema.get("cls") is not cls:
        return schema
    if kind in _STRICT:
        return {**schema, "strict": True}
    if kind == "int":
        return _integer(schema)
    if kind in _RFC3339:
        return core_schema.no_info_before_validator_function(_rfc3339_check(kind), schema)
    if kind == "enum" and schema.get("sub_type") in ("int", "float"):
        return core_schema.no_info_before_validator_function(_number, schema)
    if kind == "literal" and _all_numbers(schema.get("expected", ())):
        return core_schema.no_info_before_validator_function(_number, schema)
    if kind == "literal" and _all_booleans(schema.get("expected", ())):
        return core_schema.no_info_before_validator_function(_boolean, schema)
    return {
        key: value if key in _KEPT else exact_json_types(value, cls)
        for key, value in schema.items()
    }


def _integer(schema: Any) -> CoreSchema:
    """An integer, or a number with no fraction (`10.0`: JSON Schema's integer too) as its `int`;
    its bounds checked as pydantic does (a miss is a missed constraint, not a wrong type)."""
    return core_schema.no_info_before_validator_function(_whole, {**schema, "strict": True})


def _whole(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _all_numbers(values: Any) -> bool:
    return bool(values) and all(
        isinstance(v, (int, float)) and not isinstance(v, bool) for v in values
    )


def _all_booleans(values: Any) -> bool:
    return bool(values) and all(isinstance(v, bool) for v in values)


def _number(value: Any) -> Any:
    """A number of an enum or `const`: `"1"` and `true` are other JSON types (Python's `True == 1`)."""
    if isinstance(value, (bool, str)):
        raise PydanticCustomError("enum_type", "Input should be a JSON number")
    return value


def _boolean(value: Any) -> Any:
    """A boolean `const`: `1` is another JSON type (Python's `1 == True`)."""
    if not isinstance(value, bool):
        raise PydanticCustomError("enum_type", "Input should be a JSON boolean")
    return value


def _rfc3339_check(kind: str) -> Any:
    pattern, production, example = _RFC3339[kind]

    def check(value: Any) -> Any:
        if isinstance(value, str):
            if pattern.fullmatch(value) is None:
                raise PydanticCustomError(
                    f"rfc3339_{kind}",
                    "Input should be an RFC 3339 {production} ({example})",
                    {"production": production, "example": example},
                )
        elif isinstance(value, (bool, int, float)):
            raise PydanticCustomError(
                f"{kind}_type",
                "Input should be an RFC 3339 {production} string, not a number",
                {"production": production},
            )
        return value

    return check
