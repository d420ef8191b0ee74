"""generated/ is the snapshot: regenerating every spec must give exactly the committed files."""

from __future__ import annotations

import difflib
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from generator.pipeline import Request, generate

from .support import CURRENT, GENERATED, PREVIOUS, ROOT, package_name, runa_specs, spec_version

pytestmark = pytest.mark.slow  # see pyproject's `markers`


@pytest.mark.parametrize("spec", runa_specs(), ids=spec_version)
def test_generated_package_matches_the_generator(spec: Path) -> None:
    result = generate(Request(spec=spec.relative_to(ROOT) if spec.is_relative_to(ROOT) else spec))
    target = GENERATED / result.target.name
    on_disk = {
        p.relative_to(target).as_posix(): p.read_text(encoding="utf-8")
        for p in target.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    problems = []
    for name in sorted(set(on_disk) | set(result.files)):
        if on_disk.get(name) != result.files.get(name):
            problems.extend(
                difflib.unified_diff(
                    (on_disk.get(name) or "").splitlines(),
                    (result.files.get(name) or "").splitlines(),
                    f"committed/{name}",
                    f"regenerated/{name}",
                    lineterm="",
                    n=1,
                )
            )
    assert not problems, "generated/ is stale; run ./scripts/generate.sh and commit:\n" + "\n".join(problems[:80])


def test_generation_is_deterministic() -> None:
    spec = runa_specs()[-1]
    first = generate(Request(spec=spec)).files
    second = generate(Request(spec=spec)).files
    assert first == second


def test_both_versions_import_side_by_side() -> None:
    """The committed copies of the current and the previous version, imported in a fresh interpreter:
    this process imports the session's generated packages under the same names (tests/packages.py)."""
    program = textwrap.dedent("""
        import importlib
        old, new = (importlib.import_module(name) for name in sys.argv[2:4])
        assert (old.API_VERSION, new.API_VERSION) == tuple(sys.argv[4:6])
        assert old.models is not new.models and old.RunaClient is not new.RunaClient
        assert len(new.SPEC_SHA256) == 64
        assert old.__file__.startswith(sys.argv[1]) and new.__file__.startswith(sys.argv[1])
        print("side by side")
        """)
    names = [package_name(PREVIOUS.path), package_name(CURRENT.path), PREVIOUS.version, CURRENT.version]
    completed = subprocess.run(
        [sys.executable, "-c", "import sys\n" + program, str(GENERATED), *names],
        cwd=GENERATED,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPATH": str(GENERATED)},
    )
    assert completed.returncode == 0 and completed.stdout == "side by side\n", completed.stderr
