"""The Python surface (generator/surface.py) is what render writes and what the diff compares.

One set of objects per method and field: the generated code's signatures are checked against them,
and the diff's messages quote them, so the changelog cannot describe a signature the code lacks.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from generator import ir
from generator.diff.api import diff_specs
from generator.diff.changes import BREAKING
from generator.directions import sent_only_definitions
from generator.pipeline import ReadApi, Request, read_api
from generator.surface import attribute_of, decimal_base, method_of

from .support import CURRENT, GENERATED, package_name

_RUNA = package_name(CURRENT.path)


@pytest.fixture(scope="module")
def runa(tmp_path_factory: pytest.TempPathFactory) -> ReadApi:
    return read_api(Request(spec=CURRENT.path, output=tmp_path_factory.mktemp("out")))


def _normal(text: str) -> str:
    return ast.unparse(ast.parse(text, mode="eval"))


def _classes(source: Path) -> dict[str, ast.ClassDef]:
    return {n.name: n for n in ast.parse(source.read_text(encoding="utf-8")).body if isinstance(n, ast.ClassDef)}


def _implementation(cls: ast.ClassDef, name: str) -> ast.FunctionDef:
    """The method's implementation (the last `def` of that name: overloads come first)."""
    found = [n for n in cls.body if isinstance(n, ast.FunctionDef) and n.name == name]
    assert found, f"{cls.name}.{name} is not generated"
    return found[-1]


def test_generated_method_signatures_are_the_surface(runa: ReadApi) -> None:
    classes = _classes(GENERATED / _RUNA / "_client.py")
    checked = 0
    for resource in runa.api.all_resources:
        for op in resource.operations:
            method = method_of(op)
            definition = _implementation(classes[resource.class_name], method.name)
            generated = {a.arg: ast.unparse(a.annotation) for a in definition.args.kwonlyargs if a.annotation}
            for argument in method.arguments:
                assert generated[argument.name] == _normal(argument.annotation), f"{method.name}({argument.name})"
            required = [a.arg for a, d in zip(definition.args.kwonlyargs, definition.args.kw_defaults) if d is None]
            assert sorted(required) == sorted(a.name for a in method.arguments if a.required), method.name
            assert definition.returns is not None
            assert ast.unparse(definition.returns) == _normal(method.return_annotation), method.name
            checked += 1
    assert checked == len(runa.api.operations) and checked > 5


def test_generated_model_fields_are_the_surface(runa: ReadApi) -> None:
    classes = _classes(GENERATED / _RUNA / "models.py")
    sent_only = sent_only_definitions(runa.api)
    checked = 0
    for definition in runa.api.definitions:
        if not isinstance(definition, ir.ObjectModel):
            continue
        body = classes[definition.name].body
        annotations = {
            n.target.id: ast.unparse(n.annotation)
            for n in body
            if isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name)
        }
        for field in definition.fields:
            attribute = attribute_of(field, decimal_base(definition.name, sent_only))
            assert annotations[attribute.name] == _normal(attribute.annotation), f"{definition.name}.{attribute.name}"
            checked += 1
    assert checked > 50


_SPEC = """openapi: 3.1.0
info: {{title: Returns, version: '1'}}
paths:
  /things:
    get:
      operationId: getThing
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {{$ref: '#/components/schemas/Thing'}}
{extra}
components:
  schemas:
    Thing:
      type: object
      properties:
        id: {{type: string}}
"""
_UNTYPED_202 = """        '202':
          description: accepted, body undocumented
          content:
            application/json: {}
"""


def test_the_diff_reports_the_return_annotation_render_writes(tmp_path: Path) -> None:
    # A second success response without a schema makes the method return `Any` (`Thing | Any` says
    # nothing more); the diff used to report `Thing | Any`, a signature no generated code has.
    old, new = tmp_path / "returns-2024-01-01.yaml", tmp_path / "returns-2024-02-01.yaml"
    old.write_text(_SPEC.format(extra=""), encoding="utf-8")
    new.write_text(_SPEC.format(extra=_UNTYPED_202), encoding="utf-8")
    report = diff_specs(old, new)
    changed = [c for c in report.python_changes if c.id == "python-return-type-changed"]
    assert [(c.level, c.message) for c in changed] == [
        (BREAKING, "`client.default.get_thing()`: returns `Any` (was `Thing`)")
    ]
    new_api = read_api(Request(spec=new, output=tmp_path / "out")).api
    assert method_of(new_api.operations[0]).return_annotation == "Any"
