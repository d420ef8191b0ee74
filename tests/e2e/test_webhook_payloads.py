"""A webhook delivery that is authentic but no event (the trial's `b"not json"`, `b""`, `b"[]"`):
never a bare `json.JSONDecodeError`, which a handler catching the package's errors lets through (a
500, redelivered forever). Every webhook parser of every Runa version, read from the package.

An empty or non-JSON payload degrades as a response's body does: lenient, the declared model with
every field unusable or the union's `Unknown...` member holding the text, recorded; strict,
`errors.WebhookPayloadError` (a `ResponseValidationError`). JSON of another kind than the event's
(an array where an event object is declared) raises it in both modes, saying so.
"""

from __future__ import annotations

import base64
import typing
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from standardwebhooks.webhooks import Webhook

from generator.load import load_document

from ..conftest import runa_specs, spec_version
from ..packages import GeneratedPackage

pytestmark = pytest.mark.timeout(60)
VERSIONS = [spec_version(spec) for spec in runa_specs() if load_document(spec).data.get("webhooks")]
"""The Runa versions whose spec documents webhooks."""
SECRET = "whsec_" + base64.b64encode(b"webhook-payload-secret-012345678").decode()
UNREADABLE = [
    (b"not json", "body not JSON"),
    (b"", "empty body"),
    (b" \n", "empty body"),
    (b"\xff\xfe", "body not JSON"),
]


def parsers(package: GeneratedPackage) -> list[tuple[str, Callable[..., Any]]]:
    webhooks = package.module.webhooks
    found = [(name, getattr(webhooks, name)) for name in webhooks.__all__ if name.startswith("parse_")]
    assert found, f"{package.version} documents webhooks: its package parses them"
    return found


def declared_members(package: GeneratedPackage, parser: Callable[..., Any]) -> tuple[type, ...]:
    """The classes a value of the parser's return type can be (a union's members, or the model)."""
    kind = typing.get_type_hints(parser, vars(package.module.webhooks))["return"]
    if typing.get_origin(kind) is typing.Annotated:
        kind = typing.get_args(kind)[0]
    return typing.get_args(kind) or (kind,)


def signed(body: bytes) -> dict[str, str]:
    when = datetime.now(UTC)
    return {
        "svix-id": "msg_payload",
        "svix-timestamp": str(int(when.timestamp())),
        "svix-signature": Webhook(SECRET).sign("msg_payload", when, body.decode("utf-8", "replace")),
    }


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize(("body", "kind"), UNREADABLE, ids=["not json", "empty", "blank", "no utf-8"])
def test_an_unreadable_payload_degrades_as_a_response_body_does(
    packages: dict[str, GeneratedPackage], version: str, body: bytes, kind: str
) -> None:
    package = packages[version]
    errors = package.module.errors
    for name, parse in parsers(package):
        event = parse(body)  # lenient: a declared type holding nothing
        assert isinstance(event, declared_members(package, parse)), name
        assert [(d.pointer, d.kind) for d in package.module.deviations(event)] == [("", kind)], name
        with pytest.raises(errors.WebhookPayloadError) as raised:
            parse(body, strict=True)
        assert isinstance(raised.value, errors.ResponseValidationError) and raised.value.response is None
        assert [(d.pointer, d.kind) for d in raised.value.problems] == [("", kind)]
        assert raised.value.event in raised.value.message and "payload" in raised.value.message


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("body", [b"[]", b'"COMPLETED"', b"null"], ids=["array", "string", "null"])
def test_json_of_another_kind_is_no_event_in_both_modes(
    packages: dict[str, GeneratedPackage], version: str, body: bytes
) -> None:
    package = packages[version]
    for name, parse in parsers(package):
        for strict in (False, True):
            with pytest.raises(package.module.errors.WebhookPayloadError) as raised:
                parse(body, strict=strict)
            (problem,) = raised.value.problems
            assert problem.pointer == "" and "discriminator" not in problem.message, (name, problem)
            assert "object" in problem.message or "dictionary" in problem.message, (name, problem)


@pytest.mark.parametrize("version", VERSIONS)
def test_a_signed_delivery_that_is_no_event_is_a_payload_error_not_a_forgery(
    packages: dict[str, GeneratedPackage], version: str
) -> None:
    package = packages[version]
    errors, webhooks = package.module.errors, package.module.webhooks
    assert not issubclass(errors.WebhookPayloadError, errors.WebhookVerificationError)
    for name, _ in parsers(package):
        verify_and_parse = getattr(webhooks, "verify_and_" + name)
        for body in (b"not json", b"[]"):
            with pytest.raises(errors.WebhookPayloadError):
                verify_and_parse(body, signed(body), SECRET, strict=True)
        with pytest.raises(errors.WebhookVerificationError):
            verify_and_parse(b"[]", signed(b"{}"), SECRET)
