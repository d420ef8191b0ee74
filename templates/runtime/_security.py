"""Which credentials a call sends: OpenAPI's Security Requirement Objects, read as the spec says.

An operation's `security` is a list of alternatives; each alternative (a requirement) names the
schemes that must all be sent together (`[{headerKey: [], cookieKey: []}]`: both); an empty one
(`{}`) needs no credential, so the call may go out anonymously. The client sends the first
requirement it has every credential for, else goes anonymous where allowed, else refuses before
sending, naming what is missing. A scheme the client cannot send (HTTP digest) makes its
requirements unusable, never silently skipped.
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Callable, Mapping, Set
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, quote_plus

from . import errors

if TYPE_CHECKING:
    from ._base_client import Endpoint, SecurityScheme


def chosen_schemes(
    endpoint: Endpoint,
    schemes: Mapping[str, SecurityScheme],
    given: Set[str],
    missing_message: Callable[[SecurityScheme], str],
) -> tuple[SecurityScheme, ...]:
    """The schemes `endpoint` sends, given the names of the schemes the client has a credential for."""
    requirements = endpoint.security_requirements
    if requirements is None:
        requirements = tuple((name,) for name in endpoint.security)
    if not requirements:
        return ()
    for requirement in requirements:
        if requirement and all(name in given and name in schemes for name in requirement):
            return tuple(schemes[name] for name in requirement)
    if any(not requirement for requirement in requirements):
        return ()  # `{}`: the spec allows the call without credentials
    raise errors.ClientConfigurationError(
        f"{endpoint.operation_id}: " + _why_not(requirements[0], schemes, given, missing_message)
    )


def _why_not(
    requirement: tuple[str, ...],
    schemes: Mapping[str, SecurityScheme],
    given: Set[str],
    missing_message: Callable[[SecurityScheme], str],
) -> str:
    unsendable = [name for name in requirement if name not in schemes]
    if unsendable:
        return (
            f"security scheme {unsendable[0]!r} is not one this client can send (HTTP digest is not "
            "supported), and the operation accepts no other credential"
        )
    missing = [schemes[name] for name in requirement if name not in given]
    message = missing_message(missing[0])
    if len(requirement) > 1:
        together = ", ".join(repr(name) for name in requirement)
        message = f"the credentials {together} are all required together; " + message
    return message


class _HttpxLogRedaction(logging.Filter):
    """Keeps credentials out of httpx's own log lines (it logs each request's URL at INFO, a query
    string's API key included, percent-encoded as sent): each live client's secrets are replaced
    by `<redacted>` in the line, as in the client's own error messages."""

    def __init__(self) -> None:
        super().__init__()
        self._redactors: weakref.WeakSet[Any] = weakref.WeakSet()

    def add(self, client: Any) -> None:
        """Redact `client`'s secrets (its `_redact(text)`) while it lives."""
        self._redactors.add(client)

    def filter(self, record: logging.LogRecord) -> bool:
        redactors = list(self._redactors)
        if redactors:
            message = record.getMessage()
            redacted = message
            for client in redactors:
                redacted = client._redact(redacted)
            if redacted != message:
                record.msg, record.args = redacted, ()
        return True


_HTTPX_LOG_REDACTION = _HttpxLogRedaction()
logging.getLogger("httpx").addFilter(_HTTPX_LOG_REDACTION)


def redact_httpx_logs(client: Any) -> None:
    """Keep `client`'s credentials out of httpx's log lines while it lives."""
    _HTTPX_LOG_REDACTION.add(client)


def wire_forms(secret: str) -> set[str]:
    """The forms a secret takes on the wire and in logs: as given, and percent-encoded in a query."""
    return {secret, quote(secret, safe=""), quote(secret), quote_plus(secret)} - {""}
