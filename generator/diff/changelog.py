"""`python -m generator changelog SPECS_DIR`: the Markdown diff of each consecutive pair of dated specs.

For specs/2023-07-27.yaml and specs/2024-02-05.yaml it writes generated/CHANGELOG-2024-02-05.md
(the changes from 2023-07-27 to 2024-02-05); one file per later version. The specs are the ones
`versions.dated_specs` finds (any .yaml/.yml/.json whose name carries its date, so a spec kept under
its downloaded name is not left out). The command line (and its `--check`) is in cli.py.
"""

from __future__ import annotations

from pathlib import Path

from ..versions import dated_specs
from .api import DiffReport, diff_versions
from .read import read_version
from .render import render_markdown


def changelog_name(version: str) -> str:
    """The changelog file of the changes that lead to `version`."""
    return f"CHANGELOG-{version}.md"


def changelog_reports(folder: Path) -> dict[str, DiffReport]:
    """Changelog file name -> the diff it renders, one per consecutive pair of dated specs (each read once)."""
    specs = dated_specs(folder)
    versions = [read_version(dated.path) for dated in specs]
    return {
        changelog_name(dated.version): diff_versions(old, new)
        for old, new, dated in zip(versions, versions[1:], specs[1:])
    }


def changelogs(folder: Path) -> dict[str, str]:
    """File name -> Markdown, one per consecutive pair of dated specs."""
    return {name: render_markdown(report) for name, report in changelog_reports(folder).items()}
