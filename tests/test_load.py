"""Stage 1: loading YAML and JSON, with line numbers for located messages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.diagnostics import GeneratorError
from generator.load import load_document

from .conftest import FIXTURES, SPECS


@pytest.mark.parametrize("version", ["2023-07-27", "2024-02-05"])
def test_yaml_specs_equal_runas_published_json(version: str) -> None:
    yaml_doc = load_document(SPECS / f"{version}.yaml")
    published = json.loads((FIXTURES / "runa" / f"{version}.openapi.json").read_text(encoding="utf-8"))
    assert yaml_doc.data == published
    # Key order is kept too (the diff and the generated code follow document order).
    assert list(yaml_doc.data["components"]["schemas"]) == list(published["components"]["schemas"])
    assert list(yaml_doc.data["paths"]) == list(published["paths"])


def test_json_spec_loads_with_line_numbers() -> None:
    doc = load_document(FIXTURES / "runa" / "2024-02-05.openapi.json")
    line = doc.lines.line_of("/components/schemas/OrderId")
    text = (FIXTURES / "runa" / "2024-02-05.openapi.json").read_text(encoding="utf-8").splitlines()
    assert line is not None and '"OrderId"' in text[line - 1]


def test_yaml_line_of_pointer_points_at_the_node() -> None:
    doc = load_document(SPECS / "2024-02-05.yaml")
    line = doc.lines.line_of("/paths/~1order/post")
    assert line is not None
    lines = (SPECS / "2024-02-05.yaml").read_text(encoding="utf-8").splitlines()
    assert "operationId: createOrder" in "\n".join(lines[line - 2 : line + 15])


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
