"""The independent judge of requests on the wire: openapi-core, in its own virtualenv.

Run by tests/wire/judge.py with `tests/judge/.venv/bin/python` (openapi-core pins
openapi-spec-validator < 0.9, which the generator itself has outgrown, so it cannot share the
project's environment). Reads JSON on stdin:

    {"specs": [{"spec": "<path>", "openapi": "<version to read it as, or null>",
                "requests": [{"id": "...", "method": "GET", "url": "http://...", "headers": [[k, v]...],
                              "body": "<base64>"}]}]}

and writes one JSON object on stdout: request id -> {"errors": [...], "parameters": {"path": {...},
"query": {...}, "header": {...}, "cookie": {...}}, "body": ...}, every value as openapi-core
unmarshalled it (dates and other formats written back in ISO text). It decides nothing itself:
the test compares what it unmarshalled with what the caller passed.
"""

from __future__ import annotations

import base64
import json
import sys
import traceback
from datetime import date, datetime, time
from typing import Any
from urllib.parse import urlsplit

import yaml
from openapi_core import Config, OpenAPI
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest
from openapi_schema_validator import oas30_format_checker, oas31_format_checker
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request


def plain(value: Any) -> Any:
    """openapi-core's unmarshalled value as JSON data."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, bytes):
        return {"$bytes": base64.b64encode(value).decode()}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if hasattr(value, "__dict__") and not isinstance(value, type):  # a model object openapi-core built
        return plain(vars(value))
    return str(value)


def judge(openapi: OpenAPI, request: dict[str, Any]) -> dict[str, Any]:
    url = urlsplit(request["url"])
    builder = EnvironBuilder(
        method=request["method"],
        base_url=f"{url.scheme}://{url.netloc}",
        path=url.path,
        query_string=url.query,
        headers=request["headers"],
        data=base64.b64decode(request["body"]),
    )
    wsgi = Request(builder.get_environ())
    result = openapi.unmarshal_request(WerkzeugOpenAPIRequest(wsgi))
    errors = [f"{type(e).__name__}: {e}" + "".join(f" / {c}" for c in _causes(e)) for e in result.errors]
    parameters = result.parameters
    return {
        "errors": errors,
        "parameters": {
            "path": plain(dict(parameters.path)),
            "query": plain(dict(parameters.query)),
            "header": plain(dict(parameters.header)),
            "cookie": plain(dict(parameters.cookie)),
        },
        "body": plain(result.body),
    }


def _causes(error: BaseException) -> list[str]:
    found = []
    for inner in getattr(error, "schema_errors", None) or ():
        found.append(str(getattr(inner, "message", inner))[:300])
    cause = error.__cause__
    while cause is not None and len(found) < 5:
        found.append(f"{type(cause).__name__}: {str(cause)[:300]}")
        for inner in getattr(cause, "schema_errors", None) or ():
            found.append(str(getattr(inner, "message", inner))[:300])
        cause = cause.__cause__
    return found


KNOWN_FORMATS = set(oas30_format_checker.checkers) | set(oas31_format_checker.checkers)


def _any_value(value: Any) -> bool:
    return True


def _formats(document: Any) -> set[str]:
    found: set[str] = set()
    stack = [document]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if isinstance(item.get("format"), str):
                found.add(item["format"])
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


def main() -> None:
    job = json.load(sys.stdin)
    verdicts: dict[str, Any] = {}
    for entry in job["specs"]:
        try:
            with open(entry["spec"], encoding="utf-8") as file:
                document = yaml.safe_load(file)
            if entry.get("openapi"):
                document["openapi"] = entry["openapi"]
            # Formats openapi-core does not know are annotations (JSON Schema), not errors (its issue #515).
            unknown = _formats(document) - KNOWN_FORMATS
            config = Config(spec_validator_cls=None, extra_format_validators={f: _any_value for f in unknown})
            openapi = OpenAPI.from_dict(document, config=config)
        except Exception:  # noqa: BLE001 - reported per request
            failure = traceback.format_exc(limit=3)
            for request in entry["requests"]:
                verdicts[request["id"]] = {"errors": [f"spec not read: {failure}"], "parameters": {}, "body": None}
            continue
        for request in entry["requests"]:
            try:
                verdicts[request["id"]] = judge(openapi, request)
            except Exception:  # noqa: BLE001 - a crash of the judge is a finding too
                verdicts[request["id"]] = {
                    "errors": [f"judge crashed: {traceback.format_exc(limit=4)}"],
                    "parameters": {},
                    "body": None,
                }
    json.dump(verdicts, sys.stdout)


if __name__ == "__main__":
    main()
