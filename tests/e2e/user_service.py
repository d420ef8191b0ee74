"""A payments team's service code, written against the vendored runa_2024_02_05 client: send a gift
card reward (one idempotency key per business reference, so a re-run of the job cannot pay twice),
wait for the order to complete, and handle Runa's `order.completion` webhook.

`test_user_service.py` is that team's test suite: it tests this module only through
`runa_2024_02_05.testing.FakeRuna`, sync and async, with no network, Prism or mock library.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping
from decimal import Decimal

from runa_2024_02_05 import AsyncRunaClient, RunaClient, errors, models, webhooks


def reward_order(email: str, amount: Decimal, product_code: str = "AMZ-US") -> models.NewOrderDetails:
    return models.NewOrderDetails(
        payment_method=models.NewAccountPayment(currency="USD"),
        items=[
            models.NewOrderItemDetails(
                face_value=amount,  # money is Decimal on the wire too: no float in between
                distribution_method=models.EmailDistribution(email_address=email),
                products=models.SingleProductWithUsageConfig(value=product_code),
            )
        ],
        description="Referral reward",
    )


def send_reward(client: RunaClient, email: str, amount: Decimal, *, reference: str) -> str:
    """Order the reward (async mode) and return the order id; the same `reference` never orders twice."""
    accepted = client.orders.create_order(
        body=reward_order(email, amount), execution_mode="async", idempotency_key=f"reward-{reference}"
    )
    return accepted.id


def wait_until_completed(
    client: RunaClient, order_id: str, *, polls: int = 5, sleep: Callable[[float], None] = time.sleep
) -> models.CompletedOrderWithFullDetails:
    """Poll the order until it is COMPLETED; TimeoutError after `polls` polls."""
    for _ in range(polls):
        order = client.orders.get_single_order(id=order_id)
        if isinstance(order, models.CompletedOrderWithFullDetails) and order.status == "COMPLETED":
            return order
        sleep(1.0)
    raise TimeoutError(f"order {order_id} did not complete")


async def send_reward_async(client: AsyncRunaClient, email: str, amount: Decimal, *, reference: str) -> str:
    accepted = await client.orders.create_order(
        body=reward_order(email, amount), execution_mode="async", idempotency_key=f"reward-{reference}"
    )
    return accepted.id


async def wait_until_completed_async(
    client: AsyncRunaClient,
    order_id: str,
    *,
    polls: int = 5,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> models.CompletedOrderWithFullDetails:
    for _ in range(polls):
        order = await client.orders.get_single_order(id=order_id)
        if isinstance(order, models.CompletedOrderWithFullDetails) and order.status == "COMPLETED":
            return order
        await sleep(1.0)
    raise TimeoutError(f"order {order_id} did not complete")


def handle_order_webhook(body: bytes, headers: Mapping[str, str], secret: str) -> str:
    """What the webhook endpoint answers: "completed <id>", "failed <id>", "unknown" (a newer status), or
    "rejected" (bad signature)."""
    try:
        event = webhooks.verify_and_parse_order_completion(body, headers, secret)
    except errors.WebhookVerificationError:
        return "rejected"
    if isinstance(event, models.CompletedOrderWebhook):
        return f"completed {event.id}"
    if isinstance(event, models.FailedOrderWebhook):
        return f"failed {event.id}"
    return "unknown"  # a status this version does not know: its own model (logged as a deviation)
