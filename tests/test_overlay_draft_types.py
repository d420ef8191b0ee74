"""`overlay-draft` on a wrong JSON type (a new user's trial: `ProductIsOrderable: {type: string}` was
drafted, and the client regenerated with it refused every boolean). The draft widens the declared
type, so applied it keeps every value that conformed legal (null too, where it was) and admits the
observed one: for the judge (openapi-schema-validator) and for the client generated with it."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from generator.load import load_document
from generator.overlay import OVERLAY_FOLDER, apply_overlays
from generator.overlay_draft import main as draft_main
from generator.validation.example_check import value_problems
from generator.validation.validate import openapi_minor_version

from .packages import PackageFactory
from .test_recorded_bodies import endpoints

OBSERVED = "true"  # what the API answered where a boolean is declared
CONFORMING: list[Any] = [True, False]
SCHEMA = "/components/schemas/ProductIsOrderable"


def _spec(openapi: str, nullable: bool) -> dict[str, Any]:
    flag: dict[str, Any] = {"type": "boolean"}
    if nullable:
        flag = {"type": "boolean", "nullable": True} if openapi.startswith("3.0") else {"type": ["boolean", "null"]}
    ok = {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Product"}}}}
    return {
        "openapi": openapi,
        "info": {"title": "Shop", "version": "1"},
        "paths": {"/products": {"get": {"operationId": "getProduct", "responses": {"200": ok}}}},
        "components": {
            "schemas": {
                "Product": {"type": "object", "properties": {"is_orderable": {"$ref": f"#{SCHEMA}"}}},
                "ProductIsOrderable": flag,
            }
        },
    }


def _drafted(tmp_path: Path, openapi: str, nullable: bool) -> tuple[Path, Path]:
    """The spec, and the draft from one logged wrong type, put in `overlays/` beside it."""
    spec = tmp_path / "shop-2024-01-01.json"
    spec.write_text(json.dumps(_spec(openapi, nullable)), encoding="utf-8")
    log = tmp_path / "deviations.jsonl"
    finding = {"operation": "getProduct", "method": "GET", "path": "/products", "status": 200}
    finding |= {"pointer": "/is_orderable", "kind": "wrong type", "model": "Product", "field": "is_orderable"}
    log.write_text(json.dumps(finding | {"value": OBSERVED, "message": "not a boolean"}) + "\n", encoding="utf-8")
    draft = tmp_path / OVERLAY_FOLDER / "draft.yaml"
    draft.parent.mkdir()
    assert draft_main([str(spec), "--deviations", str(log), "-o", str(draft)]) == 0
    return spec, draft


CASES = [(openapi, nullable) for openapi in ("3.0.3", "3.1.0") for nullable in (False, True)]


@pytest.mark.parametrize(("openapi", "nullable"), CASES)
def test_the_drafted_type_admits_what_conformed_and_what_was_observed(
    tmp_path: Path, openapi: str, nullable: bool
) -> None:
    spec, draft = _drafted(tmp_path, openapi, nullable)
    document = load_document(spec)
    version = openapi_minor_version(document)
    fixed = apply_overlays(document, [draft]).data
    for value in [*CONFORMING, OBSERVED, *([None] if nullable else [])]:
        assert value_problems(fixed, version, SCHEMA, value, "") == [], value
    # Widened, not opened: a type neither declared nor observed is still refused, null where it was.
    for value in [12, *([] if nullable else [None])]:
        assert value_problems(fixed, version, SCHEMA, value, "") != [], value


@pytest.mark.parametrize(("openapi", "nullable"), CASES)
def test_the_client_generated_with_the_draft_parses_both_strictly(
    tmp_path: Path, generated_packages: PackageFactory, openapi: str, nullable: bool
) -> None:
    spec, draft = _drafted(tmp_path, openapi, nullable)
    fixed = generated_packages.get(spec, name=f"widened_{openapi.replace('.', '_')}_{int(nullable)}")
    assert [(o.path, o.applied) for o in fixed.result.overlays] == [(draft, True)]
    (response,) = endpoints(fixed)["getProduct"].responses
    parse_value = sys.modules[f"{fixed.name}._base_client"].parse_value
    for value in [*CONFORMING, OBSERVED, *([None] if nullable else [])]:
        parsed = parse_value(response.type, {"is_orderable": value}, operation="getProduct", strict=True)
        assert fixed.module.deviations(parsed) == [] and parsed.is_orderable == value
