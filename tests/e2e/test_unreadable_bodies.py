"""Issue 23: a non-JSON or empty body where JSON is declared is never a value that contradicts the
annotation (it came back as a `str` or None, in strict mode too).

A body cut short (its Content-Length not met, the connection closed mid-body, or JSON that stops
mid-text) failed in transport: retried where repeating is safe (a GET, a POST carrying its
idempotency key), else an `APIConnectionError` saying the request may have been processed. Any
other empty or non-JSON 2xx body is a `ResponseValidationError` in strict mode; in lenient mode the
declared model with every field unusable (or the union's `Unknown...` member holding the text), the
problem recorded and logged. Real sockets: the scripted server.
"""

from __future__ import annotations

import copy
import json
import logging
from collections.abc import Callable
from typing import Any

import pytest

from ..packages import GeneratedPackage, PackageFactory
from ..scripted_server import ScriptedServer, Step
from ..support import MODEL_FIXTURES, UNDATED_VERSION, runa_specs, spec_version
from .conftest import API_KEY

pytestmark = pytest.mark.timeout(60)
LATEST = spec_version(runa_specs()[-1])
HTML = b"<html><body>502 Bad Gateway</body></html>"


@pytest.fixture(scope="module")
def runa(packages: dict[str, GeneratedPackage]) -> GeneratedPackage:
    return packages[LATEST]


@pytest.fixture(scope="module")
def leaf(generated_packages: PackageFactory) -> Any:
    """A package whose `createThing` is a POST without an idempotency key, `getThing` a GET of a model."""
    return generated_packages.get(
        MODEL_FIXTURES / "leaf_degradation.yaml", name="mt_leaf_degradation", api_version=UNDATED_VERSION
    ).module


def an_order(runa: GeneratedPackage) -> dict[str, Any]:
    examples = json.loads((runa.folder / runa.name / "_fake_data.json").read_text())["examples"]
    return copy.deepcopy(examples["get_single_order"]["200"][0])


def cut_shorts(body: bytes) -> list[Step]:
    """The ways a body ends early: the connection closes mid-body (Content-Length not met), and a
    complete HTTP message whose JSON stops mid-text (a proxy cut it)."""
    half = len(body) // 2
    return [
        Step(200, body, cut=half),
        Step(200, body[:half], {"Content-Type": "application/json"}),
        Step(200, body[:-1], {"Content-Type": "application/json"}),  # the last brace missing
    ]


@pytest.mark.parametrize("index", range(3), ids=["connection closed", "JSON stops mid-text", "last brace missing"])
def test_a_get_cut_short_is_retried(
    runa: GeneratedPackage, scripted_server: Callable[..., ScriptedServer], index: int
) -> None:
    order = an_order(runa)
    body = json.dumps(order).encode()
    server = scripted_server(cut_shorts(body)[index], Step(200, order))
    with runa.module.RunaClient(api_key=API_KEY, base_url=server.url) as client:
        client._sleep = lambda seconds: None
        result = client.orders.get_single_order(id=order["id"])
    assert not isinstance(result, (str, type(None))) and result.id == order["id"]
    assert len(server.received) == 2


def test_a_post_with_its_idempotency_key_cut_short_is_retried_with_the_same_key(
    runa: GeneratedPackage, scripted_server: Callable[..., ScriptedServer]
) -> None:
    from .calls import NEW_ORDER

    order = an_order(runa)
    server = scripted_server(Step(200, json.dumps(order).encode(), cut=40), Step(200, order))
    with runa.module.RunaClient(api_key=API_KEY, base_url=server.url) as client:
        client._sleep = lambda seconds: None
        raw = client.orders.with_raw_response.create_order(body=NEW_ORDER, execution_mode="sync")
    assert raw.attempts == 2 and raw.status_code == 200
    keys = server.keys()
    assert len(keys) == 2 and keys[0] is not None and keys[0] == keys[1] == raw.idempotency_key


@pytest.mark.parametrize("index", range(3), ids=["connection closed", "JSON stops mid-text", "last brace missing"])
def test_a_post_without_a_key_cut_short_is_a_typed_error_not_retried(
    leaf: Any, scripted_server: Callable[..., ScriptedServer], index: int
) -> None:
    body = json.dumps({"multiplier": "0.01", "code": "ABC", "tags": ["ab"]}).encode()
    server = scripted_server(cut_shorts(body)[index], Step(201, json.loads(body)))
    with leaf.LeafDegradationClient(base_url=server.url) as client:
        with pytest.raises(leaf.errors.APIConnectionError, match="cut short|complete message body") as caught:
            client.default.create_thing()
    assert "may have been processed" in str(caught.value) and caught.value.attempts == 1
    assert len(server.received) == 1


@pytest.mark.parametrize(
    "step",
    [Step(200, HTML, {"Content-Type": "text/html"}), Step(200, b""), Step(204, b"")],
    ids=["HTML page", "empty 200", "undocumented 204"],
)
def test_strict_mode_raises_on_a_body_that_is_not_json(
    runa: GeneratedPackage, scripted_server: Callable[..., ScriptedServer], step: Step
) -> None:
    server = scripted_server(step)
    with runa.module.RunaClient(api_key=API_KEY, base_url=server.url, response_validation="strict") as client:
        with pytest.raises(runa.module.errors.ResponseValidationError) as caught:
            client.orders.get_single_order(id="O-1")
    (problem,) = caught.value.problems
    assert problem.pointer == "" and problem.kind == ("body not JSON" if step.body else "empty body")
    assert caught.value.response.status_code == step.status and len(server.received) == 1


def test_lenient_mode_gives_the_unknown_member_holding_the_text_recorded_and_logged(
    runa: GeneratedPackage, scripted_server: Callable[..., ScriptedServer], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger=runa.name)
    server = scripted_server(Step(200, HTML, {"Content-Type": "text/html"}))
    with runa.module.RunaClient(api_key=API_KEY, base_url=server.url) as client:
        result = client.orders.get_single_order(id="O-1")
    assert isinstance(result, runa.module.models.UnknownGetSingleOrderResponse) and result.raw == HTML.decode()
    assert [(d.pointer, d.kind) for d in runa.module.deviations(result)] == [("", "body not JSON")]
    (line,) = [r.getMessage() for r in caplog.records if r.name == runa.name]
    assert "getSingleOrder" in line and "body not JSON" in line


@pytest.mark.parametrize(
    "step", [Step(200, b""), Step(200, HTML, {"Content-Type": "text/html"})], ids=["empty", "HTML page"]
)
def test_lenient_mode_gives_the_model_with_every_field_unusable(
    leaf: Any, scripted_server: Callable[..., ScriptedServer], step: Step
) -> None:
    server = scripted_server(step)
    with leaf.LeafDegradationClient(base_url=server.url) as client:
        thing = client.default.get_thing()
    assert isinstance(thing, leaf.models.Thing)
    with pytest.raises(leaf.errors.UnusableFieldError, match="not JSON|empty"):
        thing.code  # noqa: B018 - reading it is the test
    assert [d.kind for d in leaf.deviations(thing)] == ["body not JSON" if step.body else "empty body"]
    assert thing.model_dump(exclude_unset=True) == {}
