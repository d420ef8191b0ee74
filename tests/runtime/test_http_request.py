"""A call's `httpx.Request` is the one the client's own `build_request` would build (issue 27:
`_http_request.new_request` skips httpx's per-call merging where there is nothing to merge but
headers). httpx is the judge: on every client shape, the two requests are compared whole.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from .conftest import json_response

URL = "https://api.example.com/v2/order"
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
    "async cookies": lambda: httpx.AsyncClient(cookies={"session": "s1"}),
}
TIMEOUTS = [None, 5.0, httpx.Timeout(1, read=7)]


@pytest.fixture
def new_request(pkg: Any) -> Callable[..., httpx.Request]:
    module = importlib.import_module(pkg.base.__name__.rsplit(".", 1)[0] + "._http_request")
    return module.new_request


def _whole(request: httpx.Request) -> tuple[Any, ...]:
    return (request.method, str(request.url), request.headers.raw, request.content, request.extensions)


@pytest.mark.parametrize("shape", CLIENTS)
@pytest.mark.parametrize("timeout", TIMEOUTS, ids=["no timeout", "5 s", "Timeout"])
@pytest.mark.parametrize("method, content", [("GET", None), ("POST", b'{"a":1}'), ("DELETE", None)])
def test_the_request_is_the_one_build_request_builds(
    new_request: Callable[..., httpx.Request], shape: str, timeout: Any, method: str, content: bytes | None
) -> None:
    http = CLIENTS[shape]()
    for url in (URL, URL + "?limit=5&after=c%2F1", "https://api.example.com/v2/order/O-1"):
        ours = new_request(http, method, url, headers=CALL_HEADERS, timeout=timeout, content=content)
        theirs = http.build_request(method, url, headers=CALL_HEADERS, timeout=timeout, content=content)
        assert _whole(ours) == _whole(theirs)


def test_a_relative_url_is_merged_with_the_base_url_as_httpx_merges_it(
    new_request: Callable[..., httpx.Request],
) -> None:
    http = httpx.Client(base_url="https://other.example.com/v9/")
    ours = new_request(http, "GET", "/order", headers=CALL_HEADERS, timeout=None)
    assert str(ours.url) == "https://other.example.com/v9/order"
    assert _whole(ours) == _whole(http.build_request("GET", "/order", headers=CALL_HEADERS, timeout=None))


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
        ours = new_request(http, "GET", URL, headers=CALL_HEADERS, timeout=None)
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
