"""Fixtures of the runtime tests: a fake generated package built from the runtime templates and mock
transports (the scripted HTTP server on 127.0.0.1 is the suite's: `scripted_server`, tests/scripted_server.py).

The package (`runa_fake`) is the runtime files the generator copies (`RUNTIME_FILES`), copied verbatim
from `templates/runtime/`, plus the hand-written `fakepkg/` modules, imported from a temporary directory, exactly as a generated package is.
"""

from __future__ import annotations

import importlib
import shutil
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import httpx
import pytest

from generator.render import RUNTIME_FILES

RUNTIME = Path(__file__).resolve().parents[2] / "templates" / "runtime"
FAKE_SOURCES = Path(__file__).resolve().parent / "fakepkg"
PACKAGE = "runa_fake"
API_KEY = "sk_live_SECRET-123456"


@pytest.fixture(scope="session")
def pkg(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SimpleNamespace]:
    """The fake package's folder `pkg.root` and modules: `pkg.base`, `pkg.request`, `pkg.response`, `pkg.parse`, `pkg.retry`, `pkg.errors`, `pkg.models`, `pkg.client`, `pkg.signing`."""
    root = tmp_path_factory.mktemp("fakepkg")
    target = root / PACKAGE
    target.mkdir()
    for name in RUNTIME_FILES:
        shutil.copyfile(RUNTIME / name, target / name)
    for source in FAKE_SOURCES.glob("*.py"):
        shutil.copyfile(source, target / source.name)
    sys.path.insert(0, str(root))
    try:
        importlib.import_module(PACKAGE)
        yield SimpleNamespace(
            root=root,
            base=importlib.import_module(f"{PACKAGE}._base_client"),
            request=importlib.import_module(f"{PACKAGE}._request"),
            response=importlib.import_module(f"{PACKAGE}._response"),
            parse=importlib.import_module(f"{PACKAGE}._parse"),
            retry=importlib.import_module(f"{PACKAGE}._retry"),
            errors=importlib.import_module(f"{PACKAGE}.errors"),
            models=importlib.import_module(f"{PACKAGE}.models"),
            client=importlib.import_module(f"{PACKAGE}._client"),
            signing=importlib.import_module(f"{PACKAGE}._webhook_signing"),
        )
    finally:
        sys.path.remove(str(root))
        for name in [n for n in sys.modules if n == PACKAGE or n.startswith(PACKAGE + ".")]:
            del sys.modules[name]


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
