"""Every operation and every component schema of each spec is represented in its package.

Expected names are derived from the spec itself (operationIds, component keys), not a list.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from generator.load import load_document
from generator.naming import class_name, snake_case

from .support import FIXTURES, GENERATED, package_name, runa_specs, spec_version

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def spec_data(spec: Path) -> dict:
    return load_document(spec).data


def committed_package(spec: Path) -> Path:
    """generated/<package> of `spec`; a clear request to regenerate when it is not there."""
    folder = GENERATED / package_name(spec)
    if not (folder / "__init__.py").is_file():
        pytest.fail(f"{spec.name} has no package in generated/ ({folder.name}): run ./scripts/generate.sh and commit")
    return folder


def top_level_names(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)  # `Name: TypeAlias = ...`
    return names


def methods_of(path: Path) -> dict[str, set[str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        node.name: {f.name for f in node.body if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))}
        for node in tree.body
        if isinstance(node, ast.ClassDef)
    }


@pytest.mark.parametrize("spec", runa_specs(), ids=spec_version)
def test_every_component_schema_has_a_model(spec: Path) -> None:
    data = spec_data(spec)
    package = committed_package(spec)
    defined = top_level_names(package / "models.py")
    expected = {class_name(key) for key in data["components"]["schemas"]}
    assert expected - defined == set()
    assert len(expected) == len(data["components"]["schemas"])  # no two keys folded into one


@pytest.mark.parametrize("spec", runa_specs(), ids=spec_version)
def test_every_operation_has_sync_async_and_raw_methods(spec: Path) -> None:
    data = spec_data(spec)
    package = committed_package(spec)
    classes = methods_of(package / "_client.py")
    for path, item in data["paths"].items():
        for method in HTTP_METHODS:
            if method not in item:
                continue
            operation = item[method]
            tag = operation["tags"][0]
            name = snake_case(operation["operationId"])
            resource = class_name(tag) + "Resource"
            for cls in (
                resource,
                resource + "WithRawResponse",
                "Async" + resource,
                "Async" + resource + "WithRawResponse",
            ):
                assert name in classes[cls], f"{method.upper()} {path}: {cls}.{name} missing"


@pytest.mark.parametrize(
    "spec",
    [s for s in runa_specs() if (FIXTURES / "runa" / f"{spec_version(s)}.openapi.json").is_file()],
    ids=spec_version,
)
def test_runa_counts_are_those_runa_published(spec: Path) -> None:
    """The operations, schemas and webhooks of each version kept as Runa published it (tests/fixtures/runa)."""
    data = spec_data(spec)
    published = json.loads((FIXTURES / "runa" / f"{spec_version(spec)}.openapi.json").read_text(encoding="utf-8"))
    assert [(path, method) for path, item in data["paths"].items() for method in HTTP_METHODS if method in item] == [
        (path, method) for path, item in published["paths"].items() for method in HTTP_METHODS if method in item
    ]
    assert list(data["components"]["schemas"]) == list(published["components"]["schemas"])
    assert list(data.get("webhooks", {})) == list(published.get("webhooks", {}))
