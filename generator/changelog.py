"""`python -m generator changelog SPECS_DIR`: the Markdown diff of each consecutive pair of dated specs.

For specs/2023-07-27.yaml and specs/2024-02-05.yaml it writes generated/CHANGELOG-2024-02-05.md
(the changes from 2023-07-27 to 2024-02-05); one file per later version. `--check` writes nothing
and exits 1 when a committed changelog differs from what the specs give, like the packages.
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
from pathlib import Path

from .diagnostics import GeneratorError
from .diff import diff_versions, read_version
from .diff_render import render_markdown

EXIT_OK, EXIT_CHECK_FAILED, EXIT_BAD_INPUT = 0, 1, 2
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


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    output = Path(args.output)
    try:
        files = changelogs(Path(args.specs))
    except GeneratorError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.check:
        problems: list[str] = []
        for name, text in sorted(files.items()):
            path = output / name
            on_disk = path.read_text(encoding="utf-8") if path.is_file() else ""
            if on_disk != text:
                problems += difflib.unified_diff(
                    on_disk.splitlines(),
                    text.splitlines(),
                    f"{name} (on disk)",
                    f"{name} (generated)",
                    lineterm="",
                    n=1,
                )
        if problems:
            sys.stdout.write("\n".join(problems[:80]) + "\n")
            print(f"check failed: changelogs in {output} differ from what {args.specs} gives", file=sys.stderr)
            return EXIT_CHECK_FAILED
        print(f"check ok: {len(files)} changelog(s) in {output} are up to date")
        return EXIT_OK
    output.mkdir(parents=True, exist_ok=True)
    for name, text in sorted(files.items()):
        (output / name).write_text(text, encoding="utf-8", newline="\n")
        print(f"wrote {output / name}")
    return EXIT_OK


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m generator changelog",
        description="Write CHANGELOG-<new version>.md (the Markdown diff) for each consecutive pair of dated specs in a folder.",
        epilog="exit codes: 0 success, 1 --check found a stale changelog, 2 bad input (the message names file:line and JSON pointer)",
    )
    parser.add_argument("specs", help="folder of dated specs (2023-07-27.yaml, 2024-02-05.yaml, ...)")
    parser.add_argument(
        "--output", default="generated", help="folder that receives the changelogs (default: generated)"
    )
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 with a diff if a changelog on disk is stale"
    )
    return parser
