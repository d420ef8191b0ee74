"""Enums whose values mix booleans and numbers (`[1, "one", true]`): `1 == True` and `1.0 == True`
in Python, so a plain `Literal` would take `1.0` for `true`, in both directions. `ExactValues`
compares each value with its JSON type too, as JSON Schema's `enum` does (numbers by value: `1.0`
is `1`, and is sent as `1`)."""

from __future__ import annotations

from typing import Any

from pydantic import GetCoreSchemaHandler
from pydantic_core import PydanticCustomError, core_schema


class ExactValues:
    """Marker of a `Literal` of mixed types: a value is accepted only as one of the values exactly."""

    def __init__(self, *values: Any) -> None:
        self.values = values

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_before_validator_function(self._check, handler(source))

    def _check(self, value: Any) -> Any:
        if not any(_json_kind(value) == _json_kind(v) and value == v for v in self.values):
            raise PydanticCustomError(
                "literal_error",
                "Input should be one of {expected}",
                {"expected": ", ".join(repr(v) for v in self.values)},
            )
        # A number equal to an integer member is that member (`1.0` is sent as `1`).
        return next(
            (v for v in self.values if _json_kind(v) == _json_kind(value) and v == value), value
        )


def _json_kind(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    return type(value).__name__
