"""A page whose items break the spec: only the failing items are validated again (issue #27), and
the page parses to what the lenient pass over the whole page gives (the judge here: that pass,
`TypeAdapter(kind).validate_python(body, context=LENIENT)`): the same values, the same deviations,
the same errors in strict mode."""

from __future__ import annotations

import importlib
import json
import logging
from collections.abc import Callable
from types import ModuleType
from typing import Any

import pydantic
import pydantic_core
import pytest

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


PAGES: dict[str, Callable[[], dict[str, Any]]] = {
    "every item misses a pattern": lambda: catalogue_page(12, longer_multiplier),
    "one item among many": lambda: catalogue_page(40, lambda i, p: longer_multiplier(i, p) if i == 17 else p),
    "several kinds of deviation": lambda: catalogue_page(12, several_kinds),
    "an item that is no object (the catalog unusable)": lambda: catalogue_page(6, not_an_object),
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
    # (the catalog itself is unusable when an item could not be salvaged)
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
