"""Issue 29, items 3, 8 (charset) and 9: a `*/*` response with a binary schema is bytes (and the
client accepts any type); a text body travels in its media type's charset; text or a model where
bytes belong, and bytes JSON cannot carry, are clear errors naming the operation and the place."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from .conftest import Recorder

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe"


@pytest.fixture(scope="module")
def content(probe: Any) -> Any:
    return probe("content").module


def client(content: Any, recorder: Recorder) -> Any:
    return recorder.client(content, "ContentProbeClient").default


def test_a_wildcard_response_with_a_binary_schema_is_bytes(content: Any) -> None:
    recorder = Recorder(httpx.Response(200, content=PNG, headers={"content-type": "image/png"}))
    assert client(content, recorder).get_image(id="a") == PNG
    assert "*/*" in recorder.requests[-1].headers["accept"]


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (httpx.Response(200, content=PNG, headers={"content-type": "image/png"}), PNG),
        (httpx.Response(200, json={"a": 1}), {"a": 1}),
    ],
)
def test_a_wildcard_response_without_a_schema_is_json_when_it_says_so_else_bytes(
    content: Any, answer: httpx.Response, expected: Any
) -> None:
    recorder = Recorder(answer)
    assert client(content, recorder).get_anything() == expected
    assert "*/*" in recorder.requests[-1].headers["accept"]


def test_a_text_body_is_encoded_in_its_declared_charset(content: Any) -> None:
    recorder = Recorder()
    client(content, recorder).post_latin(body="café")
    request = recorder.requests[-1]
    assert request.content == "café".encode("iso-8859-1")
    assert request.headers["content-type"].lower() == "text/plain; charset=iso-8859-1"


def test_text_the_charset_lacks_is_refused_before_sending(content: Any) -> None:
    recorder = Recorder()
    with pytest.raises(ValueError, match=r"postLatin.*'€'.*iso-8859-1"):
        client(content, recorder).post_latin(body="5 €")
    assert recorder.requests == []


@pytest.mark.parametrize("body", ["some text", {"a": 1}])
def test_text_or_a_mapping_for_a_binary_body_is_a_clear_type_error(content: Any, body: Any) -> None:
    recorder = Recorder()
    with pytest.raises(TypeError, match=r"putBlob: the request body is binary.*not (str|dict)"):
        client(content, recorder).put_blob(body=body)
    assert recorder.requests == []


def test_a_file_object_or_file_is_a_binary_body(content: Any) -> None:
    recorder = Recorder()
    client(content, recorder).put_blob(body=content.File(b"\x00\x01", content_type="application/x-thing"))
    request = recorder.requests[-1]
    assert request.content == b"\x00\x01" and request.headers["content-type"] == "application/x-thing"


def test_bytes_json_cannot_carry_are_refused_naming_the_member(content: Any) -> None:
    recorder = Recorder(httpx.Response(201, json={}))
    with pytest.raises(ValueError, match=r"postDocument: request body at /payload is bytes that are not UTF-8"):
        client(content, recorder).post_document(body={"name": "n", "payload": b"\xff\xfe"})
    assert recorder.requests == []
    client(content, recorder).post_document(body={"name": "n", "payload": b"plain"})
    assert recorder.requests[-1].content == b'{"name":"n","payload":"plain"}'


def test_declared_response_headers_are_read_as_their_types(content: Any) -> None:
    from datetime import datetime

    answer = httpx.Response(
        201,
        json={"id": "d-1"},
        headers={"Location": "/documents/d-1", "X-RateLimit-Remaining": "41", "X-Expires": "2024-01-02T03:04:05Z"},
    )
    raw = client(content, Recorder(answer)).with_raw_response.post_document(body={"name": "n", "payload": b"p"})
    headers = raw.declared_headers
    assert headers["Location"] == "/documents/d-1"
    assert headers["X-RateLimit-Remaining"] == 41
    assert headers["X-Expires"] == datetime.fromisoformat("2024-01-02T03:04:05+00:00")
    assert raw.parse().id == "d-1"


def test_a_declared_header_that_breaks_its_schema_is_a_clear_error(content: Any) -> None:
    answer = httpx.Response(201, json={}, headers={"Location": "/d", "X-RateLimit-Remaining": "many"})
    raw = client(content, Recorder(answer)).with_raw_response.post_document(body={"name": "n", "payload": b"p"})
    with pytest.raises(ValueError, match="X-RateLimit-Remaining"):
        _ = raw.declared_headers
