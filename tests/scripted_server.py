"""A scripted HTTP/1.1 server on 127.0.0.1 (stdlib only), for what Prism cannot do: faults and timing.

Every test that needs a real socket uses this one server (the `scripted_server` fixture of
tests/conftest.py starts it and stops it after the test):

    server = scripted_server(Step(drop=True), Step(429, {"type": "rate_limit"}, {"Retry-After": "1"}), Step(200, ORDER))
    client = RunaClient(api_key="k", base_url=server.url)   # server.url ends in /v2, Runa's base path
    ...
    assert [r.method for r in server.received] == ["POST"] * 3
    assert server.keys() == [key, key, key]                  # the x-idempotency-key of each request

The n-th request gets the n-th step (the last one repeats). A step is a `Step`, or a function of the
`Received` request (and the number of requests so far, 1-based) returning a `Step`, for answers that
depend on what was sent. Every request is recorded in `server.received`, in arrival order, before it
is answered, except those a `Step(reset=True)` refuses before reading them (counted in
`server.resets`). All HTTP methods are served the same way.
"""

from __future__ import annotations

import json
import socket
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Step:
    """One answer. In order: the `interim` 1xx statuses; then, after `delay` seconds, either `drop`
    the connection without answering, or answer `status` with `headers` and `body`: JSON-encoded
    (Content-Type application/json), or sent as is when it is bytes. A Content-Type in `headers` wins.
    A `cut` body stops after that many bytes and the connection closes (a body cut short). Or `reset`
    the connection (TCP RST) before reading a byte of the request, which is then not recorded (only a `Step`, not a function, can reset: it acts before there is a request to see).
    """

    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    drop: bool = False
    interim: tuple[int, ...] = ()
    reset: bool = False
    drip: float = 0.0
    """Seconds between the bytes of the answer (status line and headers too), sent one at a time (0: all at once)."""
    cut: int | None = None
    """Send only this many bytes of the body (its full Content-Length announced), then close the connection."""


@dataclass(frozen=True)
class Received:
    """One request as the server read it: header names in lower case, `at` from time.monotonic()."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    at: float


Answer = Step | Callable[[Received, int], Step]
_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "QUERY")


class ScriptedServer:
    """Listens on a free loopback port from construction until `close()` (or the end of a `with`)."""

    def __init__(self, *steps: Answer, base_path: str = "/v2") -> None:
        if not steps:
            raise ValueError("a scripted server needs at least one step")
        self.steps = steps
        self.received: list[Received] = []
        self.resets = 0
        self._lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), _handler(self))
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}{base_path}"
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
        self._thread.start()

    def wait_for(self, count: int, within: float = 10.0) -> list[Received]:
        """`received` once it holds `count` requests. A client that gave up (a timeout) may have sent a
        request the server thread has not read yet: it is on its way, not lost. Returns what has
        arrived after `within` seconds either way, for the caller's assertion to report."""
        deadline = time.monotonic() + within
        while len(self.received) < count and time.monotonic() < deadline:
            time.sleep(0.01)
        return self.received

    def keys(self, header: str = "x-idempotency-key") -> list[str | None]:
        """The value of `header` in each request received (None where it was not sent)."""
        return [r.headers.get(header.lower()) for r in self.received]

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> ScriptedServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _resets_next(self) -> bool:
        """Whether the next request is to be refused unread (a `Step(reset=True)`); counts it if so."""
        with self._lock:
            answer = self.steps[min(len(self.received) + self.resets, len(self.steps) - 1)]
            reset = isinstance(answer, Step) and answer.reset
            self.resets += reset
        return reset

    def _record(self, request: Received) -> Step:
        """Records `request` and picks its step (under the lock: requests may arrive concurrently)."""
        with self._lock:
            self.received.append(request)
            count = len(self.received) + self.resets
            answer = self.steps[min(count, len(self.steps)) - 1]
        return answer if isinstance(answer, Step) else answer(request, count)


RECEIVE_BUFFER = 64 * 1024
"""Bytes each accepted connection buffers unread. Fixed (no autotuning, which lets loopback buffer
up to net.ipv4.tcp_rmem's maximum, 32 MB here), so a request larger than this plus the client's
send buffer cannot be fully written before the server reads it: a `Step(reset=True)` then always
refuses it mid-write, however late the server thread gets to accept it."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def server_bind(self) -> None:
        # set before listen(): accepted sockets inherit it, and the window scale is chosen from it
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, RECEIVE_BUFFER)
        super().server_bind()

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that gave up (timeouts, cancelled calls) is part of the script


def _handler(script: ScriptedServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def handle_one_request(self) -> None:
            if not script._resets_next():
                super().handle_one_request()
                return
            self.close_connection = True
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()

        def _read_body(self) -> bytes:
            if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
                chunks = []
                while size := int(self.rfile.readline().split(b";")[0].strip() or b"0", 16):
                    chunks.append(self.rfile.read(size))
                    self.rfile.readline()
                while self.rfile.readline().strip():  # trailers, up to the empty line
                    pass
                return b"".join(chunks)
            length = int(self.headers.get("Content-Length") or 0)
            return self.rfile.read(length) if length else b""

        def _serve(self) -> None:
            headers = {name.lower(): value for name, value in self.headers.items()}
            step = script._record(Received(self.command, self.path, headers, self._read_body(), time.monotonic()))
            try:
                for status in step.interim:
                    self.wfile.write(f"HTTP/1.1 {status} Interim\r\n\r\n".encode())
                    self.wfile.flush()
                if step.delay:
                    time.sleep(step.delay)
                if step.drop:
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                if isinstance(step.body, bytes):
                    payload = step.body
                else:
                    payload = json.dumps(step.body).encode() if step.body is not None else b""
                headers = {"Content-Length": str(len(payload)), **step.headers}
                if not any(name.lower() == "content-type" for name in step.headers):
                    headers["Content-Type"] = "application/json"
                if step.drip:
                    lines = [f"HTTP/1.1 {step.status} Scripted"] + [f"{k}: {v}" for k, v in headers.items()]
                    for byte in ("\r\n".join(lines) + "\r\n\r\n").encode() + payload:
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()
                        time.sleep(step.drip)
                    return
                self.send_response(step.status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(payload if step.cut is None else payload[: step.cut])
                if step.cut is not None:
                    self.wfile.flush()
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                self.close_connection = True  # the client gave up (timeouts)

    for method in _METHODS:
        setattr(Handler, f"do_{method}", Handler._serve)
    return Handler
