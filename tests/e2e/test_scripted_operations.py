"""Every operation of every spec in specs/ against the scripted server, sync and async.

Prism (test_prism.py) judges the requests; this server makes what Prism cannot: a dropped
connection and a 500 (each a package error, one attempt with retries off), then the documented
success answer with the spec's example body (examples.py, as Prism reads it), parsed into the
declared type. The arguments are the derived ones of calls.py, so a new version is covered with no edit.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

import pytest

from generator.examples import response_example

from ..packages import GeneratedPackage
from ..scripted_server import ScriptedServer, Step
from ..support import runa_specs, spec_version
from .calls import Call, calls_of, read_of
from .conftest import API_KEY
from .test_prism import conforms, endpoint

pytestmark = [pytest.mark.slow, pytest.mark.timeout(60)]

CASES = [
    pytest.param(spec, call, mode, id=f"{spec_version(spec)}-{call.id}-{mode}")
    for spec in runa_specs()
    for call in calls_of(spec)
    for mode in ("sync", "async")
]


def answer(package: GeneratedPackage, call: Call, mode: str, server: ScriptedServer) -> tuple[Any, Any]:
    """(raw response, None) or (None, the package error) of `call` sent to `server` without retries."""
    module = package.module
    options = {"api_key": API_KEY, "base_url": server.url, "max_retries": 0}
    headers = call.extra_headers or None
    if mode == "sync":
        with module.RunaClient(**options) as client:
            try:
                return (
                    getattr(call.resource_of(client).with_raw_response, call.operation)(
                        **call.kwargs, extra_headers=headers
                    ),
                    None,
                )
            except module.errors.APIError as error:
                return None, error

    async def main() -> Any:
        async with module.AsyncRunaClient(**options) as client:
            return await getattr(call.resource_of(client).with_raw_response, call.operation)(
                **call.kwargs, extra_headers=headers
            )

    try:
        return asyncio.run(main()), None
    except module.errors.APIError as error:
        return None, error


@pytest.mark.parametrize(("spec", "call", "mode"), CASES)
def test_operation_faults_then_documented_answer(
    spec: Any,
    call: Call,
    mode: str,
    packages: dict[str, GeneratedPackage],
    scripted_server: Callable[..., ScriptedServer],
) -> None:
    package = packages[spec_version(spec)]
    errors = package.module.errors
    operation = next(op for op in read_of(spec).api.operations if op.operation_id == call.operation_id)

    dropped = scripted_server(Step(drop=True))
    raw, error = answer(package, call, mode, dropped)
    assert raw is None and isinstance(error, errors.APIConnectionError) and error.attempts == 1
    assert [r.method for r in dropped.received] == [operation.method]

    failing = scripted_server(Step(500, {"type": "internal_server_error", "message": "Oops"}))
    raw, error = answer(package, call, mode, failing)
    assert raw is None and type(error) is errors.InternalServerError
    assert error.status_code == 500 and error.attempts == 1 and API_KEY not in str(error)

    status = call.status or "200"
    try:
        body = response_example(read_of(spec).spec, operation, status)
    except LookupError:
        body = None
    answering = scripted_server(Step(int(status), body))
    raw, error = answer(package, call, mode, answering)
    assert error is None, f"{call.id}: {error!r}"
    assert str(raw.status_code) == status
    declared = next(s for s in endpoint(package, call).responses if s.status == status)
    assert conforms(raw.parse(), declared.type), f"{call.id}: {type(raw.parse()).__name__} is not {declared.type}"
    sent = answering.received[0]
    assert sent.method == operation.method and sent.headers["x-api-key"] == API_KEY
    if "body" in call.kwargs and isinstance(call.kwargs["body"], dict):
        assert json.loads(sent.body) == call.kwargs["body"]  # the derived body, as the spec's example gives it
