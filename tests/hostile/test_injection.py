"""Adversarial strings in every slot of a small spec: the generated package is valid Python whatever
they hold, every string round-trips exactly (or, in docstrings, word for word), importing it runs
nothing, and calling it sends the spec's names and the caller's values as written.

Generation runs in-process (the session's packages, tests/packages.py); the imports run in a few
subprocesses, many packages each (import_check.py), each in a fresh empty working folder.
HOSTILE_EXAMPLES sets the number of generated specs (default 300).
"""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from generator.diagnostics import GeneratorError
from generator.format import _PYTHON_BLOCK
from generator.naming import snake_case
from generator.pipeline import default_package_name
from generator.pysource import python_pattern

from ..packages import PackageFactory
from ..support import tree_digest

EXAMPLES = int(os.environ.get("HOSTILE_EXAMPLES", "300"))
IMPORT_PROCESSES = 2
HERE = Path(__file__).resolve().parent

# Pieces that have broken generators: quotes and their escapes, docstring and f-string syntax,
# template delimiters, line breaks Python or editors honour, NUL and other controls, terminal
# escapes, bidi controls, path tricks, code that would run if pasted unquoted, and names Python or
# pydantic reserve. (Lone surrogates are refused when the spec is read: test_broken_input.)
TOKENS = [
    '"',
    "'",
    "\\",
    '"""',
    "'''",
    '\\"',
    "\\'",
    "\\\\",
    "\n",
    "\r",
    "\r\n",
    "\t",
    "\x0b",
    "\x0c",
    "\x00",
    "\x1b[31m",
    "\x7f",
    "\u2028",
    "\u2029",
    "\x85",
    "\u200f",
    "\u202e",
    "\ufeff",
    "\U0001f600",
    "é",
    "ñ",
    "中文",
    "ß",
    "İ",
    "ﬁ",
    "ǅ",
    "{{",
    "}}",
    "{%",
    "%}",
    "{#",
    "#}",
    "{",
    "}",
    "${x}",
    "%s",
    "%(x)s",
    "{0}",
    "{x!r}",
    "#",
    "# noqa",
    "`",
    "```",
    "```python\n",
    "\\N{BULLET}",
    "\\u0041",
    "\\x41",
    "\\n",
    'f"{1}"',
    "b'x'",
    "r'x'",
    '__import__("os").system("touch PWNED")',
    "'); open('PWNED', 'w'); ('",
    '"""; import os; os.system("touch PWNED"); """',
    "\nimport os\nos.system('touch PWNED')\n",
    "*/",
    "-->",
    "</script>",
    "../../etc/passwd",
    "..",
    "/",
    "C:\\Windows",
    "~1",
    "~0",
    "%2F",
    "%",
    "$ref",
    "x-",
    "?",
    "&",
    "=",
    ";",
    ":",
    ",",
    " ",
    "0",
    "1e5",
    "-1",
    "None",
    "True",
    "class",
    "def",
    "self",
    "async",
    "match",
    "type",
    "_",
    "__init__",
    "__class__",
    "model_config",
    "Any",
    "Field",
    "Tag",
    "Pattern",
    "Model",
    "discriminator",
    "date",
    "CONFIG",
    "models",
    "httpx",
]
SLOTS = (
    "title", "description", "server_url", "server_description", "tag_name", "tag_description", "operation_id", "summary",
    "operation_description", "path_suffix", "query_name", "query_description", "query_example", "header_name", "schema_key",
    "schema_description", "property_name", "property_description", "enum_value", "default", "example", "pattern",
    "security_header", "webhook_key",
)  # fmt: skip
EXPECTED_FILES: set[str] | None = None  # every package has the same files, whatever the spec says


def adversarial() -> st.SearchStrategy[str]:
    piece = st.sampled_from(TOKENS) | st.text(min_size=1, max_size=3)
    return st.lists(piece, min_size=1, max_size=6).map("".join)


def build_spec(s: dict[str, Any]) -> dict[str, Any]:
    enum_values = s["enum_values"]
    return {
        "openapi": "3.1.0",
        "info": {"title": s["title"], "description": s["description"], "version": "1"},
        "servers": [{"url": s["server_url"], "description": s["server_description"]}],
        "tags": [{"name": s["tag_name"], "description": s["tag_description"]}],
        "paths": {
            "/things/{id}/"
            + s["path_suffix"]: {
                "get": {
                    "operationId": s["operation_id"],
                    "summary": s["summary"],
                    "description": s["operation_description"],
                    "tags": [s["tag_name"]],
                    "security": [],
                    "parameters": [
                        {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}},
                        {
                            "name": s["query_name"],
                            "in": "query",
                            "description": s["query_description"],
                            "example": s["query_example"],
                            "schema": {"type": "string"},
                        },
                        {"name": s["header_name"], "in": "header", "schema": {"type": "string"}},
                    ],
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}},
                        }
                    },
                }
            }
        },
        "webhooks": {
            s["webhook_key"]: {
                "post": {
                    "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}}
                }
            }
        },
        "components": {
            "securitySchemes": {"key": {"type": "apiKey", "in": "header", "name": s["security_header"]}},
            "schemas": {
                "Color": {"type": "string", "enum": enum_values},
                "Thing": {
                    "type": "object",
                    "description": s["schema_description"],
                    "properties": {
                        s["property_name"]: {
                            "type": "string",
                            "description": s["property_description"],
                            "example": s["example"],
                        },
                        "label": {"type": "string", "default": s["default"], "pattern": s["pattern"]},
                        "color": {"$ref": "#/components/schemas/Color"},
                    },
                },
                s["schema_key"]: {
                    "type": "object",
                    "description": s["schema_description"],
                    "properties": {"x": {"type": "integer"}},
                },
            },
        },
    }


def string_constants(source: str) -> set[str]:
    return {
        node.value
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }


def check_generated(files: dict[str, str], slots: dict[str, Any]) -> None:
    """What can be checked without importing: syntax, exact literals, Markdown and TOML."""
    global EXPECTED_FILES
    names = set(files)
    EXPECTED_FILES = EXPECTED_FILES or names
    assert names == EXPECTED_FILES
    assert len({n.casefold() for n in names}) == len(names)
    for path, text in files.items():
        if path.endswith(".py"):
            compile(text, path, "exec", dont_inherit=True)
        # Control characters, bidi overrides (Trojan Source) and line separators only ever appear escaped.
        unprintable = {c for c in text if not c.isprintable() and c != "\n"}
        assert not unprintable, (path, unprintable)
    for block in _PYTHON_BLOCK.finditer(files["README.md"]):
        ast.parse(block.group(1))
    fences = [line for line in files["README.md"].splitlines() if re.match(r" {0,3}```", line)]
    assert len(fences) % 2 == 0 and all(
        f.strip() in ("```", "```python") for f in fences
    ), fences  # spec text never opens or closes one
    tomllib.loads(files["pyproject.toml"])
    client = string_constants(files["_client.py"])
    for slot in ("expected_operation_id", "query_name", "header_name", "server_url", "security_header"):
        assert slots[slot] in client, slot
    assert "/things/{id}/" + slots["path_suffix"] in client
    models = string_constants(files["models.py"])
    for slot in ("property_name", "enum_value", "default"):
        assert slots[slot] in models, slot
    try:
        re.compile(python_pattern(slots["pattern"]))
    except (re.error, OverflowError, RecursionError):
        pass  # not enforced, with a warning
    else:
        assert python_pattern(slots["pattern"]) in models


@pytest.mark.slow
# ~60 CPU seconds for 300 specs: minutes of wall time on a loaded machine. The timeout only stops a hang.
@pytest.mark.timeout(max(300, EXAMPLES * 3))
def test_adversarial_strings_in_every_slot(tmp_path: Path, generated_packages: PackageFactory) -> None:
    """EXAMPLES specs, each with a fresh adversarial string in every slot."""
    specs, packages = tmp_path / "specs", generated_packages.root
    specs.mkdir()
    batch: list[dict[str, Any]] = []
    refused: list[str] = []

    phases = [Phase.generate] if os.environ.get("HOSTILE_NO_SHRINK") else list(Phase)

    @settings(
        max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck), phases=phases
    )
    @given(st.fixed_dictionaries({slot: adversarial() for slot in SLOTS}))
    def generate_one(drawn: dict[str, str]) -> None:
        index = len(batch) + len(refused)
        slots: dict[str, Any] = {**drawn, "enum_values": list(dict.fromkeys([drawn["enum_value"], "plain"]))}
        # A blank operationId is no name: the operation is then known as `get_<path>`.
        slots["expected_operation_id"] = (
            drawn["operation_id"] if drawn["operation_id"].strip() else "get_/things/{id}/" + drawn["path_suffix"]
        )
        spec = specs / f"s{index}-2024-01-01.json"
        spec.write_text(json.dumps(build_spec(slots)), encoding="utf-8")
        name = f"pkg{index}"
        assert default_package_name({"info": {"title": slots["title"]}}, "2024-01-01").isidentifier()
        beside = set(packages.iterdir())
        try:
            result = generated_packages.get(spec, name=name).result
        except GeneratorError as error:
            # The only input the generator may refuse here: a path template naming an undeclared parameter.
            assert re.search(r"[{}]", slots["path_suffix"]), f"{error}\n{slots!r}"
            refused.append(str(error))
            return
        check_generated(result.files, slots)
        assert set(packages.iterdir()) - beside == {packages / name}  # nothing written beside the package
        batch.append({"folder": str(packages), "name": name, "slots": slots})

    generate_one()
    assert (
        len(batch) >= EXAMPLES * 0.8
    ), f"only {len(batch)} of {len(batch) + len(refused)} specs generated: {refused[:3]}"

    before = {entry["name"]: tree_digest(packages / entry["name"]) for entry in batch}
    chunks = [batch[i::IMPORT_PROCESSES] for i in range(IMPORT_PROCESSES)]
    processes = []
    for number, chunk in enumerate(chunks):
        batch_file = tmp_path / f"batch{number}.json"
        batch_file.write_text(json.dumps(chunk), encoding="utf-8")
        workdir = tmp_path / f"cwd{number}"
        workdir.mkdir()
        processes.append(
            subprocess.Popen(
                [sys.executable, str(HERE / "import_check.py"), str(batch_file)],
                cwd=workdir,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env={"PATH": "/usr/bin:/bin", "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPATH": ""},
            )
        )
    failures: list[str] = []
    checked = 0
    for process in processes:
        out, err = process.communicate(timeout=240)
        assert process.returncode == 0, err[-3000:]
        report = json.loads(out.strip().splitlines()[-1])
        failures += report["failures"]
        checked += report["checked"]
    slots_of = {entry["name"]: entry["slots"] for entry in batch}
    details = [f"{f}\n    slots: {slots_of.get(f.split(':', 1)[0])!r}" for f in failures[:10]]
    assert not failures, f"{len(failures)} failures:\n" + "\n".join(details)
    assert checked == len(batch)
    # importing and calling wrote nothing into the packages
    assert {entry["name"]: tree_digest(packages / entry["name"]) for entry in batch} == before
    print(
        f"\n{len(batch) + len(refused)} adversarial specs ({len(refused)} refused), {len(SLOTS)} slots, {checked} packages imported"
    )


@pytest.mark.parametrize("title", ["", "   ", "中文", "123", "class", "../../etc", "A" * 300, "\x00", "\ud800"])
def test_package_name_from_any_title_is_an_identifier(title: str) -> None:
    name = default_package_name({"info": {"title": title}}, "2024-01-01")
    assert name.isidentifier() and name.isascii() and not name.startswith("_")
    assert snake_case(title) in name or not snake_case(title)
