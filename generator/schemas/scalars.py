"""What a scalar's keywords say beyond its type: bounds, lengths, patterns, and whether it is money.

Read apart from the type (`reader.py`) because the same keywords bound strings, numbers, lists and maps
alike, and the `decimal` rule (`options.DecimalRule`) turns a number or a string into money by its
format, its pattern or its property's name.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from .. import ir
from ..keywords import Slip, number, numeric_bounds
from ..options import DecimalRule
from ..pysource import python_pattern
from ..resolve import Node

# Money (`format: decimal` and what the generator option `decimal` adds) is read by `ScalarReader.decimal_type`:
# a `Decimal` that keeps its JSON type on the wire (see `DecimalRule`).
# An anchored pattern made only of digit runs, an optional minus and a (possibly optional) fraction
# (`^[0-9]+\.[0-9]{2}$`): every string it admits is a decimal numeral. Digits alone (`^[0-9]+$`) are
# not enough: such strings are as often identifiers as amounts.
_DIGITS = r"(\[0-9\]|\\d)(\+|\*|\{[0-9]+(,[0-9]*)?\})"
DECIMAL_ONLY_PATTERN = re.compile(rf"\^-?\??{_DIGITS}\(?\\\.{_DIGITS}\)?\??\$\Z")

# The ranges of OpenAPI's integer formats (signed 32 and 64 bits).
INTEGER_RANGES = {"int32": (-(2**31), 2**31 - 1), "int64": (-(2**63), 2**63 - 1)}


class ScalarReader:
    """Reads a schema's constraints and money, warning through the schema reader."""

    def __init__(
        self,
        is_31: bool,
        decimal: DecimalRule,
        warn: Callable[[Node, str], None],
        warn_slips: Callable[[Node, list[Slip]], None],
    ) -> None:
        self.is_31 = is_31
        self.decimal = decimal
        self._warn = warn
        self._warn_slips = warn_slips

    def constraints(self, node: Node) -> ir.Constraints:
        value = node.value
        bounds, slips = numeric_bounds(value, is_31=self.is_31)
        self._warn_slips(node, slips)
        pattern = self.usable_pattern(node, value.get("pattern"))
        return ir.Constraints(
            min_length=_int(value.get("minLength")),
            max_length=_int(value.get("maxLength")),
            pattern=pattern,
            ge=bounds.ge,
            gt=bounds.gt,
            le=bounds.le,
            lt=bounds.lt,
            multiple_of=number(value.get("multipleOf")),
            min_items=_int(value.get("minItems")),
            max_items=_int(value.get("maxItems")),
            unique_items=value.get("uniqueItems") is True,
        )

    def object_constraints(self, node: Node) -> ir.Constraints:
        constraints = _object_constraints(node.value)
        if constraints.property_names_pattern is not None:
            names = node.child("propertyNames")
            constraints = replace(
                constraints, property_names_pattern=self.usable_pattern(names, constraints.property_names_pattern)
            )
        return constraints

    def usable_pattern(self, node: Node, pattern: Any) -> str | None:
        """A `pattern` Python's `re` can run (as `pysource.python_pattern` spells it), else None with a warning."""
        if not isinstance(pattern, str):
            return None
        try:
            re.compile(python_pattern(pattern))
        except (re.error, RecursionError, OverflowError) as error:
            self._warn(
                node, f"`pattern` {pattern!r} is not a regular expression Python can run ({error}); not enforced"
            )
            return None
        return pattern

    def decimal_type(self, value: dict[str, Any], json_type: str, constraints: ir.Constraints) -> ir.Primitive | None:
        """A money value by the `decimal` rule (its format, or a decimal-only string pattern), else None."""
        if json_type not in ("string", "number", "integer"):
            return None
        by_format = value.get("format") in self.decimal.formats
        pattern = constraints.pattern
        by_pattern = (
            self.decimal.patterns
            and json_type == "string"
            and pattern is not None
            and DECIMAL_ONLY_PATTERN.match(pattern) is not None
        )
        if not (by_format or by_pattern):
            return None
        return ir.Primitive("Decimal", constraints, number_on_wire=json_type != "string", whole=json_type == "integer")


def within(constraints: ir.Constraints, low: int, high: int) -> ir.Constraints:
    """`constraints` narrowed to an integer format's range (a tighter bound of the schema's own kept)."""
    ge = constraints.ge
    if constraints.gt is None or constraints.gt < low:
        ge = low if ge is None else max(ge, low)
    le = constraints.le
    if constraints.lt is None or constraints.lt > high:
        le = high if le is None else min(le, high)
    return replace(constraints, ge=ge, le=le)


def as_decimal(type_: ir.TypeNode) -> ir.TypeNode:
    """A property the `decimal` rule names: its plain number or string as money (other types kept)."""
    if isinstance(type_, ir.Nullable):
        return ir.Nullable(as_decimal(type_.inner))
    if isinstance(type_, ir.Primitive) and type_.name in ("float", "int", "str"):
        return ir.Primitive("Decimal", type_.constraints, number_on_wire=type_.name != "str", whole=type_.name == "int")
    return type_


def _object_constraints(value: Any) -> ir.Constraints:
    if not isinstance(value, dict):
        return ir.Constraints()
    names = value.get("propertyNames")
    names = names if isinstance(names, dict) else {}
    pattern = names.get("pattern") if isinstance(names.get("pattern"), str) else None
    return ir.Constraints(
        min_properties=_int(value.get("minProperties")),
        max_properties=_int(value.get("maxProperties")),
        property_names_pattern=pattern,
        property_names_min_length=_int(names.get("minLength")),
        property_names_max_length=_int(names.get("maxLength")),
    )


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None
