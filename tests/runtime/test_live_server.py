"""The sync and async clients against a real HTTP/1.1 server on 127.0.0.1 (stdlib `http.server` in a thread)."""

from __future__ import annotations

import json
import time

import httpx
import pytest

from ..scripted_server import Step
from .conftest import API_KEY

ORDER = {"id": "o1", "status": "COMPLETED"}
NEW_ORDER = {"payment_method": "CARD", "face_value": "5", "productCode": "X"}


@pytest.fixture
def live_client(pkg):
    clients = []

    def make(server, **kwargs):
        client = pkg.client.RunaClient(API_KEY, base_url=server.url, **kwargs)
        client.sleeps = []
        client._sleep = client.sleeps.append
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


def test_dropped_connection_then_success(scripted_server, live_client):
    server = scripted_server(Step(drop=True), Step(200, ORDER))
    client = live_client(server)
    raw = client.orders.with_raw_response.create_order(body=NEW_ORDER)
    assert raw.parse().id == "o1"
    assert raw.attempts == 2
    assert [r.method for r in server.received] == ["POST", "POST"]
    assert (
        server.received[0].headers["x-idempotency-key"]
        == server.received[1].headers["x-idempotency-key"]
        == raw.idempotency_key
    )
    assert json.loads(server.received[1].body) == NEW_ORDER
    assert server.received[0].headers["x-api-key"] == API_KEY


def test_slow_response_beyond_timeout(scripted_server, live_client, pkg):
    server = scripted_server(Step(200, ORDER, delay=5.0))
    # Only the wait for the answer is short: a loaded machine may take longer than 50 ms to connect,
    # and an attempt that never connects is never received.
    client = live_client(server, timeout=httpx.Timeout(10.0, read=0.05), max_retries=1)
    started = time.monotonic()
    with pytest.raises(pkg.errors.APITimeoutError) as caught:
        client.orders.get_single_order(id="o1")
    # Not a speed test: waiting for the answer would take the server's 5 s (a loaded machine took
    # more than 0.4 s with a 0.5 s delay and this bound at 0.4).
    assert time.monotonic() - started < 5.0
    assert caught.value.attempts == 2
    assert len(server.wait_for(2)) == 2  # both attempts were sent (the server may read the second late)


def test_per_call_timeout(scripted_server, live_client, pkg):
    server = scripted_server(Step(200, ORDER, delay=0.3))
    client = live_client(server, max_retries=0)
    with pytest.raises(pkg.errors.APITimeoutError):
        client.orders.get_single_order(id="o1", timeout=0.05)


def test_rate_limited_with_retry_after_then_success(scripted_server, live_client):
    server = scripted_server(Step(429, {"type": "rate_limit_exceeded"}, {"Retry-After": "7"}), Step(200, ORDER))
    client = live_client(server)
    assert client.orders.create_order(body=NEW_ORDER).id == "o1"
    assert client.sleeps == [7.0]
    assert len(server.received) == 2


def test_server_error_then_success(scripted_server, live_client):
    server = scripted_server(Step(500, {"type": "internal_server_error"}), Step(200, ORDER))
    client = live_client(server)
    raw = client.orders.with_raw_response.create_order(body=NEW_ORDER)
    assert raw.attempts == 2
    assert len({r.headers["x-idempotency-key"] for r in server.received}) == 1


def test_idempotency_in_progress_then_success(scripted_server, live_client):
    server = scripted_server(Step(400, {"type": "idempotency_in_progress", "message": "processing"}), Step(200, ORDER))
    client = live_client(server)
    assert client.orders.create_order(body=NEW_ORDER, idempotency_key="abc").id == "o1"
    assert [r.headers["x-idempotency-key"] for r in server.received] == ["abc", "abc"]


def test_other_bad_request_is_not_retried(scripted_server, live_client, pkg):
    server = scripted_server(
        Step(400, {"type": "insufficient_funds", "message": "Top up"}, {"X-Request-Id": "req-9"}), Step(200, ORDER)
    )
    client = live_client(server)
    with pytest.raises(pkg.errors.BadRequestError) as caught:
        client.orders.create_order(body=NEW_ORDER)
    assert len(server.received) == 1
    assert caught.value.type == "insufficient_funds"
    assert caught.value.request_id == "req-9"
    assert isinstance(caught.value.body, pkg.models.Error)


def test_connection_refused(pkg):
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    client = pkg.client.RunaClient(API_KEY, base_url=f"http://127.0.0.1:{port}", max_retries=1)
    client._sleep = lambda seconds: None
    with pytest.raises(pkg.errors.APIConnectionError) as caught:
        client.request(pkg.client._GET_BALANCE)
    assert caught.value.attempts == 2
    assert API_KEY not in str(caught.value)


@pytest.mark.anyio
async def test_async_dropped_connection_then_success(scripted_server, pkg):
    server = scripted_server(Step(drop=True), Step(200, ORDER))
    async with pkg.client.AsyncRunaClient(API_KEY, base_url=server.url) as client:
        client._sleep = _no_sleep
        assert (await client.orders.create_order(body=NEW_ORDER)).id == "o1"
    assert len(server.received) == 2
    assert server.received[0].headers["x-idempotency-key"] == server.received[1].headers["x-idempotency-key"]


@pytest.mark.anyio
async def test_async_slow_response_beyond_timeout(scripted_server, pkg):
    server = scripted_server(Step(200, ORDER, delay=0.5))
    async with pkg.client.AsyncRunaClient(API_KEY, base_url=server.url, timeout=0.05, max_retries=0) as client:
        with pytest.raises(pkg.errors.APITimeoutError) as caught:
            await client.orders.get_single_order(id="o1")
    assert caught.value.attempts == 1


async def _no_sleep(seconds: float) -> None:
    pass
