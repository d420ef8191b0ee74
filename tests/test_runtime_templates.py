"""templates/runtime/*.py are copied into every generated package: they are stored exactly as the
package gets them (already formatted as the generator formats its output), so "copied verbatim" is
literally true and a vendored copy can be compared with the template byte for byte. The format stage
relies on it and never runs black on them: black itself is the judge here."""

from __future__ import annotations

import difflib

import pytest

from generator.format import LINE_LENGTH, format_python
from generator.render import RUNTIME_FILES, TEMPLATES

from .packages import PackageFactory
from .support import CURRENT

RUNTIME = TEMPLATES / "runtime"
FIX = f".venv/bin/python -m black --line-length {LINE_LENGTH} --target-version py311 templates/runtime/*.py"


@pytest.fixture(scope="module")
def emitted(generated_packages: PackageFactory) -> dict[str, str]:
    return generated_packages.get(CURRENT.path).result.files


def test_every_runtime_template_is_copied() -> None:
    assert sorted(p.name for p in RUNTIME.glob("*.py")) == sorted(RUNTIME_FILES)


@pytest.mark.parametrize("name", RUNTIME_FILES)
def test_runtime_file_is_stored_exactly_as_emitted(emitted: dict[str, str], name: str) -> None:
    stored = (RUNTIME / name).read_bytes()
    produced = emitted[name].encode("utf-8")
    diff = difflib.unified_diff(
        stored.decode("utf-8").splitlines(), emitted[name].splitlines(), f"templates/runtime/{name}", "emitted", n=1
    )
    assert stored == produced, f"store the emitted text ({FIX}):\n" + "\n".join(list(diff)[:60])


@pytest.mark.parametrize("name", RUNTIME_FILES)
def test_black_leaves_the_stored_runtime_file_unchanged(name: str) -> None:
    stored = (RUNTIME / name).read_text(encoding="utf-8")
    formatted = format_python(stored)
    diff = difflib.unified_diff(stored.splitlines(), formatted.splitlines(), f"templates/runtime/{name}", "black", n=1)
    assert formatted == stored, f"format it ({FIX}):\n" + "\n".join(list(diff)[:60])
