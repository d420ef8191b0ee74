"""Helpers of the model tests: a generated package (the session's, tests/packages.py) with the schema
reader it was built from, and every
example of a spec together with the type of the place it sits in (read from the IR, never listed by hand).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pydantic

from generator import ir
from generator.build_ir import read_spec
from generator.load import load_document
from generator.operations import HTTP_METHODS
from generator.options import OPTIONS_FILE_NAME, load_options
from generator.overlay import apply_overlays, overlay_files
from generator.pysource import annotation, uses
from generator.resolve import Node, ResolvedSpec, resolve_spec
from generator.schemas import SchemaReader
from generator.validation.validate import openapi_minor_version

from ..packages import GeneratedPackage
from ..support import MODEL_FIXTURES

ROOT = Path(__file__).resolve().parents[2]
SPECS = ROOT / "specs"
CORPUS_VALID = ROOT / "tests" / "corpus" / "valid"
FIXTURES = MODEL_FIXTURES
BREADTH = ROOT / "tests" / "fixtures" / "breadth"  # written specs the corpus tests also generate and type-check
LENIENT = {"lenient": True}


@dataclass(repr=False)
class Package:
    """A package of the session (tests/packages.py) with the resolved spec and the schema reader it was
    built from."""

    generated: GeneratedPackage
    spec: ResolvedSpec
    reader: SchemaReader

    def __repr__(self) -> str:
        return f"Package({self.name!r} from {self.spec_path.name})"

    @property
    def name(self) -> str:
        return self.generated.name

    @property
    def spec_path(self) -> Path:
        return self.generated.spec

    @property
    def folder(self) -> Path:
        return self.generated.folder

    @property
    def api(self) -> ir.Api:
        return self.generated.result.api

    @property
    def warnings(self) -> list[str]:
        return [str(w) for w in self.generated.result.warnings]

    @property
    def package(self) -> ModuleType:
        return self.generated.module

    @property
    def models(self) -> ModuleType:
        return self.package.models  # type: ignore[no-any-return]

    def model(self, component_key: str) -> Any:
        """The generated class or alias of a component schema, by its key in the spec."""
        return getattr(self.models, dict(self.api.component_names)[component_key])

    def evaluate(self, annotation_text: str) -> Any:
        """An annotation of the `models` module (as the IR renders it) as a Python object."""
        return eval(annotation_text, vars(self.models))  # noqa: S307 - text made by our own generator

    def adapter(self, annotation_text: str) -> pydantic.TypeAdapter[Any]:
        return _adapter(self.name, annotation_text, self)


_ADAPTERS: dict[tuple[str, str], pydantic.TypeAdapter[Any]] = {}


def _adapter(name: str, annotation_text: str, package: Package) -> pydantic.TypeAdapter[Any]:
    key = (name, annotation_text)
    if key not in _ADAPTERS:
        _ADAPTERS[key] = pydantic.TypeAdapter(package.evaluate(annotation_text))
    return _ADAPTERS[key]


def package_of(generated: GeneratedPackage) -> Package:
    """A generated package with the resolved spec and the schema reader it was built from."""
    spec_path = generated.spec
    document = load_document(spec_path)
    document = apply_overlays(document, overlay_files(spec_path))
    spec = resolve_spec(document)
    options = load_options(spec_path.parent / OPTIONS_FILE_NAME)
    reader, _, _ = read_spec(spec, openapi_version=openapi_minor_version(document), options=options, warnings=[])
    return Package(generated, spec, reader)


# --- examples -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Example:
    """One example of the spec, the annotation of the place it sits in, and how that place is parsed."""

    pointer: str
    value: Any
    annotation: str
    direction: str  # "request" (strict), "response" (lenient, as the client parses) or "schema"


def _example_values(spec: ResolvedSpec, owner: Node, *, schema: bool) -> list[tuple[str, Any]]:
    value = owner.value
    found: list[tuple[str, Any]] = []
    if "example" in value:
        found.append((owner.pointer + "/example", value["example"]))
    examples = value.get("examples")
    if schema and isinstance(examples, list):  # JSON Schema `examples`: a list of values
        found += [(f"{owner.pointer}/examples/{i}", v) for i, v in enumerate(examples)]
    elif not schema and isinstance(examples, dict):  # Example Objects
        for key in examples:
            example = spec.follow(owner.child("examples", key))
            if isinstance(example.value, dict) and "value" in example.value:
                found.append((f"{example.pointer}/value", example.value["value"]))
    return found


class ExampleFinder:
    """Walks a spec by what each object is (operation, parameter, media type, schema) and pairs each
    example with its type: operations' parameters, bodies and responses and webhooks' payloads from
    the IR, schemas (and the schemas inside them) from the schema reader that built the package."""

    def __init__(self, package: Package) -> None:
        self.package = package
        self.spec = package.spec
        self.found: dict[str, Example] = {}
        self.known = set(package.models.__all__)
        self.unmapped: list[str] = []

    def add(self, pointer: str, value: Any, type_: ir.TypeNode | None, direction: str) -> None:
        if pointer in self.found:
            return
        if type_ is None or not uses(type_) <= self.known:
            self.unmapped.append(pointer)
            return
        self.found[pointer] = Example(pointer, value, annotation(type_), direction)

    def run(self) -> list[Example]:
        root = self.spec.root_node()
        operations = {(op.method.lower(), op.path): op for op in self.package.api.operations}
        for path in root.value.get("paths") or {}:
            item = self.spec.follow(root.child("paths", path))
            for method in HTTP_METHODS:
                if method in item.value:
                    self.operation(item, item.child(method), operations[(method, path)])
        webhooks = {w.key: w for w in self.package.api.webhooks}
        for key in root.value.get("webhooks") or {}:
            item = self.spec.follow(root.child("webhooks", key))
            for method in HTTP_METHODS:
                if isinstance(item.value.get(method), dict) and "requestBody" in item.value[method]:
                    body = self.spec.follow(item.child(method, "requestBody"))
                    self.content(body, webhooks[str(key)].type, "response")
        components = root.value.get("components") or {}
        for key in components.get("schemas") or {}:
            self.schema(root.child("components", "schemas", key))
        return list(self.found.values())

    def operation(self, item: Node, operation: Node, op: ir.Operation) -> None:
        parameters = {(p.location, p.wire_name): p for p in op.parameters}
        nodes = [item.child("parameters", i) for i in range(len(item.value.get("parameters") or []))]
        nodes += [operation.child("parameters", i) for i in range(len(operation.value.get("parameters") or []))]
        for node in nodes:
            node = self.spec.follow(node)
            param = parameters.get((node.value.get("in"), node.value.get("name")))
            for pointer, value in _example_values(self.spec, node, schema=False):
                self.add(pointer, value, param.type if param else None, "request")
            if isinstance(node.value.get("schema"), dict):
                self.schema(node.child("schema"), "request", param.type if param else None)
        if "requestBody" in operation.value and op.body is not None:
            self.content(self.spec.follow(operation.child("requestBody")), op.body.type, "request")
        responses = {r.status: r for r in op.responses}
        for status in operation.value.get("responses") or {}:
            response = self.spec.follow(operation.child("responses", status))
            documented = responses.get(str(status))
            if documented is not None and documented.kind == "json":
                self.content(response, documented.type, "response")

    def content(self, owner: Node, type_: ir.TypeNode | None, direction: str) -> None:
        for media_type in owner.value.get("content") or {}:
            media = owner.child("content", media_type)
            for pointer, value in _example_values(self.spec, media, schema=False):
                self.add(pointer, value, type_, direction)
            if isinstance(media.value.get("schema"), dict):
                self.schema(media.child("schema"), direction)

    def schema(self, node: Node, direction: str = "schema", place: ir.TypeNode | None = None) -> None:
        """Examples of a schema and of the schemas inside it. `place` is the type of the field the
        schema describes (optional fields take None), else the schema's own type is used."""
        value = node.value
        if not isinstance(value, dict) or ("$ref" in value and len(value) == 1):
            return
        own = self.package.reader.type_of(node, "ExampleProbe")
        for pointer, example in _example_values(self.spec, node, schema=True):
            self.add(pointer, example, place or own, direction)
        for keyword in ("allOf", "oneOf", "anyOf"):
            for index in range(len(value.get(keyword) or [])):
                self.schema(node.child(keyword, index), direction)
        fields = self.fields_of(own)
        for key in value.get("properties") or {}:
            self.schema(node.child("properties", key), direction, fields.get(key))
        for keyword in ("items", "additionalProperties"):
            if isinstance(value.get(keyword), dict):
                self.schema(node.child(keyword), direction)

    def fields_of(self, type_: ir.TypeNode) -> dict[str, ir.TypeNode]:
        """Wire name -> the type of the field in the generated model (with None when optional)."""
        definitions = {d.name: d for d in self.package.api.definitions}
        model = definitions.get(type_.name) if isinstance(type_, ir.ModelRef) else None
        if not isinstance(model, ir.ObjectModel):
            return {}
        return {
            f.wire_name: (
                f.type if f.required or f.has_default or isinstance(f.type, ir.Nullable) else ir.Nullable(f.type)
            )
            for f in model.fields
        }


def spec_examples(package: Package) -> tuple[list[Example], list[str]]:
    finder = ExampleFinder(package)
    return finder.run(), finder.unmapped


def iter_unions(spec: ResolvedSpec, reader: SchemaReader) -> Iterator[tuple[str, str, ir.TypeNode]]:
    """(pointer, keyword, IR type) of every `oneOf`/`anyOf` in the root document."""

    def walk(node: Node) -> Iterator[tuple[str, str, ir.TypeNode]]:
        value = node.value
        if isinstance(value, dict):
            for keyword in ("oneOf", "anyOf"):
                if isinstance(value.get(keyword), list) and "$ref" not in value:
                    yield node.pointer + "/" + keyword, keyword, reader.type_of(node, "UnionProbe")
            for key in value:
                if key not in ("example", "examples", "enum", "const", "default"):
                    yield from walk(node.child(key))
        elif isinstance(value, list):
            for index in range(len(value)):
                yield from walk(node.child(index))

    yield from walk(spec.root_node())


# --- JSON Schema of a spec's schema (for hypothesis-jsonschema and the differential test) -------

_OPENAPI_ONLY = frozenset(
    {
        "example",
        "examples",
        "discriminator",
        "xml",
        "externalDocs",
        "readOnly",
        "writeOnly",
        "deprecated",
        "title",
        "description",
        "nullable",
    }
)
# Formats hypothesis-jsonschema generates; any other `format` is left out of the JSON Schema (it
# would only be ignored, or refused): Runa's `decimal` and `html` are never in a request schema.
GENERATED_FORMATS = frozenset({"date-time", "date", "time", "email", "uri", "uuid", "ipv4", "ipv6", "hostname"})


def json_schema(spec: ResolvedSpec, node: Node, depth: int = 0) -> Any:
    """The schema at `node` as a self-contained JSON Schema: every `$ref` inlined, OpenAPI's
    `nullable` as a `null` type, annotations left out. Request schemas are not recursive."""
    assert depth < 50, f"recursive schema at {node.pointer}"
    value = node.value
    if isinstance(value, bool) or not isinstance(value, dict):
        return value
    if "$ref" in value:
        return json_schema(spec, spec.follow(node), depth + 1)
    out: dict[str, Any] = {}
    for key, item in value.items():
        if key in _OPENAPI_ONLY or (key == "format" and item not in GENERATED_FORMATS):
            continue
        if key in ("properties", "patternProperties", "$defs"):
            out[key] = {name: json_schema(spec, node.child(key, name), depth + 1) for name in item}
        elif key in ("allOf", "oneOf", "anyOf", "prefixItems"):
            out[key] = [json_schema(spec, node.child(key, i), depth + 1) for i in range(len(item))]
        elif key in ("items", "additionalProperties", "not", "propertyNames", "contains") and isinstance(item, dict):
            out[key] = json_schema(spec, node.child(key), depth + 1)
        else:
            out[key] = item
    if (
        isinstance(out.get("allOf"), list)
        and len(out["allOf"]) == 1
        and isinstance(out["allOf"][0], dict)
        and not set(out["allOf"][0]) & set(out)
    ):
        out = {
            **{k: v for k, v in out.items() if k != "allOf"},
            **out["allOf"][0],
        }  # a one-item wrapper: the same schema, cheaper to generate
    if value.get("nullable") is True:
        if isinstance(out.get("type"), str):
            out["type"] = [out["type"], "null"]
        elif "enum" in out:
            out["enum"] = [*out["enum"], None]
        else:
            out = {"anyOf": [out, {"type": "null"}]}
    return out


def referenced_components(spec: ResolvedSpec, node: Node) -> list[str]:
    """Keys of the component schemas a schema uses, directly or through others, in first-use order."""
    found: list[str] = []

    def walk(current: Node) -> None:
        value = current.value
        if isinstance(value, dict):
            if isinstance(value.get("$ref"), str):
                target = spec.follow(current)
                key = target.pointer.rsplit("/", 1)[-1]
                if target.pointer.startswith("/components/schemas/") and key not in found:
                    found.append(key)
                    walk(target)
                return
            for key in value:
                if key not in ("example", "examples", "enum", "const", "default"):
                    walk(current.child(key))
        elif isinstance(value, list):
            for index in range(len(value)):
                walk(current.child(index))

    walk(node)
    return found


def request_schemas(package: Package) -> list[tuple[str, Node, str]]:
    """(label, schema node, annotation in `models`) of every JSON request body and every component
    schema those bodies use."""
    found: list[tuple[str, Node, str]] = []
    root = package.spec.root_node()
    components: list[str] = []
    for op in package.api.operations:
        if op.body is None or op.body.kind != "json":
            continue
        item = package.spec.follow(root.child("paths", op.path))
        body = package.spec.follow(item.child(op.method.lower(), "requestBody"))
        media = next(m for m in body.value["content"] if "json" in m)
        schema = body.child("content", media, "schema")
        found.append((f"{op.operation_id} body", schema, annotation(op.body.type)))
        components += [k for k in referenced_components(package.spec, schema) if k not in components]
    names = dict(package.api.component_names)
    for key in components:
        found.append((key, root.child("components", "schemas", key), names[key]))
    return found


# --- hypothesis-jsonschema on this hypothesis ---------------------------------------------------


class _LegacyMany:
    """`many` as hypothesis-jsonschema 0.23.1 drives it (`while elements.more(): ... elements.reject()`),
    on top of the `with many(...) as elements: for _ in elements:` protocol of the pinned hypothesis,
    which dropped `more()`: without this, no object schema can be generated at all."""

    def __init__(self, data: Any, **kwargs: Any) -> None:
        from hypothesis.internal.conjecture import utils

        self._many = utils.many(data, **kwargs)
        self._many.__enter__()
        self._elements = iter(self._many)

    def more(self) -> bool:
        if next(self._elements, StopIteration) is StopIteration:
            self._many.__exit__(None, None, None)
            return False
        return True

    def reject(self, why: str | None = None) -> None:
        self._many.reject(why)


def hypothesis_jsonschema_on_this_hypothesis() -> None:
    """Point hypothesis-jsonschema's object strategy at `_LegacyMany` (only its own `cu` name)."""
    import types

    from hypothesis.internal.conjecture import utils
    from hypothesis_jsonschema import _from_schema

    if not hasattr(utils.many, "more") and not isinstance(_from_schema.cu, types.SimpleNamespace):
        _from_schema.cu = types.SimpleNamespace(many=_LegacyMany)  # type: ignore[attr-defined,assignment]


def small_arrays(schema: Any, most: int = 3) -> Any:
    """`schema` with every array capped at `most` items (when its minItems allows): each instance is
    still valid under the original schema, and generating is many times faster."""
    if not isinstance(schema, dict):
        return schema
    out = dict(schema)
    for key in ("properties", "patternProperties"):
        if isinstance(out.get(key), dict):
            out[key] = {name: small_arrays(sub, most) for name, sub in out[key].items()}
    for key in ("allOf", "oneOf", "anyOf", "prefixItems"):
        if isinstance(out.get(key), list):
            out[key] = [small_arrays(sub, most) for sub in out[key]]
    for key in ("items", "additionalProperties", "not"):
        if isinstance(out.get(key), dict):
            out[key] = small_arrays(out[key], most)
    if (out.get("type") == "array" or "items" in out) and out.get("minItems", 0) <= most:
        out["maxItems"] = min(out.get("maxItems", most), most)
    return out


def closed_where_silent(schema: Any, in_all_of: bool = False) -> Any:
    """`schema` with `additionalProperties: false` on every object schema that says nothing about
    additional properties: the client's rule for requests (an undeclared key is refused unless the
    schema allows additional properties in so many words). `allOf` parts stay open (closing each
    would forbid the others' properties); their properties' schemas are closed."""
    if not isinstance(schema, dict):
        return schema
    out = dict(schema)
    for key in ("properties", "patternProperties"):
        if isinstance(out.get(key), dict):
            out[key] = {name: closed_where_silent(sub) for name, sub in out[key].items()}
    for key in ("oneOf", "anyOf", "prefixItems"):
        if isinstance(out.get(key), list):
            out[key] = [closed_where_silent(sub) for sub in out[key]]
    if isinstance(out.get("allOf"), list):
        out["allOf"] = [closed_where_silent(sub, in_all_of=True) for sub in out["allOf"]]
    for key in ("items", "additionalProperties", "not"):
        if isinstance(out.get(key), dict):
            out[key] = closed_where_silent(out[key])
    if "properties" in out and "additionalProperties" not in out and "allOf" not in out and not in_all_of:
        out["additionalProperties"] = False
    return out
