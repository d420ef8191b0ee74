"""Every exception the client raises on purpose.

    ClientError
    ├── ClientConfigurationError      the client cannot be built or a call cannot be authenticated
    ├── ClientClosedError             a call on a client that was closed (also a RuntimeError)
    ├── WebhookVerificationError      a webhook delivery failed signature verification
    ├── UnusableFieldError            (also an AttributeError) reading a field the response broke
    ├── PaginationError               an `iter_...` call met a cursor it had followed (a cycle)
    └── APIError                      a call to the API failed
        ├── APIConnectionError        no HTTP response (refused or dropped connection, DNS, TLS)
        │   └── APITimeoutError       the request timed out
        ├── ResponseValidationError   a response (or webhook) does not match the spec (strict)
        │   ├── UnexpectedStatusError a success status other than the one the request selected
        │   └── WebhookPayloadError   a webhook payload that is no event (no JSON, a list, ...)
        └── APIStatusError            the API answered with a non-2xx status
            ├── BadRequestError            400
            ├── AuthenticationError        401
            ├── PermissionDeniedError      403
            ├── NotFoundError              404
            ├── ConflictError              409
            ├── UnprocessableEntityError   422
            ├── RateLimitError             429
            └── InternalServerError        >= 500

A call fails with an `APIError` or, before anything is sent, with pydantic's `ValidationError`
(invalid request body), `ValueError` (invalid parameter or header value), `ClientConfigurationError`
(invalid `max_retries` or `total_timeout`, no credential) or `ClientClosedError`. Whatever httpx
raises becomes an `APIConnectionError` (its `__cause__`); a full connection pool is an
`APITimeoutError`. A cancelled async call raises `asyncio.CancelledError`, as asyncio requires.

Messages never contain credentials. Branch on `APIStatusError.type` (the API's machine-readable
error type), never on the human-readable `message`.
"""

from __future__ import annotations

from typing import Any, TypeAlias

import httpx

RawBody: TypeAlias = dict[str, Any] | list[Any] | str | int | float | bool | None
"""An error body as received, when it is not the model the spec documents for its status: its JSON
value (an object of another shape, an array, ...), or its text when it is no JSON (a proxy's HTML
page; "" when empty). The `body` of each status's exception in `errors` is its documented model(s)
or this: narrow with `isinstance(error.body, models.<Model>)` before reading the model's fields."""

_REQUEST_ID_HEADERS = ("x-request-id", "request-id", "x-correlation-id", "x-amzn-requestid")


class ClientError(Exception):
    """Root of every exception raised by this package on purpose."""


class ClientConfigurationError(ClientError):
    """The client is misconfigured: no credential, unknown environment, insecure base URL, ..."""


class ClientClosedError(ClientError, RuntimeError):
    """The client was closed (`close()` or the end of its `with` block) before this call."""


class WebhookVerificationError(ClientError):
    """A webhook delivery is not authentic: missing headers, stale timestamp or bad signature."""


class UnusableFieldError(ClientError, AttributeError):
    """A field of a parsed response holds no value of its annotated type: the server sent something
    the spec does not allow there (lenient mode keeps the rest of the response usable). The value
    received is in `<package>.deviations(model)`, and dumping the model writes it back as sent."""


class PaginationError(ClientError):
    """An `iter_...` call got a next-page cursor it had already followed (the server's pages form a
    cycle): iterating on would repeat items forever, stopping would cut the list short silently.
    `operation` is the operation id, `cursor` the repeated cursor."""

    def __init__(self, message: str, *, operation: str, cursor: str) -> None:
        super().__init__(message)
        self.operation = operation
        self.cursor = cursor


class APIError(ClientError):
    """A call to the API failed.

    `idempotency_key` is the key every attempt of the call sent (None when the operation takes
    none): retry the call with the same key to be safe from duplicates. `attempts` counts the
    HTTP requests made, retries included.
    """

    message: str
    request: httpx.Request | None
    idempotency_key: str | None
    attempts: int

    def __init__(
        self,
        message: str,
        *,
        request: httpx.Request | None = None,
        idempotency_key: str | None = None,
        attempts: int = 1,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.request = request
        self.idempotency_key = idempotency_key
        self.attempts = attempts


class APIConnectionError(APIError):
    """No HTTP response was received. `__cause__` holds the underlying httpx exception."""


class APITimeoutError(APIConnectionError):
    """The request timed out (connecting, sending, waiting for or reading the response)."""


class ResponseValidationError(APIError):
    """A response (or webhook payload) that does not match the spec, raised in strict mode
    (`response_validation="strict"`, `parse_...(strict=True)`).

    `problems` lists each deviation (`.pointer`, `.kind`, `.message`, `.value`), `body` is the raw
    JSON received and `response` the HTTP response (None for a webhook payload).
    """

    response: httpx.Response | None
    body: Any
    problems: list[Any]

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response | None,
        body: Any,
        problems: list[Any],
        idempotency_key: str | None = None,
        attempts: int = 1,
    ) -> None:
        try:
            request = response.request if response is not None else None
        except RuntimeError:  # a response built by hand, without its request
            request = None
        super().__init__(
            message, request=request, idempotency_key=idempotency_key, attempts=attempts
        )
        self.response = response
        self.body = body
        self.problems = problems


class UnexpectedStatusError(ResponseValidationError):
    """A success status other than the one the request selected: the API documents which status
    a header value answers with (`X-Execution-Mode: sync` -> 200), and the method's return type
    says so, so the other status's value cannot be returned as it. Raised in both modes.

    `status_code` is the status received, `expected` the one the request selected, and `parsed`
    the body read as the received status documents it (say, the accepted order of a 202): what the
    server did is not lost. Not retried: the request was processed.
    """

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response,
        body: Any,
        problems: list[Any],
        expected: str,
        parsed: Any,
        idempotency_key: str | None = None,
        attempts: int = 1,
    ) -> None:
        super().__init__(
            message,
            response=response,
            body=body,
            problems=problems,
            idempotency_key=idempotency_key,
            attempts=attempts,
        )
        self.status_code = response.status_code
        self.expected = expected
        self.parsed = parsed


class WebhookPayloadError(ResponseValidationError):
    """A webhook payload that cannot be read as its event, raised by the `webhooks` parsers (the
    signature, when verified, was good): an empty or non-JSON body, or JSON that is no event at
    all (a list where an event object is declared), in both modes; with `strict=True`, any payload
    that breaks the spec. The sender would deliver the same bytes again: answer 2xx and keep
    `body` (the payload as received, the text when it is no JSON) to look at. `event` is the
    webhook's name; `problems` and `response` (None) are as on `ResponseValidationError`.
    """

    event: str

    def __init__(self, message: str, *, event: str, body: Any, problems: list[Any]) -> None:
        super().__init__(message, response=None, body=body, problems=problems)
        self.event = event


class APIStatusError(APIError):
    """The API answered with a non-2xx status.

    `body` is the error response parsed into the documented model of its status when it parses
    (lenient: with its deviations recorded), else as received (`RawBody`: the JSON value, or the
    text when it is no JSON), so that it never contradicts its annotation. `type` is the API's machine-readable error type
    (e.g. `"insufficient_funds"`; `errors.ErrorType` names those the API documents) when the body
    has one. `retry_after` is the wait in seconds the server asked for (`Retry-After` in seconds
    or as a date, or `retry-after-ms`), None when it asked for none: on a `RateLimitError`, when
    the retries are spent, how long to back off before calling again.
    """

    status_code: int
    headers: httpx.Headers
    response: httpx.Response
    body: Any
    type: str | None
    request_id: str | None
    retry_after: float | None

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response,
        body: Any = None,
        type: str | None = None,  # noqa: A002 - the API's name for it
        idempotency_key: str | None = None,
        attempts: int = 1,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(
            message, request=response.request, idempotency_key=idempotency_key, attempts=attempts
        )
        self.retry_after = retry_after
        self.response = response
        self.status_code = response.status_code
        self.headers = response.headers
        self.body = body
        self.type = type
        self.request_id = next(
            (response.headers[name] for name in _REQUEST_ID_HEADERS if name in response.headers),
            None,
        )


class BadRequestError(APIStatusError):
    """400: the request is invalid; fix it before retrying (with a new idempotency key)."""


class AuthenticationError(APIStatusError):
    """401: the API key is missing, invalid or revoked."""


class PermissionDeniedError(APIStatusError):
    """403: the API key may not do this."""


class NotFoundError(APIStatusError):
    """404: no such resource."""


class ConflictError(APIStatusError):
    """409: the request conflicts with the state of the resource (retried automatically)."""


class UnprocessableEntityError(APIStatusError):
    """422: the request is well-formed but fails the API's validation."""


class RateLimitError(APIStatusError):
    """429: too many requests (retried automatically, honouring `Retry-After`)."""


class InternalServerError(APIStatusError):
    """A 5xx status: the API failed (retried automatically with the same idempotency key)."""


__all__ = [
    "APIConnectionError",
    "APIError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ClientClosedError",
    "ClientConfigurationError",
    "ClientError",
    "ConflictError",
    "InternalServerError",
    "NotFoundError",
    "PaginationError",
    "PermissionDeniedError",
    "RateLimitError",
    "RawBody",
    "ResponseValidationError",
    "UnprocessableEntityError",
    "UnexpectedStatusError",
    "UnusableFieldError",
    "WebhookPayloadError",
    "WebhookVerificationError",
]
