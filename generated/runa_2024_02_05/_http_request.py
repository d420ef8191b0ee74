"""The `httpx.Request` of a call, as the `http_client` would build it, without its per-call merging.

httpx's `build_request` merges the client's headers, cookies, query parameters and base URL into
every request, parsing the URL and normalizing every header again on each call: about 110 us,
a quarter of a small call, where building the request itself takes 20 us. `new_request` builds
the same request from its parts: the URL parsed once per URL, the client's headers read once until
they change, its cookies and query parameters merged as `build_request` merges them. A client whose
class builds its requests its own way (it overrides `build_request` or one of its merging methods)
goes through its `build_request`. `tests/runtime/test_http_request.py` compares the two on every
client shape, httpx being the judge.

The client's query parameters (`httpx.Client(params=...)`) are merged with the call's as httpx
merges a call's `params=`: the client's first, those the call also names left out. (httpx's own
`build_request` replaces the query of a URL that has one with the client's parameters.)
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from typing import Any, Final
from urllib.parse import unquote

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


_client_headers: weakref.WeakKeyDictionary[httpx.Client | httpx.AsyncClient, _ClientHeaders] = (
    weakref.WeakKeyDictionary()
)
"""Each client's headers as last read: held weakly, so that a client is never kept alive here."""


def _headers_of(http: httpx.Client | httpx.AsyncClient) -> _ClientHeaders:
    """`http`'s headers, read again when they are no longer those last read (a caller may change
    `http.headers` between calls)."""
    raw = http.headers.raw
    cached = _client_headers.get(http)
    if cached is None or cached.raw != raw:
        cached = _client_headers[http] = _ClientHeaders(raw)
    return cached


def new_request(
    http: httpx.Client | httpx.AsyncClient,
    method: str,
    url: str,
    *,
    query: Sequence[str],
    headers: Sequence[tuple[str, str]],
    timeout: Any,
    content: bytes | None = None,
) -> httpx.Request:
    """The request `http` sends for `method` and the absolute `url` with the call's `query` (its
    `name=value` pairs, percent-encoded as the parameters' styles say) and `headers` (distinct
    names, case-insensitively): `http.build_request`'s, with `query` merged with the client's
    query parameters as a call's `params=` would be."""
    if _builds_its_own_way(type(http)):
        if http.params:  # its `build_request` merges `params=` (each pair decoded, encoded again)
            params: list[tuple[str, Any]] = [_decoded(pair) for pair in query]
            return http.build_request(
                method, url, params=params, headers=headers, timeout=timeout, content=content
            )
        return http.build_request(
            method, _with_query(url, query), headers=headers, timeout=timeout, content=content
        )
    full_url = _with_query(url, _merged_query(http, query))
    parsed = _urls.get(full_url)
    if parsed is None:
        parsed = httpx.URL(full_url)
        if parsed.is_relative_url:  # merged with the client's base URL: httpx's own way
            return http.build_request(
                method, full_url, headers=headers, timeout=timeout, content=content
            )
        if len(_urls) >= _MAX_URLS:
            _urls.clear()
        _urls[full_url] = parsed
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
        cookies=http.cookies or None,
        content=content,
        extensions={"timeout": httpx.Timeout(timeout).as_dict()},
    )


def _with_query(url: str, query: Sequence[str]) -> str:
    return url + "?" + "&".join(query) if query else url


def _merged_query(http: httpx.Client | httpx.AsyncClient, query: Sequence[str]) -> Sequence[str]:
    """The client's query parameters (encoded by httpx) the call does not name, then the call's."""
    if not http.params:
        return query
    named = {_decoded(pair)[0] for pair in query}
    kept: list[tuple[str, Any]] = [
        (name, value) for name, value in http.params.multi_items() if name not in named
    ]
    return ([str(httpx.QueryParams(kept))] if kept else []) + list(query)


def _decoded(pair: str) -> tuple[str, str]:
    """A `name=value` pair of the call's query, percent-decoded."""
    name, _, value = pair.partition("=")
    return unquote(name), unquote(value)
