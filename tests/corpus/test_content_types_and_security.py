"""Content types beyond JSON and every credential kind, through a generated client
(tests/fixtures/breadth/kitchen-sink-3.0.yaml): multipart and form bodies, binary request bodies,
binary and image responses as bytes, text/plain as str; apiKey in a header, the query and a
cookie, HTTP bearer and basic. Requests are checked on the wire with `httpx.MockTransport`, and
once through a real HTTP server on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import base64
import json
import threading
from collections.abc import Callable
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import parse_qs

import httpx
import pytest

from ..packages import PackageFactory
from ..support import UNDATED_VERSION
from .harness import WRITTEN

SPEC = WRITTEN / "kitchen-sink-3.0.yaml"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
CREDENTIALS = {
    "header_key": "hk-1",
    "query_key": "qk-2",
    "cookie_key": "ck-3",
    "bearer_token": "bt-4",
    "basic_auth": ("ada", "pw-5"),
}


@pytest.fixture(scope="module")
def sink(generated_packages: PackageFactory) -> ModuleType:
    package = generated_packages.get(SPEC, name="kitchen_sink_client", api_version=UNDATED_VERSION)
    assert package.result.warnings == []
    return package.module


Handler = Callable[[httpx.Request], httpx.Response]


def client(sink: ModuleType, handler: Handler, **credentials: Any) -> Any:
    transport = httpx.MockTransport(handler)
    return sink.KitchenSinkClient(
        **(credentials or CREDENTIALS),
        base_url="https://sink.example.com/api",
        http_client=httpx.Client(transport=transport),
        max_retries=0,
    )


def recorder(response: httpx.Response) -> tuple[list[httpx.Request], Handler]:
    seen: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        request.read()
        seen.append(request)
        return response

    return seen, handle


def multipart_parts(request: httpx.Request) -> dict[str, tuple[str | None, str | None, bytes]]:
    """name -> (filename, content type, payload) of each part of a multipart request."""
    head = f"Content-Type: {request.headers['content-type']}\r\n\r\n".encode()
    message = BytesParser(policy=HTTP).parsebytes(head + request.content)
    parts: dict[str, tuple[str | None, str | None, bytes]] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        key = str(name) if name not in parts else f"{name}#2"
        parts[key] = (part.get_filename(), part.get("content-type"), part.get_payload(decode=True))
    return parts


def test_client_takes_one_argument_per_credential_kind(sink: ModuleType) -> None:
    import inspect

    parameters = inspect.signature(sink.KitchenSinkClient).parameters
    assert [p for p in parameters if p in CREDENTIALS] == list(CREDENTIALS)
    assert "tuple[str, str]" in str(parameters["basic_auth"].annotation)


def test_multipart_upload_with_a_file_fields_a_list_and_a_json_part(sink: ModuleType) -> None:
    seen, handle = recorder(httpx.Response(201, json={"id": "f-1", "size": 3}))
    stored = client(sink, handle).files.upload_file(
        body={
            "file": ("notes.txt", b"abc", "text/plain"),
            "label": "mine",
            "tags": ["a", "b"],
            "meta": {"owner": "ada"},
        }
    )
    assert stored == sink.models.StoredFile(id="f-1", size=3)
    request = seen[0]
    assert request.method == "POST" and request.url.path == "/api/files"
    assert request.headers["content-type"].startswith("multipart/form-data; boundary=")
    assert request.headers["x-api-key"] == "hk-1"
    assert "authorization" not in request.headers and "api_key" not in request.url.params
    parts = multipart_parts(request)
    assert parts["file"] == ("notes.txt", "text/plain", b"abc")
    assert parts["label"][2] == b"mine" and parts["tags"][2] == b"a" and parts["tags#2"][2] == b"b"
    assert parts["meta"][1] == "application/json" and json.loads(parts["meta"][2]) == {"owner": "ada"}


def test_multipart_upload_from_the_model(sink: ModuleType) -> None:
    seen, handle = recorder(httpx.Response(201, json={"id": "f-2", "size": 2}))
    body = sink.models.UploadFileBody(file=b"hi", label="x")
    client(sink, handle).files.upload_file(body=body)
    parts = multipart_parts(seen[0])
    assert parts["file"][2] == b"hi" and parts["label"][2] == b"x"


def test_binary_response_is_bytes_and_api_key_goes_in_the_query(sink: ModuleType) -> None:
    seen, handle = recorder(
        httpx.Response(200, content=b"\x00\x01raw", headers={"content-type": "application/octet-stream"})
    )
    content = client(sink, handle).files.download_file(file_id="f/1")
    assert content == b"\x00\x01raw"
    assert seen[0].url.raw_path == b"/api/files/f%2F1/content?api_key=qk-2"
    assert "x-api-key" not in seen[0].headers


def test_binary_request_body_and_api_key_in_a_cookie(sink: ModuleType) -> None:
    seen, handle = recorder(httpx.Response(204))
    assert client(sink, handle).files.replace_file_content(file_id="f-1", body=b"\xffdata") is None
    request = seen[0]
    assert request.method == "PUT" and request.content == b"\xffdata"
    assert request.headers["content-type"] == "application/octet-stream"
    assert request.headers["cookie"] == "session=ck-3"


def test_image_response_is_bytes_with_bearer_auth_and_a_typed_error(sink: ModuleType) -> None:
    seen, handle = recorder(httpx.Response(200, content=PNG, headers={"content-type": "image/png"}))
    assert client(sink, handle).files.get_thumbnail(file_id="f-1", size=128) == PNG
    assert seen[0].headers["authorization"] == "Bearer bt-4"
    assert seen[0].url.params["size"] == "128"
    _, missing = recorder(httpx.Response(404, json={"code": "not_found", "message": "no such file"}))
    with pytest.raises(sink.errors.NotFoundError) as raised:
        client(sink, missing).files.get_thumbnail(file_id="nope")
    assert raised.value.body == sink.models.Error(code="not_found", message="no such file")


def test_text_plain_request_and_response_with_basic_auth(sink: ModuleType) -> None:
    seen, handle = recorder(httpx.Response(200, text="1: buy milk", headers={"content-type": "text/plain"}))
    assert client(sink, handle).notes.create_note(body="buy milk") == "1: buy milk"
    request = seen[0]
    assert request.content == b"buy milk" and request.headers["content-type"].startswith("text/plain")
    assert request.headers["authorization"] == "Basic " + base64.b64encode(b"ada:pw-5").decode()


def test_form_body_without_credentials_on_a_public_operation(sink: ModuleType) -> None:
    seen, handle = recorder(httpx.Response(200, json={"token": "t"}))
    result = client(sink, handle).notes.login(body={"username": "ada", "password": "p w&x", "remember": True})
    assert result.token == "t"
    request = seen[0]
    assert request.headers["content-type"] == "application/x-www-form-urlencoded"
    assert parse_qs(request.content.decode()) == {"username": ["ada"], "password": ["p w&x"], "remember": ["true"]}
    assert (
        "authorization" not in request.headers
        and "x-api-key" not in request.headers
        and "cookie" not in request.headers
    )


def test_form_body_is_validated_before_sending(sink: ModuleType) -> None:
    seen, handle = recorder(httpx.Response(200, json={}))
    with pytest.raises(ValueError):
        client(sink, handle).notes.login(body={"username": "ada"})  # password is required
    assert seen == []


def test_only_the_credentials_an_operation_names_are_sent(sink: ModuleType) -> None:
    seen, handle = recorder(httpx.Response(200, content=PNG, headers={"content-type": "image/png"}))
    c = client(sink, handle, header_key="hk-only")
    with pytest.raises(sink.errors.ClientConfigurationError):
        c.files.get_thumbnail(file_id="f-1")  # needs the bearer token, which was not given
    assert seen == []


def test_async_client_uploads_and_downloads(sink: ModuleType) -> None:
    def handle(request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            assert multipart_parts(request)["file"][2] == b"abc"
            return httpx.Response(201, json={"id": "f-9", "size": 3})
        return httpx.Response(200, content=PNG, headers={"content-type": "image/png"})

    async def main() -> tuple[Any, bytes]:
        http = httpx.AsyncClient(transport=httpx.MockTransport(handle))
        async with sink.AsyncKitchenSinkClient(
            **CREDENTIALS, base_url="https://sink.example.com/api", http_client=http
        ) as c:
            stored = await c.files.upload_file(body={"file": ("a.bin", b"abc")})
            return stored, await c.files.get_thumbnail(file_id="f-9")

    stored, image = asyncio.run(main())
    assert stored.id == "f-9" and image == PNG


class _FileServer(BaseHTTPRequestHandler):
    """A tiny file store: POST /api/files (multipart) keeps the file, GET .../content returns it."""

    files: dict[str, bytes] = {}

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["content-length"]))
        message = BytesParser(policy=HTTP).parsebytes(
            f"Content-Type: {self.headers['content-type']}\r\n\r\n".encode() + body
        )
        payload = next(
            p.get_payload(decode=True)
            for p in message.iter_parts()
            if p.get_param("name", header="content-disposition") == "file"
        )
        assert self.headers["x-api-key"] == "hk-1"
        self.files["f-1"] = payload
        self._send(201, "application/json", json.dumps({"id": "f-1", "size": len(payload)}).encode())

    def do_GET(self) -> None:
        assert self.path == "/api/files/f-1/content?api_key=qk-2"
        self._send(200, "application/octet-stream", self.files["f-1"])

    def _send(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def test_round_trip_through_a_real_local_server(sink: ModuleType) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FileServer)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with sink.KitchenSinkClient(
            **CREDENTIALS, base_url=f"http://127.0.0.1:{server.server_address[1]}/api", timeout=10
        ) as c:
            payload = bytes(range(256)) * 40
            assert c.files.upload_file(body={"file": ("blob.bin", payload, "application/octet-stream")}).size == len(
                payload
            )
            assert c.files.download_file(file_id="f-1") == payload
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def test_fixture_is_valid_openapi() -> None:
    from generator.load import load_document
    from generator.validation.validate import validate_document

    assert validate_document(load_document(Path(SPEC)), strict=True) == []
