"""`python -m generator changelog SPECS_DIR`: the Markdown diff of each consecutive pair of dated specs.

For specs/2023-07-27.yaml and specs/2024-02-05.yaml it writes generated/CHANGELOG-2024-02-05.md
(the changes from 2023-07-27 to 2024-02-05); one file per later version. The command line (and its
`--check`) is in cli.py.
"""

from __future__ import annotations

import re
from pathlib import Path

from .api import diff_versions, read_version
from .render import render_markdown

_DATED_SPEC = re.compile(r"^(\d{4}-\d{2}-\d{2})\.(ya?ml|json)$")


def dated_specs(folder: Path) -> list[Path]:
    """The specs in `folder` whose file name is a date (2024-02-05.yaml), oldest first."""
    specs = [p for p in folder.iterdir() if p.is_file() and _DATED_SPEC.match(p.name)]
    return sorted(specs, key=lambda p: p.name)


def changelog_name(spec: Path) -> str:
    match = _DATED_SPEC.match(spec.name)
    return f"CHANGELOG-{match.group(1) if match else spec.stem}.md"


def changelogs(folder: Path) -> dict[str, str]:
    """File name -> Markdown, one per consecutive pair of dated specs (each spec read once)."""
    specs = dated_specs(folder)
    versions = [read_version(spec) for spec in specs]
    return {
        changelog_name(new.path): render_markdown(diff_versions(old, new)) for old, new in zip(versions, versions[1:])
    }
