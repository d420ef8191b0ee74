"""--check never trusts the formatting cache: a poisoned cache cannot vouch for tampered code."""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

import pytest

from .support import CURRENT, GENERATED, package_name, run_generator

pytestmark = pytest.mark.slow  # see pyproject's `markers`


def _run(*args: str | Path, cache: Path) -> subprocess.CompletedProcess[str]:
    return run_generator(*args, timeout=300, env={"RUNA_GENERATOR_CACHE": str(cache)})


def test_check_recomputes_instead_of_trusting_a_poisoned_cache(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    spec, name = CURRENT.path, package_name(CURRENT.path)
    assert _run(spec, "--output", tmp_path / "warm", cache=cache).returncode == 0
    entries = [p for p in cache.rglob("*") if p.is_file() and not p.name.startswith(".")]
    assert entries, "the run should have filled the cache"
    for entry in entries:  # what an attacker with write access to a shared CI cache could do
        _, _, value = entry.read_bytes().partition(b"\n")
        if value.lstrip().startswith((b'"""', b"from", b"import", b"class")):
            value += b"\nimport os  # injected\n"
            entry.write_bytes(hashlib.sha256(value).hexdigest().encode() + b"\n" + value)

    poisoned = _run(spec, "--output", tmp_path / "poisoned", cache=cache)
    assert poisoned.returncode == 0
    assert "# injected" in (tmp_path / "poisoned" / name / "models.py").read_text(encoding="utf-8")

    # --check ignores the cache: a clean package passes, the poisoned one fails. (The clean one is made
    # by the same command, cache off: its README names that command, `--output` included.)
    clean = tmp_path / "clean"
    assert _run(spec, "--output", clean, cache=Path("off")).returncode == 0
    committed = (GENERATED / name / "models.py").read_text(encoding="utf-8")
    assert (clean / name / "models.py").read_text(encoding="utf-8") == committed
    assert _run(spec, "--output", clean, "--check", cache=cache).returncode == 0
    assert _run(spec, "--output", tmp_path / "poisoned", "--check", cache=cache).returncode == 1
