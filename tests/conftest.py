"""Shared fixtures: paths, and running the generator as users do (a subprocess) or in-process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SPECS = ROOT / "specs"
GENERATED = ROOT / "generated"
FIXTURES = ROOT / "tests" / "fixtures"


def runa_specs() -> list[Path]:
    return sorted(SPECS.glob("*.yaml"))


def run_generator(*args: str | Path, cwd: Path = ROOT, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """`python -m generator ...` in a subprocess, exactly as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "generator", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "PYTHONDONTWRITEBYTECODE": "1"},
    )


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT
