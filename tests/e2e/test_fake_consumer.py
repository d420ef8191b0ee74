"""A consumer's tests, written only from the package README's "Testing your integration": a
catalogue seeded and paged with `limit`, orders priced from it, the estimate and the balance in
agreement, every refusal the fake's rules hold, a rate limit waited out on the fake's clock, through
the sync and the async client. Its wall time is measured in benchmarks/ (RESULTS.md), not here.

The versions tested are those whose fake keeps a catalogue it can page and fetch, and refusals
(read from the IR of each spec in specs/), so a new version is tested with no edit.
"""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator, Iterator
from decimal import Decimal
from typing import Any

import pytest

from generator import fake_ir, ir

from ..conftest import runa_specs, spec_version
from .calls import read_of
from .conftest import Package

pytestmark = [pytest.mark.slow, pytest.mark.timeout(60)]


def keeps_a_catalogue(api: ir.Api) -> bool:
    rules = api.fake.rules if api.fake is not None else fake_ir.FakeRules()
    catalogues = [c for c in rules.collections if c.create is None and c.fetch and c.limit_param and c.filters]
    return bool(catalogues and rules.prices and rules.prices.catalogue and rules.refusals)


VERSIONS = [spec_version(spec) for spec in runa_specs() if keeps_a_catalogue(read_of(spec).api)]

OPEN = {"type": "open", "available_list": None, "minimum_value": "5.00", "maximum_value": "500.00"}
FIXED = {"type": "fixed", "available_list": ["10.00", "25.00"], "minimum_value": "10.00", "maximum_value": "25.00"}
# Five products: two discounts, one not orderable, one of fixed denominations, different countries.
PRODUCTS = [
    {"code": "AMZ-US", "discount_multiplier": "0.10", "countries_redeemable_in": ["US"], "categories": ["shopping"]},
    {"code": "CAFE-GB", "discount_multiplier": "0.15", "countries_redeemable_in": ["GB"], "categories": ["food"]},
    {"code": "GONE-US", "discount_multiplier": "0.00", "is_orderable": False, "countries_redeemable_in": ["US"]},
    {"code": "FIXED-US", "discount_multiplier": "0.00", "gift_card": {"denominations": FIXED}},
    {"code": "OPEN-US", "discount_multiplier": "0.05", "gift_card": {"denominations": OPEN}},
]


@pytest.fixture(params=VERSIONS)
def package(request: pytest.FixtureRequest, packages: dict[str, Package]) -> Package:
    return packages[request.param]


@pytest.fixture(params=["sync", "async"])
def colour(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def fake(package: Package) -> Any:
    made = package.testing.FakeRuna(balances={"USD": "100.00"})
    made.seed("get_products", PRODUCTS)
    return made


@pytest.fixture
async def client(package: Package, fake: Any, colour: str) -> AsyncIterator[Any]:
    if colour == "sync":
        http = fake.http_client()
        yield package.module.RunaClient(api_key="test", http_client=http)
        http.close()
    else:
        http = fake.async_http_client()
        yield package.module.AsyncRunaClient(api_key="test", http_client=http)
        await http.aclose()


async def done(value: Any) -> Any:
    """A sync client's result, or an async client's awaited."""
    return await value if inspect.isawaitable(value) else value


async def every(items: Iterator[Any] | AsyncIterator[Any]) -> list[Any]:
    if isinstance(items, Iterator):
        return list(items)
    return [item async for item in items]


def order(*items: tuple[str, Any]) -> dict[str, Any]:
    """An order paid in USD of one item per (product, face value), each sent by email."""
    return {
        "payment_method": {"type": "ACCOUNT_BALANCE", "currency": "USD"},
        "items": [
            {
                "face_value": face_value,
                "distribution_method": {"type": "EMAIL", "email_address": "fred@example.com"},
                "products": {"type": "SINGLE", "value": code},
            }
            for code, face_value in items
        ],
    }


def estimate(body: dict[str, Any]) -> dict[str, Any]:
    """The estimate request of an order: its items without their distribution."""
    items = [{"face_value": i["face_value"], "products": i["products"]} for i in body["items"]]
    return {"payment_method": body["payment_method"], "items": items}


@pytest.mark.anyio
async def test_the_catalogue_pages_filters_and_fetches_what_was_seeded(
    package: Package, fake: Any, client: Any
) -> None:
    codes = [p["code"] for p in PRODUCTS]
    assert [p.code for p in await every(client.products.iter_get_products(limit=2))] == codes
    assert [call.query.get("limit") for call in fake.calls_to("get_products")] == [["2"]] * 4  # 2, 2, 1, then empty
    first = await done(client.products.get_products(limit=2))
    assert [p.code for p in first.catalog] == codes[:2] and first.pagination.page.limit == 2
    second = await done(client.products.get_products(limit=2, after=first.pagination.cursors.after))
    assert [p.code for p in second.catalog] == codes[2:4]
    back = await done(client.products.get_products(limit=2, before=second.pagination.cursors.before))
    assert [p.code for p in back.catalog] == codes[:2]
    orderable = await done(client.products.get_products(is_orderable=True))
    assert "GONE-US" not in [p.code for p in orderable.catalog] and len(orderable.catalog) == 4
    assert len((await done(client.products.get_products(is_orderable=False))).catalog) == 5  # false: all of them
    in_gb = await done(client.products.get_products(countries_redeemable_in=["GB", "FR"]))
    assert [p.code for p in in_gb.catalog] == ["CAFE-GB"]
    food = await done(client.products.get_products(categories=["food", "travel"]))
    assert [p.code for p in food.catalog] == ["CAFE-GB"]
    fetched = await done(client.products.get_single_product(product_code="CAFE-GB"))
    assert fetched.discount_multiplier == Decimal("0.15") and fetched.countries_redeemable_in == ["GB"]
    with pytest.raises(package.module.errors.NotFoundError):
        await done(client.products.get_single_product(product_code="NOPE-US"))


@pytest.mark.anyio
async def test_prices_add_up_and_the_balance_and_estimate_agree(package: Package, fake: Any, client: Any) -> None:
    body = order(("AMZ-US", 25))
    quote = await done(client.orders.estimate_order_price(body=estimate(body)))
    placed = await done(client.orders.create_order(body=body, execution_mode="sync"))
    (item,) = placed.items
    assert (item.face_value, item.price) == (Decimal(25), Decimal("22.50"))  # 10% off
    assert (placed.total_price, placed.total_discount) == (Decimal("22.50"), Decimal("2.50"))
    assert (quote.total_price, quote.total_discount) == (placed.total_price, placed.total_discount)
    assert [(i.price, i.discount_multiplier) for i in quote.items] == [(Decimal("22.50"), Decimal("0.10"))]
    balance = await done(client.balance.get_balance(currency="USD"))
    assert balance.balance == Decimal("100.00") - placed.total_price == fake.balance("USD")
    # Rounded half up to cents, item by item: 15% of 10.10 is 1.515 -> 1.52; 5% of 10.05 is 0.5025 -> 0.50.
    body = order(("CAFE-GB", Decimal("10.10")), ("OPEN-US", Decimal("10.05")))
    quote = await done(client.orders.estimate_order_price(body=estimate(body)))
    accepted = await done(client.orders.create_order(body=body, execution_mode="async"))
    fake.advance()
    completed = await done(client.orders.get_single_order(id=accepted.id))
    assert [i.price for i in completed.items] == [Decimal("8.58"), Decimal("9.55")]
    assert (completed.total_price, completed.total_discount) == (Decimal("18.13"), Decimal("2.02"))
    assert (quote.total_price, quote.total_discount) == (completed.total_price, completed.total_discount)
    assert fake.balance("USD") == Decimal("100.00") - Decimal("22.50") - Decimal("18.13")


# The order each refusal check of the fake's rules refuses (with its execution mode); the balance
# rule's insufficient funds last. A check without a case here fails the test below.
BREAKING = {
    "items_at_most": (order(("AMZ-US", 10), ("AMZ-US", 10)), "sync"),
    "product_known": (order(("NOPE-US", 10)), "sync"),
    "product_flag": (order(("GONE-US", 10)), "sync"),
    "face_value_in": (order(("FIXED-US", 15)), "sync"),
    "face_value_min": (order(("OPEN-US", 1)), "sync"),
    "face_value_max": (order(("OPEN-US", 501)), "sync"),
}


@pytest.mark.anyio
async def test_every_documented_refusal_is_answered_with_its_status_and_type(
    package: Package, fake: Any, client: Any
) -> None:
    refusals = fake.API.refusals
    assert {rule.check for rule in refusals} <= set(BREAKING)
    for rule in refusals:
        body, mode = BREAKING[rule.check]
        with pytest.raises(package.module.errors.APIStatusError) as caught:
            await done(client.orders.create_order(body=body, execution_mode=mode))
        assert (caught.value.status_code, caught.value.type) == (int(rule.status), rule.type), rule.check
        assert fake.calls[-1].refusal is rule and rule.docs in caught.value.body.message
    balance = fake.API.balance
    with pytest.raises(package.module.errors.APIStatusError) as caught:  # 95% of 200 is more than 100
        await done(client.orders.create_order(body=order(("OPEN-US", 200)), execution_mode="sync"))
    assert (caught.value.status_code, caught.value.type) == (
        int(balance.insufficient_status),
        balance.insufficient_type,
    )
    assert fake.balance("USD") == Decimal("100.00")  # nothing was paid ...
    assert (await done(client.orders.get_list_of_orders())).items == []  # ... nor ordered
    assert all(call.status < 500 for call in fake.calls) and fake.waits == []  # refusals are final


@pytest.mark.anyio
async def test_a_rate_limit_is_waited_out_on_the_fakes_clock(package: Package, fake: Any, client: Any) -> None:
    started = fake.now()
    fake.fail_next("create_order", status=429, retry_after=30)
    placed = await done(client.orders.create_order(body=order(("AMZ-US", 10)), execution_mode="sync"))
    assert [call.status for call in fake.calls_to("create_order")] == [429, 200]
    assert fake.waits == [30.0]  # Retry-After, honoured without sleeping
    assert (fake.now() - started).total_seconds() >= 30
    assert placed.created_at >= started
    limited, retried = fake.calls_to("create_order")
    assert limited.idempotency_key == retried.idempotency_key
    fake.fail_next("create_order", status=500, times=3)  # a status without an example of its own, every attempt
    with pytest.raises(package.module.errors.InternalServerError) as caught:
        await done(client.orders.create_order(body=order(("AMZ-US", 10)), execution_mode="sync"))
    assert "scripted" in caught.value.body.message and caught.value.body.type == "scripted"
    assert caught.value.attempts == 3 and len(fake.waits) == 3  # two backoffs, on the clock too


@pytest.mark.parametrize(
    ("change", "member"),
    [
        ({"gift_card": {"denominations": {**FIXED, "available_list": [10, 25]}}}, "available_list"),
        ({"is_orderable": "true"}, "is_orderable"),
        ({"is_orderable": 1}, "is_orderable"),
    ],
)
def test_a_seeded_value_of_another_json_type_than_declared_is_refused(
    package: Package, change: dict[str, Any], member: str
) -> None:
    """The fake's items stand for the server's answers: each JSON value of its declared JSON type (the
    client would read `10` for a string amount, or `"true"` for a boolean, as a wrong type). (A single
    amount is written in its member's JSON type by the fake itself, `_fake_shapes._like`.)"""
    fake = package.testing.FakeRuna()
    with pytest.raises(ValueError, match=member):
        fake.seed("get_products", [{**PRODUCTS[0], "code": "BAD-US", **change}])
    assert [item["code"] for item in fake.seed("get_products", PRODUCTS[:1])] == [PRODUCTS[0]["code"]]
