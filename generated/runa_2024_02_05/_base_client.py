"""HTTP runtime of the generated client: build the request, send it with retries, parse the answer.

The generated `_client.py` describes each operation as an `Endpoint` and calls
`SyncAPIClient.request` / `AsyncAPIClient.request` with the caller's arguments. The clients live
here; each job they delegate has a module of its own, as in openai-python's runtime:

- `_types`: `Endpoint`, `ClientConfig` and the other descriptions every module below reads;
- `_request`: arguments into an `httpx.Request` (`_build_request` assembles it for a client);
- `_response`: a response read as documented (`RawResponse`), and `_status_error`, the one place
  that maps a non-2xx response to an exception;
- `_parse`: JSON data validated against its type, strictly or leniently (`parse_value`);
- `_retry`: whether and when a failed attempt is repeated (`_Attempts`), and what a call that
  got no answer raises (`_connection_error`);
- `_security`: the credentials held (`held_credentials`), and which ones a call sends;
- `_pagination`: following a cursor from page to page;
- here: `SyncAPIClient.request_raw` and its async twin, the retry loop (one policy, two colours).

An interim 1xx (`102 Processing` before the real answer) is skipped by httpx; the read timeout
bounds the wait after it, so a server that falls silent ends in a timeout rather than a hang.

Each attempt has a deadline (`timeout` from its start, or the end of the call's `total_timeout`),
enforced at every socket operation by `_transport`. An async attempt runs in a task of its own
(`AsyncAPIClient._send`): cancelling the call aborts the attempt's socket operations rather than
cancelling httpcore's code, whose cleanup does not withstand asyncio cancellation.

Requests are validated strictly before anything is sent. A response is parsed as the spec says;
one that breaks it raises `ResponseValidationError` with `response_validation="strict"`, and with
"lenient" (the default) is returned with each deviation recorded (`deviations()`) and logged once
per call: never as a value that contradicts its annotation (`parse_value`).
"""

from __future__ import annotations

import copy
import os
import time
import typing
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any, Final, Self, Unpack
from urllib.parse import urljoin, urlsplit

import httpx

from . import errors
from ._pagination import _Pages
from ._parse import parse_value
from ._request import (
    _build_request,
    _check_header_values,
    _compute_standard_headers,
    _describe,
    _merge_headers,
    _refuse_insecure_url,
    _resolve_base_url,
    new_idempotency_key,
)
from ._response import RawResponse, _check_api_version, _refuse_cut_short
from ._retry import _Attempts, _check_max_retries, _check_total_timeout, _transport_error
from ._security import (
    chosen_schemes,
    held_credentials,
    missing_credential_message,
    redact_httpx_logs,
)
from ._types import (
    NOT_GIVEN,
    ClientConfig,
    Endpoint,
    Later,
    NotGiven,
    Pagination,
    RequestOptions,
    ResponseSpec,
    ResponseValidation,
    SecurityScheme,
    StatusByHeader,
    _typed,
    submodule_on_first_use,
)
from ._wire import (
    ParameterSpec,
    PartEncoding,
)

if TYPE_CHECKING:
    import asyncio

    from . import _deviations_log, _transport

# Importing the package imports neither pydantic's model machinery (`_base_model`) nor asyncio and
# httpcore (`_transport`): they cost more than the rest of the client. A client's construction
# imports `_transport` (and asyncio, for the async client), the first call's types `_base_model`.


def _import_client_runtime() -> None:
    """Imports what a client's construction needs (httpcore's transport, the deviations log)."""
    global _transport, _deviations_log
    from . import _deviations_log, _transport


def _import_asyncio() -> None:
    global asyncio
    import asyncio


DEFAULT_TIMEOUT: Final = 60.0
"""Seconds each attempt may take (connect, write, wait for and read the answer) unless told otherwise."""
_HTTPX_ERRORS = (
    httpx.HTTPError,
    httpx.InvalidURL,
    httpx.CookieConflict,
    httpx.StreamError,
    RuntimeError,
)
"""What `httpx.Client.send` raises (RuntimeError: the client is closed)."""
_ABORT_GRACE = 0.5
"""Seconds an aborted async attempt gets to end with its own error before it is left behind."""


class _FixedHeaders(typing.NamedTuple):
    """The headers every call of an endpoint sends (`_BaseAPIClient._fixed_headers`), and what
    they were merged from."""

    endpoint: Endpoint
    default_headers: dict[str, Any]
    merged: dict[str, tuple[str, str]]


class _BaseAPIClient:
    """What the sync and async client share: their settings, and what of them a request is built
    from (`_request._build_request`): each endpoint's URL, standard headers and credentials."""

    def __init__(
        self,
        *,
        config: ClientConfig,
        credentials: Mapping[str, str | tuple[str, str] | None],
        environment: str | None,
        base_url: str | None,
        timeout: float | httpx.Timeout | None,
        max_retries: int,
        default_headers: Mapping[str, str] | None,
        total_timeout: float | None = None,
        response_validation: ResponseValidation = "lenient",
        deviations_log: str | os.PathLike[str] | None = None,
    ) -> None:
        if response_validation not in ("lenient", "strict"):
            raise errors.ClientConfigurationError(
                f"response_validation must be 'lenient' or 'strict', got {response_validation!r}"
            )
        self.response_validation: ResponseValidation = response_validation
        self.deviations_log = _deviations_log.deviations_log(deviations_log, config.env_prefix)
        """The JSON Lines file every deviation a response shows is appended to (`deviations_log=`,
        else `<ENV_PREFIX>_DEVIATIONS_LOG`), or None."""
        """"strict": a response that breaks the spec raises `ResponseValidationError`; "lenient": the
        call returns, each deviation logged (one line per call) and listed by `deviations()`."""
        _check_max_retries(max_retries)
        _check_total_timeout(total_timeout)
        self._config = config
        self._base_url, self._explicit_base_url = _resolve_base_url(config, environment, base_url)
        self._endpoint_urls: dict[int, tuple[Endpoint, str]] = {}
        self.timeout = timeout
        """Default timeout of each attempt; `None` disables it."""
        self.max_retries = max_retries
        self.total_timeout = total_timeout
        """Default limit of a whole call (every attempt and the waits between them); `None`: none."""
        self._schemes = {scheme.name: scheme for scheme in config.security_schemes}
        self._credentials, self._redactions = held_credentials(self._schemes, credentials)
        if config.security_schemes and not self._credentials and config.requires_credentials:
            raise errors.ClientConfigurationError(
                missing_credential_message(config, config.security_schemes[0])
            )
        if self._credentials:
            _refuse_insecure_url(self._base_url)
            redact_httpx_logs(self)
        self._default_headers = dict(default_headers or {})
        _check_header_values(self._default_headers)
        self._warned_about_version = False
        # Both depend only on the endpoint and on this client's settings: computed once each.
        self._standard_headers_cache: dict[int, tuple[Endpoint, dict[str, str]]] = {}
        self._fixed_headers_cache: dict[int, _FixedHeaders] = {}
        # The schemes each endpoint sends (names only: no credential is kept outside `_Secret`s).
        self._credentials_cache: dict[int, tuple[Endpoint, tuple[SecurityScheme, ...]]] = {}

    @property
    def base_url(self) -> str:
        """The URL every operation path is appended to."""
        return self._base_url

    def __repr__(self) -> str:
        name, version = type(self).__name__, self._config.api_version
        return f"{name}(base_url={self._base_url!r}, api_version={version!r})"

    def _endpoint_url(self, endpoint: Endpoint) -> str:
        """The URL `endpoint`'s path is appended to: the client's base URL, or the operation's own server."""
        if self._explicit_base_url or not endpoint.servers:
            return self._base_url
        cached = self._endpoint_urls.get(id(endpoint))
        if cached is None or cached[0] is not endpoint:
            # A relative server URL is relative to the API's base URL (as to the document in OpenAPI).
            url = urljoin(self._base_url + "/", endpoint.servers[0]).rstrip("/")
            if urlsplit(url).scheme not in ("http", "https"):
                raise errors.ClientConfigurationError(
                    f"{endpoint.operation_id}: its server {url!r} is not an http(s) URL; pass base_url="
                )
            if self._credentials:
                _refuse_insecure_url(url)
            cached = (endpoint, url)
            self._endpoint_urls[id(endpoint)] = cached
        return cached[1]

    def _standard_headers(self, endpoint: Endpoint) -> dict[str, str]:
        cached = self._standard_headers_cache.get(id(endpoint))
        if cached is None or cached[0] is not endpoint:
            cached = (endpoint, _compute_standard_headers(self._config, endpoint))
            self._standard_headers_cache[id(endpoint)] = cached
        return cached[1]

    def _fixed_headers(self, endpoint: Endpoint) -> Mapping[str, tuple[str, str]]:
        """`endpoint`'s standard headers and this client's default headers merged and checked
        (`_merge_headers`), as every call of `endpoint` sends them: merged again only when the
        default headers are not those it was merged from (a copy made by `with_options` shares
        it; read-only). The credentials are merged by each call: held in `_Secret`s only."""
        cached = self._fixed_headers_cache.get(id(endpoint))
        if (
            cached is None
            or cached.endpoint is not endpoint
            or cached.default_headers != self._default_headers
        ):
            merged = _merge_headers(self._standard_headers(endpoint), self._default_headers)
            defaults = copy.deepcopy(self._default_headers)  # a list value changed in place too
            cached = _FixedHeaders(endpoint, defaults, merged)
            self._fixed_headers_cache[id(endpoint)] = cached
        return cached.merged

    def _credentials_for(
        self, endpoint: Endpoint
    ) -> tuple[dict[str, str], list[tuple[str, str]], dict[str, str]]:
        """Headers, query parameters and cookies that authenticate `endpoint` (read-only)."""
        cached = self._credentials_cache.get(id(endpoint))
        if cached is None or cached[0] is not endpoint:
            chosen = chosen_schemes(
                endpoint, self._schemes, set(self._credentials), self._missing_message
            )
            cached = (endpoint, chosen)
            self._credentials_cache[id(endpoint)] = cached
        headers: dict[str, str] = {}
        query: list[tuple[str, str]] = []
        cookies: dict[str, str] = {}
        for scheme in cached[1]:
            secret = self._credentials[scheme.name].value
            if scheme.location == "query":
                query.append((scheme.param_name, secret))
            elif scheme.location == "cookie":
                cookies[scheme.param_name] = secret
            else:
                headers[scheme.param_name] = secret
        return headers, query, cookies

    def _missing_message(self, scheme: SecurityScheme) -> str:
        return missing_credential_message(self._config, scheme)

    def _attempts(
        self,
        endpoint: Endpoint,
        request: httpx.Request,
        idempotency_key: str | None,
        options: RequestOptions,
        asynchronous: bool,
    ) -> _Attempts:
        max_retries = options.get("max_retries", NOT_GIVEN)
        if isinstance(max_retries, NotGiven):
            max_retries = self.max_retries
        _check_max_retries(max_retries)
        total_timeout = options.get("total_timeout", NOT_GIVEN)
        if isinstance(total_timeout, NotGiven):
            total_timeout = self.total_timeout
        _check_total_timeout(total_timeout)
        return _Attempts(
            self, endpoint, request, idempotency_key, max_retries, total_timeout, asynchronous
        )

    def with_options(
        self,
        *,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        total_timeout: float | None | NotGiven = NOT_GIVEN,
    ) -> Self:
        """A copy of this client with other defaults, sharing its connection pool and settings.

        `client.with_options(max_retries=0).orders.create_order(...)`. Closing the copy leaves the
        pool open; closing the original closes it for every copy.
        """
        clone = copy.copy(self)
        clone._owns_http_client = False
        if not isinstance(timeout, NotGiven):
            clone.timeout = timeout
        if not isinstance(max_retries, NotGiven):
            _check_max_retries(max_retries)
            clone.max_retries = max_retries
        if not isinstance(total_timeout, NotGiven):
            _check_total_timeout(total_timeout)
            clone.total_timeout = total_timeout
        clone._bind_resources()
        return clone

    _owns_http_client: bool

    def _bind_resources(self) -> None:
        """Create the resource attributes (`client.orders`, ...) on this client; the generated
        client overrides it."""

    def _redact(self, text: str) -> str:
        return self._redactions(text)


class SyncAPIClient(_BaseAPIClient):
    """Synchronous client: one `httpx.Client`, retries, typed results."""

    def __init__(
        self,
        *,
        config: ClientConfig,
        credentials: Mapping[str, str | tuple[str, str] | None],
        environment: str | None,
        base_url: str | None,
        timeout: float | httpx.Timeout | None | NotGiven,
        max_retries: int,
        http_client: httpx.Client | None,
        default_headers: Mapping[str, str] | None,
        total_timeout: float | None = None,
        response_validation: ResponseValidation = "lenient",
        deviations_log: str | os.PathLike[str] | None = None,
    ) -> None:
        _import_client_runtime()
        resolved = _default_timeout(timeout, http_client)
        super().__init__(
            config=config,
            credentials=credentials,
            environment=environment,
            base_url=base_url,
            timeout=resolved,
            max_retries=max_retries,
            default_headers=default_headers,
            total_timeout=total_timeout,
            response_validation=response_validation,
            deviations_log=deviations_log,
        )
        self._owns_http_client = http_client is None
        self._http = http_client if http_client is not None else httpx.Client(timeout=resolved)
        _check_http_client(self, self._http, httpx.Client)
        _transport.bound_sockets(self._http)
        self._sleep: Callable[[float], None] = _sleep_of(self._http, time.sleep)
        """Waits between attempts; tests replace it."""

    def request(self, endpoint: Endpoint, **options: Unpack[RequestOptions]) -> Any:
        """Call `endpoint` and return the body parsed as documented for the status received."""
        return self.request_raw(endpoint, **options).parse()

    def request_raw(self, endpoint: Endpoint, **options: Unpack[RequestOptions]) -> RawResponse:
        """Call `endpoint`, retrying transient failures: its 2xx response, or an `APIError`."""
        endpoint = _typed(endpoint)
        request, idempotency_key = _build_request(self, self._http, endpoint, options)
        attempts = self._attempts(endpoint, request, idempotency_key, options, asynchronous=False)
        while True:
            attempt = attempts.start()
            try:
                with attempt.running():
                    response = self._http.send(request, follow_redirects=False)
                _refuse_cut_short(endpoint, response)
            except _HTTPX_ERRORS as raised:
                error = _transport_error(raised, request, self._http.is_closed)
                wait = attempts.wait_after_error(error)
                if wait is None:
                    raise attempts.connection_error(error) from error
                self._sleep(wait)
                continue
            _check_api_version(self, response)
            wait = attempts.wait_after_response(response)
            if wait is None:
                return attempts.outcome(response)
            self._sleep(wait)

    def paginate(self, endpoint: Endpoint, **options: Unpack[RequestOptions]) -> Iterator[Any]:
        """Every item of every page, following the cursor to an empty page or to none; a cursor
        given again (a cycle) raises `errors.PaginationError`."""
        pages = _Pages(endpoint, options)
        while (next_options := pages.next_options()) is not None:
            yield from pages.items(self.request(endpoint, **next_options))

    def close(self) -> None:
        """Close the connection pool (unless the `http_client` was passed in)."""
        if self._owns_http_client:
            self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


class AsyncAPIClient(_BaseAPIClient):
    """Asynchronous client (asyncio): one `httpx.AsyncClient`, retries, typed results."""

    def __init__(
        self,
        *,
        config: ClientConfig,
        credentials: Mapping[str, str | tuple[str, str] | None],
        environment: str | None,
        base_url: str | None,
        timeout: float | httpx.Timeout | None | NotGiven,
        max_retries: int,
        http_client: httpx.AsyncClient | None,
        default_headers: Mapping[str, str] | None,
        total_timeout: float | None = None,
        response_validation: ResponseValidation = "lenient",
        deviations_log: str | os.PathLike[str] | None = None,
    ) -> None:
        _import_client_runtime()
        _import_asyncio()
        resolved = _default_timeout(timeout, http_client)
        super().__init__(
            config=config,
            credentials=credentials,
            environment=environment,
            base_url=base_url,
            timeout=resolved,
            max_retries=max_retries,
            default_headers=default_headers,
            total_timeout=total_timeout,
            response_validation=response_validation,
            deviations_log=deviations_log,
        )
        self._owns_http_client = http_client is None
        self._http = http_client if http_client is not None else httpx.AsyncClient(timeout=resolved)
        _check_http_client(self, self._http, httpx.AsyncClient)
        _transport.bound_sockets(self._http)
        self._abandoned: set[asyncio.Task[httpx.Response]] = set()
        limit = _transport.connection_limit(self._http)
        self._limiter = None if limit is None else asyncio.Semaphore(limit)
        self._sleep: Callable[[float], Awaitable[None]] = _sleep_of(self._http, asyncio.sleep)
        """Waits between attempts; tests replace it."""

    async def request(self, endpoint: Endpoint, **options: Unpack[RequestOptions]) -> Any:
        """Call `endpoint` and return the body parsed as documented for the status received."""
        return (await self.request_raw(endpoint, **options)).parse()

    async def request_raw(
        self, endpoint: Endpoint, **options: Unpack[RequestOptions]
    ) -> RawResponse:
        """Call `endpoint`, retrying transient failures: its 2xx response, or an `APIError`."""
        endpoint = _typed(endpoint)
        request, idempotency_key = _build_request(self, self._http, endpoint, options)
        attempts = self._attempts(endpoint, request, idempotency_key, options, asynchronous=True)
        try:
            while True:
                attempt = attempts.start()
                try:
                    response = await self._send(request, attempt)
                    _refuse_cut_short(endpoint, response)
                except _HTTPX_ERRORS as raised:
                    error = _transport_error(raised, request, self._http.is_closed)
                    wait = attempts.wait_after_error(error)
                    if wait is None:
                        raise attempts.connection_error(error) from error
                    await self._sleep(wait)
                    continue
                _check_api_version(self, response)
                wait = attempts.wait_after_response(response)
                if wait is None:
                    return attempts.outcome(response)
                await self._sleep(wait)
        except asyncio.CancelledError as cancelled:
            if idempotency_key is not None and attempts.count:
                cancelled.add_note(
                    f"{_describe(request)} was cancelled after it may have been sent with "
                    f"idempotency key {idempotency_key}: repeat it with that key"
                )
            raise

    async def _send(self, request: httpx.Request, attempt: _transport.Attempt) -> httpx.Response:
        """One attempt, in a task of its own that no cancellation of the caller reaches: a
        cancelled call or a passed deadline aborts the attempt's socket operations instead (see
        `_transport`), and the task ends on its own, leaving the connection pool sound."""
        task = attempt.start_task(self._send_when_free(request, attempt))
        try:
            done, _ = await asyncio.wait((task,), timeout=attempt.remaining())
            if not done:  # the deadline passed: abort, and let the attempt end with its own error
                attempt.abort()
                done, _ = await asyncio.wait((task,), timeout=_ABORT_GRACE)
        except asyncio.CancelledError:
            attempt.abort()
            self._keep_until_done(task)
            raise
        if not done:
            self._keep_until_done(task)
            raise httpx.ReadTimeout("the attempt did not end by its deadline", request=request)
        return task.result()

    async def _send_when_free(
        self, request: httpx.Request, attempt: _transport.Attempt
    ) -> httpx.Response:
        """Send once a connection of the pool is free: requests wait here, not in httpcore's pool,
        where a request that gives up waiting (a pool timeout) can strand the connection just
        made for it (encode/httpcore#1093)."""
        limiter = self._limiter
        if limiter is None:
            return await self._http.send(request, follow_redirects=False)
        pool_timeout = (request.extensions.get("timeout") or {}).get("pool")
        try:
            async with asyncio.timeout(pool_timeout):
                await limiter.acquire()
        except TimeoutError:
            raise httpx.PoolTimeout("no connection became free in time", request=request) from None
        try:
            if attempt.aborted:
                raise httpx.PoolTimeout("the attempt was abandoned", request=request)
            return await self._http.send(request, follow_redirects=False)
        finally:
            limiter.release()

    def _keep_until_done(self, task: asyncio.Task[httpx.Response]) -> None:
        """Hold an abandoned attempt until it ends (its outcome is nobody's any more)."""
        self._abandoned.add(task)
        task.add_done_callback(self._forget)

    def _forget(self, task: asyncio.Task[httpx.Response]) -> None:
        self._abandoned.discard(task)
        if not task.cancelled():
            task.exception()  # retrieved, so asyncio does not log it

    async def paginate(
        self, endpoint: Endpoint, **options: Unpack[RequestOptions]
    ) -> AsyncIterator[Any]:
        """Every item of every page (`async for`), until an empty page or no cursor; a cursor given
        again (a cycle) raises `errors.PaginationError`."""
        pages = _Pages(endpoint, options)
        while (next_options := pages.next_options()) is not None:
            for item in pages.items(await self.request(endpoint, **next_options)):
                yield item

    async def close(self) -> None:
        """Close the connection pool (unless the `http_client` was passed in), once the attempts
        of cancelled calls have ended."""
        if self._abandoned:
            await asyncio.wait(set(self._abandoned), timeout=_ABORT_GRACE)
            for task in set(self._abandoned):  # not a socket of ours holds it (a custom transport)
                task.cancel()
        if self._owns_http_client:
            await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.close()


_Sleep = typing.TypeVar("_Sleep", bound=Callable[[float], Any])


def _check_http_client(
    client: _BaseAPIClient, http_client: object, kind: type[httpx.Client | httpx.AsyncClient]
) -> None:
    """Refuse an `http_client` of the other colour (its calls would fail later, as no API error);
    warn when it has a base URL of its own, which calls do not go to."""
    if not isinstance(http_client, kind):
        hint = ""
        if isinstance(http_client, httpx.AsyncClient):
            hint = " (an httpx.AsyncClient goes with the async client)"
        elif isinstance(http_client, httpx.Client):
            hint = " (an httpx.Client goes with the sync client)"
        raise errors.ClientConfigurationError(
            f"{type(client).__name__} needs an httpx.{kind.__name__} as http_client, not"
            f" {type(http_client).__name__}{hint}"
        )
    own = str(http_client.base_url).rstrip("/")
    if own and own != client.base_url:
        from ._deviations import _LOGGER  # the package's logger (on first use: import time)

        _LOGGER.warning(
            "the http_client's base_url %s is not used: calls go to %s (pass base_url= to choose)",
            own,
            client.base_url,
        )


def _sleep_of(http_client: object, default: _Sleep) -> _Sleep:
    """How the client waits between attempts: `default`, unless its `http_client` keeps a clock
    of its own (a test fake's `sleep_between_attempts`: it advances that clock, sleeping not)."""
    own = getattr(http_client, "sleep_between_attempts", None)
    return typing.cast(_Sleep, own) if callable(own) else default


def _default_timeout(
    timeout: float | httpx.Timeout | None | NotGiven,
    http_client: httpx.Client | httpx.AsyncClient | None,
) -> float | httpx.Timeout | None:
    """The timeout given, else the caller's `http_client`'s own (used as is), else 60 seconds."""
    if not isinstance(timeout, NotGiven):
        return timeout
    return http_client.timeout if http_client is not None else DEFAULT_TIMEOUT


__all__ = [
    "DEFAULT_TIMEOUT",
    "NOT_GIVEN",
    "AsyncAPIClient",
    "ClientConfig",
    "Endpoint",
    "Later",
    "NotGiven",
    "Pagination",
    "ParameterSpec",
    "PartEncoding",
    "RawResponse",
    "RequestOptions",
    "ResponseSpec",
    "ResponseValidation",
    "SecurityScheme",
    "StatusByHeader",
    "SyncAPIClient",
    "new_idempotency_key",
    "parse_value",
    "submodule_on_first_use",
]
