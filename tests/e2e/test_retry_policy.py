"""The retry policy as a table (issue #17): for each kind of request and each kind of failure, how
many times the server executed (acted on) the request and which exception the call raised, sync and async,
against the scripted server.

The runtime of the generated Runa package calls endpoints declared here like the generated methods
do: the policy depends only on what an `Endpoint` says (method, idempotency key, documented free of
side effects), so one table covers every API. The failure repeats on every attempt, so a retried
request is retried until `max_retries` (2) runs out: three executions where the server acted each
time. Waits are recorded, not slept. The invariant the table exists for: no request that is unsafe
to repeat is executed twice.
"""

from __future__ import annotations

import asyncio
import socket
from typing import Any

import pytest

from ..packages import GeneratedPackage
from ..scripted_server import ScriptedServer, Step
from ..support import HAND_CHECKED
from .calls import NEW_ORDER
from .conftest import API_KEY

pytestmark = [pytest.mark.slow, pytest.mark.timeout(60)]

VERSION = HAND_CHECKED[1].version  # the version whose operations and models these tests name
ESTIMATE_2024: dict[str, Any] = {
    "payment_method": {"type": "ACCOUNT_BALANCE", "currency": "USD"},
    "items": [{"face_value": 25, "products": {"type": "MULTIPLE", "values": ["AMZ-US", "AIRBNB-US"]}}],
}
LATE = 2.0  # the "read timeout" row: the server acts at once, then answers after 2 s ...
TIMEOUT = 0.5  # ... the client waits 0.5 s; other rows allow 30 s (a loaded machine never times out)
BIG_BODY = b"x" * (
    32 * 1024 * 1024
)  # far more than the server buffers (RECEIVE_BUFFER) and the client: the reset comes mid-write

# (name, method, idempotency header, documented free of side effects)
REQUESTS = {
    "GET": ("GET", None, False),
    "PUT": ("PUT", None, False),
    "DELETE": ("DELETE", None, False),
    "POST side-effect free": ("POST", None, True),
    "POST + key": ("POST", "Idempotency-Key", False),
    "POST": ("POST", None, False),
    "PATCH": ("PATCH", None, False),
}
UNSAFE = {"POST", "PATCH"}
# The failure, and whether the server acted on a request it answered so (a 429 or a 503 with
# Retry-After says it did not; a 500 or a late answer may come after the work was done).
FAILURES: dict[str, tuple[Step | None, bool]] = {
    "connect refused": (None, False),
    "reset before written": (Step(reset=True), False),
    "read timeout after acting": (Step(200, {}, delay=LATE), True),
    "500": (Step(500, {"type": "internal_server_error"}), True),
    "503 + Retry-After": (Step(503, {"type": "unavailable"}, {"Retry-After": "1"}), False),
    "429": (Step(429, {"type": "rate_limited"}), False),
}


def expected(request: str, failure: str) -> tuple[int, str, int]:
    """(executions by the server, exception class, attempts): the policy, written out."""
    if failure in ("connect refused", "reset before written"):
        return 0, "APIConnectionError", 3  # never processed: retried whatever the method
    if failure == "503 + Retry-After":
        return 0, "InternalServerError", 3  # the server says it did nothing: retried whatever the method
    if failure == "429":
        return 0, "RateLimitError", 3
    attempts = 1 if request in UNSAFE else 3
    return attempts, {"500": "InternalServerError"}.get(failure, "APITimeoutError"), attempts


@pytest.fixture
def refused_url() -> str:
    """A loopback URL where nothing listens (the port was just free)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/v2"


def run_call(
    module: Any, mode: str, base_url: str, endpoint: Any, body: bytes | None, timeout: float
) -> tuple[Any, list[float]]:
    """The exception of one call (None if it succeeded) and the waits the client chose."""
    sleeps: list[float] = []
    options = {"api_key": API_KEY, "base_url": base_url, "timeout": timeout}
    if mode == "sync":
        with module.RunaClient(**options) as client:
            client._sleep = sleeps.append
            try:
                client.request_raw(endpoint, body=body)
            except module.errors.APIError as error:
                return error, sleeps
        return None, sleeps

    async def main() -> Any:
        async def record(seconds: float) -> None:
            sleeps.append(seconds)

        async with module.AsyncRunaClient(**options) as client:
            client._sleep = record
            try:
                await client.request_raw(endpoint, body=body)
            except module.errors.APIError as error:
                return error
        return None

    return asyncio.run(main()), sleeps


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize("failure", list(FAILURES))
@pytest.mark.parametrize("request_kind", list(REQUESTS))
def test_retry_policy_table(
    packages: dict[str, GeneratedPackage],
    servers: list[ScriptedServer],
    refused_url: str,
    request_kind: str,
    failure: str,
    mode: str,
) -> None:
    module = packages[VERSION].module
    base = module._base_client
    method, key_header, side_effect_free = REQUESTS[request_kind]
    has_body = method in ("POST", "PUT", "PATCH")
    endpoint = base.Endpoint(
        operation_id="charge",
        method=method,
        path="/charges",
        responses=(base.ResponseSpec("200", "json", None),),
        body_kind="binary" if has_body else None,
        idempotency_header=key_header,
        idempotent=method in ("GET", "PUT", "DELETE") or side_effect_free,
    )
    step, acts = FAILURES[failure]
    server = None
    if step is not None:
        server = ScriptedServer(step)
        servers.append(server)
    body = (BIG_BODY if step is not None and step.reset else b'{"amount": 10}') if has_body else None
    timeout = TIMEOUT if failure == "read timeout after acting" else 30.0
    error, sleeps = run_call(module, mode, server.url if server else refused_url, endpoint, body, timeout)

    if server is not None and not step.reset and error is not None:
        server.wait_for(error.attempts)  # an attempt the client timed out on may be read late, never lost
    executions = len(server.received) if server and acts else 0
    row = (executions, type(error).__name__, error.attempts if error else 0)
    print(f"\nRETRY POLICY | {mode} | {request_kind} | {failure} | executions={row[0]} -> {row[1]} (attempts {row[2]})")
    assert row == expected(request_kind, failure)
    assert len(sleeps) == row[2] - 1
    if key_header:
        assert server is None or len({r.headers["idempotency-key"] for r in server.received}) <= 1
    if server is not None:
        assert len(server.received) == (0 if step.reset else row[2])  # every attempt reached the server, or none
    if request_kind in UNSAFE:
        assert executions <= 1  # the invariant: never executed twice without a key
        if row[2] == 1:
            assert "may have been processed" in str(error)


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_generated_runa_methods(
    packages: dict[str, GeneratedPackage], servers: list[ScriptedServer], mode: str
) -> None:
    """Through the generated methods: the price estimate (a POST documented free of side effects) is
    retried after a read timeout; `max_retries=` per call and `with_options` change the count."""
    module = packages[VERSION].module
    late = ScriptedServer(Step(200, {}, delay=LATE))
    failing = ScriptedServer(Step(500, {"type": "internal_server_error"}))
    servers += [late, failing]
    order = {**NEW_ORDER}
    errors: list[Any] = []
    if mode == "sync":
        with (
            module.RunaClient(API_KEY, base_url=late.url) as late_client,
            module.RunaClient(API_KEY, base_url=failing.url) as failing_client,
        ):
            late_client._sleep = failing_client._sleep = lambda seconds: None
            for call in (
                lambda: late_client.orders.with_raw_response.estimate_order_price(body=ESTIMATE_2024, timeout=TIMEOUT),
                lambda: failing_client.orders.with_raw_response.create_order(body=order, max_retries=0),
                lambda: failing_client.with_options(max_retries=1).utility.with_raw_response.ping(),
                lambda: failing_client.utility.with_raw_response.ping(),
            ):
                try:
                    call()
                except module.errors.APIError as error:
                    errors.append(error)
    else:

        async def main() -> None:
            async def no_wait(seconds: float) -> None:
                return None

            async with (
                module.AsyncRunaClient(API_KEY, base_url=late.url) as late_client,
                module.AsyncRunaClient(API_KEY, base_url=failing.url) as failing_client,
            ):
                late_client._sleep = failing_client._sleep = no_wait
                for call in (
                    lambda: late_client.orders.with_raw_response.estimate_order_price(
                        body=ESTIMATE_2024, timeout=TIMEOUT
                    ),
                    lambda: failing_client.orders.with_raw_response.create_order(body=order, max_retries=0),
                    lambda: failing_client.with_options(max_retries=1).utility.with_raw_response.ping(),
                    lambda: failing_client.utility.with_raw_response.ping(),
                ):
                    try:
                        await call()
                    except module.errors.APIError as error:
                        errors.append(error)

        asyncio.run(main())
    assert [type(e).__name__ for e in errors] == ["APITimeoutError"] + ["InternalServerError"] * 3
    assert [e.attempts for e in errors] == [3, 1, 2, 3]
    assert len(late.wait_for(3)) == 3 and len(failing.received) == 1 + 2 + 3  # timed-out attempts may be read late
