"""Which API version a spec file is, and which versions a folder of specs holds.

One reading shared by generation (`pipeline.dated_version`), `changelog`, `add` and the tests, so a
spec kept under its downloaded name (`runa_2025-06-01_openapi.json`) is the same version to all of
them, and a file that none of them could place is an error rather than something skipped.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import GeneratorError

SPEC_SUFFIXES = (".yaml", ".yml", ".json")
# A date not glued to other digits: `2024-02-05` in `runa_2024-02-05_openapi.json`, not in `12024-02-051`.
_DATE_IN_NAME = re.compile(r"(?<!\d)(\d{4}-\d{2}-\d{2})(?!\d)")


@dataclass(frozen=True)
class DatedSpec:
    """One spec file of a folder and the API version its name gives."""

    version: str
    path: Path


def parse_version(text: str, *, what: str = "--api-version") -> str:
    """`text` when it is a real calendar date written YYYY-MM-DD, else a GeneratorError saying so."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise GeneratorError(f"{what} must be a date written YYYY-MM-DD, not {text!r}")
    try:
        datetime.date.fromisoformat(text)
    except ValueError as error:
        raise GeneratorError(f"{what} {text!r} is not a calendar date ({error})") from None
    return text


def version_in_name(name: str) -> str | None:
    """The API version a file name carries: its first YYYY-MM-DD that is a real date, else None."""
    for match in _DATE_IN_NAME.finditer(name):
        try:
            return parse_version(match.group(1))
        except GeneratorError:
            continue
    return None


def is_spec_file(path: Path) -> bool:
    return path.is_file() and path.suffix.lower() in SPEC_SUFFIXES and not path.name.startswith(".")


def dated_specs(folder: Path, *, leaving_out: Collection[Path] = ()) -> list[DatedSpec]:
    """Every spec in `folder` (.yaml, .yml, .json) but `leaving_out`, oldest version first.

    A spec file whose name has no date, or two files for one date, is an error naming the files:
    each would otherwise be silently left out of the changelog and the tests.
    """
    if not folder.is_dir():
        raise GeneratorError(f"{folder} is not a folder of specs (expected files such as 2024-02-05.yaml)")
    found: dict[str, Path] = {}
    left_out = {p.resolve() for p in leaving_out}
    for path in sorted(folder.iterdir()):
        if not is_spec_file(path) or path.resolve() in left_out:
            continue
        version = version_in_name(path.name)
        if version is None:
            raise GeneratorError(
                f"{path}: the file name has no YYYY-MM-DD date, so it is no version; "
                "rename it (2024-02-05.yaml) or add it with `python -m generator add FILE --api-version DATE`"
            )
        if version in found:
            raise GeneratorError(
                f"{found[version]} and {path} are both version {version}: keep one (`python -m generator add` "
                "stores a spec as <date>.<ext>)"
            )
        found[version] = path
    return [DatedSpec(version, found[version]) for version in sorted(found)]
