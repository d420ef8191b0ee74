"""Every serialization OpenAPI does not define is a located warning at generation, saying what is
sent instead (IR level: `read_spec` on a small document; no package is written)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from generator import ir
from generator.pipeline import Request, read_api

OBJECT = {"type": "object", "properties": {"a": {"type": "integer"}}}
NESTED = {"type": "object", "properties": {"inner": OBJECT}}
OBJECTS = {"type": "array", "items": OBJECT}


def parameter(name: str, where: str, schema: dict[str, Any], **how: Any) -> dict[str, Any]:
    return {"name": name, "in": where, "schema": schema, **how}


PARAMETERS = [
    parameter("m", "query", {"type": "string"}, style="matrix"),
    parameter("l", "header", {"type": "string"}, style="label"),
    parameter("f", "path", {"type": "string"}, style="form", required=True),
    parameter("c", "cookie", {"type": "string"}, style="simple"),
    parameter("nested", "query", OBJECTS),
    parameter("deep", "query", NESTED, style="deepObject", explode=True),
    parameter("crumbs", "cookie", {"type": "array", "items": {"type": "string"}}),
]
# parameter name -> (pointer suffix under the parameter, words the warning must hold)
EXPECTED = {
    "m": ("/style", "sent as style 'form'"),
    "l": ("/style", "sent as style 'simple'"),
    "f": ("/style", "sent as style 'simple'"),
    "c": ("/style", "sent as style 'form'"),
    "nested": ("", "sent as JSON text"),
    "deep": ("", "nested brackets"),
    "crumbs": ("", "its own cookie pair"),
}
FORM = {
    "type": "object",
    "properties": {"doc": {"type": "string"}, "meta": OBJECT, "part": OBJECT},
}


def document() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "Warnings", "version": "1"},
        "paths": {
            "/things/{f}": {
                "post": {
                    "operationId": "things",
                    "parameters": PARAMETERS,
                    "requestBody": {
                        "content": {
                            "application/x-www-form-urlencoded": {
                                "schema": FORM,
                                "encoding": {"doc": {"contentType": "application/xml"}},
                            }
                        }
                    },
                    "responses": {"204": {"description": "ok"}},
                },
                "put": {
                    "operationId": "upload",
                    "parameters": [parameter("f", "path", {"type": "string"}, required=True)],
                    "requestBody": {
                        "content": {
                            "multipart/form-data": {
                                "schema": FORM,
                                "encoding": {
                                    "part": {"contentType": "application/xml"},
                                    "meta": {"style": "deepObject", "explode": True},
                                },
                            }
                        }
                    },
                    "responses": {"204": {"description": "ok"}},
                },
            }
        },
    }


@pytest.fixture(scope="module")
def api_and_warnings(tmp_path_factory: pytest.TempPathFactory) -> tuple[ir.Api, list[Any]]:
    path = tmp_path_factory.mktemp("warnings") / "warnings.yaml"
    path.write_text(yaml.safe_dump(document(), sort_keys=False), encoding="utf-8")
    return read(path)


def read(path: Path) -> tuple[ir.Api, list[Any]]:
    result = read_api(Request(spec=path, output=path.parent, package_name="warnings_client", api_version="2000-01-01"))
    return result.api, result.warnings


def messages_at(warnings: list[Any], pointer: str) -> list[str]:
    """The generator's own warnings at `pointer` (a style the schema forbids also gets the validator's)."""
    return [
        w.message
        for w in warnings
        if w.location is not None and w.location.pointer == pointer and not w.message.startswith("validation:")
    ]


@pytest.mark.parametrize("name", list(EXPECTED))
def test_undefined_parameter_serialization_is_a_located_warning(api_and_warnings, name: str) -> None:
    _, warnings = api_and_warnings
    index = next(i for i, p in enumerate(PARAMETERS) if p["name"] == name)
    suffix, words = EXPECTED[name]
    found = messages_at(warnings, f"/paths/~1things~1{{f}}/post/parameters/{index}{suffix}")
    assert len(found) == 1 and words in found[0], found


def test_the_fallback_is_what_the_ir_says(api_and_warnings) -> None:
    api, _ = api_and_warnings
    things = next(op for op in api.operations if op.operation_id == "things")
    styles = {p.wire_name: (p.serialization.style, p.serialization.explode) for p in things.parameters}
    assert styles["m"] == ("form", True) and styles["l"] == ("simple", False) and styles["c"] == ("form", True)
    assert styles["deep"] == ("deepObject", True) and styles["nested"] == ("form", True)


@pytest.mark.parametrize(
    ("pointer", "words"),
    [
        (
            "/paths/~1things~1{f}/post/requestBody/content/application~1x-www-form-urlencoded/encoding/doc/contentType",
            "sent as text",
        ),
        ("/paths/~1things~1{f}/put/requestBody/content/multipart~1form-data/encoding/part", "as JSON"),
        ("/paths/~1things~1{f}/put/requestBody/content/multipart~1form-data/encoding/meta", "not supported"),
    ],
)
def test_encodings_the_client_cannot_honour_are_located_warnings(api_and_warnings, pointer: str, words: str) -> None:
    _, warnings = api_and_warnings
    found = messages_at(warnings, pointer)
    assert len(found) == 1 and words in found[0], [str(w) for w in warnings]
