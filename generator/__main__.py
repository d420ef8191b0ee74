"""Command line: `python -m generator SPEC [options]`. Exit codes: 0 ok, 1 --check found a difference, 2 bad input.

SPEC may be a folder: every version in it, as versions.py reads a folder of specs (the same reading as
`changelog` and the tests), so scripts/generate.sh names no spec file and a new version is picked up as it is.

Subcommands share the entry point, each named once in SUBCOMMANDS (which dispatches them and
lists them in --help). A spec is a .yaml/.yml/.json file, so it is never named like one.
"""

from __future__ import annotations

import argparse
import functools
import importlib
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .cli import EXIT_FOUND_DIFFERENCE, EXIT_OK, add_warning_options, exit_code, print_generation, summary_line
from .diagnostics import GeneratorError
from .pipeline import Request, Result, generate
from .stack import with_deep_stack
from .versions import dated_specs
from .write import diff_package, write_package


@dataclass(frozen=True)
class Subcommand:
    """`python -m generator NAME ...`: its arguments and purpose for --help, and its `main` (imported when run)."""

    name: str
    arguments: str
    purpose: str
    entry: str  # "module:function", relative to this package

    def main(self) -> Callable[[list[str]], int]:
        module, function = self.entry.split(":")
        main: Callable[[list[str]], int] = getattr(importlib.import_module(module, __package__), function)
        return main


SUBCOMMANDS = (
    Subcommand("diff", "OLD NEW", "what changed, with breaking-change levels", ".diff.cli:diff_main"),
    Subcommand(
        "changelog", "SPECS_DIR", "the diff of each consecutive pair of dated specs", ".diff.cli:changelog_main"
    ),
    Subcommand("add", "SPEC_FILE", "add a version Runa published: store, generate, changelog", ".add:main"),
    Subcommand("check", "PACKAGE_DIR", "a package is exactly what the inputs it carries generate", ".check:main"),
    Subcommand(
        "overlay-draft",
        "SPEC --deviations LOG.jsonl -o DRAFT.yaml",
        "an Overlay 1.0 draft making legal what a client recorded, or the spec's own examples",
        ".overlay_draft:main",
    ),
)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    subcommand = next((s for s in SUBCOMMANDS if argv and argv[0] == s.name), None)
    if subcommand is not None:
        command, rest = subcommand.main(), argv[1:]
        return with_deep_stack(lambda: command(rest))
    args = _parser().parse_args(argv)
    if args.check:
        # --check is the proof that a vendored copy is untouched: it must not trust a cache that
        # someone else could have written (e.g. a CI cache restored from a fork), so it recomputes.
        os.environ["RUNA_GENERATOR_CACHE"] = "off"
    return exit_code(lambda: _generate(args), subject=args.spec)


def _requests(args: argparse.Namespace) -> list[Request]:
    """One request per spec: SPEC itself, or each version in the folder SPEC (as versions.py reads it), oldest first."""
    spec = Path(args.spec)
    if not spec.is_dir():
        specs = [spec]
    elif args.package_name or args.api_version:
        raise GeneratorError(f"{spec} is a folder of specs: --package-name and --api-version name one spec's package")
    else:
        specs = [dated.path for dated in dated_specs(spec)]
        if not specs:
            raise GeneratorError(f"{spec} holds no spec (expected dated files such as 2024-02-05.yaml)")
    return [
        Request(
            spec=path,
            output=Path(args.output),
            package_name=args.package_name,
            api_version=args.api_version,
            strict=args.strict,
            allow_external_refs=args.allow_external_refs,
            options_file=Path(args.options) if args.options else None,
            overlays=tuple(Path(p) for p in args.overlay),
        )
        for path in specs
    ]


def _generate(args: argparse.Namespace) -> int:
    """Every package generated before any is written: one bad version in a folder leaves all packages as they were."""
    generated: list[tuple[Request, Result, float]] = []
    for request in _requests(args):
        started = time.perf_counter()
        result = with_deep_stack(functools.partial(generate, request))
        print_generation(result, args)
        generated.append((request, result, time.perf_counter() - started))
    if args.check:
        outcomes = [_check(request, result) for request, result, _ in generated]
        return EXIT_FOUND_DIFFERENCE if EXIT_FOUND_DIFFERENCE in outcomes else EXIT_OK
    for _, result, seconds in generated:
        started = time.perf_counter()
        written = write_package(result.files, result.target)
        print(summary_line(result, written, seconds + time.perf_counter() - started))
    return EXIT_OK


def _check(request: Request, result: Result) -> int:
    diff = diff_package(result.files, result.target)
    if diff:
        sys.stdout.write(diff)
        print(f"check failed: {result.target} differs from what {request.spec} generates", file=sys.stderr)
        return EXIT_FOUND_DIFFERENCE
    print(f"check ok: {result.target} is exactly what {request.spec} generates")
    return EXIT_OK


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m generator",
        usage="%(prog)s [options] spec\n       %(prog)s SUBCOMMAND ... (listed below; each has its --help)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Generate a typed, versioned Python client package from a dated OpenAPI spec.\n\nsubcommands:\n"
        + "\n".join(f"  {s.name} {s.arguments}\n      {s.purpose}" for s in SUBCOMMANDS),
        epilog="exit codes: 0 success, 1 --check found a difference, 2 bad input (the message names file:line and JSON pointer)",
    )
    parser.add_argument(
        "spec",
        help="the spec: .yaml, .yml or .json; its file name should contain the API version date. "
        "A folder: every version in it (any spec file named with its date), oldest first",
    )
    parser.add_argument("--output", default="generated", help="folder that receives the package (default: generated)")
    parser.add_argument(
        "--package-name", help="package name (default: from info.title and the version, e.g. runa_2024_02_05)"
    )
    parser.add_argument("--api-version", help="YYYY-MM-DD, when the spec's file name has no date")
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 with a diff if the package on disk differs"
    )
    parser.add_argument("--strict", action="store_true", help="make every validation problem fatal (exit 2)")
    parser.add_argument(
        "--allow-external-refs", action="store_true", help="allow $ref to files outside the spec's folder"
    )
    add_warning_options(parser)
    parser.add_argument("--options", help="generator options file (default: options/generator.yaml beside the spec)")
    parser.add_argument(
        "--overlay",
        action="append",
        default=[],
        metavar="FILE",
        help="OpenAPI Overlay 1.0 file to apply before validation (repeatable); overlays/*.yaml beside the spec whose `extends` names it apply first",
    )
    return parser


if __name__ == "__main__":
    sys.exit(main())
