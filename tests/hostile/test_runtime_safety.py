"""Runtime safety of a generated client, checked through a package generated into a temp folder:
no header injection, path parameters that cannot change the path, TLS verified by default,
credentials out of repr, logs and errors, the base URL from the environment only when set."""

from __future__ import annotations

import http.server
import json
import logging
import shutil
import ssl
import subprocess
import threading
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from ..packages import PackageFactory

SECRET = "sk-live-0123456789abcdef"
QUERY_SECRET = "qk-live-fedcba9876543210"
SPEC = {
    "openapi": "3.1.0",
    "info": {"title": "Safety Check", "version": "1"},
    "servers": [{"url": "https://api.example.test/v1", "description": "production"}],
    "security": [{"key": []}],
    "paths": {
        "/things/{id}": {
            "get": {
                "operationId": "getThing",
                "tags": ["things"],
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}},
                    {"name": "X-Trace", "in": "header", "schema": {"type": "string"}},
                    {"name": "q", "in": "query", "schema": {"type": "string"}},
                ],
                "responses": {
                    "200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object"}}}}
                },
            }
        },
        "/search": {
            "get": {
                "operationId": "search",
                "tags": ["things"],
                "security": [{"queryKey": []}],
                "responses": {
                    "200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object"}}}}
                },
            }
        },
    },
    "components": {
        "securitySchemes": {
            "key": {"type": "apiKey", "in": "header", "name": "X-Api-Key"},
            "queryKey": {"type": "apiKey", "in": "query", "name": "api_key"},
        }
    },
}


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory, generated_packages: PackageFactory) -> ModuleType:
    spec = tmp_path_factory.mktemp("runtime_safety") / "safety-2024-01-01.json"
    spec.write_text(json.dumps(SPEC), encoding="utf-8")
    return generated_packages.get(spec, name="safety_pkg").module


class Recorder:
    """An httpx mock transport that records requests and answers with a fixed response."""

    def __init__(self, status: int = 200, body: Any = None, headers: dict[str, str] | None = None) -> None:
        self.requests: list[httpx.Request] = []
        self.status, self.body, self.headers = status, body if body is not None else {}, headers or {}

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return httpx.Response(self.status, json=self.body, headers=self.headers)


def make_client(package: ModuleType, recorder: Recorder, **options: Any) -> Any:
    options.setdefault("key", SECRET)
    return package.SafetyCheckClient(
        http_client=httpx.Client(transport=httpx.MockTransport(recorder)), max_retries=0, **options
    )


@pytest.mark.parametrize("value", ["a\r\nX-Injected: 1", "a\nb", "a\rb", "a\x00b"])
def test_header_values_with_cr_lf_or_nul_are_refused_before_sending(package: ModuleType, value: str) -> None:
    recorder = Recorder()
    client = make_client(package, recorder)
    with pytest.raises(ValueError, match="CR, LF or NUL"):
        client.things.get_thing(id="1", trace=value)
    with pytest.raises(ValueError, match="CR, LF or NUL"):
        client.things.get_thing(id="1", extra_headers={"X-Other": value})
    with pytest.raises(ValueError, match="CR, LF or NUL"):
        client.things.get_thing(id="1", extra_headers={value: "x"})
    with pytest.raises(ValueError, match="CR, LF or NUL"):
        make_client(package, recorder, default_headers={"X-Default": value})
    with pytest.raises((ValueError, package.errors.ClientConfigurationError)):
        make_client(package, recorder, key=value).things.get_thing(id="1")
    assert recorder.requests == []


@pytest.mark.parametrize(
    "value", ["a/b", "../admin", "..", ".", "?admin=1", "#top", "%2e%2e", "a b", "x/../../y", "é/ü", "{id}"]
)
def test_path_parameters_are_percent_encoded_and_cannot_change_the_path(package: ModuleType, value: str) -> None:
    recorder = Recorder()
    make_client(package, recorder).things.get_thing(id=value, q="1")
    (request,) = recorder.requests
    assert request.url.host == "api.example.test"
    expected = "%2E" * len(value) if value in (".", "..") else quote(value, safe="")
    assert request.url.raw_path == f"/v1/things/{expected}?q=1".encode()
    assert dict(request.url.params) == {"q": "1"}
    assert request.url.fragment == ""


def test_tls_certificates_are_verified_by_default(package: ModuleType, tmp_path: Path) -> None:
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a self-signed certificate")
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )
    served: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's spelling
            served.append(self.headers.get("X-Api-Key", ""))
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    client = package.SafetyCheckClient(
        key=SECRET, base_url=f"https://127.0.0.1:{server.server_address[1]}", max_retries=0
    )
    try:
        with pytest.raises(package.errors.APIConnectionError) as caught:
            client.things.get_thing(id="1")
        assert "CERTIFICATE_VERIFY_FAILED" in str(caught.value) or "certificate verify failed" in str(caught.value)
        assert served == []  # the credential never reached the impostor
    finally:
        client.close()
        server.shutdown()
        server.server_close()


def test_credentials_stay_out_of_repr_logs_and_errors(package: ModuleType, caplog: pytest.LogCaptureFixture) -> None:
    echo = {"message": f"invalid key {SECRET} / {QUERY_SECRET}", "type": "unauthorized"}
    recorder = Recorder(status=401, body=echo, headers={"WWW-Authenticate": f"key={SECRET}"})
    client = make_client(package, recorder)
    assert SECRET not in repr(client) and SECRET not in str(vars(client)) and SECRET not in repr(vars(client))
    caplog.set_level(logging.DEBUG)
    with pytest.raises(package.errors.APIStatusError) as caught:
        client.things.get_thing(id="1")
    error = caught.value
    for text in (str(error), repr(error), error.message, repr(error.args)):
        assert SECRET not in text
    assert recorder.requests[0].headers["X-Api-Key"] == SECRET  # it was sent, where it belongs
    assert all(SECRET not in record.getMessage() for record in caplog.records)
    # A query-string credential is kept out of the client's own messages (httpx itself logs
    # request URLs at INFO, query included: see the issue note).
    query_client = make_client(
        package, Recorder(status=500, body={"message": QUERY_SECRET}), key=None, query_key=QUERY_SECRET
    )
    with pytest.raises(package.errors.APIStatusError) as caught:
        query_client.things.search()
    assert QUERY_SECRET not in str(caught.value) and QUERY_SECRET not in repr(caught.value)


def test_redirects_are_not_followed(package: ModuleType) -> None:
    recorder = Recorder(status=302, headers={"Location": "https://evil.example/steal"})
    with pytest.raises(package.errors.APIStatusError):
        make_client(package, recorder).things.get_thing(id="1")
    assert [r.url.host for r in recorder.requests] == ["api.example.test"]


def test_credentials_never_travel_over_plain_http(package: ModuleType) -> None:
    with pytest.raises(package.errors.ClientConfigurationError, match="plain http"):
        make_client(package, Recorder(), base_url="http://api.example.test/v1")
    make_client(package, Recorder(), base_url="http://127.0.0.1:8000")  # this machine: fine


def test_base_url_comes_from_the_environment_only_when_set(
    package: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    variable = "SAFETY_CHECK_BASE_URL"
    monkeypatch.delenv(variable, raising=False)
    assert make_client(package, Recorder()).base_url == "https://api.example.test/v1"
    monkeypatch.setenv(variable, "")
    assert make_client(package, Recorder()).base_url == "https://api.example.test/v1"
    monkeypatch.setenv(variable, "https://staging.example.test/v2/")
    assert make_client(package, Recorder()).base_url == "https://staging.example.test/v2"
    assert (
        make_client(package, Recorder(), base_url="https://explicit.example.test").base_url
        == "https://explicit.example.test"
    )
    monkeypatch.setenv(variable, "file:///etc/passwd")
    with pytest.raises(package.errors.ClientConfigurationError, match="absolute http"):
        make_client(package, Recorder())


def test_the_api_key_comes_from_the_environment_only_when_not_given(
    package: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SAFETY_CHECK_KEY", "from-env")
    recorder = Recorder()
    package.SafetyCheckClient(
        http_client=httpx.Client(transport=httpx.MockTransport(recorder)), key="given"
    ).things.get_thing(id="1")
    assert recorder.requests[-1].headers["X-Api-Key"] == "given"
    package.SafetyCheckClient(http_client=httpx.Client(transport=httpx.MockTransport(recorder))).things.get_thing(
        id="1"
    )
    assert recorder.requests[-1].headers["X-Api-Key"] == "from-env"
