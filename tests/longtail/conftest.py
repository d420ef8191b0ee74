"""The probe specs of tests/longtail/specs, one package each, and a client of one on a recording transport."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

from ..packages import PackageFactory
from ..support import UNDATED_VERSION

SPECS = Path(__file__).resolve().parent / "specs"


@pytest.fixture(scope="module")
def probe(generated_packages: PackageFactory) -> Callable[[str], Any]:
    """`probe("uploads")`: the package generated from specs/uploads.yaml (its GenerationResult as `.result`)."""

    def get(name: str) -> Any:
        return generated_packages.get(SPECS / f"{name}.yaml", name=f"longtail_{name}", api_version=UNDATED_VERSION)

    return get


class Recorder:
    """A transport that records each request and answers with `responses` in turn, the last one
    again and again (a 204 unless told)."""

    def __init__(self, *responses: httpx.Response) -> None:
        self.requests: list[httpx.Request] = []
        self.responses = list(responses) or [httpx.Response(204)]

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        return self.responses[min(len(self.requests), len(self.responses)) - 1]

    def client(self, package: ModuleType, client_class: str, **arguments: Any) -> Any:
        arguments.setdefault("max_retries", 0)
        return getattr(package, client_class)(
            http_client=httpx.Client(transport=httpx.MockTransport(self)), **arguments
        )
