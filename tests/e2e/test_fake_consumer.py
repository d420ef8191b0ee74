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

from ..packages import GeneratedPackage
from ..support import runa_specs, spec_version
from .calls import read_of

pytestmark = [pytest.mark.slow, pytest.mark.timeout(60)]


def keeps_a_catalogue(api: ir.Api) -> bool:
    rules = api.fake.rules if api.fake is not None else fake_ir.FakeRules()
    catalogues = [c for c in rules.collections if c.create is None and c.fetch and c.limit_param and c.filters]
    return bool(catalogues and rules.prices and rules.prices.catalogue and rules.refusals)


VERSIONS = [spec_version(spec) for spec in runa_specs() if keeps_a_catalogue(read_of(spec).api)]

OPEN = {"type": "open", "available_list": None, "minimum_value": "5.00", "maximum_value": "500.00"}
FIXED = {"type": "fixed", "available_list": ["10.00", "25.00"], "minimum_value": "10.00", "maximum_value": "25.00"}
# Six products: discounts, one not orderable, one of fixed denominations, different countries, and
# a subscription, ordered by its plan's code. A gift card left without denominations gets the spec
# example's (fixed): those ordered at other face values say theirs.
SUBSCRIPTION = {"subscription_plans": [{"subscription_plan_code": "SUB-US-12M", "length_unit": "MONTHS", "length": 12}]}
PRODUCTS: list[dict[str, Any]] = [
    {
        "code": "AMZ-US",
        "discount_multiplier": "0.10",
        "countries_redeemable_in": ["US"],
        "categories": ["shopping"],
        "gift_card": {"denominations": OPEN},
    },
    {
        "code": "CAFE-GB",
        "currency": "GBP",
        "discount_multiplier": "0.15",
        "countries_redeemable_in": ["GB"],
        "categories": ["food"],
        "gift_card": {"denominations": OPEN},
    },
    {"code": "GONE-US", "discount_multiplier": "0.00", "is_orderable": False, "countries_redeemable_in": ["US"]},
    {"code": "FIXED-US", "discount_multiplier": "0.00", "gift_card": {"denominations": FIXED}},
    {"code": "OPEN-US", "discount_multiplier": "0.05", "gift_card": {"denominations": OPEN}},
    {"code": "SUB-US", "discount_multiplier": "0.20", "payout_type": "subscription", "subscription": SUBSCRIPTION},
]
FX_RATES = {"GBPUSD": "1.25"}  # CAFE-GB's pounds, paid in dollars: 1 GBP costs 1.25 USD


@pytest.fixture(params=VERSIONS)
def package(request: pytest.FixtureRequest, packages: dict[str, GeneratedPackage]) -> GeneratedPackage:
    return packages[request.param]


@pytest.fixture(params=["sync", "async"])
def colour(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def fake(package: GeneratedPackage) -> Any:
    made = package.testing.FakeRuna(balances={"USD": "100.00"}, fx_rates=FX_RATES)
    made.seed("get_products", PRODUCTS)
    return made


@pytest.fixture
async def client(package: GeneratedPackage, fake: Any, colour: str) -> AsyncIterator[Any]:
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


def order(*items: tuple[str | list[str], Any]) -> dict[str, Any]:
    """An order paid in USD of one item per (product, face value), each sent by email: a product
    code is a SINGLE product, a list of codes MULTIPLE products, a code starting "PT-" a TEMPLATE."""
    return {
        "payment_method": {"type": "ACCOUNT_BALANCE", "currency": "USD"},
        "items": [
            {
                "face_value": face_value,
                "distribution_method": {"type": "EMAIL", "email_address": "fred@example.com"},
                "products": products(code),
            }
            for code, face_value in items
        ],
    }


def products(code: str | list[str]) -> dict[str, Any]:
    if isinstance(code, list):
        return {"type": "MULTIPLE", "values": code}
    if code.startswith("PT-"):
        return {"type": "TEMPLATE", "template_id": code}
    return {"type": "SINGLE", "value": code}


def estimate(body: dict[str, Any]) -> dict[str, Any]:
    """The estimate request of an order: its items without their distribution."""
    items = [{"face_value": i["face_value"], "products": i["products"]} for i in body["items"]]
    return {"payment_method": body["payment_method"], "items": items}


@pytest.mark.anyio
async def test_the_catalogue_pages_filters_and_fetches_what_was_seeded(
    package: GeneratedPackage, fake: Any, client: Any
) -> None:
    codes = [p["code"] for p in PRODUCTS]
    assert [p.code for p in await every(client.products.iter_get_products(limit=2))] == codes
    assert [call.query.get("limit") for call in fake.calls_to("get_products")] == [["2"]] * 4  # 2, 2, 2, then empty
    first = await done(client.products.get_products(limit=2))
    assert [p.code for p in first.catalog] == codes[:2] and first.pagination.page.limit == 2
    second = await done(client.products.get_products(limit=2, after=first.pagination.cursors.after))
    assert [p.code for p in second.catalog] == codes[2:4]
    back = await done(client.products.get_products(limit=2, before=second.pagination.cursors.before))
    assert [p.code for p in back.catalog] == codes[:2]
    for stray in ({"after": "NOPE-US"}, {"before": "NOPE-US"}):  # a cursor the list never gave: an empty page
        assert (await done(client.products.get_products(limit=2, **stray))).catalog == []
    orderable = await done(client.products.get_products(is_orderable=True))
    assert "GONE-US" not in [p.code for p in orderable.catalog] and len(orderable.catalog) == len(codes) - 1
    assert len((await done(client.products.get_products(is_orderable=False))).catalog) == len(codes)  # false: all
    in_gb = await done(client.products.get_products(countries_redeemable_in=["GB", "FR"]))
    assert [p.code for p in in_gb.catalog] == ["CAFE-GB"]
    food = await done(client.products.get_products(categories=["food", "travel"]))
    assert [p.code for p in food.catalog] == ["CAFE-GB"]
    fetched = await done(client.products.get_single_product(product_code="CAFE-GB"))
    assert fetched.discount_multiplier == Decimal("0.15") and fetched.countries_redeemable_in == ["GB"]
    with pytest.raises(package.module.errors.NotFoundError):
        await done(client.products.get_single_product(product_code="NOPE-US"))


@pytest.mark.anyio
async def test_prices_add_up_and_the_balance_and_estimate_agree(
    package: GeneratedPackage, fake: Any, client: Any
) -> None:
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
    assert [(i.price, i.currency) for i in completed.items] == [(Decimal("8.58"), "GBP"), (Decimal("9.55"), "USD")]
    # Paid in USD: CAFE-GB's GBP 8.58 at 1.25 is 10.725 -> 10.73, its discount GBP 1.52 -> 1.90.
    assert (completed.total_price, completed.total_discount) == (Decimal("20.28"), Decimal("2.40"))
    assert (quote.total_price, quote.total_discount) == (completed.total_price, completed.total_discount)
    assert fake.balance("USD") == Decimal("100.00") - Decimal("22.50") - Decimal("20.28")


# The orders each refusal check of the fake's rules refuses (with its execution mode), for each kind
# of item it checks; the balance rule's insufficient funds last. A rule without a case here (its
# check and one of its kinds) fails the tests below.
BREAKING = {
    ("items_at_most", "single"): (order(("AMZ-US", 10), ("AMZ-US", 10)), "sync"),
    ("product_known", "single"): (order(("NOPE-US", 10)), "sync"),
    ("product_known", "several"): (order((["AMZ-US", "NOPE-US"], 10)), "sync"),
    ("product_flag", "single"): (order(("GONE-US", 10)), "sync"),
    ("product_flag", "several"): (order((["AMZ-US", "GONE-US"], 10)), "sync"),
    ("face_value_in", "single"): (order(("FIXED-US", 15)), "sync"),
    ("face_value_min", "single"): (order(("OPEN-US", 1)), "sync"),
    ("face_value_min", "several"): (order((["AMZ-US", "OPEN-US"], 4)), "sync"),  # OPEN-US: at least 5
    ("face_value_max", "single"): (order(("OPEN-US", 501)), "sync"),
    ("face_value_places", "single"): (order(("OPEN-US", Decimal("10.001"))), "sync"),  # finer than a cent
    ("face_value_whole", "several"): (order((["AMZ-US", "OPEN-US"], Decimal("10.50"))), "sync"),
    ("face_value_whole", "other"): (order(("PT-01HPSF51G0ZWHJ3JTNWRH0WDYK", Decimal("10.50"))), "sync"),
    ("products_agree", "several"): (order((["AMZ-US", "CAFE-GB"], 10)), "sync"),  # USD and GBP
    ("ordered_by_alias", "single"): (order(("SUB-US", 10)), "sync"),  # by its plan's code, SUB-US-12M
    ("ordered_by_alias", "several"): (order((["AMZ-US", "SUB-US"], 10)), "sync"),
}


def cases(rule: Any) -> list[tuple[dict[str, Any], str]]:
    """The breaking orders of a refusal rule: one per kind of item it checks (at least one)."""
    found = [BREAKING[rule.check, kind] for kind in rule.kinds if (rule.check, kind) in BREAKING]
    assert found, f"no case for {rule.check} {rule.kinds}"
    return found


def of_orders(fake: Any) -> list[Any]:
    """The refusal rules that read an order's items (the others read a list's query)."""
    return [rule for rule in fake.API.refusals if rule.check != "params_exclusive"]


def estimable(body: dict[str, Any]) -> bool:
    """Whether the estimate request can carry the order's items (it takes no TEMPLATE)."""
    return all(item["products"]["type"] != "TEMPLATE" for item in body["items"])


@pytest.mark.anyio
async def test_every_documented_refusal_is_answered_with_its_status_and_type(
    package: GeneratedPackage, fake: Any, client: Any
) -> None:
    refusals = of_orders(fake)
    assert {rule.check for rule in refusals} <= {check for check, _ in BREAKING}
    for rule in refusals:
        for body, mode in cases(rule):
            with pytest.raises(package.module.errors.APIStatusError) as caught:
                await done(client.orders.create_order(body=body, execution_mode=mode))
            assert (caught.value.status_code, caught.value.type) == (int(rule.status), rule.type), rule
            assert fake.calls[-1].refusal is rule and rule.docs in caught.value.body.message
    balance = fake.API.balance
    with pytest.raises(package.module.errors.APIStatusError) as caught:  # 95% of 200 is more than 100
        await done(client.orders.create_order(body=order(("OPEN-US", 200)), execution_mode="sync"))
    assert (caught.value.status_code, caught.value.type) == (
        int(balance.insufficient_status),
        balance.insufficient_type,
    )
    refused = fake.calls[-1].refusal  # the README's table lists it: it names its rule too, the balance's
    assert refused is balance.refusal(fake.calls[-1].operation_id) and refused.type == balance.insufficient_type
    assert refused.check == "balance_covers" and balance.docs in caught.value.body.message
    assert fake.balance("USD") == Decimal("100.00")  # nothing was paid ...
    assert (await done(client.orders.get_list_of_orders())).items == []  # ... nor ordered
    assert all(call.status < 500 for call in fake.calls) and fake.waits == []  # refusals are final


@pytest.mark.anyio
async def test_an_estimate_never_prices_an_order_that_would_be_refused(
    package: GeneratedPackage, fake: Any, client: Any
) -> None:
    (quote,) = [q for q in fake.API.quotes if q.of == "createOrder"]
    quoted = 0
    for rule in of_orders(fake):
        if rule.when_header is not None:  # the estimate takes no such header
            continue
        for body, _ in cases(rule):
            if not estimable(body):
                continue
            with pytest.raises(package.module.errors.APIStatusError) as caught:
                await done(client.orders.estimate_order_price(body=estimate(body)))
            assert (caught.value.status_code, caught.value.type) == (int(quote.status), quote.type), rule
            assert fake.calls[-1].refusal is rule and rule.docs in caught.value.body.message
            (detail,) = caught.value.body.details  # where: the one item of the order, by its index
            assert detail.location[:-1] == [*fake.API.prices.items, "0"] and detail.message == caught.value.body.message
            quoted += 1
    assert quoted >= len(of_orders(fake)) - 1
    fine = order((["AMZ-US", "OPEN-US"], 20))
    assert (await done(client.orders.estimate_order_price(body=estimate(fine)))).total_price == Decimal("19.00")


@pytest.mark.anyio
async def test_a_list_refuses_both_cursors_at_once(package: GeneratedPackage, fake: Any, client: Any) -> None:
    lists = {"getProducts": client.products.get_products, "getListOfOrders": client.orders.get_list_of_orders}
    rules = [rule for rule in fake.API.refusals if rule.check == "params_exclusive"]
    assert {rule.operation for rule in rules} == set(lists)
    for rule in rules:
        with pytest.raises(package.module.errors.APIStatusError) as caught:
            await done(lists[rule.operation](limit=1, **{name: "AMZ-US" for name in rule.params}))
        assert (caught.value.status_code, caught.value.type) == (int(rule.status), rule.type)
        assert fake.calls[-1].refusal is rule and rule.docs in caught.value.body.message


@pytest.mark.anyio
async def test_items_of_several_products_or_a_template_are_priced(
    package: GeneratedPackage, fake: Any, client: Any
) -> None:
    # MULTIPLE: the least of the products' discounts (AMZ-US 10%, OPEN-US 5%): 5% of 20 is 1.00.
    body = order((["AMZ-US", "OPEN-US"], 20))
    quote = await done(client.orders.estimate_order_price(body=estimate(body)))
    placed = await done(client.orders.create_order(body=body, execution_mode="sync"))
    (item,) = placed.items
    assert (item.price, placed.total_price, placed.total_discount) == (
        Decimal("19.00"),
        Decimal("19.00"),
        Decimal("1.00"),
    )
    assert (quote.total_price, quote.total_discount) == (placed.total_price, placed.total_discount)
    assert [i.discount_multiplier for i in quote.items] == [Decimal("0.05")]
    # TEMPLATE: the fake knows no template's products, so no discount.
    template = await done(
        client.orders.create_order(body=order(("PT-01HPSF51G0ZWHJ3JTNWRH0WDYK", 20)), execution_mode="sync")
    )
    assert (template.total_price, template.total_discount) == (Decimal("20"), Decimal("0"))
    assert fake.balance("USD") == Decimal("100.00") - Decimal("19.00") - Decimal("20")
    # A subscription is ordered by its plan's code, and priced as its product: 20% of 10 is 2.00.
    plan = await done(client.orders.create_order(body=order(("SUB-US-12M", 10)), execution_mode="sync"))
    assert (plan.total_price, plan.total_discount) == (Decimal("8.00"), Decimal("2.00"))


@pytest.mark.anyio
async def test_a_rate_limit_is_waited_out_on_the_fakes_clock(package: GeneratedPackage, fake: Any, client: Any) -> None:
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
    package: GeneratedPackage, change: dict[str, Any], member: str
) -> None:
    """The fake's items stand for the server's answers: each JSON value of its declared JSON type (the
    client would read `10` for a string amount, or `"true"` for a boolean, as a wrong type). (A single
    amount is written in its member's JSON type by the fake itself, `_fake_shapes._like`.)"""
    fake = package.testing.FakeRuna()
    with pytest.raises(ValueError, match=member):
        fake.seed("get_products", [{**PRODUCTS[0], "code": "BAD-US", **change}])
    assert [item["code"] for item in fake.seed("get_products", PRODUCTS[:1])] == [PRODUCTS[0]["code"]]


# An order in each status is answered as the branch of the response union the spec gives that status:
# not (yet) complete, the incomplete branch (its id, status and message; no items, no payouts);
# completed, with its payouts stamped on the fake's clock; failed, its price given back. The statuses,
# messages and refunds are read from the fake's rules, as the README's "States" documents them.


def orders(fake: Any) -> Any:
    """The rule of the collection an order creation fills, answered as incomplete in some statuses."""
    (rule,) = [c for c in fake.API.collections if c.create and c.incomplete]
    return rule


@pytest.mark.anyio
@pytest.mark.parametrize("reaching", ["placed", "failed"])
async def test_an_incomplete_order_is_answered_as_the_incomplete_branch(
    package: GeneratedPackage, fake: Any, client: Any, reaching: str
) -> None:
    rule = orders(fake)
    initial = rule.status_by_response["202"]
    assert initial in rule.incomplete and len(rule.incomplete) >= 2  # waiting, and a final failure
    status = initial if reaching == "placed" else next(s for s in sorted(rule.incomplete) if s != initial)
    accepted = await done(client.orders.create_order(body=order(("AMZ-US", 10)), execution_mode="async"))
    if status != initial:
        assert fake.advance(to=status, id=accepted.id) == 1
    fetched = await done(client.orders.get_single_order(id=accepted.id))
    assert isinstance(fetched, package.module.models.IncompleteOrder)
    assert (fetched.id, fetched.status, fetched.message) == (accepted.id, status, rule.incomplete[status])
    listed = (await done(client.orders.get_list_of_orders())).items
    assert [(type(o), o.id) for o in listed] == [(package.module.models.IncompleteOrder, accepted.id)]
    raw = await done(client.orders.with_raw_response.get_single_order(id=accepted.id))
    assert set(raw.http_response.json()) == {rule.id_field, rule.status_field, rule.incomplete_message}


@pytest.mark.anyio
async def test_a_completed_order_has_its_payouts_stamped_on_the_fakes_clock(
    package: GeneratedPackage, fake: Any, client: Any
) -> None:
    rule = orders(fake)
    started = fake.now()
    fake.fail_next("create_order", status=429, retry_after=60)  # the fake's clock moves on by a wait
    body = order(("AMZ-US", 10), ("OPEN-US", 20))
    accepted = await done(client.orders.create_order(body=body, execution_mode="async"))
    assert fake.advance(to=rule.completed_status, id=accepted.id) == 1
    completed = await done(client.orders.get_single_order(id=accepted.id))
    assert isinstance(completed, package.module.models.CompletedOrderWithFullDetails)
    assert started.timestamp() + 60 <= completed.created_at.timestamp() <= completed.completed_at.timestamp()
    assert completed.completed_at <= fake.now()
    assert [item.payout.status_updated_at for item in completed.items] == [completed.completed_at] * 2
    ids = [item.id for item in completed.items]
    assert len(set(ids)) == 2 and all(i.startswith(rule.item_id_prefix) for i in ids)  # each item its own id
    assert [item.payout.url for item in completed.items] == [rule.item_link_base + i for i in ids]
    sync = await done(client.orders.create_order(body=order(("AMZ-US", 10)), execution_mode="sync"))
    assert [item.payout.status_updated_at for item in sync.items] == [sync.completed_at]
    assert sync.items[0].id not in ids and sync.items[0].payout.url == rule.item_link_base + sync.items[0].id
    assert sync.created_at <= sync.completed_at <= fake.now()


@pytest.mark.anyio
async def test_a_failed_order_gives_its_price_back_and_a_completed_one_does_not(fake: Any, client: Any) -> None:
    rule = orders(fake)
    (refunded,) = fake.API.balance.refunded
    kept = await done(client.orders.create_order(body=order(("AMZ-US", 10)), execution_mode="async"))  # 9.00
    failing = await done(client.orders.create_order(body=order(("OPEN-US", 20)), execution_mode="async"))  # 19.00
    assert fake.balance("USD") == Decimal("100.00") - Decimal("9.00") - Decimal("19.00")
    assert fake.advance(to=refunded, id=failing.id) == 1
    assert fake.advance(to=rule.completed_status, id=kept.id) == 1
    assert fake.advance() == 0  # both final: nothing is given back twice
    assert fake.balance("USD") == Decimal("100.00") - Decimal("9.00")
    assert (await done(client.balance.get_balance(currency="USD"))).balance == Decimal("91.00")


@pytest.mark.anyio
async def test_an_item_in_another_currency_is_paid_converted_at_the_rate_given(
    package: GeneratedPackage, fake: Any, client: Any
) -> None:
    fx = fake.API.prices.fx
    body = order(("CAFE-GB", 20), ("AMZ-US", 10))  # GBP 17.00 (15% off) and USD 9.00 (10% off), paid in USD
    quote = await done(client.orders.estimate_order_price(body=estimate(body)))
    placed = await done(client.orders.with_raw_response.create_order(body=body, execution_mode="async"))
    fake.advance()
    raw = await done(client.orders.with_raw_response.get_single_order(id=placed.parse().id))
    completed, wire = raw.parse(), raw.http_response.json()
    assert completed.currency == "USD" and [i.currency for i in completed.items] == ["GBP", "USD"]
    assert (completed.total_price, completed.total_discount) == (Decimal("30.25"), Decimal("4.75"))  # 17 x 1.25 + 9
    assert fake.balance("USD") == Decimal("100.00") - Decimal("30.25") and fake.balance("GBP") == 0  # never paid from
    conversion = {fx.rate: "1.25", fx.symbol: "GBPUSD"}
    fee = {fx.fee[0]: {fx.fee[-1]: "0.00", fx.fee_currency[-1]: "USD"}}
    assert wire[fx.by_currency] == {"GBP": {fx.value: "17.00", fx.fx: {**conversion, **fee}}, "USD": {fx.value: "9.00"}}
    quoted = await done(client.orders.with_raw_response.estimate_order_price(body=estimate(body)))
    assert quoted.http_response.json()[fx.by_currency] == wire[fx.by_currency]
    assert (quote.total_price, quote.total_discount) == (completed.total_price, completed.total_discount)
    unpriced = package.testing.FakeRuna()  # no rate given: the fake invents none
    unpriced.seed("get_products", PRODUCTS)
    other = package.module.RunaClient(api_key="test", http_client=unpriced.http_client())
    with pytest.raises(ValueError, match="GBPUSD"):
        other.orders.create_order(body=order(("CAFE-GB", 20)), execution_mode="sync")
    assert unpriced.balance("USD") == Decimal("1000.00")
