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
import yaml

from generator.keywords import json_type
from generator.load import load_document
from generator.options import OPTIONS_FILE_NAME
from generator.overlay import OVERLAY_FOLDER, apply_overlays
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


def test_a_wrong_scalar_json_type_is_drafted_as_the_declared_type_widened(tmp_path: Path, capsys: Any) -> None:
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
    assert fixed.data["components"]["schemas"]["Amount"]["type"] == ["number", "string"]  # where its $ref leads
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


# --- A keyword stated behind an `allOf` wrapper, and the draft put where the README says -------------

WRAPPED = {
    "info": {"title": "Shop", "version": "1"},
    "paths": {
        "/orders/{id}": {
            "get": {
                "operationId": "getOrder",
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {
                    "200": {
                        "description": "The order",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Order"}}},
                    }
                },
            }
        }
    },
    "components": {
        "schemas": {
            "Order": {
                "type": "object",
                "required": ["id", "status", "code"],
                "properties": {
                    "id": {"type": "string"},
                    "status": {"$ref": "#/components/schemas/Status"},
                    "code": {"$ref": "#/components/schemas/Code"},
                    "note": {"description": "A note.", "allOf": [{"$ref": "#/components/schemas/CodeFormat"}]},
                },
            },
            # Wrappers that only describe: the keyword lives in the part (as Runa's OrderStatus does)
            "Status": {"description": "Status of the order.", "allOf": [{"$ref": "#/components/schemas/StatusEnum"}]},
            "StatusEnum": {"type": "string", "enum": ["DONE", "FAILED"]},
            "Code": {"description": "A code.", "allOf": [{"$ref": "#/components/schemas/CodeFormat"}]},
            "CodeFormat": {"type": "string", "pattern": "^[A-Z]{3}$"},
        }
    },
}


@pytest.mark.parametrize("openapi", ["3.0.3", "3.1.0"])
def test_a_draft_put_in_overlays_targets_the_part_an_all_of_wrapper_holds(
    openapi: str, tmp_path: Path, generated_packages: PackageFactory
) -> None:
    """An unknown enum value and a pattern miss behind `allOf: [$ref]` wrappers: the draft targets the
    part stating the keyword; a null in a wrapper makes the wrapper nullable (3.1: its parts one branch
    beside null). Put in `overlays/` beside the spec (the README's recipe) the draft applies by its
    `extends`, generation succeeds and the regenerated client reads the body with no deviation."""
    spec = tmp_path / "shop-2024-01-01.json"
    spec.write_text(json.dumps({"openapi": openapi, **WRAPPED}), encoding="utf-8")
    body = {"id": "1", "status": "CANCELLED", "code": "ABCD", "note": None}
    suffix = openapi.replace(".", "_")
    released = generated_packages.get(spec, name=f"wrapped_released_{suffix}")
    released.module  # noqa: B018 - imported here
    endpoint = endpoints(released)["getOrder"]
    response = {r.status: r for r in endpoint.responses}["200"]
    parse_value = sys.modules[f"{released.name}._base_client"].parse_value
    log = tmp_path / "deviations.jsonl"
    value = parse_value(response.type, body, operation="getOrder")
    written = released.module.write_deviations(
        value, log, operation="getOrder", method=endpoint.method, path_template=endpoint.path, status=200
    )
    assert written == 3
    kinds = {d.kind for d in released.module.deviations(value)}
    assert kinds == {"unknown enum value", "pattern miss", "null where not nullable"}
    draft = tmp_path / OVERLAY_FOLDER / "draft.yaml"
    draft.parent.mkdir()
    assert draft_main([str(spec), "--deviations", str(log), "-o", str(draft)]) == 0
    drafted = yaml.safe_load(draft.read_text(encoding="utf-8"))
    assert (draft.parent / drafted["extends"]).resolve() == spec.resolve()  # a relative path, as overlays/ has them
    assert not Path(drafted["extends"]).is_absolute()
    targets = {action["target"] for action in drafted["actions"]}
    assert {"$.components.schemas.CodeFormat", "$.components.schemas.StatusEnum.enum"} <= targets
    assert "$.components.schemas.Order.properties.note" in targets
    fixed = generated_packages.get(spec, name=f"wrapped_drafted_{suffix}")  # overlays/ beside the spec apply
    assert [(o.path, o.applied) for o in fixed.result.overlays] == [(draft, True)]
    endpoint = endpoints(fixed)["getOrder"]
    response = {r.status: r for r in endpoint.responses}["200"]
    strict = sys.modules[f"{fixed.name}._base_client"].parse_value(
        response.type, body, operation="getOrder", strict=True
    )
    assert fixed.module.deviations(strict) == []


def test_findings_no_action_is_for_say_why_they_are_not_drafted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = tmp_path / "shop-2024-01-01.json"
    spec.write_text(json.dumps({"openapi": "3.1.0", **WRAPPED}), encoding="utf-8")
    head = {"operation": "getOrder", "method": "GET", "path": "/orders/{id}", "status": 200, "model": None}
    lines = [
        {**head, "pointer": "", "kind": "no exact union branch", "value": None, "message": "read as Order"},
        {**head, "pointer": "/extra", "kind": "additional property", "value": 1, "message": "kept as an extra"},
        {
            **head,
            "pointer": "/id",
            "kind": "missing required field",
            "value": None,
            "message": "required field missing",
        },
    ]
    log = tmp_path / "deviations.jsonl"
    log.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    assert draft_main([str(spec), "--deviations", str(log), "-o", str(tmp_path / "draft.yaml")]) == 0
    said = capsys.readouterr().err.splitlines()
    assert [line.split(":", 1)[0] for line in said] == [f"not drafted ({line['kind']}" for line in lines]
    assert "judgement" in said[2] and not any("judgement" in line for line in said[:2])
