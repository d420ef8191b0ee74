"""Ask openapi-core (tests/judge/judge.py, in its own virtualenv) what it reads in recorded requests."""

from __future__ import annotations

import base64
import inspect
import json
import re
import subprocess
import typing
from collections.abc import Container, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pydantic

from generator import ir

JUDGE = Path(__file__).resolve().parents[1] / "judge"
JUDGE_PYTHON = JUDGE / ".venv" / "bin" / "python"


@dataclass(frozen=True)
class Recorded:
    """One request as it went on the wire, with what the caller passed (JSON values by wire name)."""

    id: str
    request: httpx.Request
    passed: dict[str, dict[str, Any]]  # "path" | "query" | "header" | "cookie" -> wire name -> value
    body: Any  # the body the caller passed (JSON data), or None


def run_judge(jobs: list[tuple[Path, str | None, list[Recorded]]]) -> dict[str, Any]:
    """openapi-core's verdict on every recorded request: id -> {errors, parameters, body}."""
    payload = {
        "specs": [
            {
                "spec": str(spec),
                "openapi": read_as,
                "requests": [
                    {
                        "id": r.id,
                        "method": r.request.method,
                        "url": str(r.request.url),
                        "headers": [[k, v] for k, v in r.request.headers.multi_items()],
                        "body": base64.b64encode(r.request.read()).decode(),
                    }
                    for r in recorded
                ],
            }
            for spec, read_as, recorded in jobs
        ]
    }
    completed = subprocess.run(
        [str(JUDGE_PYTHON), str(JUDGE / "judge.py")],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    verdicts: dict[str, Any] = json.loads(completed.stdout)
    return verdicts


_ISO_DATETIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d")


def normalized(value: Any) -> Any:
    """JSON data in one spelling: date-times (`Z` is `+00:00`), integral floats, and bytes (which the
    judge writes as {"$bytes": base64}) as text when they are UTF-8."""
    if isinstance(value, dict) and set(value) == {"$bytes"}:
        raw = base64.b64decode(value["$bytes"])
        try:
            return raw.decode()
        except UnicodeDecodeError:
            return value
    if isinstance(value, dict):
        return {k: normalized(v) for k, v in value.items()}
    if isinstance(value, list):
        return [normalized(v) for v in value]
    if isinstance(value, str) and _ISO_DATETIME.match(value):
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00")).isoformat()
        except ValueError:
            return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def disagreements(recorded: Recorded, verdict: dict[str, Any]) -> list[str]:
    """Where openapi-core's reading of the request differs from what the caller passed."""
    found = [f"openapi-core: {error}" for error in verdict["errors"]]
    if found:
        return found
    read = verdict["parameters"]
    for location, values in recorded.passed.items():
        got = read.get(location, {})
        if location == "header":
            got = {k.lower(): v for k, v in got.items()}
        for name, expected in values.items():
            key = name.lower() if location == "header" else name
            if key not in got:
                found.append(f"{location} parameter {name!r}: passed {expected!r}, openapi-core read nothing")
            elif normalized(got[key]) != normalized(expected):
                found.append(f"{location} parameter {name!r}: passed {expected!r}, openapi-core read {got[key]!r}")
    body = normalized(verdict["body"])
    if (
        isinstance(body, dict)
        and isinstance(recorded.body, dict)
        and recorded.request.headers.get("content-type", "").startswith("multipart/")
    ):
        # openapi-core reads an array property absent from a multipart body as [] (its reading, not ours).
        body = {k: v for k, v in body.items() if k in recorded.body or v != []}
    if recorded.body is not None and body != normalized(recorded.body):
        found.append(f"body: passed {recorded.body!r:.300}, openapi-core read {verdict['body']!r:.300}")
    return found


def _resources(api: ir.Api) -> Iterator[tuple[list[str], ir.Resource]]:
    def walk(resource: ir.Resource, access: list[str]) -> Iterator[tuple[list[str], ir.Resource]]:
        yield access, resource
        for child in resource.children:
            yield from walk(child, access + [child.attribute])

    for top in api.resources:
        yield from walk(top, [top.attribute])


def _client(package: ModuleType, handler: Any) -> tuple[Any, str, str]:
    """The sync client on a recording transport, at the spec's first server; and (URL the client uses,
    URL the spec says): credentials only go over https, so an http server is called as https and the
    recorded URL is put back (the scheme is not what is judged here)."""
    cls = next(getattr(package, n) for n in package.__all__ if n.endswith("Client") and not n.startswith("Async"))
    credentials = {}
    for parameter in inspect.signature(cls).parameters.values():
        if parameter.kind is parameter.POSITIONAL_OR_KEYWORD:
            credentials[parameter.name] = ("user", "password") if "tuple" in str(parameter.annotation) else "secret"
    servers = dict(package._client.CONFIG.servers)
    first = next(iter(servers.values()), "")
    spec_url = (first if first.startswith(("http://", "https://")) else "http://localhost" + first).rstrip("/")
    used = spec_url if spec_url.startswith(("https://", "http://localhost")) else "https://" + spec_url[7:]
    client = cls(
        **credentials, base_url=used, http_client=httpx.Client(transport=httpx.MockTransport(handler)), max_retries=0
    )
    return client, used, spec_url


def sample(type_: ir.TypeNode, definitions: dict[str, ir.Definition], depth: int = 0) -> Any:
    """A small valid JSON value of `type_` (used where the spec has no usable example)."""
    if depth > 8:
        return None
    if isinstance(type_, ir.Primitive):
        return _PRIMITIVE_SAMPLES.get(type_.name, "x")
    if isinstance(type_, ir.LiteralOf):
        return type_.values[0]
    if isinstance(type_, ir.EnumMemberRef):
        return type_.value
    if isinstance(type_, (ir.Nullable,)):
        return sample(type_.inner, definitions, depth + 1)
    if isinstance(type_, ir.UnionOf):
        return sample(type_.options[0], definitions, depth + 1)
    if isinstance(type_, ir.ListOf):
        return [sample(type_.item, definitions, depth + 1)]
    if isinstance(type_, ir.TupleOf):
        return [sample(item, definitions, depth + 1) for item in type_.items]
    if isinstance(type_, ir.MapOf):
        return {"key": sample(type_.value, definitions, depth + 1)}
    definition = definitions.get(type_.name)
    if isinstance(definition, ir.EnumModel):
        return definition.members[0].value
    if isinstance(definition, ir.AliasModel):
        return sample(definition.type, definitions, depth + 1)
    if isinstance(definition, ir.ObjectModel):
        return {f.wire_name: sample(f.type, definitions, depth + 1) for f in definition.fields if f.required}
    return "x"


_PRIMITIVE_SAMPLES: dict[str, Any] = {
    "str": "text",
    "int": 1,
    "float": 1.5,
    "bool": True,
    "Decimal": "1.5",
    "datetime": "2024-01-01T00:00:00Z",
    "date": "2024-01-01",
    "time": "12:00:00Z",
    "timedelta": "PT1H",
    "UUID": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
    "bytes": "bytes",
    "FileInput": "bytes",
    "None": None,
}


def _argument(method: Any, name: str, value: Any, fallback: Any, hint: Any = None) -> tuple[Any, Any]:
    """(the Python value for the argument, the JSON value passed): the spec's example when the
    argument's annotation (or `hint`) takes it, else `fallback` (a sample of the type)."""
    hint = hint if hint is not None else typing.get_type_hints(method, include_extras=True)[name]
    for candidate in (value, fallback):
        try:
            return pydantic.TypeAdapter(hint).validate_python(candidate), candidate
        except (pydantic.ValidationError, TypeError):
            continue
    return fallback, fallback


def record_calls(spec: Path, api: ir.Api, package: ModuleType, skip: Container[tuple[str, str]] = ()) -> list[Recorded]:
    """Call every operation of `package` with the spec's example arguments; the requests sent, recorded."""
    sent: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        request.read()
        sent.append(request)
        return httpx.Response(200, json={})

    client, used_url, spec_url = _client(package, handle)
    definitions = {d.name: d for d in api.definitions}
    recorded: list[Recorded] = []
    for access, resource in _resources(api):
        owner = client
        for attribute in access:
            owner = getattr(owner, attribute)
        for op in resource.operations:
            if (spec.name, op.operation_id) in skip:
                continue
            method = getattr(owner.with_raw_response, op.python_name)
            examples = dict(op.example_arguments)
            if op.body is not None and op.body.required and "body" not in examples:
                examples["body"] = sample(op.body.type, definitions)
            by_python = {p.python_name: p for p in op.parameters}
            arguments: dict[str, Any] = {}
            passed: dict[str, dict[str, Any]] = {}
            body = None
            for name, value in examples.items():
                declared = by_python[name].type if name in by_python else op.body.type if op.body else None
                fallback = sample(declared, definitions) if declared is not None else value
                # A body annotation also takes any mapping: check the example against the model itself.
                model = getattr(package.models, declared.name, None) if isinstance(declared, ir.ModelRef) else None
                arguments[name], given = _argument(method, name, value, fallback, model if name == "body" else None)
                if name in by_python and given is not None:
                    passed.setdefault(by_python[name].location, {})[by_python[name].wire_name] = given
                elif name == "body":
                    body = given
            before = len(sent)
            method(**arguments)
            assert len(sent) == before + 1
            request = sent[-1]
            if used_url != spec_url:
                url = str(request.url).replace(used_url, spec_url, 1)
                request = httpx.Request(request.method, url, headers=request.headers, content=request.content)
            recorded.append(Recorded(f"{spec.name}::{op.operation_id}", request, passed, body))
    return recorded
