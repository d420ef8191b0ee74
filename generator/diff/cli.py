"""The diff tool's two commands: `python -m generator diff OLD NEW` and `python -m generator changelog SPECS_DIR`.

`generator/__main__.py` hands them their arguments; everything here is argument parsing, exit codes
and printing. The comparison is api.py (+ schema.py, surface.py), the text render.py, the set of
changelogs changelog.py.
"""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path

from ..cli import EXIT_FOUND_DIFFERENCE, EXIT_OK, exit_code
from ..diagnostics import GeneratorError
from ..versions import dated_specs
from .api import FAIL_ON, diff_specs
from .changelog import changelogs
from .render import render_json, render_markdown


def diff_main(argv: list[str]) -> int:
    """`python -m generator diff OLD NEW [--format markdown|json] [--fail-on breaking|maybe|never]`."""
    args = _diff_parser().parse_args(argv)
    return exit_code(lambda: _diff(args), subject=args.new)


def _diff(args: argparse.Namespace) -> int:
    report = diff_specs(
        Path(args.old),
        Path(args.new),
        options_file=Path(args.options) if args.options else None,
        allow_external_refs=args.allow_external_refs,
    )
    sys.stdout.write(render_json(report) if args.format == "json" else render_markdown(report))
    return EXIT_FOUND_DIFFERENCE if report.fails(args.fail_on) else EXIT_OK


def _diff_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m generator diff",
        description=(
            "Compare two versions of an OpenAPI spec after resolving $refs (overlays beside each spec applied): "
            "every change with its level (breaking / maybe-breaking / info, like oasdiff's ERR / WARN / INFO), "
            "and what changes in the generated Python package (classes, fields, methods, arguments)."
        ),
        epilog=(
            "exit codes: 0 no change at or above --fail-on, 1 a change at or above --fail-on "
            "(API or Python surface), 2 bad input (the message names file:line and JSON pointer)"
        ),
    )
    parser.add_argument("old", help="the older spec (.yaml, .yml or .json)")
    parser.add_argument("new", help="the newer spec")
    parser.add_argument(
        "--format",
        choices=("markdown", "json"),
        default="markdown",
        help="markdown for people (default), json for CI (sorted keys, stable order)",
    )
    parser.add_argument(
        "--fail-on",
        choices=tuple(FAIL_ON),
        default="breaking",
        help="exit 1 when a change at this level or worse exists (default: breaking)",
    )
    parser.add_argument(
        "--options", help="generator options file for both specs (default: options/generator.yaml beside each spec)"
    )
    parser.add_argument(
        "--allow-external-refs", action="store_true", help="allow $ref to files outside each spec's folder"
    )
    return parser


def changelog_main(argv: list[str]) -> int:
    """`python -m generator changelog SPECS_DIR [--output DIR] [--check]`."""
    args = _changelog_parser().parse_args(argv)
    return exit_code(lambda: _changelog(args), subject=args.specs)


def _changelog(args: argparse.Namespace) -> int:
    output = Path(args.output)
    specs = dated_specs(Path(args.specs))
    if not specs:
        raise GeneratorError(f"{args.specs} holds no spec (expected dated files such as 2024-02-05.yaml)")
    files = changelogs(Path(args.specs))
    if not files:
        print(f"no changelog to write: {specs[0].path} is the only version in {args.specs}")
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
            return EXIT_FOUND_DIFFERENCE
        print(f"check ok: {len(files)} changelog(s) in {output} are up to date")
        return EXIT_OK
    output.mkdir(parents=True, exist_ok=True)
    for name, text in sorted(files.items()):
        (output / name).write_text(text, encoding="utf-8", newline="\n")
        print(f"wrote {output / name}")
    return EXIT_OK


def _changelog_parser() -> argparse.ArgumentParser:
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
