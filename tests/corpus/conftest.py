"""The corpus, generated once per test session: every package written to one temporary folder,
imported once in a fresh interpreter, and type-checked by one `mypy --strict` run.

All corpus tests share the `xdist_group("corpus")` mark, so that with `pytest -n 2 --dist loadgroup`
one worker does this work once while the other runs the rest of the suite.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from .harness import Generated, MypyError, generate_into, import_all, mypy_all, valid_specs


@dataclass
class Corpus:
    folder: Path
    generated: dict[str, Generated]  # spec file name -> result
    imports: dict[str, str | None]  # package -> traceback, or None when it imported
    mypy: dict[str, list[MypyError]]  # package -> its errors


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Corpus]:
    folder = tmp_path_factory.mktemp("corpus_packages")
    generated = {spec.name: generate_into(spec, folder) for spec in valid_specs()}
    packages = [g.package for g in generated.values() if g.error is None]
    imports = import_all(folder, packages)
    mypy, _ = mypy_all(folder, packages)
    sys.path.insert(0, str(folder))
    try:
        yield Corpus(folder, generated, imports, mypy)
    finally:
        sys.path.remove(str(folder))
        for name in [n for n in sys.modules if n.split(".")[0] in packages]:
            del sys.modules[name]
