"""Fixtures of the model tests: the Runa packages and the model fixtures, the session's generated packages
(tests/packages.py: once per session, into a temporary folder, never into `generated/`)."""

from __future__ import annotations

import pytest

from ..packages import GeneratedPackage, PackageFactory
from ..support import HAND_CHECKED, UNDATED_VERSION
from .support import BREADTH, CORPUS_VALID, FIXTURES, Package, package_of


def _name(stem: str) -> str:
    return "mt_" + "".join(c if c.isalnum() else "_" for c in stem.lower())


@pytest.fixture(scope="session")
def runa_packages(runa_generated: dict[str, GeneratedPackage]) -> dict[str, Package]:
    """Every Runa spec, with its overlays, as users generate it."""
    return {version: package_of(generated) for version, generated in runa_generated.items()}


@pytest.fixture(scope="session")
def runa(runa_packages: dict[str, Package]) -> Package:
    """The Runa version the model tests read fact by fact (support.HAND_CHECKED's second: a version
    added to specs/ later changes it not)."""
    return runa_packages[HAND_CHECKED[1].version]


@pytest.fixture(scope="session")
def fixture_package(generated_packages: PackageFactory) -> dict[str, Package]:
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
            cache[stem] = package_of(generated_packages.get(path, name=_name(stem), api_version=UNDATED_VERSION))
            self[stem] = cache[stem]
            return cache[stem]

    return Lazy()
