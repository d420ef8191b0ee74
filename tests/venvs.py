"""Virtual environments the tests build for themselves (other dependency versions, an installed
generator), kept under .test-venvs/ (gitignored; delete it to rebuild them)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from .support import ROOT

VENVS = ROOT / ".test-venvs"


def cached_environment(name: str, requirements: Sequence[str]) -> Path:
    """The Python of an environment named `name` holding `requirements`, built on first use (atomically:
    a parallel worker that finished first wins) for this Python's minor version."""
    folder = VENVS / f"py{sys.version_info.major}.{sys.version_info.minor}-{name}"
    python = folder / "bin" / "python"
    if not python.exists():
        building = folder.with_name(f"{folder.name}.tmp-{os.getpid()}")
        shutil.rmtree(building, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "venv", building], check=True, timeout=120)
        install = [building / "bin" / "python", "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
        subprocess.run([*install, *requirements], check=True, timeout=600, capture_output=True)
        try:
            building.rename(folder)
        except OSError:
            shutil.rmtree(building, ignore_errors=True)
    return python
