"""Stage 6, format: cutting files into pieces, the cache and the worker never change black's output."""

from __future__ import annotations

from pathlib import Path

import black
import pytest

from generator import format as fmt
from generator import pipeline, worker
from generator.diagnostics import GeneratorError
from generator.pipeline import Request
from generator.versions import version_in_name

from .support import ROOT, runa_specs

MODE = black.Mode(line_length=fmt.LINE_LENGTH, target_versions={black.mode.TargetVersion.PY311})


def black_whole(files: dict[str, str]) -> dict[str, str]:
    """What formatting was before pieces, cache and worker: black on each whole file."""
    out = {}
    for path, text in files.items():
        if path.endswith(".py"):
            out[path] = black.format_str(text, mode=MODE)
        elif path.endswith(".md"):
            out[path] = fmt._PYTHON_BLOCK.sub(
                lambda block: f"```python\n{black.format_str(block.group(1), mode=MODE)}```", text
            )
        else:
            out[path] = text
    return out


@pytest.fixture
def no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RUNA_GENERATOR_CACHE", "off")


@pytest.fixture
def tiny_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cut at every place a cut is allowed."""
    monkeypatch.setattr(fmt, "PIECE_SIZE", 1)


def unformatted(spec: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The files of the package `spec` generates, before formatting."""
    captured: dict[str, dict[str, str]] = {}
    with pytest.MonkeyPatch.context() as here:  # undoes only its own patch (not the test's fixtures')
        here.setattr(pipeline, "format_files", lambda files, **_: captured.setdefault("files", files))
        pipeline.generate(Request(spec=spec, api_version=None if version_in_name(spec.name) else "2024-01-01"))
    return captured["files"]


SPECS = [
    *runa_specs(),
    ROOT / "tests" / "corpus" / "valid" / "train-travel_openapi.yaml",
    ROOT / "tests" / "corpus" / "valid" / "opc_baseline_openapi_3.1.yaml",
]


@pytest.mark.slow
@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.stem)
def test_pieces_give_exactly_what_black_gives_whole_files(
    spec: Path, monkeypatch: pytest.MonkeyPatch, no_cache: None
) -> None:
    files = unformatted(spec, monkeypatch)
    expected = black_whole(files)
    monkeypatch.setattr(fmt, "PIECE_SIZE", 1)
    assert any(len(fmt._pieces(text)) > 10 for path, text in files.items() if path.endswith(".py"))
    assert fmt.format_files(files) == expected


@pytest.mark.slow
def test_pieces_give_what_black_gives_on_arbitrary_python(tiny_pieces: None, no_cache: None) -> None:
    """Hand-written code (comments, decorators, nested classes, strings holding `class` lines)."""
    import dataclasses
    import textwrap

    sources = [Path(dataclasses.__file__), Path(textwrap.__file__), Path(fmt.__file__), Path(pipeline.__file__)]
    sources += sorted((ROOT / "templates" / "runtime").glob("*.py"))
    for source in sources:
        text = source.read_text(encoding="utf-8")
        assert fmt.format_files({"x.py": text})["x.py"] == black.format_str(text, mode=MODE), source


TRICKY = '''"""Module."""
import os
x = 1
class A:
    """Doc."""
    def f(self): return 'a'

    @property
    def g(self): return 1

    # a comment tied to h
    def h(self): ...

    class Inner:
        pass
# a comment tied to B

class B(A): pass
@staticmethod

def decorated(): pass
TEXT = """
class NotAClass:

def not_a_function():
"""

def after_string(): return TEXT
'''


def test_cuts_next_to_comments_decorators_and_strings(tiny_pieces: None, no_cache: None) -> None:
    assert fmt.format_files({"x.py": TRICKY})["x.py"] == black.format_str(TRICKY, mode=MODE)


def test_a_cut_inside_a_string_falls_back_to_the_whole_file(tiny_pieces: None, no_cache: None) -> None:
    text = 'A = """\n\nclass B:\n    pass\n"""\n\n\nclass C:\n    pass\n'
    pieces = fmt._pieces(text)
    assert len(pieces) == 3  # one cut inside the string, one after it
    assert fmt.format_files({"x.py": text})["x.py"] == black.format_str(text, mode=MODE)


def test_fmt_directives_are_never_cut(tiny_pieces: None) -> None:
    text = "class A:\n    pass\n\n# fmt: off\nclass B:\n    x = [1,2]\n"
    assert len(fmt._pieces(text)) == 1


def test_invalid_python_is_a_generator_error(no_cache: None) -> None:
    with pytest.raises(GeneratorError, match="x.py is not valid Python"):
        fmt.format_files({"x.py": "def f(:\n"})


@pytest.fixture(params=["fork", "new interpreter"])
def worker_kind(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Each way a worker can be (worker.py): a fork on Linux, a new interpreter elsewhere."""
    monkeypatch.setattr(worker, "FORK", request.param == "fork")
    return str(request.param)


@pytest.mark.slow
def test_the_worker_process_gives_the_same_output(
    monkeypatch: pytest.MonkeyPatch, no_cache: None, worker_kind: str
) -> None:
    files = unformatted(runa_specs()[-1], monkeypatch)
    expected = black_whole(files)
    monkeypatch.setattr(fmt, "PIECE_SIZE", 2000)
    monkeypatch.setattr(fmt, "PARALLEL_THRESHOLD", 0)
    started = []
    original = fmt.Worker.start.__func__  # type: ignore[attr-defined]
    monkeypatch.setattr(
        fmt.Worker, "start", classmethod(lambda cls, *a: started.append(original(cls, *a)) or started[-1])
    )
    assert fmt.format_files(files) == expected
    assert started and started[0] is not None and started[0].exit_code == 0  # the worker did its share


def test_a_worker_that_cannot_start_leaves_the_work_here(
    monkeypatch: pytest.MonkeyPatch, no_cache: None, worker_kind: str, no_worker_can_start: None
) -> None:
    monkeypatch.setattr(fmt, "PIECE_SIZE", 200)
    monkeypatch.setattr(fmt, "PARALLEL_THRESHOLD", 0)
    assert fmt.format_files({"x.py": TRICKY})["x.py"] == black.format_str(TRICKY, mode=MODE)


def test_a_worker_that_fails_leaves_the_work_here(
    monkeypatch: pytest.MonkeyPatch, no_cache: None, worker_kind: str
) -> None:
    monkeypatch.setattr(fmt, "PIECE_SIZE", 200)
    monkeypatch.setattr(fmt, "PARALLEL_THRESHOLD", 0)
    monkeypatch.setattr(fmt, "_black_replies", failing_job)
    assert fmt.format_files({"x.py": TRICKY})["x.py"] == black.format_str(TRICKY, mode=MODE)


def failing_job(texts: list[str]) -> list[tuple[bool, str]]:
    """black's share of a worker that fails (in either kind of worker: a new interpreter imports it by name)."""
    raise SystemExit(3)


@pytest.mark.slow
def test_the_cache_gives_the_same_bytes_and_spares_black(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("RUNA_GENERATOR_CACHE", str(tmp_path / "cache"))
    files = unformatted(runa_specs()[-1], monkeypatch)
    monkeypatch.setenv("RUNA_GENERATOR_CACHE", str(tmp_path / "cache"))
    first = fmt.format_files(files)
    assert first == black_whole(files)
    assert any((tmp_path / "cache" / "black").rglob("*"))

    def no_black() -> None:
        raise AssertionError("black ran although everything was cached")

    monkeypatch.setattr(fmt, "_formatter", no_black)
    assert fmt.format_files(files) == first


def test_a_corrupt_cache_entry_is_only_a_miss(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("RUNA_GENERATOR_CACHE", str(tmp_path))
    text = "x  =  1\n"
    assert fmt.format_files({"x.py": text})["x.py"] == "x = 1\n"
    for entry in (tmp_path / "black").rglob("*"):
        if entry.is_file() and not entry.name.startswith("."):
            entry.write_bytes(b"\xff\xfe not utf-8")
    assert fmt.format_files({"x.py": text})["x.py"] == "x = 1\n"
