"""OpenAPI's Style Examples table, cell by cell, on the wire.

A spec with one operation per (location, style, explode, value type) cell is generated into a
package; each operation is called with the table's value (`"blue"`, `["blue", "black", "brown"]`,
`{"R": 100, "G": 200, "B": 150}`) against a recording HTTP server, and what arrived (the raw path,
the raw query string, the header, the Cookie header) must equal the table's cell. The _n/a_ cells
(combinations OpenAPI does not define) must each be a located warning at generation instead.

Cookies follow the table's `form` rows where they are cookie syntax (a single pair), and OpenAPI
3.2's `cookie` style where the form example joins pairs with `&` (a cookie cannot: see Appendix D).
"""

from __future__ import annotations

from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest
import yaml

from generator.pipeline import Result

from ..packages import PackageFactory
from ..scripted_server import ScriptedServer, Step
from ..support import UNDATED_VERSION

VALUES: dict[str, Any] = {
    "string": "blue",
    "array": ["blue", "black", "brown"],
    "object": {"R": 100, "G": 200, "B": 150},
}
SCHEMAS: dict[str, Any] = {
    "string": {"type": "string"},
    "array": {"type": "array", "items": {"type": "string"}},
    "object": {"type": "object", "additionalProperties": {"type": "integer"}},
}

# (location, style, explode) -> {value type: what the table says arrives}. Path cells are the path
# segment, query cells the query string (without `?`), header cells the header's value, cookie cells
# the Cookie header.
TABLE: dict[tuple[str, str, bool], dict[str, str]] = {
    ("path", "matrix", False): {
        "string": ";color=blue",
        "array": ";color=blue,black,brown",
        "object": ";color=R,100,G,200,B,150",
    },
    ("path", "matrix", True): {
        "string": ";color=blue",
        "array": ";color=blue;color=black;color=brown",
        "object": ";R=100;G=200;B=150",
    },
    ("path", "label", False): {"string": ".blue", "array": ".blue,black,brown", "object": ".R,100,G,200,B,150"},
    ("path", "label", True): {"string": ".blue", "array": ".blue.black.brown", "object": ".R=100.G=200.B=150"},
    ("path", "simple", False): {"string": "blue", "array": "blue,black,brown", "object": "R,100,G,200,B,150"},
    ("path", "simple", True): {"string": "blue", "array": "blue,black,brown", "object": "R=100,G=200,B=150"},
    ("query", "form", False): {
        "string": "color=blue",
        "array": "color=blue,black,brown",
        "object": "color=R,100,G,200,B,150",
    },
    ("query", "form", True): {
        "string": "color=blue",
        "array": "color=blue&color=black&color=brown",
        "object": "R=100&G=200&B=150",
    },
    ("query", "spaceDelimited", False): {
        "array": "color=blue%20black%20brown",
        "object": "color=R%20100%20G%20200%20B%20150",
    },
    ("query", "pipeDelimited", False): {
        "array": "color=blue%7Cblack%7Cbrown",
        "object": "color=R%7C100%7CG%7C200%7CB%7C150",
    },
    ("query", "deepObject", True): {"object": "color%5BR%5D=100&color%5BG%5D=200&color%5BB%5D=150"},
    ("header", "simple", False): {"string": "blue", "array": "blue,black,brown", "object": "R,100,G,200,B,150"},
    ("header", "simple", True): {"string": "blue", "array": "blue,black,brown", "object": "R=100,G=200,B=150"},
    ("cookie", "form", False): {
        "string": "color=blue",
        "array": "color=blue,black,brown",
        "object": "color=R,100,G,200,B,150",
    },
    ("cookie", "form", True): {
        "string": "color=blue",
        "array": "color=blue; color=black; color=brown",
        "object": "R=100; G=200; B=150",
    },
    ("cookie", "cookie", False): {
        "string": "color=blue",
        "array": "color=blue,black,brown",
        "object": "color=R,100,G,200,B,150",
    },
    ("cookie", "cookie", True): {
        "string": "color=blue",
        "array": "color=blue; color=black; color=brown",
        "object": "R=100; G=200; B=150",
    },
}
CELLS = [(where, kind, wire) for where, row in TABLE.items() for kind, wire in row.items()]
# The n/a cells of the query rows: OpenAPI defines no serialization, so the generator must say so.
NOT_DEFINED = [
    ("query", style, explode, kind)
    for style, explode in [
        ("spaceDelimited", False),
        ("spaceDelimited", True),
        ("pipeDelimited", False),
        ("pipeDelimited", True),
        ("deepObject", False),
        ("deepObject", True),
    ]
    for kind in VALUES
    if kind not in TABLE.get(("query", style, explode), {})
]


def operation_id(location: str, style: str, explode: bool, kind: str) -> str:
    return f"{location}_{style}_{'exploded' if explode else 'plain'}_{kind}".lower()


def style_spec() -> dict[str, Any]:
    paths: dict[str, Any] = {}
    cells = [(where, kind) for where, row in TABLE.items() for kind in row]
    cells += [((loc, style, explode), kind) for loc, style, explode, kind in NOT_DEFINED]
    for (location, style, explode), kind in cells:
        op = operation_id(location, style, explode, kind)
        path = f"/{op}" + ("/{color}" if location == "path" else "")
        parameter = {
            "name": "color",
            "in": location,
            "required": True,
            "style": style,
            "explode": explode,
            "schema": SCHEMAS[kind],
        }
        paths[path] = {
            "get": {"operationId": op, "parameters": [parameter], "responses": {"204": {"description": "ok"}}}
        }
    return {
        "openapi": "3.2.0",
        "info": {"title": "Style examples", "version": "1"},
        "servers": [{"url": "https://styles.example.com"}],
        "paths": paths,
    }


@pytest.fixture(scope="module")
def styles(generated_packages: PackageFactory, tmp_path_factory: pytest.TempPathFactory) -> tuple[ModuleType, Result]:
    spec = tmp_path_factory.mktemp("style_examples") / "styles.yaml"
    spec.write_text(yaml.safe_dump(style_spec(), sort_keys=False), encoding="utf-8")
    package = generated_packages.get(spec, name="style_examples_client", api_version=UNDATED_VERSION)
    return package.module, package.result


@pytest.fixture(scope="module")
def server() -> Iterator[ScriptedServer]:
    recording = ScriptedServer(Step(204))
    try:
        yield recording
    finally:
        recording.close()


def sent(styles: tuple[ModuleType, Result], server: ScriptedServer, location: str, op: str, value: Any) -> str:
    package, _ = styles
    before = len(server.received)
    with package.StyleExamplesClient(base_url=server.url, max_retries=0) as client:
        getattr(client.default, op)(color=value)
    (received,) = server.received[before:]
    prefix = f"/v2/{op}"
    if location == "path":
        assert received.path.startswith(prefix + "/")
        return received.path[len(prefix) + 1 :]
    if location == "query":
        assert received.path.startswith(prefix + "?"), received.path
        return received.path[len(prefix) + 1 :]
    return received.headers.get("color" if location == "header" else "cookie", "<absent>")


@pytest.mark.parametrize(("where", "kind", "wire"), CELLS, ids=[f"{w[0]}-{w[1]}-{w[2]}-{k}" for w, k, _ in CELLS])
def test_style_examples_cell(styles: Any, server: ScriptedServer, where: tuple[str, str, bool], kind: str, wire: str):
    location, style, explode = where
    assert sent(styles, server, location, operation_id(location, style, explode, kind), VALUES[kind]) == wire


@pytest.mark.parametrize(("location", "style", "explode", "kind"), NOT_DEFINED)
def test_undefined_cells_are_located_warnings(styles: Any, location: str, style: str, explode: bool, kind: str):
    _, result = styles
    op = operation_id(location, style, explode, kind)
    pointer = f"/paths/~1{op}/get/parameters/0"
    located = [w for w in result.warnings if w.location is not None and w.location.pointer.startswith(pointer)]
    assert len(located) == 1, [str(w) for w in result.warnings]
    where = located[0].location
    assert where is not None and where.file.endswith("styles.yaml") and where.line is not None
    assert "sent as style 'form'" in located[0].message or "sent with `explode: true`" in located[0].message
