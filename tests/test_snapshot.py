"""generated/ is the snapshot: regenerating every spec must give exactly the committed files."""

from __future__ import annotations

import difflib
import importlib
import sys
from pathlib import Path

import pytest

from generator.pipeline import Request, generate

from .conftest import GENERATED, ROOT, runa_specs, spec_version


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
    sys.path.insert(0, str(GENERATED))
    try:
        old = importlib.import_module("runa_2023_07_27")
        new = importlib.import_module("runa_2024_02_05")
    finally:
        sys.path.remove(str(GENERATED))
    assert old.API_VERSION == "2023-07-27" and new.API_VERSION == "2024-02-05"
    assert old.models is not new.models
    assert old.RunaClient is not new.RunaClient
    assert len(new.SPEC_SHA256) == 64
