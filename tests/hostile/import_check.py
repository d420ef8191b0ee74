"""Imports generated packages and checks them, run as `python import_check.py BATCH.json` in a
fresh empty folder by test_injection.py (one process for many packages: imports are the slow part).

An audit hook, installed before anything is imported, records every side effect the generated code
could have: writing, renaming or deleting files, sockets (including DNS), new processes. Importing a
package must cause none; calling an operation through `httpx.MockTransport` must cause none either.
Prints one JSON object: {"failures": [...], "checked": N}.
"""

from __future__ import annotations

import sys

sys.dont_write_bytecode = True
EFFECTS: list[str] = []
_WATCHING = False
_WRITE_MODES = frozenset("wax+")
_EFFECT_PREFIXES = ("socket.", "subprocess.", "os.system", "os.exec", "os.spawn", "os.posix_spawn", "os.fork", "os.kill",
                    "os.remove", "os.unlink", "os.rename", "os.replace", "os.rmdir", "os.mkdir", "os.chmod", "os.truncate",
                    "os.symlink", "os.link", "shutil.", "ctypes.", "webbrowser.", "urllib.Request")  # fmt: skip


def _audit(event: str, args: tuple[object, ...]) -> None:
    if not _WATCHING:
        return
    if event == "open":
        mode = args[1] if len(args) > 1 else "r"
        flags = args[2] if len(args) > 2 else 0
        writes = isinstance(mode, str) and bool(_WRITE_MODES & set(mode))
        if writes or (isinstance(flags, int) and flags & 0o3):  # O_WRONLY / O_RDWR
            EFFECTS.append(f"open {args[0]!r} {mode!r}")
    elif event.startswith(_EFFECT_PREFIXES):
        EFFECTS.append(f"{event} {args!r}"[:300])


sys.addaudithook(_audit)

import importlib  # noqa: E402 - after the hook, on purpose
import inspect  # noqa: E402
import json  # noqa: E402
import re  # noqa: E402
import tomllib  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402
from urllib.parse import parse_qsl, quote, urlsplit  # noqa: E402

import httpx  # noqa: E402
import pydantic  # noqa: E402

HTTP_TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")  # RFC 9110 header field name
PATH_VALUE = "a/../b?c=d#e %"


def words(text: str) -> str:
    """Whitespace-collapsed text: docstrings keep words, not layout (tabs, trailing spaces, black)."""
    return " ".join(text.split())


def check_package(folder: Path, name: str, slots: dict[str, str]) -> list[str]:
    failures: list[str] = []

    def expect(condition: bool, what: str) -> None:
        if not condition:
            failures.append(f"{name}: {what}")

    global _WATCHING
    sys.path.insert(0, str(folder))
    _WATCHING = True
    try:
        package = importlib.import_module(name)
    finally:
        sys.path.remove(str(folder))
    expect(not EFFECTS, f"importing had side effects: {EFFECTS}")
    EFFECTS.clear()
    models, client_module, webhooks = package.models, package._client, package.webhooks

    # Docstrings: the spec's words, whatever characters they hold.
    expect(words(slots["title"]) in words(package.__doc__ or ""), "title not in the package docstring")
    expect(words(slots["description"]) in words(package.__doc__ or ""), "description not in the package docstring")
    project = tomllib.loads((folder / name / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    shown_title = " ".join("".join(c if c.isprintable() else " " for c in slots["title"]).split())
    expect(shown_title in project["description"], f"pyproject description {project['description']!r} lacks the title")

    # Literals: exactly the spec's strings.
    config = client_module.CONFIG
    expect(
        config.servers[0][1] == slots["server_url"], f"server URL {config.servers[0][1]!r} != {slots['server_url']!r}"
    )
    expect(re.fullmatch(r"[a-z0-9_]+", config.servers[0][0]) is not None, f"environment name {config.servers[0][0]!r}")
    expect(config.security_schemes[0].param_name == slots["security_header"], "security header name")
    endpoints = [value for value in vars(client_module).values() if type(value).__name__ == "Endpoint"]
    expect(len(endpoints) == 1, f"{len(endpoints)} endpoints")
    endpoint = endpoints[0]
    expect(endpoint.operation_id == slots["expected_operation_id"], f"operation id {endpoint.operation_id!r}")
    expect(endpoint.path == "/things/{id}/" + slots["path_suffix"], f"path {endpoint.path!r}")

    enum_class = models.Color
    expect(
        [member.value for member in enum_class] == slots["enum_values"],
        f"enum values {[m.value for m in enum_class]!r}",
    )
    thing = models.Thing
    by_alias = {field.validation_alias or field_name: field_name for field_name, field in thing.model_fields.items()}
    expect(slots["property_name"] in by_alias, f"no field with alias {slots['property_name']!r}: {sorted(by_alias)!r}")
    label = thing.model_fields.get("label")
    expect(label is not None and label.default == slots["default"], f"default {getattr(label, 'default', None)!r}")
    instance = thing.model_validate({slots["property_name"]: "v"})
    expect(
        instance.model_dump(by_alias=True, exclude_unset=True) == {slots["property_name"]: "v"},
        "property name round trip",
    )
    expect(
        words(slots["schema_description"]) in words(thing.__doc__ or ""),
        "schema description not in the model docstring",
    )
    expect(
        len(models.__all__) == len(set(models.__all__)) and all(n.isidentifier() for n in models.__all__), "model names"
    )
    expect(sum(1 for n in dir(webhooks) if n.startswith("parse_")) == 1, "one webhook parser")

    # A call, through a mock transport: path values are encoded, names and values sent as written.
    sent: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json={"name": "x"})

    client_class = getattr(package, client_module.__all__[1])
    client = client_class(
        api_key="secret-key-value",
        base_url="https://api.example.test/v1",
        http_client=httpx.Client(transport=httpx.MockTransport(answer)),
    )
    expect("secret-key-value" not in repr(client) and "secret-key-value" not in str(vars(client)), "API key in repr")
    resources = [
        value
        for value in vars(client).values()
        if hasattr(value, "with_raw_response") and type(value).__module__.endswith("._client")
    ]
    operations = [
        getattr(r, n)
        for r in resources
        for n in dir(r)
        if not n.startswith("_") and n != "with_raw_response" and callable(getattr(r, n))
    ]
    expect(len(operations) == 1, f"{len(operations)} operations")
    operation = operations[0]
    expect(words(slots["summary"]) in words(operation.__doc__ or ""), "summary not in the method docstring")
    arguments: dict[str, Any] = {}
    for parameter in inspect.signature(operation).parameters.values():
        if parameter.name == "id":
            arguments["id"] = PATH_VALUE
        elif parameter.name in ("body", "extra_headers") or type(parameter.default).__name__ == "NotGiven":
            continue  # not the spec's: the call's own options (timeout, max_retries, ...) default to NOT_GIVEN
        else:
            arguments[parameter.name] = "value-" + parameter.name
    # CR, LF or NUL in a header name must stop the call (header injection). Other characters HTTP
    # forbids in names pass the mock (h11 refuses them when really sending). A path the spec spells
    # with control characters, or with a template variable it does not declare, cannot be called.
    header = slots["header_name"]
    must_fail = any(c in header for c in "\r\n\0")
    may_fail = (
        must_fail or not HTTP_TOKEN.fullmatch(header) or bool(re.search(r"[\x00-\x1f\x7f{}]", slots["path_suffix"]))
    )
    try:
        operation(**arguments)
    except (ValueError, TypeError, httpx.HTTPError, httpx.InvalidURL, pydantic.ValidationError, UnicodeError) as error:
        expect(may_fail, f"call failed: {type(error).__name__}: {error}")
        expect(not sent, "a request was sent although the call failed")
    else:
        expect(not must_fail, f"a request with header name {header!r} was sent")
        request = sent[0]
        url = urlsplit(str(request.url))
        expect(url.netloc == "api.example.test", f"host changed: {url.netloc!r}")
        expected_path = "/v1/things/" + quote(PATH_VALUE, safe="") + "/"
        expect(url.path.startswith(expected_path), f"path {url.path!r} does not start with {expected_path!r}")
        names = [key for key, _ in parse_qsl(url.query, keep_blank_values=True)]
        expect(slots["query_name"] in names, f"query name {slots['query_name']!r} not in {names!r}")
        expect(request.headers.get(slots["header_name"]) is not None, "header not sent")
    client.close()
    expect(not EFFECTS, f"calling had side effects: {EFFECTS}")
    EFFECTS.clear()
    _WATCHING = False
    return failures


def main() -> None:
    batch = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    failures: list[str] = []
    for entry in batch:
        try:
            failures += check_package(Path(entry["folder"]), entry["name"], entry["slots"])
        except Exception as error:  # noqa: BLE001 - report which package, and go on with the others
            failures.append(f"{entry['name']}: {type(error).__name__}: {error}")
    leftovers = sorted(str(p) for p in Path.cwd().iterdir())
    if leftovers:
        failures.append(f"files appeared in the working folder: {leftovers}")
    print(json.dumps({"failures": failures, "checked": len(batch)}))


if __name__ == "__main__":
    main()
