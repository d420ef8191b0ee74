"""One reading of "which documented response answers a status" (issue 24): the fake answers each
status with the response the client reads it by (`_response._documented_response`: the exact code,
else its range, else `default`, which never describes a 2xx when another 2xx is documented).

tests/fixtures/fake/readings.yaml documents 201 and a `default` error for createThing, a 200, a
4XX problem and a `default` outage (another schema) for getThing, and only `default` for getStatus.
Every call goes through a strict client, so a body of another response than the client reads fails.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ..packages import PackageFactory
from ..support import FIXTURES, UNDATED_VERSION

pytestmark = pytest.mark.timeout(60)

SPEC = FIXTURES / "fake" / "readings.yaml"


@pytest.fixture(scope="module")
def readings(generated_packages: PackageFactory) -> Any:
    return generated_packages.get(SPEC, name="fake_readings", api_version=UNDATED_VERSION).module


@pytest.fixture
def fake(readings: Any) -> Any:
    return readings.testing.FakeReadings()


@pytest.fixture
def client(readings: Any, fake: Any) -> Any:
    return readings.ReadingsClient(http_client=fake.http_client(), response_validation="strict", max_retries=0)


def examples(readings: Any, operation: str, documented: str) -> list[Any]:
    """The fake's examples of a documented response (the spec's own first)."""
    data = json.loads((Path(readings.__file__).parent / "_fake_data.json").read_text(encoding="utf-8"))
    found: list[Any] = data["examples"][operation][documented]
    return found


def documented(readings: Any, operation_id: str, status: int) -> Any:
    """The client's reading: the `ResponseSpec` answering `status` for the operation (None: none)."""
    endpoint = readings._types._typed(getattr(readings._client, "_" + operation_id.upper()))
    return readings._response._documented_response(endpoint, status)


@pytest.mark.parametrize("status", [200, 204])
def test_an_undocumented_success_is_answered_without_the_default_error(readings: Any, client: Any, status: int) -> None:
    """createThing documents 201 and a `default` error: the client reads a 200 or 204 by no
    documented response, so the fake must not answer it with the error's example."""
    assert documented(readings, "create_thing", status) is None
    assert documented(readings, "create_thing", 500).status == "default"  # the error it must not use
    raw = client.things.with_raw_response.create_thing(
        body={"name": "Lamp"}, extra_headers={"Prefer": f"code={status}"}
    )
    assert raw.status_code == status
    assert raw.http_response.content == b""


def test_a_default_that_is_the_only_response_answers_the_success(readings: Any, client: Any) -> None:
    assert documented(readings, "get_status", 200).status == "default"
    status = client.status.get_status()
    assert isinstance(status, readings.models.Status)
    assert status.model_dump(mode="json") == examples(readings, "get_status", "default")[0]


@pytest.mark.parametrize(
    ("operation", "status", "documented_as", "error_class"),
    [
        ("create_thing", 500, "default", "InternalServerError"),
        ("create_thing", 404, "default", "NotFoundError"),
        ("get_thing", 404, "4XX", "NotFoundError"),
        ("get_thing", 503, "default", "InternalServerError"),
    ],
)
def test_an_error_by_range_or_default_is_answered_with_that_response(
    readings: Any, client: Any, fake: Any, operation: str, status: int, documented_as: str, error_class: str
) -> None:
    """Asked for (`Prefer: code=N`) and scripted (`fail_next`), the error is the example of the
    response the client reads the status by, and parses strictly as its model."""
    spec = documented(readings, operation, status)
    assert spec.status == documented_as
    call = getattr(client.things, operation)
    arguments: dict[str, Any] = {"body": {"name": "Lamp"}} if operation == "create_thing" else {"thing_id": "t-1"}
    expected = examples(readings, operation, documented_as)[0]
    with pytest.raises(getattr(readings.errors, error_class)) as asked:
        call(**arguments, extra_headers={"Prefer": f"code={status}"})
    assert isinstance(asked.value.body, spec.type) and asked.value.body.model_dump(mode="json") == expected
    fake.fail_next(operation, status=status)
    with pytest.raises(getattr(readings.errors, error_class)) as scripted:
        call(**arguments)
    assert isinstance(scripted.value.body, spec.type) and scripted.value.body.model_dump(mode="json") == expected
    fake.fail_next(operation, status=status, error_type="scripted")
    with pytest.raises(getattr(readings.errors, error_class)) as typed:
        call(**arguments)
    assert isinstance(typed.value.body, spec.type)  # a body of the schema that says it was scripted
