"""Every call is bounded (issue #18): `timeout` is a deadline for each whole attempt, `total_timeout`
for the call; cancelled calls leave the client usable; every failure is one of the package's errors;
the idempotency key of a call is knowable before it can be cancelled.

Time bounds here are behaviour bounds with wide margins (the bugs they catch take 17 s or forever,
the assertions allow 5 s), not speed targets, and no test retries anything to hide a race.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest

from ..packages import GeneratedPackage
from ..scripted_server import ScriptedServer, Step
from ..support import HAND_CHECKED
from .calls import NEW_ORDER
from .cancellation_run import keepalive_server, one_run
from .conftest import API_KEY

pytestmark = [pytest.mark.slow, pytest.mark.timeout(120)]

VERSION = HAND_CHECKED[1].version  # the version whose operations and models these tests name
PONG = {"message": "pong"}
BOUND = 5.0  # seconds; what each bounded failure below must take less than


@pytest.fixture
def module(packages: dict[str, GeneratedPackage]) -> Any:
    return packages[VERSION].module


def timed_call(module: Any, mode: str, base_url: str, call: str = "ping", **options: Any) -> tuple[Any, float]:
    """(the exception raised, seconds taken) of `client.utility.ping()` (or `create_order`)."""
    started = time.monotonic()
    if mode == "sync":
        with module.RunaClient(API_KEY, base_url=base_url, **options) as client:
            try:
                _invoke(client, call)
            except Exception as error:  # noqa: BLE001 - the test looks at what it is
                return error, time.monotonic() - started
        return None, time.monotonic() - started

    async def main() -> Any:
        async with module.AsyncRunaClient(API_KEY, base_url=base_url, **options) as client:
            try:
                await _invoke(client, call)
            except Exception as error:  # noqa: BLE001 - the test looks at what it is
                return error
        return None

    error = asyncio.run(main())
    return error, time.monotonic() - started


def _invoke(client: Any, call: str) -> Any:
    if call == "ping":
        return client.utility.ping()
    return client.orders.create_order(body=NEW_ORDER, execution_mode="sync")


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_dripping_answer_ends_at_the_attempt_deadline(module: Any, servers: list[ScriptedServer], mode: str) -> None:
    """One byte every 0.9 s: each read is quick, the attempt is not. Without a per-attempt deadline
    this call takes the whole answer's length times 0.9 s (minutes); with it, about 1 s."""
    server = ScriptedServer(Step(200, PONG, drip=0.9))
    servers.append(server)
    error, seconds = timed_call(module, mode, server.url, timeout=1.0, max_retries=0)
    print(f"\nDRIP | {mode} | {type(error).__name__} after {seconds:.2f} s")
    assert type(error) is module.errors.APITimeoutError
    assert error.attempts == 1 and len(server.received) == 1
    assert 0.9 <= seconds < BOUND


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_total_timeout_bounds_every_attempt_and_wait(module: Any, servers: list[ScriptedServer], mode: str) -> None:
    """A GET retried after timeouts: 6 attempts of 1 s and their waits would take ~13 s; the call
    may take 2 s in all."""
    server = ScriptedServer(Step(200, PONG, delay=30.0))
    servers.append(server)
    error, seconds = timed_call(module, mode, server.url, timeout=1.0, max_retries=5, total_timeout=2.0)
    print(f"\nTOTAL | {mode} | {type(error).__name__} after {seconds:.2f} s, {error.attempts} attempts")
    assert type(error) is module.errors.APITimeoutError
    assert 1 <= error.attempts <= 2 and len(server.wait_for(error.attempts)) == error.attempts
    assert 1.9 <= seconds < BOUND


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_closed_client_raises_the_package_error(module: Any, mode: str) -> None:
    if mode == "sync":
        client = module.RunaClient(API_KEY, base_url="http://127.0.0.1:9/v2")
        client.close()
        with pytest.raises(module.errors.ClientClosedError) as caught:
            client.utility.ping()
    else:

        async def main() -> None:
            client = module.AsyncRunaClient(API_KEY, base_url="http://127.0.0.1:9/v2")
            await client.close()
            await client.utility.ping()

        with pytest.raises(module.errors.ClientClosedError) as caught:
            asyncio.run(main())
    assert isinstance(caught.value, module.errors.ClientError) and "the client is closed" in str(caught.value)


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_full_pool_is_a_package_error(module: Any, servers: list[ScriptedServer], mode: str) -> None:
    """Two calls through an http_client with one connection: the second waits for the pool and
    times out (httpx's PoolTimeout) as an `APITimeoutError`."""
    import httpx

    server = ScriptedServer(Step(200, PONG, delay=2.0))
    servers.append(server)
    limits = httpx.Limits(max_connections=1)
    timeout = httpx.Timeout(5.0, pool=0.3)
    if mode == "sync":
        import threading

        with httpx.Client(limits=limits, timeout=timeout) as http:
            client = module.RunaClient(API_KEY, base_url=server.url, http_client=http, max_retries=0)
            first = threading.Thread(target=client.utility.ping)
            first.start()
            while not server.received:
                time.sleep(0.01)
            with pytest.raises(module.errors.APITimeoutError) as caught:
                client.utility.ping()
            first.join()
    else:

        async def main() -> None:
            async with httpx.AsyncClient(limits=limits, timeout=timeout) as http:
                client = module.AsyncRunaClient(API_KEY, base_url=server.url, http_client=http, max_retries=0)
                first = asyncio.create_task(client.utility.ping())
                while not server.received:
                    await asyncio.sleep(0.01)
                try:
                    await client.utility.ping()
                finally:
                    await first

        with pytest.raises(module.errors.APITimeoutError) as caught:
            asyncio.run(main())
    assert "PoolTimeout" in str(caught.value)


@pytest.mark.slow
@pytest.mark.xdist_group("cancellation")
@pytest.mark.parametrize("run", range(3))
def test_cancelled_calls_leave_the_client_usable(module: Any, run: int) -> None:
    """The reproduction of issue #18 (see cancellation_run.py), three times: each run ends with
    three normal calls that must succeed within 3 s."""
    with keepalive_server() as base_url:
        result = asyncio.run(one_run(module, base_url))
    print(
        f"\nCANCELLATION | run {run} | cancelled={result.cancelled} final={result.final_seconds:.2f}s pool={result.pool}"
    )
    assert result.cancelled > 0
    assert not result.wedged, result.final_error


def test_a_cancelled_keyed_call_names_its_key(module: Any, servers: list[ScriptedServer]) -> None:
    """The key a cancelled call may have been sent with is on the cancellation; passing a key made
    with `new_idempotency_key()` makes it known before the call starts."""
    server = ScriptedServer(Step(200, {}, delay=5.0))
    servers.append(server)
    key = module.new_idempotency_key()

    async def main() -> list[BaseException]:
        async with module.AsyncRunaClient(API_KEY, base_url=server.url) as client:
            calls = [
                client.orders.create_order(body=NEW_ORDER, execution_mode="sync"),
                client.orders.create_order(body=NEW_ORDER, execution_mode="sync", idempotency_key=key),
            ]
            tasks = [asyncio.create_task(call) for call in calls]
            while len(server.received) < 2:
                await asyncio.sleep(0.01)
            for task in tasks:
                task.cancel()
            outcomes: list[BaseException] = []
            for task in tasks:  # awaited one by one: gather would replace each CancelledError by a new one
                try:
                    await task
                except asyncio.CancelledError as cancelled:
                    outcomes.append(cancelled)
            return outcomes

    generated, given = asyncio.run(main())
    sent = {r.headers["x-idempotency-key"] for r in server.received}
    assert isinstance(generated, asyncio.CancelledError) and isinstance(given, asyncio.CancelledError)
    assert key in sent and len(sent) == 2
    assert any(k in "".join(generated.__notes__) for k in sent - {key})
    assert key in "".join(given.__notes__)
