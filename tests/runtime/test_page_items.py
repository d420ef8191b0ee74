"""A page whose items break the spec: only the failing items are validated again (issue #27), and
the page parses to what the lenient pass over the whole page gives (the judge here: that pass,
`TypeAdapter(kind).validate_python(body, context=LENIENT)`): the same values, the same deviations,
the same errors in strict mode."""

from __future__ import annotations

import importlib
import json
import logging
import re
import typing
from collections.abc import Callable
from decimal import Decimal
from types import ModuleType
from typing import Annotated, Any

import hypothesis
import pydantic
import pydantic_core
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ..packages import GeneratedPackage
from ..support import FIXTURES, spec_version
from ..test_recorded_bodies import recorded_specs

SPEC = recorded_specs()[-1]  # the newest version with Runa's recorded answers


@pytest.fixture(scope="module")
def runa(runa_generated: dict[str, GeneratedPackage]) -> ModuleType:
    return runa_generated[spec_version(SPEC)].module


def recorded_catalogue() -> list[dict[str, Any]]:
    records = json.loads((FIXTURES / "recorded" / spec_version(SPEC) / "getProducts.json").read_text())
    page = next(record["body"] for record in records if record["status"] == 200)
    return list(page["catalog"])


def catalogue_page(products: int, change: Callable[[int, dict[str, Any]], Any] = lambda i, p: p) -> dict[str, Any]:
    """The recorded page's products repeated under their own codes, each passed through `change`."""
    recorded = recorded_catalogue()
    items = []
    for index in range(products):
        item = json.loads(json.dumps(recorded[index % len(recorded)]))
        item["code"] = f"{item['code']}-{index}"
        items.append(change(index, item))
    return {"catalog": items}


def longer_multiplier(index: int, product: dict[str, Any]) -> dict[str, Any]:
    return {**product, "discount_multiplier": product["discount_multiplier"] + "1"}


def several_kinds(index: int, product: dict[str, Any]) -> Any:
    """A pattern miss, a null, a wrong type, a nested model's wrong type, an unknown field: each
    on its own item, the others conforming."""
    changes: dict[int, Callable[[], Any]] = {
        3: lambda: longer_multiplier(index, product),
        5: lambda: {**product, "discount_multiplier": None},
        6: lambda: {**product, "currency": 5},
        8: lambda: {**product, "assets": {"card_image_url": 5}},
        9: lambda: {**product, "discount_multiplier": "abc", "undeclared": True},
    }
    return changes.get(index, lambda: product)()


def not_an_object(index: int, product: dict[str, Any]) -> Any:
    return "no product" if index == 4 else longer_multiplier(index, product)


def own_misses(index: int, product: dict[str, Any]) -> Any:
    """Items that miss constraints of their own fields only (read in one validation: `_item_misses`)
    and items that miss one besides another problem (salvaged from the plain attempt's errors)."""
    missed = longer_multiplier(index, product)
    changes: dict[int, Callable[[], Any]] = {
        1: lambda: {**missed, "currency": "usd"},  # two own misses: money and a plain pattern
        2: lambda: {**product, "currency": "US"},
        4: lambda: {**missed, "countries_redeemable_in": ["us"]},  # and an item of a list's
        5: lambda: {**missed, "currency": None},  # and a null
        7: lambda: {key: value for key, value in missed.items() if key != "name"},  # and a missing one
        8: lambda: {**missed, "gift_card": {**product["gift_card"], "expiry": {"type": 5}}},  # and below
        10: lambda: {**missed, "discount_multiplier": "0.1.2"},  # not a numeral: wrong type
    }
    return changes.get(index, lambda: product)()


PAGES: dict[str, Callable[[], dict[str, Any]]] = {
    "every item misses a pattern": lambda: catalogue_page(12, longer_multiplier),
    "own misses and misses besides other problems": lambda: catalogue_page(12, own_misses),
    "one item among many": lambda: catalogue_page(40, lambda i, p: longer_multiplier(i, p) if i == 17 else p),
    "several kinds of deviation": lambda: catalogue_page(12, several_kinds),
    "an item that is no object (a hollow item in its place)": lambda: catalogue_page(6, not_an_object),
    "a null item": lambda: catalogue_page(6, lambda i, p: None if i == 2 else p),
}


def parse(runa: ModuleType, body: Any, *, strict: bool) -> Any:
    parsing = importlib.import_module(f"{runa.__name__}._parse")
    kind = endpoints_of(runa)["getProducts"]
    return parsing.parse_value(kind, body, operation="getProducts", strict=strict)


def endpoints_of(runa: ModuleType) -> dict[str, Any]:
    """operationId -> the type of the operation's documented success, from the package's endpoint table."""
    client = importlib.import_module(f"{runa.__name__}._client")
    endpoint_class = importlib.import_module(f"{runa.__name__}._base_client").Endpoint
    return {
        e.operation_id: next(r.type for r in e.responses if r.status.startswith("2"))
        for e in vars(client).values()
        if isinstance(e, endpoint_class)
    }


@pytest.mark.parametrize("page", PAGES)
def test_a_page_parses_as_the_lenient_pass_over_it(
    runa: ModuleType, page: str, caplog: pytest.LogCaptureFixture
) -> None:
    body = PAGES[page]()
    types = importlib.import_module(f"{runa.__name__}._types")
    kind = types._built(endpoints_of(runa)["getProducts"])
    judged = types._type_adapter(kind).validate_python(
        body, context=importlib.import_module(f"{runa.__name__}._parse_mode").LENIENT
    )
    expected = runa.deviations(judged)
    with caplog.at_level(logging.WARNING, logger=runa.__name__):
        parsed = parse(runa, body, strict=False)
    assert runa.deviations(parsed) == expected
    assert parsed.model_dump(mode="json", exclude_unset=True) == judged.model_dump(mode="json", exclude_unset=True)
    # (an item that is no object stands as a hollow model in both readings)
    assert [type(item) for item in parsed.__dict__.get("catalog") or ()] == [
        type(item) for item in judged.__dict__.get("catalog") or ()
    ]
    assert len([r for r in caplog.records if r.name == runa.__name__]) == 1
    problems = [d for d in expected if d.kind != "additional property"]
    with pytest.raises(runa.errors.ResponseValidationError) as raised:
        parse(runa, body, strict=True)
    assert raised.value.problems == problems


@pytest.mark.parametrize("bad", [[17], [0, 39], list(range(40))])
def test_only_the_failing_items_are_validated_again(runa: ModuleType, bad: list[int]) -> None:
    body = catalogue_page(40, lambda i, p: longer_multiplier(i, p) if i in bad else p)
    parsing = importlib.import_module(f"{runa.__name__}._parse")
    page_items = importlib.import_module(f"{runa.__name__}._page_items")
    types = importlib.import_module(f"{runa.__name__}._types")
    kind = types._built(endpoints_of(runa)["getProducts"])
    result, salvaged = page_items.validate_page(kind, parsing._plain_validator(kind), body)
    assert [item for item, _ in salvaged] == [result.catalog[index] for index in bad]
    assert [d.pointer for d in runa.deviations(result) if d.kind == "pattern miss"] == [
        f"/catalog/{index}/discount_multiplier" for index in bad
    ]


@pytest.mark.parametrize("page", ["every item misses a pattern", "own misses and misses besides other problems"])
def test_an_item_missing_only_its_own_constraints_is_validated_once(
    runa: ModuleType, page: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Such an item is read by one validation that records its misses (`_item_misses`), never by
    the plain attempt then a salvage; an item with another problem too is salvaged as before."""
    body = PAGES[page]()
    page_items = importlib.import_module(f"{runa.__name__}._page_items")
    salvage = page_items._salvaged_item
    salvaged_codes: list[str] = []

    def counted(item: Any, value: Any, error: Any) -> Any:
        salvaged_codes.append(value["code"])
        return salvage(item, value, error)

    monkeypatch.setattr(page_items, "_salvaged_item", counted)
    parse(runa, body, strict=False)  # (a first failure builds the salvaging validator)
    salvaged_codes.clear()
    parsed = parse(runa, body, strict=False)
    deviating = {1, 2, 4, 5, 7, 8, 10} if page.startswith("own") else set(range(12))
    besides = {4, 5, 7, 8, 10} if page.startswith("own") else set()
    assert salvaged_codes == [p["code"] for i, p in enumerate(body["catalog"]) if i in besides]
    found = {int(d.pointer.split("/")[2]) for d in runa.deviations(parsed) if d.kind != "additional property"}
    assert found == deviating


def test_elsewhere_the_validator_fails_on_a_bad_item(runa: ModuleType) -> None:
    """The plain validator (the fake checks bodies with it) is left as it is: a bad item is an error."""
    body = catalogue_page(3, lambda i, p: longer_multiplier(i, p) if i == 1 else p)
    parsing = importlib.import_module(f"{runa.__name__}._parse")
    types = importlib.import_module(f"{runa.__name__}._types")
    plain = parsing._plain_validator(types._built(endpoints_of(runa)["getProducts"]))
    with pytest.raises(pydantic.ValidationError) as raised:
        plain.validate_python(body)
    assert [e["loc"][:2] for e in raised.value.errors()] == [("catalog", 1)]


def test_the_plain_validator_checks_patterns_natively_with_the_same_errors(runa: ModuleType) -> None:
    parsing = importlib.import_module(f"{runa.__name__}._parse")
    types = importlib.import_module(f"{runa.__name__}._types")
    kind = types._built(endpoints_of(runa)["getProducts"])
    plain = parsing._plain_validator(kind)  # first: it builds the models (`defer_build`), run alone too
    hooked = types._type_adapter(kind).core_schema
    python_checks = pydantic_core.SchemaValidator(parsing._without_lenient_hooks(hooked))

    def pattern_checks(schema: Any) -> int:
        if isinstance(schema, list):
            return sum(pattern_checks(item) for item in schema)
        if not isinstance(schema, dict):
            return 0
        function = schema.get("function")
        own = isinstance(function, dict) and hasattr(function.get("function"), "__pattern__")
        return int(own) + sum(pattern_checks(value) for value in schema.values())

    constraints = importlib.import_module(f"{runa.__name__}._constraints")
    assert pattern_checks(hooked) > 0
    assert pattern_checks(constraints.with_native_patterns(parsing._without_lenient_hooks(hooked))) == 0
    body = catalogue_page(4, lambda i, p: {**p, "currency": "usd"} if i in (1, 3) else p)
    errors = []
    for validator in (plain, python_checks):
        with pytest.raises(pydantic.ValidationError) as raised:
            validator.validate_python(body)
        errors.append([(e["loc"], e["type"], e["msg"]) for e in raised.value.errors()])
    assert errors[0] == errors[1] and [loc[:2] for loc, _, _ in errors[0]] == [("catalog", 1), ("catalog", 3)]


MONEY_TEXTS: list[Any] = [
    "0.95", "0.9", "0.95001", "12", "-0.5", "1e2", "1.5E-3", " 0.95", "0.95\n", "0.95 ", "", "abc", "0x10",
    "\u0660.\u0665", "1_0.5", "NaN", "Infinity", 5, 0, True, None, [], {},
]  # fmt: skip


@pytest.mark.parametrize("text", MONEY_TEXTS)
def test_the_plain_validator_reads_string_money_natively_with_the_same_values_and_errors(
    runa: ModuleType, text: Any
) -> None:
    """Money written as a string is read by pydantic's own pattern and decimal on the plain path
    (no Python call per amount); what it takes and what it refuses, with its errors once told
    exactly (`exact_money_errors`), are those of `DecimalOnWire._to_decimal`."""
    parsing = importlib.import_module(f"{runa.__name__}._parse")
    types = importlib.import_module(f"{runa.__name__}._types")
    wire_types = importlib.import_module(f"{runa.__name__}._wire_types")
    received = importlib.import_module(f"{runa.__name__}._parse_mode").RECEIVED
    kind = types._built(endpoints_of(runa)["getProducts"])
    plain = parsing._plain_validator(kind)
    python_checks = pydantic_core.SchemaValidator(parsing._without_lenient_hooks(types._type_adapter(kind).core_schema))

    def natively_read(schema: Any) -> int:
        if isinstance(schema, list):
            return sum(natively_read(item) for item in schema)
        if not isinstance(schema, dict):
            return 0
        own = schema.get("custom_error_type") == wire_types.NATIVE_MONEY_ERROR
        return int(own) + sum(natively_read(value) for value in schema.values())

    schema = importlib.import_module(f"{runa.__name__}._constraints").with_native_patterns(
        parsing._without_lenient_hooks(types._type_adapter(kind).core_schema)
    )
    assert natively_read(schema) > 0
    changes: list[Callable[[dict[str, Any]], dict[str, Any]]] = [
        lambda p: {**p, "discount_multiplier": text},  # with a pattern
        lambda p: {
            **p,
            "gift_card": {
                **p["gift_card"],
                "denominations": {**p["gift_card"]["denominations"], "maximum_value": text},
            },
        },  # none
    ]
    for change in changes:
        body = catalogue_page(1, lambda i, p, change=change: change(p))
        outcomes = []
        for validator in (plain, python_checks):
            try:
                outcomes.append(validator.validate_python(body, context=received).model_dump(mode="json"))
            except pydantic.ValidationError as error:
                told = wire_types.exact_money_errors(error).errors()
                outcomes.append([(e["loc"], e["type"], e["msg"], e["input"]) for e in told])
        assert outcomes[0] == outcomes[1]


@pytest.mark.parametrize("payout_type", ["gift_card", "payment", "a-new-kind", "", 5, 1.5, True, None, [], {}])
def test_an_open_enum_reads_on_the_plain_path_as_its_smart_union_does(runa: ModuleType, payout_type: Any) -> None:
    """An open enum's union (`Kind | UnknownKind`) is read in order on the plain path, so a member
    never calls the unknown value's Python check: the same values and errors as pydantic's smart
    union, which tries both."""
    parsing = importlib.import_module(f"{runa.__name__}._parse")
    types = importlib.import_module(f"{runa.__name__}._types")
    received = importlib.import_module(f"{runa.__name__}._parse_mode").RECEIVED
    kind = types._built(endpoints_of(runa)["getProducts"])
    plain = parsing._plain_validator(kind)
    smart = pydantic_core.SchemaValidator(parsing._without_lenient_hooks(types._type_adapter(kind).core_schema))

    def modes(schema: Any) -> list[str]:
        if isinstance(schema, list):
            return [mode for item in schema for mode in modes(item)]
        if not isinstance(schema, dict):
            return []
        choices = schema.get("choices") if schema.get("type") == "union" else None
        own = [schema.get("mode", "smart")] if choices and choices[0].get("type") == "enum" else []
        return own + [mode for value in schema.values() for mode in modes(value)]

    constraints = importlib.import_module(f"{runa.__name__}._constraints")
    schema = constraints.with_native_patterns(parsing._without_lenient_hooks(types._type_adapter(kind).core_schema))
    assert set(modes(types._type_adapter(kind).core_schema)) == {"smart"} and set(modes(schema)) == {"left_to_right"}
    body = catalogue_page(1, lambda i, p: {**p, "payout_type": payout_type})
    outcomes = []
    for validator in (plain, smart):
        try:
            outcomes.append(validator.validate_python(body, context=received).model_dump(mode="json"))
        except pydantic.ValidationError as error:
            outcomes.append([(e["loc"], e["type"], e["msg"], e["input"]) for e in error.errors()])
    assert outcomes[0] == outcomes[1]


def spec_patterns(runa: ModuleType) -> list[str]:
    """Every pattern the package's models check, as spelled for Python's `re` (string fields and
    string money alike)."""
    models = importlib.import_module(f"{runa.__name__}.models")
    wire_types = importlib.import_module(f"{runa.__name__}._wire_types")
    found: set[str] = set()
    for model in vars(models).values():
        if isinstance(model, type) and issubclass(model, pydantic.BaseModel):
            for field in model.model_fields.values():
                for marker in [*field.metadata, *_nested_metadata(field.annotation)]:
                    checked = getattr(getattr(marker, "func", None), "__pattern__", None)
                    if checked is not None:
                        found.add(checked[0])
                    if isinstance(marker, wire_types.DecimalOnWire) and marker.pattern is not None:
                        found.add(marker.pattern.pattern)
    return sorted(found)


def _nested_metadata(annotation: Any) -> list[Any]:
    metadata = list(getattr(annotation, "__metadata__", ()))
    for arg in typing.get_args(annotation):
        metadata.extend(_nested_metadata(arg))
    return metadata


OUTSIDE_THE_GRAMMAR = [
    "(?i)^[a-z]+\\Z", "^[a-z]+$", "(?a)^\\d+\\Z", "(?a)^[A-Za-z0-9-_@.]+\\Z", "^(a|b)\\Z", "^a.c\\Z",
    "^[^a]\\Z", "^a+?\\Z", "^a{3,2}\\Z", "^a{5000}\\Z", "(?x)^a b\\Z", "^[a&&b]\\Z", "^\\w\\Z", "^a\\Zb",
]  # fmt: skip
WITHIN_THE_GRAMMAR = [
    "(?a)^[A-Z]{3}\\Z", "^#[0-9A-Fa-f]{6}\\Z", "PSR-[0-9A-HJKMNP-TV-Z]{2}", "^[0-9]+\\.[0-9]{1,4}\\Z",
    "a{2}b?c*d+", "^[a-z_.:]*\\Z", "x\\.y\\-z", "^\\Z", "", "[A-Z]{2,3}-[0-9]",
]  # fmt: skip


@pytest.mark.slow
@given(data=st.data())
@hypothesis.settings(max_examples=30, deadline=None, suppress_health_check=[hypothesis.HealthCheck.too_slow])
def test_the_rust_engine_reads_the_translated_patterns_as_pythons_re(runa: ModuleType, data: st.DataObject) -> None:
    """`_rust_regex` translates only what both engines read alike: for each pattern of the
    package's models (and a few more of the grammar), pydantic's Rust engine and Python's `re`
    search the same strings: any text, and texts built to match the pattern."""
    rust_regex = importlib.import_module(f"{runa.__name__}._rust_regex")
    wire_types = importlib.import_module(f"{runa.__name__}._wire_types")
    assert [p for p in OUTSIDE_THE_GRAMMAR if rust_regex.rust_pattern(p) is not None] == []
    translated = {p: rust_regex.rust_pattern(p) for p in [*spec_patterns(runa), *WITHIN_THE_GRAMMAR]}
    assert [p for p in WITHIN_THE_GRAMMAR if translated[p] is None] == []
    assert any(translated[p] is not None for p in spec_patterns(runa))
    checks = {**translated, wire_types._NUMERAL: rust_regex.RUST_NUMERAL}
    for pattern, rust in checks.items():
        if rust is None:
            continue
        checker = pydantic_core.SchemaValidator(
            pydantic_core.core_schema.str_schema(pattern=rust, regex_engine="rust-regex")
        )
        python = re.compile(pattern if pattern != wire_types._NUMERAL else "\\A" + pattern)
        near = st.from_regex(python, fullmatch=False) if pattern else st.just("")
        for probe in (data.draw(st.text(max_size=10)), data.draw(near), data.draw(near.map(lambda t: t + "\n"))):
            assert checker.isinstance_python(probe) == (python.search(probe) is not None), (pattern, probe)


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_a_received_number_amount_that_is_no_number_is_told_so(runa: ModuleType, constant: str) -> None:
    """`NaN` or `Infinity` where the spec says a number: no JSON number, so no finite amount (the
    advice a request gets, "pass a Decimal", is not for what a server sent)."""
    wire_types = importlib.import_module(f"{runa.__name__}._wire_types")
    received = importlib.import_module(f"{runa.__name__}._parse_mode").RECEIVED
    amount = pydantic.TypeAdapter(Annotated[Decimal, wire_types.DecimalOnWire(number=True)])
    with pytest.raises(pydantic.ValidationError) as raised:
        amount.validate_python(wire_types.loads(constant), context=received)
    assert [e["type"] for e in raised.value.errors()] == ["money_finite"], raised.value
    with pytest.raises(pydantic.ValidationError, match="money must be exact"):  # a request's own advice
        amount.validate_python(float(constant))


@pytest.mark.parametrize("item", [None, "no product", 5, []], ids=repr)
def test_an_item_that_is_no_object_leaves_the_other_items_readable(runa: ModuleType, item: Any) -> None:
    """One item that is no JSON object (a null among the products) stands as the item's model with
    every field unusable, recorded at its place; the list and its other items stay as received
    (the whole list was unusable)."""
    body = catalogue_page(5, lambda i, p: item if i == 3 else p)
    parsed = parse(runa, body, strict=False)
    catalog = parsed.catalog
    assert len(catalog) == 5 and [p.code for i, p in enumerate(catalog) if i != 3] == [
        p["code"] for i, p in enumerate(body["catalog"]) if i != 3
    ]
    assert type(catalog[3]) is type(catalog[0])
    with pytest.raises(runa.errors.UnusableFieldError):
        getattr(catalog[3], "code")  # noqa: B009 - the read itself raises
    problems = [d for d in runa.deviations(parsed) if d.kind != "additional property"]
    assert [(d.pointer, d.kind) for d in problems] == [
        ("/catalog/3", "null where not nullable" if item is None else "wrong type")
    ]
    with pytest.raises(runa.errors.ResponseValidationError) as raised:
        parse(runa, body, strict=True)
    assert [d.pointer for d in raised.value.problems] == ["/catalog/3"]
