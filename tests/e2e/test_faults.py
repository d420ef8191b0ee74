"""Faults Prism cannot produce, through the generated Runa client (HAND_CHECKED's second version), sync and async.

A scripted stdlib server on 127.0.0.1 drops connections, answers late, rate-limits, fails and
says "still processing". Each test asserts the exact number of HTTP attempts, the waits the client
chose (its `_sleep` is replaced by a recorder) and that every attempt of `create_order` carried one
idempotency key, the key the caller can see on the raw response or on the exception.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from ..packages import GeneratedPackage
from ..scripted_server import ScriptedServer, Step
from ..support import HAND_CHECKED
from .calls import NEW_ORDER
from .conftest import API_KEY

# A hang guard only (a hung retry loop): generous, since the session fixture may generate the packages first.
pytestmark = [pytest.mark.slow, pytest.mark.timeout(120)]

VERSION = HAND_CHECKED[1].version  # the version whose operations and models these tests name
COMPLETED = {
    "id": "O-01H5WQGHKCBB85MQFM68S9KJ5Q",
    "status": "COMPLETED",
    "created_at": "2024-08-24T14:15:22Z",
    "completed_at": "2024-08-24T14:15:23Z",
    "payment_method": {"type": "ACCOUNT_BALANCE", "currency": "USD"},
    "currency": "USD",
    "total_price": "10",
    "total_discount": "0",
    "items": [],
}
IN_PROGRESS = {"type": "idempotency_in_progress", "message": "The original request is still being processed."}
MODES = ["sync", "async"]


@dataclass
class Outcome:
    """What one call did: its raw response or error, the client's waits and what the server saw."""

    raw: Any
    error: Any
    sleeps: list[float]
    server: ScriptedServer
    seconds: float
    attempts: int = field(init=False)
    key: str | None = field(init=False)

    def __post_init__(self) -> None:
        source = self.raw if self.raw is not None else self.error
        self.attempts = source.attempts
        self.key = source.idempotency_key

    def one_key_for_all_attempts(self) -> bool:
        # an attempt the client timed out on may be read by the server after the client gave up
        received = self.server.wait_for(self.attempts)
        return len(received) == self.attempts and set(self.server.keys()) == {self.key}


@pytest.fixture
def call(
    packages: dict[str, GeneratedPackage],
    scripted_server: Callable[..., ScriptedServer],
    request: pytest.FixtureRequest,
) -> Any:
    """`call(mode, steps, operation="orders.create_order", **kwargs)` through RunaClient or AsyncRunaClient."""
    module = packages[VERSION].module

    def run(
        mode: str,
        steps: list[Step],
        operation: str = "orders.create_order",
        client_options: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> Outcome:
        server = scripted_server(*steps)
        options = {"api_key": API_KEY, "base_url": server.url, **(client_options or {})}
        resource, name = operation.split(".")
        if name == "create_order":
            kwargs.setdefault("body", NEW_ORDER)
            kwargs.setdefault("execution_mode", "sync")
        sleeps: list[float] = []
        raw = error = None
        started = time.monotonic()
        if mode == "sync":
            with module.RunaClient(**options) as client:
                client._sleep = sleeps.append
                try:
                    raw = getattr(getattr(client, resource).with_raw_response, name)(**kwargs)
                except module.errors.APIError as caught:
                    error = caught
        else:

            async def record(seconds: float) -> None:
                sleeps.append(seconds)

            async def main() -> Any:
                async with module.AsyncRunaClient(**options) as client:
                    client._sleep = record
                    return await getattr(getattr(client, resource).with_raw_response, name)(**kwargs)

            try:
                raw = asyncio.run(main())
            except module.errors.APIError as caught:
                error = caught
        outcome = Outcome(raw, error, sleeps, server, time.monotonic() - started)
        scenario = request.node.originalname.removeprefix("test_")
        print(
            f"\nFAULT | {scenario} | {mode} | {name} | attempts={outcome.attempts} requests={len(server.received)} keys={len(set(server.keys()))} sleeps={[round(s, 3) for s in sleeps]} -> {raw.status_code if raw else type(error).__name__}"
        )
        return outcome

    return run


@pytest.mark.parametrize("mode", MODES)
def test_dropped_connection_then_success(call: Any, mode: str, packages: dict[str, GeneratedPackage]) -> None:
    outcome = call(mode, [Step(drop=True), Step(200, COMPLETED)])
    assert outcome.raw.status_code == 200 and outcome.attempts == 2
    assert outcome.one_key_for_all_attempts()
    assert isinstance(outcome.raw.parse(), packages[VERSION].module.models.SyncCompletedOrder)
    assert outcome.server.received[0].body == outcome.server.received[1].body  # the same bytes again
    assert len(outcome.sleeps) == 1 and 0.375 <= outcome.sleeps[0] <= 0.5


@pytest.mark.parametrize("mode", MODES)
def test_slow_response_beyond_timeout(call: Any, mode: str, packages: dict[str, GeneratedPackage]) -> None:
    outcome = call(mode, [Step(200, COMPLETED, delay=5.0)], client_options={"timeout": 0.2})
    assert type(outcome.error) is packages[VERSION].module.errors.APITimeoutError
    assert outcome.attempts == 3 and outcome.one_key_for_all_attempts()
    assert outcome.key in str(outcome.error) and API_KEY not in str(outcome.error)
    # Three 0.2 s timeouts, waits recorded not slept; not a speed test: waiting for an answer takes 5 s.
    assert outcome.seconds < 5.0


@pytest.mark.parametrize("mode", MODES)
def test_per_call_timeout(call: Any, mode: str, packages: dict[str, GeneratedPackage]) -> None:
    outcome = call(
        mode,
        [Step(200, {"message": "pong"}, delay=1.0)],
        operation="utility.ping",
        client_options={"max_retries": 0},
        timeout=0.1,
    )
    assert type(outcome.error) is packages[VERSION].module.errors.APITimeoutError
    assert outcome.attempts == 1 and outcome.key is None


@pytest.mark.parametrize("mode", MODES)
def test_rate_limited_with_retry_after_then_success(call: Any, mode: str) -> None:
    outcome = call(mode, [Step(429, {"error": "rate exceeded"}, {"Retry-After": "3"}), Step(200, COMPLETED)])
    assert outcome.raw.status_code == 200 and outcome.attempts == 2
    assert outcome.sleeps == [3.0]
    assert outcome.one_key_for_all_attempts()


@pytest.mark.parametrize("mode", MODES)
def test_rate_limited_without_retry_after_waits_at_least_5_seconds(call: Any, mode: str) -> None:
    outcome = call(
        mode, [Step(429, {"error": "rate exceeded"}), Step(429, {"error": "rate exceeded"}), Step(200, COMPLETED)]
    )
    assert outcome.raw.status_code == 200 and outcome.attempts == 3
    assert outcome.sleeps == [5.0, 5.0]  # rate_limit_min_wait in specs/options/generator.yaml
    assert outcome.one_key_for_all_attempts()


@pytest.mark.parametrize("mode", MODES)
def test_server_error_then_success(call: Any, mode: str) -> None:
    outcome = call(mode, [Step(500, {"type": "internal_server_error", "message": "Oops"}), Step(200, COMPLETED)])
    assert outcome.raw.status_code == 200 and outcome.attempts == 2
    assert outcome.one_key_for_all_attempts()
    assert 0.375 <= outcome.sleeps[0] <= 0.5


@pytest.mark.parametrize("mode", MODES)
def test_server_errors_until_retries_run_out(call: Any, mode: str, packages: dict[str, GeneratedPackage]) -> None:
    outcome = call(mode, [Step(502, {"type": "internal_server_error", "message": "Bad gateway"})])
    error = outcome.error
    assert type(error) is packages[VERSION].module.errors.InternalServerError
    assert error.status_code == 502 and outcome.attempts == 3 and outcome.one_key_for_all_attempts()
    assert error.type == "internal_server_error" and outcome.key in str(error)
    assert len(outcome.sleeps) == 2 and 0.375 <= outcome.sleeps[0] <= 0.5 and 0.75 <= outcome.sleeps[1] <= 1.0


@pytest.mark.parametrize("mode", MODES)
def test_idempotency_in_progress_then_success(call: Any, mode: str) -> None:
    outcome = call(mode, [Step(400, IN_PROGRESS), Step(200, COMPLETED)])
    assert outcome.raw.status_code == 200 and outcome.attempts == 2
    assert outcome.one_key_for_all_attempts()
    assert outcome.sleeps == [2.0]  # retry_error_min_wait in specs/options/generator.yaml


@pytest.mark.parametrize("mode", MODES)
def test_idempotency_in_progress_outlasting_the_retries(
    call: Any, mode: str, packages: dict[str, GeneratedPackage]
) -> None:
    outcome = call(mode, [Step(400, IN_PROGRESS)], idempotency_key="order-42")
    error = outcome.error
    assert type(error) is packages[VERSION].module.errors.BadRequestError
    assert error.type == "idempotency_in_progress" and outcome.attempts == 3
    assert outcome.key == "order-42" and outcome.server.keys() == ["order-42"] * 3  # the caller's key wins
    assert "order-42" in str(error)


@pytest.mark.parametrize("mode", MODES)
def test_idempotency_validation_error_is_final(call: Any, mode: str, packages: dict[str, GeneratedPackage]) -> None:
    body = {"type": "idempotency_validation_error", "message": "The key was used with another body."}
    outcome = call(mode, [Step(400, body), Step(200, COMPLETED)])
    assert type(outcome.error) is packages[VERSION].module.errors.BadRequestError
    assert outcome.error.type == "idempotency_validation_error"
    assert isinstance(outcome.error.body, packages[VERSION].module.models.APIErrorResponse)
    assert outcome.attempts == 1 and len(outcome.server.received) == 1 and outcome.sleeps == []


@pytest.mark.parametrize("mode", MODES)
def test_interim_102_then_the_answer(call: Any, mode: str) -> None:
    outcome = call(mode, [Step(200, COMPLETED, delay=0.1, interim=(102,))])
    assert outcome.raw.status_code == 200 and outcome.attempts == 1 and outcome.sleeps == []


@pytest.mark.parametrize("mode", MODES)
def test_interim_102_then_silence_does_not_hang(call: Any, mode: str) -> None:
    outcome = call(
        mode, [Step(200, COMPLETED, delay=5.0, interim=(102,)), Step(200, COMPLETED)], client_options={"timeout": 0.3}
    )
    assert outcome.raw.status_code == 200 and outcome.attempts == 2
    assert outcome.one_key_for_all_attempts()
    assert outcome.seconds < 5.0  # the first attempt gave up at its timeout, not after the server's 5 s


@pytest.mark.parametrize("mode", MODES)
def test_each_call_gets_its_own_key(call: Any, mode: str) -> None:
    first = call(mode, [Step(200, COMPLETED)])
    second = call(mode, [Step(200, COMPLETED)])
    assert first.key and second.key and first.key != second.key


def test_api_version_mismatch_warns_once(
    packages: dict[str, GeneratedPackage], scripted_server: Callable[..., ScriptedServer]
) -> None:
    module = packages[VERSION].module
    server = scripted_server(Step(200, {"message": "pong"}, {"X-Api-Version": "2025-01-01"}))
    with module.RunaClient(API_KEY, base_url=server.url) as client:
        with pytest.warns(UserWarning, match="2025-01-01") as caught:
            client.utility.ping()
            client.utility.ping()
    assert len(caught) == 1 and caught[0].filename == __file__
    assert [r.headers["x-api-version"] for r in server.received] == [VERSION, VERSION]
