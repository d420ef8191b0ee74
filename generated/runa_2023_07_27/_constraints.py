"""The JSON Schema constraints the generated annotations name that pydantic does not check itself
(or not as JSON Schema means them): `Pattern`, `PropertyNames`, `UniqueItems`, `EmailFormat`.

Each lets a value through while a field is read again without its constraints (`_parse_mode`), so
a lenient response keeps the value and records the miss. `_error_details` raises pydantic's errors
again together with others (a request lists all its problems at once).
"""

from __future__ import annotations

import re
import typing
from collections.abc import Mapping
from typing import Any

from pydantic import (
    AfterValidator,
    ValidationError,
    ValidatorFunctionWrapHandler,
    WrapValidator,
)
from pydantic_core import ErrorDetails, InitErrorDetails, PydanticCustomError, core_schema

from ._parse_mode import _passes_relaxed
from ._rust_regex import rust_pattern
from ._wire_types import DecimalOnWire

_CORE_ERROR_TYPES = frozenset(typing.get_args(core_schema.ErrorType))


def _error_details(error: ValidationError | list[ErrorDetails]) -> list[InitErrorDetails]:
    """The errors of `error` (or its `errors()`), ready to be raised again together with others
    (custom types included)."""
    details: list[InitErrorDetails] = []
    for e in error.errors() if isinstance(error, ValidationError) else error:
        if (
            e["type"] in _CORE_ERROR_TYPES and "url" in e
        ):  # pydantic's own (a custom one has no url)
            details.append(
                {"type": e["type"], "loc": e["loc"], "input": e["input"], "ctx": e.get("ctx", {})}
            )
        else:
            details.append(
                {
                    "type": PydanticCustomError(e["type"], e["msg"]),
                    "loc": e["loc"],
                    "input": e["input"],
                }
            )
    return details


def _same_json(a: Any, b: Any) -> bool:
    """JSON equality: `true` is not `1` (Python says True == 1)."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    return bool(a == b)


def _check_unique(items: list[Any]) -> list[Any]:
    for index, item in enumerate(items):
        if any(_same_json(item, earlier) for earlier in items[:index]) and not _passes_relaxed():
            raise PydanticCustomError(
                "unique_items",
                "items must be unique; item {index} repeats an earlier one",
                {"index": index},
            )
    return items


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _check_email(value: str) -> str:
    if not _EMAIL.match(value) and not _passes_relaxed():
        raise PydanticCustomError("email", "value is not a valid email address")
    return value


def Pattern(  # noqa: N802 - reads like a type marker
    pattern: str, as_written: str | None = None
) -> AfterValidator:
    """`pattern`: the string must contain a match (JSON Schema searches; it does not anchor).

    `pattern` is the spec's ECMA-262 expression already spelled for Python's `re` by the generator
    (`$` as `\\Z`, ASCII classes): the same in every model and type adapter, whatever pydantic's
    regex engine, and lookarounds and back references work. A miss names `as_written`, the
    pattern as the spec writes it (`^[A-Z]{3}$`, not `(?a)^[A-Z]{3}\\Z`).
    """
    compiled = re.compile(pattern)
    shown = pattern if as_written is None else as_written

    def check(value: str) -> str:
        if not compiled.search(value) and not _passes_relaxed():
            raise PydanticCustomError(
                "string_pattern_mismatch",
                "String should match pattern '{pattern}'",
                {"pattern": shown},
            )
        return value

    setattr(check, "__pattern__", (pattern, shown))  # read by `with_native_patterns`
    return AfterValidator(check)


def with_native_patterns(schema: Any, *, relaxed: bool = False) -> Any:
    """A copy of a core schema where each `Pattern` check of a string is pydantic's own (Rust's
    engine where it reads the pattern alike, `_rust_regex`, else Python's `re`; searched as here,
    the same error, naming the pattern as the spec writes it) and each string money field's check
    too (`DecimalOnWire.native`), and an open enum's union reads a member without calling its
    unknown value's check: no Python call per string. For the
    validators of received values that never read a value relaxed (`_passes_relaxed`): a
    response's plain validation; or, with `relaxed`, always: the relaxed plain validation of a
    page's item, whose patterns let every value through."""
    if isinstance(schema, list):
        return [with_native_patterns(item, relaxed=relaxed) for item in schema]
    if not isinstance(schema, dict):
        return schema
    function = schema.get("function")
    function = function.get("function") if isinstance(function, dict) else None
    money = getattr(function, "__self__", None)
    if schema.get("type") == "function-before" and isinstance(money, DecimalOnWire):
        native = money.native(schema, relaxed=relaxed)
        if native is not None:
            return native
    result = {key: with_native_patterns(value, relaxed=relaxed) for key, value in schema.items()}
    if _open_enum_union(schema):
        # `Kind | UnknownKind`: a smart union also calls the unknown value's Python check on a
        # value the enum reads (and refuses it there); read in order, a member never reaches it
        return {**result, "mode": "left_to_right"}
    patterns = getattr(function, "__pattern__", None)
    inner = result.get("schema")
    if (
        schema.get("type") == "function-after"
        and isinstance(patterns, tuple)
        and isinstance(inner, dict)
    ):
        if inner.get("type") == "str" and "pattern" not in inner and "ref" not in schema:
            if relaxed:
                return inner
            pattern, shown = patterns
            rust = rust_pattern(pattern)
            if shown == pattern and rust is None:
                return {**inner, "pattern": pattern, "regex_engine": "python-re"}
            # The string first (its type and lengths: their own errors), then the pattern, its
            # miss naming the pattern as shown (pydantic's would name its own spelling)
            searched = core_schema.custom_error_schema(
                (
                    core_schema.str_schema(pattern=rust, regex_engine="rust-regex")
                    if rust is not None
                    else core_schema.str_schema(pattern=pattern, regex_engine="python-re")
                ),
                "string_pattern_mismatch",
                custom_error_context={"pattern": shown},
            )
            return core_schema.chain_schema([inner, searched])
    return result


def _open_enum_union(schema: dict[str, Any]) -> bool:
    """Whether `schema` is an open enum's smart union: the enum's members, then its unknown values."""
    choices = schema.get("choices")
    if schema.get("type") != "union" or "mode" in schema or not isinstance(choices, list):
        return False
    last = choices[-1] if len(choices) == 2 else None
    function = last.get("function") if isinstance(last, dict) else None
    unknown = function.get("function") if isinstance(function, dict) else None
    return (
        isinstance(choices[0], dict)
        and choices[0].get("type") == "enum"
        and bool(getattr(unknown, "__unknown_enum_value__", False))
    )


def PropertyNames(  # noqa: N802 - reads like a type marker
    pattern: str | None = None,
    *,
    pattern_as_written: str | None = None,
    min_length: int | None = None,
    max_length: int | None = None,
) -> WrapValidator:
    """`propertyNames: {pattern, minLength, maxLength}`: every key of the mapping must comply.

    Keys are checked whether or not the values are valid, and their problems are reported with
    the values' (each at its key), so a bad request lists everything at once.
    """
    compiled = re.compile(pattern) if pattern is not None else None

    def key_problem(key: str) -> PydanticCustomError | None:
        if compiled is not None and not compiled.search(key):
            return PydanticCustomError(
                "property_name",
                "key '{key}' does not match '{pattern}'",
                {"key": key, "pattern": str(pattern_as_written or pattern)},
            )
        if min_length is not None and len(key) < min_length:
            return PydanticCustomError(
                "property_name",
                "key '{key}' is shorter than {min_length} characters",
                {"key": key, "min_length": min_length},
            )
        if max_length is not None and len(key) > max_length:
            return PydanticCustomError(
                "property_name",
                "key '{key}' is longer than {max_length} characters",
                {"key": key, "max_length": max_length},
            )
        return None

    def check(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        problems: list[InitErrorDetails] = []
        if isinstance(value, Mapping) and not _passes_relaxed():
            for key in value:
                problem = key_problem(str(key))
                if problem is not None:
                    problems.append({"type": problem, "loc": (str(key),), "input": key})
        try:
            result = handler(value)
        except ValidationError as error:
            if not problems:
                raise
            problems.extend(_error_details(error))
            result = None
        if problems:
            raise ValidationError.from_exception_data("propertyNames", problems)
        return result

    return WrapValidator(check)


UniqueItems = AfterValidator(_check_unique)
"""`uniqueItems: true`."""
EmailFormat = AfterValidator(_check_email)
"""`format: email`: a plain syntax check (no DNS, no extra dependency)."""
