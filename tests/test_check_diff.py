"""`--check`'s comparison (write.diff_package): byte for byte, every file, artifacts of use left out."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.write import diff_package, write_package

FILES = {"__init__.py": "x = 1\n", "py.typed": "", "README.md": "# A\n\ntext\n"}


@pytest.fixture
def package(tmp_path: Path) -> Path:
    write_package(FILES, tmp_path / "pkg")
    return tmp_path / "pkg"


def test_what_write_wrote_is_identical(package: Path) -> None:
    assert diff_package(FILES, package) == ""


def test_a_missing_empty_file_is_a_difference(package: Path) -> None:
    (package / "py.typed").unlink()
    diff = diff_package(FILES, package)
    assert "+++ pkg/py.typed (generated)" in diff and "missing on disk: an empty file" in diff


def test_an_extra_empty_file_is_a_difference(package: Path) -> None:
    (package / "extra.py").write_text("")
    diff = diff_package(FILES, package)
    assert "--- pkg/extra.py (on disk)" in diff and "only on disk: an empty file" in diff


def test_other_line_endings_are_a_difference(package: Path) -> None:
    (package / "README.md").write_bytes(FILES["README.md"].replace("\n", "\r\n").encode())
    diff = diff_package(FILES, package)
    assert "pkg/README.md (on disk)" in diff and "line endings: \\r\\n on disk, \\n generated" in diff


def test_an_edited_line_is_shown(package: Path) -> None:
    (package / "__init__.py").write_text("x = 2\n")
    diff = diff_package(FILES, package)
    assert "-x = 2\n+x = 1\n" in diff


def test_what_using_the_package_leaves_is_not_an_edit(package: Path) -> None:
    # Python's bytecode, and what `pip install ./pkg` builds in place.
    for artifact in ("__pycache__/__init__.cpython-311.pyc", "build/lib/pkg/__init__.py", "pkg.egg-info/PKG-INFO"):
        (package / artifact).parent.mkdir(parents=True, exist_ok=True)
        (package / artifact).write_text("anything")
    assert diff_package(FILES, package) == ""
    (package / "builder.py").write_text("")  # only the folders themselves are left out
    assert "builder.py" in diff_package(FILES, package)
