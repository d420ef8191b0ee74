"""Fixtures of the model tests: the Runa specs and the model fixtures generated once per session into
a temporary folder (never into `generated/`), imported under names of their own."""

from __future__ import annotations

from pathlib import Path

import pytest

from .support import BREADTH, CORPUS_VALID, FIXTURES, SPECS, Package, generate_package

RUNA_VERSIONS = ("2023-07-27", "2024-02-05")


def _name(stem: str) -> str:
    return "mt_" + "".join(c if c.isalnum() else "_" for c in stem.lower())


@pytest.fixture(scope="session")
def model_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("model_packages")


@pytest.fixture(scope="session")
def runa_packages(model_folder: Path) -> dict[str, Package]:
    """Both Runa specs, with their overlays, as users generate them."""
    return {
        version: generate_package(SPECS / f"{version}.yaml", model_folder, _name("runa_" + version))
        for version in RUNA_VERSIONS
    }


@pytest.fixture(scope="session")
def runa(runa_packages: dict[str, Package]) -> Package:
    """The current Runa version, 2024-02-05."""
    return runa_packages["2024-02-05"]


@pytest.fixture(scope="session")
def fixture_package(model_folder: Path) -> dict[str, Package]:
    """Packages of the written model fixtures (tests/models/fixtures, tests/fixtures/breadth) and the corpus dcg_*
    specs, generated on first use."""
    cache: dict[str, Package] = {}

    class Lazy(dict[str, Package]):
        def __missing__(self, stem: str) -> Package:
            path = FIXTURES / f"{stem}.yaml"
            if not path.exists():
                path = BREADTH / f"{stem}.yaml"
            if not path.exists():
                path = CORPUS_VALID / f"{stem}.yaml"
            cache[stem] = generate_package(path, model_folder, _name(stem), api_version="2000-01-01")
            self[stem] = cache[stem]
            return cache[stem]

    return Lazy()
