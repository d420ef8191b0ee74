"""The generator rule that says which values are money (`decimal` in the generator options)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import ir
from generator.diagnostics import GeneratorError
from generator.options import DecimalRule, load_options
from generator.schemas.scalars import DECIMAL_ONLY_PATTERN, as_decimal

from .support import UNDATED_VERSION


@pytest.mark.parametrize(
    ("pattern", "decimal_only"),
    [
        (r"^[0-9]+\.[0-9]{2}$", True),
        (r"^-?\d+(\.\d+)?$", True),
        (r"^[0-9]+$", False),  # digits alone are as often identifiers as amounts
        (r"^[A-Z]{3}$", False),
        (r"^[0-9]+\.[0-9]{2}", False),  # not anchored at the end: "1.00abc" matches
    ],
)
def test_a_pattern_is_money_only_when_every_string_it_admits_is_a_decimal_numeral(
    pattern: str, decimal_only: bool
) -> None:
    assert (DECIMAL_ONLY_PATTERN.match(pattern) is not None) is decimal_only


def test_named_properties_become_decimals_that_keep_their_json_type() -> None:
    assert as_decimal(ir.Primitive("float")) == ir.Primitive("Decimal", number_on_wire=True)
    assert as_decimal(ir.Nullable(ir.Primitive("str"))) == ir.Nullable(ir.Primitive("Decimal", number_on_wire=False))
    assert as_decimal(ir.ModelRef("Price")) == ir.ModelRef("Price")  # only plain numbers and strings
    # an integer stays one: its fraction is refused as another JSON type (tests/models/test_json_types.py)
    assert as_decimal(ir.Primitive("int")) == ir.Primitive("Decimal", number_on_wire=True, whole=True)


def test_the_decimal_option_is_read_and_checked(tmp_path: Path) -> None:
    options = tmp_path / "generator.yaml"
    options.write_text("decimal: {patterns: true, properties: [price]}\n")
    assert load_options(options).decimal == DecimalRule(formats=("decimal",), patterns=True, properties=("price",))
    options.write_text("decimal: {properties: price}\n")
    with pytest.raises(GeneratorError, match="decimal.properties"):
        load_options(options)
    assert load_options(tmp_path / "none.yaml").decimal == DecimalRule()  # plain OpenAPI: `format: decimal` only


SPEC = """
openapi: 3.1.0
info: {title: Money by component, version: '1'}
paths:
  /x:
    get:
      operationId: getX
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Entry'}
components:
  schemas:
    Entry:
      type: object
      properties:
        value: {type: string}
        fee:
          type: object
          properties:
            value: {type: string}
        product: {$ref: '#/components/schemas/Product'}
    Product:
      type: object
      properties:
        value: {type: string}
"""


def test_a_property_named_through_its_component_is_money_there_only(tmp_path: Path) -> None:
    """`Entry.value` and `Entry.fee.value` are amounts; a product's `value` (a code) keeps its string."""
    from generator.pipeline import Request, generate

    (tmp_path / "spec.yaml").write_text(SPEC)
    options = tmp_path / "options.yaml"
    options.write_text("decimal: {properties: [Entry.value, Entry.fee.value]}\n")
    rule = load_options(options).decimal
    assert rule.names == frozenset() and rule.pointers == {
        "/components/schemas/Entry/properties/value",
        "/components/schemas/Entry/properties/fee/properties/value",
    }
    request = Request(
        spec=tmp_path / "spec.yaml", output=tmp_path / "out", options_file=options, api_version=UNDATED_VERSION
    )
    api = generate(request).api
    types = {
        (d.name, f.python_name): f.type for d in api.definitions if isinstance(d, ir.ObjectModel) for f in d.fields
    }
    money = ir.Nullable(ir.Primitive("Decimal", number_on_wire=False))
    assert types["Entry", "value"] in (money, money.inner)
    assert types["EntryFee", "value"] in (money, money.inner)
    assert types["Product", "value"] not in (money, money.inner)
