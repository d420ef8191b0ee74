"""The exceptions of this package: the whole hierarchy of `_errors` (re-exported here), with what
the Runa API documents about its errors: each status's exception types its `body` as the
documented model(s) or `RawBody` (the body as received when it does not parse), and `ErrorType`
names the API's error types (`APIStatusError.type`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from . import _errors
from ._errors import (
    APIConnectionError,
    APIError,
    APIStatusError,
    APITimeoutError,
    ClientClosedError,
    ClientConfigurationError,
    ClientError,
    ConflictError,
    PaginationError,
    RawBody,
    ResponseValidationError,
    UnexpectedStatusError,
    UnusableFieldError,
    WebhookPayloadError,
    WebhookVerificationError,
)

if TYPE_CHECKING:
    from . import models


class BadRequestError(_errors.BadRequestError):
    __doc__ = _errors.BadRequestError.__doc__

    body: models.APIErrorResponse | RawBody
    """The body of a 400 answer as documented, parsed into `models.APIErrorResponse`; else as
    received (`RawBody`: the JSON value, or the text of a body that is no JSON, such as a
    proxy's HTML page) when it does not parse (strict response validation, another shape,
    another content type). Narrow with `isinstance` before reading the model's fields.
    """


class AuthenticationError(_errors.AuthenticationError):
    __doc__ = _errors.AuthenticationError.__doc__

    body: models.APIErrorResponse | RawBody
    """The body of a 401 answer as documented, parsed into `models.APIErrorResponse`; else as
    received (`RawBody`: the JSON value, or the text of a body that is no JSON, such as a
    proxy's HTML page) when it does not parse (strict response validation, another shape,
    another content type). Narrow with `isinstance` before reading the model's fields.
    """


class PermissionDeniedError(_errors.PermissionDeniedError):
    __doc__ = _errors.PermissionDeniedError.__doc__

    body: models.APIErrorResponse | RawBody
    """The body of a 403 answer as documented, parsed into `models.APIErrorResponse`; else as
    received (`RawBody`: the JSON value, or the text of a body that is no JSON, such as a
    proxy's HTML page) when it does not parse (strict response validation, another shape,
    another content type). Narrow with `isinstance` before reading the model's fields.
    """


class NotFoundError(_errors.NotFoundError):
    __doc__ = _errors.NotFoundError.__doc__

    body: models.APIErrorResponse | RawBody
    """The body of a 404 answer as documented, parsed into `models.APIErrorResponse`; else as
    received (`RawBody`: the JSON value, or the text of a body that is no JSON, such as a
    proxy's HTML page) when it does not parse (strict response validation, another shape,
    another content type). Narrow with `isinstance` before reading the model's fields.
    """


class UnprocessableEntityError(_errors.UnprocessableEntityError):
    __doc__ = _errors.UnprocessableEntityError.__doc__

    body: models.HTTPValidationError | models.ValidationErrorResponse | RawBody
    """The body of a 422 answer as documented, parsed into `models.HTTPValidationError` or
    `models.ValidationErrorResponse`; else as received (`RawBody`: the JSON value, or the text
    of a body that is no JSON, such as a proxy's HTML page) when it does not parse (strict
    response validation, another shape, another content type). Narrow with `isinstance` before
    reading the model's fields.
    """


class RateLimitError(_errors.RateLimitError):
    __doc__ = _errors.RateLimitError.__doc__

    body: models.RateExceededResponse | RawBody
    """The body of a 429 answer as documented, parsed into `models.RateExceededResponse`; else as
    received (`RawBody`: the JSON value, or the text of a body that is no JSON, such as a
    proxy's HTML page) when it does not parse (strict response validation, another shape,
    another content type). Narrow with `isinstance` before reading the model's fields.
    """


class InternalServerError(_errors.InternalServerError):
    __doc__ = _errors.InternalServerError.__doc__

    body: models.APIErrorResponse | RawBody
    """The body of a 500 answer as documented, parsed into `models.APIErrorResponse`; else as
    received (`RawBody`: the JSON value, or the text of a body that is no JSON, such as a
    proxy's HTML page) when it does not parse (strict response validation, another shape,
    another content type). Narrow with `isinstance` before reading the model's fields.
    """


class ErrorType:
    """The error types the API's spec or docs name, for `error.type == errors.ErrorType.X`. The
    server may send others: `APIStatusError.type` is a plain string."""

    IDEMPOTENCY_IN_PROGRESS: Final = "idempotency_in_progress"
    IDEMPOTENCY_VALIDATION_ERROR: Final = "idempotency_validation_error"
    INSUFFICIENT_FUNDS: Final = "insufficient_funds"


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
    "ErrorType",
    "InternalServerError",
    "NotFoundError",
    "PaginationError",
    "PermissionDeniedError",
    "RateLimitError",
    "RawBody",
    "ResponseValidationError",
    "UnexpectedStatusError",
    "UnprocessableEntityError",
    "UnusableFieldError",
    "WebhookPayloadError",
    "WebhookVerificationError",
]
