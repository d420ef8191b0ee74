"""Tests get a generated package one way: the session's factory (tests/packages.py, the
`generated_packages` fixture). A test that writes a package itself (`write_package`), or builds one
with another folder's helpers (its conftest, harness or support module), fails here, unless it is
listed below with its reason."""

from __future__ import annotations

import re
from pathlib import Path

from .support import ROOT

TESTS = ROOT / "tests"

# Files that call the writer themselves, each with its reason.
WRITE_THE_PACKAGE_THEMSELVES = {
    "tests/packages.py": "the factory",
    "tests/test_check_diff.py": "tests the writer's diff itself",
    "tests/hostile/test_paths_and_names.py": "tests what the writer refuses",
    "tests/test_vendoring.py": "writes where a consumer vendors it (<repo>/_vendor/runa), as users do",
}
# Files that import another folder's helpers, each with its reason.
IMPORT_ANOTHER_FOLDERS_HELPERS = {
    "tests/test_spec_validator.py": "the corpus's lists of spec files (harness.valid_specs), no package",
}
_HELPERS = re.compile(r"^from (?:\.\.|tests\.)(\w+)\.(?:conftest|harness|support) import", re.M)
_LEFT_OUT = (".venv", "node_modules", "__pycache__", "fixtures", "valid", "invalid")


def python_files() -> list[tuple[str, str]]:
    """(path from the project's root, text) of every test module but this one."""
    found = []
    for path in sorted(TESTS.rglob("*.py")):
        if path != Path(__file__) and not any(part in _LEFT_OUT for part in path.relative_to(TESTS).parts):
            found.append((path.relative_to(ROOT).as_posix(), path.read_text(encoding="utf-8")))
    return found


def writers(files: list[tuple[str, str]]) -> list[str]:
    return [name for name, text in files if re.search(r"\bwrite_package\(", text)]


def cross_folder_helpers(files: list[tuple[str, str]]) -> list[str]:
    found = []
    for name, text in files:
        folder = name.split("/")[1] if name.count("/") > 1 else None
        found += [f"{name}: {m.group(0)}" for m in _HELPERS.finditer(text) if m.group(1) != folder]
    return found


def test_only_the_factory_and_the_writer_tests_write_packages() -> None:
    assert sorted(writers(python_files())) == sorted(WRITE_THE_PACKAGE_THEMSELVES)


def test_no_test_builds_with_another_folders_helpers() -> None:
    found = cross_folder_helpers(python_files())
    assert [line.split(":")[0] for line in found] == sorted(IMPORT_ANOTHER_FOLDERS_HELPERS), found


def test_the_checks_find_what_they_look_for() -> None:
    """Neither check is vacuous: a file writing a package, and one importing the corpus harness from
    another folder, are both found."""
    files = [
        ("tests/e2e/test_x.py", "from generator.write import write_package\nwrite_package(files, target)\n"),
        ("tests/longtail/test_y.py", "from ..corpus.harness import generate_each\n"),
        ("tests/corpus/test_z.py", "from ..corpus.harness import generate_each\n"),  # its own folder
    ]
    assert writers(files) == ["tests/e2e/test_x.py"]
    assert cross_folder_helpers(files) == ["tests/longtail/test_y.py: from ..corpus.harness import"]
