"""Broken and hostile input: each case exits 2 (or 0 where the input is legal) within bounded time
and memory, with one located message (file:line or JSON pointer), no traceback, and the output
folder exactly as it was.

Each case runs the command line in its own process; `os.wait4` gives that process's CPU time and
peak memory. Run with `-s` to print the table (case, exit code, time, memory, message).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from ..support import tree_digest
from .measured import run_measured

pytestmark = pytest.mark.slow  # see pyproject's `markers`

VERSION = "2024-01-01"
PACKAGE = f"t_{VERSION.replace('-', '_')}"
# Generous: the CI machine has two cores shared with other jobs. A clean small spec takes ~1 s of CPU.
DEFAULT_MAX_CPU_SECONDS = 30.0
FAST_MAX_CPU_SECONDS = 10.0  # inputs refused before any expensive stage
MAX_WALL_SECONDS = 200.0
MAX_RSS_MB = 1024.0


def base_spec() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "T", "version": "1"},
        "paths": {
            "/things/{id}": {
                "get": {
                    "operationId": "getThing",
                    "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}},
                        }
                    },
                }
            }
        },
        "components": {"schemas": {"Thing": {"type": "object", "properties": {"name": {"type": "string"}}}}},
    }


def with_changes(change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    spec = base_spec()
    change(spec)
    return spec


def set_path(spec: dict[str, Any], keys: tuple[str, ...], value: Any) -> None:
    for key in keys[:-1]:
        spec = spec[key]
    spec[keys[-1]] = value


OPERATION = ("paths", "/things/{id}", "get")


@dataclass(frozen=True)
class Case:
    """One input: how to write it (text, or a JSON-able value), what must come out."""

    id: str
    content: str | bytes | dict[str, Any] | list[Any] | Callable[[Path], Path]
    exit_code: int
    fragments: tuple[str, ...]
    suffix: str = ".json"
    args: tuple[str, ...] = ()
    max_cpu: float = DEFAULT_MAX_CPU_SECONDS
    line: int | None = None  # when the message must name this line

    def write(self, folder: Path) -> Path:
        if callable(self.content):
            return self.content(folder)
        spec = folder / f"{self.id}-{VERSION}{self.suffix}"
        if isinstance(self.content, bytes):
            spec.write_bytes(self.content)
        elif isinstance(self.content, str):
            spec.write_text(self.content, encoding="utf-8")
        else:
            spec.write_text(json.dumps(self.content), encoding="utf-8")
        return spec


def nested_json(levels: int, kind: str) -> dict[str, Any]:
    """A spec whose schema `Deep` nests `levels` schemas deep through `properties` or `items`."""
    schema: dict[str, Any] = {"type": "string"}
    for _ in range(levels):
        schema = (
            {"type": "object", "properties": {"inner": schema}}
            if kind == "properties"
            else {"type": "array", "items": schema}
        )
    return with_changes(lambda s: s["components"]["schemas"].__setitem__("Deep", schema))


def nested_yaml(levels: int) -> str:
    """The same in YAML block style (each schema two indentation levels deeper)."""
    lines = ["openapi: 3.1.0", 'info: {title: T, version: "1"}', "paths: {}", "components:", "  schemas:", "    Deep:"]
    indent = 6
    for _ in range(levels):
        lines += [" " * indent + "type: object", " " * indent + "properties:", " " * (indent + 2) + "inner:"]
        indent += 4
    lines.append(" " * indent + "type: string")
    return "\n".join(lines) + "\n"


def alias_bomb() -> str:
    lines = [
        "openapi: 3.1.0",
        'info: {title: T, version: "1"}',
        "paths: {}",
        "components:",
        "  schemas:",
        "    Bomb:",
        "      type: object",
    ]
    lines.append('      x-l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]')
    for level in range(1, 10):
        lines.append(f"      x-l{level}: &l{level} [" + ", ".join([f"*l{level - 1}"] * 9) + "]")
    lines.append("      default: *l9")
    return "\n".join(lines) + "\n"


def twenty_megabytes(folder: Path) -> Path:
    """A legal spec of 20 MB, made from a template schema repeated (written piece by piece, so this
    process stays small: a child's peak memory as measured includes its parent's at the fork)."""
    description = "A field of a generated stress-test schema. " * 10
    path = folder / f"huge-{VERSION}.json"
    with path.open("w", encoding="utf-8") as file:
        head = json.dumps(base_spec())
        file.write(head[: head.rindex('"Thing"')])
        for index in range(20_000):
            schema = {
                "type": "object",
                "description": description,
                "properties": {f"field_{j}": {"type": "string", "description": description} for j in range(2)},
            }
            file.write(f'"Model{index}": {json.dumps(schema)}, ')
        file.write(head[head.rindex('"Thing"') :])
    assert path.stat().st_size > 20 * 1024 * 1024
    return path


def outside_ref(allowed: bool) -> Callable[[Path], Path]:
    def write(folder: Path) -> Path:
        shared = folder.parent / "shared"
        shared.mkdir(exist_ok=True)
        (shared / "common.yaml").write_text(
            "Thing:\n  type: object\n  properties:\n    name: {type: string}\n", encoding="utf-8"
        )
        spec = with_changes(
            lambda s: s["components"]["schemas"].__setitem__("Thing", {"$ref": "../shared/common.yaml#/Thing"})
        )
        path = folder / f"outside-{'allowed' if allowed else 'refused'}-{VERSION}.json"
        path.write_text(json.dumps(spec), encoding="utf-8")
        return path

    return write


def fifo(folder: Path) -> Path:
    path = folder / f"fifo-{VERSION}.yaml"
    os.mkfifo(path)
    return path


def device(folder: Path) -> Path:
    path = folder / f"zero-{VERSION}.yaml"
    path.symlink_to("/dev/zero")
    return path


def recursion_for_the_validator() -> dict[str, Any]:
    """openapi-spec-validator follows `A: {allOf: [{$ref: A}]}` until the recursion limit."""
    spec = base_spec()
    spec["components"]["schemas"]["Thing"] = {"allOf": [{"$ref": "#/components/schemas/Thing"}]}
    spec["paths"]["/things/{id}"]["get"]["responses"]["200"]["content"]["application/json"]["example"] = {"a": 1}
    return spec


CASES = [
    Case("malformed-json", '{"openapi": "3.1.0",\n "info": {\n', 2, ("invalid JSON",), line=3),
    Case("malformed-yaml", "openapi: 3.1.0\ninfo: [\n  title: x\n", 2, ("invalid YAML",), suffix=".yaml", line=4),
    Case("not-utf8", b"openapi: 3.1.0\ninfo: {title: \xff}\n", 2, ("not UTF-8",), suffix=".yaml"),
    Case("unknown-suffix", "{}", 2, ("unsupported file type '.txt'",), suffix=".txt"),
    Case("empty", "", 2, ("not an OpenAPI document",), suffix=".yaml"),
    Case("not-openapi", {"hello": "world"}, 2, ("not an OpenAPI document: no `openapi` version string",)),
    Case("top-level-list", [1, 2], 2, ("not an OpenAPI document: the top level is a list",)),
    Case(
        "swagger-2",
        {"swagger": "2.0", "info": {"title": "T", "version": "1"}, "paths": {}},
        2,
        ("Swagger 2.0", "at /swagger"),
    ),
    Case(
        "openapi-4",
        with_changes(lambda s: s.__setitem__("openapi", "4.0.0")),
        2,
        ("unsupported OpenAPI version '4.0.0'", "at /openapi"),
    ),
    Case("openapi-number", with_changes(lambda s: s.__setitem__("openapi", 3.1)), 2, ("no `openapi` version string",)),
    Case(
        "python-tag",
        "openapi: 3.1.0\ninfo: !!python/object/apply:os.system [touch pwned]\n",
        2,
        ("could not determine a constructor",),
        suffix=".yaml",
        line=2,
    ),
    Case(
        "paths-list",
        with_changes(lambda s: s.__setitem__("paths", [1, 2])),
        2,
        ("`paths` must be a mapping", "at /paths"),
    ),
    Case(
        "path-without-slash",
        with_changes(lambda s: s.__setitem__("paths", {"@evil.example/x": {}})),
        2,
        ("must begin with '/'", "at /paths/@evil.example~1x"),
    ),
    Case(
        "parameter-without-in",
        with_changes(lambda s: set_path(s, (*OPERATION, "parameters"), [{"name": "id", "schema": {"type": "string"}}])),
        2,
        ("a parameter needs a string `name` and `in`", "at /paths/~1things~1{id}/get/parameters/0"),
    ),
    Case(
        "responses-string",
        with_changes(lambda s: set_path(s, (*OPERATION, "responses"), "ok")),
        2,
        ("`responses` must be a mapping", "/get/responses"),
    ),
    Case(
        "operation-list",
        with_changes(lambda s: set_path(s, OPERATION, [1])),
        2,
        ("an operation must be a mapping", "at /paths/~1things~1{id}/get"),
    ),
    Case(
        "schema-number",
        with_changes(lambda s: set_path(s, ("components", "schemas", "Thing"), 5)),
        2,
        ("a schema must be an object or a boolean", "at /components/schemas/Thing"),
    ),
    Case(
        "schemas-list",
        with_changes(lambda s: s.update({"paths": {}, "components": {"schemas": [1]}})),
        2,
        ("`components.schemas` must be a mapping", "at /components/schemas"),
    ),
    Case(
        "request-body-string",
        with_changes(lambda s: set_path(s, (*OPERATION, "requestBody"), "x")),
        2,
        ("a request body needs", "/get/requestBody"),
    ),
    # Wrong types the lenient (default) mode reads past with a located validation warning; --strict refuses them.
    Case(
        "server-variables-list",
        with_changes(lambda s: s.__setitem__("servers", [{"url": "https://{x}.example", "variables": [1]}])),
        0,
        ("warning:", "at /servers/0/variables"),
    ),
    Case(
        "server-variables-list-strict",
        with_changes(lambda s: s.__setitem__("servers", [{"url": "https://{x}.example", "variables": [1]}])),
        2,
        ("fails OpenAPI validation (--strict)", "at /servers/0/variables"),
        args=("--strict",),
    ),
    Case(
        "integer-keys",
        'openapi: 3.1.0\ninfo: {title: T, version: "1"}\npaths: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        1: {type: string}\n        true: {type: string}\n',
        0,
        (),
        suffix=".yaml",
    ),
    Case(
        "key-twice",
        'openapi: 3.1.0\ninfo: {title: T, version: "1"}\npaths: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        1: {type: string}\n        "1": {type: integer}\n',
        2,
        ("the key '1' twice", "at /components/schemas/A/properties"),
        suffix=".yaml",
        line=9,
    ),
    Case(
        "dangling-ref",
        with_changes(
            lambda s: set_path(s, ("components", "schemas", "Thing"), {"$ref": "#/components/schemas/Nothing"})
        ),
        2,
        ("dangling $ref '#/components/schemas/Nothing'", "at /components/schemas/Thing"),
    ),
    Case(
        "ref-outside-folder",
        outside_ref(allowed=False),
        2,
        ("points outside the spec's folder", "--allow-external-refs", "at /components/schemas/Thing"),
    ),
    Case("ref-outside-folder-allowed", outside_ref(allowed=True), 0, (), args=("--allow-external-refs",)),
    Case(
        "ref-absolute-path",
        with_changes(lambda s: set_path(s, ("components", "schemas", "Thing"), {"$ref": "/etc/passwd#/x"})),
        2,
        ("points outside the spec's folder",),
    ),
    Case(
        "ref-remote",
        with_changes(
            lambda s: set_path(s, ("components", "schemas", "Thing"), {"$ref": "https://example.com/x.yaml#/x"})
        ),
        2,
        ("remote $ref", "is not supported"),
    ),
    Case(
        "ref-to-itself",
        with_changes(lambda s: set_path(s, ("components", "schemas", "Thing"), {"$ref": "#/components/schemas/Thing"})),
        2,
        ("circular $ref", "at /components/schemas/Thing"),
    ),
    Case(
        "refs-to-each-other",
        with_changes(
            lambda s: s["components"]["schemas"].update(
                {"Thing": {"$ref": "#/components/schemas/Other"}, "Other": {"$ref": "#/components/schemas/Thing"}}
            )
        ),
        2,
        ("circular $ref",),
    ),
    Case(
        "recursive-schema-legal",
        with_changes(
            lambda s: set_path(
                s, ("components", "schemas", "Thing", "properties", "next"), {"$ref": "#/components/schemas/Thing"}
            )
        ),
        0,
        (),
    ),
    Case("validator-recursion", recursion_for_the_validator(), 0, ("warning:", "validator ran out of recursion depth")),
    Case(
        "validator-recursion-strict",
        recursion_for_the_validator(),
        2,
        ("ran out of recursion depth",),
        args=("--strict",),
    ),
    Case(
        "duplicate-operation-ids",
        with_changes(
            lambda s: s["paths"].update(
                {"/other": {"get": {"operationId": "getThing", "responses": {"200": {"description": "ok"}}}}}
            )
        ),
        2,
        ("duplicate operationId 'getThing'", "at /paths/~1other/get/operationId"),
    ),
    Case("nested-200-json-properties", nested_json(200, "properties"), 0, ()),
    Case("nested-200-json-items", nested_json(200, "items"), 0, ()),
    Case("nested-200-yaml", nested_yaml(200), 0, (), suffix=".yaml"),
    Case(
        "nested-300-json-over-limit",
        nested_json(300, "properties"),
        2,
        ("more than 500 levels deep", "at /components/schemas/Deep/properties/...("),
        max_cpu=FAST_MAX_CPU_SECONDS,
    ),
    Case(
        "nested-300-yaml-over-limit",
        nested_yaml(300),
        2,
        ("more than 500 levels deep",),
        suffix=".yaml",
        max_cpu=FAST_MAX_CPU_SECONDS,
    ),
    Case(
        "nested-100000-json",
        '{"x": ' + "[" * 100_000 + "]" * 100_000 + "}",
        2,
        ("nested too deeply",),
        max_cpu=FAST_MAX_CPU_SECONDS,
        line=1,
    ),
    Case(
        "nested-5000-yaml-flow",
        "x: " + "[" * 5000 + "]" * 5000 + "\n",
        2,
        ("invalid YAML", "maximum nesting depth"),
        suffix=".yaml",
        max_cpu=FAST_MAX_CPU_SECONDS,
        line=1,
    ),
    Case(
        "yaml-alias-bomb",
        alias_bomb(),
        2,
        ("aliases expand it by more than",),
        suffix=".yaml",
        max_cpu=FAST_MAX_CPU_SECONDS,
    ),
    Case(
        "yaml-contains-itself",
        'openapi: 3.1.0\ninfo: {title: T, version: "1"}\npaths: {}\nx-loop: &loop {inner: *loop}\n',
        2,
        ("contains itself", "at /x-loop/inner"),
        suffix=".yaml",
        max_cpu=FAST_MAX_CPU_SECONDS,
    ),
    Case(
        "integer-5000-digits",
        '{"openapi": "3.1.0", "x-n": ' + "9" * 5000 + "}",
        2,
        ("invalid JSON", "4300 digits"),
        max_cpu=FAST_MAX_CPU_SECONDS,
    ),
    Case("twenty-megabytes", twenty_megabytes, 2, ("larger than 16 MB",), max_cpu=FAST_MAX_CPU_SECONDS),
    Case("fifo", fifo, 2, ("not a regular file",), max_cpu=FAST_MAX_CPU_SECONDS),
    Case("dev-zero", device, 2, ("not a regular file",), max_cpu=FAST_MAX_CPU_SECONDS),
    Case(
        "missing-file",
        lambda folder: folder / f"missing-{VERSION}.json",
        2,
        ("cannot read the spec",),
        max_cpu=FAST_MAX_CPU_SECONDS,
    ),
    Case(
        "lone-surrogate",
        '{"openapi": "3.1.0", "info": {"title": "T\\ud800", "version": "1"}, "paths": {}}',
        2,
        ("lone UTF-16 surrogate", "at /info/title"),
    ),
    Case(
        "terminal-escapes-in-names",
        with_changes(
            lambda s: set_path(
                s, ("components", "schemas", "Thing"), {"$ref": "#/components/schemas/\x1b[2J\x1b[31mred\nline"}
            )
        ),
        2,
        ("dangling $ref", "\\x1b[2J"),
    ),
]


@pytest.fixture(scope="module")
def results() -> Iterator[list[tuple[str, ...]]]:
    rows: list[tuple[str, ...]] = []
    yield rows
    print("\n| input | exit | CPU s | wall s | peak MB | message |\n|---|---|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(str(cell) for cell in row) + " |")


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_broken_input(case: Case, tmp_path: Path, results: list[tuple[str, ...]]) -> None:
    specs = tmp_path / "specs"
    specs.mkdir()
    spec = case.write(specs)
    output = tmp_path / "out"
    (output / PACKAGE).mkdir(parents=True)  # a package from an earlier run: must survive a failure intact
    (output / PACKAGE / "__init__.py").write_text("SENTINEL = True\n", encoding="utf-8")
    (output / "unrelated.txt").write_text("not ours\n", encoding="utf-8")
    before = tree_digest(output)

    result = run_measured(spec, "--output", output, *case.args, cwd=tmp_path)

    message = next(
        (line for line in result.stderr.splitlines() if line.startswith("error:")), result.stderr.strip()[-200:]
    )
    shown = message.replace(str(spec.parent) + "/", "").replace("|", "/")[:160]
    results.append(
        (
            case.id,
            str(result.returncode),
            f"{result.cpu_seconds:.1f}",
            f"{result.wall_seconds:.1f}",
            f"{result.max_rss_mb:.0f}",
            shown,
        )
    )
    assert not result.timed_out
    assert result.returncode == case.exit_code, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
    assert result.cpu_seconds < case.max_cpu
    assert result.wall_seconds < MAX_WALL_SECONDS
    assert result.max_rss_mb < MAX_RSS_MB
    for fragment in case.fragments:
        assert fragment in result.stderr, result.stderr
    if case.exit_code == 2:
        errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
        assert len(errors) == 1 and len(result.stderr.strip().splitlines()) == 1, result.stderr  # one paragraph
        assert re.search(rf"{re.escape(spec.name)}(:\d+)? at /", errors[0]), errors[0]  # file[:line] at pointer
        if case.line is not None:
            assert f"{spec.name}:{case.line} " in errors[0]
        assert errors[0].isprintable()
        assert tree_digest(output) == before
        assert sorted(p.name for p in output.iterdir()) == [PACKAGE, "unrelated.txt"]  # no staging or backup left
    else:
        assert "validator failed" not in result.stderr, result.stderr
        assert (output / PACKAGE / "models.py").is_file()
        assert (output / "unrelated.txt").read_text(encoding="utf-8") == "not ours\n"
        assert sorted(p.name for p in output.iterdir()) == [PACKAGE, "unrelated.txt"]


@pytest.mark.parametrize("openapi", ["3.0.3", "3.1.0"])
def test_refs_are_never_fetched_not_even_by_the_validator(
    tmp_path: Path, openapi: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """openapi-spec-validator's default handlers fetch any URL a `$ref` names (a hostile spec could
    make the generator call internal services); it gets handlers that read local files only."""
    import http.server
    import threading

    from generator.load import load_document
    from generator.validation import validate

    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's spelling
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"X: {type: string}\n")

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    outside = tmp_path / "outside.yaml"
    outside.write_text("X: {type: string}\n", encoding="utf-8")
    specs = tmp_path / "specs"
    specs.mkdir()
    schema_refs = {
        "Remote": {"$ref": f"http://127.0.0.1:{server.server_address[1]}/x.yaml#/X"},
        "File": {"$ref": f"{outside.as_uri()}#/X"},
        "Inside": {"$ref": "local.yaml#/X"},
    }
    (specs / "local.yaml").write_text("X: {type: string}\n", encoding="utf-8")
    spec = specs / f"fetch-{VERSION}.json"
    spec.write_text(
        json.dumps(
            with_changes(lambda s: (s.__setitem__("openapi", openapi), s["components"]["schemas"].update(schema_refs)))
        ),
        encoding="utf-8",
    )
    try:
        result = run_measured(spec, "--output", tmp_path / "out", cwd=tmp_path, env={"RUNA_GENERATOR_CACHE": "off"})
        assert result.returncode == 2 and "Traceback" not in result.stderr
        read: list[Path] = []
        monkeypatch.setattr(validate, "load_document", lambda path: read.append(path) or load_document(path))
        monkeypatch.setenv("RUNA_GENERATOR_CACHE", "off")
        validate.validate_document(load_document(spec), strict=False)
    finally:
        server.shutdown()
        server.server_close()
    assert hits == []
    assert all(path.parent == specs.resolve() for path in read)


def test_the_validator_reads_the_specs_own_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.load import load_document
    from generator.validation import validate

    (tmp_path / "local.yaml").write_text("X: {type: object, properties: {a: {type: string}}}\n", encoding="utf-8")
    spec = tmp_path / f"split-{VERSION}.json"
    spec.write_text(
        json.dumps(with_changes(lambda s: s["components"]["schemas"].update({"Thing": {"$ref": "local.yaml#/X"}}))),
        encoding="utf-8",
    )
    read: list[Path] = []
    monkeypatch.setattr(validate, "load_document", lambda path: read.append(path) or load_document(path))
    monkeypatch.setenv("RUNA_GENERATOR_CACHE", "off")
    assert validate.validate_document(load_document(spec), strict=True) == []
    assert read == [(tmp_path / "local.yaml").resolve()]
