"""generator/worker.py: a function run in a second process, a fork or a new interpreter."""

from __future__ import annotations

import os
import signal
import sys
import time

import pytest

from generator import worker
from generator.worker import Worker


@pytest.fixture(params=["fork", "new interpreter"], autouse=True)
def kind(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr(worker, "FORK", request.param == "fork")
    return str(request.param)


# Module-level: a new interpreter imports the function by name.
def answer(text: str, times: int) -> tuple[str, int]:
    print("a worker's noise", file=sys.stderr)
    return text * times, os.getpid()


def fail() -> None:
    raise ValueError("no")


def sleep() -> None:
    time.sleep(60)


def test_the_answer_comes_back_from_another_process(capfd: pytest.CaptureFixture[str]) -> None:
    started = Worker.start(answer, "ab", 3)
    assert started is not None
    result = started.result()
    assert result is not None and result[0] == "ababab" and result[1] != os.getpid()
    assert started.exit_code == 0
    assert "noise" not in capfd.readouterr().err  # nothing of the worker's on the user's terminal


def test_a_failure_is_no_answer() -> None:
    started = Worker.start(fail)
    assert started is not None
    assert started.result() is None and started.exit_code not in (None, 0)


def test_a_worker_no_longer_wanted_is_killed_at_once() -> None:
    started = Worker.start(sleep)
    assert started is not None
    started.stop()
    assert started.exit_code == -signal.SIGKILL  # killed, not waited for


def test_a_worker_that_cannot_start_is_none(kind: str, no_worker_can_start: None) -> None:
    assert Worker.start(answer, "a", 1) is None
