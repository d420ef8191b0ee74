"""The "undeclared field" row of the deviation table: a key a closed schema (`additionalProperties:
false`) does not declare is a violation on a response, unlike an additional property where the
schema allows one (tests/e2e/test_deviations.py has the other rows, through Runa's clients, whose
schemas are never closed). Parsed the way the clients and webhook parsers parse (`parse_value`)."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from .support import Package

BODY = {"code": 1, "message": "m", "retry_in": 5}  # `Error` declares code and message only


@pytest.fixture(scope="module")
def closed(fixture_package: dict[str, Package]) -> Any:
    return fixture_package["dcg_additional_properties"].package


def test_strict_raises_on_an_undeclared_field_of_a_closed_schema(closed: Any) -> None:
    with pytest.raises(closed.errors.ResponseValidationError) as caught:
        closed._base_client.parse_value(closed.models.Error, BODY, operation="getError", strict=True)
    assert [(p.pointer, p.kind) for p in caught.value.problems] == [("/retry_in", "undeclared field")]
    assert caught.value.body == BODY


def test_lenient_keeps_logs_and_records_an_undeclared_field(closed: Any, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger=closed.__name__)
    error = closed._base_client.parse_value(closed.models.Error, BODY, operation="getError")
    assert isinstance(error, closed.models.Error) and (error.code, error.message) == (1, "m")
    assert [(d.pointer, d.kind, d.value) for d in closed.deviations(error)] == [("/retry_in", "undeclared field", 5)]
    (line,) = [r for r in caplog.records if r.levelno == logging.WARNING]  # a violation: WARNING, one line
    assert "getError" in line.getMessage() and "undeclared field at /retry_in x1" in line.getMessage()
    assert error.model_dump(by_alias=True, exclude_unset=True) == BODY  # dumped as received
