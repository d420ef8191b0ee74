"""Comments and docstrings of generator/ and templates/ name only what exists: a backticked name
(`read_api`, `pipeline.read_api`, `parse_value()`) must be a word of the project's code (generator/ and
templates/ outside their comments and docstrings, tests/ and benchmarks/, or a file's name), else it is
a comment that outlived what it explains."""

from __future__ import annotations

import ast
import io
import re
import tokenize
from pathlib import Path

import pytest

from .support import ROOT

_NAMED = re.compile(r"`([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)(?:\(\))?`")
_WORD = re.compile(r"[A-Za-z_]\w*")
# Comments of templates: Jinja's `{# ... #}` and Python's `# ...` in the code they render.
_TEMPLATE_COMMENT = re.compile(r"\{#.*?#\}|(?:^|\s)#\s.*$")
# Backticked examples of what the code makes or reads, not names in it.
EXAMPLES = {
    "VALUE_1_5",  # an enum member made from a value
    "name2",  # names made distinct
    "name3",
    "XResource",  # a resource class made from a tag
    "AsyncXResource",
    "OrderId",  # a spec's component
    "P1DT1H30M",  # an ISO 8601 duration
}
_FOLDERS = ("generator", "templates", "tests", "benchmarks")
_LEFT_OUT = ("__pycache__", ".venv", "node_modules", "valid", "invalid")  # environments, the corpus' inputs


def python_parts(text: str) -> tuple[list[tuple[int, str]], str]:
    """(comments and docstrings with their lines, the rest) of a Python source."""
    docstrings = set()
    for node in ast.walk(ast.parse(text)):
        for statement in getattr(node, "body", []) if isinstance(getattr(node, "body", None), list) else []:
            if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant):
                docstrings.add((statement.lineno, statement.col_offset))
    prose, code = [], []
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        if token.type == tokenize.COMMENT or (token.type == tokenize.STRING and token.start in docstrings):
            prose.append((token.start[0], token.string))
        else:
            code.append(token.string)
    return prose, " ".join(code)


def template_parts(text: str) -> tuple[list[tuple[int, str]], str]:
    """(comments with their lines, the rest) of a Jinja template."""
    prose, code = [], []
    for number, line in enumerate(text.splitlines(), 1):
        found = _TEMPLATE_COMMENT.search(line)
        if found and not line.lstrip().startswith("{{"):
            prose.append((number, found.group(0)))
            line = line[: found.start()] + line[found.end() :]
        code.append(line)
    return prose, "\n".join(code)


def stale_names() -> list[str]:
    words: set[str] = set()
    prose_of: dict[Path, list[tuple[int, str]]] = {}
    for folder in _FOLDERS:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix not in (".py", ".j2") or any(part in _LEFT_OUT for part in path.parts):
                continue
            text = path.read_text(encoding="utf-8")
            words |= set(_WORD.findall(path.relative_to(ROOT).as_posix()))
            if folder not in ("generator", "templates"):  # read whole: what a test names exists for it
                words |= set(_WORD.findall(text))
                continue
            prose, code = python_parts(text) if path.suffix == ".py" else template_parts(text)
            words |= set(_WORD.findall(code))
            prose_of[path] = prose
    words |= set(_WORD.findall((ROOT / "specs" / "options" / "generator.yaml").read_text(encoding="utf-8")))
    stale = []
    for path, prose in prose_of.items():
        for line, text in prose:
            for named in _NAMED.finditer(text):
                missing = [part for part in named.group(1).split(".") if part not in words | EXAMPLES]
                if missing:
                    at = line + text[: named.start()].count("\n")
                    stale.append(f"{path.relative_to(ROOT)}:{at}: `{named.group(1)}` ({', '.join(missing)} is nowhere)")
    return stale


@pytest.mark.slow  # tokenizes every module of generator/ and templates/ (about a second of CPU)
def test_comments_name_only_what_exists() -> None:
    assert stale_names() == []


def test_a_name_that_no_longer_exists_is_found(tmp_path: Path) -> None:
    prose, code = python_parts('"""Calls `gone_helper`."""\n\nx = 1  # see `x` and `also_gone.attr`\n')
    assert [line for line, _ in prose] == [1, 3] and "gone_helper" not in code
    names = [m.group(1) for _, text in prose for m in _NAMED.finditer(text)]
    assert names == ["gone_helper", "x", "also_gone.attr"]
    template_prose, template_code = template_parts("{# uses `old_view` #}\nvalue = 1  # `value`\n{{ x }}\n")
    assert [text for _, text in template_prose] == ["{# uses `old_view` #}", " # `value`"]
    assert "old_view" not in template_code and "value" in template_code
