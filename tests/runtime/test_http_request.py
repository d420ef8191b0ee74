"""A call's `httpx.Request` is the one its `http_client` would build for the same call made with
httpx alone (issue 27: `_http_request.new_request` skips httpx's per-call merging). httpx is the
judge: on every client shape, the request is compared whole with `build_request`'s for the call's
URL, headers, body and timeout and its query given as `params=` (as a caller of httpx would give it,
so that the client's own query parameters are merged with it, not put in its place).
"""

from __future__ import annotations

import gc
import importlib
import weakref
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote

import httpx
import pytest

from .conftest import API_KEY, Script, json_response

URL = "https://api.example.com/v2/order"
QUERIES = [[], ["limit=5", "after=c%2F1"], ["tenant=mine", "countries=US,GB"]]
CALL_HEADERS = [
    ("User-Agent", "runa/1.0 httpx"),
    ("Accept", "application/json"),
    ("X-Api-Key", "sk_live_SECRET"),
    ("X-Idempotency-Key", "3f0e1c9a-0000-4000-8000-000000000000"),
    ("Content-Type", "application/json"),
]


class AddsAHeader(httpx.Client):
    def build_request(self, *args: Any, **kwargs: Any) -> httpx.Request:
        request = super().build_request(*args, **kwargs)
        request.headers["X-Built-By"] = "subclass"
        return request


class MergesItsOwnHeaders(httpx.Client):
    def _merge_headers(self, headers: Any = None) -> Any:
        merged = super()._merge_headers(headers)
        merged["X-Merged-By"] = "subclass"
        return merged


CLIENTS: dict[str, Callable[[], httpx.Client | httpx.AsyncClient]] = {
    "plain": httpx.Client,
    "async": httpx.AsyncClient,
    # names the call sets too, in other cases: the call's win, as `Headers.update` has it
    "headers": lambda: httpx.Client(headers={"accept": "text/html", "USER-AGENT": "me", "X-Team": "a"}),
    "repeated headers": lambda: httpx.Client(headers=[("X-Dup", "1"), ("X-Dup", "2"), ("x-api-key", "other")]),
    "cookies": lambda: httpx.Client(cookies={"session": "s1"}),
    "params": lambda: httpx.Client(params={"tenant": "t1"}),
    "base URL": lambda: httpx.Client(base_url="https://other.example.com/v9/"),
    "client timeout": lambda: httpx.Client(timeout=httpx.Timeout(3, connect=1)),
    "subclass's build_request": AddsAHeader,
    "subclass's header merging": MergesItsOwnHeaders,
    "subclass with query parameters": lambda: AddsAHeader(params={"tenant": "t1", "limit": "99"}),
    "async cookies": lambda: httpx.AsyncClient(cookies={"session": "s1"}),
}
TIMEOUTS = [None, 5.0, httpx.Timeout(1, read=7)]


@pytest.fixture
def new_request(pkg: Any) -> Callable[..., httpx.Request]:
    module = importlib.import_module(pkg.base.__name__.rsplit(".", 1)[0] + "._http_request")
    return module.new_request


def _whole(request: httpx.Request) -> tuple[Any, ...]:
    """The request, its query as decoded pairs in order (httpx and the parameters' styles may
    percent-encode a character differently: the server reads the same)."""
    url = request.url
    where = (url.scheme, url.host, url.port, url.path, sorted(url.params.multi_items()))
    return (request.method, where, request.headers.raw, request.content, request.extensions)


def _judge(http: Any, method: str, url: str, query: list[str], **kwargs: Any) -> httpx.Request:
    """What httpx builds for the call made with httpx alone: its query given as `params=`."""
    params = [tuple(unquote(part) for part in pair.split("=", 1)) for pair in query]
    return http.build_request(method, url, params=params or None, **kwargs)


@pytest.mark.parametrize("shape", CLIENTS)
@pytest.mark.parametrize("timeout", TIMEOUTS, ids=["no timeout", "5 s", "Timeout"])
@pytest.mark.parametrize("method, content", [("GET", None), ("POST", b'{"a":1}'), ("DELETE", None)])
def test_the_request_is_the_one_httpx_builds_for_the_same_call(
    new_request: Callable[..., httpx.Request], shape: str, timeout: Any, method: str, content: bytes | None
) -> None:
    http = CLIENTS[shape]()
    for url in (URL, "https://api.example.com/v2/order/O-1"):
        for query in QUERIES:
            kwargs = {"headers": CALL_HEADERS, "timeout": timeout, "content": content}
            ours = new_request(http, method, url, query=query, **kwargs)
            assert _whole(ours) == _whole(_judge(http, method, url, query, **kwargs)), (url, query)


def test_the_call_s_query_is_sent_with_the_client_s_own_query_parameters(make_client: Any, pkg: Any) -> None:
    """A caller's `httpx.Client(params=...)` adds to the query; the call's parameters are sent, and
    win over the client's of the same name (httpx's own `build_request` would drop them all)."""
    script = Script([json_response(200, {"items": [], "has_more": False})])
    http = httpx.Client(transport=httpx.MockTransport(script), params={"tenant": "t1", "limit": "99"})
    client = pkg.client.RunaClient(api_key=API_KEY, http_client=http)
    client.request(pkg.client._GET_PRODUCTS, query={"limit": 5, "after": "c/1"})
    (sent,) = script.requests
    assert sorted(sent.url.params.multi_items()) == [("after", "c/1"), ("limit", "5"), ("tenant", "t1")]


def test_a_relative_url_is_merged_with_the_base_url_as_httpx_merges_it(
    new_request: Callable[..., httpx.Request],
) -> None:
    http = httpx.Client(base_url="https://other.example.com/v9/")
    ours = new_request(http, "GET", "/order", query=[], headers=CALL_HEADERS, timeout=None)
    assert str(ours.url) == "https://other.example.com/v9/order"
    assert _whole(ours) == _whole(http.build_request("GET", "/order", headers=CALL_HEADERS, timeout=None))


def test_a_client_that_was_used_is_not_kept_alive(new_request: Callable[..., httpx.Request]) -> None:
    http = httpx.Client(headers={"X-Team": "a"})
    new_request(http, "GET", URL, query=[], headers=CALL_HEADERS, timeout=None)
    gone = weakref.ref(http)
    del http
    gc.collect()
    assert gone() is None


def test_the_client_headers_are_read_again_when_they_change(new_request: Callable[..., httpx.Request]) -> None:
    http = httpx.Client(headers={"X-Team": "first"})
    sent = []
    for change in (
        lambda: None,
        lambda: http.headers.update({"X-Team": "second"}),
        lambda: http.headers.update({"X-Tags": "a"}),
        lambda: http.headers.pop("X-Team"),
        lambda: setattr(http, "headers", {"X-New": "whole"}),
    ):
        change()
        ours = new_request(http, "GET", URL, query=[], headers=CALL_HEADERS, timeout=None)
        assert _whole(ours) == _whole(http.build_request("GET", URL, headers=CALL_HEADERS, timeout=None))
        sent.append((ours.headers.get("x-team"), ours.headers.get("x-tags"), ours.headers.get("x-new")))
    assert sent == [
        ("first", None, None),
        ("second", None, None),
        ("second", "a", None),
        (None, "a", None),
        (None, None, "whole"),
    ]


def test_a_cookie_the_server_set_is_sent_with_the_next_call(make_client: Any, pkg: Any) -> None:
    """The client's cookie jar (filled by a response's Set-Cookie) is merged, as httpx merges it."""
    first = json_response(200, {}, headers={"Set-Cookie": "route=r7; Path=/"})
    client, script = make_client(first, json_response(200, {}))
    client.request(pkg.client._GET_BALANCE)
    client.request(pkg.client._GET_BALANCE)
    assert [r.headers.get("cookie") for r in script.requests] == [None, "route=r7"]


@pytest.mark.parametrize("colour", ["sync", "async"])
def test_an_http_client_of_the_other_colour_is_refused_when_the_client_is_made(pkg: Any, colour: str) -> None:
    """Its calls would fail later with an AttributeError or a TypeError, as no error of the API."""
    make, given = (
        (pkg.client.RunaClient, httpx.AsyncClient())
        if colour == "sync"
        else (pkg.client.AsyncRunaClient, httpx.Client())
    )
    with pytest.raises(
        pkg.errors.ClientConfigurationError, match=f"goes with the {'async' if colour == 'sync' else 'sync'} client"
    ):
        make(api_key=API_KEY, http_client=given)


def test_an_http_client_s_own_base_url_is_said_to_be_unused(pkg: Any, caplog: pytest.LogCaptureFixture) -> None:
    client = pkg.client.RunaClient(api_key=API_KEY, http_client=httpx.Client(base_url="https://other.example.com/v9"))
    (record,) = [r for r in caplog.records if "base_url" in r.getMessage()]
    assert record.levelname == "WARNING"
    assert "https://other.example.com/v9" in record.getMessage() and client.base_url in record.getMessage()
    caplog.clear()
    pkg.client.RunaClient(api_key=API_KEY, http_client=httpx.Client(base_url=client.base_url + "/"))
    assert not [r for r in caplog.records if "base_url" in r.getMessage()]  # the same URL: nothing to say
