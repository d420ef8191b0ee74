"""What the tests share: where things are, which Runa versions `specs/` holds and what the generator
names their packages, running the generator as users do, a digest of a folder's tree, and one
`mypy --strict` run over generated packages.

Which versions exist is `generator/versions.py`'s one reading of `specs/`, never written here by heart:
`CURRENT` is the newest spec, `PREVIOUS` the one before it, so a version dropped into `specs/` (by hand
or with `python -m generator add`) becomes the current one of every test with no edit. Facts of a
version (its operations, examples, overlays) are read from its spec and options, not listed.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

from generator.load import load_document
from generator.pipeline import default_package_name
from generator.versions import DatedSpec, dated_specs, version_in_name

ROOT = Path(__file__).resolve().parent.parent
SPECS = ROOT / "specs"
GENERATED = ROOT / "generated"
FIXTURES = ROOT / "tests" / "fixtures"
MODEL_FIXTURES = ROOT / "tests" / "models" / "fixtures"  # the model tests' specs, which some e2e tests generate too

RUNA: list[DatedSpec] = dated_specs(SPECS)
"""Every spec in specs/, oldest first."""
CURRENT: DatedSpec = RUNA[-1]
"""The newest version in specs/ (`CURRENT.version`, `CURRENT.path`)."""
PREVIOUS: DatedSpec = RUNA[-2]
"""The version before `CURRENT`."""
UNDATED_VERSION = "2000-01-01"
"""The `--api-version` tests give a spec whose file name carries no date (a corpus spec, a written
fixture): made up, so no version of specs/ and no version of a dated spec."""


def runa_specs() -> list[Path]:
    """Every spec in specs/ (.yaml, .yml or .json, under any name with its date), oldest first: a
    version added there is snapshot-, coverage-, changelog- and end-to-end tested with no edit here."""
    return [dated.path for dated in RUNA]


def spec_version(spec: Path) -> str:
    """The API version a spec's file name gives (the test id of everything parametrized by spec)."""
    version = version_in_name(spec.name)
    assert version is not None, spec
    return version


def package_name(spec: Path) -> str:
    """The name the generator gives the package of `spec` (`runa_<version with underscores>`)."""
    return default_package_name(load_document(spec).data, spec_version(spec))


def run_generator(
    *args: str | Path, cwd: Path = ROOT, timeout: float = 120, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`python -m generator ...` in a subprocess, exactly as a user runs it (with `env` added to its
    bare environment)."""
    return subprocess.run(
        [sys.executable, "-m", "generator", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "PYTHONDONTWRITEBYTECODE": "1", **(env or {})},
    )


def tree_digest(folder: Path, *, leaving_out: Collection[str] = ()) -> str:
    """sha256 over every path under `folder` (files, folders, links) and every file's bytes, but the
    paths with a part named in `leaving_out` (say `__pycache__`, which importing a package writes)."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if any(part in leaving_out for part in relative.parts):
            continue
        digest.update(relative.as_posix().encode() + b"\0")
        if path.is_file() and not path.is_symlink():
            digest.update(path.read_bytes())
    return digest.hexdigest()


HAND_CHECKED: tuple[DatedSpec, DatedSpec] = (RUNA[0], RUNA[1])
"""The first two versions Runa published, whose facts some tests check one by one as read in the files
(their diff entry by entry, their examples, their unions); the made-up versions in tests/fixtures (diff/,
next_version/) were derived from the second. A version added to specs/ later changes neither."""


_MYPY_LINE = re.compile(
    r"^(?P<package>\w+)[/\\](?P<file>[^:]+):(?P<line>\d+): error: (?P<message>.*?)(?:  \[(?P<code>[\w-]+)\])?$"
)


@dataclass(frozen=True)
class MypyError:
    package: str
    file: str
    line: int
    message: str
    code: str

    def __str__(self) -> str:
        return f"{self.package}/{self.file}:{self.line}: {self.message} [{self.code}]"


def mypy_all(folder: Path, packages: list[str]) -> tuple[dict[str, list[MypyError]], str]:
    """`mypy --strict` once over every package in `folder`: package -> its errors, and the raw output."""
    if not packages:
        return {}, ""
    arguments = [a for p in packages for a in ("-p", p)]
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-error-summary",
            "--show-error-codes",
            "--cache-dir",
            str(folder / ".mypy_cache"),
            *arguments,
        ],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=900,
        env={**os.environ, "MYPYPATH": str(folder)},
    )
    errors: dict[str, list[MypyError]] = {p: [] for p in packages}
    for line in completed.stdout.splitlines():
        match = _MYPY_LINE.match(line)
        if match and match["package"] in errors:
            errors[match["package"]].append(
                MypyError(match["package"], match["file"], int(match["line"]), match["message"], match["code"] or "")
            )
    if completed.returncode not in (0, 1) or (completed.returncode == 1 and not any(errors.values())):
        raise RuntimeError(f"mypy failed to run: {completed.stdout[-2000:]}{completed.stderr[-2000:]}")
    return errors, completed.stdout
