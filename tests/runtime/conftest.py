"""Fixtures of the runtime tests: a small package generated from `spec/` and mock transports (the
scripted HTTP server on 127.0.0.1 is the suite's: `scripted_server`, tests/scripted_server.py).

The package (`runa_fake`) is the session's (tests/packages.py): generated from the smallest Runa-like
spec the runtime tests need, with the options of `spec/options/`, so its `_client.py` calls the
runtime exactly as the templates make every package call it, and its runtime modules are the ones
the generator copies.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import httpx
import pytest

from ..packages import PackageFactory

SPEC = Path(__file__).resolve().parent / "spec" / "runa-fake-2024-01-01.yaml"
PACKAGE = "runa_fake"
API_KEY = "sk_live_SECRET-123456"


@pytest.fixture(scope="session")
def pkg(generated_packages: PackageFactory) -> SimpleNamespace:
    """The package's folder `pkg.root` and modules: `pkg.base`, `pkg.request`, `pkg.response`, `pkg.parse`,
    `pkg.retry`, `pkg.errors`, `pkg.models`, `pkg.client` (with the endpoints: `_GET_BALANCE`, ...),
    `pkg.signing`."""
    package = generated_packages.get(SPEC, name=PACKAGE)

    def module(name: str) -> Any:
        return importlib.import_module(f"{package.module.__name__}.{name}")

    return SimpleNamespace(
        root=package.folder,
        base=module("_base_client"),
        request=module("_request"),
        response=module("_response"),
        parse=module("_parse"),
        retry=module("_retry"),
        errors=module("errors"),
        models=module("models"),
        client=module("_client"),
        signing=module("_webhook_signing"),
        # imported by the clients on first use only (import time): imported here, whatever ran before
        transport=module("_transport"),
    )


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("RUNA_API_KEY", "RUNA_BASE_URL"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"  # the async client sleeps with asyncio


Reply = httpx.Response | Callable[[httpx.Request], httpx.Response] | Exception


@dataclass
class Script:
    """A MockTransport handler answering each request with the next scripted reply (the last one repeats)."""

    replies: list[Reply]
    requests: list[httpx.Request] = field(default_factory=list)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        reply = self.replies[min(len(self.requests), len(self.replies)) - 1]
        if isinstance(reply, Exception):
            raise reply
        return reply(request) if callable(reply) else reply

    async def handle_async(self, request: httpx.Request) -> httpx.Response:
        return self(request)


def json_response(status: int, body: Any, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.Response(status, json=body, headers=headers)


@pytest.fixture
def make_client(pkg: SimpleNamespace) -> Callable[..., tuple[Any, Script]]:
    """`make_client(*replies, **client_kwargs)`: a RunaClient over a MockTransport, and its script; sleeps are recorded."""

    def make(*replies: Reply, **kwargs: Any) -> tuple[Any, Script]:
        script = Script(list(replies) or [json_response(200, {})])
        kwargs.setdefault("api_key", API_KEY)
        client = pkg.client.RunaClient(http_client=httpx.Client(transport=httpx.MockTransport(script)), **kwargs)
        client.sleeps = []
        client._sleep = client.sleeps.append
        return client, script

    return make


@pytest.fixture
def make_async_client(pkg: SimpleNamespace) -> Callable[..., tuple[Any, Script]]:
    """Like `make_client`, for AsyncRunaClient."""

    def make(*replies: Reply, **kwargs: Any) -> tuple[Any, Script]:
        script = Script(list(replies) or [json_response(200, {})])
        kwargs.setdefault("api_key", API_KEY)
        client = pkg.client.AsyncRunaClient(
            http_client=httpx.AsyncClient(transport=httpx.MockTransport(script.handle_async)), **kwargs
        )
        client.sleeps = []

        async def record(seconds: float) -> None:
            client.sleeps.append(seconds)

        client._sleep = record
        return client, script

    return make
