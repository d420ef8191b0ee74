"""A small program written against runa_2024_02_05 as a payments team would: every operation, sync
and async, pagination, raw responses, errors and webhooks.

`test_user_program.py` checks it with `mypy --strict` (the `assert_type` lines are the typing
contract, overloads on `execution_mode` included) and runs it against Prism.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Mapping
from decimal import Decimal
from typing import assert_never, assert_type

from runa_2024_02_05 import API_VERSION, AsyncRunaClient, RunaClient, errors, models, webhooks


def new_order(email: str, product_code: str, face_value: Decimal | int) -> models.NewOrderDetails:
    return models.NewOrderDetails(
        payment_method=models.NewAccountPayment(currency="USD"),
        items=[
            models.NewOrderItemDetails(
                face_value=face_value,
                distribution_method=models.EmailDistribution(email_address=email),
                products=models.SingleProductWithUsageConfig(value=product_code),
            )
        ],
        description="Quarterly rewards",
        metadata={"campaign": "summer_2024"},
    )


def use_sync(client: RunaClient) -> list[str]:
    seen: list[str] = []
    pong = client.utility.ping()
    assert_type(pong, models.PingResponse)
    seen.append(pong.message)

    balance = client.balance.get_balance(currency="USD")
    seen.append(type(balance).__name__)

    order = client.orders.create_order(body=new_order("fred@example.com", "AMZ-US", 10), execution_mode="sync")
    assert_type(order, models.SyncCompletedOrder)
    seen.append(order.id)
    accepted = client.orders.create_order(
        body=new_order("fred@example.com", "AMZ-US", 10), extra_headers={"Prefer": "code=202"}
    )
    assert_type(accepted, models.AsyncAcceptedOrder)
    mode: str = "async"
    either = client.orders.create_order(  # Prism told the status async selects (it answers the first documented)
        body=new_order("a@example.com", "AMZ-US", 5),
        execution_mode="sync" if mode == "sync" else "async",
        extra_headers={"Prefer": "code=202"},
    )
    assert_type(either, models.SyncCompletedOrder | models.AsyncAcceptedOrder)

    raw = client.orders.with_raw_response.create_order(
        body=new_order("b@example.com", "AMZ-US", 5), execution_mode="sync", idempotency_key="order-0001"
    )
    assert_type(raw.idempotency_key, str | None)
    assert raw.idempotency_key == "order-0001" and raw.status_code == 200
    seen.append(str(raw.headers.get("content-type")))

    details = client.orders.get_single_order(id=order.id)
    seen.append(order_state(details))
    estimate = client.orders.estimate_order_price(
        body=models.OrderPriceRequest(
            payment_method=models.NewAccountPayment(currency="USD"),
            items=[
                models.OrderItemPriceRequest(
                    face_value=25, products=models.MultipleProduct(values=["AMZ-US", "AIRBNB-US"])
                )
            ],
        )
    )
    assert_type(estimate, models.OrderPriceResponse)
    seen.append(estimate.currency)

    page = client.orders.get_list_of_orders(limit=10)
    seen.append(str(len(page.items)))
    try:
        for listed in client.orders.iter_get_list_of_orders(limit=10):
            assert_type(
                listed,
                models.CompletedOrderWithBasicDetails
                | models.IncompleteOrder
                | models.UnknownGetListOfOrdersResponseItemsItem,
            )
            seen.append("unknown" if isinstance(listed, models.UnknownGetListOfOrdersResponseItemsItem) else listed.id)
    except errors.PaginationError as error:  # a mock server's pages repeat their cursor: a cycle
        seen.append(f"cycle at {error.cursor}")

    products = client.products.get_products(is_orderable=True, countries_redeemable_in=["US", "GB"])
    seen.append(str(len(products.catalog or [])))
    try:
        for product in client.products.iter_get_products(categories=["fashion"]):
            assert_type(product, models.Product)
            seen.append(product.code)
    except errors.PaginationError as error:
        seen.append(f"cycle at {error.cursor}")
    product = client.products.get_single_product(product_code="AMZ-US", content="md")
    assert_type(product, models.Product)
    multiplier: Decimal = product.discount_multiplier  # "0.95" on the wire: money is Decimal, never float
    seen.append(f"{product.code} x{multiplier}")
    seen.append(type(client.products.list_products_countries()).__name__)
    seen.append(type(client.products.list_products_categories()).__name__)

    try:
        client.orders.get_single_order(id="O-404", extra_headers={"Prefer": "code=404"}, timeout=5.0)
    except errors.NotFoundError as error:
        assert_type(error.status_code, int)
        assert_type(error.type, str | None)
        seen.append(f"{error.status_code} {error.type}")
        # The documented model when the body parses into it; else as received (a proxy's HTML page):
        # mypy --strict insists on the narrowing.
        if isinstance(error.body, models.APIErrorResponse):
            seen.append(f"404 body {error.body.type}")
        else:
            assert_type(error.body, errors.RawBody)
    except errors.APIConnectionError as error:
        seen.append(f"no answer after {error.attempts} attempt(s)")
    return seen


async def use_async(client: AsyncRunaClient) -> list[str]:
    seen: list[str] = []
    pong = await client.utility.ping()
    assert_type(pong, models.PingResponse)
    order = await client.orders.create_order(body=new_order("fred@example.com", "AMZ-US", 10), execution_mode="sync")
    assert_type(order, models.SyncCompletedOrder)
    accepted = await client.orders.create_order(
        body=new_order("fred@example.com", "AMZ-US", 10), execution_mode="async", extra_headers={"Prefer": "code=202"}
    )
    assert_type(accepted, models.AsyncAcceptedOrder)
    raw = await client.orders.with_raw_response.get_single_order(id=order.id)
    seen += [pong.message, order.id, accepted.id, str(raw.status_code), type(raw.parse()).__name__]
    seen.append(type(await client.balance.get_balance()).__name__)
    seen.append(type(await client.orders.get_list_of_orders()).__name__)
    seen.append(type(await client.orders.get_single_order(id=order.id)).__name__)
    seen.append(
        (
            await client.orders.estimate_order_price(
                body={
                    "payment_method": {"type": "ACCOUNT_BALANCE", "currency": "USD"},
                    "items": [{"face_value": 5, "products": {"type": "SINGLE", "value": "AMZ-US"}}],
                }
            )
        ).currency
    )
    seen.append(type(await client.products.get_products()).__name__)
    seen.append((await client.products.get_single_product(product_code="AMZ-US")).code)
    seen.append(type(await client.products.list_products_countries()).__name__)
    seen.append(type(await client.products.list_products_categories()).__name__)
    try:
        async for listed in client.orders.iter_get_list_of_orders():
            assert_type(
                listed,
                models.CompletedOrderWithBasicDetails
                | models.IncompleteOrder
                | models.UnknownGetListOfOrdersResponseItemsItem,
            )
            seen.append("unknown" if isinstance(listed, models.UnknownGetListOfOrdersResponseItemsItem) else listed.id)
        async for product in client.products.iter_get_products(is_orderable=False):
            seen.append(product.code)
    except errors.PaginationError as error:
        seen.append(f"cycle at {error.cursor}")
    try:
        await client.orders.create_order(
            body=new_order("c@example.com", "AMZ-US", 5), extra_headers={"Prefer": "code=422"}
        )
    except errors.UnprocessableEntityError as error:
        seen.append(f"{error.status_code} {error.type} {error.idempotency_key is not None}")
    return seen


def on_order_completion(raw_body: bytes, headers: Mapping[str, str], secret: str) -> str:
    try:
        event = webhooks.verify_and_parse_order_completion(raw_body, headers, secret)
    except errors.WebhookVerificationError:
        return "rejected"
    except errors.WebhookPayloadError as error:  # authentic, but no event: answer 2xx, look at it later
        return f"unreadable {error.event}: {error.body!r}"
    # Exhaustive under mypy --strict: a status this version does not know is its own model, not a dict
    # and not the "failed" branch.
    if isinstance(event, models.CompletedOrderWebhook):
        return f"completed {event.id} for {event.total_price}"
    elif isinstance(event, models.FailedOrderWebhook):
        return f"failed {event.id}"
    elif isinstance(event, models.UnknownOrderCompletionPayload):
        return f"unknown {event.raw!r}"  # logged as a deviation; park it for a human
    else:
        assert_never(event)


def order_state(
    order: models.CompletedOrderWithFullDetails | models.IncompleteOrder | models.UnknownGetSingleOrderResponse,
) -> str:
    if isinstance(order, models.CompletedOrderWithFullDetails):
        return f"{type(order).__name__} {order.total_price}"
    elif isinstance(order, models.IncompleteOrder):
        return type(order).__name__
    elif isinstance(order, models.UnknownGetSingleOrderResponse):
        return f"unknown {order.raw!r}"
    else:
        assert_never(order)


def on_product_update(payload: bytes) -> str:
    update = webhooks.parse_product_update(payload)
    assert_type(update, models.ProductUpdateWebhook)
    return update.product_code


def main(base_url: str, api_key: str) -> list[str]:
    with RunaClient(api_key, base_url=base_url, max_retries=0) as client:
        seen = use_sync(client)

    async def run_async() -> list[str]:
        async with AsyncRunaClient(api_key, base_url=base_url, max_retries=0) as client:
            return await use_async(client)

    return [API_VERSION, *seen, *asyncio.run(run_async())]


if __name__ == "__main__":
    print("\n".join(main(sys.argv[1], sys.argv[2])))
