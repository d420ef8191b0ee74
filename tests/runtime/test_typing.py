"""The runtime, copied into a package beside client code that uses it, passes `mypy --strict`."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytestmark = pytest.mark.slow  # see pyproject's `markers`


def test_runtime_passes_mypy_strict_inside_a_package(pkg, tmp_path):
    pytest.importorskip("mypy")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-error-summary",
            "--cache-dir",
            str(tmp_path / "cache"),
            "runa_fake",
        ],
        cwd=pkg.root,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
