"""Reading a response as the spec documents it: which documented response answers a status, and
the body read as JSON, JSON Lines, text or bytes, then validated by `_parse.parse_value`.

Apart from `_base_client` (which sends and retries) as openai-python keeps its `_response`: what
is here reads an `httpx.Response` that has arrived and knows nothing of how it was sent. The final
response of a call becomes its `RawResponse` (2xx) or its `APIStatusError` (`_outcome`; the
status -> exception table is `_STATUS_ERRORS`); an answer in another API version than the
package's is warned about (`_check_api_version`). Validating the data a body holds against its
type, which webhooks and the fake share, is `_parse`'s.
"""

from __future__ import annotations

import email.utils
import json
import math
import os
import re
import sys
import time
import warnings
import weakref
from collections.abc import Mapping
from datetime import timezone
from typing import TYPE_CHECKING, Any, Final

import httpx

from . import errors
from ._parse import _invalid_response, parse_value
from ._request import _describe
from ._types import ClientConfig, Endpoint, ResponseSpec, StatusByHeader, import_models_runtime
from ._wire import declared_headers

if TYPE_CHECKING:
    from ._base_client import _BaseAPIClient
    from ._base_model import (
        EMPTY_BODY,
        NOT_JSON,
        UNEXPECTED_STATUS,
        Deviation,
        hollow_value,
        loads,
        log_deviations,
    )
    from ._deviations_log import DeviationsLog

# Bound on the first response read (`import_models_runtime`): importing the package builds no model.
_models_runtime_imported = False
_MODELS_RUNTIME: tuple[str, ...] = (
    "EMPTY_BODY",
    "NOT_JSON",
    "UNEXPECTED_STATUS",
    "Deviation",
    "hollow_value",
    "loads",
    "log_deviations",
)


def _import_models_runtime() -> None:
    import_models_runtime(globals(), _MODELS_RUNTIME)


_NO_JSON: Final = object()


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
    selector = endpoint.status_by_header
    if selector is not None:
        _refuse_unselected_status(endpoint, selector, response, raw)
    return _parse_documented(endpoint, response, raw)


def _parse_documented(endpoint: Endpoint, response: httpx.Response, raw: RawResponse | None) -> Any:
    """The body read as its status documents it."""
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


def _refuse_unselected_status(
    endpoint: Endpoint, selector: StatusByHeader, response: httpx.Response, raw: RawResponse | None
) -> None:
    """`UnexpectedStatusError` for a success the request's header did not select (a 202 answering
    `X-Execution-Mode: sync`): the method's overloads promise the selected status's type."""
    expected = selector.selected(response.request)
    status = response.status_code
    if expected is None or str(status) == expected or not 200 <= status < 300:
        return
    if not _models_runtime_imported:
        _import_models_runtime()
    sent = response.request.headers.get(selector.header)
    said = f"{selector.header}: {sent}" if sent is not None else f"no {selector.header}"
    message = f"the API answered {status} where {said} selects {expected}"
    problem = Deviation("", UNEXPECTED_STATUS, message, status)
    sink = raw._deviation_sink if raw is not None else None
    if sink is not None:
        sink([problem], None)
    parsed = _parse_documented(endpoint, response, raw)
    raise errors.UnexpectedStatusError(
        f"{endpoint.operation_id}: {message}; `.parsed` holds the answer as {status} documents it",
        response=response,
        body=response.content,
        problems=[problem],
        expected=expected,
        parsed=parsed,
        idempotency_key=raw.idempotency_key if raw is not None else None,
        attempts=raw.attempts if raw is not None else 1,
    )


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


def _outcome(
    client: _BaseAPIClient,
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
            strict=client.response_validation == "strict",
            deviations_log=client.deviations_log,
        )
    raise _status_error(client, endpoint, response, idempotency_key, attempts, note)


def _status_error(
    client: _BaseAPIClient,
    endpoint: Endpoint,
    response: httpx.Response,
    idempotency_key: str | None,
    attempts: int,
    note: str = "",
) -> errors.APIStatusError:
    """The exception for a non-2xx response, its body parsed into the documented error model."""
    status = response.status_code
    raw = _json_value(response)
    error_type = _error_type(client._config, raw)
    spec = _documented_response(endpoint, status)
    if raw is _NO_JSON:
        body: Any = response.text
    elif spec is not None and spec.kind == "json":
        # Lenient: the documented error model, its deviations recorded and logged like any
        # response's. Strict: a body that breaks the spec is kept as received (the status
        # error still says what happened; the body is no model that would contradict its type).
        strict = client.response_validation == "strict"
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
        message += f": {client._redact(str(detail))[:500]}"  # redact before cutting
    if idempotency_key:
        message += f" [idempotency key {idempotency_key}]"
    message += note
    fallback = errors.InternalServerError if status >= 500 else errors.APIStatusError
    error_class = _STATUS_ERRORS.get(status, fallback)
    return error_class(
        client._redact(message),
        response=response,
        body=body,
        type=error_type,
        idempotency_key=idempotency_key,
        attempts=attempts,
        retry_after=_retry_after(response.headers),
    )


_STATUS_ERRORS: Final[Mapping[int, type[errors.APIStatusError]]] = {
    400: errors.BadRequestError,
    401: errors.AuthenticationError,
    403: errors.PermissionDeniedError,
    404: errors.NotFoundError,
    409: errors.ConflictError,
    422: errors.UnprocessableEntityError,
    429: errors.RateLimitError,
}


def _check_api_version(client: _BaseAPIClient, response: httpx.Response) -> None:
    """Warn (once per client) when the API answers in another version than the package's."""
    header = client._config.version_header
    answered = response.headers.get(header) if header else None
    if answered and answered != client._config.api_version and not client._warned_about_version:
        client._warned_about_version = True
        warnings.warn(
            f"the API answered with {header} {answered!r}, but this client was generated for "
            f"{client._config.api_version!r}: responses may not match the models",
            stacklevel=_stacklevel_outside_package(),
        )


def _stacklevel_outside_package() -> int:
    """`stacklevel` of the innermost caller outside this package: warnings point at user code."""
    package = os.path.dirname(__file__)
    level, frame = 1, sys._getframe(1)
    while frame.f_back is not None and os.path.dirname(frame.f_code.co_filename) == package:
        level, frame = level + 1, frame.f_back
    return level


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
