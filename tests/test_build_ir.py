"""IR-level unit tests: a schema or operation snippet in, the IR (generator/ir.py) out.

No rendering, formatting, writing or importing: each test reads one small document through
load -> resolve -> build_ir, so it runs in milliseconds and a failure points at the reading of one
keyword, not at a template or the runtime.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from generator import ir
from generator.build_ir import build_ir
from generator.diagnostics import Diagnostic
from generator.load import load_document
from generator.options import GeneratorOptions
from generator.resolve import resolve_spec
from generator.validation.validate import openapi_minor_version

STR, INT = ir.Primitive("str"), ir.Primitive("int")


def read_ir(
    tmp_path: Path,
    schemas: dict[str, Any] | None = None,
    paths: dict[str, Any] | None = None,
    options: GeneratorOptions | None = None,
) -> tuple[ir.Api, list[str]]:
    """The IR of a 3.1 document made of `schemas` (components) and `paths`, and its warnings."""
    document = {
        "openapi": "3.1.0",
        "info": {"title": "Snippet", "version": "1"},
        "paths": paths or {},
        "components": {"schemas": schemas or {}},
    }
    spec_file = tmp_path / "snippet-2024-01-01.json"
    spec_file.write_text(json.dumps(document), encoding="utf-8")
    loaded = load_document(spec_file)
    warnings: list[Diagnostic] = []
    api = build_ir(
        resolve_spec(loaded),
        openapi_version=openapi_minor_version(loaded),
        api_version="2024-01-01",
        package_name="snippet",
        options=options or GeneratorOptions(),
        warnings=warnings,
    )
    return api, [str(w) for w in warnings]


def definition(api: ir.Api, name: str) -> ir.Definition:
    return next(d for d in api.definitions if d.name == name)


def fields(model: ir.Definition) -> dict[str, ir.Field]:
    assert isinstance(model, ir.ObjectModel)
    return {f.wire_name: f for f in model.fields}


def test_object_fields_keep_wire_names_types_requiredness_and_pointers(tmp_path: Path) -> None:
    api, warnings = read_ir(
        tmp_path,
        {
            "Order": {
                "type": "object",
                "required": ["id", "created-at"],
                "properties": {
                    "id": {"type": "string"},
                    "created-at": {"type": "string", "format": "date-time"},
                    "amount": {"type": "string", "format": "decimal"},
                    "note": {"type": ["string", "null"]},
                },
            }
        },
    )
    order = fields(definition(api, "Order"))
    assert [(f.python_name, f.type, f.required) for f in order.values()] == [
        ("id", STR, True),
        ("created_at", ir.Primitive("datetime"), True),
        ("amount", ir.Primitive("Decimal"), False),
        ("note", ir.Nullable(STR), False),
    ]
    assert order["created-at"].source == "/components/schemas/Order/properties/created-at"
    assert warnings == []


def test_string_enum_is_an_enum_class_with_python_member_names(tmp_path: Path) -> None:
    api, _ = read_ir(tmp_path, {"Color": {"type": "string", "enum": ["red", "dark-blue"]}})
    color = definition(api, "Color")
    assert isinstance(color, ir.EnumModel) and color.base == "str"
    assert [(m.python_name, m.value) for m in color.members] == [("RED", "red"), ("DARK_BLUE", "dark-blue")]


def test_containers_and_their_keywords(tmp_path: Path) -> None:
    api, _ = read_ir(
        tmp_path,
        {
            "Color": {"type": "string", "enum": ["red", "blue"]},
            "Bag": {
                "type": "object",
                "properties": {
                    "colors": {"type": "array", "items": {"$ref": "#/components/schemas/Color"}, "uniqueItems": True},
                    "counts": {"type": "object", "additionalProperties": {"type": "integer", "minimum": 0}},
                },
            },
        },
    )
    bag = fields(definition(api, "Bag"))
    assert bag["colors"].type == ir.ListOf(ir.ModelRef("Color"), ir.Constraints(unique_items=True))
    assert bag["counts"].type == ir.MapOf(ir.Primitive("int", ir.Constraints(ge=0)))


def test_single_value_enum_is_a_literal_filled_in_only_where_required(tmp_path: Path) -> None:
    api, _ = read_ir(
        tmp_path,
        {
            "Gift": {
                "type": "object",
                "required": ["kind"],
                "properties": {"kind": {"enum": ["GIFT"]}, "channel": {"enum": ["EMAIL"]}},
            }
        },
    )
    gift = fields(definition(api, "Gift"))
    assert gift["kind"].type == ir.LiteralOf(("GIFT",)) and gift["channel"].type == ir.LiteralOf(("EMAIL",))
    assert gift["kind"].has_default and gift["kind"].default_value == ir.JsonDefault("GIFT")  # users never write it
    assert not gift["channel"].has_default  # optional: sent only when set


def test_all_of_merges_properties_and_required_keeping_each_fields_pointer(tmp_path: Path) -> None:
    api, _ = read_ir(
        tmp_path,
        {
            "Base": {
                "type": "object",
                "required": ["name"],
                "properties": {"name": {"type": "string", "minLength": 1}},
            },
            "Dog": {
                "allOf": [
                    {"$ref": "#/components/schemas/Base"},
                    {"type": "object", "required": ["barks"], "properties": {"barks": {"type": "boolean"}}},
                ]
            },
        },
    )
    dog = fields(definition(api, "Dog"))
    assert [(f.wire_name, f.type, f.required) for f in dog.values()] == [
        ("name", ir.Primitive("str", ir.Constraints(min_length=1)), True),
        ("barks", ir.Primitive("bool"), True),
    ]
    assert dog["name"].source == "/components/schemas/Base/properties/name"
    assert dog["barks"].source == "/components/schemas/Dog/allOf/1/properties/barks"


def test_one_of_with_a_discriminator_mapping_is_a_tagged_union(tmp_path: Path) -> None:
    branch = {"type": "object", "required": ["kind"], "properties": {"kind": {"type": "string"}}}
    api, _ = read_ir(
        tmp_path,
        {
            "Pet": {
                "oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}],
                "discriminator": {
                    "propertyName": "kind",
                    "mapping": {"cat": "#/components/schemas/Cat", "dog": "#/components/schemas/Dog"},
                },
            },
            "Cat": branch,
            "Dog": branch,
        },
    )
    pet = definition(api, "Pet")
    assert isinstance(pet, ir.AliasModel)
    assert pet.type == ir.UnionOf(
        (ir.ModelRef("Cat"), ir.ModelRef("Dog")),
        ir.Discriminator("kind", (("cat", "Cat"), ("dog", "Dog")), inferred=False),
        unknown="UnknownPet",  # the member a response's unknown `kind` becomes
    )


def test_an_operation_reads_parameters_body_and_responses(tmp_path: Path) -> None:
    api, warnings = read_ir(
        tmp_path,
        {"Thing": {"type": "object", "properties": {"id": {"type": "string"}}}},
        {
            "/things/{thing_id}": {
                "post": {
                    "operationId": "updateThing",
                    "tags": ["things"],
                    "parameters": [
                        {"name": "thing_id", "in": "path", "required": True, "schema": {"type": "string"}},
                        {"name": "dry-run", "in": "query", "schema": {"type": "boolean", "default": False}},
                    ],
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}},
                    },
                    "responses": {
                        "200": {
                            "description": "the thing",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}},
                        },
                        "204": {"description": "nothing"},
                    },
                }
            }
        },
    )
    (operation,) = api.operations
    assert (operation.python_name, operation.method, operation.path, operation.tag) == (
        "update_thing",
        "POST",
        "/things/{thing_id}",
        "things",
    )
    assert [(p.python_name, p.wire_name, p.location, p.required, p.default) for p in operation.parameters] == [
        ("thing_id", "thing_id", "path", True, None),
        ("dry_run", "dry-run", "query", False, False),
    ]
    assert operation.body is not None
    assert (operation.body.kind, operation.body.content_type, operation.body.type, operation.body.required) == (
        "json",
        "application/json",
        ir.ModelRef("Thing"),
        True,
    )
    assert [(r.status, r.kind, r.type) for r in operation.responses] == [
        ("200", "json", ir.ModelRef("Thing")),
        ("204", "empty", None),
    ]
    assert operation.source == "/paths/~1things~1{thing_id}/post"
    assert warnings == []


@pytest.mark.parametrize(
    ("schema", "expected"),
    [
        ({"type": "integer", "format": "int64"}, ir.Primitive("int", ir.Constraints(ge=-(2**63), le=2**63 - 1))),
        ({"type": "integer", "format": "int32", "minimum": 0}, ir.Primitive("int", ir.Constraints(ge=0, le=2**31 - 1))),
        ({"type": "number"}, ir.Primitive("float")),
        ({"type": "string", "format": "uuid"}, ir.Primitive("UUID")),
        ({"type": "string", "format": "date"}, ir.Primitive("date")),
        ({"type": "string", "maxLength": 3}, ir.Primitive("str", ir.Constraints(max_length=3))),
        ({"const": 7}, ir.LiteralOf((7,))),
        ({"type": "array", "items": {"type": "string"}, "minItems": 1}, ir.ListOf(STR, ir.Constraints(min_items=1))),
    ],
    ids=["int64", "int32", "number", "uuid", "date", "maxLength", "const", "minItems"],
)
def test_field_types_of_scalar_and_array_keywords(
    tmp_path: Path, schema: dict[str, Any], expected: ir.TypeNode
) -> None:
    api, _ = read_ir(tmp_path, {"Box": {"type": "object", "properties": {"value": schema}}})
    assert fields(definition(api, "Box"))["value"].type == expected
