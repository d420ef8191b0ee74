"""Shared fixtures: paths, and running the generator as users do (a subprocess) or in-process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator.load import load_document
from generator.pipeline import default_package_name
from generator.versions import dated_specs, version_in_name

ROOT = Path(__file__).resolve().parent.parent
SPECS = ROOT / "specs"
GENERATED = ROOT / "generated"
FIXTURES = ROOT / "tests" / "fixtures"


def runa_specs() -> list[Path]:
    """Every spec in specs/ (.yaml, .yml or .json, under any name with its date), oldest first: a
    version added there is snapshot-, coverage-, changelog- and end-to-end tested with no edit here."""
    return [dated.path for dated in dated_specs(SPECS)]


def spec_version(spec: Path) -> str:
    """The API version of a spec in specs/ (the test id of everything parametrized by spec)."""
    version = version_in_name(spec.name)
    assert version is not None, spec
    return version


def package_name(spec: Path) -> str:
    """The name the generator gives the package of `spec` (runa_2024_02_05)."""
    return default_package_name(load_document(spec).data, spec_version(spec))


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
