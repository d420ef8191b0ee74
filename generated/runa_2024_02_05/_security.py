"""The client's credentials: held in the form they are sent, kept out of error texts and httpx's
log lines, and chosen for each call by OpenAPI's Security Requirement Objects, read as the spec says.

An operation's `security` is a list of alternatives; each alternative (a requirement) names the
schemes that must all be sent together (`[{headerKey: [], cookieKey: []}]`: both); an empty one
(`{}`) needs no credential, so the call may go out anonymously. The client sends the first
requirement it has every credential for, else goes anonymous where allowed, else refuses before
sending, naming what is missing. A scheme the client cannot send (HTTP digest) makes its
requirements unusable, never silently skipped.
"""

from __future__ import annotations

import base64
import logging
import re
import weakref
from collections.abc import Callable, Mapping, Set
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, quote_plus

from . import errors

if TYPE_CHECKING:
    from ._base_client import ClientConfig, Endpoint, SecurityScheme


class _Secret:
    """A credential that does not show itself in `repr`/`vars` dumps."""

    __slots__ = ("value",)

    def __init__(self, value: str) -> None:
        self.value = value

    def __repr__(self) -> str:
        return "<redacted>"


class Redactor:
    """Replaces each secret by `[redacted]` in a text, in one pass (a replacement is never redacted
    again). A short secret (under `_WORD_ONLY_BELOW` characters: a placeholder such as `test`, never
    a real key) goes only as a whole word, so that "latest" keeps its letters while `api_key=test&`
    loses the key; a longer one goes wherever it appears, glued to other text too. Shows nothing of
    the secrets in `repr`/`vars` dumps."""

    __slots__ = ("_pattern",)

    def __init__(self, secrets: set[str]) -> None:
        # Longest first: a secret inside another one's wire form cannot leave a fragment.
        alternatives = [
            _whole(secret) for secret in sorted(secrets, key=len, reverse=True) if secret
        ]
        self._pattern = re.compile("|".join(alternatives)) if alternatives else None

    def __call__(self, text: str) -> str:
        return self._pattern.sub("[redacted]", text) if self._pattern is not None else text

    def __repr__(self) -> str:
        return "<redacted>"


_WORD_ONLY_BELOW = 8


def _whole(secret: str) -> str:
    if len(secret) >= _WORD_ONLY_BELOW:
        return re.escape(secret)
    # not inside a run of letters and digits: no letter or digit just before or after
    before = r"(?<![^\W_])" if secret[0].isalnum() else ""
    after = r"(?![^\W_])" if secret[-1].isalnum() else ""
    return before + re.escape(secret) + after


def held_credentials(
    schemes: Mapping[str, SecurityScheme],
    credentials: Mapping[str, str | tuple[str, str] | None],
) -> tuple[dict[str, _Secret], Redactor]:
    """Each credential given for a scheme of the API, in the form it is sent (by scheme name), and
    every text that error messages and logs lose (its forms as given and as sent)."""
    held: dict[str, _Secret] = {}
    redactions: set[str] = set()
    for name, secret in credentials.items():
        scheme = schemes.get(name)
        if scheme is None or not secret:
            continue
        wire = _credential_value(scheme, secret)
        held[name] = _Secret(wire)
        # Error texts lose the secret as given and as sent ("Bearer x", "Basic <base64>"); of a
        # (user, password) pair, only the password is secret.
        given = secret[1] if isinstance(secret, tuple) else secret
        redactions.update(*map(wire_forms, {given, wire, wire.split(" ", 1)[-1]} - {""}))
    return held, Redactor(redactions)


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


def missing_credential_message(config: ClientConfig, scheme: SecurityScheme) -> str:
    # The generator's argument names when a scheme is the only one of its kind.
    hints = {
        "apiKey": f"pass api_key= or set {config.env_prefix}_API_KEY",
        "bearer": f"pass bearer_token= or set {config.env_prefix}_BEARER_TOKEN",
        "basic": "pass basic_auth=(user, password)",
    }
    alone = sum(s.kind == scheme.kind for s in config.security_schemes) == 1
    hint = hints.get(scheme.kind, "pass it to the client") if alone else "pass it to the client"
    return f"no credential for security scheme {scheme.name!r} ({scheme.param_name}): {hint}"


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
