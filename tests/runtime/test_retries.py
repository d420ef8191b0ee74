"""The retry loop over a MockTransport: what is retried, how often, how long it waits, with which key."""

from __future__ import annotations

import email.utils
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from .conftest import json_response

ORDER = {"id": "o1", "status": "COMPLETED"}
NEW_ORDER = {"payment_method": "CARD", "face_value": "5", "productCode": "X"}


@pytest.mark.parametrize("status", [408, 409, 429, 500, 502, 503, 504])
def test_transient_statuses_are_retried_then_succeed(make_client, status):
    client, script = make_client(json_response(status, {"type": "x"}), json_response(200, ORDER))
    raw = client.orders.with_raw_response.create_order(body=NEW_ORDER)
    assert raw.status_code == 200
    assert raw.attempts == 2
    assert len(script.requests) == 2
    keys = {r.headers["x-idempotency-key"] for r in script.requests}
    assert keys == {raw.idempotency_key}


def test_retries_are_exhausted_with_exact_attempt_count_and_same_key(make_client, pkg):
    client, script = make_client(json_response(500, {"type": "internal_server_error"}))
    with pytest.raises(pkg.errors.InternalServerError) as caught:
        client.orders.create_order(body=NEW_ORDER)
    assert len(script.requests) == 3  # 1 + max_retries (2)
    assert caught.value.attempts == 3
    keys = {r.headers["x-idempotency-key"] for r in script.requests}
    assert keys == {caught.value.idempotency_key}
    assert caught.value.idempotency_key in str(caught.value)


@pytest.mark.parametrize(("max_retries", "attempts"), [(0, 1), (1, 2), (4, 5)])
def test_max_retries_is_per_client(make_client, pkg, max_retries, attempts):
    client, script = make_client(json_response(503, {}), max_retries=max_retries)
    with pytest.raises(pkg.errors.InternalServerError):
        client.request(pkg.client._GET_BALANCE)
    assert len(script.requests) == attempts
    assert len(client.sleeps) == attempts - 1


@pytest.mark.parametrize("status", [400, 401, 403, 404, 410, 422])
def test_other_client_errors_are_never_retried(make_client, pkg, status):
    client, script = make_client(json_response(status, {"type": "validation_error"}))
    with pytest.raises(pkg.errors.APIStatusError):
        client.orders.create_order(body=NEW_ORDER)
    assert len(script.requests) == 1
    assert client.sleeps == []


@pytest.mark.parametrize("status", [400, 102])
def test_idempotency_in_progress_is_retried_with_the_same_key(make_client, status):
    client, script = make_client(
        json_response(status, {"type": "idempotency_in_progress", "message": "wait"}), json_response(200, ORDER)
    )
    order = client.orders.create_order(body=NEW_ORDER, idempotency_key="key-7")
    assert order.id == "o1"
    assert [r.headers["x-idempotency-key"] for r in script.requests] == ["key-7", "key-7"]


@pytest.mark.parametrize("status", [400, 102])
def test_idempotency_in_progress_waits_the_configured_minimum(make_client, status):
    """Runa's idempotency page: "wait a few seconds" before retrying (retry_error_min_wait: 2.0)."""
    in_progress = json_response(status, {"type": "idempotency_in_progress"})
    client, script = make_client(in_progress, in_progress, json_response(200, ORDER))
    client.orders.create_order(body=NEW_ORDER)
    assert len(script.requests) == 3
    assert len(client.sleeps) == 2 and min(client.sleeps) >= 2.0
    assert max(client.sleeps) <= 2.0  # the backoff (0.5 s, 1 s) stays below the minimum


def test_idempotency_in_progress_honours_retry_after(make_client):
    client, script = make_client(
        json_response(400, {"type": "idempotency_in_progress"}, {"Retry-After": "1"}), json_response(200, ORDER)
    )
    client.orders.create_order(body=NEW_ORDER)
    assert client.sleeps == [1.0]


def test_idempotency_validation_error_is_not_retried(make_client, pkg):
    client, script = make_client(json_response(400, {"type": "idempotency_validation_error"}))
    with pytest.raises(pkg.errors.BadRequestError) as caught:
        client.orders.create_order(body=NEW_ORDER)
    assert caught.value.type == "idempotency_validation_error"
    assert len(script.requests) == 1


def test_informational_status_that_persists_is_an_error(make_client, pkg):
    client, script = make_client(json_response(102, {"type": "idempotency_in_progress"}))
    with pytest.raises(pkg.errors.APIStatusError) as caught:
        client.orders.create_order(body=NEW_ORDER)
    assert type(caught.value) is pkg.errors.APIStatusError
    assert caught.value.type == "idempotency_in_progress"
    assert caught.value.attempts == 3


@pytest.mark.parametrize(
    "error",
    [
        httpx.ConnectError("refused"),
        httpx.ReadError("reset"),
        httpx.WriteError("broken pipe"),
        httpx.RemoteProtocolError("Server disconnected without sending a response."),
        httpx.ConnectTimeout("slow connect"),
        httpx.ReadTimeout("slow read"),
        httpx.WriteTimeout("slow write"),
        httpx.PoolTimeout("pool"),
    ],
)
def test_transport_errors_are_retried(make_client, error):
    client, script = make_client(error, json_response(200, ORDER))
    raw = client.orders.with_raw_response.create_order(body=NEW_ORDER)
    assert raw.attempts == 2
    assert (
        script.requests[0].headers["x-idempotency-key"]
        == script.requests[1].headers["x-idempotency-key"]
        == raw.idempotency_key
    )


def test_connection_errors_after_retries(make_client, pkg):
    client, script = make_client(httpx.ConnectError("refused"))
    with pytest.raises(pkg.errors.APIConnectionError) as caught:
        client.orders.create_order(body=NEW_ORDER)
    error = caught.value
    assert type(error) is pkg.errors.APIConnectionError
    assert error.attempts == 3 and len(script.requests) == 3
    assert error.idempotency_key == script.requests[0].headers["x-idempotency-key"]
    assert isinstance(error.__cause__, httpx.ConnectError)
    assert "POST /v2/order failed after 3 attempt(s)" in str(error)


def test_timeouts_become_api_timeout_errors(make_client, pkg):
    client, script = make_client(httpx.ReadTimeout("slow"), max_retries=1)
    with pytest.raises(pkg.errors.APITimeoutError) as caught:
        client.request(pkg.client._GET_BALANCE)
    assert isinstance(caught.value, pkg.errors.APIConnectionError)
    assert caught.value.attempts == 2


def test_local_protocol_errors_are_not_retried(make_client, pkg):
    client, script = make_client(httpx.LocalProtocolError("bad header"))
    with pytest.raises(pkg.errors.APIConnectionError):
        client.request(pkg.client._GET_BALANCE)
    assert len(script.requests) == 1


def test_exponential_backoff_with_jitter(make_client, pkg):
    client, _ = make_client(json_response(500, {}), max_retries=5)
    with pytest.raises(pkg.errors.InternalServerError):
        client.request(pkg.client._GET_BALANCE)
    expected = [0.5, 1.0, 2.0, 4.0, 8.0]
    assert len(client.sleeps) == 5
    for slept, full in zip(client.sleeps, expected):
        assert 0.75 * full <= slept <= full


def test_backoff_is_capped_at_8_seconds(pkg, make_client):
    client, _ = make_client()
    assert all(pkg.retry._retry_delay(client._config, n, None) <= 8.0 for n in range(30))


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"Retry-After": "3"}, 3.0),
        ({"Retry-After": "0.5"}, 0.5),
        ({"Retry-After": "0"}, 0.0),
        ({"retry-after-ms": "250"}, 0.25),
        ({"retry-after-ms": "250", "Retry-After": "9"}, 0.25),
        ({"Retry-After": "3600"}, 60.0),
    ],
)
def test_retry_after_is_honoured_up_to_60_seconds(make_client, pkg, headers, expected):
    client, _ = make_client(json_response(503, {}, headers), json_response(200, {}))
    client.request(pkg.client._GET_BALANCE)
    assert client.sleeps == [expected]


def test_retry_after_as_http_date(make_client, pkg):
    when = email.utils.format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    client, _ = make_client(json_response(429, {}, {"Retry-After": when}), json_response(200, {}))
    client.request(pkg.client._GET_BALANCE)
    assert 28.0 <= client.sleeps[0] <= 30.0


def test_retry_after_in_the_past_or_garbage(make_client, pkg):
    past = email.utils.format_datetime(datetime.now(UTC) - timedelta(hours=1), usegmt=True)
    client, _ = make_client(
        json_response(503, {}, {"Retry-After": past}),
        json_response(503, {}, {"Retry-After": "soon"}),
        json_response(200, {}),
    )
    client.request(pkg.client._GET_BALANCE)
    assert client.sleeps[0] == 0.0
    assert 0.75 <= client.sleeps[1] <= 1.0  # garbage: ordinary backoff


def test_rate_limit_without_retry_after_waits_the_configured_minimum(make_client, pkg):
    client, _ = make_client(json_response(429, {"type": "rate_limit"}), json_response(200, ORDER))
    client.orders.create_order(body=NEW_ORDER)
    assert client.sleeps == [5.0]


def test_rate_limit_error_after_retries(make_client, pkg):
    client, script = make_client(json_response(429, {"type": "too_many_requests"}, {"Retry-After": "1"}), max_retries=1)
    with pytest.raises(pkg.errors.RateLimitError) as caught:
        client.orders.create_order(body=NEW_ORDER)
    assert caught.value.attempts == 2
    assert client.sleeps == [1.0]


def test_validation_errors_are_not_retried_and_send_nothing(make_client, pkg):
    import pydantic

    client, script = make_client()
    with pytest.raises(pydantic.ValidationError):
        client.orders.create_order(body={"payment_method": "CARD"})
    assert script.requests == []


def test_owned_http_client_is_closed_and_callers_is_not(pkg):
    mine = pkg.client.RunaClient("k")
    with mine:
        pass
    assert mine._http.is_closed
    theirs = httpx.Client()
    with pkg.client.RunaClient("k", http_client=theirs):
        pass
    assert not theirs.is_closed
    theirs.close()


# --- what a request may have done decides whether it is retried (issue #17) ---------------------------


@pytest.fixture
def charge(pkg):
    """POST without an idempotency key: repeating it may charge twice."""
    base = pkg.base
    return base.Endpoint(
        operation_id="createCharge",
        method="POST",
        path="/charges",
        responses=(base.ResponseSpec("200", "json", None),),
        body_kind="json",
    )


@pytest.mark.parametrize(
    "failure",
    [
        httpx.ReadTimeout("slow"),
        httpx.ReadError("reset"),
        httpx.RemoteProtocolError("Server disconnected without sending a response."),
        # A mock transport reports no progress: a write error cannot be shown to have sent nothing.
        httpx.WriteError("broken pipe"),
        json_response(500, {"type": "internal_server_error"}),
        json_response(502, {}),
        json_response(503, {}),  # no Retry-After: the server may have started the work
        json_response(408, {}),
        json_response(409, {}),
        json_response(102, {}),
    ],
    ids=repr,
)
def test_unsafe_request_without_key_is_not_retried_after_it_may_have_been_processed(make_client, pkg, charge, failure):
    client, script = make_client(failure, json_response(200, {}))
    with pytest.raises(pkg.errors.APIError) as caught:
        client.request(charge, body={"amount": 1})
    assert len(script.requests) == 1 and client.sleeps == []
    assert caught.value.attempts == 1
    assert "not retried: the request may have been processed (POST is not idempotent" in str(caught.value)


@pytest.mark.parametrize(
    "failure",
    [
        httpx.ConnectError("refused"),
        httpx.ConnectTimeout("slow connect"),
        httpx.PoolTimeout("pool"),
        json_response(429, {}),
        json_response(503, {}, {"Retry-After": "2"}),
        json_response(400, {"type": "idempotency_in_progress"}),  # a type the options declare safe to retry
    ],
    ids=repr,
)
def test_unsafe_request_without_key_is_retried_when_it_was_not_processed(make_client, pkg, charge, failure):
    client, script = make_client(failure, json_response(200, {"ok": True}))
    raw = client.request_raw(charge, body={"amount": 1})
    assert raw.status_code == 200 and raw.attempts == 2 and len(client.sleeps) == 1


def test_unsafe_request_with_a_key_in_extra_headers_is_retried(make_client, pkg):
    endpoint = pkg.base.Endpoint(
        operation_id="createCharge",
        method="POST",
        path="/charges",
        responses=(pkg.base.ResponseSpec("200", "json", None),),
        idempotency_header="Idempotency-Key",
    )
    client, script = make_client(httpx.ReadTimeout("slow"), json_response(200, {}))
    raw = client.request_raw(endpoint, extra_headers={"Idempotency-Key": "mine"})
    assert raw.attempts == 2 and raw.idempotency_key == "mine"
    assert [r.headers["idempotency-key"] for r in script.requests] == ["mine", "mine"]


def test_max_retries_per_call(make_client, pkg):
    client, script = make_client(json_response(500, {}), max_retries=4)
    with pytest.raises(pkg.errors.InternalServerError) as caught:
        client.request(pkg.client._GET_SINGLE_ORDER, path_params={"id": "o1"}, max_retries=0)
    assert caught.value.attempts == 1 and len(script.requests) == 1
    with pytest.raises(pkg.errors.ClientConfigurationError, match="max_retries must be an integer >= 0"):
        client.request(pkg.client._GET_BALANCE, max_retries=-1)


def test_with_options_returns_a_configured_copy_sharing_the_pool(make_client, pkg):
    client, script = make_client(json_response(500, {}))
    copy = client.with_options(max_retries=0, timeout=3.0)
    assert copy is not client and copy._http is client._http
    assert (copy.max_retries, copy.timeout, client.max_retries) == (0, 3.0, 2)
    assert client.timeout == httpx.Timeout(5.0)  # the http_client's own
    assert copy.orders._client is copy and client.orders._client is client
    with pytest.raises(pkg.errors.InternalServerError):
        copy.request(pkg.client._GET_BALANCE)
    assert len(script.requests) == 1
    assert script.requests[0].extensions["timeout"] == {"connect": 3.0, "read": 3.0, "write": 3.0, "pool": 3.0}
    owner = pkg.client.RunaClient("k")
    owner.with_options(max_retries=1).close()
    assert not owner._http.is_closed  # the original owns the pool
    owner.close()
    assert owner._http.is_closed


@pytest.mark.anyio
async def test_async_with_options_and_per_call_max_retries(make_async_client, pkg):
    client, script = make_async_client(json_response(503, {}))
    copy = client.with_options(max_retries=1)
    assert copy.orders._client is copy
    with pytest.raises(pkg.errors.InternalServerError) as caught:
        await copy.request(pkg.client._GET_BALANCE)
    assert caught.value.attempts == 2
    with pytest.raises(pkg.errors.InternalServerError) as caught:
        await client.request(pkg.client._GET_BALANCE, max_retries=0)
    assert caught.value.attempts == 1


# --- bounded calls (issue #18) ---------------------------------------------------------------------------


def test_new_idempotency_key_is_a_fresh_uuid4(pkg):
    import uuid

    keys = {pkg.base.new_idempotency_key() for _ in range(3)}
    assert len(keys) == 3 and all(uuid.UUID(key).version == 4 for key in keys)


def test_a_closed_client_raises_client_closed_error(make_client, pkg):
    client, script = make_client()
    client._http.close()
    with pytest.raises(pkg.errors.ClientClosedError, match="the client is closed") as caught:
        client.request(pkg.client._GET_BALANCE)
    assert isinstance(caught.value, pkg.errors.ClientError) and isinstance(caught.value, RuntimeError)
    assert script.requests == []


def test_other_httpx_exceptions_become_api_connection_errors(make_client, pkg):
    client, script = make_client(httpx.StreamConsumed())
    with pytest.raises(pkg.errors.APIConnectionError) as caught:
        client.request(pkg.client._GET_BALANCE)
    assert isinstance(caught.value.__cause__.__cause__, httpx.StreamConsumed)
    assert len(script.requests) == 1  # not retried: it would fail the same way


@pytest.mark.parametrize("bad", [0, -1.0, "5", True])
def test_total_timeout_is_checked(make_client, pkg, bad):
    client, _ = make_client()
    with pytest.raises(pkg.errors.ClientConfigurationError, match="total_timeout must be"):
        client.request(pkg.client._GET_BALANCE, total_timeout=bad)
    with pytest.raises(pkg.errors.ClientConfigurationError, match="total_timeout must be"):
        client.with_options(total_timeout=bad)


def test_a_retry_that_cannot_start_within_total_timeout_is_not_made(make_client, pkg):
    client, script = make_client(json_response(503, {}, {"Retry-After": "30"}), json_response(200, {}))
    with pytest.raises(pkg.errors.InternalServerError, match=r"total_timeout \(10 s\) leaves no time") as caught:
        client.request(pkg.client._GET_BALANCE, total_timeout=10)
    assert caught.value.attempts == 1 and client.sleeps == []
    roomy, _ = make_client(json_response(503, {}, {"Retry-After": "30"}), json_response(200, {}))
    assert roomy.with_options(total_timeout=60).request_raw(pkg.client._GET_BALANCE).attempts == 2


def test_attempt_deadline_cuts_every_httpx_limit(make_client, pkg):
    client, script = make_client(timeout=httpx.Timeout(30.0, connect=5.0))
    client.request(pkg.client._GET_BALANCE, total_timeout=10)
    limits = script.requests[0].extensions["timeout"]
    assert limits["connect"] == 5.0 and 9.0 < limits["read"] <= 10.0 and 9.0 < limits["pool"] <= 10.0


def test_sockets_are_bound_only_inside_an_attempt(pkg):
    """The wrapped backend of an http_client passed in changes nothing for other code using it."""
    transport = pkg.transport
    with httpx.Client() as http:
        assert transport.bound_sockets(http) and transport.bound_sockets(http)  # idempotent
        backend = http._transport._pool._network_backend
        assert type(backend).__name__ == "_Backend" and type(backend._inner).__name__ == "SyncBackend"
    assert not transport.bound_sockets(httpx.Client(transport=httpx.MockTransport(lambda r: httpx.Response(200))))


def test_an_aborted_attempt_fails_its_next_socket_operation(pkg):
    import httpcore

    attempt = pkg.transport.Attempt(deadline=None)
    assert attempt.run(lambda limit: limit, 3.0, httpcore.ReadTimeout) == 3.0
    attempt.abort()
    with pytest.raises(httpcore.ReadTimeout, match="abandoned"):
        attempt.run(lambda limit: limit, 3.0, httpcore.ReadTimeout)
    late = pkg.transport.Attempt(deadline=0.0)  # long past
    with pytest.raises(httpcore.ConnectTimeout, match="deadline has passed"):
        late.run(lambda limit: limit, None, httpcore.ConnectTimeout)
