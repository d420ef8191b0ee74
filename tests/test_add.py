"""`python -m generator add`: a version Runa publishes goes in with one command, in a temporary clone.

The synthetic next version (tests/fixtures/next_version, made up for tests) is added as downloaded
(`runa_2025-06-01_openapi.json`) and as YAML; each run must store it unchanged under its dated
name, generate its package, write its changelog and report the overlays, warnings and changes.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from generator.versions import dated_specs

from .support import FIXTURES, GENERATED, HAND_CHECKED, SPECS, run_generator

pytestmark = pytest.mark.slow  # a CLI run (generation, changelogs) per test

NEXT = FIXTURES / "next_version" / "runa_2025-06-01_openapi.yaml"
BASE = HAND_CHECKED[1]  # the version the synthetic one was made from
(OVERLAY,) = sorted((SPECS / "overlays").glob("*-docs.yaml"))  # Runa's documentation, which reaches later versions
PAYOUT_TYPE_2024 = "being addedin the future."  # Runa's text in BASE (the typo the overlay fixes)
PAYOUT_TYPE_2025 = "The type of payout: the key of the object holding the details for that type"  # Runa's rewrite


def clone(tmp_path: Path) -> Path:
    """A working copy of the repository's data (specs/ with overlays and options, generated/) as it was
    when the synthetic version was made from BASE: every later version (2025-06-01 itself, as in the
    by-hand run of issue #13, or Runa's real next one) and what was made from it are left out."""
    root = tmp_path / "clone"
    later = [d for d in dated_specs(SPECS) if d.version > BASE.version]
    names = {d.path.name for d in later} | {f"CHANGELOG-{d.version}.md" for d in later}
    names |= {f"runa_{d.version.replace('-', '_')}" for d in later}
    shutil.copytree(SPECS, root / "specs", ignore=lambda _, found: [n for n in found if n in names])
    ignored = shutil.ignore_patterns("__pycache__", *names)
    shutil.copytree(GENERATED, root / "generated", ignore=ignored)
    return root


def downloaded_json(folder: Path) -> Path:
    """The synthetic version as Runa's download is: JSON, named runa_<date>_openapi.json."""
    path = folder / "runa_2025-06-01_openapi.json"
    data = yaml.load(NEXT.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("form", ["json", "yaml"])
def test_add_stores_generates_writes_the_changelog_and_reports(tmp_path: Path, form: str) -> None:
    root = clone(tmp_path)
    if form == "json":
        source = downloaded_json(tmp_path)
    else:
        source = tmp_path / "runa-next-2025-06-01.yaml"
        shutil.copy(NEXT, source)
    result = run_generator("add", source, "--quiet", cwd=root, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout

    stored = root / "specs" / f"2025-06-01.{form}"
    assert stored.read_bytes() == source.read_bytes()  # content unchanged, dated name
    assert f"stored {source} as specs/2025-06-01.{form} (version 2025-06-01)" in out

    package = root / "generated" / "runa_2025_06_01"
    client = (package / "_client.py").read_text(encoding="utf-8")
    assert "def get_product_availability(" in client
    assert 'API_VERSION = "2025-06-01"' in (package / "__init__.py").read_text(encoding="utf-8")
    readme = (package / "README.md").read_text(encoding="utf-8")
    assert f"python -m generator 2025-06-01.{form} --output DIR --package-name runa_2025_06_01\n" in readme
    check = run_generator(f"specs/2025-06-01.{form}", "--check", "--quiet", cwd=root)
    assert check.returncode == 0, check.stdout + check.stderr  # exactly what the spec generates
    carried = run_generator("check", package, "--quiet", cwd=root.parent)  # and what the package carries
    assert carried.returncode == 0, carried.stdout + carried.stderr

    changelog = (root / "generated" / "CHANGELOG-2025-06-01.md").read_text(encoding="utf-8")
    assert "GET /product/{product_code}/availability added" in changelog
    assert (
        f"changelog generated/CHANGELOG-2025-06-01.md: {BASE.version} -> 2025-06-01: 0 breaking, 0 maybe-breaking"
        in out
    )
    assert "info: GET /product/{product_code}/availability: GET /product/{product_code}/availability added" in out
    # The discount multipliers' wider pattern is no change: Runa's overlay (specs/overlays/
    # *-as-it-answers.yaml) admits four decimals in both versions already.
    assert "pattern changed" not in out
    assert (root / "generated" / f"CHANGELOG-{BASE.version}.md").read_text(encoding="utf-8") == (
        GENERATED / f"CHANGELOG-{BASE.version}.md"
    ).read_text(encoding="utf-8")

    applies = yaml.safe_load(OVERLAY.read_text(encoding="utf-8"))["x-applies-to"]
    assert f"overlay specs/overlays/{OVERLAY.name}: applied: `x-applies-to: {applies}` includes 2025-06-01" in out
    assert out.index("overlay specs/overlays/") < out.index(" operations, ")


def test_add_warns_when_an_overlay_replaces_a_text_runa_changed(tmp_path: Path) -> None:
    root = clone(tmp_path)
    result = run_generator("add", downloaded_json(tmp_path), cwd=root, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    changed = [line for line in result.stderr.splitlines() if "replaces a text Runa changed" in line]
    warning = next(line for line in changed if line.startswith(f"warning: specs/overlays/{OVERLAY.name}:"))
    # Runa's next version widened the discount multiplier's pattern itself: Runa's other overlay says so
    pattern = next(line for line in changed if "-as-it-answers.yaml:" in line)
    assert "[0-9]{2,4}" in pattern and "[0-9]{1,4}" in pattern
    assert "/actions/1/update/description" in warning
    assert PAYOUT_TYPE_2024 in warning and PAYOUT_TYPE_2025 in warning  # both of Runa's texts
    assert "so handle values you do not know" in warning  # and what the overlay writes instead
    assert "nullable" in result.stderr and "30 times" in result.stderr  # grouped, not thirty lines


def test_a_file_dropped_into_specs_by_hand_is_moved_to_its_dated_name(tmp_path: Path) -> None:
    root = clone(tmp_path)
    dropped = downloaded_json(root / "specs")
    content = dropped.read_bytes()
    result = run_generator("add", dropped, "--quiet", cwd=root, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert not dropped.exists() and (root / "specs" / "2025-06-01.json").read_bytes() == content
    again = run_generator("add", root / "specs" / "2025-06-01.json", "--quiet", cwd=root, timeout=300)
    assert again.returncode == 0 and "is already version 2025-06-01" in again.stdout


@pytest.mark.parametrize(
    ("name", "flags", "fragment"),
    [
        ("runa_openapi.json", [], "has no YYYY-MM-DD date; say which version it is with --api-version"),
        ("runa_openapi.json", ["--api-version", "2025-02-30"], "not a calendar date"),
        (
            f"{BASE.version}.json",
            [],
            f"specs/{BASE.path.name} already holds version {BASE.version} with other content",
        ),
        ("runa_2025-06-01.txt", [], "a spec is a .yaml, .yml or .json file"),
    ],
)
def test_add_refuses_bad_input_and_leaves_specs_alone(
    tmp_path: Path, name: str, flags: list[str], fragment: str
) -> None:
    root = clone(tmp_path)
    source = downloaded_json(tmp_path).rename(tmp_path / name)
    before = sorted(p.name for p in (root / "specs").iterdir())
    result = run_generator("add", source, *flags, cwd=root)
    assert result.returncode == 2 and fragment in result.stderr, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in (root / "specs").iterdir()) == before


def test_add_takes_the_spec_back_out_when_it_does_not_generate(tmp_path: Path) -> None:
    root = clone(tmp_path)
    broken = tmp_path / "runa_2025-06-01_openapi.yaml"
    broken.write_text(
        NEXT.read_text(encoding="utf-8").replace(
            "$ref: '#/components/schemas/ProductOrderability'", "$ref: '#/components/schemas/Gone'"
        ),
        encoding="utf-8",
    )
    result = run_generator("add", broken, cwd=root, timeout=300)
    assert result.returncode == 2 and "dangling $ref" in result.stderr, result.stdout + result.stderr
    stored = Path("specs") / "2025-06-01.yaml"
    assert not (root / stored).exists()
    # The error is located in the file the user gave (the copy in specs/ is gone), and the spec is said
    # not to be added, after the error.
    error, *after = result.stderr.splitlines()[-2:]
    assert error.startswith(f"error: {broken}:") and stored.name not in error, result.stderr
    assert after == [f"not added: {stored} removed again (fix the spec, then run add again)"]
    assert "stored" not in result.stdout, result.stdout  # never said stored: it was not added
    assert not (root / "generated" / "runa_2025_06_01").exists()
