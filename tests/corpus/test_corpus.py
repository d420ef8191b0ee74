"""Every valid spec of the corpus (real public specs nobody here wrote) and every written fixture:
generation succeeds, the package imports and passes `mypy --strict`, every operation, component
schema, webhook and callback is represented, nothing falls back to `Any` without a located
warning, and every example in the spec parses into its model.

Stripe's 4 MB spec is left out unless RUN_STRIPE=1 (it takes about a minute to generate).
"""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import black
import pytest
from pydantic import TypeAdapter, ValidationError

from generator.format import _PYTHON_BLOCK, LINE_LENGTH

from ..packages import GeneratedPackage
from ..support import run_generator
from .conftest import Corpus
from .harness import (
    VALID,
    examples_of,
    expected_method_names,
    expected_model_names,
    expected_payload_parsers,
    resolved,
    run_stripe,
    unexplained_any,
    valid_specs,
)

# The session fixture generates, imports and type-checks the whole corpus before the first test.
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("corpus"), pytest.mark.timeout(3600 if run_stripe() else 900)]

SPECS = valid_specs()
IDS = [p.name for p in SPECS]

# mypy errors accepted where the spec itself is contradictory: spec file -> {error substring: why}.
# Reviewed; keep it short.
MYPY_ALLOWLIST: dict[str, dict[str, str]] = {}

# Examples that cannot parse because the spec contradicts itself: (spec, pointer) -> why. Reviewed; keep it short.
_NOT_A_UUID = "the example of a `format: uuid` property is not a UUID (its first group has 7 digits)"
EXAMPLE_ALLOWLIST: dict[tuple[str, str], str] = {
    ("train-travel_openapi.yaml", "/components/schemas/Trip/properties/id/examples/0"): _NOT_A_UUID,
    ("train-travel_openapi.yaml", "/components/schemas/Booking/properties/id/examples/0"): _NOT_A_UUID,
    ("train-travel_openapi.yaml", "/components/schemas/Booking/properties/trip_id/examples/0"): _NOT_A_UUID,
}


def generated(corpus: Corpus, spec: Path) -> GeneratedPackage:
    if spec.name in corpus.failed:
        pytest.fail(f"generation failed: {corpus.failed[spec.name]}")
    return corpus.generated[spec.name]


def top_level_names(path: Path) -> set[str]:
    names = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, (ast.ClassDef, ast.FunctionDef)):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return names


def methods_by_class(path: Path) -> dict[str, set[str]]:
    return {
        node.name: {
            f.name
            for f in node.body
            if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef)) and not f.name.startswith("_")
        }
        for node in ast.parse(path.read_text(encoding="utf-8")).body
        if isinstance(node, ast.ClassDef)
    }


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_generates(corpus: Corpus, spec: Path) -> None:
    package = generated(corpus, spec)
    assert (corpus.folder / package.name / "__init__.py").is_file()


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_package_imports_and_builds_every_model_and_client(corpus: Corpus, spec: Path) -> None:
    package = generated(corpus, spec)
    problem = corpus.imports.get(package.name, "not imported")
    assert problem is None, problem


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_black_leaves_every_generated_file_unchanged(corpus: Corpus, spec: Path) -> None:
    """black (the formatter of record) is a no-op on the package: every .py file and every Python
    block of the README is exactly what black makes of it, whatever the templates emitted and
    however format.py cut, cached or shared the work."""
    package = generated(corpus, spec)
    mode = black.Mode(line_length=LINE_LENGTH, target_versions={black.mode.TargetVersion.PY311})
    texts = {}
    for path in sorted((corpus.folder / package.name).rglob("*")):
        if path.suffix == ".py":
            texts[str(path)] = path.read_text(encoding="utf-8")
        elif path.suffix == ".md":
            for number, block in enumerate(_PYTHON_BLOCK.finditer(path.read_text(encoding="utf-8"))):
                texts[f"{path} block {number}"] = block.group(1)
    assert any(name.endswith("models.py") for name in texts)
    changed = [name for name, text in texts.items() if black.format_str(text, mode=mode) != text]
    assert changed == []


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_package_passes_mypy_strict(corpus: Corpus, spec: Path) -> None:
    package = generated(corpus, spec)
    allowed = MYPY_ALLOWLIST.get(spec.name, {})
    errors = [e for e in corpus.mypy[package.name] if not any(fragment in e.message for fragment in allowed)]
    assert errors == [], "\n".join(map(str, errors))


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_every_operation_has_sync_async_and_raw_methods(corpus: Corpus, spec: Path) -> None:
    package = generated(corpus, spec)
    expected = expected_method_names(resolved(spec))
    classes = methods_by_class(corpus.folder / package.name / "_client.py")
    resources = [c for c in classes if c.endswith("Resource") and not c.startswith("Async")]
    found = [m for c in resources for m in classes[c] if not m.startswith("iter_")]
    assert sorted(found) == sorted(expected)
    for resource in resources:
        for variant in (resource + "WithRawResponse", "Async" + resource, "Async" + resource + "WithRawResponse"):
            assert classes[resource] <= classes[variant], f"{variant} lacks {classes[resource] - classes[variant]}"
    assert len(package.result.api.operations) == len(expected)


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_every_component_schema_has_a_model(corpus: Corpus, spec: Path) -> None:
    package = generated(corpus, spec)
    expected = expected_model_names(resolved(spec))
    defined = top_level_names(corpus.folder / package.name / "models.py")
    assert set(expected) - defined == set()
    assert [name for _, name in package.result.api.component_names] == expected


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_every_webhook_and_callback_has_a_parser(corpus: Corpus, spec: Path) -> None:
    package = generated(corpus, spec)
    expected = expected_payload_parsers(resolved(spec))
    defined = top_level_names(corpus.folder / package.name / "webhooks.py")
    assert set(expected) - defined == set()


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_every_warning_names_its_place(corpus: Corpus, spec: Path) -> None:
    package = generated(corpus, spec)
    unlocated = [w.message for w in package.result.warnings if w.location is None or not w.location.file]
    assert unlocated == []


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_any_only_where_the_spec_allows_anything_or_a_warning_says_why(corpus: Corpus, spec: Path) -> None:
    package = generated(corpus, spec)
    assert unexplained_any(package.result.api, resolved(spec), package.result.warnings) == []


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_every_example_parses_into_its_model(corpus: Corpus, spec: Path) -> None:
    package = generated(corpus, spec)
    models = importlib.import_module(f"{package.name}.models")
    lenient = importlib.import_module(f"{package.name}._base_model").LENIENT
    examples, unmapped = examples_of(spec, set(models.__all__))
    assert unmapped == [], "examples whose schema has no model in the package"
    failures = []
    for example in examples:
        if (spec.name, example.pointer) in EXAMPLE_ALLOWLIST:
            continue
        kind = eval(example.annotation, vars(models))  # noqa: S307 - our own annotation text
        try:
            value = TypeAdapter(kind).validate_python(example.value, context=lenient if example.lenient else None)
        except ValidationError as error:
            failures.append(f"{example.pointer} ({example.annotation}): {error}")
            continue
        if isinstance(kind, type) and not isinstance(value, kind):
            failures.append(f"{example.pointer}: parsed as {type(value).__name__}, not {kind.__name__}")
    assert failures == [], "\n".join(failures)


def test_the_corpus_has_examples_of_every_kind(corpus: Corpus) -> None:
    """The example test is not vacuous: schema, parameter, request and response examples are all found."""
    pointers = []
    for spec in SPECS:
        if spec.name in corpus.generated:
            models = importlib.import_module(f"{corpus.generated[spec.name].name}.models")
            pointers += [e.pointer for e in examples_of(spec, set(models.__all__))[0]]
    assert len(pointers) > 100
    assert any("/components/schemas/" in p for p in pointers)
    assert any("/parameters/" in p for p in pointers)
    assert any("/requestBody/" in p for p in pointers)
    assert any("/responses/" in p for p in pointers)


def test_the_any_check_finds_an_unexplained_any(tmp_path: Path) -> None:
    """The guard above is not vacuous: an `integer` property typed Any without a warning is reported."""
    from generator import ir

    spec_file = tmp_path / "any.yaml"
    spec_file.write_text(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n"
        "components:\n  schemas:\n    Thing:\n      type: object\n      properties:\n"
        "        count: {type: integer}\n        anything: {}\n        tags: {type: array}\n"
    )
    pointer = "/components/schemas/Thing/properties/"
    fields = tuple(
        ir.Field(n, n, ir.Primitive("Any"), False, None, source=pointer + n) for n in ("count", "anything", "tags")
    )
    model = ir.ObjectModel("Thing", fields, None, None, False, source="/components/schemas/Thing")
    api = ir.Api(
        title="t",
        description=None,
        api_version="2000-01-01",
        package_name="p",
        client_name="TClient",
        env_prefix="T",
        spec_sha256="",
        spec_file="any.yaml",
        definitions=(model,),
        resources=(),
        security_schemes=(),
        servers=(),
        webhooks=(),
        facts=ir.RuntimeFacts(),
    )
    assert unexplained_any(api, resolved(spec_file), []) == [pointer + "count"]


def test_summary_line_counts_every_warning(tmp_path: Path) -> None:
    spec = VALID / "oai-learn_v3.1_tictactoe.yaml"
    result = run_generator(spec, "--output", tmp_path, "--api-version", "2000-01-01", "--verbose")
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning: ")]
    assert warnings
    assert re.search(rf"\b{len(warnings)} warnings\b", result.stdout)
