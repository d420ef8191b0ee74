"""The suite's hypothesis set-up (tests/conftest.py): examples depend on the seed alone, never on which
modules earlier tests happened to import, and each test's seed comes from the run's seed and its id."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from .conftest import hypothesis_seed


def derandomized_examples() -> list[Any]:
    found: list[Any] = []

    @settings(max_examples=200, derandomize=True)
    @given(st.text(max_size=20) | st.integers())
    def collect(value: Any) -> None:
        found.append(value)

    collect()
    return found


@pytest.mark.slow  # draws hundreds of examples twice
def test_hypothesis_examples_do_not_depend_on_imported_modules(tmp_path: Path) -> None:
    """Hypothesis (unpatched) also draws constants from the source of every local module imported so
    far: a generated package imported by an earlier test changed the examples of a later one."""
    before = derandomized_examples()
    constants = [f"zz_local_{i}" for i in range(300)] + [987_650 + i for i in range(300)]
    (tmp_path / "lots_of_constants.py").write_text(f"VALUES = {constants!r}\n", encoding="utf-8")
    sys.path.insert(0, str(tmp_path))
    try:
        importlib.import_module("lots_of_constants")
        after = derandomized_examples()
    finally:
        sys.path.remove(str(tmp_path))
        sys.modules.pop("lots_of_constants", None)
    assert not set(map(str, after)) & set(map(str, constants))
    assert after == before


def test_each_tests_hypothesis_seed_follows_the_run_seed_and_its_id(pytestconfig: pytest.Config) -> None:
    seed = hypothesis_seed(pytestconfig, "tests/x.py::test_a")
    if pytestconfig.getoption("randomly_seed", None) is None or pytestconfig.getoption("hypothesis_seed") is not None:
        assert seed is None  # pytest-randomly is off, or `--hypothesis-seed` rules
        return
    assert seed == hypothesis_seed(pytestconfig, "tests/x.py::test_a")
    assert seed != hypothesis_seed(pytestconfig, "tests/x.py::test_b")
