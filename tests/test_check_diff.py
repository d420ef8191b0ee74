"""`--check`'s comparison (write.diff_package): byte for byte, every file, artifacts of use left out."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import write
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
    assert diff == f"missing: {package / 'py.typed'}\n"


def test_an_extra_empty_file_is_a_difference(package: Path) -> None:
    (package / "extra.py").write_text("")
    diff = diff_package(FILES, package)
    assert diff == f"only on disk: {package / 'extra.py'}\n"


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


def test_a_missing_package_folder_is_one_line(tmp_path: Path) -> None:
    diff = diff_package(FILES, tmp_path / "nowhere" / "pkg")
    assert diff.splitlines() == [
        f"missing: {tmp_path / 'nowhere' / 'pkg'} (the package folder: 3 files would be generated)"
    ]


def test_a_long_diff_is_bounded_per_file_and_in_all(package: Path) -> None:
    # Every line of many files changed: each file's diff is cut, and past the bound in all the
    # remaining files are named one line each; nothing is lost from the list of files.
    many = {f"m{index:02}.py": "".join(f"line {n}\n" for n in range(500)) for index in range(20)}
    write_package({name: text.replace("line", "edited") for name, text in many.items()}, package)
    lines = diff_package(many, package).splitlines()
    assert len(lines) <= write._DIFF_LINES_IN_ALL + write._DIFF_LINES_PER_FILE + len(many) + 1
    assert sum(line.startswith("--- ") for line in lines) < len(many)
    assert any(line.startswith("... ") and line.endswith(" more lines") for line in lines)
    for name in many:
        assert any(name in line for line in lines if line.startswith(("--- ", "differs: ")))
