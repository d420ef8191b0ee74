"""What a request reuses from the client's earlier calls (issue 27: per-call cost) never outlives
what it was made from: the merged standard, default and credential headers (`_fixed_headers`), a
header parameter's checked text (`_header_text`), and an attempt's progress watch and deadline.

Each test makes a first call (which fills the cache), changes what the cache was made from, and
looks at what the next request carries on the wire.
"""

from __future__ import annotations

from typing import Literal

import httpx
import pydantic
import pytest

from .conftest import API_KEY, json_response


def test_default_headers_changed_after_a_call_are_sent(make_client, pkg):
    client, script = make_client(json_response(200, {}), default_headers={"X-Team": "first"})
    client.request(pkg.client._GET_BALANCE)
    client._default_headers["X-Team"] = "second"
    client.request(pkg.client._GET_BALANCE)
    client._default_headers["X-Tags"] = ["a"]
    client.request(pkg.client._GET_BALANCE)
    client._default_headers["X-Tags"].append("b")  # a value changed in place
    client.request(pkg.client._GET_BALANCE)
    del client._default_headers["X-Team"]
    client.request(pkg.client._GET_BALANCE)
    sent = [(r.headers.get("x-team"), r.headers.get("x-tags")) for r in script.requests]
    assert sent == [("first", None), ("second", None), ("second", "a"), ("second", "a,b"), (None, "a,b")]


def test_a_default_header_with_a_newline_set_after_a_call_is_refused(make_client, pkg):
    client, script = make_client(json_response(200, {}), default_headers={"X-Team": "first"})
    client.request(pkg.client._GET_BALANCE)
    client._default_headers["X-Team"] = "a\r\nX-Injected: 1"
    with pytest.raises(ValueError, match="CR, LF or NUL"):
        client.request(pkg.client._GET_BALANCE)
    assert len(script.requests) == 1


def test_credentials_changed_after_a_call_are_sent(make_client, pkg):
    client, script = make_client(json_response(200, {}))
    client.request(pkg.client._GET_BALANCE)
    (scheme,) = client._credentials
    client._credentials[scheme].value = "sk_live_OTHER-654321"  # the secret changed in place
    client.request(pkg.client._GET_BALANCE)
    client._credentials[scheme] = type(client._credentials[scheme])("sk_live_THIRD-111111")
    client.request(pkg.client._GET_BALANCE)
    assert [r.headers["x-api-key"] for r in script.requests] == [
        API_KEY,
        "sk_live_OTHER-654321",
        "sk_live_THIRD-111111",
    ]


def test_a_with_options_copy_and_its_original_each_send_their_own(make_client, pkg):
    """The copy shares the original's caches: alternating calls each send their client's headers."""
    client, script = make_client(json_response(200, {}), default_headers={"X-Team": "original"})
    client.request(pkg.client._GET_BALANCE)
    copy = client.with_options(timeout=3.0)
    copy._default_headers = {"X-Team": "copy"}
    copy.request(pkg.client._GET_BALANCE)
    client.request(pkg.client._GET_BALANCE)
    copy.request(pkg.client._GET_BALANCE)
    assert [r.headers["x-team"] for r in script.requests] == ["original", "copy", "original", "copy"]
    assert [r.extensions["timeout"]["read"] for r in script.requests] == [5.0, 3.0, 5.0, 3.0]
    assert {r.headers["x-api-key"] for r in script.requests} == {API_KEY}


@pytest.fixture
def moded(pkg):
    """Two endpoints whose header parameter `X-Mode` takes different values."""

    def endpoint(operation_id: str, kind: object) -> object:
        base = pkg.base
        return base.Endpoint(
            operation_id=operation_id,
            method="GET",
            path="/balance",
            responses=(base.ResponseSpec("200", "json", None),),
            idempotent=True,
            parameters=(base.ParameterSpec("X-Mode", "header", "simple", False, type=kind),),
        )

    return endpoint("syncOrAsync", Literal["sync", "async"]), endpoint("fastOrSlow", Literal["fast", "slow"])


def test_a_header_parameter_is_checked_on_every_call_and_for_each_endpoint(make_client, moded):
    sync_or_async, fast_or_slow = moded
    client, script = make_client(json_response(200, {}))
    client.request(sync_or_async, headers={"X-Mode": "sync"})
    with pytest.raises(pydantic.ValidationError, match="X-Mode"):
        client.request(sync_or_async, headers={"X-Mode": "fast"})
    with pytest.raises(pydantic.ValidationError, match="X-Mode"):
        client.request(fast_or_slow, headers={"X-Mode": "sync"})  # checked for this endpoint's own type
    client.request(fast_or_slow, headers={"X-Mode": "fast"})
    client.request(sync_or_async, headers={"X-Mode": "sync"})
    with pytest.raises(ValueError, match="CR, LF or NUL"):
        client.request(sync_or_async, extra_headers={"X-Mode": "sync\r\nX-Injected: 1"})
    assert [r.headers["x-mode"] for r in script.requests] == ["sync", "fast", "sync"]


def test_a_request_that_may_not_be_repeated_watches_its_progress(make_client, pkg):
    """A POST without a key is retried after a write error only when the trace shows its request was
    not completely written: the progress hook is installed, and fires, on every attempt."""
    charge = pkg.base.Endpoint(
        operation_id="createCharge",
        method="POST",
        path="/charges",
        responses=(pkg.base.ResponseSpec("200", "json", None),),
        body_kind="json",
    )

    def written_in_part(request: httpx.Request) -> httpx.Response:
        request.extensions["trace"]("http11.send_request_headers.complete", {})
        raise httpx.WriteError("broken pipe")

    client, script = make_client(written_in_part, json_response(200, {"ok": True}))
    raw = client.request_raw(charge, body={"amount": 1})
    assert raw.attempts == 2 and len(script.requests) == 2 and len(client.sleeps) == 1


def test_an_attempt_runs_with_its_deadline_when_a_timeout_is_given(make_client, pkg):
    """The deadline the socket operations read (`_transport`) is set while the attempt is sent,
    and only then."""
    seen = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(pkg.transport._current.get())
        return json_response(200, {})

    client, _ = make_client(answer)
    client.request(pkg.client._GET_BALANCE, timeout=2.0)
    client.request(pkg.client._GET_BALANCE, timeout=None)
    with_timeout, without = seen
    assert with_timeout is not None and with_timeout.remaining() is not None
    assert 0 < with_timeout.remaining() <= 2.0
    assert without is not None and without.deadline is None
    assert pkg.transport._current.get() is None
