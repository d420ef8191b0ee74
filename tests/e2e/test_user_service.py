"""The test suite of a team that vendors the client (user_service.py), written only against
`runa_2024_02_05.testing.FakeRuna`: no network, no Prism, no mock library, sync and async."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from ..packages import GeneratedPackage

pytestmark = [pytest.mark.slow, pytest.mark.timeout(60)]


@pytest.fixture
def runa(packages: dict[str, GeneratedPackage]) -> Any:
    """The package the team's service imports (the e2e fixture generated it and put it on sys.path)."""
    source = (Path(__file__).parent / "user_service.py").read_text(encoding="utf-8")
    (package,) = [p for p in packages.values() if f"from {p.name} import" in source]
    return package


def test_a_reward_is_ordered_completed_and_its_webhook_handled(runa: GeneratedPackage) -> None:
    from runa_2024_02_05 import RunaClient
    from runa_2024_02_05.testing import FakeRuna

    from . import user_service

    fake = FakeRuna()
    client = RunaClient(api_key="test", http_client=fake.http_client())
    order_id = user_service.send_reward(client, "ada@example.com", Decimal("25"), reference="ref-1")
    polls: list[float] = []

    def sleep(seconds: float) -> None:  # the order completes while the service waits
        polls.append(seconds)
        fake.advance()

    order = user_service.wait_until_completed(client, order_id, sleep=sleep)
    assert order.id == order_id and order.status == "COMPLETED" and polls == [1.0]
    assert order.items[0].distribution_method.email_address == "ada@example.com"
    (delivery,) = fake.deliveries
    assert user_service.handle_order_webhook(delivery.body, delivery.headers, fake.webhook_secret) == (
        f"completed {order_id}"
    )
    assert user_service.handle_order_webhook(delivery.body, delivery.headers, "whsec_" + "QUJD" * 8) == "rejected"
    assert fake.balance("USD") == Decimal("975.00")


def test_a_rate_limited_order_is_retried_with_one_key_and_a_rerun_replays(runa: GeneratedPackage) -> None:
    from runa_2024_02_05 import RunaClient
    from runa_2024_02_05.testing import FakeRuna

    from . import user_service

    fake = FakeRuna()
    client = RunaClient(api_key="test", http_client=fake.http_client(), max_retries=2)
    fake.fail_next("create_order", status=429, retry_after=0)
    first = user_service.send_reward(client, "ada@example.com", Decimal("10"), reference="ref-2")
    again = user_service.send_reward(client, "ada@example.com", Decimal("10"), reference="ref-2")  # a re-run
    assert again == first
    calls = fake.calls_to("create_order")
    assert [c.status for c in calls] == [429, 202, 202]
    assert {c.idempotency_key for c in calls} == {"reward-ref-2"}
    assert len(client.orders.get_list_of_orders().items) == 1  # paid once
    assert fake.balance("USD") == Decimal("990.00")


def test_a_failed_reward_is_reported_by_its_webhook(runa: GeneratedPackage) -> None:
    from runa_2024_02_05 import RunaClient
    from runa_2024_02_05.testing import FakeRuna

    from . import user_service

    fake = FakeRuna()
    client = RunaClient(api_key="test", http_client=fake.http_client())
    order_id = user_service.send_reward(client, "ada@example.com", Decimal("10"), reference="ref-5")
    fake.advance(to="FAILED")
    (delivery,) = fake.deliveries
    assert user_service.handle_order_webhook(delivery.body, delivery.headers, fake.webhook_secret) == (
        f"failed {order_id}"
    )
    with pytest.raises(TimeoutError):
        user_service.wait_until_completed(client, order_id, polls=1, sleep=lambda _: None)


def test_a_reward_that_never_completes_times_out(runa: GeneratedPackage) -> None:
    from runa_2024_02_05 import RunaClient
    from runa_2024_02_05.testing import FakeRuna

    from . import user_service

    fake = FakeRuna()
    client = RunaClient(api_key="test", http_client=fake.http_client())
    order_id = user_service.send_reward(client, "ada@example.com", Decimal("10"), reference="ref-3")
    with pytest.raises(TimeoutError):
        user_service.wait_until_completed(client, order_id, polls=3, sleep=lambda _: None)
    assert len(fake.calls_to("get_single_order")) == 3 and fake.deliveries == []


@pytest.mark.anyio
async def test_the_async_service(runa: GeneratedPackage) -> None:
    from runa_2024_02_05 import AsyncRunaClient
    from runa_2024_02_05.testing import FakeRuna

    from . import user_service

    fake = FakeRuna()
    async with fake.async_http_client() as http:
        client = AsyncRunaClient(api_key="test", http_client=http, max_retries=2)
        fake.fail_next("create_order", status=429, retry_after=0)
        order_id = await user_service.send_reward_async(client, "ada@example.com", Decimal("10"), reference="r-4")
        assert await user_service.send_reward_async(client, "ada@example.com", Decimal("10"), reference="r-4") == (
            order_id
        )

        async def sleep(seconds: float) -> None:
            fake.advance()

        order = await user_service.wait_until_completed_async(client, order_id, sleep=sleep)
    assert order.status == "COMPLETED"
    assert [c.status for c in fake.calls_to("create_order")] == [429, 202, 202]
    (delivery,) = fake.deliveries
    assert user_service.handle_order_webhook(delivery.body, delivery.headers, fake.webhook_secret) == (
        f"completed {order_id}"
    )
