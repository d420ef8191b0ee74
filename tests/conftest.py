"""Shared fixtures (the helpers they share with the tests are tests/support.py's): the
generated packages of a session (`generated_packages`, `runa_generated`: tests/packages.py) and the
scripted HTTP server (`scripted_server`: tests/scripted_server.py).

Also what makes a run reproducible from the one seed pytest-randomly prints (`Using --randomly-seed=N`):
the test order, and every hypothesis test's examples (see `pytest_runtest_setup` below).
"""

from __future__ import annotations

import os
import sys
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, core, settings
from hypothesis.internal.conjecture import providers as hypothesis_providers

from .packages import GeneratedPackage, PackageFactory
from .scripted_server import Answer, ScriptedServer
from .support import ROOT, runa_specs, spec_version


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def generated_packages(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PackageFactory]:
    """`generated_packages.get(spec, name=None, api_version=None)`: each package generated once per session."""
    factory = PackageFactory(tmp_path_factory.mktemp("packages"))
    yield factory
    factory.unload()


@pytest.fixture(scope="session")
def runa_generated(generated_packages: PackageFactory) -> dict[str, GeneratedPackage]:
    """API version -> the package of each spec in specs/, generated and named as users get it (runa_<version>)."""
    return {spec_version(spec): generated_packages.get(spec) for spec in runa_specs()}


@pytest.fixture
def scripted_server() -> Iterator[Callable[..., ScriptedServer]]:
    """`scripted_server(*steps, base_path="/v2")`: a started ScriptedServer, closed after the test."""
    servers: list[ScriptedServer] = []

    def start(*steps: Answer, base_path: str = "/v2") -> ScriptedServer:
        server = ScriptedServer(*steps, base_path=base_path)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.close()


# --- hypothesis: reproducible, whatever the order, the worker or the machine's load ----------------

settings.register_profile(
    "runa",
    # A seed (below) fully describes a run: no example database replaying earlier runs' failures.
    database=None,
    print_blob=True,  # a failure prints `@reproduce_failure(...)` to pin its example
    # Timing is never a test result here (two shared cores): no deadlines, no "too slow" check.
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("runa")

# Hypothesis draws about 5% of its values from constants found in the source of every *local* module
# imported so far, which includes the packages the tests generate into temporary folders. Which
# of those are imported depends on the test order and the worker, so the same seed (even
# `derandomize=True`) gave other examples in another order: the differential test's fixed instance set
# changed from run to run. An empty pool makes the examples depend on the seed alone. (hypothesis is
# pinned exactly; test_hypothesis_examples_do_not_depend_on_imported_modules notices an upgrade
# that renames this.)
_NO_LOCAL_CONSTANTS = hypothesis_providers.Constants()


def _no_local_constants() -> hypothesis_providers.Constants:
    return _NO_LOCAL_CONSTANTS


hypothesis_providers._get_local_constants = _no_local_constants
hypothesis_providers.CONSTANTS_CACHE.cache.clear()


def hypothesis_seed(config: pytest.Config, nodeid: str) -> int | None:
    """The seed of one test's hypothesis examples: pytest-randomly's seed of the run and the test's id
    (so neither the order nor the worker matter), unless `--hypothesis-seed` is given or randomly is off."""
    if config.getoption("hypothesis_seed", None) is not None:
        return None
    run_seed = config.getoption("randomly_seed", None)
    if not isinstance(run_seed, int):
        return None
    return (run_seed + zlib.crc32(nodeid.encode())) % 2**32


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    seed = hypothesis_seed(item.config, item.nodeid)
    if seed is not None:
        core.global_force_seed = seed  # what `--hypothesis-seed` sets; derandomized tests ignore it


@pytest.fixture
def no_worker_can_start(monkeypatch: pytest.MonkeyPatch) -> None:
    """Neither kind of worker process (generator/worker.py) can start: no fork, no new interpreter."""

    def refused(*args: object) -> int:
        raise OSError("Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", refused)
    monkeypatch.setattr(sys, "executable", "/nonexistent/python")
