"""The per-call options of generated methods (`timeout`, `max_retries`, ...) never collide with a
spec's parameters: a parameter spelled like one is renamed, and the list the generator reserves is
the list the template lays out."""

from __future__ import annotations

import ast
from pathlib import Path

from generator.operations import CALL_OPTIONS

from .packages import PackageFactory
from .support import CURRENT

SPEC = """\
openapi: 3.1.0
info: {title: Collide, version: "1"}
paths:
  /x:
    get:
      operationId: getX
      parameters:
%s
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: object}}}}
"""


def _keyword_only(source: str, method: str) -> list[str]:
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.name == method:
            return [a.arg for a in node.args.kwonlyargs]
    raise AssertionError(f"no method {method}")


def test_parameters_named_like_call_options_are_renamed_and_the_package_imports(
    tmp_path: Path, generated_packages: PackageFactory
) -> None:
    lines = "\n".join(f"        - {{name: {name}, in: query, schema: {{type: string}}}}" for name in CALL_OPTIONS)
    spec = tmp_path / "2024-01-01.yaml"
    spec.write_text(SPEC % lines, encoding="utf-8")
    generated = generated_packages.get(spec)
    arguments = _keyword_only(generated.result.files["_client.py"], "get_x")
    assert len(arguments) == len(set(arguments)), arguments
    spec_arguments = arguments[: -len(CALL_OPTIONS)]
    assert len(spec_arguments) == len(CALL_OPTIONS) and not set(spec_arguments) & set(CALL_OPTIONS), arguments
    assert any(name.endswith("Client") for name in dir(generated.module))


def test_the_reserved_options_are_the_ones_every_generated_method_ends_with(
    generated_packages: PackageFactory,
) -> None:
    files = generated_packages.get(CURRENT.path).result.files
    tree = ast.parse(files["_client.py"])
    methods = [
        node
        for cls in tree.body
        if isinstance(cls, ast.ClassDef) and cls.name.endswith("Resource")
        for node in cls.body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and not node.name.startswith("_")
    ]
    assert methods
    for method in methods:
        assert tuple(a.arg for a in method.args.kwonlyargs[-len(CALL_OPTIONS) :]) == CALL_OPTIONS, method.name
