"""Command line: `python -m generator SPEC [options]`. Exit codes: 0 ok, 1 --check found a difference, 2 bad input."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .diagnostics import GeneratorError
from .pipeline import Request, generate
from .write import diff_package, write_package

EXIT_OK, EXIT_CHECK_FAILED, EXIT_BAD_INPUT = 0, 1, 2
_MAX_WARNINGS_SHOWN = 40


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    started = time.perf_counter()
    request = Request(
        spec=Path(args.spec),
        output=Path(args.output),
        package_name=args.package_name,
        api_version=args.api_version,
        strict=args.strict,
        allow_external_refs=args.allow_external_refs,
        options_file=Path(args.options) if args.options else None,
    )
    try:
        result = generate(request)
        for warning in result.warnings[:_MAX_WARNINGS_SHOWN]:
            print(f"warning: {warning}", file=sys.stderr)
        if len(result.warnings) > _MAX_WARNINGS_SHOWN:
            print(f"warning: ... and {len(result.warnings) - _MAX_WARNINGS_SHOWN} more", file=sys.stderr)
        if args.check:
            diff = diff_package(result.files, result.target)
            if diff:
                sys.stdout.write(diff)
                print(f"check failed: {result.target} differs from what {request.spec} generates", file=sys.stderr)
                return EXIT_CHECK_FAILED
            print(f"check ok: {result.target} is exactly what {request.spec} generates")
            return EXIT_OK
        written = write_package(result.files, result.target)
    except GeneratorError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except RecursionError:
        print(f"error: {request.spec}: the document nests too deeply to process (recursion limit)", file=sys.stderr)
        return EXIT_BAD_INPUT
    api = result.api
    print(
        f"{len(api.operations)} operations, {len(api.definitions)} models, {written} files, "
        f"{len(result.warnings)} warnings, {time.perf_counter() - started:.2f}s -> {result.target}"
    )
    return EXIT_OK


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m generator",
        description="Generate a typed, versioned Python client package from a dated OpenAPI spec.",
        epilog="exit codes: 0 success, 1 --check found a difference, 2 bad input (the message names file:line and JSON pointer)",
    )
    parser.add_argument("spec", help="the spec: .yaml, .yml or .json; its file name should contain the API version date")
    parser.add_argument("--output", default="generated", help="folder that receives the package (default: generated)")
    parser.add_argument("--package-name", help="package name (default: from info.title and the version, e.g. runa_2024_02_05)")
    parser.add_argument("--api-version", help="YYYY-MM-DD, when the spec's file name has no date")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 with a diff if the package on disk differs")
    parser.add_argument("--strict", action="store_true", help="make every validation problem fatal (exit 2)")
    parser.add_argument("--allow-external-refs", action="store_true", help="allow $ref to files outside the spec's folder")
    parser.add_argument("--options", help=f"generator options file (default: generator.yaml beside the spec)")
    return parser


if __name__ == "__main__":
    sys.exit(main())
