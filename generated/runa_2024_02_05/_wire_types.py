"""Python types for JSON values the spec gives a meaning pydantic has no type for: `Duration`
(`format: duration`, kept as written), `FloatEnum` (an enum of numbers) and money as exact
decimals both ways (`JSONFloat` and `loads` keep the digits received, `DecimalOnWire` validates and
dumps a `Decimal` in its JSON type, `WireNumber` is what the client's encoder writes as a number).

They hold no model logic: the fake and the client read the wire with them without the model layer.
"""

from __future__ import annotations

import json
import math
import re
from datetime import timedelta
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import TYPE_CHECKING, Any, Final, TypeAlias

from pydantic import GetCoreSchemaHandler, SerializationInfo, ValidationError, ValidationInfo
from pydantic_core import (
    CoreSchema,
    InitErrorDetails,
    PydanticCustomError,
    SchemaValidator,
    core_schema,
)

from ._parse_mode import RECEIVED, _passes_relaxed, is_received
from ._rust_regex import RUST_NUMERAL, rust_pattern

_DURATION = re.compile(
    r"(?P<sign>-)?P(?!$)(?:(?P<years>\d+)Y)?(?:(?P<months>\d+)M)?(?:(?P<weeks>\d+)W)?(?:(?P<days>\d+)D)?"
    r"(?:T(?!$)(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?(?:(?P<seconds>\d+(?:[.,]\d+)?)S)?)?"
)


class Duration:
    """`format: duration`: an ISO 8601 duration kept exactly as written, so it goes back on the wire
    unchanged (`P1M` stays one month; a `timedelta` cannot hold months or years, whose length depends
    on the date they start from). Build one from its text or from a timedelta (`Duration.of`);
    `to_timedelta()` converts when the duration has a fixed length."""

    __slots__ = (
        "_text",
        "years",
        "months",
        "weeks",
        "days",
        "hours",
        "minutes",
        "seconds",
        "negative",
    )

    def __init__(self, text: str) -> None:
        match = _DURATION.fullmatch(text) if isinstance(text, str) else None
        if match is None:
            raise ValueError(f"not an ISO 8601 duration: {text!r}")
        parts = match.groupdict()
        self._text = text
        self.negative = parts["sign"] is not None
        self.years, self.months, self.weeks, self.days, self.hours, self.minutes = (
            int(parts[name] or 0)
            for name in ("years", "months", "weeks", "days", "hours", "minutes")
        )
        self.seconds = float((parts["seconds"] or "0").replace(",", "."))

    @classmethod
    def of(cls, value: timedelta) -> Duration:
        """The duration of a timedelta, in days and seconds (`P1DT1H30M`)."""
        total = abs(value)
        seconds = total.seconds + total.microseconds / 1_000_000
        hours, rest = divmod(seconds, 3600)
        minutes, rest = divmod(rest, 60)
        time_part = "".join(
            f"{number}{unit}" for number, unit in ((int(hours), "H"), (int(minutes), "M")) if number
        ) + (f"{rest:g}S" if rest else "")
        text = (
            ("-" if value < timedelta(0) else "") + "P" + (f"{total.days}D" if total.days else "")
        )
        text += f"T{time_part}" if time_part else ("" if total.days else "T0S")
        return cls(text)

    def to_timedelta(self) -> timedelta:
        """The same duration as a timedelta; ValueError when it counts years or months."""
        if self.years or self.months:
            raise ValueError(
                f"{self._text} counts years or months, whose length depends on the start date"
            )
        value = timedelta(
            weeks=self.weeks,
            days=self.days,
            hours=self.hours,
            minutes=self.minutes,
            seconds=self.seconds,
        )
        return -value if self.negative else value

    def __str__(self) -> str:
        return self._text

    def __repr__(self) -> str:
        return f"Duration({self._text!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Duration) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def _key(self) -> tuple[object, ...]:
        return (
            self.negative,
            self.years,
            self.months,
            self.weeks,
            self.days,
            self.hours,
            self.minutes,
            self.seconds,
        )

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        def validate(value: Any) -> Duration:
            if isinstance(value, Duration):
                return value
            if isinstance(value, timedelta):
                return cls.of(value)
            if isinstance(value, str):
                try:
                    return cls(value)
                except ValueError:
                    raise PydanticCustomError(
                        "duration", "value is not an ISO 8601 duration"
                    ) from None
            raise PydanticCustomError(
                "duration_type", "a duration is an ISO 8601 string, a Duration or a timedelta"
            )

        return core_schema.no_info_plain_validator_function(
            validate,
            json_schema_input_schema=core_schema.str_schema(),
            serialization=core_schema.plain_serializer_function_ser_schema(
                str, when_used="json-unless-none"
            ),
        )


class FloatEnum(float, Enum):
    """Base of an enum of numbers: a member reads as its value (`str(Rate.HALF) == "0.5"`), like
    `StrEnum` and `IntEnum` members do."""

    def __str__(self) -> str:
        return str(self.value)

    def __format__(self, format_spec: str) -> str:
        return format(self.value, format_spec)


# --- Money: exact decimals in both directions -------------------------------------------------


class JSONFloat(float):
    """A JSON number with a fraction or exponent, as parsed by `loads`: a float that remembers the
    digits the server wrote, so a `Decimal` field gets exactly those (`10.10`, not 10.1)."""

    __slots__ = ("text",)
    text: str

    def __new__(cls, text: str) -> JSONFloat:
        number = super().__new__(cls, text)
        number.text = text
        return number


_DECODER: Final = json.JSONDecoder(parse_float=JSONFloat)
"""One decoder for every body: `json.loads(..., parse_float=...)` makes a new one per call."""


def loads(data: str | bytes) -> Any:
    """`json.loads`, with numbers that have a fraction read as `JSONFloat` (exact digits kept)."""
    if isinstance(data, (bytes, bytearray)):  # as `json.loads` reads bytes: UTF-8, -16 or -32
        data = data.decode(json.detect_encoding(data), "surrogatepass")
    elif data.startswith("\ufeff"):
        return json.loads(data)  # its own error for a text that starts with a byte order mark
    return _DECODER.decode(data)


class WireNumber(Decimal):
    """A decimal written as a JSON number (the exact digits) when the client encodes a request body;
    what a number-typed money field serializes to in Python mode."""


if TYPE_CHECKING:
    DecimalInput: TypeAlias = Decimal | int
    """A money field of a model only ever sent: `Decimal` or `int` (never a binary float)."""
else:
    DecimalInput = Decimal

_NUMERAL = r"-?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?\Z"
_DECIMAL_TEXT = re.compile(_NUMERAL)
_LEADING_FLAGS = re.compile(r"\(\?[aimsu]+\)")


def _numeral_pattern(pattern: str | None) -> str | None:
    """One expression searched as `_to_decimal` checks a string: a decimal numeral from its start
    (`_DECIMAL_TEXT`) that contains a match of `pattern` (searched: JSON Schema does not anchor).
    The pattern's leading global flags (`(?a)`) go first; no capturing group is added before it
    (its back references keep their numbers). None when it does not compile so combined."""
    if pattern is None:
        return rf"\A{_NUMERAL}"
    flags = ""
    while (leading := _LEADING_FLAGS.match(pattern)) is not None:
        flags, pattern = flags + leading.group(), pattern[leading.end() :]
    combined = rf"{flags}\A(?={_NUMERAL})(?s:.)*?(?:{pattern})"
    try:
        re.compile(combined)
    except re.error:
        return None
    return combined


def _numeral_text(pattern: str | None) -> CoreSchema | None:
    """The check of `_numeral_pattern` by Rust's engine, when it reads `pattern` as Python's `re`
    does (`_rust_regex`): a numeral, then a search of the pattern; None when it does not."""
    numeral = core_schema.str_schema(strict=True, pattern=RUST_NUMERAL, regex_engine="rust-regex")
    if pattern is None:
        return numeral
    rust = rust_pattern(pattern)
    if rust is None:
        return None
    searched = core_schema.str_schema(strict=True, pattern=rust, regex_engine="rust-regex")
    return core_schema.chain_schema([numeral, searched])


NATIVE_MONEY_ERROR = "money_native"
"""The error type of a string money field that its native check and `_to_decimal` both refused."""

_NATIVE_MONEY: list[SchemaValidator] = []
"""A validator of each money field checked natively somewhere (`DecimalOnWire.native`) by its own
schema, at the index its errors' context names."""


def exact_money_errors(error: ValidationError) -> ValidationError:
    """`error`, a plain validation's, with each `NATIVE_MONEY_ERROR` replaced by the errors of the
    field's own schema (`_to_decimal`'s, a bound's): the same errors as without the native check."""
    problems = error.errors()
    if not any(e["type"] == NATIVE_MONEY_ERROR for e in problems):
        return error
    from ._constraints import _error_details

    details: list[InitErrorDetails] = []
    for problem, detail in zip(problems, _error_details(problems)):
        if problem["type"] != NATIVE_MONEY_ERROR:
            details.append(detail)
            continue
        try:
            _NATIVE_MONEY[problem["ctx"]["money"]].validate_python(
                problem["input"], context=RECEIVED
            )
        except ValidationError as own:
            details.extend(
                {**found, "loc": (*problem["loc"], *found["loc"])} for found in _error_details(own)
            )
        else:  # (cannot be: the native union tried this schema too)
            details.append(detail)
    return ValidationError.from_exception_data(error.title, details)


def _example_text(value: float) -> str:
    """A decimal numeral near `value` to suggest instead of it (two places, as most amounts have)."""
    return f"{value:.2f}" if math.isfinite(value) else "10.00"


class DecimalOnWire:
    """Annotation metadata of a money field: a `Decimal` in Python, in its own JSON type on the wire.

    `number=True`: a JSON number. Accepts a `Decimal`, an `int`, a decimal numeral `str` or a number
    parsed by `loads` (its exact digits); a plain float only in received data (lenient parsing: the
    shortest digits that read back as it). A float given for a request (a model or a plain dict, body
    or parameter) is refused before anything is sent, naming the field: pass a `Decimal` or a `str`
    (issue 23: `0.1 + 0.2` went out as `0.30000000000000004`). `number=False`: a JSON string holding a decimal numeral (checked against
    the spec's `pattern`, if any, also when a `Decimal` is given: `Decimal("10")` is not `10.00`).
    `whole=True`: a JSON integer (`type: integer` read as money): a fraction is refused as another
    JSON type, received or sent; `10.0` is an integer, as JSON Schema counts.
    """

    def __init__(
        self,
        *,
        number: bool,
        whole: bool = False,
        pattern: str | None = None,
        pattern_as_written: str | None = None,
    ) -> None:
        self.number = number
        self.whole = whole
        self.pattern = re.compile(pattern) if pattern is not None else None
        self.pattern_text = pattern_as_written or pattern  # shown as the spec writes it

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        return core_schema.with_info_before_validator_function(
            self._to_decimal,
            handler(source),
            serialization=core_schema.plain_serializer_function_ser_schema(
                self._serialize, info_arg=True, return_schema=core_schema.any_schema()
            ),
        )

    def native(self, schema: dict[str, Any], *, relaxed: bool) -> dict[str, Any] | None:
        """`schema` (this field's core schema) for a received value's plain validation, where a
        string is checked by pydantic itself: a numeral string matching the spec's pattern (any
        numeral when `relaxed`: the pattern lets its value through then) read by pydantic's decimal,
        anything else by `_to_decimal` as before. No Python call per amount; the same values. A
        value both refuse fails with `NATIVE_MONEY_ERROR`, which `exact_money_errors` turns into
        the error of `schema` itself. None for number money (its digits are `JSONFloat.text`, which
        pydantic cannot read) or a pattern that cannot be combined with the numeral's."""
        inner = schema.get("schema")
        written = None if relaxed or self.pattern is None else self.pattern.pattern
        pattern = _numeral_pattern(written)
        if self.number or pattern is None or not isinstance(inner, dict):
            return None
        if inner.get("type") != "decimal":
            return None
        own = {key: value for key, value in schema.items() if key != "ref"}
        _NATIVE_MONEY.append(SchemaValidator(own))
        text = _numeral_text(written) or core_schema.str_schema(
            strict=True, pattern=pattern, regex_engine="python-re"
        )
        native: dict[str, Any] = dict(
            core_schema.union_schema(
                [core_schema.chain_schema([text, {**inner, "strict": False}]), own],
                mode="left_to_right",
                custom_error_type=NATIVE_MONEY_ERROR,
                custom_error_message="Input should be a decimal number",
                custom_error_context={"money": len(_NATIVE_MONEY) - 1},
            )
        )
        for key in ("ref", "metadata", "serialization"):
            if key in schema:
                native[key] = schema[key]
        return native

    def _to_decimal(self, value: Any, info: ValidationInfo) -> Any:
        if isinstance(value, str) != (not self.number) and is_received(info):
            # Received JSON: only the JSON type the spec declares (a request's Python value may be
            # a Decimal, an int or a numeral str, whatever the wire type).
            declared = "a JSON number" if self.number else "a JSON string holding a decimal number"
            raise PydanticCustomError(
                "money_type",
                "Input should be {declared}, its type in the spec",
                {"declared": declared},
            )
        if isinstance(value, str):  # first: how a response sends money (Runa: always)
            if not _DECIMAL_TEXT.match(value):
                raise PydanticCustomError(
                    "decimal_text", "Input should be a string holding a decimal number"
                )
            try:
                return self._checked_text(value, Decimal(value))
            except InvalidOperation:
                raise PydanticCustomError(
                    "decimal_text", "Input should be a string holding a decimal number"
                )
        if isinstance(value, bool):
            raise PydanticCustomError(
                "money_type", "Input should be a decimal number, not a boolean"
            )
        if isinstance(value, Decimal):
            if not value.is_finite():
                raise PydanticCustomError("money_finite", "Input should be a finite number")
            return self._checked_text(format(value, "f"), value)
        if isinstance(value, int):
            return self._checked_text(str(value), Decimal(value))
        if isinstance(value, float):
            text = getattr(value, "text", None)
            if self.number and isinstance(text, str):  # a JSON number as `loads` read it
                return self._checked_text(text, Decimal(text))
            if self.number and math.isfinite(value) and is_received(info):
                # received JSON read by another parser: the shortest digits that read back as it
                return self._checked_text(repr(value), Decimal(repr(value)))
            if not math.isfinite(value) and is_received(info):  # `NaN`, `Infinity`: no JSON
                raise PydanticCustomError("money_finite", "Input should be a finite number")
            # Never sent: a binary float is no exact amount (0.1 + 0.2 is 0.30000000000000004).
            raise PydanticCustomError(
                "money_float",
                "money must be exact: pass a Decimal or a str such as '{example}', not the float {value}",
                {"value": repr(value), "example": _example_text(value)},
            )
        raise PydanticCustomError("money_type", "Input should be a decimal number")

    def _checked_text(self, text: str, value: Decimal) -> Decimal:
        if self.whole and value != value.to_integral_value():
            # JSON Schema's integer: `10.0` is one, `10.5` another JSON type (in a request too)
            raise PydanticCustomError(
                "money_type", "Input should be a whole number, its type in the spec being integer"
            )
        if self.pattern is not None and not self.pattern.search(text) and not _passes_relaxed():
            raise PydanticCustomError(
                "string_pattern_mismatch",
                "Decimal text '{text}' should match pattern '{pattern}'",
                {"text": text, "pattern": self.pattern_text},
            )
        return value

    def _serialize(self, value: Any, info: SerializationInfo) -> Any:
        if not isinstance(value, Decimal):
            return value
        if not self.number:
            return format(value, "f")
        # JSON mode has no exact number type: the nearest float. The client's own encoder writes
        # the exact digits of a `WireNumber` (`_request._json_text`).
        return float(value) if info.mode_is_json() else WireNumber(value)
