"""The `pagination` generator option must name fields of each page it applies to (issue 23): a
misspelt cursor path or items field is a located generation error, not an iteration that silently
stops after the first page."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from generator.diagnostics import GeneratorError
from generator.pipeline import Request, generate

SPEC = """
openapi: 3.1.0
info: {title: Shop, version: "1"}
servers: [{url: "https://api.example.com"}]
paths:
  /things:
    get:
      operationId: listThings
      parameters: [{name: after, in: query, schema: {type: string}}]
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  things: {type: array, items: {type: string}}
                  paging:
                    type: object
                    properties: {next: {type: [string, "null"]}}
"""


def generated(tmp_path: Path, options: str) -> Request:
    (tmp_path / "spec.yaml").write_text(SPEC, encoding="utf-8")
    (tmp_path / "options.yaml").write_text(textwrap.dedent(options), encoding="utf-8")
    return Request(
        spec=tmp_path / "spec.yaml", output=tmp_path / "out", api_version="2000-01-01",
        options_file=tmp_path / "options.yaml",
    )  # fmt: skip


def test_a_cursor_path_the_page_has_is_paginated(tmp_path: Path) -> None:
    result = generate(generated(tmp_path, "pagination:\n  cursor_param: after\n  cursor_path: paging.next\n"))
    (operation,) = result.api.operations
    assert operation.pagination is not None and operation.pagination.cursor_path == ("paging", "next")


@pytest.mark.parametrize(
    ("options", "pointer", "line", "named"),
    [
        ("pagination:\n  cursor_param: after\n  cursor_path: paging.nxt\n", "/pagination/cursor_path", 3, "paging.nxt"),
        ("pagination:\n  cursor_param: after\n  cursor_path: page.next\n", "/pagination/cursor_path", 3, "'page'"),
        (
            "pagination:\n  cursor_param: after\n  items_field: items\n  cursor_path: paging.next\n",
            "/pagination/items_field", 3, "'items'",
        ),
    ],
)  # fmt: skip
def test_a_field_the_page_lacks_is_a_located_error(
    tmp_path: Path, options: str, pointer: str, line: int, named: str
) -> None:
    with pytest.raises(GeneratorError) as caught:
        generate(generated(tmp_path, options))
    location = caught.value.diagnostic.location
    assert location is not None and location.pointer == pointer and location.line == line
    assert location.file == str(tmp_path / "options.yaml")
    assert named in str(caught.value) and "listThings" in str(caught.value)
    assert not (tmp_path / "out").exists()
