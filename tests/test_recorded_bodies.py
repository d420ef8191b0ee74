"""Runa as it answers (issue #23): recorded response bodies parse through every shipped package in
strict mode with zero deviations; undeclared fields where the schema allows them are extras.

`tests/fixtures/recorded/<version>/<operationId>.json` holds, per operation, the bodies Runa answers
(written from the spec's own examples plus what Runa really sends: four-decimal discount multipliers,
`payout.expiry_date: null`, `fx: null`, an undeclared `request_id`), each `{status, note, body}`.
The operations and their response types come from each package's own endpoint table.
"""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path
from typing import Any

import pydantic
import pytest

from .packages import GeneratedPackage
from .support import FIXTURES, runa_specs, spec_version

RECORDED = FIXTURES / "recorded"


def recorded_specs() -> list[Path]:
    """The specs whose answers are recorded here: a version added to specs/ later is tested once its
    answers are (its folder in tests/fixtures/recorded/)."""
    return [spec for spec in runa_specs() if (RECORDED / spec_version(spec)).is_dir()]


def test_every_recording_is_of_a_version_in_specs() -> None:
    assert recorded_specs() and {p.name for p in RECORDED.iterdir()} == {spec_version(s) for s in recorded_specs()}


def endpoints(package: GeneratedPackage) -> dict[str, Any]:
    """operationId -> the package's `Endpoint` (its responses: status, kind, type)."""
    client = sys.modules[f"{package.name}._client"] if f"{package.name}._client" in sys.modules else None
    if client is None:
        package.module  # noqa: B018 - imports the package and its client
        client = sys.modules[f"{package.name}._client"]
    endpoint_class = sys.modules[f"{package.name}._base_client"].Endpoint
    return {e.operation_id: e for e in vars(client).values() if isinstance(e, endpoint_class)}


def recorded(version: str) -> dict[str, list[dict[str, Any]]]:
    folder = RECORDED / version
    return {path.stem: json.loads(path.read_text(encoding="utf-8")) for path in sorted(folder.glob("*.json"))}


@pytest.mark.parametrize("spec", recorded_specs(), ids=spec_version)
def test_every_operation_answering_json_has_recorded_bodies(
    spec: Path, runa_generated: dict[str, GeneratedPackage]
) -> None:
    operations = endpoints(runa_generated[spec_version(spec)])
    answering_json = {
        o for o, e in operations.items() if any(r.kind == "json" and r.status.startswith("2") for r in e.responses)
    }
    assert set(recorded(spec_version(spec))) == answering_json


@pytest.mark.parametrize("mode", ["strict", "lenient"])
@pytest.mark.parametrize("spec", recorded_specs(), ids=spec_version)
def test_recorded_bodies_parse_with_zero_deviations(
    spec: Path, mode: str, runa_generated: dict[str, GeneratedPackage]
) -> None:
    package = runa_generated[spec_version(spec)]
    module = package.module
    extra_kind = importlib.import_module(f"{package.name}._base_model").ADDITIONAL
    operations = endpoints(package)
    parsed, extras = 0, 0
    for operation, records in recorded(spec_version(spec)).items():
        by_status = {r.status: r for r in operations[operation].responses}
        for record in records:
            response = by_status[str(record["status"])]
            value = module.parse_response(response.type, record["body"], strict=mode == "strict")
            found = module.deviations(value)
            assert [d for d in found if d.kind != extra_kind] == [], (operation, record["status"], found)
            assert "Unknown" not in type(value).__name__, (operation, record["status"], type(value))
            extras += sum(d.kind == extra_kind for d in found)
            parsed += 1
    assert parsed and extras  # the undeclared fields were there, and read as extras


@pytest.mark.parametrize("spec", recorded_specs(), ids=spec_version)
def test_a_stored_answer_is_read_as_the_call_read_it_where_model_validate_refuses_its_extras(
    spec: Path, runa_generated: dict[str, GeneratedPackage]
) -> None:
    """`Model.model_validate` reads a request's shape (an undeclared key refused: a typo); a stored
    response keeps what the server sent, so `parse_response` reads it as the client did."""
    package = runa_generated[spec_version(spec)]
    module = package.module
    refused = 0
    for operation, records in recorded(spec_version(spec)).items():
        by_status = {r.status: r for r in endpoints(package)[operation].responses}
        for record in records:
            kind = by_status[str(record["status"])].type
            text = json.dumps(record["body"])
            from_text, from_data = module.parse_response(kind, text), module.parse_response(kind, record["body"])
            assert from_text == from_data and module.deviations(from_text) == module.deviations(from_data)
            if isinstance(from_data, pydantic.BaseModel) and module.deviations(from_data):  # an extra kept
                with pytest.raises(pydantic.ValidationError, match="has no field"):
                    type(from_data).model_validate(record["body"])
                refused += 1
    assert refused
