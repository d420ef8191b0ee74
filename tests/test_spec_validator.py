"""spec_validator.py's validator classes find exactly what openapi-spec-validator's stock classes
find, on every corpus spec, Runa's specs and hand-made broken schemas, each at its place in the
document, and they never crawl a `referencing` registry while validating (the stock ones crawl once
per `$dynamicRef` look-up)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openapi_spec_validator
import pytest
import referencing
from jsonschema_path import SchemaPath

from generator.load import load_document
from generator.validation.spec_validator import spec_validator_class
from generator.validation.validate import openapi_minor_version
from tests.corpus.harness import invalid_specs, valid_specs
from tests.support import runa_specs

STOCK = {
    "3.0": openapi_spec_validator.OpenAPIV30SpecValidator,
    "3.1": openapi_spec_validator.OpenAPIV31SpecValidator,
    "3.2": openapi_spec_validator.OpenAPIV32SpecValidator,
}
SPECS = runa_specs() + valid_specs() + invalid_specs()  # Runa's as specs/ holds them: any name, .yaml or .json

# Schema Objects the meta-schema check must refuse, or accept, in every dialect path the
# keyword validator takes: the OAS base dialect, `jsonSchemaDialect`, a `$schema` of its own.
BROKEN_SCHEMAS: dict[str, Any] = {
    "Count": {"type": "integer", "minimum": "zero"},
    "Tags": {"type": "array", "items": {"type": 5}},
    "Pet": {"type": "object", "properties": {"name": {"type": "string", "maxLength": -1}}},
    "Plain": {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "nonsense"},
    "Fine": {"type": "object", "discriminator": {"propertyName": "kind"}, "properties": {"kind": {"type": "string"}}},
    "Unknown": {"$schema": "https://example.com/not-a-dialect", "type": "string"},
}


def _document(openapi: str, **extra: Any) -> dict[str, Any]:
    return {
        "openapi": openapi,
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/pets": {
                "get": {
                    "operationId": "list",
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}},
                        }
                    },
                }
            }
        },
        "components": {"schemas": BROKEN_SCHEMAS},
        **extra,
    }


HAND_MADE = {
    "3.1 base dialect": _document("3.1.0"),
    "3.1 jsonSchemaDialect 2020-12": _document(
        "3.1.0", jsonSchemaDialect="https://json-schema.org/draft/2020-12/schema"
    ),
    "3.2 base dialect": _document("3.2.0"),
    "3.0": _document("3.0.3"),
}


def _findings(validator_class: Any, data: Any, base_uri: str) -> list[tuple[str, tuple[Any, ...], str]]:
    schema = SchemaPath.from_dict(data, base_uri=base_uri, resolved_cache_maxsize=128)
    return [
        (error.message, tuple(error.absolute_path), type(error).__name__)
        for error in validator_class(schema).iter_errors()
    ]


def _assert_same_but_located(
    ours: list[tuple[str, tuple[Any, ...], str]], stock: list[tuple[str, tuple[Any, ...], str]], data: Any
) -> None:
    """The same findings (message, kind, order), except for their paths: the stock classes give a
    finding about one part of the document checked on its own (a Schema Object against the
    meta-schema, a `default`, an operation's parameters) the path inside that part, or none
    (validator_locations.py); ours put the part's place in the document in front. So each of our
    paths ends with the stock one and names a place that is in the document."""
    assert [(message, kind) for message, _, kind in ours] == [(message, kind) for message, _, kind in stock]
    for (message, our_path, _), (_, stock_path, _) in zip(ours, stock, strict=True):
        assert our_path[len(our_path) - len(stock_path) :] == stock_path, message
        assert _exists(data, our_path), (message, our_path)


def _exists(data: Any, path: tuple[Any, ...]) -> bool:
    node = data
    for key in path:
        if isinstance(node, dict) and key in node:
            node = node[key]
        elif isinstance(node, list) and str(key).isdigit() and int(key) < len(node):
            node = node[int(key)]
        else:
            return False
    return True


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.name)
def test_same_findings_as_the_stock_validator_on_every_spec(spec: Path) -> None:
    document = load_document(spec)
    minor = openapi_minor_version(document)
    base_uri = spec.resolve().as_uri()
    _assert_same_but_located(
        _findings(spec_validator_class(minor), document.data, base_uri),
        _findings(STOCK[minor], document.data, base_uri),
        document.data,
    )


@pytest.mark.parametrize("name", HAND_MADE)
def test_same_findings_on_broken_schemas(name: str) -> None:
    data = HAND_MADE[name]
    minor = data["openapi"][:3]
    ours = _findings(spec_validator_class(minor), data, "file:///x/spec.yaml")
    _assert_same_but_located(ours, _findings(STOCK[minor], data, "file:///x/spec.yaml"), data)
    assert len(ours) >= 3  # the broken schemas are found, not skipped
    # Each broken schema is found at its own place, not at its path inside itself.
    paths = {path[:3] for _, path, _ in ours}
    assert {("components", "schemas", name) for name in ("Count", "Tags", "Pet")} <= paths


def test_validation_never_crawls_a_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    data = _document("3.1.0")
    _findings(spec_validator_class("3.1"), data, "file:///x/spec.yaml")  # builds the validators once
    crawls = []
    original = referencing.Registry.crawl

    def counting(self: Any) -> Any:
        crawls.append(1)
        return original(self)

    monkeypatch.setattr(referencing.Registry, "crawl", counting)
    assert _findings(spec_validator_class("3.1"), data, "file:///x/spec.yaml")
    assert crawls == []
    _findings(STOCK["3.1"], data, "file:///x/spec.yaml")
    assert crawls, "the stock validator crawls: this test would notice a regression"
