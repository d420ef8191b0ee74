"""A value is read as the JSON type its schema declares, exactly (tests/models/fixtures/json_types.yaml).

pydantic's lax mode would read `"true"` and `1` as a boolean, `10` as a string amount, `"1.5"` as a
number and `"2024-01-01 00:00:00"` or `1704067200` as a date-time. None of these is the JSON type (or,
for dates and times, the RFC 3339 text) the spec declares: a strict response or webhook raises
`ResponseValidationError`, a lenient one records "wrong type" and leaves the field unusable, and a
request refuses it before anything is sent. A union's `Unknown...` member is refused in a request.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta, timezone
from decimal import Decimal
from typing import Any

import httpx
import pydantic
import pytest

from .support import Package

FIXTURE = "json_types"
RECORD = {
    "name": "n",
    "flag": True,
    "count": 3,
    "ratio": 1.5,
    "at": "2024-01-01T00:00:00Z",
    "day": "2024-01-01",
    "clock": "12:00:00Z",
    "price": "10.00",
    "amount": 10,
    "units": 3,
    "labels": ["a"],
    "level": 2,
    "live": True,
}

WRONG = [
    ("flag", "true"),
    ("flag", 1),
    ("flag", "1"),
    ("name", 5),
    ("name", True),
    ("count", "3"),
    ("count", True),
    ("count", 3.5),
    ("ratio", "1.5"),
    ("ratio", False),
    ("at", "2024-01-01 00:00:00"),
    ("at", "2024-01-01T00:00:00"),
    ("at", "2024-01-01"),
    ("at", "1704067200"),
    ("at", 1704067200),
    ("day", "2024-01-01T00:00:00Z"),
    ("day", "20240101"),
    ("day", 19723),
    ("clock", "12:00:00"),
    ("clock", 43200),
    ("price", 10),
    ("price", 10.5),
    ("amount", "10"),
    ("units", 3.5),
    ("units", "3"),
    ("labels", [1]),
    ("level", "2"),
    ("level", True),
    ("live", 1),
]


@pytest.fixture(scope="module")
def typed(fixture_package: dict[str, Package]) -> Package:
    return fixture_package[FIXTURE]


def answered_by(typed: Package, body: Any, sent: list[httpx.Request] | None = None, **options: Any) -> Any:
    def answer(request: httpx.Request) -> httpx.Response:
        if sent is not None:
            sent.append(request)
            return httpx.Response(204)
        return httpx.Response(200, json=body)

    transport = httpx.MockTransport(answer)
    return typed.package.JSONTypesClient(http_client=httpx.Client(transport=transport), **options)


def pointer_of(field: str, value: Any) -> str:
    return f"/{field}/0" if isinstance(value, list) else f"/{field}"


@pytest.mark.parametrize(("field", "value"), WRONG)
def test_a_strict_response_of_the_wrong_json_type_raises(typed: Package, field: str, value: Any) -> None:
    client = answered_by(typed, {**RECORD, field: value}, response_validation="strict")
    with pytest.raises(typed.package.errors.ResponseValidationError) as caught:
        client.default.get_record()
    assert [(d.pointer, d.kind) for d in caught.value.problems] == [(pointer_of(field, value), "wrong type")]


@pytest.mark.parametrize(("field", "value"), WRONG)
def test_a_lenient_response_of_the_wrong_json_type_records_it_and_leaves_the_field_unusable(
    typed: Package, field: str, value: Any
) -> None:
    record = answered_by(typed, {**RECORD, field: value}).default.get_record()
    found = [(d.pointer, d.kind) for d in typed.package.deviations(record)]
    assert found == [(pointer_of(field, value), "wrong type")]
    with pytest.raises(typed.package.errors.UnusableFieldError, match=field):
        getattr(record, field)
    assert field == "name" or record.name == RECORD["name"]  # the rest stays usable


@pytest.mark.parametrize(("field", "value"), WRONG)
def test_a_webhook_payload_of_the_wrong_json_type_is_refused_strictly_and_recorded_leniently(
    typed: Package, field: str, value: Any
) -> None:
    payload = json.dumps({**RECORD, field: value})
    with pytest.raises(typed.package.errors.ResponseValidationError):
        typed.package.webhooks.parse_record_created(payload, strict=True)
    lenient = typed.package.webhooks.parse_record_created(payload)
    assert [(d.pointer, d.kind) for d in typed.package.deviations(lenient)] == [
        (pointer_of(field, value), "wrong type")
    ]


@pytest.mark.parametrize(("field", "value"), WRONG)
def test_an_item_of_a_list_page_of_the_wrong_json_type_is_found_by_the_page_salvage_too(
    typed: Package, field: str, value: Any
) -> None:
    """A page validates plainly and salvages only its failing items (`_page_items`): the same reading."""
    page = [RECORD, {**RECORD, field: value}, RECORD]
    with pytest.raises(typed.package.errors.ResponseValidationError):
        answered_by(typed, page, response_validation="strict").default.list_records()
    for _ in range(2):  # the first failure builds the salvaging validator, the second uses it
        records = answered_by(typed, page).default.list_records()
        found = [(d.pointer, d.kind) for d in typed.package.deviations(records)]
        assert found == [("/1" + pointer_of(field, value), "wrong type")]
        assert getattr(records[0], field) is not None and getattr(records[2], field) is not None


@pytest.mark.parametrize(
    ("field", "value", "read"),
    [
        ("at", "2024-01-01T00:00:00Z", datetime(2024, 1, 1, tzinfo=UTC)),
        ("at", "2024-01-01t00:00:00.5+05:30", datetime(2024, 1, 1, 0, 0, 0, 500000, timezone(timedelta(hours=5.5)))),
        ("day", "2024-02-29", date(2024, 2, 29)),
        ("clock", "12:00:00-01:00", time(12, tzinfo=timezone(timedelta(hours=-1)))),
        ("count", 10.0, 10),  # JSON Schema's integer: a number without a fraction
        ("ratio", 2, 2.0),
        ("amount", 10.25, Decimal("10.25")),
        ("units", 10.0, Decimal("10")),  # JSON Schema's integer, as money
        ("price", "0.30", Decimal("0.30")),
    ],
)
def test_values_of_the_declared_json_type_pass_strict_with_no_deviation(
    typed: Package, field: str, value: Any, read: Any
) -> None:
    record = answered_by(typed, {**RECORD, field: value}, response_validation="strict").default.get_record()
    assert getattr(record, field) == read and type(getattr(record, field)) is type(read)
    assert [d for d in typed.package.deviations(record) if d.kind != "additional property"] == []


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"flag": "true"}, "flag"),
        ({"name": 5}, "name"),
        ({"at": "2024-01-01T00:00:00"}, "at"),
        ({"at": 0}, "at"),
        ({"units": Decimal("2.5")}, "units"),
        ({"units": "2.5"}, "units"),
    ],
)
def test_a_request_body_of_the_wrong_json_type_is_refused_before_sending(
    typed: Package, changes: dict[str, Any], field: str
) -> None:
    sent: list[httpx.Request] = []
    client = answered_by(typed, None, sent)
    body = {"name": "n", "delivery": {"type": "EMAIL", "address": "a@example.com"}, **changes}
    with pytest.raises(pydantic.ValidationError, match=field):
        client.default.create_record(body=body)
    assert sent == []
    client.default.create_record(
        body={**body, "name": "n", "flag": True, "at": "2024-01-01T00:00:00Z", "units": Decimal("2")}
    )
    assert len(sent) == 1  # the same body with its declared types goes out


def test_an_unknown_union_member_is_refused_in_a_request_naming_the_field(typed: Package) -> None:
    models = typed.package.models
    unknown = models.UnknownNewRecordDelivery(raw={"type": "SMS", "number": "1"})
    with pytest.raises(pydantic.ValidationError, match="delivery") as caught:
        models.NewRecord(name="n", delivery=unknown)
    assert "UnknownNewRecordDelivery" in str(caught.value) and "'SMS'" in str(caught.value)
    fits = models.UnknownNewRecordDelivery(raw={"type": "EMAIL", "address": "a@example.com"})
    with pytest.raises(pydantic.ValidationError, match="delivery"):
        models.NewRecord(name="n", delivery=fits)  # even a raw value that fits: build ByEmail instead
    sent: list[httpx.Request] = []
    answered_by(typed, None, sent).default.create_record(
        body=models.NewRecord(name="n", delivery=models.ByEmail(address="a@example.com"))
    )
    assert json.loads(sent[0].content)["delivery"] == {"type": "EMAIL", "address": "a@example.com"}
