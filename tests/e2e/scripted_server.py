"""A scripted HTTP/1.1 server on 127.0.0.1 (stdlib only) for what Prism cannot do: faults and timing.

The n-th request gets the n-th `Step` (the last one repeats); every request is recorded.
"""

from __future__ import annotations

import json
import socket
import struct
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Step:
    """One answer: `interim` 1xx statuses first, then after `delay` seconds the final status and
    JSON body; or `drop` the connection without answering; or `reset` it (TCP RST) as soon as it
    is accepted, before reading a byte of the request (which is then not recorded)."""

    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    drop: bool = False
    interim: tuple[int, ...] = ()
    reset: bool = False
    drip: float = 0.0
    """Seconds between the bytes of the answer, sent one at a time (0: all at once)."""


@dataclass(frozen=True)
class Received:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    at: float


class ScriptedServer:
    def __init__(self, *steps: Step) -> None:
        self.steps = list(steps)
        self.received: list[Received] = []
        self.resets = 0
        self._lock = threading.Lock()
        script = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def handle_one_request(self) -> None:
                with script._lock:
                    index = len(script.received) + script.resets
                    reset = script.steps[min(index, len(script.steps) - 1)].reset
                    script.resets += reset
                if not reset:
                    super().handle_one_request()
                    return
                self.close_connection = True
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                self.connection.close()

            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                with script._lock:
                    script.received.append(
                        Received(
                            self.command,
                            self.path,
                            {k.lower(): v for k, v in self.headers.items()},
                            body,
                            time.monotonic(),
                        )
                    )
                    step = script.steps[min(len(script.received) + script.resets, len(script.steps)) - 1]
                try:
                    for status in step.interim:
                        self.wfile.write(f"HTTP/1.1 {status} Processing\r\n\r\n".encode())
                        self.wfile.flush()
                    if step.delay:
                        time.sleep(step.delay)
                    if step.drop:
                        self.close_connection = True
                        self.connection.shutdown(socket.SHUT_RDWR)
                        return
                    payload = json.dumps(step.body).encode() if step.body is not None else b""
                    if step.drip:
                        head = f"HTTP/1.1 {step.status} OK\r\nContent-Length: {len(payload)}\r\n\r\n"
                        for byte in head.encode() + payload:
                            self.wfile.write(bytes([byte]))
                            self.wfile.flush()
                            time.sleep(step.drip)
                        return
                    self.send_response(step.status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    for name, value in step.headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(payload)
                except OSError:
                    self.close_connection = True  # the client gave up (timeouts)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _serve

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request: Any, client_address: Any) -> None:
                pass

        self._server = Server(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/v2"
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
        self._thread.start()

    def keys(self, header: str = "x-idempotency-key") -> list[str | None]:
        return [r.headers.get(header) for r in self.received]

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
