"""The corpus harness: generate every spec of the corpus, check the packages, and find what each
spec promises (its operations, component schemas, webhooks, callbacks and examples).

Used by the corpus tests and by `python -m tests.corpus.report` (the table of the issue note).
Expected names are derived from the spec itself with `generator.naming`, never from a list.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator import ir
from generator.build_ir import read_spec
from generator.diagnostics import Diagnostic, split_pointer
from generator.load import load_document
from generator.naming import NameRegistry, attribute_name, class_name, snake_case
from generator.operations import HTTP_METHODS
from generator.options import OPTIONS_FILE_NAME, load_options
from generator.pysource import annotation, uses
from generator.resolve import Node, ResolvedSpec, resolve_spec
from generator.validation.validate import openapi_minor_version
from generator.versions import version_in_name

from ..packages import GeneratedPackage, PackageFactory
from ..support import UNDATED_VERSION

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "corpus"
VALID = CORPUS / "valid"
INVALID = CORPUS / "invalid"
# Specs written for these tests (3.2 features, content types, security schemes): generated and checked like the corpus.
WRITTEN = ROOT / "tests" / "fixtures" / "breadth"


def api_version_for(spec: Path) -> str | None:
    """--api-version for a corpus spec: none when its name has a date (it would contradict it); corpus
    file names carry no date (but Stripe's)."""
    return None if version_in_name(spec.name) else UNDATED_VERSION


SLOW = ("stripe_",)  # ~60 s to generate: only with RUN_STRIPE=1


def run_stripe() -> bool:
    return os.environ.get("RUN_STRIPE", "") not in ("", "0")


def valid_specs(*, include_slow: bool | None = None) -> list[Path]:
    """Every valid corpus spec and every written fixture; Stripe only when asked (RUN_STRIPE=1)."""
    include = run_stripe() if include_slow is None else include_slow
    specs = sorted(p for p in VALID.iterdir() if p.suffix in (".yaml", ".yml", ".json"))
    specs += sorted(WRITTEN.glob("*.yaml"))
    return [p for p in specs if include or not p.name.startswith(SLOW)]


def invalid_specs() -> list[Path]:
    return sorted(p for p in INVALID.iterdir() if p.suffix in (".yaml", ".yml", ".json"))


def package_name(spec: Path) -> str:
    """A distinct importable name per spec, so that every package imports side by side."""
    return "c_" + re.sub(r"\W", "_", spec.stem.lower())


# --- generation ----------------------------------------------------------------------------


def generate_each(packages: PackageFactory, specs: list[Path]) -> tuple[dict[str, GeneratedPackage], dict[str, str]]:
    """The session's package of every spec (tests/packages.py), named `package_name(spec)`; and, by
    spec file name, why a spec gave none: a refusal or a crash is a finding, reported by its test."""
    generated: dict[str, GeneratedPackage] = {}
    failed: dict[str, str] = {}
    for spec in specs:
        try:
            generated[spec.name] = packages.get(spec, name=package_name(spec), api_version=api_version_for(spec))
        except Exception as error:  # noqa: BLE001 - GeneratorError or a crash: the test says which
            failed[spec.name] = f"{type(error).__name__}: {error}"
    return generated, failed


# --- import and mypy, each once for all packages -------------------------------------------

_IMPORT_CHECK = r"""
import importlib, inspect, json, sys, traceback
import pydantic
import pathlib, warnings
results = {}
for name in sys.argv[1:]:
    try:
        for path in sorted(pathlib.Path(name).glob("*.py")):
            with warnings.catch_warnings():
                warnings.simplefilter("error")  # an invalid escape in a docstring is a warning, then an error
                compile(path.read_text(encoding="utf-8"), str(path), "exec")
        package = importlib.import_module(name)
        models = package.models
        for attr in models.__all__:
            value = getattr(models, attr)
            if isinstance(value, type) and issubclass(value, pydantic.BaseModel):
                value.model_rebuild(force=True)
            elif not (isinstance(value, type) and issubclass(value, __import__("enum").Enum)):
                pydantic.TypeAdapter(value)
        for cls in (getattr(package, n) for n in package.__all__ if n.endswith("Client")):
            credentials = {}
            for parameter in inspect.signature(cls).parameters.values():
                if parameter.kind is parameter.POSITIONAL_OR_KEYWORD:
                    credentials[parameter.name] = ("user", "password") if "tuple" in str(parameter.annotation) else "secret"
            client = cls(**credentials, base_url="https://example.invalid")
        results[name] = None
    except BaseException:
        results[name] = traceback.format_exc(limit=6)
print(json.dumps(results))
"""


def import_all(folder: Path, packages: list[str]) -> dict[str, str | None]:
    """Import each package in a fresh interpreter, build every model and both clients: name -> traceback or None."""
    if not packages:
        return {}
    completed = subprocess.run(
        [sys.executable, "-c", _IMPORT_CHECK, *packages],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "PYTHONPATH": str(folder), "PYTHONDONTWRITEBYTECODE": "1"},
    )
    if completed.returncode != 0:
        return {p: completed.stderr[-3000:] for p in packages}
    results: dict[str, str | None] = json.loads(completed.stdout.strip().splitlines()[-1])
    return results


# --- what a spec promises ------------------------------------------------------------------


def resolved(spec: Path) -> ResolvedSpec:
    return resolve_spec(load_document(spec))


def operation_nodes(spec: ResolvedSpec) -> Iterator[tuple[str, str, Node]]:
    """(path, method, operation) for every operation, including OpenAPI 3.2 `additionalOperations`."""
    root = spec.root_node()
    paths = root.value.get("paths") or {}
    for path in paths:
        item = spec.follow(root.child("paths", path))
        for method in HTTP_METHODS:
            if method in item.value:
                yield path, method, item.child(method)
        for method in item.value.get("additionalOperations") or {}:
            yield path, method, item.child("additionalOperations", method)


def expected_method_names(spec: ResolvedSpec) -> list[str]:
    """The client method of each operation: its operationId in snake_case (else method + path), made distinct in document order."""
    registry = NameRegistry()
    names = []
    for path, method, node in operation_nodes(spec):
        operation_id = node.value.get("operationId")
        if not isinstance(operation_id, str) or not operation_id.strip():
            operation_id = f"{method}_{path}"
        name = snake_case(operation_id) or "call"
        names.append(registry.claim(attribute_name(name) if not name[0].isdigit() else f"op_{name}"))
    return names


def expected_model_names(spec: ResolvedSpec) -> list[str]:
    """The model of each component schema: its key in PascalCase, made distinct in document order."""
    components = spec.root.data.get("components") or {}
    registry = NameRegistry()
    return [registry.claim(class_name(key)) for key in components.get("schemas") or {}]


def expected_payload_parsers(spec: ResolvedSpec) -> list[str]:
    """`parse_<name>` of each webhook and each callback that sends a body (the corpus has no name clashes here)."""
    names = []
    for key, item in (spec.root.data.get("webhooks") or {}).items():
        if any(isinstance(item.get(m), dict) and "requestBody" in item[m] for m in HTTP_METHODS) or "$ref" in item:
            names.append("parse_" + attribute_name(str(key)))
    for _, _, node in operation_nodes(spec):
        for name, callback in (node.value.get("callbacks") or {}).items():
            callback = spec.follow(node.child("callbacks", name)).value
            for _expression, item in callback.items():
                item = (
                    spec.follow(Node(spec.root, "", item)).value if isinstance(item, dict) and "$ref" in item else item
                )
                if any(isinstance(item.get(m), dict) and "requestBody" in item[m] for m in HTTP_METHODS):
                    names.append("parse_" + attribute_name(str(name)))
    return names


# --- examples ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Example:
    """One example of a spec and the type it must parse into (an annotation of the `models` module)."""

    pointer: str
    value: Any
    annotation: str
    lenient: bool  # a response example: parsed like the client parses responses


_SCHEMA_LISTS = ("allOf", "oneOf", "anyOf", "prefixItems")
_SCHEMA_MAPS = ("properties", "$defs", "definitions", "patternProperties", "dependentSchemas")
_SCHEMA_SINGLES = (
    "items",
    "additionalProperties",
    "not",
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
    "unevaluatedItems",
    "unevaluatedProperties",
    "contentSchema",
)


class _ExampleFinder:
    """Walks a spec by the OpenAPI object each value is, collecting every example with its type."""

    def __init__(self, spec: ResolvedSpec, types: Any, known: set[str]) -> None:
        self.spec, self.types, self.known = spec, types, known
        self.found: list[Example] = []
        self.unmapped: list[str] = []  # examples whose schema has no model in the package

    def type_of(self, node: Node) -> str | None:
        type_ = self.types.type_of(node, "ExampleProbe")
        if not uses(type_) <= self.known:
            return None
        return annotation(type_)

    def add(self, owner: Node, values: list[tuple[str, Any]], type_text: str | None, lenient: bool) -> None:
        for pointer, value in values:
            if type_text is None:
                self.unmapped.append(pointer)
            else:
                self.found.append(Example(pointer, value, type_text, lenient))

    def example_values(self, owner: Node, *, schema: bool) -> list[tuple[str, Any]]:
        value = owner.value
        found = []
        if "example" in value:
            found.append((owner.pointer + "/example", value["example"]))
        examples = value.get("examples")
        if schema and isinstance(examples, list):  # JSON Schema `examples`: a list of values
            found += [(f"{owner.pointer}/examples/{i}", v) for i, v in enumerate(examples)]
        elif isinstance(examples, dict):  # Example Objects (value, or 3.2 dataValue)
            for key in examples:
                example = self.spec.follow(owner.child("examples", key))
                if isinstance(example.value, dict):
                    for field_name in ("value", "dataValue"):
                        if field_name in example.value:
                            found.append((f"{owner.pointer}/examples/{key}/{field_name}", example.value[field_name]))
        return found

    # OpenAPI objects

    def document(self) -> None:
        root = self.spec.root_node()
        for path in root.value.get("paths") or {}:
            self.path_item(root.child("paths", path))
        for key in root.value.get("webhooks") or {}:
            self.path_item(root.child("webhooks", key))
        components = root.value.get("components") or {}
        for key in components.get("schemas") or {}:
            self.schema(root.child("components", "schemas", key))
        for key in components.get("parameters") or {}:
            self.parameter(root.child("components", "parameters", key))
        for key in components.get("headers") or {}:
            self.parameter(root.child("components", "headers", key))
        for key in components.get("requestBodies") or {}:
            self.body(root.child("components", "requestBodies", key))
        for key in components.get("responses") or {}:
            self.response(root.child("components", "responses", key))
        for key in components.get("pathItems") or {}:
            self.path_item(root.child("components", "pathItems", key))

    def path_item(self, node: Node) -> None:
        if "$ref" in node.value:
            return  # walked where it is defined
        for index in range(len(node.value.get("parameters") or [])):
            self.parameter(node.child("parameters", index))
        operations = [node.child(m) for m in HTTP_METHODS if m in node.value]
        operations += [node.child("additionalOperations", m) for m in node.value.get("additionalOperations") or {}]
        for operation in operations:
            for index in range(len(operation.value.get("parameters") or [])):
                self.parameter(operation.child("parameters", index))
            if "requestBody" in operation.value:
                self.body(operation.child("requestBody"))
            for status in operation.value.get("responses") or {}:
                self.response(operation.child("responses", status))
            for name in operation.value.get("callbacks") or {}:
                callback = operation.child("callbacks", name)
                if "$ref" not in callback.value:
                    for expression in callback.value:
                        if isinstance(callback.value[expression], dict):
                            self.path_item(callback.child(expression))

    def parameter(self, node: Node) -> None:
        if "$ref" in node.value:
            return
        if isinstance(node.value.get("schema"), (dict, bool)):
            schema = node.child("schema")
            self.add(node, self.example_values(node, schema=False), self.type_of(schema), lenient=False)
            self.schema(schema)
        self.content(node, lenient=False)

    def body(self, node: Node) -> None:
        if "$ref" not in node.value:
            self.content(node, lenient=False)

    def response(self, node: Node) -> None:
        if "$ref" in node.value:
            return
        self.content(node, lenient=True)
        for name in node.value.get("headers") or {}:
            self.parameter(node.child("headers", name))

    def content(self, owner: Node, *, lenient: bool) -> None:
        for media_type in owner.value.get("content") or {}:
            media = owner.child("content", media_type)
            if not isinstance(media.value, dict):
                continue
            values = self.example_values(media, schema=False)
            base = media_type.split(";")[0].strip().lower()
            if "itemSchema" in media.value:
                item = self.type_of(media.child("itemSchema"))
                self.add(media, values, f"list[{item}]" if item else None, lenient)
                self.schema(media.child("itemSchema"))
            elif isinstance(media.value.get("schema"), (dict, bool)):
                if base.startswith("text/"):
                    self.add(media, values, "str", lenient)
                elif base.endswith("json") or base.startswith(("multipart/", "application/x-www-form-urlencoded")):
                    self.add(media, values, self.type_of(media.child("schema")), lenient)
                # other media types (XML, images, ...) travel as bytes: the client parses nothing there
                self.schema(media.child("schema"))

    def schema(self, node: Node) -> None:
        value = node.value
        if not isinstance(value, dict) or "$ref" in value and len(value) == 1:
            return
        values = self.example_values(node, schema=True)
        if values:
            self.add(node, values, self.type_of(node), lenient=False)
        for keyword in _SCHEMA_LISTS:
            if isinstance(value.get(keyword), list):
                for index in range(len(value[keyword])):
                    self.schema(node.child(keyword, index))
        for keyword in _SCHEMA_MAPS:
            if isinstance(value.get(keyword), dict):
                for key in value[keyword]:
                    self.schema(node.child(keyword, key))
        for keyword in _SCHEMA_SINGLES:
            if isinstance(value.get(keyword), dict):
                self.schema(node.child(keyword))


def examples_of(spec_path: Path, known_names: set[str]) -> tuple[list[Example], list[str]]:
    """Every example in the spec with the annotation it must parse into; and examples whose schema got no model."""
    document = load_document(spec_path)
    spec = resolve_spec(document)
    options = load_options(spec_path.parent / OPTIONS_FILE_NAME)
    reader, _, _ = read_spec(spec, openapi_version=openapi_minor_version(document), options=options, warnings=[])
    finder = _ExampleFinder(spec, reader, known_names)
    finder.document()
    return finder.found, finder.unmapped


# --- Any: only where the spec allows anything, or with a warning -------------------------


def has_any(node: ir.TypeNode) -> bool:
    if isinstance(node, ir.Primitive):
        return node.name == "Any"
    children: list[ir.TypeNode] = []
    if isinstance(node, ir.ListOf):
        children = [node.item]
    elif isinstance(node, ir.TupleOf):
        children = list(node.items) + ([node.rest] if node.rest is not None else [])
    elif isinstance(node, ir.MapOf):
        children = [node.value]
    elif isinstance(node, ir.Nullable):
        children = [node.inner]
    elif isinstance(node, ir.UnionOf):
        children = list(node.options)
    return any(has_any(c) for c in children)


_TYPED_KEYWORDS = frozenset(
    {"type", "$ref", "properties", "items", "prefixItems", "allOf", "oneOf", "anyOf", "enum", "const"}
)


def allows_anything(spec: ResolvedSpec, pointer: str) -> bool:
    """Whether the schema at `pointer` (or one inside it) accepts any value: `{}`, `true`, an untyped
    schema, an object without properties, or an array without items."""
    value: Any = spec.root.data
    tokens: list[str | int] = []
    for token in split_pointer(pointer):
        if isinstance(value, list) and token.isdigit() and int(token) < len(value):
            tokens.append(int(token))
        elif isinstance(value, dict) and token in value:
            tokens.append(token)
        else:
            return True  # not in the root document (another file): not checked here
        value = value[tokens[-1]]
    return _open(spec, spec.root_node().child(*tokens), 0)


def _open(spec: ResolvedSpec, node: Node, depth: int) -> bool:
    if depth > 12:
        return False
    value = node.value
    if value is True or value == {}:
        return True
    if not isinstance(value, dict):
        return False
    if "$ref" in value:
        return _open(spec, spec.follow(node), depth + 1)
    if not (_TYPED_KEYWORDS & set(value)):
        return True
    types = value.get("type")
    types = [types] if isinstance(types, str) else types if isinstance(types, list) else []
    if (
        "object" in types and not value.get("properties") and value.get("additionalProperties", True) in (True, {})
    ) or ("array" in types and "items" not in value and "prefixItems" not in value):
        return True
    if len([t for t in types if t != "null"]) > 1:
        return True  # several types, some of them structured, are read as their union (or Any)
    if "schema" in value:
        return _open(spec, node.child("schema"), depth + 1)
    children: list[Node] = []
    for keyword in ("allOf", "oneOf", "anyOf", "prefixItems"):
        if isinstance(value.get(keyword), list):
            children += [node.child(keyword, i) for i in range(len(value[keyword]))]
    for keyword in ("items", "additionalProperties"):
        if isinstance(value.get(keyword), (dict, bool)):
            children.append(node.child(keyword))
    return any(_open(spec, c, depth + 1) for c in children)


def unexplained_any(api: ir.Api, spec: ResolvedSpec, warnings: list[Diagnostic]) -> list[str]:
    """Pointers of fields, aliases and parameters typed with Any where the spec asked for more and no warning says so."""
    warned = [w.location.pointer for w in warnings if w.location is not None]
    found = []
    places: list[tuple[str, ir.TypeNode]] = []
    for definition in api.definitions:
        if isinstance(definition, ir.ObjectModel):
            places += [(f.source, f.type) for f in definition.fields]
            if definition.extra is not None:
                places.append((definition.source + "/additionalProperties", definition.extra))
        elif isinstance(definition, ir.AliasModel):
            places.append((definition.source, definition.type))
    for operation in api.operations:
        places += [(p.source, p.type) for p in operation.parameters]
    for pointer, type_ in places:
        if not pointer or not has_any(type_) or allows_anything(spec, pointer):
            continue
        if any(
            w == pointer or w.startswith(pointer + "/") or pointer.startswith(w + "/")
            for w in warned
            if w not in ("", "/")
        ):
            continue
        found.append(pointer)
    return found
