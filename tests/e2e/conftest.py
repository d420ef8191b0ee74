"""Fixtures of the end-to-end tests: the packages generated from every spec in specs/, Prism serving
the same spec on a free loopback port, and clients that record what Prism says about each request.
The clients are parametrized by `backend`: Prism, or the package's own fake (`testing.FakeRuna`).

The packages are the session's (`runa_generated`, tests/packages.py): generated into a temporary
folder with the pipeline (not read from generated/), so the tests check what the templates produce today. Prism is started at most once per spec and
worker, on first use, and stopped at the end of the session.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from generator.load import load_document
from generator.overlay import apply_spec_overlays
from generator.versions import version_in_name

from ..packages import GeneratedPackage
from ..scripted_server import ScriptedServer
from ..support import ROOT
from .calls import all_calls

PRISM = ROOT / "tests" / "prism" / "node_modules" / ".bin" / "prism"
API_KEY = "test-key"
_PRISM_START_TIMEOUT = 30.0


@pytest.fixture(scope="session")
def packages(runa_generated: dict[str, GeneratedPackage]) -> dict[str, GeneratedPackage]:
    """API version -> the package generated from specs/<version>.yaml (the session's, tests/packages.py),
    imported: the tests (and the team's code of user_service.py) import its modules by name."""
    for package in runa_generated.values():
        package.module  # noqa: B018 - imports it, its folder on sys.path
    return runa_generated


def served_spec(spec: Path, folder: Path) -> Path:
    """`spec`, or when overlays apply to it, the overlaid document (as the generator reads it) beside the packages."""
    document = load_document(spec)
    overlaid, _ = apply_spec_overlays(document, version_in_name(spec.name), (), [])
    if overlaid is document:
        return spec
    served = folder / f"{spec.stem}.overlaid.json"
    served.write_text(json.dumps(overlaid.data, default=str), encoding="utf-8")
    return served


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class PrismServer:
    """`prism mock <spec>` on 127.0.0.1; request violations come back in the `sl-violations` header."""

    spec: Path
    log: Path
    url: str = ""
    process: subprocess.Popen[bytes] | None = None

    def start(self) -> PrismServer:
        if not PRISM.exists():
            pytest.fail(
                f"Prism is not installed: run `npm ci --prefix tests/prism` (or ./scripts/test.sh); expected {PRISM}"
            )
        for _ in range(3):  # the free port may be taken between probing and binding
            port = free_port()
            with self.log.open("wb") as log:
                # No --errors: Runa's own response examples break its schemas (`help: null`), and
                # --errors would turn those response violations into 500s. Request violations are
                # read from the header instead.
                self.process = subprocess.Popen(
                    [str(PRISM), "mock", str(self.spec), "--port", str(port), "--host", "127.0.0.1"],
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    stdin=subprocess.DEVNULL,
                    start_new_session=True,
                )
            if self._wait_until_listening(port):
                self.url = f"http://127.0.0.1:{port}"
                return self
            self.stop()
        pytest.fail(f"Prism did not start for {self.spec.name}:\n{self.log.read_text(errors='replace')[-3000:]}")

    def _wait_until_listening(self, port: int) -> bool:
        assert self.process is not None
        deadline = time.monotonic() + _PRISM_START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    return True
            except OSError:
                time.sleep(0.05)
        return False

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        os.killpg(process.pid, signal.SIGTERM)  # its own session: only what we started
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)


@pytest.fixture(scope="session")
def prism(
    packages: dict[str, GeneratedPackage], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Callable[[str], str]]:
    """`prism(version)`: the base URL of Prism serving specs/<version>.yaml (started on first use)."""
    servers: dict[str, PrismServer] = {}
    logs = tmp_path_factory.mktemp("prism_logs")

    def url(version: str) -> str:
        if version not in servers:
            spec = served_spec(packages[version].spec, packages[version].folder)
            servers[version] = PrismServer(spec, logs / f"{version}.log").start()
        return servers[version].url

    try:
        yield url
    finally:
        for server in servers.values():
            server.stop()


def request_violations(response: httpx.Response) -> list[dict[str, Any]]:
    """What Prism found wrong with the request (its `sl-violations` header, request entries only).

    Prism also reports where its own answer breaks the spec (Runa's examples do: `help: null`);
    those are about the spec, not the client, and are left out.
    """
    raw = response.headers.get("sl-violations")
    if not raw:
        return []
    return [v for v in json.loads(raw) if (v.get("location") or [None])[0] == "request"]


@dataclass
class Recorder:
    """httpx event hooks keeping every response a client received."""

    responses: list[httpx.Response] = field(default_factory=list)

    def sync_hook(self, response: httpx.Response) -> None:
        self.responses.append(response)

    async def async_hook(self, response: httpx.Response) -> None:
        self.responses.append(response)

    def violations(self) -> list[tuple[str, list[dict[str, Any]]]]:
        found = [(f"{r.request.method} {r.request.url}", request_violations(r)) for r in self.responses]
        return [(request, problems) for request, problems in found if problems]

    def statuses(self) -> list[int]:
        return [r.status_code for r in self.responses]


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("RUNA_API_KEY", "RUNA_BASE_URL"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(params=["prism", "fake"])
def backend(request: pytest.FixtureRequest) -> str:
    """What the clients below talk to: Prism, or the package's own `testing.FakeRuna` (in memory)."""
    return str(request.param)


@pytest.fixture
def fakes(packages: dict[str, GeneratedPackage]) -> Callable[[str], Any]:
    """`fakes(version)`: this test's FakeRuna of that version, holding the objects the calls fetch:
    Prism answers any id with its example, the fake only the ids it holds. Each collection of the
    fake gets one object, created from its create call's body under the id its fetch call asks for;
    a seeded collection (a catalogue) gets that id and every product the calls' bodies order."""
    made: dict[str, Any] = {}

    def fake(version: str) -> Any:
        if version not in made:
            made[version] = packages[version].testing.FakeRuna()
            calls = {call.operation_id: call for call in all_calls()[version]}
            for rule in made[version].API.collections:
                fetch = calls.get(rule.fetch)
                object_ids = [*fetch.kwargs.values()] if fetch is not None else []  # the fetch takes the id alone
                if rule.create is None:
                    ordered = ordered_products(made[version], rule, all_calls()[version])
                    wanted = dict.fromkeys([*object_ids, *ordered])
                    made[version].seed(rule.list, [{rule.id_field: object_id} for object_id in wanted])
                elif object_ids:
                    made[version].create(rule.create, calls[rule.create].kwargs["body"], status=200, id=object_ids[0])
        return made[version]

    return fake


def ordered_products(fake: Any, catalogue: Any, calls: Sequence[Any]) -> list[str]:
    """The ids of the products in `catalogue` that the calls' bodies name, as the fake's price rule
    reads them (`prices.items`; in an item, `prices.product` names one, `prices.products` several)."""
    prices = fake.API.prices
    if prices is None or prices.catalogue != catalogue.list:
        return []
    named = []
    for call in calls:
        for item in value_at(call.kwargs.get("body"), prices.items) or []:
            product = value_at(item, prices.product)
            several = value_at(item, prices.products) if prices.products else None
            named += [product] if isinstance(product, str) else []
            named += [code for code in several if isinstance(code, str)] if isinstance(several, list) else []
    return named


def value_at(value: Any, path: Sequence[str]) -> Any:
    for name in path:
        value = value.get(name) if isinstance(value, dict) else None
    return value


@pytest.fixture
def sync_client(
    packages: dict[str, GeneratedPackage],
    prism: Callable[[str], str],
    recorder: Recorder,
    backend: str,
    fakes: Callable[[str], Any],
) -> Iterator[Callable[[str], Any]]:
    """`sync_client(version)`: a RunaClient of that version talking to the backend, responses recorded."""
    clients: list[Any] = []

    def make(version: str, **kwargs: Any) -> Any:
        hooks = {"response": [recorder.sync_hook]}
        kwargs.setdefault("max_retries", 0)
        if backend == "fake":
            http = fakes(version).http_client(event_hooks=hooks)
        else:
            http = httpx.Client(event_hooks=hooks)
            kwargs["base_url"] = prism(version)
        client = packages[version].module.RunaClient(api_key=API_KEY, http_client=http, **kwargs)
        clients.append((client, http))
        return client

    yield make
    for _, http in clients:
        http.close()


@pytest.fixture
async def async_client(
    packages: dict[str, GeneratedPackage],
    prism: Callable[[str], str],
    recorder: Recorder,
    backend: str,
    fakes: Callable[[str], Any],
) -> AsyncIterator[Callable[[str], Any]]:
    """`async_client(version)`: an AsyncRunaClient of that version talking to the backend, responses recorded."""
    pools: list[httpx.AsyncClient] = []

    def make(version: str, **kwargs: Any) -> Any:
        hooks = {"response": [recorder.async_hook]}
        kwargs.setdefault("max_retries", 0)
        if backend == "fake":
            http = fakes(version).async_http_client(event_hooks=hooks)
        else:
            http = httpx.AsyncClient(event_hooks=hooks)
            kwargs["base_url"] = prism(version)
        pools.append(http)
        return packages[version].module.AsyncRunaClient(api_key=API_KEY, http_client=http, **kwargs)

    yield make
    for http in pools:
        await http.aclose()


@pytest.fixture
def servers() -> Iterator[list[ScriptedServer]]:
    """Scripted servers a test starts (it appends them); each closed once the test is done."""
    started: list[ScriptedServer] = []
    yield started
    for server in started:
        server.close()
