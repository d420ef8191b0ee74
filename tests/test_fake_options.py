"""The `fake:` rules of the generator options that are data (issue #25): seeded collections with
their filters, prices, refusals. Bad rules are located errors; rules naming what a spec lacks are
left out with a located warning, never silently."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from generator import fake_ir
from generator.diagnostics import GeneratorError
from generator.options import load_options
from generator.pipeline import Request, read_api

SPEC = """
openapi: 3.1.0
info: {title: Shop, version: "1"}
paths:
  /item:
    get:
      operationId: listItems
      parameters: [{name: colour, in: query, schema: {type: string}}]
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {type: array, items: {$ref: "#/components/schemas/Item"}}}}
  /sale:
    post:
      operationId: createSale
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: "#/components/schemas/Sale"}}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Sale"}}}}
        "400": {description: refused}
components:
  schemas:
    Item:
      type: object
      required: [sku]
      properties:
        sku: {type: string}
        colour: {type: string}
        off: {type: string}
        max: {type: string}
        plans: {type: array, items: {type: object, properties: {code: {type: string}}}}
    Sale:
      type: object
      properties:
        lines:
          type: array
          items: {type: object, properties: {sku: {type: string}, amount: {type: number}, price: {type: number}}}
        total: {type: number}
"""

RULES = """
fake:
  collections:
    - list: listItems
      id_field: sku
      limit_param: limit
      filters: [{param: colour, field: colour}, {param: size, field: size, match: any}]
  prices:
    operations: [createSale]
    items: lines
    face_value: amount
    product: sku
    catalogue: listItems
    discount: "off"
    item_price: price
    total_price: total
  refusals:
    - {operation: createSale, check: product_known, status: "400", type: unknown, docs: "Known items only."}
    - {operation: createSale, check: face_value_max, members: [max], status: "400", type: big, docs: "At most max."}
    - {operation: createSale, check: face_value_min, members: [min], status: "400", type: small, docs: "At least min."}
    - {operation: createSale, check: items_at_most, limit: 1, status: "409", type: many, docs: "One line."}
"""


def read_shop(tmp_path: Path, rules: str) -> tuple[fake_ir.FakeRules, list[str]]:
    (tmp_path / "shop-2024-01-01.yaml").write_text(SPEC, encoding="utf-8")
    options = tmp_path / "options" / "generator.yaml"
    options.parent.mkdir(exist_ok=True)
    options.write_text(textwrap.dedent(rules), encoding="utf-8")
    read = read_api(Request(spec=tmp_path / "shop-2024-01-01.yaml"))
    assert read.api.fake is not None
    return read.api.fake.rules, [str(w) for w in read.warnings]


def test_rules_a_spec_lacks_are_left_out_with_a_located_warning(tmp_path: Path) -> None:
    rules, warnings = read_shop(tmp_path, RULES)
    (catalogue,) = rules.collections
    assert catalogue.create is None and [f.param for f in catalogue.filters] == ["colour"]
    assert catalogue.limit_param is None  # listItems takes no `limit`
    assert rules.prices is not None and rules.prices.catalogue == "listItems"
    assert [(r.check, r.members) for r in rules.refusals] == [("product_known", ()), ("face_value_max", (("max",),))]
    fake = [w for w in warnings if "fake:" in w]
    assert len(fake) == 4
    for pointer, words in [
        ("/fake/collections/0/filters/1/param", "listItems has no query parameter 'size'"),
        ("/fake/collections/0/limit_param", "listItems has no query parameter 'limit'"),
        ("/fake/refusals/2/members", "no member min; the refusal is left out"),
        ("/fake/refusals/3/status", "createSale documents no status 409"),
    ]:
        assert any(pointer in w and words in w for w in fake), (pointer, fake)


@pytest.mark.parametrize(
    ("rules", "pointer", "words"),
    [
        (
            "{operation: createSale, check: cheapest, status: '400', type: t, docs: d}",
            "/fake/refusals/0/check",
            "check must be",
        ),
        (
            "{operation: createSale, check: face_value_min, status: '400', type: t, docs: d}",
            "/fake/refusals/0/members",
            "needs `members`",
        ),
        (
            "{operation: createSale, check: items_at_most, status: '400', type: t, docs: d}",
            "/fake/refusals/0/limit",
            "needs `limit`",
        ),
        (
            "{operation: createSale, check: items_at_most, limit: 1, status: '400', type: t}",
            "/fake/refusals/0/docs",
            "non-empty string",
        ),
        (
            "{operation: createSale, check: face_value_whole, kinds: [bundle], status: '400', type: t, docs: d}",
            "/fake/refusals/0/kinds",
            "kinds must be some of single, several, other",
        ),
        (
            "{operation: listItems, check: params_exclusive, params: [after], status: '400', type: t, docs: d}",
            "/fake/refusals/0/params",
            "needs two `params` or more",
        ),
        (
            "{operation: createSale, check: products_agree, kinds: [several], status: '400', type: t, docs: d}",
            "/fake/refusals/0/members",
            "needs `members`",
        ),
    ],
)
def test_a_bad_refusal_is_a_located_error(tmp_path: Path, rules: str, pointer: str, words: str) -> None:
    options = tmp_path / "generator.yaml"
    prices = "prices: {operations: [createSale], items: lines, face_value: amount, product: sku, item_price: price}"
    options.write_text(f"fake:\n  {prices}\n  refusals: [{rules}]\n", encoding="utf-8")
    with pytest.raises(GeneratorError) as caught:
        load_options(options)
    location = caught.value.diagnostic.location
    assert location is not None and location.pointer == pointer
    assert words in str(caught.value)


def test_a_refusal_needs_the_price_rule_that_names_items_and_products(tmp_path: Path) -> None:
    options = tmp_path / "generator.yaml"
    options.write_text(
        "fake:\n  refusals: [{operation: createSale, check: product_known, status: '400', type: t, docs: d}]\n",
        encoding="utf-8",
    )
    with pytest.raises(GeneratorError, match="give `prices`"):
        load_options(options)


PRICES = "{operations: [createSale], items: lines, face_value: amount, product: sku, item_price: price"


@pytest.mark.parametrize(
    ("fake", "pointer", "words"),
    [
        (f"prices: {PRICES}, several_discount: most}}", "/fake/prices/several_discount", "least or none"),
        (
            f"prices: {PRICES}}}\n  quotes: [{{operation: quoteSale, of: createSale, status: '422', type: t, docs: d}}]",
            "/fake/quotes/0/of",
            "no refusal of createSale to quote",
        ),
        (
            f"prices: {PRICES}}}\n  quotes: [{{operation: q, of: c, status: '422', type: t, docs: d, detail: {{at: x}}}}]",
            "/fake/quotes/0/detail",
            "detail maps type, message and location",
        ),
    ],
)
def test_a_bad_price_or_quote_rule_is_a_located_error(tmp_path: Path, fake: str, pointer: str, words: str) -> None:
    options = tmp_path / "generator.yaml"
    options.write_text(f"fake:\n  {fake}\n", encoding="utf-8")
    with pytest.raises(GeneratorError, match=words) as caught:
        load_options(options)
    location = caught.value.diagnostic.location
    assert location is not None and location.pointer == pointer


def test_a_quote_the_spec_cannot_answer_is_left_out_with_a_located_warning(tmp_path: Path) -> None:
    quotes = """
      quotes:
        - {operation: createSale, of: createSale, status: "422", type: invalid, docs: "Quoted."}
        - {operation: quoteSale, of: createSale, status: "422", type: invalid, docs: "Quoted."}
    """
    rules, warnings = read_shop(tmp_path, RULES + textwrap.indent(textwrap.dedent(quotes), "  "))
    assert rules.quotes == ()
    assert any("/fake/quotes/0" in w and "createSale documents no status 422" in w for w in warnings), warnings
    assert any("/fake/quotes/1/operation" in w and "'quoteSale' is not in this spec" in w for w in warnings)


def test_product_aliases_step_through_lists_and_a_missing_one_is_warned(tmp_path: Path) -> None:
    aliased = RULES.replace(
        "    total_price: total\n", "    total_price: total\n    product_aliases: [plans.code, plans.nope]\n"
    )
    assert aliased != RULES
    rules, warnings = read_shop(tmp_path, aliased)
    assert rules.prices is not None and rules.prices.product_aliases == (("plans", "code"),)
    assert any("/fake/prices/product_aliases/1" in w and "no member plans.nope" in w for w in warnings), warnings


def test_a_conversion_the_answers_cannot_say_is_left_out_with_a_located_warning(tmp_path: Path) -> None:
    fx = "fx: {by_currency: subtotals, value: value, fx: fx, rate: rate, symbol: pair, fee: fee.value, fee_currency: fee.currency}"
    rules, warnings = read_shop(
        tmp_path, RULES.replace("    total_price: total\n", f"    total_price: total\n    {fx}\n")
    )
    assert rules.prices is not None and rules.prices.fx is None  # a Sale has no `subtotals`
    (warned,) = [w for w in warnings if "/fake/prices/fx/by_currency" in w]
    assert "'subtotals'" in warned and "paid 1:1" in warned
    kept, _ = read_shop(
        tmp_path,
        RULES.replace("    total_price: total\n", f"    total_price: total\n    {fx.replace('subtotals', 'total')}\n"),
    )
    assert kept.prices is not None and kept.prices.fx is not None
    assert (kept.prices.fx.symbol, kept.prices.fx.fee, kept.prices.fx.fee_currency) == (
        "pair",
        ("fee", "value"),
        ("fee", "currency"),
    )


@pytest.mark.parametrize(
    ("populated", "pointer", "words"),
    [
        ("plans", "/fake/collections/0/populated_when", "expected {member: {member: value}}"),
        ("{plans: colour}", "/fake/collections/0/populated_when/plans", "expected one {member: value}"),
        ("{plans: {colour: red, off: x}}", "/fake/collections/0/populated_when/plans", "expected one {member: value}"),
        ("{plans: {colour: 1}}", "/fake/collections/0/populated_when/plans/colour", "non-empty string"),
    ],
)
def test_a_bad_member_condition_is_a_located_error(tmp_path: Path, populated: str, pointer: str, words: str) -> None:
    options = tmp_path / "generator.yaml"
    options.write_text(
        f"fake:\n  collections:\n    - {{list: listItems, id_field: sku, populated_when: {populated}}}\n",
        encoding="utf-8",
    )
    with pytest.raises(GeneratorError, match=words) as caught:
        load_options(options)
    location = caught.value.diagnostic.location
    assert location is not None and location.pointer == pointer


def test_a_member_condition_the_objects_cannot_hold_is_left_out_with_a_located_warning(tmp_path: Path) -> None:
    populated = "      populated_when: {plans: {colour: red}, nope: {colour: red}, max: {size: big}}\n"
    conditioned = RULES.replace("      limit_param: limit\n", "      limit_param: limit\n" + populated)
    assert conditioned != RULES
    rules, warnings = read_shop(tmp_path, conditioned)
    (catalogue,) = rules.collections
    assert catalogue.populated_when == (("plans", "colour", "red"),)
    for member, absent in [("nope", "nope"), ("max", "size")]:
        (warned,) = [w for w in warnings if f"/fake/collections/0/populated_when/{member}" in w]
        assert f"no member {absent!r}" in warned and f"the condition on {member!r} is left out" in warned
