"""Everything else on the wire (issue #14): form and multipart `encoding`, required nullable bodies,
cookies and headers that cannot carry a value, `allowReserved`, `content` parameters, and path- and
operation-level servers. One small spec, generated once; requests recorded with `httpx.MockTransport`.
"""

from __future__ import annotations

import json
from email.parser import BytesParser
from email.policy import HTTP
from types import ModuleType
from typing import Any

import httpx
import pytest
import yaml

from generator.pipeline import Result

from ..packages import PackageFactory
from ..support import UNDATED_VERSION

SPEC: dict[str, Any] = {
    "openapi": "3.2.0",
    "info": {"title": "Wire", "version": "1"},
    "servers": [{"url": "https://api.wire.example/v1"}],
    "paths": {
        "/customers": {
            "post": {
                "operationId": "createCustomer",
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/x-www-form-urlencoded": {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    "email": {"type": "string"},
                                    "id": {"type": "string"},
                                    "metadata": {"type": "object", "additionalProperties": {"type": "string"}},
                                    "address": {"type": "object", "properties": {"city": {"type": "string"}}},
                                    "tags": {"type": "array", "items": {"type": "string"}},
                                },
                            },
                            "encoding": {
                                "metadata": {"style": "deepObject", "explode": True},
                                "id": {"contentType": "application/json"},
                                "tags": {"style": "pipeDelimited", "explode": False},
                                "missing": {"contentType": "text/plain"},
                            },
                        }
                    },
                },
                "responses": {"204": {"description": "ok"}},
            }
        },
        "/uploads": {
            "servers": [{"url": "https://uploads.wire.example/{version}", "variables": {"version": {"default": "v2"}}}],
            "post": {
                "operationId": "upload",
                "requestBody": {
                    "required": True,
                    "content": {
                        "multipart/form-data": {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    "image": {"type": "string", "format": "binary"},
                                    "note": {"type": "string"},
                                    "meta": {"type": "object", "properties": {"size": {"type": "integer"}}},
                                },
                            },
                            "encoding": {
                                "image": {
                                    "contentType": "image/png",
                                    "headers": {
                                        "X-Checksum-Kind": {"schema": {"type": "string", "const": "sha256"}},
                                        "X-Checksum": {"schema": {"type": "string"}},
                                    },
                                },
                                "note": {"contentType": "text/markdown"},
                            },
                        }
                    },
                },
                "responses": {"204": {"description": "ok"}},
            },
        },
        "/settings": {
            "put": {
                "operationId": "putSettings",
                "servers": [{"url": "/internal"}],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {"type": ["object", "null"], "properties": {"theme": {"type": "string"}}}
                        }
                    },
                },
                "responses": {"204": {"description": "ok"}},
            }
        },
        "/search": {
            "get": {
                "operationId": "search",
                "parameters": [
                    {"name": "q", "in": "query", "allowReserved": True, "schema": {"type": "string"}},
                    {
                        "name": "filter",
                        "in": "query",
                        "content": {
                            "application/json": {
                                "schema": {"type": "object", "properties": {"min": {"type": "integer"}}}
                            }
                        },
                    },
                    {"name": "session", "in": "cookie", "schema": {"type": "string"}},
                    {"name": "token", "in": "cookie", "style": "cookie", "schema": {"type": "string"}},
                    {"name": "X-Note", "in": "header", "schema": {"type": "string"}},
                    {
                        "name": "X-Ids",
                        "in": "header",
                        "allowReserved": True,
                        "schema": {"type": "array", "items": {"type": "integer"}},
                    },
                ],
                "responses": {"204": {"description": "ok"}},
            }
        },
    },
}


@pytest.fixture(scope="module")
def generated(
    generated_packages: PackageFactory, tmp_path_factory: pytest.TempPathFactory
) -> tuple[ModuleType, Result]:
    spec = tmp_path_factory.mktemp("wire_bodies") / "wire.yaml"
    spec.write_text(yaml.safe_dump(SPEC, sort_keys=False), encoding="utf-8")
    package = generated_packages.get(spec, name="wire_bodies_client", api_version=UNDATED_VERSION)
    return package.module, package.result


def recording(package: ModuleType, **options: Any) -> tuple[Any, list[httpx.Request]]:
    seen: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        request.read()
        seen.append(request)
        return httpx.Response(204)

    client = package.WireClient(
        http_client=httpx.Client(transport=httpx.MockTransport(handle)), max_retries=0, **options
    )
    return client, seen


def warning_at(result: Result, pointer: str) -> str:
    found = [w.message for w in result.warnings if w.location is not None and w.location.pointer == pointer]
    assert len(found) == 1, [str(w) for w in result.warnings]
    return found[0]


def test_form_fields_follow_their_encoding_and_no_nested_key_collides(generated) -> None:
    package, _ = generated
    client, seen = recording(package)
    client.default.create_customer(
        body={
            "email": "ada@example.com",
            "id": "f81d4fae",
            "metadata": {"email": "old@example.com", "plan": "pro plus"},
            "address": {"city": "Zürich"},
            "tags": ["a b", "c|d"],
        }
    )
    pairs = seen[0].content.decode().split("&")
    assert pairs == [
        "email=ada%40example.com",  # content-based (RFC 1866)
        "id=%22f81d4fae%22",  # contentType application/json: the JSON string
        "metadata%5Bemail%5D=old%40example.com",  # deepObject: never collides with `email`
        "metadata%5Bplan%5D=pro%20plus",
        "address=%7B%22city%22%3A%22Z%C3%BCrich%22%7D",  # an object without encoding: JSON text
        "tags=a%20b%7Cc%7Cd",  # pipeDelimited; the '|' inside a value is %7C too (Appendix E)
    ]
    assert seen[0].headers["content-type"] == "application/x-www-form-urlencoded"


def test_encoding_of_an_unknown_property_is_a_located_warning(generated) -> None:
    _, result = generated
    pointer = "/paths/~1customers/post/requestBody/content/application~1x-www-form-urlencoded/encoding/missing"
    assert "does not have; ignored" in warning_at(result, pointer)


def test_multipart_parts_carry_their_content_type_and_fixed_headers(generated) -> None:
    package, result = generated
    client, seen = recording(package)
    client.default.upload(body={"image": b"\x89PNG", "note": "# hi", "meta": {"size": 4}})
    request = seen[0]
    assert str(request.url) == "https://uploads.wire.example/v2/uploads"  # the path's own server
    message = BytesParser(policy=HTTP).parsebytes(
        b"Content-Type: " + request.headers["content-type"].encode() + b"\r\n\r\n" + request.content
    )
    parts = {part.get_param("name", header="content-disposition"): part for part in message.iter_parts()}
    assert parts["image"]["content-type"] == "image/png" and parts["image"]["x-checksum-kind"] == "sha256"
    assert parts["image"].get_payload(decode=True) == b"\x89PNG"
    assert parts["note"]["content-type"] == "text/markdown"
    assert parts["meta"]["content-type"] == "application/json"
    assert json.loads(parts["meta"].get_payload(decode=True)) == {"size": 4}
    pointer = "/paths/~1uploads/post/requestBody/content/multipart~1form-data/encoding/image/headers/X-Checksum"
    assert "not sent" in warning_at(result, pointer)


def test_required_nullable_body_sends_null(generated) -> None:
    package, _ = generated
    client, seen = recording(package)
    client.default.put_settings(body=None)
    client.default.put_settings(body={"theme": "dark"})
    assert (seen[0].content, seen[0].headers["content-type"]) == (b"null", "application/json")
    assert json.loads(seen[1].content) == {"theme": "dark"}


def test_relative_operation_server_is_relative_to_the_base_url(generated) -> None:
    package, _ = generated
    client, seen = recording(package)
    client.default.put_settings(body=None)
    assert str(seen[0].url) == "https://api.wire.example/internal/settings"


@pytest.mark.parametrize("how", ["argument", "environment"])
def test_explicit_base_url_wins_over_operation_servers(generated, monkeypatch, how: str) -> None:
    package, _ = generated
    monkeypatch.delenv("WIRE_BASE_URL", raising=False)
    if how == "environment":
        monkeypatch.setenv("WIRE_BASE_URL", "http://127.0.0.1:9/mine")
        client, seen = recording(package)
    else:
        client, seen = recording(package, base_url="http://127.0.0.1:9/mine")
    client.default.upload(body={"note": "x"})
    client.default.put_settings(body=None)
    assert [str(r.url) for r in seen] == ["http://127.0.0.1:9/mine/uploads", "http://127.0.0.1:9/mine/settings"]


def test_allow_reserved_and_content_parameters(generated) -> None:
    package, _ = generated
    client, seen = recording(package)
    client.default.search(q="a/b:c?d=%20&e+f#[x]", filter=package.models.SearchFilter(min=1))
    query = seen[0].url.query.decode()
    # Reserved characters and %XX pass; '=', '&', '+', '#', '[' and ']' are still encoded.
    assert query == "q=a/b:c?d%3D%20%26e%2Bf%23%5Bx%5D&filter=%7B%22min%22%3A1%7D"
    assert json.loads(seen[0].url.params["filter"]) == {"min": 1}


def test_allow_reserved_outside_the_query_is_a_located_warning(generated) -> None:
    _, result = generated
    assert "ignored" in warning_at(result, "/paths/~1search/get/parameters/5/allowReserved")


def test_a_semicolon_in_a_form_cookie_is_percent_encoded_not_a_new_cookie(generated) -> None:
    package, _ = generated
    client, seen = recording(package)
    client.default.search(session="a; admin=true")
    assert seen[0].headers["cookie"] == "session=a%3B%20admin%3Dtrue"


def test_cookie_style_value_a_cookie_cannot_carry_is_refused_by_name(generated) -> None:
    package, _ = generated
    client, seen = recording(package)
    with pytest.raises(ValueError, match="'token'"):
        client.default.search(token="a; admin=true")
    client.default.search(token="abc.DEF-1")
    assert len(seen) == 1 and seen[0].headers["cookie"] == "token=abc.DEF-1"


def test_non_ascii_header_is_refused_by_name_before_sending(generated) -> None:
    package, _ = generated
    client, seen = recording(package)
    with pytest.raises(ValueError, match="'X-Note'.*non-ASCII"):
        client.default.search(note="Grüße")
    with pytest.raises(ValueError, match="'X-Extra'.*non-ASCII"):
        client.default.search(extra_headers={"X-Extra": "é"})
    assert seen == []
    client.default.search(ids=[1, 2, 3])
    assert seen[0].headers["x-ids"] == "1,2,3"


def test_a_none_item_is_refused_by_name_not_dropped(generated) -> None:
    package, _ = generated
    client, seen = recording(package)
    with pytest.raises(ValueError, match=r"search parameters\nheader\.X-Ids\.1\n"):  # checked against its schema
        client.default.search(ids=[1, None])
    assert seen == []
