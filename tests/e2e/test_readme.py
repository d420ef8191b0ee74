"""The generated README's examples run as written against Prism: one per operation, plus the raw
response / errors / async example and the webhook handlers (fed a delivery signed by the
`standardwebhooks` package)."""

from __future__ import annotations

import base64
import json
import re
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from ..packages import GeneratedPackage
from ..support import runa_specs, spec_version
from .conftest import API_KEY, request_violations

pytestmark = [pytest.mark.slow, pytest.mark.timeout(60)]

PYTHON_BLOCK = re.compile(r"^```python\n(.*?)^```$", re.MULTILINE | re.DOTALL)
SECRET = "whsec_" + base64.b64encode(b"readme-example-secret-0123456789").decode()


def readme_blocks(package: GeneratedPackage) -> list[str]:
    """The README's examples that call the API (Prism here); "Testing your integration" is run below."""
    return [block for block in all_blocks(package) if ".testing import" not in block]


def all_blocks(package: GeneratedPackage) -> list[str]:
    return PYTHON_BLOCK.findall((package.folder / package.name / "README.md").read_text(encoding="utf-8"))


@pytest.mark.parametrize("version", [spec.stem for spec in runa_specs()])
def test_readme_testing_example_runs_against_the_fake(
    version: str, packages: dict[str, GeneratedPackage], wire: list[httpx.Response], capsys: pytest.CaptureFixture[str]
) -> None:
    """The "Testing your integration" example is a test function: it runs as a user's test would,
    with no server and no environment, and sends nothing over the network."""
    package = packages[version]
    (block,) = [block for block in all_blocks(package) if ".testing import" in block]
    namespace: dict[str, Any] = {"__name__": "readme_testing_example"}
    exec(compile(block, f"{package.name}/README.md[testing]", "exec"), namespace)  # noqa: S102 - our own example
    tests = [value for name, value in namespace.items() if name.startswith("test_") and callable(value)]
    assert len(tests) == 1
    tests[0]()
    lines = capsys.readouterr().out.splitlines()
    assert wire == []  # nothing reached a real transport
    assert "status=<OrderStatusEnum.PROCESSING" in lines[-1]  # the accepted async order
    if "webhooks.verify_and_parse_" in block:  # and the webhook of its completion, verified and parsed
        assert len(lines) == 2 and "status='COMPLETED'" in lines[0]  # a pinned field holds its plain value
    else:
        assert len(lines) == 1  # a version that documents no order webhook


def answer_the_selected_status(monkeypatch: pytest.MonkeyPatch, endpoints: list[Any]) -> None:
    """Prism answers an operation's first documented status; where a request header selects the
    status (`status_by_header`: Runa's execution mode), it is told the selected one (`Prefer:
    code=N`), as the API documents it answers: the client refuses any other (`UnexpectedStatusError`)."""
    selecting = [
        (e.method.upper(), re.compile(re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(e.path)) + "$"), e.status_by_header)
        for e in endpoints
        if e.status_by_header is not None
    ]

    def told(request: httpx.Request) -> None:
        for method, path, selector in selecting:
            status = selector.selected(request)
            if request.method == method and path.search(request.url.path) and status is not None:
                request.headers["Prefer"] = f"code={status}"

    sync_send, async_send = httpx.HTTPTransport.handle_request, httpx.AsyncHTTPTransport.handle_async_request

    def send(self: httpx.HTTPTransport, request: httpx.Request) -> httpx.Response:
        told(request)
        return sync_send(self, request)

    async def send_async(self: httpx.AsyncHTTPTransport, request: httpx.Request) -> httpx.Response:
        told(request)
        return await async_send(self, request)

    monkeypatch.setattr(httpx.HTTPTransport, "handle_request", send)
    monkeypatch.setattr(httpx.AsyncHTTPTransport, "handle_async_request", send_async)


@pytest.fixture
def wire(monkeypatch: pytest.MonkeyPatch) -> list[httpx.Response]:
    """Every response received by any httpx client (the examples build their own)."""
    responses: list[httpx.Response] = []
    sync_send, async_send = httpx.HTTPTransport.handle_request, httpx.AsyncHTTPTransport.handle_async_request

    def record(self: httpx.HTTPTransport, request: httpx.Request) -> httpx.Response:
        responses.append(sync_send(self, request))
        return responses[-1]

    async def record_async(self: httpx.AsyncHTTPTransport, request: httpx.Request) -> httpx.Response:
        responses.append(await async_send(self, request))
        return responses[-1]

    monkeypatch.setattr(httpx.HTTPTransport, "handle_request", record)
    monkeypatch.setattr(httpx.AsyncHTTPTransport, "handle_async_request", record_async)
    return responses


@pytest.mark.parametrize("version", [spec_version(spec) for spec in runa_specs()])
def test_readme_examples_run_against_prism(
    version: str,
    packages: dict[str, GeneratedPackage],
    prism: Callable[[str], str],
    wire: list[httpx.Response],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    package = packages[version]
    monkeypatch.setenv("RUNA_API_KEY", API_KEY)
    monkeypatch.setenv("RUNA_BASE_URL", prism(version))
    blocks = readme_blocks(package)
    endpoints = [
        v for v in vars(package.module._client).values() if isinstance(v, package.module._base_client.Endpoint)
    ]
    shown = {e.operation_id for e in endpoints if any(f".{_python_name(package, e)}(" in block for block in blocks)}
    assert shown == {e.operation_id for e in endpoints}
    answer_the_selected_status(monkeypatch, endpoints)
    namespaces = []
    for index, block in enumerate(blocks):
        before = len(wire)
        namespace: dict[str, Any] = {"__name__": f"readme_example_{index}"}
        try:
            exec(
                compile(block, f"{package.name}/README.md[{index}]", "exec"), namespace
            )  # noqa: S102 - our own generated example
        except package.module.errors.PaginationError as error:
            # Prism answers every page with the same example, whose cursor then comes back: a cycle,
            # which `iter_...` reports (issue 23) once the items of both pages are given.
            assert ".iter_" in block and error.cursor, block
        namespaces.append(namespace)
        calls = wire[before:]
        if re.search(r"\bclient\.\w+\.", block):
            assert calls, f"example {index} made no request:\n{block}"
        for response in calls:
            assert 200 <= response.status_code < 300, (block, response.status_code, response.read())
            assert request_violations(response) == [], (block, request_violations(response))
            assert response.request.headers["x-api-key"] == API_KEY
    printed = capsys.readouterr().out
    assert printed and not [
        line for line in printed.splitlines() if line.startswith(("{", "[{"))
    ]  # models, not raw JSON
    if any("on_order_completion" in namespace for namespace in namespaces):  # the README shows a webhook handler
        _run_webhook_handler(package, namespaces, capsys)


def _python_name(package: GeneratedPackage, endpoint: Any) -> str:
    return next(name[1:].lower() for name, value in vars(package.module._client).items() if value is endpoint)


def _run_webhook_handler(
    package: GeneratedPackage, namespaces: list[dict[str, Any]], capsys: pytest.CaptureFixture[str]
) -> None:
    from standardwebhooks.webhooks import Webhook

    handler = next(ns["on_order_completion"] for ns in namespaces if "on_order_completion" in ns)

    def signed(body: bytes) -> dict[str, str]:
        message_id, timestamp = "msg_readme", str(int(time.time()))
        signature = Webhook(SECRET).sign(message_id, datetime.fromtimestamp(int(timestamp), UTC), body.decode())
        return {"svix-id": message_id, "svix-timestamp": timestamp, "svix-signature": signature}

    body = json.dumps({"id": "O-01H5WQGHKCBB85MQFM68S9KJ5Q", "status": "FAILED"}).encode()
    headers = signed(body)
    handler(body, headers, SECRET)
    assert capsys.readouterr().out == "id='O-01H5WQGHKCBB85MQFM68S9KJ5Q' status='FAILED'\n"  # a FailedOrderWebhook
    handler(body + b" ", headers, SECRET)  # tampered: the handler returns without printing
    assert capsys.readouterr().out == ""
    handler(b"[]", signed(b"[]"), SECRET)  # authentic, but no event: handled (logged), never raised to a 500
    assert capsys.readouterr().out == ""
    handler(b"not json", signed(b"not json"), SECRET)  # lenient: the union's Unknown... member, as a response's body
    assert "not json" in capsys.readouterr().out
