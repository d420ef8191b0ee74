"""Issue 29, items 4 and 7: date-times and times without a UTC offset are refused before sending
(RFC 3339 requires the offset; with one they are sent as RFC 3339 parsers read them); int32 and
int64 ranges are enforced; `if`/`then`/`else` and `dependentRequired` are located warnings."""

from __future__ import annotations

import json
from datetime import UTC, datetime, time, timedelta, timezone
from typing import Any

import pydantic
import pytest

from .conftest import Recorder


@pytest.fixture(scope="module")
def formats(probe: Any) -> Any:
    return probe("formats")


def events(formats: Any, recorder: Recorder) -> Any:
    return recorder.client(formats.module, "FormatsProbeClient").default


@pytest.mark.parametrize(
    "call",
    [
        {"body": {"starts_at": datetime(2024, 1, 2, 3, 4, 5)}},
        {"body": {"starts_at": datetime.now(UTC), "daily_at": time(9, 30)}},
        {"body": {"starts_at": datetime.now(UTC)}, "since": datetime(2024, 1, 2)},
        {"body": {"starts_at": datetime.now(UTC)}, "at": time(9, 30)},
    ],
)
def test_a_naive_date_time_or_time_is_refused_before_sending(formats: Any, call: dict[str, Any]) -> None:
    recorder = Recorder()
    with pytest.raises(ValueError, match="no UTC offset") as raised:
        events(formats, recorder).create_event(**call)
    assert recorder.requests == []
    where = {"since": "query parameter 'since'", "at": "header parameter 'at'"}
    located = [where[k] for k in call if k in where] or ["createEvent: request body at /"]
    assert located[0] in str(raised.value)


def test_a_naive_date_time_in_a_model_is_refused_too(formats: Any) -> None:
    recorder = Recorder()
    body = formats.module.models.Event(starts_at=datetime(2024, 1, 2, 3, 4, 5))
    with pytest.raises(ValueError, match="request body at /starts_at"):
        events(formats, recorder).create_event(body=body)


def test_aware_date_times_and_times_are_sent_as_rfc_3339(formats: Any) -> None:
    recorder = Recorder()
    offset = timezone(timedelta(hours=-5))
    starts = datetime(2024, 1, 2, 3, 4, 5, tzinfo=offset)
    events(formats, recorder).create_event(
        body={"starts_at": starts, "daily_at": time(9, 30, tzinfo=UTC)}, since=starts, at=time(8, 0, tzinfo=UTC)
    )
    request = recorder.requests[-1]
    sent = json.loads(request.content)
    # RFC 3339 readers: date-time and full-time with their offsets.
    assert datetime.fromisoformat(sent["starts_at"]) == starts and sent["starts_at"].endswith("-05:00")
    assert time.fromisoformat(sent["daily_at"]).utcoffset() == timedelta(0)
    assert datetime.fromisoformat(request.url.params["since"]) == starts
    assert time.fromisoformat(request.headers["at"]).utcoffset() == timedelta(0)


@pytest.mark.parametrize(
    ("name", "value"),
    [("small", 2**31), ("small", -(2**31) - 1), ("big", 2**63), ("big", -(2**63) - 1), ("exact", -1), ("exact", 2**31)],
)
def test_integer_formats_bound_the_values_sent(formats: Any, name: str, value: int) -> None:
    recorder = Recorder()
    with pytest.raises(pydantic.ValidationError):
        events(formats, recorder).create_event(body={"starts_at": datetime.now(UTC), name: value})
    assert recorder.requests == []


def test_integer_formats_take_their_whole_range(formats: Any) -> None:
    recorder = Recorder()
    body = {"starts_at": datetime.now(UTC), "small": -(2**31), "big": 2**63 - 1, "exact": 2**31 - 1}
    events(formats, recorder).create_event(body=body)
    sent = json.loads(recorder.requests[-1].content)
    assert (sent["small"], sent["big"], sent["exact"]) == (-(2**31), 2**63 - 1, 2**31 - 1)


@pytest.mark.parametrize(("value", "wire"), [(1, "1"), ("one", '"one"'), (True, "true")])
def test_a_mixed_enum_keeps_each_value_its_type(formats: Any, value: Any, wire: str) -> None:
    recorder = Recorder()
    events(formats, recorder).create_event(body={"starts_at": datetime.now(UTC), "choice": value})
    assert f'"choice":{wire}' in recorder.requests[-1].content.decode()
    parsed = formats.module.models.Event.model_validate({"starts_at": "2024-01-02T03:04:05Z", "choice": value})
    assert parsed.choice == value and type(parsed.choice) is type(value)


def test_a_mixed_enum_reads_a_number_equal_to_its_integer_as_that_integer(formats: Any) -> None:
    recorder = Recorder()
    events(formats, recorder).create_event(body={"starts_at": datetime.now(UTC), "choice": 1.0})
    sent = json.loads(recorder.requests[-1].content)["choice"]
    assert sent == 1 and type(sent) is int
    parsed = formats.module.models.Event.model_validate({"starts_at": "2024-01-02T03:04:05Z", "choice": 1.0})
    assert parsed.choice == 1 and parsed.choice is not True


@pytest.mark.parametrize("value", [0, False, "1", 2.0])
def test_a_mixed_enum_refuses_what_is_none_of_its_values(formats: Any, value: Any) -> None:
    with pytest.raises(pydantic.ValidationError):
        events(formats, Recorder()).create_event(body={"starts_at": datetime.now(UTC), "choice": value})


@pytest.mark.parametrize(("keyword", "property_"), [("dependentRequired", "card"), ("if", "contact")])
def test_conditional_keywords_are_located_warnings(formats: Any, keyword: str, property_: str) -> None:
    messages = [(str(w.location), w.message) for w in formats.result.warnings if f"`{keyword}`" in w.message]
    assert len(messages) == 1
    location, message = messages[0]
    assert f"/components/schemas/Event/properties/{property_}" in location and "not checked" in message
