"""The diff reads a spec exactly as the generator does: the same HTTP methods, the same schema meaning.

Each test is a pair of small specs that differ in one fact the IR honours; the diff must report it
both for the API and for the generated Python package.
"""

from __future__ import annotations

from pathlib import Path

from generator.diff.api import DiffReport, diff_specs
from generator.diff.changes import BREAKING, INFO, MAYBE

_SPEC = """openapi: {openapi}
info: {{title: Reading, version: '1'}}
paths:
  /search:
{operations}
components:
  schemas:
    Query:
      type: object
      properties:
        text: {{type: string}}
        limit:
{limit}
"""
_GET = """    get:
      operationId: listSearches
      responses:
        '200': {description: ok}
"""
_QUERY = """    query:
      operationId: runSearch
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Query'}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Query'}
"""
_OPTIONAL = "          type: integer\n"
_REQUIRED_SLIP = "          type: integer\n          required: true\n"


def diff(tmp_path: Path, old: str, new: str) -> DiffReport:
    (tmp_path / "old-2024-01-01.yaml").write_text(old, encoding="utf-8")
    (tmp_path / "new-2024-02-01.yaml").write_text(new, encoding="utf-8")
    return diff_specs(tmp_path / "old-2024-01-01.yaml", tmp_path / "new-2024-02-01.yaml")


def spec(operations: str, limit: str = _OPTIONAL, openapi: str = "3.2.0") -> str:
    return _SPEC.format(openapi=openapi, operations=operations, limit=limit)


def test_a_removed_query_operation_is_reported_as_breaking(tmp_path: Path) -> None:
    report = diff(tmp_path, spec(_GET + _QUERY), spec(_GET))
    removed = [c for c in report.changes if c.id == "operation-removed"]
    assert [(c.operation, c.operation_id, c.level) for c in removed] == [("QUERY /search", "runSearch", BREAKING)]
    assert removed[0].json_pointer == "/paths/~1search/query"
    assert [(c.id, c.operation, c.level) for c in report.python_changes] == [
        ("python-method-removed", "client.default.run_search", BREAKING)
    ]


def test_an_added_query_operation_is_reported_and_its_body_compared(tmp_path: Path) -> None:
    added = diff(tmp_path, spec(_GET), spec(_GET + _QUERY))
    assert [(c.operation, c.level) for c in added.changes if c.id == "operation-added"] == [("QUERY /search", INFO)]
    changed = diff(tmp_path, spec(_QUERY), spec(_QUERY, _REQUIRED_SLIP))
    assert ("QUERY /search", "request-property-became-required", BREAKING) in {
        (c.operation, c.id, c.level) for c in changed.changes
    }


def test_a_removed_additional_operation_is_reported(tmp_path: Path) -> None:
    copy = "    additionalOperations:\n      COPY:\n        operationId: copySearch\n        responses:\n          '200': {description: ok}\n"
    report = diff(tmp_path, spec(_GET + copy), spec(_GET))
    removed = [c for c in report.changes if c.id == "operation-removed"]
    assert [(c.operation, c.level, c.json_pointer) for c in removed] == [
        ("COPY /search", BREAKING, "/paths/~1search/additionalOperations/COPY")
    ]


def test_a_property_level_required_true_is_a_required_property_for_the_diff_too(tmp_path: Path) -> None:
    # `required: true` on a property is not JSON Schema, but the IR reads it as its authors meant
    # (the generated field becomes required); the API diff must say the same.
    report = diff(tmp_path, spec(_QUERY, openapi="3.1.0"), spec(_QUERY, _REQUIRED_SLIP, openapi="3.1.0"))
    api = {(c.id, c.level, c.message) for c in report.changes}
    assert ("request-property-became-required", BREAKING, "request property `limit`: became required") in api
    assert ("response-property-became-required", INFO, "response property `limit`: became required") in api
    # The Python surface said so already (it reads the IR): both diffs now agree.
    assert [(c.id, c.level, c.operation) for c in report.python_changes] == [
        ("python-field-became-required", MAYBE, "models.Query")
    ]


def test_dropping_a_property_level_required_true_is_reported(tmp_path: Path) -> None:
    report = diff(tmp_path, spec(_QUERY, _REQUIRED_SLIP, openapi="3.1.0"), spec(_QUERY, openapi="3.1.0"))
    assert {(c.id, c.level) for c in report.changes} == {
        ("request-property-became-optional", INFO),
        ("response-property-became-optional", BREAKING),
    }
    assert [(c.id, c.level) for c in report.python_changes] == [("python-field-became-optional", MAYBE)]
