"""The suite's scripted HTTP server (tests/scripted_server.py), checked with plain httpx."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from .scripted_server import Received, ScriptedServer, Step


def test_steps_in_order_the_last_repeating_and_every_request_recorded(
    scripted_server: Callable[..., ScriptedServer],
) -> None:
    server = scripted_server(Step(503, {"retry": True}, {"Retry-After": "1"}), Step(200, {"ok": 1}))
    with httpx.Client(base_url=server.url) as client:
        first = client.post("/orders", json={"a": 1}, headers={"X-Idempotency-Key": "k1"})
        second = client.delete("/orders/1")
        third = client.get("/orders")
    assert (first.status_code, first.json(), first.headers["retry-after"]) == (503, {"retry": True}, "1")
    assert [r.status_code for r in (second, third)] == [200, 200] and third.json() == {"ok": 1}
    assert [(r.method, r.path) for r in server.received] == [
        ("POST", "/v2/orders"),
        ("DELETE", "/v2/orders/1"),
        ("GET", "/v2/orders"),
    ]
    assert server.received[0].body == b'{"a":1}'
    assert server.keys() == ["k1", None, None]
    assert server.received[0].at <= server.received[1].at <= server.received[2].at


def test_an_answer_may_depend_on_the_request(scripted_server: Callable[..., ScriptedServer]) -> None:
    def echo(request: Received, count: int) -> Step:
        return Step(201, {"n": count, "key": request.headers.get("x-idempotency-key")})

    server = scripted_server(echo)
    with httpx.Client(base_url=server.url) as client:
        assert client.put("/x", headers={"X-Idempotency-Key": "a"}).json() == {"n": 1, "key": "a"}
        assert client.put("/x").json() == {"n": 2, "key": None}


def test_raw_bodies_content_types_and_chunked_uploads(scripted_server: Callable[..., ScriptedServer]) -> None:
    server = scripted_server(Step(500, b"<html>oops</html>", {"Content-Type": "text/html"}))
    with httpx.Client(base_url=server.url) as client:
        response = client.post("/upload", content=iter([b"part one, ", b"part two"]))  # sent chunked
    assert response.text == "<html>oops</html>" and response.headers.get_list("content-type") == ["text/html"]
    assert server.received[0].headers["transfer-encoding"] == "chunked"
    assert server.received[0].body == b"part one, part two"


def test_a_dropped_connection_and_a_late_answer(scripted_server: Callable[..., ScriptedServer]) -> None:
    server = scripted_server(Step(drop=True), Step(200, {"late": True}, delay=0.5))
    with httpx.Client(base_url=server.url) as client:
        with pytest.raises(httpx.RemoteProtocolError):
            client.get("/a")
        with pytest.raises(httpx.ReadTimeout):
            client.get("/b", timeout=0.05)
    assert len(server.wait_for(2)) == 2  # the timed-out request may be read after the client gave up


def test_a_server_needs_a_step() -> None:
    with pytest.raises(ValueError, match="at least one step"):
        ScriptedServer()


def test_a_reset_refuses_the_request_unread(scripted_server: Callable[..., ScriptedServer]) -> None:
    server = scripted_server(Step(reset=True), Step(200, {"ok": True}))
    with httpx.Client(base_url=server.url) as client:
        with pytest.raises(httpx.TransportError):
            client.get("/a")
        assert client.get("/b").json() == {"ok": True}
    assert server.resets == 1 and [r.path for r in server.received] == ["/v2/b"]


def test_a_dripped_answer_arrives_byte_by_byte(scripted_server: Callable[..., ScriptedServer]) -> None:
    server = scripted_server(Step(200, {"a": 1}, drip=0.002))
    with httpx.Client(base_url=server.url) as client:
        response = client.get("/slow")
        assert response.json() == {"a": 1} and response.headers["content-type"] == "application/json"
        with pytest.raises(httpx.ReadTimeout):  # each byte comes later than the read timeout
            client.get("/slow", timeout=httpx.Timeout(5.0, read=0.0005))
