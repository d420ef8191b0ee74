"""An operation's parameters read once (generator/parameters.py) for the IR, the diff and the README
examples: the same parameters, the same schema of each, and patterns read in one dialect."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from generator import ir
from generator.diagnostics import GeneratorError
from generator.diff.api import diff_specs
from generator.load import load_document
from generator.options import GeneratorOptions
from generator.parameters import effective_parameters, parameter_key, parameter_nodes, parameter_schema
from generator.resolve import resolve_spec

from .test_build_ir import read_ir

# A path item's header `X-Trace`, which the operation redefines as `x-trace` (header names have no case),
# and a query parameter given by `content` with two entries (OpenAPI allows one): the first is sent.
PATHS: dict[str, Any] = {
    "/things": {
        "parameters": [{"name": "X-Trace", "in": "header", "schema": {"type": "string"}}],
        "get": {
            "operationId": "listThings",
            "parameters": [
                {"name": "x-trace", "in": "header", "required": True, "schema": {"type": "integer"}, "example": 7},
                {
                    "name": "filter",
                    "in": "query",
                    "content": {
                        "application/json": {"schema": {"type": "integer"}},
                        "text/plain": {"schema": {"type": "string"}},
                    },
                },
            ],
            "responses": {"204": {"description": "done"}},
        },
    }
}


def document(tmp_path: Path, name: str, paths: dict[str, Any]) -> Path:
    spec = tmp_path / name
    spec.write_text(json.dumps({"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "paths": paths}))
    return spec


def test_an_operations_header_overrides_the_path_items_whatever_its_case(tmp_path: Path) -> None:
    api, _ = read_ir(tmp_path, paths=PATHS)
    (operation,) = api.operations
    headers = [p for p in operation.parameters if p.location == "header"]
    assert [(p.wire_name, p.type, p.required) for p in headers] == [("x-trace", ir.Primitive("int"), True)]
    assert operation.example_arguments[0] == ("trace", 7)  # the examples find the same parameter


def test_a_parameters_schema_is_its_first_content_entrys(tmp_path: Path) -> None:
    api, _ = read_ir(tmp_path, paths=PATHS)
    (operation,) = api.operations
    (query,) = [p for p in operation.parameters if p.location == "query"]
    assert query.type == ir.Primitive("int")
    spec = resolve_spec(load_document(document(tmp_path, "t-2024-01-01.json", PATHS)))
    get = spec.root_node().child("paths", "/things", "get")
    found = effective_parameters(parameter_nodes(spec, get, strict=False), strict=False)
    schema = parameter_schema(found[parameter_key("query", "filter")])
    assert schema is not None and schema.pointer.endswith("/content/application~1json/schema")


def test_the_diff_reads_the_same_parameters(tmp_path: Path) -> None:
    old = document(tmp_path, "t-2024-01-01.json", PATHS)
    changed = json.loads(json.dumps(PATHS))
    changed["/things"]["parameters"][0]["schema"] = {"type": "boolean"}  # overridden: no change the client sees
    changed["/things"]["get"]["parameters"][1]["content"]["text/plain"]["schema"] = {"type": "boolean"}  # not sent
    changed["/things"]["get"]["parameters"][1]["content"]["application/json"]["schema"] = {"type": "string"}
    report = diff_specs(old, document(tmp_path, "t-2024-02-01.json", changed))
    changes = [c for c in report.changes if c.area == "parameter"]
    assert changes and all("filter" in c.message for c in changes), [c.message for c in changes]


def test_a_malformed_parameter_is_an_error_for_the_ir_and_left_out_otherwise(tmp_path: Path) -> None:
    paths = {"/x": {"get": {"parameters": [{"in": "query"}], "responses": {"204": {"description": "done"}}}}}
    spec = resolve_spec(load_document(document(tmp_path, "t-2024-01-01.json", paths)))
    nodes = parameter_nodes(spec, spec.root_node().child("paths", "/x", "get"), strict=True)
    assert effective_parameters(nodes, strict=False) == {}
    with pytest.raises(GeneratorError, match="a parameter needs a string `name`"):
        effective_parameters(nodes, strict=True)


def test_side_effect_free_is_kept_in_the_ir(tmp_path: Path) -> None:
    paths = {
        "/quote": {"post": {"operationId": "quote", "responses": {"204": {"description": "done"}}}},
        "/order": {"post": {"operationId": "order", "responses": {"204": {"description": "done"}}}},
        "/get": {"get": {"operationId": "read", "responses": {"204": {"description": "done"}}}},
    }
    api, _ = read_ir(tmp_path, paths=paths, options=GeneratorOptions(side_effect_free_operations=frozenset({"quote"})))
    by_id = {op.operation_id: op for op in api.operations}
    assert [(by_id[i].idempotent, by_id[i].side_effect_free) for i in ("quote", "order", "read")] == [
        (True, True),
        (False, False),
        (True, False),
    ]


# Defaults that are, and are not, values of their schema's type: the same schemas as a query parameter
# and as a property must be judged alike (one reading: schemas/defaults.typed_default).
DEFAULT_CASES: dict[str, tuple[dict[str, Any], bool]] = {
    "since": ({"type": "string", "format": "date-time", "default": "yesterday"}, False),
    "day": ({"type": "string", "format": "date", "default": "2020-02-29"}, True),
    "id": ({"type": "string", "format": "uuid", "default": "notauuid"}, False),
    "mode": ({"type": "string", "enum": ["fast", "slow"], "default": "medium"}, False),
    "size": ({"type": "integer", "default": True}, False),
    "limit": ({"type": "integer", "default": 10}, True),
    "ratio": ({"type": ["number", "null"], "default": None}, True),
}


def test_a_parameters_default_is_judged_as_a_propertys_is(tmp_path: Path) -> None:
    paths = {
        "/things": {
            "get": {
                "operationId": "listThings",
                "parameters": [{"name": n, "in": "query", "schema": s} for n, (s, _) in DEFAULT_CASES.items()],
                "responses": {"204": {"description": "done"}},
            }
        }
    }
    schemas = {"Thing": {"type": "object", "properties": {n: s for n, (s, _) in DEFAULT_CASES.items()}}}
    api, warnings = read_ir(tmp_path, schemas=schemas, paths=paths)
    (operation,) = api.operations
    (thing,) = [d for d in api.definitions if isinstance(d, ir.ObjectModel) and d.name == "Thing"]
    kept_by_parameter = {p.wire_name: p.has_default for p in operation.parameters}
    kept_by_property = {f.wire_name: f.has_default and f.default_value is not None for f in thing.fields}
    expected = {name: valid for name, (_, valid) in DEFAULT_CASES.items()}
    assert kept_by_parameter == expected
    assert kept_by_property == expected
    ignored = [w for w in warnings if "of parameter" in w]
    assert len(ignored) == list(expected.values()).count(False), ignored
