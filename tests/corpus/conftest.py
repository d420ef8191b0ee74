"""The corpus, generated once per test session: every package the session's (tests/packages.py),
imported once in a fresh interpreter, and type-checked by one `mypy --strict` run.

All corpus tests share the `xdist_group("corpus")` mark, so that with `pytest -n 2 --dist loadgroup`
one worker does this work once while the other runs the rest of the suite.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from ..packages import GeneratedPackage, PackageFactory
from ..support import MypyError, mypy_all
from .harness import generate_each, import_all, valid_specs


@dataclass
class Corpus:
    folder: Path  # where the packages are (the session's packages folder: on sys.path)
    generated: dict[str, GeneratedPackage]  # spec file name -> its package
    failed: dict[str, str]  # spec file name -> why it gave no package (the exception)
    imports: dict[str, str | None]  # package -> traceback, or None when it imported
    mypy: dict[str, list[MypyError]]  # package -> its errors


@pytest.fixture(scope="session")
def corpus(generated_packages: PackageFactory) -> Corpus:
    generated, failed = generate_each(generated_packages, valid_specs())
    packages = [package.name for package in generated.values()]
    imports = import_all(generated_packages.root, packages)
    mypy, _ = mypy_all(generated_packages.root, packages)
    generated_packages.importable()
    return Corpus(generated_packages.root, generated, failed, imports, mypy)
