"""A success status the request did not select is never returned as the type its overload promises.

Runa's docs say `X-Execution-Mode: sync` answers 200 (the completed order) and `async` or no header
202 (the accepted order); `create_order(execution_mode="sync")` is typed as the 200 model. A 202 to
a sync request (or a replayed answer of an async request under the same idempotency key) raises
`errors.UnexpectedStatusError` in both modes, its `.parsed` the body read as its own status
documents it. The rule and its statuses are read from the generator's options (`calls.py`).
"""

from __future__ import annotations

import copy
import json
from typing import Any

import httpx
import pytest

from ..packages import GeneratedPackage
from .calls import Call, all_calls
from .conftest import API_KEY

SELECTED = [
    (version, call, other)
    for version, calls in all_calls().items()
    for call in calls
    if call.selector is not None
    for other in calls
    if other.operation_id == call.operation_id and other.status != call.status
]


def example_answer(package: GeneratedPackage, call: Call) -> Any:
    examples = json.loads((package.folder / package.name / "_fake_data.json").read_text())["examples"]
    return copy.deepcopy(examples[call.operation][str(call.status)][0])


def answering(package: GeneratedPackage, status: str, body: Any, **options: Any) -> Any:
    transport = httpx.MockTransport(lambda request: httpx.Response(int(status), json=body))
    return package.module.RunaClient(api_key=API_KEY, http_client=httpx.Client(transport=transport), **options)


def test_the_rule_is_read_from_the_options() -> None:
    assert SELECTED, "no operation's success status follows a header: the options lost the rule"


@pytest.mark.parametrize("validation", ["lenient", "strict"])
@pytest.mark.parametrize(("version", "call", "other"), SELECTED, ids=lambda v: getattr(v, "id", v))
def test_a_success_the_header_did_not_select_raises_with_the_answer_parsed(
    packages: dict[str, GeneratedPackage], version: str, call: Call, other: Call, validation: str
) -> None:
    package = packages[version]
    client = answering(package, str(other.status), example_answer(package, other), response_validation=validation)
    method = getattr(call.resource_of(client), call.operation)
    with pytest.raises(package.module.errors.UnexpectedStatusError) as raised:
        method(**call.kwargs)
    error = raised.value
    assert (error.status_code, error.expected) == (int(str(other.status)), call.status)
    assert other.expected is None or type(error.parsed).__name__ == other.expected
    assert [d.kind for d in error.problems] == ["unexpected status"]
    assert isinstance(error, package.module.errors.ResponseValidationError)


@pytest.mark.parametrize(("version", "call", "other"), SELECTED, ids=lambda v: getattr(v, "id", v))
def test_the_selected_status_is_returned_as_its_model(
    packages: dict[str, GeneratedPackage], version: str, call: Call, other: Call
) -> None:
    package = packages[version]
    client = answering(package, str(call.status), example_answer(package, call))
    result = getattr(call.resource_of(client), call.operation)(**call.kwargs)
    assert call.expected is None or type(result).__name__ == call.expected


@pytest.mark.parametrize(("version", "call", "other"), SELECTED, ids=lambda v: getattr(v, "id", v))
def test_a_replay_of_another_modes_answer_through_the_fake_raises_too(
    packages: dict[str, GeneratedPackage], version: str, call: Call, other: Call
) -> None:
    """The fake replays the first answer to a reused idempotency key, as the API documents: the
    client then tells the replayed status from the one its overload promises."""
    package = packages[version]
    fake = package.testing.FakeRuna()
    client = package.module.RunaClient(api_key=API_KEY, http_client=fake.http_client())
    first = getattr(other.resource_of(client), other.operation)(**other.kwargs, idempotency_key="same-key")
    with pytest.raises(package.module.errors.UnexpectedStatusError) as raised:
        getattr(call.resource_of(client), call.operation)(**call.kwargs, idempotency_key="same-key")
    assert raised.value.parsed == first
