"""Honest dependency ranges: the generated package runs at both ends of the httpx and pydantic
ranges its metadata declares (generator/runtime_dependencies.py), each in a virtual environment of
its own, built here and kept under .test-venvs/ (gitignored; delete it to rebuild).

The checks run in those environments are tests/dependency_ranges/consumer_checks.py: every
operation through the fake, sync and async, a retried 429, a typed 400, and lenient and strict
parsing of a union response that fits no branch (pydantic 2.11's `model_construct` left
`__pydantic_private__` unset there: an AttributeError once). The newest end is checked against the
package index too, so a release inside the range that nobody ran fails here until it is tested.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from packaging.specifiers import SpecifierSet
from packaging.version import Version

from generator import ir
from generator.runtime_dependencies import RUNTIME_DEPENDENCIES
from tests.packages import PackageFactory

from .e2e.calls import calls_of, read_of
from .support import runa_specs
from .venvs import cached_environment

pytestmark = pytest.mark.slow  # see pyproject's `markers`

CHECKS = Path(__file__).resolve().parent / "dependency_ranges" / "consumer_checks.py"
ENDS = {
    "lowest": {d.name: d.lowest for d in RUNTIME_DEPENDENCIES},
    "newest": {d.name: d.newest for d in RUNTIME_DEPENDENCIES},
}


def venv_with(pins: dict[str, str]) -> Path:
    """The Python of a virtual environment holding exactly these versions (built once, then reused)."""
    name = "-".join(f"{package}{version}" for package, version in sorted(pins.items()))
    return cached_environment(name, [f"{package}=={version}" for package, version in sorted(pins.items())])


def consumer_calls(spec: Path) -> dict[str, list[dict[str, Any]]]:
    """Every operation's call (the spec's examples), and those whose answer is a union of objects (with its `Unknown...` member)."""
    api = read_of(spec).api
    operations = {op.operation_id: op for op in api.operations}
    aliases = {d.name: d.type for d in api.definitions if isinstance(d, ir.AliasModel)}
    objects = {d.name for d in api.definitions if isinstance(d, ir.ObjectModel)}
    found: dict[str, list[dict[str, Any]]] = {"operations": [], "unions": []}
    for call in calls_of(spec):
        kwargs = dict(call.kwargs) | ({"extra_headers": call.extra_headers} if call.extra_headers else {})
        entry = {"resource": call.resource, "operation": call.operation, "operation_id": call.operation_id}
        found["operations"].append(entry | {"kwargs": kwargs})
        operation = operations[call.operation_id]
        status = call.status or operation.success_responses[0].status
        answer = next(r.type for r in operation.responses if r.status == status)
        union = aliases.get(answer.name) if isinstance(answer, ir.ModelRef) else answer
        if (
            isinstance(union, ir.UnionOf)
            and union.unknown
            and all(isinstance(o, ir.ModelRef) and o.name in objects for o in union.options)
        ):  # a union of objects only: a JSON string fits none of them
            found["unions"].append(entry | {"kwargs": kwargs, "status": status, "unknown": union.unknown})
    return found


@pytest.mark.timeout(900)  # building an environment the first time: pip installing two packages
@pytest.mark.parametrize("end", sorted(ENDS))
def test_package_runs_at_each_end_of_its_dependency_ranges(generated_packages: PackageFactory, end: str) -> None:
    spec = runa_specs()[-1]
    package = generated_packages.get(spec)
    calls = consumer_calls(spec)
    assert calls["operations"] and calls["unions"], "nothing to run"
    python = venv_with(ENDS[end])
    run = subprocess.run(
        [python, CHECKS, package.name, json.dumps(calls)],
        cwd=package.folder,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPATH": str(package.folder)},
    )
    assert run.returncode == 0, run.stdout + run.stderr
    versions = ", ".join(f"pydantic {v}" if n == "pydantic" else f"{n} {v}" for n, v in sorted(ENDS[end].items()))
    assert f"ok with {versions}" in run.stdout, run.stdout


def test_declared_range_is_what_the_package_says_and_tests(generated_packages: PackageFactory) -> None:
    result = generated_packages.get(runa_specs()[-1]).result
    for dependency in RUNTIME_DEPENDENCIES:
        assert f'"{dependency.requirement}"' in result.files["pyproject.toml"]
        assert f"{dependency.name} {dependency.lowest} and {dependency.newest}" in result.files["README.md"]
        allowed = SpecifierSet(f">={dependency.lowest},<{dependency.below}")
        assert Version(dependency.lowest) in allowed and Version(dependency.newest) in allowed


@pytest.mark.parametrize("dependency", RUNTIME_DEPENDENCIES, ids=lambda d: d.name)
def test_newest_tested_is_the_newest_the_index_has_in_range(dependency: Any) -> None:
    listed = subprocess.run(
        [sys.executable, "-m", "pip", "index", "versions", dependency.name, "--disable-pip-version-check"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert listed.returncode == 0, listed.stderr
    available = re.search(r"Available versions: (.*)", listed.stdout)
    assert available, listed.stdout
    allowed = SpecifierSet(f">={dependency.lowest},<{dependency.below}")
    in_range = [v for v in map(Version, available.group(1).split(", ")) if v in allowed and not v.is_prerelease]
    assert max(in_range) == Version(dependency.newest), (
        f"{dependency.name} {max(in_range)} is out and allowed by the package's range: set `newest` in "
        "generator/runtime_dependencies.py to it once this file's tests pass with it (or narrow the range)"
    )
    assert Version(dependency.lowest) in in_range, f"{dependency.name} {dependency.lowest} is not on the index"
