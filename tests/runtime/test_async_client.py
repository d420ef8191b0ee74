"""AsyncAPIClient: the same behaviour as the sync client, awaited."""

from __future__ import annotations

import httpx
import pydantic
import pytest

from .conftest import API_KEY, json_response

pytestmark = pytest.mark.anyio

ORDER = {"id": "o1", "status": "COMPLETED"}
NEW_ORDER = {"payment_method": "CARD", "face_value": "5", "productCode": "X"}


async def test_request_parses_the_documented_model(make_async_client, pkg):
    client, script = make_async_client(json_response(200, ORDER))
    order = await client.orders.get_single_order(id="a/b")
    assert isinstance(order, pkg.models.Order)
    assert script.requests[0].url.raw_path == b"/v2/order/a%2Fb"
    assert script.requests[0].headers["x-api-key"] == API_KEY
    assert script.requests[0].headers["x-api-version"] == pkg.client.CONFIG.api_version


async def test_retries_with_the_same_key_then_success(make_async_client, pkg):
    client, script = make_async_client(
        httpx.ConnectError("refused"),
        json_response(500, {}),
        json_response(200, ORDER),
    )
    raw = await client.request_raw(pkg.client._CREATE_ORDER, body=NEW_ORDER)
    assert raw.attempts == 3
    assert {r.headers["x-idempotency-key"] for r in script.requests} == {raw.idempotency_key}
    assert len(client.sleeps) == 2


async def test_errors_are_mapped(make_async_client, pkg):
    client, script = make_async_client(json_response(404, {"type": "not_found", "message": "nope"}))
    with pytest.raises(pkg.errors.NotFoundError) as caught:
        await client.orders.get_single_order(id="x")
    assert caught.value.type == "not_found"
    assert isinstance(caught.value.body, pkg.models.Error)
    assert len(script.requests) == 1


async def test_retries_exhausted(make_async_client, pkg):
    client, script = make_async_client(json_response(429, {}, {"Retry-After": "2"}))
    with pytest.raises(pkg.errors.RateLimitError) as caught:
        await client.orders.create_order(body=NEW_ORDER)
    assert caught.value.attempts == 3
    assert client.sleeps == [2.0, 2.0]


async def test_timeout_error(make_async_client, pkg):
    client, _ = make_async_client(httpx.ReadTimeout("slow"), max_retries=0)
    with pytest.raises(pkg.errors.APITimeoutError):
        await client.request(pkg.client._GET_BALANCE)


async def test_invalid_body_raises_before_sending(make_async_client, pkg):
    client, script = make_async_client()
    with pytest.raises(pydantic.ValidationError):
        await client.orders.create_order(body={"payment_method": "CASH"})
    assert script.requests == []


async def test_key_is_not_in_repr(make_async_client):
    client, _ = make_async_client()
    assert API_KEY not in repr(client) and API_KEY not in repr(vars(client))


async def test_owned_http_client_is_closed_and_callers_is_not(pkg):
    async with pkg.client.AsyncRunaClient("k") as mine:
        pass
    assert mine._http.is_closed
    theirs = httpx.AsyncClient()
    async with pkg.client.AsyncRunaClient("k", http_client=theirs):
        pass
    assert not theirs.is_closed
    await theirs.aclose()


async def test_default_sleep_is_asyncio_sleep(pkg):
    import asyncio

    assert pkg.client.AsyncRunaClient("k")._sleep is asyncio.sleep
