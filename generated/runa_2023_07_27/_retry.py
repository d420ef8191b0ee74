"""The retry policy: whether a failed attempt is repeated, and after how long.

A request that may be repeated (an idempotent method, an operation documented free of side
effects, or one that carries an idempotency key, always the same across the call's attempts) is
retried up to `max_retries` times after connection errors, timeouts, 408, 409, 429, >= 500, a 1xx
received as a final answer, and the error types the API documents as "still processing"
(`ClientConfig.retry_error_types`). Any other request (POST or PATCH without a key) is retried
only when it provably was not processed: no connection, the request not completely written
(`_Progress` reads how far an attempt got from httpcore's trace), a 429, a 503 with
`Retry-After`, or one of `retry_error_types`. The wait is `Retry-After` when given (capped), else
exponential backoff with jitter, raised to the API's documented minimum after a 429 or a "still
processing" answer.

Apart from `_base_client` so that the policy reads in one place, for both colours of the loop
that applies it (`SyncAPIClient.request_raw` and its async twin); it decides, the clients send.
What httpx raised becomes an `httpx.HTTPError` the policy reads (`_transport_error`), and a call
that ends without an answer an `APIConnectionError` (`_connection_error`).
"""

from __future__ import annotations

import random
import time
from typing import TYPE_CHECKING, Any

import httpx

from . import errors
from ._request import _describe
from ._response import _error_type, _json_value, _outcome, _retry_after
from ._types import import_models_runtime

if TYPE_CHECKING:
    from collections.abc import Mapping

    from . import _transport
    from ._base_client import _BaseAPIClient
    from ._base_model import _LOGGER
    from ._response import RawResponse
    from ._types import ClientConfig, Endpoint

# Bound on the first retry logged (`import_models_runtime`): importing the package builds no model.
_models_runtime_imported = False
# Bound on the first attempt (`_import_transport`): importing the package imports no httpcore.
_transport_imported = False


def _import_transport() -> None:
    global _transport, _transport_imported
    from . import _transport

    _transport_imported = True


_INITIAL_RETRY_DELAY = 0.5


_MAX_RETRY_DELAY = 8.0


_MAX_RETRY_AFTER = 60.0


_RETRIED_STATUSES = frozenset({408, 409, 429})


_RETRIED_EXCEPTIONS = (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError)


_PHASES = ("connect", "read", "write", "pool")


# Failures that happen before a byte of the request can have left: no connection was obtained.
_NOTHING_SENT_EXCEPTIONS = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


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
        # `_build_request` gives a key exactly when the request carries the idempotency header.
        self._repeatable = endpoint.idempotent or idempotency_key is not None
        """Whether repeating the request is harmless: idempotent, or carrying an idempotency key."""

    def start(self) -> _transport.Attempt:
        """Count a new attempt, watch its progress (when the policy will ask how far it got), and
        give it its deadline: `timeout` from now, or the end of `total_timeout` if sooner."""
        self.count += 1
        extensions = self._request.extensions
        # Only `wait_after_error` of a request that may not be repeated reads how far it got.
        if not self._repeatable:
            progress = self._progress = _Progress()
            extensions["trace"] = progress.trace_async if self._asynchronous else progress.trace
        now = time.monotonic()
        deadline = self._call_deadline
        if self._attempt_seconds is not None:
            ends = now + self._attempt_seconds
            deadline = ends if deadline is None else min(deadline, ends)
        if deadline is not None:
            # The wait for a pooled connection is no socket operation: httpx's limit, cut.
            left = max(deadline - now, 0.0)
            extensions["timeout"] = {
                name: left if value is None else min(value, left)
                for name, value in (self._timeouts or dict.fromkeys(_PHASES)).items()
            }
        if not _transport_imported:
            _import_transport()
        return _transport.Attempt(deadline)

    def wait_after_error(self, error: httpx.HTTPError) -> float | None:
        """Seconds to wait before retrying after `error`; None when the call fails with it."""
        if not isinstance(error, _RETRIED_EXCEPTIONS) or self.count > self._max_retries:
            return None
        if not self._repeatable and not self._progress.nothing_processed(error):
            self._note = self._not_retried_note()
            return None
        wait = self._within_total_timeout(_retry_delay(self._client._config, self.count - 1, None))
        return self._logged(wait, type(error).__name__)

    def wait_after_response(self, response: httpx.Response) -> float | None:
        """Seconds to wait before retrying after `response`; None when it is the call's answer."""
        client = self._client
        if not _should_retry(client._config, response) or self.count > self._max_retries:
            return None
        if not self._repeatable and not _says_not_processed(client._config, response):
            self._note = self._not_retried_note()
            return None
        wait = self._within_total_timeout(_retry_delay(client._config, self.count - 1, response))
        error_type = _error_type(client._config, _json_value(response))
        reason = (
            f"{response.status_code} {httpx.codes.get_reason_phrase(response.status_code)}".rstrip()
        )
        return self._logged(wait, f"{reason} ({error_type[:80]!r})" if error_type else reason)

    def _logged(self, wait: float | None, reason: str) -> float | None:
        """`wait`, logged at INFO when a retry follows it: the operation, the attempt that failed,
        why, and the wait (never a header, a body or the URL, which may carry credentials)."""
        if wait is not None:
            if not _models_runtime_imported:
                import_models_runtime(globals(), ("_LOGGER",))
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
        return _outcome(
            self._client, self._endpoint, response, self.idempotency_key, self.count, self._note
        )

    def connection_error(self, error: httpx.HTTPError) -> errors.APIConnectionError:
        return _connection_error(
            self._client, self._request, error, self.idempotency_key, self.count, self._note
        )

    def _not_retried_note(self) -> str:
        method = self._request.method
        return (
            f"; not retried: the request may have been processed ({method} is not idempotent and "
            "sent no idempotency key); check its effect before repeating it"
        )


def _transport_error(raised: Exception, request: httpx.Request, closed: bool) -> httpx.HTTPError:
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
    client: _BaseAPIClient,
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
        client._redact(message),
        request=request,
        idempotency_key=idempotency_key,
        attempts=attempts,
    )


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


def _should_retry(config: ClientConfig, response: httpx.Response) -> bool:
    status = response.status_code
    if status < 200 or status >= 500 or status in _RETRIED_STATUSES:
        return True
    if status < 300:
        return False
    return _is_still_processing(config, response)


def _is_still_processing(config: ClientConfig, response: httpx.Response) -> bool:
    """A 1xx as a final answer, or an error type the API asks to retry with the same key."""
    if response.status_code < 200:
        return True
    return _is_retry_error_type(config, response)


def _is_retry_error_type(config: ClientConfig, response: httpx.Response) -> bool:
    """An error whose type the API documents as safe to retry (`retry_error_types`)."""
    if response.status_code < 300 or not config.retry_error_types:
        return False
    return _error_type(config, _json_value(response)) in config.retry_error_types


def _says_not_processed(config: ClientConfig, response: httpx.Response) -> bool:
    """An answer meaning the request was not acted on: 429, 503 with `Retry-After`, or an
    error type the API documents as safe to retry."""
    status = response.status_code
    if status == 429 or (status == 503 and _retry_after(response.headers) is not None):
        return True
    return _is_retry_error_type(config, response)


def _retry_delay(
    config: ClientConfig, retries_taken: int, response: httpx.Response | None
) -> float:
    """Seconds to wait before the next attempt: `Retry-After`, else backoff with jitter (at
    least the API's documented wait after a 429 or a "still processing" answer)."""
    retry_after = _retry_after(response.headers) if response is not None else None
    if retry_after is not None:
        return min(retry_after, _MAX_RETRY_AFTER)
    backoff = min(_INITIAL_RETRY_DELAY * 2.0**retries_taken, _MAX_RETRY_DELAY)
    delay = backoff * (1 - 0.25 * random.random())
    if response is not None and response.status_code == 429:
        delay = max(delay, config.rate_limit_min_wait)
    elif response is not None and _is_still_processing(config, response):
        delay = max(delay, config.retry_error_min_wait)
    return delay
