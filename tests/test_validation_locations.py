"""Every validation finding names its own place in the document (JSON pointer and line), also the
findings of the checks the validator makes on one part of the document on its own: a Schema
Object against the meta-schema (in a parameter, in a nested property of a component), a `default`
against its schema, an operation's id. The stock validator gives these paths relative to the part
checked (`/type` at line 2 for any `type: strng`); see generator/validation/validator_locations.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.diagnostics import GeneratorError
from generator.load import load_document
from generator.validation.validate import validate_document

# Line numbers below are those of this text (1-based): the `type: strng` of the parameter is at
# line 13, the second `operationId: listPets` at 22, the nested property's `type: strng` at 37,
# the `default` at 40.
SPEC = """\
openapi: {version}
info:
  title: Located
  version: '1'
paths:
  /pets:
    get:
      operationId: listPets
      parameters:
      - name: limit
        in: query
        schema:
          type: strng
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Pet'
    post:
      operationId: listPets
      responses:
        '200':
          description: ok
components:
  schemas:
    Pet:
      type: object
      properties:
        tags:
          type: array
          items:
            type: object
            properties:
              label:
                type: strng
        count:
          type: integer
          default: many
"""
PARAMETER_TYPE = ("/paths/~1pets/get/parameters/0/schema/type", 13)
NESTED_TYPE = ("/components/schemas/Pet/properties/tags/items/properties/label/type", 37)
DEFAULT = ("/components/schemas/Pet/properties/count/default", 40)
OPERATION_ID = ("/paths/~1pets/post/operationId", 22)
WRONG_TYPE = "validation: 'strng' is not valid under any of the given schemas"


@pytest.fixture(autouse=True)
def no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RUNA_GENERATOR_CACHE", "off")


def _spec(tmp_path: Path, version: str) -> Path:
    path = tmp_path / "located-2024-01-01.yaml"
    path.write_text(SPEC.format(version=version), encoding="utf-8")
    return path


def _found(path: Path, **options: bool) -> dict[tuple[str, int | None], str]:
    findings = validate_document(load_document(path), strict=False, **options)
    assert all(finding.location is not None for finding in findings)
    return {(f.location.pointer, f.location.line): f.message for f in findings if f.location is not None}


@pytest.mark.parametrize("version", ["3.1.0", "3.2.0"])
def test_findings_in_schemas_are_located_in_the_document(tmp_path: Path, version: str) -> None:
    found = _found(_spec(tmp_path, version))
    assert found[PARAMETER_TYPE] == WRONG_TYPE
    assert found[NESTED_TYPE] == WRONG_TYPE
    assert found[DEFAULT] == "validation: 'many' is not of type 'integer'"
    assert found[OPERATION_ID] == "validation: Operation ID 'listPets' for 'post' in '/pets' is not unique"
    assert len(found) == 4


def test_findings_in_schemas_are_located_in_a_3_0_document(tmp_path: Path) -> None:
    found = _found(_spec(tmp_path, "3.0.3"))
    assert found[PARAMETER_TYPE] == WRONG_TYPE
    # 3.0's meta-schema check names the nested schema that fails (the property's type is inside it).
    nested = ("/components/schemas/Pet/properties/tags/items", 34)
    assert found[nested].startswith("validation: {'type': 'object', 'properties': {'label': {'type': 'strng'}}}")
    assert found[DEFAULT] == "validation: 'many' is not of type 'integer'"
    assert found[OPERATION_ID].startswith("validation: Operation ID 'listPets'")
    # The rest are the OpenAPI 3.0 schema's own findings (a parameter, a component that fails it).
    assert set(found) - {PARAMETER_TYPE, nested, DEFAULT, OPERATION_ID} == {
        ("/paths/~1pets/get/parameters/0", 10),
        ("/components/schemas/Pet", 29),
    }


def test_strict_error_names_the_line_and_pointer(tmp_path: Path) -> None:
    with pytest.raises(GeneratorError) as raised:
        validate_document(load_document(_spec(tmp_path, "3.1.0")), strict=True)
    assert f"located-2024-01-01.yaml:13 at {PARAMETER_TYPE[0]}: {WRONG_TYPE}" in str(raised.value)
    assert f"located-2024-01-01.yaml:37 at {NESTED_TYPE[0]}: {WRONG_TYPE}" in str(raised.value)


@pytest.mark.parametrize("version", ["3.0.3", "3.1.0"])
def test_a_schema_in_another_file_is_located_at_the_ref_that_leads_there(tmp_path: Path, version: str) -> None:
    (tmp_path / "shared.yaml").write_text("Tag:\n  type: object\n  properties:\n    label:\n      type: 7\n")
    spec = tmp_path / "refs-2024-01-01.yaml"
    spec.write_text(
        f"openapi: {version}\n"
        "info: {title: Refs, version: '1'}\n"
        "paths:\n"
        "  /tags:\n"
        "    get:\n"
        "      responses:\n"
        "        '200':\n"
        "          description: ok\n"
        "          content:\n"
        "            application/json:\n"
        "              schema:\n"
        "                $ref: 'shared.yaml#/Tag'\n",
        encoding="utf-8",
    )
    found = _found(spec, allow_external_refs=True)
    assert list(found) == [("/paths/~1tags/get/responses/200/content/application~1json/schema", 12)]
    assert (
        "is not valid under any of the given schemas"
        in found[("/paths/~1tags/get/responses/200/content/application~1json/schema", 12)]
    )
