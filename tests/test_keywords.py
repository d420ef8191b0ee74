"""One reading of schema meaning (generator/keywords.py): the IR, the diff and the README examples agree."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import ir
from generator.diagnostics import GeneratorError
from generator.diff import read as diff_read
from generator.diff.view import view_of
from generator.keywords import Slip, all_of_parts, declared_types, is_nullable, numeric_bounds, required_names
from generator.pipeline import ReadApi, Request, read_api

_SPEC = """openapi: 3.1.0
info: {title: Keywords, version: '1'}
paths:
  /things:
    post:
      operationId: createThing
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Thing'}
      responses:
        '200': {description: ok}
components:
  schemas:
    Base:
      type: object
      required: [id]
      properties:
        id: {type: string}
        code: {type: string, format: uuid, default: 3fa85f64-5717-4562-b3fc-2c963f66afa6}
    Thing:
      allOf:
        - $ref: '#/components/schemas/Base'
        - type: object
          properties:
            code: {type: string, format: date, default: '2024-01-01'}
            size:
              type: integer
              required: true
            note: {type: string}
"""


@pytest.fixture(scope="module")
def reading(tmp_path_factory: pytest.TempPathFactory) -> ReadApi:
    path = tmp_path_factory.mktemp("keywords") / "things-2024-01-01.yaml"
    path.write_text(_SPEC, encoding="utf-8")
    return read_api(Request(spec=path, output=path.parent / "out"))


def _thing(reading: ReadApi) -> ir.ObjectModel:
    model = next(d for d in reading.api.definitions if d.name == "Thing")
    assert isinstance(model, ir.ObjectModel)
    return model


def test_the_ir_and_the_diff_read_the_same_required_properties(reading: ReadApi) -> None:
    fields = {f.wire_name: f for f in _thing(reading).fields}
    view = view_of(reading.spec, [reading.spec.root_node().child("components", "schemas", "Thing")])
    assert view.required == {"id", "size"}  # `id` from Base's list, `size` from its own `required: true`
    assert {name for name, f in fields.items() if f.required} == {"id", "size"}
    assert any("`required: true` on a property is not JSON Schema" in str(w) for w in reading.warnings)


def test_where_allof_parts_disagree_the_diff_sees_the_value_the_model_has(reading: ReadApi) -> None:
    # Base says `code` is a uuid defaulting to a uuid; the later part narrows it to a date: the model
    # has the later part's, and so must the diff (it used to read the first part's).
    code = next(f for f in _thing(reading).fields if f.wire_name == "code")
    assert code.type == ir.Primitive("date") and code.default == "2024-01-01"
    thing = view_of(reading.spec, [reading.spec.root_node().child("components", "schemas", "Thing")])
    property_view = view_of(reading.spec, thing.properties["code"])
    assert property_view.format == "date" and property_view.default == ("2024-01-01",)


def test_the_readme_example_fills_a_property_marked_required_true(reading: ReadApi) -> None:
    (operation,) = [op for resource in reading.api.resources for op in resource.operations]
    body = dict(operation.example_arguments)["body"]
    assert isinstance(body, dict) and set(body) == {"id", "size"}  # `code` and `note` are optional


def test_the_diff_reads_each_spec_through_the_pipeline(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    path = tmp_path / "things-2024-01-01.yaml"
    path.write_text(_SPEC, encoding="utf-8")
    calls: list[tuple[Path, bool]] = []

    def spy(request: Request, *, validate: bool = True) -> ReadApi:
        calls.append((request.spec, validate))
        return read_api(request, validate=validate)

    monkeypatch.setattr(diff_read, "read_api", spy)
    version = diff_read.read_version(path)
    assert calls == [(path, False)]  # read as the generator reads it; not judged (no validation)
    assert version.api_version == "2024-01-01"


def test_required_names_reads_lists_and_property_slips() -> None:
    names, slips = required_names(
        {"required": ["a", "a", 3], "properties": {"b": {"required": True}, "c": {"required": False}}}
    )
    assert names == ["a", "b"]
    assert [s.tokens for s in slips] == [(), (), ("properties", "b"), ("properties", "c")]
    assert required_names({"required": True})[1] == [
        Slip((), "`required: true/false` belongs on parameters, not schemas; ignored here")
    ]


def test_types_nullability_and_bounds() -> None:
    assert declared_types({"type": ["string", "null", "string"]}) == (["string", "null"], [])
    assert declared_types({"type": 3})[0] == [] and declared_types({"type": 3})[1]
    assert is_nullable({"nullable": True}, is_31=False) == (True, [])
    assert is_nullable({"nullable": True}, is_31=True)[1]  # a 3.0 keyword in a 3.1 document: a slip
    assert is_nullable({"type": ["null"]}, is_31=True) == (False, [])  # only null: not "something or null"
    assert is_nullable({"enum": ["a", None]}, is_31=True) == (True, [])
    bounds, slips = numeric_bounds({"minimum": 1, "exclusiveMinimum": True, "maximum": 9}, is_31=True)
    assert (bounds.ge, bounds.gt, bounds.le, bounds.lt) == (None, 1, 9, None) and len(slips) == 1
    bounds, slips = numeric_bounds({"exclusiveMinimum": 0, "maximum": True}, is_31=False)
    assert (bounds.gt, bounds.le) == (0, None) and slips == []


def test_allof_parts_come_lowest_precedence_first_and_a_cycle_is_refused(reading: ReadApi) -> None:
    thing = reading.spec.root_node().child("components", "schemas", "Thing")
    assert [p.pointer for p in all_of_parts(reading.spec, thing)] == [
        "/components/schemas/Base",
        "/components/schemas/Thing/allOf/1",
        "/components/schemas/Thing",
    ]
    loop = reading.spec.root_node().child("components", "schemas", "Thing")
    cyclic = type(loop)(loop.document, loop.pointer, {"allOf": [{"$ref": "#/components/schemas/Thing"}]})
    with pytest.raises(GeneratorError, match="cycle through allOf"):
        all_of_parts(reading.spec, cyclic)
