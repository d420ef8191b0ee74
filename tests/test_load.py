"""Stage 1: loading YAML and JSON, with line numbers for located messages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.diagnostics import GeneratorError
from generator.load import load_document
from generator.operations import HTTP_METHODS

from .support import FIXTURES, RUNA

# Runa's files as published (tests/fixtures/runa/<version>.openapi.json), of the versions specs/ keeps as YAML.
PUBLISHED = {dated.version: FIXTURES / "runa" / f"{dated.version}.openapi.json" for dated in RUNA}
PUBLISHED = {version: path for version, path in PUBLISHED.items() if path.is_file()}


@pytest.mark.parametrize("version", sorted(PUBLISHED))
def test_yaml_specs_equal_runas_published_json(version: str) -> None:
    yaml_doc = load_document(next(dated.path for dated in RUNA if dated.version == version))
    published = json.loads(PUBLISHED[version].read_text(encoding="utf-8"))
    assert yaml_doc.data == published
    # Key order is kept too (the diff and the generated code follow document order).
    assert list(yaml_doc.data["components"]["schemas"]) == list(published["components"]["schemas"])
    assert list(yaml_doc.data["paths"]) == list(published["paths"])


def test_json_spec_loads_with_line_numbers() -> None:
    published = PUBLISHED[max(PUBLISHED)]
    doc = load_document(published)
    schema = list(doc.data["components"]["schemas"])[-1]
    line = doc.lines.line_of(f"/components/schemas/{schema}")
    text = published.read_text(encoding="utf-8").splitlines()
    assert line is not None and f'"{schema}"' in text[line - 1]


def test_yaml_line_of_pointer_points_at_the_node() -> None:
    spec = next(dated.path for dated in reversed(RUNA) if dated.path.suffix in (".yaml", ".yml"))
    doc = load_document(spec)
    path, item = list(doc.data["paths"].items())[-1]
    method = next(key for key in item if key in HTTP_METHODS)
    line = doc.lines.line_of(f"/paths/{path.replace('~', '~0').replace('/', '~1')}/{method}")
    assert line is not None
    lines = spec.read_text(encoding="utf-8").splitlines()
    assert f"operationId: {item[method]['operationId']}" in "\n".join(lines[line - 2 : line + 15])


def test_yaml_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    spec = tmp_path / "broken.yaml"
    spec.write_text("openapi: 3.1.0\ninfo:\n  title: x\n  version: '1'\npaths: {\n  /a: [\n", encoding="utf-8")
    with pytest.raises(GeneratorError) as caught:
        load_document(spec)
    text = str(caught.value)
    assert "broken.yaml:" in text and "invalid YAML" in text
    assert caught.value.diagnostic.location is not None and caught.value.diagnostic.location.line is not None


def test_json_syntax_error_names_line(tmp_path: Path) -> None:
    spec = tmp_path / "broken.json"
    spec.write_text('{\n  "openapi": "3.1.0",\n  "info": {,}\n}\n', encoding="utf-8")
    with pytest.raises(GeneratorError) as caught:
        load_document(spec)
    assert "broken.json:3" in str(caught.value)


def test_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    lines.append("filler: " + "*a8 " * 0)
    spec = tmp_path / "bomb.yaml"
    spec.write_text("\n".join(lines) + "\nbig: [" + ", ".join(["*a8"] * 10_001) + "]\n", encoding="utf-8")
    with pytest.raises(GeneratorError, match="alias"):
        load_document(spec)


@pytest.mark.parametrize(
    ("lines", "culprit", "pointer"),
    [
        # A key without its `:` is only noticed on the next line (PyYAML's problem mark); the line
        # to show is the key's own (the context mark), inside the mapping it belongs to.
        (
            ["openapi: 3.1.0", "paths:", "  /a:", "    get: {}", "    put", "    post: {}", "info: {}"],
            "    put",
            "/paths/~1a",
        ),
        # A token that does not fit its block: the token's line, not the block's first line above.
        (["openapi: 3.1.0", "info:", "  title: x", "  version: '1'", "  - stray", "paths: {}"], "  - stray", "/info"),
    ],
)
def test_yaml_syntax_error_names_the_line_of_the_problem_and_its_pointer(
    tmp_path: Path, lines: list[str], culprit: str, pointer: str
) -> None:
    spec = tmp_path / "broken.yaml"
    spec.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(GeneratorError) as caught:
        load_document(spec)
    location = caught.value.diagnostic.location
    assert location is not None
    assert (location.line, location.pointer) == (lines.index(culprit) + 1, pointer)
