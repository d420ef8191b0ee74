"""Open enums: an enum the API says will grow reads a value it does not list yet, typed and readable.

The spec marks such an enum with `x-extensible-enum`, or the generator's `open_enums` option names it
(for an API that says so in prose). Its fields are annotated `Kind | UnknownKind`: mypy then makes
a `match` (or `isinstance` chain) handle the unknown case before `typing.assert_never`, and both
sides have `.value`. An unknown value received is no deviation: it is what the spec announced.

Requests send the enum's members; a value it does not list is sent only when the caller says so in
so many words, as `UnknownKind("new_value")` (a plain string that is no member is refused, like a
misspelt member would be).
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from typing import Any, ClassVar, Generic, TypeVar

from pydantic import GetCoreSchemaHandler
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

_Value = TypeVar("_Value", str, int, float)


class UnknownEnumValue(Generic[_Value]):
    """Base of the generated `Unknown...` classes of open enums: a value the enum does not list (yet).

    `value` is the value as received; it is written back unchanged. Subclasses name their enum:
    `class UnknownKind(UnknownEnumValue[str], enum=Kind)`.
    """

    __slots__ = ("value",)
    enum: ClassVar[type[Enum]]

    def __init_subclass__(cls, enum: type[Enum] | None = None, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if enum is not None:
            cls.enum = enum

    def __init__(self, value: _Value) -> None:
        known = {member.value for member in type(self).enum}
        if value in known and type(value) in {type(member.value) for member in type(self).enum}:
            raise ValueError(
                f"{value!r} is a member of {type(self).enum.__name__}: "
                f"use {type(self).enum.__name__}({value!r})"
            )
        self.value: _Value = value

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.value!r})"

    def __str__(self) -> str:
        return str(self.value)

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, UnknownEnumValue)
            and type(other) is type(self)
            and other.value == self.value
        )

    def __hash__(self) -> int:
        return hash((type(self), self.value))

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        enum = cls.enum
        values = {member.value for member in enum}
        kinds = tuple(
            {type(v) for v in values}
            | ({int, float} if float in {type(v) for v in values} else set())
        )
        listed = ", ".join(repr(v) for v in values)

        def validate(value: Any, info: core_schema.ValidationInfo) -> Any:
            if isinstance(value, cls):
                return value
            received = isinstance(info.context, Mapping) and bool(info.context.get("lenient"))
            if (
                received
                and isinstance(value, kinds)
                and not isinstance(value, (bool, Enum))
                and value not in values
            ):
                found: Any = value  # one of the enum's value types, checked above
                return cls(found)
            raise PydanticCustomError(
                "enum",
                "Input should be one of {listed}; send a value {enum} does not list yet as {unknown}(value)",
                {"listed": listed, "enum": enum.__name__, "unknown": cls.__name__},
            )

        # read by `_constraints.with_native_patterns`
        setattr(validate, "__unknown_enum_value__", True)
        return core_schema.with_info_plain_validator_function(
            validate,
            serialization=core_schema.plain_serializer_function_ser_schema(lambda v: v.value),
        )
