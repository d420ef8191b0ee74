"""HTTP runtime of the generated client: build the request, send it with retries, parse the answer.

The generated `_client.py` describes each operation as an `Endpoint` and calls
`SyncAPIClient.request` / `AsyncAPIClient.request` with the caller's arguments. Everything about
HTTP lives here, once:

- `_BaseAPIClient._build_request`: the one place that turns arguments into an `httpx.Request`;
- `SyncAPIClient.request_raw` and its async twin: the retry loop (one policy, two colours);
- `_status_error`: the one place that maps a non-2xx response to an exception.

Retries follow what a failed attempt may have done (`_Attempts.wait_after_error` and
`wait_after_response`; `_Progress` reads how far an attempt got from httpcore's trace). A request
that may be repeated (an idempotent method, an operation documented free of side effects, or one
that carries an idempotency key, always the same across the call's attempts) is retried up to
`max_retries` times after connection errors, timeouts, 408, 409, 429, >= 500, a 1xx received as a
final answer, and the error types the API documents as "still processing"
(`ClientConfig.retry_error_types`). Any other request (POST or PATCH without a key) is retried
only when it provably was not processed: no connection, the request not completely written, a
429, a 503 with `Retry-After`, or one of `retry_error_types`; after a read timeout or a 500 it
fails at once, saying that it may have been processed. The wait is `Retry-After` when given
(capped), else exponential backoff with jitter, raised to the API's documented minimum after a
429 or a "still processing" answer. An interim 1xx (`102 Processing` before the real answer) is
skipped by httpx; the read timeout bounds the wait after it, so a server that falls silent ends
in a timeout rather than a hang.

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

import base64
import copy
import email.utils
import importlib
import ipaddress
import json
import math
import os
import platform
import random
import re
import sys
import time
import typing
import uuid
import warnings
import weakref
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, timezone
from enum import Enum
from types import TracebackType
from typing import TYPE_CHECKING, Any, Final, Literal, Self, TypedDict, Unpack
from urllib.parse import quote, urlencode, urljoin, urlsplit

import httpx
import pydantic
import pydantic_core

from . import errors
from ._files import body_file, multipart_content
from ._outgoing import check_json_data, text_content
from ._security import chosen_schemes, redact_httpx_logs, wire_forms
from ._wire import declared_headers
from ._wire import (
    ParameterSpec,
    check_header,
    cookie_pairs,
    default_spec,
    PartEncoding,
    form_body,
    header_value,
    path_value,
    query_pairs,
)
from ._wire import text as _text

if TYPE_CHECKING:
    import asyncio

    from . import _deviations_log, _transport
    from ._base_model import (
        _LOGGER,
        ADDITIONAL,
        EMPTY_BODY,
        NOT_JSON,
        Deviation,
        JSONFloat,
        WireNumber,
        _deviations_of,
        _error_details,
        deviations,
        extras_logged,
        hollow_value,
        loads,
        log_deviations,
    )
    from ._deviations_log import DeviationsLog

# Importing the package imports neither pydantic's model machinery (`_base_model`) nor asyncio and
# httpcore (`_transport`): they cost more than the rest of the client. A client's construction
# imports `_transport` (and asyncio, for the async client), the first request or parse `_base_model`.
_models_runtime_imported = False


def _import_models_runtime() -> None:
    """Binds the names imported for type checkers above (the first request or parse calls it)."""
    global _models_runtime_imported
    from . import _base_model

    names: tuple[str, ...] = ("ADDITIONAL", "Deviation", "JSONFloat", "WireNumber", "loads")
    names += ("deviations", "_deviations_of", "_error_details", "extras_logged", "log_deviations")
    names += ("EMPTY_BODY", "NOT_JSON", "hollow_value", "_LOGGER")
    globals().update({name: getattr(_base_model, name) for name in names})
    _models_runtime_imported = True


def _import_client_runtime() -> None:
    """Imports what a client's construction needs (httpcore's transport, the deviations log)."""
    global _transport, _deviations_log
    from . import _deviations_log, _transport


def _import_asyncio() -> None:
    global asyncio
    import asyncio


DEFAULT_TIMEOUT: Final = 60.0
"""Seconds each attempt may take (connect, write, wait for and read the answer) unless told otherwise."""
_INITIAL_RETRY_DELAY = 0.5
_MAX_RETRY_DELAY = 8.0
_MAX_RETRY_AFTER = 60.0
_RETRIED_STATUSES = frozenset({408, 409, 429})
_RETRIED_EXCEPTIONS = (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError)
_HTTPX_ERRORS = (
    httpx.HTTPError,
    httpx.InvalidURL,
    httpx.CookieConflict,
    httpx.StreamError,
    RuntimeError,
)
"""What `httpx.Client.send` raises (RuntimeError: the client is closed)."""
_PHASES = ("connect", "read", "write", "pool")
# Failures that happen before a byte of the request can have left: no connection was obtained.
_NOTHING_SENT_EXCEPTIONS = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
_LENIENT: Final[Mapping[str, Any]] = {"lenient": True}
_EMPTY: Final[Mapping[str, Any]] = {}
_PATH_PARAMETER = re.compile(r"\{([^{}]+)\}")
_NO_JSON: Final = object()
_ABORT_GRACE = 0.5
"""Seconds an aborted async attempt gets to end with its own error before it is left behind."""


class NotGiven:
    """Type of `NOT_GIVEN`: "not passed", where `None` means something (`timeout=None`: none)."""

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN: Final = NotGiven()

ResponseValidation = Literal["lenient", "strict"]
"""How a client treats a response that breaks the spec (see `_BaseAPIClient.response_validation`)."""


class Later:
    """A type the generated client names without building it: `Later(lambda: models.Order)`. The
    package's import builds no model; an endpoint's types are built on its first call (`_typed`)."""

    __slots__ = ("make",)

    def __init__(self, make: Callable[[], Any]) -> None:
        self.make = make

    def __repr__(self) -> str:
        return "Later(...)"


class _SubmoduleOnFirstUse:
    """A sibling module imported when one of its names is first read (the `Later` types' `models`)."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attribute: str) -> Any:
        return getattr(importlib.import_module(self._name), attribute)


def submodule_on_first_use(module: str, submodule: str) -> Any:
    """The package's `submodule`, seen from its module `module`, imported on first use."""
    return _SubmoduleOnFirstUse(module.rpartition(".")[0] + "." + submodule)


def _built(kind: Any) -> Any:
    return kind.make() if isinstance(kind, Later) else kind


@dataclass(frozen=True)
class ResponseSpec:
    """A documented response of an operation."""

    status: str
    """"200", "2XX" or "default"."""
    kind: str
    """"json", "jsonl" (a list, one item per line or RS record), "text", "bytes", "any" (JSON when
    the response says it is JSON, else its bytes) or "empty"."""
    type: Any
    """The Python type a "json" body is parsed into; None for other kinds."""
    headers: tuple[tuple[str, Any], ...] = ()
    """The response's declared headers: (name, the Python type its value is read as)."""


@dataclass(frozen=True)
class Pagination:
    """How an operation pages: which query parameter takes the cursor, where the next one is."""

    cursor_param: str
    cursor_path: tuple[str, ...]
    items_attr: str


@dataclass(frozen=True)
class SecurityScheme:
    """A way to authenticate: "apiKey" (sent in `location` as `param_name`), "bearer" or "basic"."""

    name: str
    kind: str
    location: str
    param_name: str


@dataclass(frozen=True)
class Endpoint:
    """Everything the runtime needs to know about one operation."""

    operation_id: str
    method: str
    path: str
    responses: tuple[ResponseSpec, ...]
    body_kind: str | None = None
    body_type: Any = None
    body_content_type: str | None = None
    idempotency_header: str | None = None
    idempotent: bool = False
    """Repeating the request has no further effect (by its HTTP method, or as the API documents):
    retried on any transient failure. Otherwise only a request carrying an idempotency key is."""
    security: tuple[str, ...] = ()
    """The security schemes of the operation, any one of them enough (see `security_requirements`)."""
    security_requirements: tuple[tuple[str, ...], ...] | None = None
    """The spec's Security Requirement Objects, when `security` does not say it all: every scheme of
    one requirement is sent; an empty requirement needs no credential."""
    pagination: Pagination | None = None
    parameters: tuple[ParameterSpec, ...] = ()
    """How each parameter is serialized (style, explode, ...); others get OpenAPI's defaults."""
    body_encodings: tuple[PartEncoding, ...] = ()
    """The form or multipart body's `encoding` entries (OpenAPI), by property."""
    body_sends_null: bool = False
    """The body is required and nullable: `None` is sent as JSON `null`."""
    servers: tuple[str, ...] = ()
    """The operation's own servers (OpenAPI path- or operation-level `servers`): it is sent to the
    first, unless the client was given a `base_url` (argument or environment variable)."""


def _typed(endpoint: Endpoint) -> Endpoint:
    """`endpoint` with its `Later` types built: once per endpoint, on its first call."""
    typed: Endpoint | None = endpoint.__dict__.get("_typed")
    if typed is None:
        if not _models_runtime_imported:
            _import_models_runtime()
        typed = replace(
            endpoint,
            responses=tuple(
                replace(r, type=_built(r.type), headers=tuple((n, _built(t)) for n, t in r.headers))
                for r in endpoint.responses
            ),
            body_type=_built(endpoint.body_type),
            parameters=tuple(replace(p, type=_built(p.type)) for p in endpoint.parameters),
        )
        object.__setattr__(typed, "_typed", typed)
        object.__setattr__(endpoint, "_typed", typed)
    return typed


@dataclass(frozen=True)
class ClientConfig:
    """What the runtime needs to know about the API as a whole."""

    package_name: str
    package_version: str
    api_version: str
    version_header: str | None
    env_prefix: str
    servers: tuple[tuple[str, str], ...]
    security_schemes: tuple[SecurityScheme, ...]
    error_type_field: str | None = "type"
    retry_error_types: frozenset[str] = frozenset()
    """Error types retried like a 5xx (with the same idempotency key), e.g. "still processing"."""
    rate_limit_min_wait: float = 0.0
    """Least wait, in seconds, after a 429 without `Retry-After`."""
    retry_error_min_wait: float = 0.0
    """Least wait, in seconds, before retrying one of `retry_error_types` or a 1xx without `Retry-After`."""
    requires_credentials: bool = True
    """Every operation needs a credential: a client without any is refused when it is made."""


class RequestOptions(TypedDict, total=False):
    """Arguments of `request`, `request_raw` and `paginate`; `None` values are left out."""

    path_params: Mapping[str, Any]
    query: Mapping[str, Any]
    headers: Mapping[str, Any]
    cookies: Mapping[str, Any]
    body: Any
    extra_headers: Mapping[str, str] | None
    timeout: float | httpx.Timeout | None | NotGiven
    max_retries: int | NotGiven
    total_timeout: float | None | NotGiven


class RawResponse:
    """A successful (2xx) response before parsing: status, headers, idempotency key, attempts."""

    def __init__(
        self,
        http_response: httpx.Response,
        endpoint: Endpoint,
        *,
        idempotency_key: str | None,
        attempts: int,
        strict: bool = False,
        deviations_log: DeviationsLog | None = None,
    ) -> None:
        self.http_response = http_response
        self.idempotency_key = idempotency_key
        """The idempotency key every attempt sent (None when the operation takes none)."""
        self.attempts = attempts
        """HTTP requests made for this call, retries included."""
        self._endpoint = endpoint
        self._strict = strict
        self._deviations_log = deviations_log
        self._deviation_sink = self._write_deviations if deviations_log is not None else None
        """Where parsing hands what it found (None: the client keeps no log; nothing extra is done)."""

    def _write_deviations(self, found: list[Deviation], parsed: Any) -> None:
        """Writes what parsing found to the client's deviations log."""
        if self._deviations_log is not None:
            request = self.http_response.request
            self._deviations_log.write(
                found,
                parsed,
                operation=self._endpoint.operation_id,
                method=request.method,
                path=self._endpoint.path,
                status=self.status_code,
            )

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    @property
    def declared_headers(self) -> dict[str, Any]:
        """The headers the spec declares for this response, read as their schemas' types
        (`{"Location": "...", "X-RateLimit-Remaining": 41}`); absent ones are left out. A value
        that does not fit its schema raises `ValueError` naming the header."""
        spec = _documented_response(self._endpoint, self.status_code)
        return declared_headers(
            spec.headers if spec is not None else (), self.http_response.headers
        )

    def parse(self) -> Any:
        """The body parsed as documented for its status (the value `request()` returns).

        A body that breaks the spec raises `ResponseValidationError` in strict mode; in lenient mode
        it is returned with each deviation logged and listed by `deviations()`."""
        return _parse_success(self._endpoint, self.http_response, self)

    def __repr__(self) -> str:
        return f"<RawResponse {self._endpoint.operation_id} {self.status_code}>"


class _Secret:
    """A credential that does not show itself in `repr`/`vars` dumps."""

    __slots__ = ("value",)

    def __init__(self, value: str) -> None:
        self.value = value

    def __repr__(self) -> str:
        return "<redacted>"


class _BaseAPIClient:
    """Configuration, request building and response handling of both the sync and async client."""

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
        self._base_url = _resolve_base_url(config, environment, base_url)
        # An explicit base URL (argument or environment variable) wins over operations' own servers.
        self._explicit_base_url = base_url is not None or bool(
            os.environ.get(f"{config.env_prefix}_BASE_URL")
        )
        self._endpoint_urls: dict[int, tuple[Endpoint, str]] = {}
        self.timeout = timeout
        """Default timeout of each attempt; `None` disables it."""
        self.max_retries = max_retries
        self.total_timeout = total_timeout
        """Default limit of a whole call (every attempt and the waits between them); `None`: none."""
        self._schemes = {scheme.name: scheme for scheme in config.security_schemes}
        self._credentials: dict[str, _Secret] = {}
        redactions: set[str] = set()
        for name, secret in credentials.items():
            scheme = self._schemes.get(name)
            if scheme is None or not secret:
                continue
            wire = _credential_value(scheme, secret)
            self._credentials[name] = _Secret(wire)
            # Error texts lose the secret as given and as sent ("Bearer x", "Basic <base64>"); of a
            # (user, password) pair, only the password is secret.
            given = secret[1] if isinstance(secret, tuple) else secret
            redactions.update(*map(wire_forms, {given, wire, wire.split(" ", 1)[-1]} - {""}))
        # Longest first, so that a secret inside another one's wire form cannot leave a fragment.
        self._redactions = tuple(
            _Secret(text) for text in sorted(redactions, key=len, reverse=True)
        )
        if config.security_schemes and not self._credentials and config.requires_credentials:
            raise errors.ClientConfigurationError(
                _missing_credential_message(config, config.security_schemes[0])
            )
        if self._credentials:
            _refuse_insecure_url(self._base_url)
            redact_httpx_logs(self)
        self._default_headers = dict(default_headers or {})
        _check_header_values(self._default_headers)
        self._warned_about_version = False
        # Both depend only on the endpoint and on this client's settings: computed once each.
        self._standard_headers_cache: dict[int, tuple[Endpoint, dict[str, str]]] = {}
        # The schemes each endpoint sends (names only: no credential is kept outside `_Secret`s).
        self._credentials_cache: dict[int, tuple[Endpoint, tuple[SecurityScheme, ...]]] = {}

    @property
    def base_url(self) -> str:
        """The URL every operation path is appended to."""
        return self._base_url

    def __repr__(self) -> str:
        name, version = type(self).__name__, self._config.api_version
        return f"{name}(base_url={self._base_url!r}, api_version={version!r})"

    def _build_request(
        self, http: httpx.Client | httpx.AsyncClient, endpoint: Endpoint, options: RequestOptions
    ) -> tuple[httpx.Request, str | None]:
        """The request for `options`, and the idempotency key it carries (reused by every retry)."""
        auth_headers, auth_query, auth_cookies = self._credentials_for(endpoint)
        specs = _parameter_specs(endpoint)
        _check_parameters(endpoint, options, specs)
        header_parameters = {
            name: header_value(specs.get(("header", name)) or default_spec(name, "header"), value)
            for name, value in options.get("headers", _EMPTY).items()
            if value is not None
        }
        headers = _merge_headers(
            self._standard_headers(endpoint),
            self._default_headers,
            auth_headers,
            header_parameters,
            options.get("extra_headers") or _EMPTY,
        )
        key_header = endpoint.idempotency_header
        idempotency_key = None
        if key_header:
            if key_header.lower() not in headers:
                headers[key_header.lower()] = (key_header, new_idempotency_key())
            idempotency_key = headers[key_header.lower()][1]
        cookies = [
            pair
            for name, value in options.get("cookies", _EMPTY).items()
            if value is not None
            for pair in cookie_pairs(
                specs.get(("cookie", name)) or default_spec(name, "cookie"), value
            )
        ]
        for name, secret in auth_cookies.items():
            check_header(name, secret)
            cookies.append(f"{name}={secret}")
        if cookies:
            given = headers.get("cookie")
            headers["cookie"] = ("Cookie", "; ".join(([given[1]] if given else []) + cookies))
        content, content_type = _encode_body(endpoint, options.get("body"))
        if content_type and "content-type" not in headers:
            headers["content-type"] = ("Content-Type", content_type)
        timeout = options.get("timeout", NOT_GIVEN)
        query = [
            pair
            for name, value in options.get("query", _EMPTY).items()
            if value is not None
            for pair in query_pairs(
                specs.get(("query", name)) or default_spec(name, "query"), value
            )
        ]
        query += [
            pair
            for name, secret in auth_query
            for pair in query_pairs(default_spec(name, "query"), secret)
        ]
        path = _render_path(endpoint.path, options.get("path_params", _EMPTY), specs)
        request = http.build_request(
            endpoint.method,
            self._endpoint_url(endpoint) + path + ("?" + "&".join(query) if query else ""),
            headers=list(headers.values()),
            timeout=self.timeout if isinstance(timeout, NotGiven) else timeout,
            **content,
        )
        return request, idempotency_key

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
            cached = (endpoint, self._compute_standard_headers(endpoint))
            self._standard_headers_cache[id(endpoint)] = cached
        return cached[1]

    def _compute_standard_headers(self, endpoint: Endpoint) -> dict[str, str]:
        config = self._config
        package = f"{config.package_name}/{config.package_version}"
        successes = [spec.kind for spec in endpoint.responses if spec.status.startswith("2")]
        json_only = set(successes) <= {"json", "empty"}
        headers = {
            "User-Agent": f"{package} httpx/{httpx.__version__} python/{platform.python_version()}",
            "Accept": "application/json" if json_only else "application/json, */*;q=0.8",
        }
        if config.version_header:
            headers[config.version_header] = config.api_version
        return headers

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
        return _missing_credential_message(self._config, scheme)

    def _should_retry(self, response: httpx.Response) -> bool:
        status = response.status_code
        if status < 200 or status >= 500 or status in _RETRIED_STATUSES:
            return True
        if status < 300:
            return False
        return self._is_still_processing(response)

    def _is_still_processing(self, response: httpx.Response) -> bool:
        """A 1xx as a final answer, or an error type the API asks to retry with the same key."""
        if response.status_code < 200:
            return True
        return self._is_retry_error_type(response)

    def _is_retry_error_type(self, response: httpx.Response) -> bool:
        """An error whose type the API documents as safe to retry (`retry_error_types`)."""
        if response.status_code < 300 or not self._config.retry_error_types:
            return False
        return _error_type(self._config, _json_value(response)) in self._config.retry_error_types

    def _says_not_processed(self, response: httpx.Response) -> bool:
        """An answer meaning the request was not acted on: 429, 503 with `Retry-After`, or an
        error type the API documents as safe to retry."""
        status = response.status_code
        if status == 429 or (status == 503 and _retry_after(response.headers) is not None):
            return True
        return self._is_retry_error_type(response)

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

    def _retry_delay(self, retries_taken: int, response: httpx.Response | None) -> float:
        """Seconds to wait before the next attempt: `Retry-After`, else backoff with jitter (at
        least the API's documented wait after a 429 or a "still processing" answer)."""
        retry_after = _retry_after(response.headers) if response is not None else None
        if retry_after is not None:
            return min(retry_after, _MAX_RETRY_AFTER)
        backoff = min(_INITIAL_RETRY_DELAY * 2.0**retries_taken, _MAX_RETRY_DELAY)
        delay = backoff * (1 - 0.25 * random.random())
        if response is not None and response.status_code == 429:
            delay = max(delay, self._config.rate_limit_min_wait)
        elif response is not None and self._is_still_processing(response):
            delay = max(delay, self._config.retry_error_min_wait)
        return delay

    def _outcome(
        self,
        endpoint: Endpoint,
        response: httpx.Response,
        idempotency_key: str | None,
        attempts: int,
        note: str = "",
    ) -> RawResponse:
        """The final response as a `RawResponse` if 2xx; else raise its `APIStatusError`."""
        if 200 <= response.status_code < 300:
            return RawResponse(
                response,
                endpoint,
                idempotency_key=idempotency_key,
                attempts=attempts,
                strict=self.response_validation == "strict",
                deviations_log=self.deviations_log,
            )
        raise self._status_error(endpoint, response, idempotency_key, attempts, note)

    def _status_error(
        self,
        endpoint: Endpoint,
        response: httpx.Response,
        idempotency_key: str | None,
        attempts: int,
        note: str = "",
    ) -> errors.APIStatusError:
        """The exception for a non-2xx response, its body parsed into the documented error model."""
        status = response.status_code
        raw = _json_value(response)
        error_type = _error_type(self._config, raw)
        spec = _documented_response(endpoint, status)
        if raw is _NO_JSON:
            body: Any = response.text
        elif spec is not None and spec.kind == "json":
            # Lenient: the documented error model, its deviations recorded and logged like any
            # response's. Strict: a body that breaks the spec is kept as received (the status
            # error still says what happened; the body is no model that would contradict its type).
            strict = self.response_validation == "strict"
            try:
                body = parse_value(spec.type, raw, operation=endpoint.operation_id, strict=strict)
            except errors.ResponseValidationError:
                body = raw
        else:
            body = raw
        if isinstance(raw, dict):
            detail = raw.get("message")
        else:
            detail = response.text if raw is _NO_JSON else None
        message = f"{_describe(response.request)} returned {status} {response.reason_phrase}"
        message = message.rstrip()
        if error_type:
            message += f" ({error_type})"
        if detail:
            message += f": {self._redact(str(detail))[:500]}"  # redact before cutting
        if idempotency_key:
            message += f" [idempotency key {idempotency_key}]"
        message += note
        fallback = errors.InternalServerError if status >= 500 else errors.APIStatusError
        error_class = _STATUS_ERRORS.get(status, fallback)
        return error_class(
            self._redact(message),
            response=response,
            body=body,
            type=error_type,
            idempotency_key=idempotency_key,
            attempts=attempts,
            retry_after=_retry_after(response.headers),
        )

    def _transport_error(
        self, raised: Exception, request: httpx.Request, closed: bool
    ) -> httpx.HTTPError:
        """What httpx raised, as an `httpx.HTTPError` (which the retry loop understands); a closed
        client is a `ClientClosedError` at once."""
        if isinstance(raised, RuntimeError) and closed:
            raise errors.ClientClosedError(
                f"{_describe(request)}: the client is closed; create a new one"
            ) from raised
        if isinstance(raised, httpx.HTTPError):
            return raised
        # InvalidURL, CookieConflict, StreamError, a misused http_client: it cannot be sent.
        error = httpx.LocalProtocolError(f"{type(raised).__name__}: {raised}")
        error.__cause__ = raised
        return error

    def _connection_error(
        self,
        request: httpx.Request,
        error: httpx.HTTPError,
        idempotency_key: str | None,
        attempts: int,
        note: str = "",
    ) -> errors.APIConnectionError:
        timed_out = isinstance(error, httpx.TimeoutException)
        error_class = errors.APITimeoutError if timed_out else errors.APIConnectionError
        what = "timed out" if timed_out else "failed"
        cause = f"{type(error).__name__}: {error}"
        message = f"{_describe(request)} {what} after {attempts} attempt(s): {cause}"
        if idempotency_key:
            message += f" [idempotency key {idempotency_key}]"
        message += note
        return error_class(
            self._redact(message),
            request=request,
            idempotency_key=idempotency_key,
            attempts=attempts,
        )

    def _check_api_version(self, response: httpx.Response) -> None:
        """Warn (once per client) when the API answers in another version than the package's."""
        header = self._config.version_header
        answered = response.headers.get(header) if header else None
        if answered and answered != self._config.api_version and not self._warned_about_version:
            self._warned_about_version = True
            warnings.warn(
                f"the API answered with {header} {answered!r}, but this client was generated for "
                f"{self._config.api_version!r}: responses may not match the models",
                stacklevel=_stacklevel_outside_package(),
            )

    def _redact(self, text: str) -> str:
        for secret in self._redactions:
            text = text.replace(secret.value, "[redacted]")
        return text


class _Progress:
    """How far one attempt got on the wire, from httpcore's trace events (`extensions["trace"]`)."""

    __slots__ = ("observed", "request_written")

    def __init__(self) -> None:
        self.observed = False
        """Trace events arrived (the transport is httpcore's); without them nothing is known."""
        self.request_written = False
        """The whole request (head and body) was handed to the connection."""

    def trace(self, event: str, info: Mapping[str, Any]) -> None:
        self.observed = True
        if event.endswith("send_request_body.complete"):
            self.request_written = True

    async def trace_async(self, event: str, info: Mapping[str, Any]) -> None:
        self.trace(event, info)

    def nothing_processed(self, error: httpx.HTTPError) -> bool:
        """Whether the attempt provably was not acted on: it never got a connection, or failed
        before the request was completely written (a server cannot act on an incomplete request)."""
        if isinstance(error, _NOTHING_SENT_EXCEPTIONS):
            return True
        return self.observed and not self.request_written


class _Attempts:
    """The attempts of one call, for both colours: counts them, watches how far each got, and
    decides after each failure whether to retry and how long to wait first."""

    def __init__(
        self,
        client: _BaseAPIClient,
        endpoint: Endpoint,
        request: httpx.Request,
        idempotency_key: str | None,
        max_retries: int,
        total_timeout: float | None,
        asynchronous: bool,
    ) -> None:
        self._client, self._endpoint, self._request = client, endpoint, request
        self.idempotency_key = idempotency_key
        self._max_retries = max_retries
        self._asynchronous = asynchronous
        self.count = 0
        # httpx's per-operation limits as built from `timeout`; the longest is the attempt's limit.
        self._timeouts: dict[str, float | None] = dict(request.extensions.get("timeout") or {})
        limits = [value for value in self._timeouts.values() if value is not None]
        self._attempt_seconds = max(limits) if limits else None
        self._total_timeout = total_timeout
        self._call_deadline = None if total_timeout is None else time.monotonic() + total_timeout
        self._progress = _Progress()
        self._note = ""
        key_header = endpoint.idempotency_header
        self._repeatable = endpoint.idempotent or bool(key_header and key_header in request.headers)
        """Whether repeating the request is harmless: idempotent, or carrying an idempotency key."""

    def start(self) -> _transport.Attempt:
        """Count a new attempt, watch its progress, and give it its deadline: `timeout` from now,
        or the end of `total_timeout` if sooner."""
        self.count += 1
        self._progress = _Progress()
        progress = self._progress
        extensions = self._request.extensions
        extensions["trace"] = progress.trace_async if self._asynchronous else progress.trace
        now = time.monotonic()
        deadlines = [d for d in (self._call_deadline,) if d is not None]
        if self._attempt_seconds is not None:
            deadlines.append(now + self._attempt_seconds)
        deadline = min(deadlines) if deadlines else None
        if deadline is not None:
            # The wait for a pooled connection is no socket operation: httpx's limit, cut.
            left = max(deadline - now, 0.0)
            extensions["timeout"] = {
                name: left if value is None else min(value, left)
                for name, value in (self._timeouts or dict.fromkeys(_PHASES)).items()
            }
        return _transport.Attempt(deadline)

    def wait_after_error(self, error: httpx.HTTPError) -> float | None:
        """Seconds to wait before retrying after `error`; None when the call fails with it."""
        if not isinstance(error, _RETRIED_EXCEPTIONS) or self.count > self._max_retries:
            return None
        if not self._repeatable and not self._progress.nothing_processed(error):
            self._note = self._not_retried_note()
            return None
        wait = self._within_total_timeout(self._client._retry_delay(self.count - 1, None))
        return self._logged(wait, type(error).__name__)

    def wait_after_response(self, response: httpx.Response) -> float | None:
        """Seconds to wait before retrying after `response`; None when it is the call's answer."""
        client = self._client
        if not client._should_retry(response) or self.count > self._max_retries:
            return None
        if not self._repeatable and not client._says_not_processed(response):
            self._note = self._not_retried_note()
            return None
        wait = self._within_total_timeout(client._retry_delay(self.count - 1, response))
        error_type = _error_type(client._config, _json_value(response))
        reason = (
            f"{response.status_code} {httpx.codes.get_reason_phrase(response.status_code)}".rstrip()
        )
        return self._logged(wait, f"{reason} ({error_type[:80]!r})" if error_type else reason)

    def _logged(self, wait: float | None, reason: str) -> float | None:
        """`wait`, logged at INFO when a retry follows it: the operation, the attempt that failed,
        why, and the wait (never a header, a body or the URL, which may carry credentials)."""
        if wait is not None:
            _LOGGER.info(
                "%s: attempt %d of %d failed (%s); retrying in %.2f s",
                self._endpoint.operation_id,
                self.count,
                self._max_retries + 1,
                reason,
                wait,
            )
        return wait

    def _within_total_timeout(self, wait: float) -> float | None:
        """`wait`, or None when no attempt could start after it within `total_timeout`."""
        if self._call_deadline is not None and time.monotonic() + wait >= self._call_deadline:
            self._note = f"; not retried: total_timeout ({self._total_timeout} s) leaves no time"
            return None
        return wait

    def outcome(self, response: httpx.Response) -> RawResponse:
        """The call's `RawResponse` (2xx), or raise the `APIStatusError` of `response`."""
        return self._client._outcome(
            self._endpoint, response, self.idempotency_key, self.count, self._note
        )

    def connection_error(self, error: httpx.HTTPError) -> errors.APIConnectionError:
        return self._client._connection_error(
            self._request, error, self.idempotency_key, self.count, self._note
        )

    def _not_retried_note(self) -> str:
        method = self._request.method
        return (
            f"; not retried: the request may have been processed ({method} is not idempotent and "
            "sent no idempotency key); check its effect before repeating it"
        )


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
        _transport.bound_sockets(self._http)
        self._sleep: Callable[[float], None] = _sleep_of(self._http, time.sleep)
        """Waits between attempts; tests replace it."""

    def request(self, endpoint: Endpoint, **options: Unpack[RequestOptions]) -> Any:
        """Call `endpoint` and return the body parsed as documented for the status received."""
        return self.request_raw(endpoint, **options).parse()

    def request_raw(self, endpoint: Endpoint, **options: Unpack[RequestOptions]) -> RawResponse:
        """Call `endpoint`, retrying transient failures: its 2xx response, or an `APIError`."""
        endpoint = _typed(endpoint)
        request, idempotency_key = self._build_request(self._http, endpoint, options)
        attempts = self._attempts(endpoint, request, idempotency_key, options, asynchronous=False)
        while True:
            attempt = attempts.start()
            try:
                with attempt.running():
                    response = self._http.send(request, follow_redirects=False)
                _refuse_cut_short(endpoint, response)
            except _HTTPX_ERRORS as raised:
                error = self._transport_error(raised, request, self._http.is_closed)
                wait = attempts.wait_after_error(error)
                if wait is None:
                    raise attempts.connection_error(error) from error
                self._sleep(wait)
                continue
            self._check_api_version(response)
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
        request, idempotency_key = self._build_request(self._http, endpoint, options)
        attempts = self._attempts(endpoint, request, idempotency_key, options, asynchronous=True)
        try:
            while True:
                attempt = attempts.start()
                try:
                    response = await self._send(request, attempt)
                    _refuse_cut_short(endpoint, response)
                except _HTTPX_ERRORS as raised:
                    error = self._transport_error(raised, request, self._http.is_closed)
                    wait = attempts.wait_after_error(error)
                    if wait is None:
                        raise attempts.connection_error(error) from error
                    await self._sleep(wait)
                    continue
                self._check_api_version(response)
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


class _Pages:
    """Cursor bookkeeping of `paginate` for both clients: never asks for the same cursor twice (a
    cursor given again raises `errors.PaginationError`)."""

    def __init__(self, endpoint: Endpoint, options: RequestOptions) -> None:
        if endpoint.pagination is None:
            raise ValueError(f"{endpoint.operation_id} is not paginated")
        self._pagination = endpoint.pagination
        self._operation = endpoint.operation_id
        self._options = options
        self._query = dict(options.get("query", _EMPTY))
        first = self._query.get(self._pagination.cursor_param)
        self._seen = {_text(first)} if first is not None else set()
        self._done = False
        self._cycle: errors.PaginationError | None = None

    def next_options(self) -> RequestOptions | None:
        """Options of the next page's request, or None when there is no next page; raises the
        `PaginationError` of a cycle once the items of the page that closed it are given."""
        if self._cycle is not None:
            raise self._cycle
        if self._done:
            return None
        return {**self._options, "query": dict(self._query)}

    def items(self, page: Any) -> list[Any]:
        """The items of `page`; remembers its cursor for the next request."""
        items = list(_attribute(page, self._pagination.items_attr) or ())
        cursor = page
        for name in self._pagination.cursor_path:
            cursor = _attribute(cursor, name)
        if not items or cursor is None or cursor == "":
            self._done = True
        elif _text(cursor) in self._seen:
            # Stopping would cut the list short without a word, going on would repeat it forever.
            asked = self._query.get(self._pagination.cursor_param)
            where = "the first page" if asked is None else f"the page after cursor {_text(asked)!r}"
            self._cycle = errors.PaginationError(
                f"{self._operation}: {where} gives the cursor {_text(cursor)!r} again (already"
                " followed): a cycle, the list would repeat or end early",
                operation=self._operation,
                cursor=_text(cursor),
            )
        else:
            self._seen.add(_text(cursor))
            self._query[self._pagination.cursor_param] = cursor
        return items


_STATUS_ERRORS: Final[Mapping[int, type[errors.APIStatusError]]] = {
    400: errors.BadRequestError,
    401: errors.AuthenticationError,
    403: errors.PermissionDeniedError,
    404: errors.NotFoundError,
    409: errors.ConflictError,
    422: errors.UnprocessableEntityError,
    429: errors.RateLimitError,
}

_type_adapters: dict[int, tuple[Any, pydantic.TypeAdapter[Any]]] = {}


def _type_adapter(kind: Any) -> pydantic.TypeAdapter[Any]:
    """A cached `TypeAdapter` (slow to build), keyed by identity: not every type is hashable."""
    cached = _type_adapters.get(id(kind))
    if cached is None or cached[0] is not kind:
        cached = (kind, pydantic.TypeAdapter(kind))
        _type_adapters[id(kind)] = cached
    return cached[1]


def new_idempotency_key() -> str:
    """A fresh idempotency key (UUID4), as a call generates when given none. Make one yourself and
    pass it when a call may be cancelled or time out: then you know the key to repeat it with."""
    return str(uuid.uuid4())


def _check_total_timeout(total_timeout: Any) -> None:
    if total_timeout is not None and (
        isinstance(total_timeout, bool)
        or not isinstance(total_timeout, (int, float))
        or not total_timeout > 0
    ):
        raise errors.ClientConfigurationError(
            f"total_timeout must be a number of seconds > 0 or None, got {total_timeout!r}"
        )


def _check_max_retries(max_retries: Any) -> None:
    if isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0:
        raise errors.ClientConfigurationError(
            f"max_retries must be an integer >= 0, got {max_retries!r}"
        )


_Sleep = typing.TypeVar("_Sleep", bound=Callable[[float], Any])


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


def _resolve_base_url(config: ClientConfig, environment: str | None, base_url: str | None) -> str:
    servers = dict(config.servers)
    if environment is not None and environment not in servers:
        raise errors.ClientConfigurationError(
            f"unknown environment {environment!r}; choose one of: {', '.join(map(repr, servers))}"
        )
    env_var = f"{config.env_prefix}_BASE_URL"
    named = servers[environment] if environment is not None else None
    url = base_url or os.environ.get(env_var) or named or next(iter(servers.values()), None)
    if url is None:
        raise errors.ClientConfigurationError(f"no base URL: pass base_url= or set {env_var}")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        message = "the base URL must be an absolute http(s) URL such as https://api.example.com/v1"
        raise errors.ClientConfigurationError(message)
    return url.rstrip("/")


def _refuse_insecure_url(url: str) -> None:
    """Credentials only travel over https, or plain http to this machine."""
    parts = urlsplit(url)
    if parts.scheme == "https" or _is_loopback(parts.hostname or ""):
        return
    raise errors.ClientConfigurationError(
        f"refusing to send credentials over plain http to {parts.hostname}; use https://"
    )


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return bool(ipaddress.ip_address(host).is_loopback)
    except ValueError:
        return False


def _credential_value(scheme: SecurityScheme, secret: str | tuple[str, str]) -> str:
    """The header/query/cookie value sent for `secret`."""
    if scheme.kind == "basic":
        user_and_password = ":".join(secret) if isinstance(secret, tuple) else secret
        return "Basic " + base64.b64encode(user_and_password.encode()).decode("ascii")
    if isinstance(secret, tuple):
        raise errors.ClientConfigurationError(
            f"security scheme {scheme.name!r} takes a single secret, not a (user, password) pair"
        )
    return f"Bearer {secret}" if scheme.kind == "bearer" else secret


def _missing_credential_message(config: ClientConfig, scheme: SecurityScheme) -> str:
    # The generator's argument names when a scheme is the only one of its kind.
    hints = {
        "apiKey": f"pass api_key= or set {config.env_prefix}_API_KEY",
        "bearer": f"pass bearer_token= or set {config.env_prefix}_BEARER_TOKEN",
        "basic": "pass basic_auth=(user, password)",
    }
    alone = sum(s.kind == scheme.kind for s in config.security_schemes) == 1
    hint = hints.get(scheme.kind, "pass it to the client") if alone else "pass it to the client"
    return f"no credential for security scheme {scheme.name!r} ({scheme.param_name}): {hint}"


_specs_by_endpoint: dict[int, tuple[Endpoint, dict[tuple[str, str], ParameterSpec]]] = {}


def _parameter_specs(endpoint: Endpoint) -> dict[tuple[str, str], ParameterSpec]:
    """The endpoint's `ParameterSpec`s by (location, name), computed once per endpoint."""
    cached = _specs_by_endpoint.get(id(endpoint))
    if cached is None or cached[0] is not endpoint:
        cached = (endpoint, {(spec.location, spec.name): spec for spec in endpoint.parameters})
        _specs_by_endpoint[id(endpoint)] = cached
    return cached[1]


def _check_parameters(
    endpoint: Endpoint,
    options: RequestOptions,
    specs: Mapping[tuple[str, str], ParameterSpec],
) -> None:
    """Each parameter value given is checked against its schema, like a body, before anything is
    sent (a `limit` above its maximum, a value outside an enum): one `ValidationError` listing every
    problem, located as (location, name, ...)."""
    problems: list[pydantic_core.InitErrorDetails] = []
    for location, given in (
        ("path", options.get("path_params", _EMPTY)),
        ("query", options.get("query", _EMPTY)),
        ("header", options.get("headers", _EMPTY)),
        ("cookie", options.get("cookies", _EMPTY)),
    ):
        for name, value in given.items():
            spec = specs.get((location, name))
            if value is None or spec is None or spec.type is None:
                continue
            try:
                _type_adapter(spec.type).validate_python(value)
            except pydantic.ValidationError as error:
                problems.extend(
                    {
                        "type": pydantic_core.PydanticCustomError(
                            e["type"], "{message}", {"message": e["msg"]}
                        ),
                        "loc": (location, name, *e["loc"]),
                        "input": e["input"],
                    }
                    for e in error.errors()
                )
    if problems:
        raise pydantic.ValidationError.from_exception_data(
            f"{endpoint.operation_id} parameters", problems
        )


def _render_path(
    template: str, path_params: Mapping[str, Any], specs: Mapping[tuple[str, str], ParameterSpec]
) -> str:
    pieces = []
    for literal, name in _path_template(template):
        pieces.append(literal)
        if name is not None:
            value = path_params.get(name)
            if value is None:
                raise ValueError(f"path parameter {name!r} needs a non-empty value")
            pieces.append(
                path_value(specs.get(("path", name)) or default_spec(name, "path"), value)
            )
    path = "".join(pieces)
    if "/." not in path:
        return path
    # The spec's own "." and ".." segments too (the generator warns about them): httpx would resolve
    # them into another path, even one outside the base URL's.
    return "/".join(_dot_segment(segment) or segment for segment in path.split("/"))


def _dot_segment(text: str) -> str | None:
    """A "." or ".." path segment percent-encoded, so that no HTTP stack resolves it; else None."""
    return "%2E" * len(text) if text in (".", "..") else None


_path_templates: dict[str, list[tuple[str, str | None]]] = {}


def _path_template(template: str) -> list[tuple[str, str | None]]:
    """(literal text, parameter name or None) pieces of a path template, the literal text percent-
    encoded where a path cannot carry it (a `?` or `#` the spec spells is part of the path)."""
    pieces = _path_templates.get(template)
    if pieces is None:
        pieces, start = [], 0
        for match in _PATH_PARAMETER.finditer(template):
            pieces.append(
                (quote(template[start : match.start()], safe="/:@!$&'()*+,;=%"), match.group(1))
            )
            start = match.end()
        pieces.append((quote(template[start:], safe="/:@!$&'()*+,;=%"), None))
        _path_templates[template] = pieces
    return pieces


def _merge_headers(*layers: Mapping[str, Any]) -> dict[str, tuple[str, str]]:
    """Later layers win; None values are left out; lists are comma-joined; no CR, LF or NUL.

    Keyed by lower-case name (names compare case-insensitively): (the name as given, its value).
    A plain dict, as `httpx.Headers` costs a few microseconds per header set or looked up.
    """
    headers: dict[str, tuple[str, str]] = {}
    for layer in layers:
        values = {
            name: ",".join(map(_text, value)) if isinstance(value, (list, tuple)) else _text(value)
            for name, value in layer.items()
            if value is not None
        }
        _check_header_values(values)
        for name, text in values.items():
            headers[name.lower()] = (name, text)
    return headers


def _check_header_values(values: Mapping[str, str]) -> None:
    for name, value in values.items():
        check_header(
            name, value
        )  # the message names the header, never the value (it may be a credential)


def _encode_body(endpoint: Endpoint, body: Any) -> tuple[dict[str, Any], str | None]:
    """`httpx.build_request` arguments for the body, and its content type (None: httpx's choice)."""
    kind = endpoint.body_kind
    declared = endpoint.body_content_type
    if body is None:
        # A required nullable body: None is the JSON `null` (an optional body's None means "no body").
        return (
            ({"content": b"null"}, declared or "application/json")
            if endpoint.body_sends_null
            else ({}, None)
        )
    if kind == "json":
        data = _request_json(endpoint.body_type, body)
        check_json_data(endpoint.operation_id, data)
        return {"content": _json_text(data).encode()}, declared or "application/json"
    if kind == "form":
        data = _request_json(endpoint.body_type, body)
        check_json_data(endpoint.operation_id, data)
        fields = pydantic_core.to_jsonable_python(data, by_alias=True)
        if not isinstance(fields, Mapping):
            raise TypeError(f"a form body must be a mapping or a model, not {type(body).__name__}")
        content = form_body(fields, _body_encodings(endpoint)).encode()
        return {"content": content}, declared or "application/x-www-form-urlencoded"
    if kind == "multipart":
        # Checked like a JSON body (a dict too); Python mode, so that files stay files.
        fields = _request_json(endpoint.body_type, body)
        check_json_data(endpoint.operation_id, fields, files_allowed=True)
        if not isinstance(fields, Mapping):
            raise TypeError(
                f"a multipart body must be a mapping or a model, not {type(body).__name__}"
            )
        media_type = declared or "multipart/form-data"
        content, content_type = multipart_content(fields, _body_encodings(endpoint), media_type)
        return {"content": content}, content_type
    if kind == "binary":
        # Read now, so that a retry sends the same bytes again.
        upload = body_file(endpoint.operation_id, body)
        return {
            "content": upload.read()
        }, upload.content_type or declared or "application/octet-stream"
    if kind == "text":
        content = text_content(endpoint.operation_id, body, declared)
        return {"content": content}, declared or "text/plain; charset=utf-8"
    if kind == "jsonl":
        # JSON Lines, or a JSON text sequence (RFC 7464: each record starts with RS).
        record_start = b"\x1e" if "json-seq" in (declared or "") else b""
        items = _request_json(endpoint.body_type, body)
        check_json_data(endpoint.operation_id, items)
        content = b"".join(record_start + _json_text(item).encode() + b"\n" for item in items)
        return {"content": content}, declared or "application/jsonl"
    raise TypeError(f"{endpoint.operation_id} takes no request body")


def _request_json(body_type: Any, body: Any) -> Any:
    """A request body as Python data ready for `_json_text`, validated strictly against `body_type`
    unless a model. Python mode, so that money stays exact (`WireNumber`); `_json_text` converts
    the rest (dates, UUIDs, bytes) the way pydantic's JSON mode does."""
    if not _models_runtime_imported:
        _import_models_runtime()
    if isinstance(body, pydantic.BaseModel):
        return body.model_dump(by_alias=True, exclude_unset=True)
    if body_type is None:
        return body
    adapter = _type_adapter(body_type)
    try:
        validated = adapter.validate_python(body)
    except pydantic.ValidationError as error:  # titled after the body's model, not a validator hook
        title = getattr(body_type, "__name__", None) or "request body"
        raise pydantic.ValidationError.from_exception_data(title, _error_details(error)) from None
    return adapter.dump_python(validated, by_alias=True, exclude_unset=True)


def _json_text(value: Any) -> str:
    """Compact JSON text of request data: a `WireNumber` as its exact digits (`10.10`), everything
    else as pydantic's JSON mode writes it."""
    if not _models_runtime_imported:
        _import_models_runtime()
    return _json_of(value)


def _json_of(value: Any) -> str:
    # Leaves written as `json.dumps(value, ensure_ascii=False, allow_nan=False)` writes them,
    # without building an encoder per leaf (a 200-item body has ~4,000 leaves).
    kind = type(value)
    if kind is str:
        return _json_string(value)
    if kind is dict or kind is list:
        pass
    elif isinstance(value, WireNumber):
        return format(value, "f")
    elif isinstance(value, JSONFloat):
        return value.text
    elif isinstance(value, Enum):
        return _json_of(value.value)
    elif value is None or isinstance(value, bool):
        return "null" if value is None else ("true" if value else "false")
    elif isinstance(value, str):
        return _json_string(value)
    elif isinstance(value, int):
        return int.__repr__(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"Out of range float values are not JSON compliant: {value!r}")
        return float.__repr__(value)
    if isinstance(value, Mapping):
        members = (_json_string(str(key)) + ":" + _json_of(item) for key, item in value.items())
        return "{" + ",".join(members) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join([_json_of(item) for item in value]) + "]"
    return _json_of(pydantic_core.to_jsonable_python(value, by_alias=True))


_json_string: Callable[[str], str] = json.encoder.encode_basestring


def _body_encodings(endpoint: Endpoint) -> dict[str, PartEncoding]:
    return {encoding.name: encoding for encoding in endpoint.body_encodings}


def _json_value(response: httpx.Response) -> Any:
    """The JSON body, or `_NO_JSON` when it is empty or not JSON (whatever its content type); read
    once per response (`_refuse_cut_short` reads it first for a JSON success)."""
    if not _models_runtime_imported:
        _import_models_runtime()
    cached = _read_bodies.get(response, _NOT_READ)
    if cached is not _NOT_READ:
        return cached
    if not response.content:
        value: Any = _NO_JSON
    else:
        try:
            value = loads(response.content)
        except ValueError as error:
            value = _NO_JSON
            if _cut_short(error):
                value = _CUT_SHORT
    _read_bodies[response] = value
    return _NO_JSON if value is _CUT_SHORT else value


_read_bodies: weakref.WeakKeyDictionary[httpx.Response, Any] = weakref.WeakKeyDictionary()
_NOT_READ: Final = object()
_CUT_SHORT: Final = object()
"""A body that is the beginning of a JSON text: the connection ended (or a proxy cut it) mid-body."""
_UNFINISHED_TAIL = re.compile(r"-?[0-9.eE+-]*|t|tr|tru|f|fa|fal|fals|n|nu|nul")


def _cut_short(error: ValueError) -> bool:
    """Whether a JSON parse failed only because the text ended early: the parser ran out of input
    inside an object, array or string (not a text that goes wrong before its end)."""
    if isinstance(error, UnicodeDecodeError):
        return error.reason == "unexpected end of data"  # a cut inside a multi-byte character
    if not isinstance(error, json.JSONDecodeError):
        return False
    text = error.doc.strip()
    if not text or text[0] not in '{["':
        return False
    if error.msg.startswith("Unterminated string"):
        return True
    return bool(_UNFINISHED_TAIL.fullmatch(error.doc[error.pos :].strip()))


def _refuse_cut_short(endpoint: Endpoint, response: httpx.Response) -> None:
    """A 2xx whose documented JSON body stops mid-text failed in transport, like a dropped
    connection: raised as one, so the retry policy repeats it where that is safe."""
    if not 200 <= response.status_code < 300 or not response.content:
        return
    spec = _documented_response(endpoint, response.status_code)
    if spec.kind != "json" if spec is not None else not _json_successes(endpoint):
        return
    _json_value(response)
    if _read_bodies.get(response) is _CUT_SHORT:
        raise httpx.RemoteProtocolError(
            f"the response body was cut short: {len(response.content)} bytes of JSON that stop"
            " mid-text (the connection ended, or a proxy cut it)",
            request=response.request,
        )


def _is_json_content_type(response: httpx.Response) -> bool:
    media_type = str(response.headers.get("content-type", "")).split(";")[0].strip().lower()
    return media_type == "application/json" or media_type.endswith("+json")


_documented_responses: dict[tuple[int, int], tuple[Endpoint, ResponseSpec | None]] = {}


def _documented_response(endpoint: Endpoint, status: int) -> ResponseSpec | None:
    """The `ResponseSpec` for `status`: the exact code, else its range ("4XX"), else "default".

    "default" describes a 2xx only when no 2xx is documented: it is nearly always the error model,
    and an undocumented success must not be parsed as an error.
    """
    cached = _documented_responses.get((id(endpoint), status))
    if cached is None or cached[0] is not endpoint:
        cached = (endpoint, _find_documented_response(endpoint, status))
        _documented_responses[(id(endpoint), status)] = cached
    return cached[1]


def _find_documented_response(endpoint: Endpoint, status: int) -> ResponseSpec | None:
    by_status = {spec.status.upper(): spec for spec in reversed(endpoint.responses)}
    exact = by_status.get(str(status)) or by_status.get(f"{status // 100}XX")
    success_documented = any(name.startswith("2") for name in by_status)
    if exact is not None or (200 <= status < 300 and success_documented):
        return exact
    return by_status.get("DEFAULT")


def _parse_success(
    endpoint: Endpoint, response: httpx.Response, raw: RawResponse | None = None
) -> Any:
    spec = _documented_response(endpoint, response.status_code)
    if spec is None:
        successes = _json_successes(endpoint)
        if len(successes) == 1 and _json_value(response) is _NO_JSON:
            # An undocumented 2xx without a JSON body (a 204 where a model is declared): the
            # annotation still says the documented model, so not a None or a text either.
            return _unreadable_body(endpoint, response, raw, successes[0].type)
    if spec is None or spec.kind == "any":
        # Undocumented, or any media type: JSON when it says so, else the bytes (None when there are none).
        if not response.content:
            return None
        value = _json_value(response) if _is_json_content_type(response) else _NO_JSON
        return response.content if value is _NO_JSON else value
    if spec.kind == "json":
        value = _json_value(response)
        if value is _NO_JSON:
            return _unreadable_body(endpoint, response, raw, spec.type)
        return _parse_received(endpoint, response, raw, spec.type, value)
    if spec.kind == "text":
        return response.text
    if spec.kind == "jsonl":
        try:
            values = _json_sequence(response.text)
        except ValueError:
            return response.text
        return _parse_received(endpoint, response, raw, spec.type, values)
    if spec.kind == "bytes":
        return response.content
    return None


def _json_successes(endpoint: Endpoint) -> list[ResponseSpec]:
    """The documented 2xx responses of `endpoint` when every one of them is JSON, else []."""
    successes = [spec for spec in endpoint.responses if spec.status.startswith("2")]
    return successes if all(spec.kind == "json" for spec in successes) else []


def _unreadable_body(
    endpoint: Endpoint, response: httpx.Response, raw: RawResponse | None, kind: Any
) -> Any:
    """A complete 2xx body that is empty or no JSON where JSON is declared (an empty 200, a 204, a
    proxy's HTML page): never returned as a text or None that contradicts the annotation.

    Strict: `ResponseValidationError`. Lenient: the declared model with every field unusable (or
    the union's `Unknown...` member holding the text), the problem recorded and logged like any
    deviation; a declared type that can hold neither (a list, a number) raises in both modes."""
    if not _models_runtime_imported:
        _import_models_runtime()
    text = response.text
    if text.strip():
        content_type = response.headers.get("content-type", "no content type")
        problem = Deviation(
            "", NOT_JSON, f"the body is not JSON ({content_type})", _short_text(text)
        )
    else:
        problem = Deviation(
            "", EMPTY_BODY, f"the body is empty (status {response.status_code})", None
        )
    strict = raw is not None and raw._strict
    hollow = None if strict else hollow_value(kind, problem)
    sink = raw._deviation_sink if raw is not None else None
    if sink is not None:
        sink([problem], None)
    if hollow is None:
        raise _invalid_response(
            endpoint.operation_id,
            [problem],
            response,
            text,
            raw.idempotency_key if raw is not None else None,
            raw.attempts if raw is not None else 1,
        )
    log_deviations(endpoint.operation_id, [problem])
    return hollow


def _short_text(text: str) -> str:
    return text if len(text) <= 200 else text[:197] + "..."


def _json_sequence(text: str) -> list[Any]:
    """The values of a JSON Lines body, or of a JSON text sequence (RFC 7464, RS-separated)."""
    if not _models_runtime_imported:
        _import_models_runtime()
    records = text.split("\x1e") if "\x1e" in text else text.splitlines()
    return [loads(record) for record in records if record.strip()]


def _parse_received(
    endpoint: Endpoint, response: httpx.Response, raw: RawResponse | None, kind: Any, value: Any
) -> Any:
    return parse_value(
        kind,
        value,
        operation=endpoint.operation_id,
        strict=raw is not None and raw._strict,
        response=response,
        idempotency_key=raw.idempotency_key if raw is not None else None,
        attempts=raw.attempts if raw is not None else 1,
        sink=raw._deviation_sink if raw is not None else None,
    )


def parse_value(
    kind: Any,
    value: Any,
    *,
    operation: str,
    strict: bool = False,
    response: httpx.Response | None = None,
    idempotency_key: str | None = None,
    attempts: int = 1,
    sink: Callable[[list[Deviation], Any], None] | None = None,
) -> Any:
    """`value` (JSON data) parsed into `kind` as the spec says, for a response or webhook payload.

    A value that validates (the usual case) is validated once, without the models' lenient hooks
    (plain pydantic speed). One that does not is parsed again leniently: what breaks the spec is
    recorded where it is (`deviations()`), then raised as `ResponseValidationError` (`strict`) or
    logged, one line for the call, and returned. A value that cannot be given its annotated type
    at all (the top level is not even the right kind of JSON value) raises in both modes.
    `sink(found, parsed)` gets every deviation found, undeclared fields included (a client's
    deviations log): only then is a conforming value walked for them.
    """
    if not _models_runtime_imported:
        _import_models_runtime()
    kind = _built(kind)
    if kind is None:
        return value
    plain = _plain_validator(kind)
    if plain is not None:
        try:
            result = plain.validate_python(value)
        except (ValueError, TypeError):
            pass
        else:
            # An undeclared field of a closed model is a violation, not an extra; the others are
            # looked for only when someone listens.
            if sink is not None or _reaches_closed_model(kind) or extras_logged():
                settle = _Settle(
                    operation, strict, response, value, idempotency_key, attempts, sink
                )
                return settle(result, deviations(result))
            return result
    try:
        result = _type_adapter(kind).validate_python(value, context=_LENIENT)
    except pydantic.ValidationError as error:
        found = _deviations_of(error, value, None)
        if sink is not None:
            sink(found, value)
        raise _invalid_response(
            operation, found, response, value, idempotency_key, attempts
        ) from None
    settle = _Settle(operation, strict, response, value, idempotency_key, attempts, sink)
    return settle(result, deviations(result))


@dataclass(frozen=True)
class _Settle:
    """The end of `parse_value` once the deviations of a parsed value are known: handed to the
    sink, raised (strict, when one is a violation) or logged, and the value returned."""

    operation: str
    strict: bool
    response: httpx.Response | None
    body: Any
    idempotency_key: str | None
    attempts: int
    sink: Callable[[list[Deviation], Any], None] | None

    def __call__(self, result: Any, found: list[Deviation]) -> Any:
        if self.sink is not None and found:
            self.sink(found, result)
        problems = [d for d in found if d.kind != ADDITIONAL]
        if self.strict and problems:
            raise _invalid_response(
                self.operation,
                problems,
                self.response,
                self.body,
                self.idempotency_key,
                self.attempts,
            )
        log_deviations(self.operation, found)
        return result


def _invalid_response(
    operation: str,
    problems: list[Deviation],
    response: httpx.Response | None,
    body: Any,
    idempotency_key: str | None,
    attempts: int,
) -> errors.ResponseValidationError:
    listed = "; ".join(f"{d.kind} at {d.pointer or '/'}: {d.message}" for d in problems[:10])
    more = f"; and {len(problems) - 10} more" if len(problems) > 10 else ""
    return errors.ResponseValidationError(
        f"{operation}: the response does not match the spec ({len(problems)} problem(s)): {listed}{more}",
        response=response,
        body=body,
        problems=problems,
        idempotency_key=idempotency_key,
        attempts=attempts,
    )


_closed_reach: dict[int, tuple[Any, bool]] = {}


def _reaches_closed_model(kind: Any) -> bool:
    """Whether a value of `kind` can hold a model whose schema is closed (`additionalProperties:
    false`): plain validation keeps an undeclared field there as an extra, which `deviations()`
    must then report as a violation. Computed once per type; False for most APIs (Runa's)."""
    cached = _closed_reach.get(id(kind))
    if cached is None or cached[0] is not kind:
        cached = (kind, _closed_model_in(kind, set()))
        _closed_reach[id(kind)] = cached
    return cached[1]


def _closed_model_in(kind: Any, seen: set[int]) -> bool:
    if id(kind) in seen:
        return False
    seen.add(id(kind))
    if isinstance(kind, type) and issubclass(kind, pydantic.BaseModel):
        if getattr(kind, "_forbid_extra", False):
            return True
        return any(_closed_model_in(f.annotation, seen) for f in kind.model_fields.values())
    return any(_closed_model_in(arg, seen) for arg in typing.get_args(kind))


_plain_validators: dict[int, tuple[Any, pydantic_core.SchemaValidator | None]] = {}


def _plain_validator(kind: Any) -> pydantic_core.SchemaValidator | None:
    """A cached validator of `kind` without the wrap validators marked `__lenient_only__` (None
    when pydantic does not show the schema: then every value takes the lenient pass)."""
    cached = _plain_validators.get(id(kind))
    if cached is None or cached[0] is not kind:
        validator = None
        try:
            adapter = _type_adapter(kind)
            schema = adapter.core_schema
            if not isinstance(schema, dict) and hasattr(adapter, "rebuild"):
                adapter.rebuild()  # a model built on first use (`defer_build`): build it now
                schema = adapter.core_schema
            if isinstance(schema, dict):
                validator = pydantic_core.SchemaValidator(_without_lenient_hooks(schema))
        except Exception:  # noqa: BLE001 - the lenient pass reports whatever is wrong with `kind`
            validator = None
        cached = (kind, validator)
        _plain_validators[id(kind)] = cached
    return cached[1]


def _without_lenient_hooks(schema: Any) -> Any:
    """A copy of a pydantic core schema with each `__lenient_only__` wrap validator replaced by the
    schema it wraps (which takes over its `ref`, so references to it still resolve)."""
    if isinstance(schema, list):
        return [_without_lenient_hooks(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    if schema.get("type") == "function-wrap":
        function = schema.get("function")
        if isinstance(function, dict):  # a validator; a serializer has the function itself
            function = function.get("function")
        inner = schema.get("schema")
        if getattr(function, "__lenient_only__", False) and isinstance(inner, dict):
            if not ("ref" in schema and "ref" in inner):
                inner = dict(_without_lenient_hooks(inner))
                if "ref" in schema:
                    inner["ref"] = schema["ref"]
                return inner
    result = {key: _without_lenient_hooks(value) for key, value in schema.items()}
    omitted = (
        getattr(schema.get("cls"), "_omit_when_none", ()) if schema.get("type") == "model" else ()
    )
    if omitted and isinstance(result.get("schema"), dict):
        result["schema"] = _null_refused(result["schema"], omitted)
    return result


def _null_refused(fields_schema: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    """A model's fields schema where the optional fields whose spec allows no null refuse a null:
    a request's None means "not given", but a null the server sends is a deviation, which the
    lenient pass records (`Model._record_nulls`)."""
    fields = fields_schema.get("fields")
    if not isinstance(fields, dict):
        return fields_schema
    fields = dict(fields)
    for name in names:
        field = fields.get(name)
        default = field.get("schema") if isinstance(field, dict) else None
        nullable = (
            default.get("schema")
            if isinstance(default, dict) and default.get("type") == "default"
            else None
        )
        if isinstance(field, dict) and isinstance(default, dict) and isinstance(nullable, dict):
            if nullable.get("type") == "nullable":
                fields[name] = {**field, "schema": {**default, "schema": nullable["schema"]}}
    return {**fields_schema, "fields": fields}


def _error_type(config: ClientConfig, body: Any) -> str | None:
    if not config.error_type_field or not isinstance(body, dict):
        return None
    value = body.get(config.error_type_field)
    return None if value is None else str(value)


def _retry_after(headers: httpx.Headers) -> float | None:
    """Seconds the server asks for: `retry-after-ms`, or `Retry-After` (seconds or an HTTP date)."""
    seconds: float | None = None
    if milliseconds := headers.get("retry-after-ms"):
        try:
            seconds = float(milliseconds) / 1000
        except ValueError:
            pass
    if seconds is None and (value := headers.get("retry-after")):
        try:
            seconds = float(value)
        except ValueError:
            try:
                when = email.utils.parsedate_to_datetime(value)
            except (TypeError, ValueError):
                return None
            if when.tzinfo is None:
                when = when.replace(tzinfo=timezone.utc)
            seconds = when.timestamp() - time.time()
    if seconds is None or not math.isfinite(seconds):
        return None
    return max(seconds, 0.0)


def _describe(request: httpx.Request) -> str:
    """Method and path, without the query string (which may carry a credential)."""
    return f"{request.method} {request.url.raw_path.split(b'?')[0].decode('ascii', 'replace')}"


def _attribute(value: Any, name: str) -> Any:
    return value.get(name) if isinstance(value, Mapping) else getattr(value, name, None)


def _stacklevel_outside_package() -> int:
    """`stacklevel` of the innermost caller outside this package: warnings point at user code."""
    package = os.path.dirname(__file__)
    level, frame = 1, sys._getframe(1)
    while frame.f_back is not None and os.path.dirname(frame.f_code.co_filename) == package:
        level, frame = level + 1, frame.f_back
    return level


__all__ = [
    "DEFAULT_TIMEOUT",
    "NOT_GIVEN",
    "AsyncAPIClient",
    "ClientConfig",
    "Endpoint",
    "NotGiven",
    "Pagination",
    "ParameterSpec",
    "PartEncoding",
    "RawResponse",
    "RequestOptions",
    "ResponseSpec",
    "ResponseValidation",
    "SecurityScheme",
    "SyncAPIClient",
    "new_idempotency_key",
    "parse_value",
]
