"""No file outside the output folder, whatever tags, titles, operationIds or schema keys say; a fixed
set of file names (distinct on case-insensitive file systems); names that collide after
normalisation stay distinct and deterministic."""

from __future__ import annotations

import ast
import json
import keyword
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import naming
from generator.diagnostics import GeneratorError
from generator.pipeline import Request, generate
from generator.provenance import MANIFEST_FILE
from generator.render import FAKE_DATA_FILE, RUNTIME_FILES, TEMPLATES
from generator.reserved import client_attributes
from generator.write import write_package

from ..support import CURRENT, tree_digest
from .measured import run_measured

NASTY_NAMES = [
    "../../etc",
    "/etc/passwd",
    "..",
    ".",
    "C:\\Windows\\x",
    "Users",
    "users",
    "USERS",
    "user-s",
    "users_",
    "class",
    "__init__",
    "~1",
    "%2e%2e",
    "con",
    "nul",
    "a\x00b",
    "",
    "With options",  # a tag spelled as people do, named like the client's own `with_options`
    # The client's own attributes (read from the runtime, as the generator reserves them).
    *sorted(name for name in client_attributes() if not name.startswith("_")),
]


def everything_under(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")}


def nasty_spec() -> dict[str, Any]:
    operations: dict[str, Any] = {}
    for index, name in enumerate(NASTY_NAMES):
        operations[f"/p{index}"] = {
            "get": {
                "operationId": name or f"blank{index}",
                "tags": [name],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/S{index}"}}},
                    }
                },
            }
        }
    # `users` and `USERS` (and `..` alone, which has no case) as property names of one schema.
    schemas = {
        f"S{index}": {"type": "object", "properties": {name: {"type": "string"}, name.upper(): {"type": "integer"}}}
        for index, name in enumerate(NASTY_NAMES)
    }
    schemas.update(
        {name or "empty": {"type": "object", "properties": {"x": {"type": "string"}}} for name in NASTY_NAMES}
    )
    return {
        "openapi": "3.1.0",
        "info": {"title": "../../etc/evil", "version": "1"},
        "servers": [{"url": "https://api.example.test", "description": "../../prod"}],
        "tags": [{"name": name} for name in NASTY_NAMES],
        "paths": operations,
        "components": {"schemas": schemas},
    }


@pytest.mark.slow
def test_nasty_names_write_only_the_package_and_stay_distinct(tmp_path: Path) -> None:
    specs = tmp_path / "specs"
    specs.mkdir()
    spec = specs / "nasty-2024-01-01.json"
    spec.write_text(json.dumps(nasty_spec()), encoding="utf-8")
    (tmp_path / "etc").mkdir()
    before = everything_under(tmp_path)

    first = run_measured(spec, "--output", tmp_path / "out", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    package = tmp_path / "out" / "etc_evil_2024_01_01"
    created = everything_under(tmp_path) - before
    assert created == {"out", "out/etc_evil_2024_01_01"} | {
        f"out/etc_evil_2024_01_01/{name}" for name in os.listdir(package)
    }
    assert sorted(os.listdir(package)) == sorted(expected_files())
    digest = tree_digest(package)

    again = run_measured(spec, "--output", tmp_path / "out", cwd=tmp_path)  # deterministic: byte for byte
    assert again.returncode == 0, again.stderr
    assert tree_digest(package) == digest

    check = subprocess.run(
        [sys.executable, "-c", IMPORT_AND_COUNT, str(len(NASTY_NAMES)), json.dumps(NASTY_NAMES)],
        cwd=tmp_path / "out",
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "PYTHONDONTWRITEBYTECODE": "1"},
    )
    assert check.returncode == 0, check.stderr


IMPORT_AND_COUNT = """
import json
import sys
NAMES = json.loads(sys.argv[2])
import etc_evil_2024_01_01 as package
from etc_evil_2024_01_01 import models

client = package.EtcEvilClient(base_url="https://api.example.test")
assert callable(client.with_options) and callable(client.close) and client.response_validation == "lenient"
resources = [v for v in vars(client).values() if hasattr(v, "with_raw_response") and type(v).__module__.endswith("._client")]
classes = {type(r).__name__ for r in resources}
assert len(classes) == len(resources), classes
methods = [n for r in resources for n in dir(r) if not n.startswith("_") and n != "with_raw_response"]
assert len(methods) == int(sys.argv[1]), methods  # every operation reachable
for index in range(int(sys.argv[1])):
    fields = getattr(models, f"S{index}").model_fields
    names = NAMES[index]
    assert len(fields) == len({names, names.upper()}), fields  # `users` and `USERS` stay two fields
    assert {n if f.validation_alias is None else f.validation_alias for n, f in fields.items()} == {names, names.upper()}
"""


def expected_files() -> list[str]:
    """The fixed file set: one per package template, the runtime modules copied verbatim, and data."""
    rendered = [p.name.removesuffix(".j2") for p in (TEMPLATES / "package").glob("*.j2")]
    return rendered + list(RUNTIME_FILES) + ["py.typed", FAKE_DATA_FILE, MANIFEST_FILE]


def test_package_files_are_a_fixed_set_distinct_ignoring_case() -> None:
    names = expected_files()
    assert len({n.casefold() for n in names}) == len(names)
    assert all(re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9_.-]*", n) for n in names)


@pytest.mark.slow  # a CLI run each
@pytest.mark.parametrize("name", ["../evil", "/tmp/evil", "a/b", "class", "ñame", "1abc", "a-b"])
def test_unusable_package_names_are_refused(tmp_path: Path, name: str) -> None:
    result = run_measured(CURRENT.path, "--output", tmp_path / "out", "--package-name", name, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert "package name" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
    assert sorted(os.listdir(tmp_path)) == ["out"] or sorted(os.listdir(tmp_path)) == []


@pytest.mark.parametrize("relative", ["../x.py", "/etc/x.py", "a\\b.py", "C:x.py", "./x.py", "a//b.py", "x\x00.py"])
def test_write_package_refuses_paths_leaving_the_package(tmp_path: Path, relative: str) -> None:
    with pytest.raises(GeneratorError, match="refusing to write outside"):
        write_package({relative: "x = 1\n"}, tmp_path / "pkg")
    assert list(tmp_path.iterdir()) == []


def test_write_package_refuses_names_differing_only_in_case(tmp_path: Path) -> None:
    with pytest.raises(GeneratorError, match="differ only in case"):
        write_package({"Models.py": "", "models.py": ""}, tmp_path / "pkg")
    assert list(tmp_path.iterdir()) == []


def test_a_symlinked_target_is_replaced_not_followed(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("precious\n", encoding="utf-8")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "pkg").symlink_to(elsewhere, target_is_directory=True)
    write_package({"__init__.py": "x = 1\n"}, tmp_path / "out" / "pkg")
    assert not (tmp_path / "out" / "pkg").is_symlink()
    assert sorted(os.listdir(tmp_path / "out" / "pkg")) == ["__init__.py"]
    assert sorted(os.listdir(elsewhere)) == ["keep.txt"]
    assert sorted(os.listdir(tmp_path / "out")) == ["pkg"]


def test_every_name_a_template_imports_is_reserved_from_models() -> None:
    """A component schema named like an import (`Tag`, `Pattern`, ...) would shadow it in models.py."""
    imported: set[str] = set()
    for template in ("models.py.j2",):
        text = (TEMPLATES / "package" / template).read_text(encoding="utf-8")
        tree = ast.parse(text[: text.index("{%")])  # the imports, before the first template statement
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module != "__future__":
                imported |= {alias.asname or alias.name for alias in node.names}
    lower = {n for n in imported if n[:1].islower()}
    assert imported - lower <= naming.GENERATED_MODULE_NAMES, imported - lower - naming.GENERATED_MODULE_NAMES
    assert lower <= naming.GENERATED_MODULE_NAMES | naming.SHADOWED_BUILTINS, (
        lower - naming.GENERATED_MODULE_NAMES - naming.SHADOWED_BUILTINS
    )


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(max_size=12), max_size=12))
def test_names_are_valid_distinct_and_deterministic(spellings: list[str]) -> None:
    def claim_all() -> tuple[list[str], list[str], list[str]]:
        attributes, classes, members = (
            naming.NameRegistry(),
            naming.NameRegistry(case_insensitive=True),
            naming.NameRegistry(),
        )
        return (
            [attributes.claim(naming.attribute_name(s)) for s in spellings],
            [classes.claim(naming.class_name(s), prefixes=("", "Async")) for s in spellings],
            [members.claim(naming.enum_member_name(s)) for s in spellings],
        )

    first = claim_all()
    assert claim_all() == first  # same spec, same names
    for names in first:
        assert len(set(names)) == len(names)
        for name in names:
            assert (
                name.isidentifier()
                and name.isascii()
                and not keyword.iskeyword(name)
                and not keyword.issoftkeyword(name)
            )
    attributes, classes, _ = first
    assert len({c.casefold() for c in classes} | {("Async" + c).casefold() for c in classes}) == 2 * len(classes)
    for name in attributes:
        assert name not in naming.PYDANTIC_RESERVED | naming.SHADOWED_BUILTINS and not name.startswith("model_")
    if spellings:
        assert attributes[0] == naming.attribute_name(spellings[0])  # the first claimant keeps the plain name


def test_a_spec_path_with_dot_segments_is_a_located_warning(tmp_path: Path) -> None:
    """httpx would resolve "/things/{id}/../../admin" to "/admin": the client sends the dots encoded
    (tests/runtime/test_request_building.py), and generation says so, at the path."""
    spec = {
        "openapi": "3.1.0",
        "info": {"title": "Dots", "version": "1"},
        "paths": {
            "/things/{id}/../../admin": {
                "get": {
                    "operationId": "escape",
                    "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                    "responses": {"204": {"description": "none"}},
                }
            },
            "/things/.well-known": {"get": {"operationId": "fine", "responses": {"204": {"description": "none"}}}},
        },
    }
    path = tmp_path / "dots-2024-01-01.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    result = generate(Request(spec=path, output=tmp_path / "out", package_name="dots"))
    dots = [str(w) for w in result.warnings if "segment" in str(w)]
    assert dots == [
        f"{path}:1 at /paths/~1things~1{{id}}~1..~1..~1admin: path '/things/{{id}}/../../admin' has a '.' or '..' "
        "segment; the client sends it percent-encoded ('%2E'), not resolved"
    ]
