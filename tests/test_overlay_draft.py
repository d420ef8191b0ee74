"""`python -m generator overlay-draft` (issue #23, item 4): from the deviations a client records on
Runa's recorded bodies to an Overlay 1.0 draft; the client regenerated with it is strict-valid on them.

Each shipped spec is copied where no overlay of specs/overlays/ reaches it (the released client, as
before Runa's own overlay), the recorded bodies are parsed leniently, their deviations written as
JSON Lines in the documented format, drafted into an overlay, and the spec generated again with it.
"""

from __future__ import annotations

import importlib
import json
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

from generator.keywords import json_type
from generator.load import load_document
from generator.options import OPTIONS_FILE_NAME
from generator.overlay import apply_overlays
from generator.overlay_draft import main as draft_main
from generator.overlay_draft import widened_pattern
from generator.pipeline import Request, generate
from generator.validation.example_check import broken_examples
from generator.validation.validate import openapi_minor_version

from .packages import GeneratedPackage, PackageFactory
from .support import SPECS, runa_specs, spec_version
from .test_recorded_bodies import endpoints, recorded, recorded_specs


def _deviation_log(package: Any, version: str, log: Path) -> int:
    """Parse every recorded body leniently with `package`; write its deviations with the package's own
    `write_deviations` (the client's JSON Lines format, undeclared fields included)."""
    package.module  # noqa: B018 - imported here
    parse_value = sys.modules[f"{package.name}._base_client"].parse_value
    written = 0
    for operation, records in recorded(version).items():
        endpoint = endpoints(package)[operation]
        by_status = {r.status: r for r in endpoint.responses}
        for record in records:
            value = parse_value(by_status[str(record["status"])].type, record["body"], operation=operation)
            written += package.module.write_deviations(
                value, log, operation=operation, method=endpoint.method, path_template=endpoint.path,
                status=record["status"],
            )  # fmt: skip
    return written


def _package(packages: PackageFactory, spec: Path, name: str, overlays: tuple[Path, ...] = ()) -> GeneratedPackage:
    options = SPECS / OPTIONS_FILE_NAME  # the copy has no options beside it: Runa's, as for the shipped spec
    return packages.get(spec, name=name, options_file=options, overlays=overlays)


@pytest.mark.parametrize("spec", recorded_specs(), ids=spec_version)
def test_a_draft_from_recorded_deviations_makes_the_client_strict_valid(
    spec: Path, tmp_path: Path, generated_packages: PackageFactory
) -> None:
    version = spec_version(spec)
    bare = tmp_path / "bare" / spec.name  # no overlays/ beside it: the spec as Runa published it
    bare.parent.mkdir()
    shutil.copy(spec, bare)
    suffix = version.replace("-", "_")
    released = _package(generated_packages, bare, f"released_{suffix}")
    log = tmp_path / "deviations.jsonl"
    found = _deviation_log(released, version, log)
    assert found  # the recorded bodies break the published spec
    draft = tmp_path / "draft.yaml"
    assert draft_main([str(bare), "--deviations", str(log), "-o", str(draft)]) == 0
    text = draft.read_text(encoding="utf-8")
    assert "Observed" in text and "overlay: 1.0.0" in text
    fixed = _package(generated_packages, bare, f"drafted_{suffix}", overlays=(draft,))
    strict = sys.modules[f"{fixed.name}._base_client"].parse_value if fixed.module else None
    extra = importlib.import_module(f"{fixed.name}._base_model").ADDITIONAL
    for operation, records in recorded(version).items():
        by_status = {r.status: r for r in endpoints(fixed)[operation].responses}
        for record in records:
            value = strict(by_status[str(record["status"])].type, record["body"], operation=operation, strict=True)
            assert [d for d in fixed.module.deviations(value) if d.kind != extra] == []


def test_a_pattern_is_widened_by_stretching_a_quantifier() -> None:
    assert widened_pattern(r"^[0-9]+\.[0-9]{2}$", ["0.0130", "0.05"]) == r"^[0-9]+\.[0-9]{2,4}$"
    assert widened_pattern(r"^[A-Z]{3}$", ["usd"]) == r"(?:^[A-Z]{3}$)|^usd$"


# --- From the spec's own examples (`--from-examples`) and the grouped warning of generation --------

_NOT_DRAFTED = {"wrong type", "missing required field", "constraint violated", "fits no union branch"}


def _left_to_a_person(problem: Any) -> bool:
    """Whether the draft leaves `problem` alone: its kind is not drafted, save a wrong type whose value
    is a scalar of another JSON type (drafted as that type, as Runa's string amounts are)."""
    if problem.kind == "wrong type":
        return json_type(problem.value) not in {"string", "number", "integer", "boolean"}
    return problem.kind in _NOT_DRAFTED


@pytest.mark.parametrize("spec", runa_specs(), ids=spec_version)
def test_generation_reports_broken_examples_as_one_warning_and_the_draft_fixes_them(spec: Path, tmp_path: Path) -> None:
    bare = tmp_path / spec.name  # no overlays/ beside it: the spec as Runa published it
    shutil.copy(spec, bare)
    problems = broken_examples(load_document(bare).data, openapi_minor_version(load_document(bare)))
    warnings = generate(Request(spec=bare, output=tmp_path / "out", options_file=SPECS / OPTIONS_FILE_NAME)).warnings
    about = [w for w in warnings if "overlay-draft" in w.message]
    if not problems:
        assert about == []
        return
    assert len(about) == 1 and about[0].location is not None and about[0].location.line is not None
    assert about[0].location.pointer == problems[0].pointer
    assert f"{len(problems)} value(s)" in about[0].message
    draft = tmp_path / "draft.yaml"
    assert draft_main([str(bare), "--from-examples", "-o", str(draft)]) == 0
    fixed = apply_overlays(load_document(bare), [draft])
    left = broken_examples(fixed.data, openapi_minor_version(fixed))
    assert {p.kind for p in left} <= _NOT_DRAFTED
    assert len(left) == sum(_left_to_a_person(p) for p in problems)


SNIPPET = {
    "info": {"title": "Shop", "version": "1"},
    "paths": {},
    "components": {
        "schemas": {
            "Price": {"type": "string", "pattern": "^[0-9]+\\.[0-9]{2}$", "example": "0.0130"},
            "Kind": {"type": "string", "enum": ["a", "b"], "example": "c"},
            "Item": {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    "price": {"$ref": "#/components/schemas/Price"},
                    "kind": {"$ref": "#/components/schemas/Kind"},
                    "note": {"type": "string"},
                    "detail": {"$ref": "#/components/schemas/Detail"},
                },
                "example": {"price": "1.00", "kind": "a", "note": None, "detail": None, "extra": 3},
            },
            "Detail": {"type": "object", "properties": {"text": {"type": "string"}}},
        }
    },
}


@pytest.mark.parametrize("openapi", ["3.0.3", "3.1.0"])
def test_every_drafted_kind_makes_its_example_legal(openapi: str, tmp_path: Path) -> None:
    spec = tmp_path / "shop-2024-01-01.json"
    spec.write_text(json.dumps({"openapi": openapi, **SNIPPET}), encoding="utf-8")
    document = load_document(spec)
    version = openapi_minor_version(document)
    assert {p.kind for p in broken_examples(document.data, version)} == {
        "pattern miss",
        "unknown enum value",
        "null where not nullable",
        "undeclared field",
    }
    draft = tmp_path / "draft.yaml"
    assert draft_main([str(spec), "--from-examples", "-o", str(draft)]) == 0
    fixed = apply_overlays(document, [draft])
    assert broken_examples(fixed.data, version) == []
    schemas = fixed.data["components"]["schemas"]
    assert schemas["Price"]["pattern"] == "^[0-9]+\\.[0-9]{2,4}$" and schemas["Kind"]["enum"] == ["a", "b", "c"]
    assert schemas["Item"]["properties"]["extra"] == {"type": "integer"}
    text = draft.read_text(encoding="utf-8")
    assert text.count("Observed") == text.count("- target:")  # every action says what was observed where


def test_a_wrong_scalar_json_type_is_drafted_as_the_type_observed(tmp_path: Path, capsys: Any) -> None:
    spec = tmp_path / "amounts-2024-01-01.json"
    schemas = {
        "Amount": {"type": "number", "example": "10"},  # Runa's amounts: strings typed `number`
        "Order": {
            "type": "object",
            "properties": {"total": {"$ref": "#/components/schemas/Amount"}, "note": {"type": "string"}},
            "example": {"total": "10", "note": {"text": "an object"}},
        },
    }
    spec.write_text(json.dumps({"openapi": "3.1.0", **SNIPPET, "components": {"schemas": schemas}}), encoding="utf-8")
    document = load_document(spec)
    version = openapi_minor_version(document)
    assert {(p.kind, p.instance) for p in broken_examples(document.data, version)} >= {("wrong type", "/note")}
    draft = tmp_path / "draft.yaml"
    assert draft_main([str(spec), "--from-examples", "-o", str(draft)]) == 0
    fixed = apply_overlays(document, [draft])
    assert fixed.data["components"]["schemas"]["Amount"]["type"] == "string"  # the component its $ref leads to
    assert fixed.data["components"]["schemas"]["Order"]["properties"]["note"] == {"type": "string"}  # left alone
    assert [(p.kind, p.instance) for p in broken_examples(fixed.data, version)] == [("wrong type", "/note")]
    assert "not drafted (wrong type" in capsys.readouterr().err


def _union_findings(package: GeneratedPackage, version: str, spec: dict[str, Any]) -> list[dict[str, Any]]:
    """What a client that kept a union's value whole (`Unknown...`) logged: one "fits no union
    branch" at the body's root for each recorded body of a union-typed response that deviates."""
    package.module  # noqa: B018 - imported here
    parse_value = sys.modules[f"{package.name}._base_client"].parse_value
    extra = importlib.import_module(f"{package.name}._base_model").ADDITIONAL
    found = []
    for operation, records in recorded(version).items():
        endpoint = endpoints(package)[operation]
        by_status = {r.status: r for r in endpoint.responses}
        method = spec["paths"][endpoint.path][endpoint.method.lower()]
        for record in records:
            media = method["responses"][str(record["status"])].get("content", {}).get("application/json", {})
            if not {"oneOf", "anyOf"} & set(media.get("schema", {})):
                continue
            value = parse_value(by_status[str(record["status"])].type, record["body"], operation=operation)
            if any(d.kind != extra for d in package.module.deviations(value)):
                found.append({"operation": operation, "method": endpoint.method, "path": endpoint.path,
                              "status": record["status"], "pointer": "", "kind": "fits no union branch",
                              "model": None, "field": None, "value": record["body"], "message": "fits none"})  # fmt: skip
    return found


def test_a_body_that_fits_no_union_branch_is_drafted_from_the_branch_it_fits_best(
    tmp_path: Path, generated_packages: PackageFactory
) -> None:
    """A client that keeps a union's value whole logs only "fits no union branch" for a completed order
    with a null expiry; the draft reads the body against the branch it fits best and makes that leaf legal."""
    hidden = 0
    for spec in runa_specs():
        version = spec_version(spec)
        bare = tmp_path / version / spec.name
        bare.parent.mkdir()
        shutil.copy(spec, bare)
        suffix = version.replace("-", "_")
        released = _package(generated_packages, bare, f"released_union_{suffix}")
        findings = _union_findings(released, version, load_document(bare).data)
        if not findings:
            continue
        hidden += len(findings)
        log = tmp_path / version / "unions.jsonl"
        log.write_text("".join(json.dumps(f) + "\n" for f in findings), encoding="utf-8")
        draft = tmp_path / version / "draft.yaml"
        assert draft_main([str(bare), "--deviations", str(log), "-o", str(draft)]) == 0
        fixed = _package(generated_packages, bare, f"drafted_union_{suffix}", overlays=(draft,))
        parse_value = sys.modules[f"{fixed.name}._base_client"].parse_value if fixed.module else None
        extra = importlib.import_module(f"{fixed.name}._base_model").ADDITIONAL
        for finding in findings:
            by_status = {r.status: r for r in endpoints(fixed)[finding["operation"]].responses}
            value = parse_value(by_status[str(finding["status"])].type, finding["value"], operation="p", strict=True)
            assert [d for d in fixed.module.deviations(value) if d.kind != extra] == []
    assert hidden  # some recorded body of a union-typed response breaks the published spec
