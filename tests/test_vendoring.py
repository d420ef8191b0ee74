"""Vendoring: a package generated under another name into another repository imports and works from there."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from generator.pipeline import Request, generate
from generator.write import diff_package, write_package

from .support import CURRENT, package_name

pytestmark = pytest.mark.slow  # see pyproject's `markers`

CONSUMER_SCRIPT = textwrap.dedent("""
    import sys

    import httpx

    from _vendor.runa import API_VERSION, RunaClient

    seen = []

    def handler(request):
        seen.append(request)
        return httpx.Response(200, json={"message": "pong"}, headers={"X-Api-Version": API_VERSION})

    client = RunaClient(api_key="k", http_client=httpx.Client(transport=httpx.MockTransport(handler)))
    result = client.utility.ping()
    assert result.message == "pong", result
    assert type(result).__module__ == "_vendor.runa.models", type(result).__module__
    (request,) = seen
    assert request.method == "GET" and request.url.path.endswith("/ping"), request.url
    assert request.headers["X-Api-Key"] == "k"
    assert request.headers["X-Api-Version"] == "@VERSION@"
    assert not [name for name in sys.modules if name.startswith(("runa_", "generator"))], "imported outside _vendor"
    print("vendored ok")
    """)


def test_vendored_package_imports_and_calls_from_another_repository(tmp_path: Path) -> None:
    # In-process, exactly what `python -m generator specs/<version>.yaml --output
    # <consumer>/_vendor --package-name runa` does (test_cli.py covers the command line itself).
    consumer = tmp_path / "consumer"
    request = Request(spec=CURRENT.path, output=consumer / "_vendor", package_name="runa")
    result = generate(request)
    assert result.target == consumer / "_vendor" / "runa"
    write_package(result.files, result.target)
    for name, text in result.files.items():
        assert package_name(CURRENT.path) not in text, f"{name} names the default package"
    # A fresh interpreter in the consumer repository: no PYTHONPATH to this project, only the venv's
    # httpx and pydantic.
    run = subprocess.run(
        [sys.executable, "-c", CONSUMER_SCRIPT.replace("@VERSION@", CURRENT.version)],
        cwd=consumer,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "PYTHONDONTWRITEBYTECODE": "1"},
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "vendored ok" in run.stdout
    # What `--check` in the consumer's CI compares: the vendored copy is exactly what the spec gives.
    assert diff_package(result.files, result.target) == ""
