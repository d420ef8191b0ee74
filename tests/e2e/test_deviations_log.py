"""Issue 23: a client writes every deviation it records to a JSON Lines file (the `deviations_log`
argument, else `<ENV_PREFIX>_DEVIATIONS_LOG`), one object per deviation with exactly the keys the
generator's overlay command reads; `write_deviations(value, path)` does it for any parsed value."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ..packages import PackageFactory
from ..scripted_server import ScriptedServer, Step
from ..support import MODEL_FIXTURES, UNDATED_VERSION

pytestmark = pytest.mark.timeout(60)
KEYS = ["operation", "method", "path", "status", "pointer", "kind", "model", "field", "value", "message"]
BODY = {
    "multiplier": "0.0130",
    "code": "ABC",
    "count": "many",
    "inner": {"label": "UP", "size": 1},
    "loyalty": 7,
}
EXPECTED = [  # (pointer, kind, model, field, value)
    ("/count", "wrong type", "Thing", "count", "many"),
    ("/inner/label", "pattern miss", "Inner", "label", "UP"),
    ("/multiplier", "pattern miss", "Thing", "multiplier", "0.0130"),
    ("/loyalty", "additional property", "Thing", "loyalty", 7),
]


@pytest.fixture(scope="module")
def leaf(generated_packages: PackageFactory) -> Any:
    return generated_packages.get(
        MODEL_FIXTURES / "leaf_degradation.yaml", name="mt_leaf_degradation", api_version=UNDATED_VERSION
    ).module


def lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def rows(records: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return sorted((r["pointer"], r["kind"], r["model"], r["field"], r["value"]) for r in records)


@pytest.mark.parametrize("mode", ["lenient", "strict"])
def test_every_deviation_of_a_call_is_one_line_with_exactly_the_keys(
    leaf: Any, scripted_server: Callable[..., ScriptedServer], tmp_path: Path, mode: str
) -> None:
    log = tmp_path / "deviations.jsonl"
    server = scripted_server(Step(200, BODY))
    with leaf.LeafDegradationClient(base_url=server.url, deviations_log=log, response_validation=mode) as client:
        try:
            client.default.get_thing()
        except leaf.errors.ResponseValidationError:
            assert mode == "strict"
    records = lines(log)
    assert all(list(r) == KEYS for r in records)
    assert rows(records) == sorted(EXPECTED)
    assert {(r["operation"], r["method"], r["path"], r["status"]) for r in records} == {
        ("getThing", "GET", "/things", 200)
    }
    assert all(r["message"] for r in records)


def test_a_conforming_answer_writes_nothing_and_lines_are_appended(
    leaf: Any, scripted_server: Callable[..., ScriptedServer], tmp_path: Path
) -> None:
    log = tmp_path / "deviations.jsonl"
    server = scripted_server(Step(200, {"multiplier": "0.01", "code": "ABC"}), Step(200, BODY))
    with leaf.LeafDegradationClient(base_url=server.url, deviations_log=log) as client:
        client.default.get_thing()
        assert not log.exists()
        client.default.get_thing()
        client.default.get_thing()
    assert len(lines(log)) == 2 * len(EXPECTED)


def test_the_environment_variable_names_the_log(
    leaf: Any, scripted_server: Callable[..., ScriptedServer], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = tmp_path / "from-env.jsonl"
    monkeypatch.setenv(f"{leaf._client.CONFIG.env_prefix}_DEVIATIONS_LOG", str(log))
    server = scripted_server(Step(200, BODY))
    with leaf.LeafDegradationClient(base_url=server.url) as client:
        client.default.get_thing()
    assert rows(lines(log)) == sorted(EXPECTED)


def test_a_body_that_is_not_json_is_logged_at_the_root(
    leaf: Any, scripted_server: Callable[..., ScriptedServer], tmp_path: Path
) -> None:
    log = tmp_path / "deviations.jsonl"
    server = scripted_server(Step(200, b"<html>oops</html>", {"Content-Type": "text/html"}))
    with leaf.LeafDegradationClient(base_url=server.url, deviations_log=log) as client:
        client.default.get_thing()
    (record,) = lines(log)
    assert (record["pointer"], record["kind"], record["model"], record["field"]) == ("", "body not JSON", None, None)
    assert record["value"] == "<html>oops</html>"


def test_write_deviations_writes_those_of_a_parsed_value(leaf: Any, tmp_path: Path) -> None:
    thing = leaf.models.Thing.model_validate(BODY, context={"lenient": True})
    log = tmp_path / "parsed.jsonl"
    assert leaf.write_deviations(thing, log, operation="getThing", method="GET", path_template="/things") == 4
    records = lines(log)
    assert rows(records) == sorted(EXPECTED) and all(list(r) == KEYS for r in records)
    assert {r["status"] for r in records} == {None}


def test_a_value_no_model_holds_has_null_model_and_field(leaf: Any, tmp_path: Path) -> None:
    """An `Unknown...` member is no model (and here nothing holds it but a list): model and field null."""
    import pydantic

    unknown = pydantic.TypeAdapter(leaf.models.PinnedApart).validate_python(
        {"status": "GONE", "kind": "Z", "id": "1"}, context={"lenient": True}
    )
    log = tmp_path / "union.jsonl"
    leaf.write_deviations([unknown], log)
    assert rows(lines(log)) == [("/0", "fits no union branch", None, None, {"status": "GONE", "kind": "Z", "id": "1"})]


def test_a_number_is_logged_with_the_digits_the_server_wrote(
    leaf: Any, scripted_server: Callable[..., ScriptedServer], tmp_path: Path
) -> None:
    """`10.10` stays `10.10` in the line (a float would write 10.1): the overlay drafted from the log
    sees what Runa sent."""
    log = tmp_path / "deviations.jsonl"
    text = '{"multiplier": "0.01", "code": "ABC", "count": 10.10, "loyalty": {"points": 2.50}}'
    server = scripted_server(Step(200, text.encode(), headers={"content-type": "application/json"}))
    with leaf.LeafDegradationClient(base_url=server.url, deviations_log=log) as client:
        client.default.get_thing()
    written = log.read_text(encoding="utf-8")
    assert '"value": 10.10,' in written and '"value": {"points":2.50},' in written
    assert sorted((r["pointer"], r["value"]) for r in lines(log)) == [("/count", 10.1), ("/loyalty", {"points": 2.5})]
