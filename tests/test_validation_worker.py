"""Validation in a worker process (validate.start_validation) gives exactly what validating here
gives: the same located warnings in the same place, the same --strict error, before any error of a
later stage; a worker that cannot start or answer leaves the work to this process, and a worker
whose findings are no longer wanted is stopped."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator import worker
from generator.diagnostics import GeneratorError
from generator.load import load_document
from generator.pipeline import Request, generate, read_api
from generator.validation import validate
from generator.worker import Worker

pytestmark = pytest.mark.slow  # each test starts worker processes

# A small spec with validation problems (a bad schema keyword value, a response without a
# description) and nothing the later stages refuse.
SPEC: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Things", "version": "1"},
    "paths": {
        "/things": {
            "get": {
                "operationId": "listThings",
                "responses": {
                    "200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}}
                },
            }
        }
    },
    "components": {
        "schemas": {"Thing": {"type": "object", "properties": {"size": {"type": "integer", "minimum": "one"}}}}
    },
}


@pytest.fixture
def spec(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("RUNA_GENERATOR_CACHE", "off")
    path = tmp_path / "things-2024-01-01.yaml"
    path.write_text(yaml.safe_dump(SPEC), encoding="utf-8")
    return path


@pytest.fixture(params=["fork", "new interpreter"])
def workers(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> list[Worker[Any] | None]:
    """Every validation worker started (None where it could not start), each way a worker can be."""
    if request.param == "fork" and not hasattr(os, "fork"):
        pytest.fail("this platform cannot fork: the tests below expect Linux")
    monkeypatch.setattr(worker, "FORK", request.param == "fork")
    started: list[Worker[Any] | None] = []
    original = Worker.start.__func__  # type: ignore[attr-defined]

    def recording(cls: type[Worker[Any]], function: Any, *args: Any) -> Worker[Any] | None:
        started.append(original(cls, function, *args))
        return started[-1]

    monkeypatch.setattr(validate, "Worker", type("RecordingWorker", (Worker,), {"start": classmethod(recording)}))
    return started


def failing_job(*args: object) -> None:
    """A validation job that fails, in either kind of worker (a new interpreter imports it by name)."""
    raise SystemExit(3)


def test_the_worker_finds_what_validating_here_finds(spec: Path, workers: list[Worker[Any] | None]) -> None:
    document = load_document(spec)
    here = validate.validate_document(document, strict=False)
    assert workers == []
    pending = validate.start_validation(document, strict=False)
    assert len(workers) == 1 and workers[0] is not None
    assert [str(w) for w in pending.result()] == [str(w) for w in here]
    assert any("validation:" in str(w) and "minimum" in str(w) for w in here)
    assert all(w.location is not None and w.location.line for w in here)  # file and line, as without a worker


def test_generate_puts_the_findings_where_validation_puts_them(spec: Path, workers: list[Worker[Any] | None]) -> None:
    generated = generate(Request(spec=spec))
    assert workers and workers[0] is not None
    read = read_api(Request(spec=spec))
    assert [str(w) for w in generated.warnings][: len(read.warnings)] == [str(w) for w in read.warnings]
    assert any("validation:" in str(w) for w in generated.warnings)


def test_strict_fails_with_the_workers_findings(spec: Path, workers: list[Worker[Any] | None]) -> None:
    with pytest.raises(GeneratorError, match=r"fails OpenAPI validation \(--strict\).*minimum") as raised:
        generate(Request(spec=spec, strict=True))
    assert workers and workers[0] is not None
    assert str(spec) in str(raised.value)


def test_strict_validation_error_comes_before_a_later_stages_error(
    spec: Path, workers: list[Worker[Any] | None]
) -> None:
    """An unusable package name is refused after validation started: validation's error still wins."""
    with pytest.raises(GeneratorError, match="fails OpenAPI validation"):
        generate(Request(spec=spec, strict=True, package_name="not a name"))
    with pytest.raises(GeneratorError) as raised:
        generate(Request(spec=spec, package_name="not a name"))
    assert "validation" not in str(raised.value)


def test_a_worker_no_longer_wanted_is_stopped(
    spec: Path, workers: list[Worker[Any] | None], monkeypatch: pytest.MonkeyPatch
) -> None:
    stopped: list[Worker[Any]] = []
    original = Worker.stop
    monkeypatch.setattr(Worker, "stop", lambda self: (stopped.append(self), original(self)))
    with pytest.raises(GeneratorError):
        generate(Request(spec=spec, package_name="not a name"))
    assert stopped == workers and stopped[0].exit_code is not None


def test_a_worker_that_cannot_start_leaves_the_work_here(
    spec: Path, workers: list[Worker[Any] | None], no_worker_can_start: None
) -> None:
    expected = validate.validate_document(load_document(spec), strict=False)
    pending = validate.start_validation(load_document(spec), strict=False)
    assert workers == [None]
    assert [str(w) for w in pending.result()] == [str(w) for w in expected]


def test_a_worker_that_fails_leaves_the_work_here(
    spec: Path, workers: list[Worker[Any] | None], monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = validate.validate_document(load_document(spec), strict=False)
    monkeypatch.setattr(validate, "_validate_job", failing_job)
    pending = validate.start_validation(load_document(spec), strict=False)
    assert workers and workers[0] is not None
    assert workers[0].result() is None and workers[0].exit_code not in (None, 0)
    assert [str(w) for w in pending.result()] == [str(w) for w in expected]


def test_a_large_document_is_validated_here(
    spec: Path, workers: list[Worker[Any] | None], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(validate, "WORKER_MAX_BYTES", 10)
    pending = validate.start_validation(load_document(spec), strict=False)
    assert workers == []  # none started
    assert any("minimum" in str(w) for w in pending.result())
