"""The fake and Prism agree on every request the fake accepts: a consumer's session against the
fake (a seeded catalogue paged and filtered, products fetched, estimates, sync and async orders,
orders listed and fetched, balances), each request then sent as it was to Prism serving the same
spec. Every request the fake answered with a success is one Prism finds no violation in and answers
with that success too (asked with `Prefer: code=N`, as Prism picks no status from a header); every
request the fake refused is one Prism accepts, refused by a rule of the API's docs that the fake
names (`Call.refusal`), or a fetch of an id the fake does not hold (the documented 404).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from ..packages import GeneratedPackage
from .conftest import request_violations
from .test_fake_consumer import BREAKING, FX_RATES, PRODUCTS, VERSIONS, estimable, estimate, order

pytestmark = [pytest.mark.slow, pytest.mark.timeout(120)]


def consumer_session(package: GeneratedPackage, fake: Any, base_url: str) -> list[httpx.Request]:
    """What a consumer's tests send; every request as the fake received it."""
    sent: list[httpx.Request] = []
    http = fake.http_client(event_hooks={"request": [sent.append]})
    client = package.module.RunaClient(api_key="test", base_url=base_url, http_client=http, max_retries=0)
    errors = package.module.errors
    list(client.products.iter_get_products(limit=2))
    page = client.products.get_products(limit=2, is_orderable=True, countries_redeemable_in=["US", "GB"])
    client.products.get_products(before=page.pagination.cursors.after, categories=["food"])
    client.products.get_single_product(product_code="CAFE-GB")
    with pytest.raises(errors.NotFoundError):
        client.products.get_single_product(product_code="NOPE-US")
    body = order(("AMZ-US", 25))
    client.orders.estimate_order_price(body=estimate(body))
    placed = client.orders.create_order(body=body, execution_mode="sync")
    several = order((["AMZ-US", "OPEN-US"], 20))
    client.orders.estimate_order_price(body=estimate(several))
    client.orders.create_order(body=several, execution_mode="sync")
    client.orders.estimate_order_price(body=estimate(order(("CAFE-GB", 10))))  # paid converted (fx_rates)
    client.orders.create_order(body=order(("PT-01HPSF51G0ZWHJ3JTNWRH0WDYK", 20)), execution_mode="sync")
    accepted = client.orders.create_order(body=order(("CAFE-GB", 10), ("OPEN-US", 20)), execution_mode="async")
    client.orders.get_single_order(id=accepted.id)  # not complete yet: the incomplete branch
    failing = client.orders.create_order(body=order(("AMZ-US", 10)), execution_mode="async")
    for status in fake.API.balance.refunded:  # failed: the incomplete branch, its price given back
        fake.advance(to=status, id=failing.id)
    client.orders.get_single_order(id=failing.id)
    fake.advance()
    client.orders.get_single_order(id=placed.id)
    client.orders.get_single_order(id=accepted.id)
    client.orders.get_list_of_orders(limit=1)
    client.balance.get_balance(currency="USD")
    for both_cursors in (client.products.get_products, client.orders.get_list_of_orders):
        with pytest.raises(errors.BadRequestError):
            both_cursors(after=placed.id, before=placed.id)
    for body, mode in BREAKING.values():
        with pytest.raises(errors.BadRequestError):
            client.orders.create_order(body=body, execution_mode=mode)
        if estimable(body) and mode == "sync" and len(body["items"]) == 1:  # refused as the order is
            with pytest.raises(errors.APIStatusError):
                client.orders.estimate_order_price(body=estimate(body))
    return sent


def success(call: Any) -> int:
    """The success status the API answers this request with, when nothing refuses it."""
    if call.operation == "create_order":
        return 200 if call.headers.get("x-execution-mode") == "sync" else 202
    return 200


@pytest.mark.parametrize("version", VERSIONS)
def test_prism_accepts_every_request_the_fake_accepts(
    version: str, packages: dict[str, GeneratedPackage], prism: Callable[[str], str]
) -> None:
    package = packages[version]
    fake = package.testing.FakeRuna(balances={"USD": "200.00"}, fx_rates=FX_RATES)
    fake.seed("get_products", PRODUCTS)
    base_url = prism(version)
    sent = consumer_session(package, fake, base_url)
    assert len(sent) == len(fake.calls) >= 20
    accepted = refused = 0
    with httpx.Client(timeout=30) as judge:
        for request, call in zip(sent, fake.calls, strict=True):
            assert call.status is not None
            headers = {**request.headers, "Prefer": f"code={call.status if call.status < 300 else success(call)}"}
            answer = judge.request(request.method, request.url, headers=headers, content=request.content)
            where = f"{request.method} {request.url} (the fake: {call.status})"
            assert request_violations(answer) == [], where  # Prism finds nothing wrong with the request
            if call.status < 300:
                assert answer.status_code == call.status, where
                accepted += 1
            else:  # the fake refuses more than Prism, each time citing its rule (or holding no such id)
                assert call.refusal is not None or call.status == 404, where
                assert 200 <= answer.status_code < 300, where
                refused += 1
    estimates = sum(estimable(body) and len(body["items"]) == 1 for body, _ in BREAKING.values())
    both_cursors = 2  # a list of products, one of orders
    assert refused == len(BREAKING) + estimates + both_cursors + 1 and accepted == len(sent) - refused
