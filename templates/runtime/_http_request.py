"""The `httpx.Request` of a call, as `http_client.build_request` builds it, without its merging.

httpx's `build_request` merges the client's headers, cookies, query parameters and base URL into
every request, parsing the URL and normalizing every header again on each call: about 110 us,
a quarter of a small call, where building the request itself takes 20 us. For a client that merges nothing
but its headers (no cookies, no query parameters: every client this package makes, and most given
to it), `new_request` builds the same request from its parts: the URL parsed once per URL, the
client's headers read once until they change. Any other client, or one whose class builds its
requests its own way, goes through `build_request` itself. `tests/runtime/test_http_request.py`
compares the two on every client shape, httpx being the judge.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

import httpx

_MERGING_METHODS: Final = tuple(
    name
    for name in (
        "build_request",
        "_merge_url",
        "_merge_headers",
        "_merge_cookies",
        "_merge_queryparams",
    )
    if hasattr(httpx.Client, name)
)
"""The methods through which `build_request` merges: a class that overrides one builds its own way."""

_own_way: dict[type, bool] = {}
"""Client class -> whether it overrides one of `_MERGING_METHODS` (then `build_request` is used)."""


def _builds_its_own_way(kind: type) -> bool:
    known = _own_way.get(kind)
    if known is None:
        base = httpx.AsyncClient if issubclass(kind, httpx.AsyncClient) else httpx.Client
        known = any(getattr(kind, name) is not getattr(base, name) for name in _MERGING_METHODS)
        _own_way[kind] = known
    return known


_urls: dict[str, httpx.URL] = {}
"""URL text -> `httpx.URL` (immutable): parsed once. Bounded: cleared when it grows past
`_MAX_URLS` (a path parameter makes a URL per value)."""
_MAX_URLS: Final = 256


class _ClientHeaders:
    """A client's headers as last read: their raw pairs, and each pair's lower-case name."""

    __slots__ = ("raw", "pairs")

    def __init__(self, raw: list[tuple[bytes, bytes]]) -> None:
        self.raw = raw
        self.pairs = [(name.lower(), (name, value)) for name, value in raw]


_client_headers: dict[int, tuple[httpx.Client | httpx.AsyncClient, _ClientHeaders]] = {}


def _headers_of(http: httpx.Client | httpx.AsyncClient) -> _ClientHeaders:
    """`http`'s headers, read again when they are no longer those last read (a caller may change
    `http.headers` between calls). Held with the client, so that an id reused is never mistaken."""
    raw = http.headers.raw
    cached = _client_headers.get(id(http))
    if cached is None or cached[0] is not http or cached[1].raw != raw:
        if len(_client_headers) >= _MAX_URLS:
            _client_headers.clear()
        cached = (http, _ClientHeaders(raw))
        _client_headers[id(http)] = cached
    return cached[1]


def new_request(
    http: httpx.Client | httpx.AsyncClient,
    method: str,
    url: str,
    *,
    headers: Sequence[tuple[str, str]],
    timeout: Any,
    content: bytes | None = None,
) -> httpx.Request:
    """`http.build_request(method, url, headers=headers, timeout=timeout, content=content)`.

    `headers`: distinct names (case-insensitively), each given once, as `_build_request` makes
    them. `url`: absolute."""
    if http.cookies or http.params or _builds_its_own_way(type(http)):
        return http.build_request(method, url, headers=headers, timeout=timeout, content=content)
    parsed = _urls.get(url)
    if parsed is None:
        parsed = httpx.URL(url)
        if parsed.is_relative_url:  # merged with the client's base URL: httpx's own way
            return http.build_request(
                method, url, headers=headers, timeout=timeout, content=content
            )
        if len(_urls) >= _MAX_URLS:
            _urls.clear()
        _urls[url] = parsed
    # The client's headers first, less those the call sets (`Headers.update` drops them), then
    # the call's, in order: as `build_request` merges them.
    given = [(name.encode("ascii"), value.encode("ascii")) for name, value in headers]
    replaced = {name.lower() for name, _ in given}
    merged = [pair for lower, pair in _headers_of(http).pairs if lower not in replaced]
    merged += given
    return httpx.Request(
        method,
        parsed,
        headers=merged,
        content=content,
        extensions={"timeout": httpx.Timeout(timeout).as_dict()},
    )
