"""generator/cli.py: every command ends the same way on a failure, whatever raised it: exit 2, one
`error:` message naming the file, no traceback (and `add` takes its spec back out of specs/).

In-process (fast): the commands as subprocesses are tested in test_cli.py, test_add.py and test_diff.py.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator import add
from generator.__main__ import main
from generator.cli import EXIT_BAD_INPUT, exit_code

from .support import CURRENT


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (RecursionError(), "error: spec.yaml: the document nests too deeply to process (recursion limit)"),
        (PermissionError(13, "Permission denied", "out/pkg.py"), "error: out/pkg.py: Permission denied"),
        (KeyError("x"), "error: spec.yaml: internal error (KeyError: 'x');"),
    ],
)
def test_each_kind_of_failure_is_one_located_message_and_exit_2(
    error: BaseException, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    def failing() -> int:
        raise error

    undone: list[str] = []
    assert exit_code(failing, subject="spec.yaml", on_failure=lambda: undone.append("undone")) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert err.startswith(message) and err.count("\n") == 1 and "Traceback" not in err, err
    assert undone == ["undone"]


def test_success_is_its_own_exit_code_with_nothing_undone(capsys: pytest.CaptureFixture[str]) -> None:
    undone: list[str] = []
    assert exit_code(lambda: 1, subject="spec.yaml", on_failure=lambda: undone.append("undone")) == 1
    assert undone == [] and capsys.readouterr().err == ""


def test_changelog_into_a_file_is_a_located_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Was a FileExistsError traceback: the output folder is a file."""
    specs = tmp_path / "specs"
    specs.mkdir()
    shutil.copy(CURRENT.path, specs / CURRENT.path.name)
    blocker = tmp_path / "out"
    blocker.write_text("not a folder", encoding="utf-8")
    assert main(["changelog", str(specs), "--output", str(blocker)]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert f"error: {blocker}: File exists" in err and "Traceback" not in err, err


def test_add_takes_its_spec_back_out_whatever_stops_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Was a traceback with the spec left in specs/ for any failure but a GeneratorError or OSError."""

    def crash(*_: object, **__: object) -> None:
        raise RecursionError

    monkeypatch.setattr(add, "generate", crash)
    source = tmp_path / f"runa_{CURRENT.version}_openapi{CURRENT.path.suffix}"
    shutil.copy(CURRENT.path, source)
    specs = tmp_path / "specs"
    assert main(["add", str(source), "--specs", str(specs), "--output", str(tmp_path / "out")]) == EXIT_BAD_INPUT
    out, err = capsys.readouterr()
    stored = specs / (CURRENT.version + CURRENT.path.suffix)
    assert "stored" not in out, out  # said only once it generates
    assert err.splitlines() == [
        f"error: {source}: the document nests too deeply to process (recursion limit)",
        f"not added: {stored} removed again (fix the spec, then run add again)",
    ]
    assert list(specs.iterdir()) == [] and not (tmp_path / "out").exists()
