"""What the commands of `python -m generator` (generate, `add`, `diff`, `changelog`) share.

How each ends: an exit code, and on bad input one `error:` message on stderr naming the file (and
the line and JSON pointer, which a GeneratorError carries), never a traceback. And, for the two that
generate a package, the warning options and the lines that report a generation.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Callable

from .diagnostics import GeneratorError, printable, warning_lines
from .pipeline import Result

EXIT_OK = 0
# --check found a difference (package or changelog on disk), or `diff` found a change at --fail-on.
EXIT_FOUND_DIFFERENCE = 1
EXIT_BAD_INPUT = 2


def exit_code(command: Callable[[], int], *, subject: object, on_failure: Callable[[], None] | None = None) -> int:
    """`command()`'s exit code; when it fails, `on_failure()`, one `error:` message and EXIT_BAD_INPUT.

    `subject` is what the command reads (a spec, a folder of specs): the message names it when the
    failure itself names no file.
    """
    try:
        return command()
    except GeneratorError as error:
        message = str(error)
    except RecursionError:
        message = f"{subject}: the document nests too deeply to process (recursion limit)"
    except OSError as error:
        message = f"{error.filename or subject}: {error.strerror or error}"
    except Exception as error:  # noqa: BLE001 - whatever the input, a message and exit 2, never a traceback
        if os.environ.get("GENERATOR_TRACEBACK"):
            traceback.print_exc()
        message = (
            f"{subject}: internal error ({type(error).__name__}: {printable(' '.join(str(error).split())[:300])}); "
            "the input is malformed in a way the generator does not check yet. Please report it with the spec "
            "(GENERATOR_TRACEBACK=1 shows the traceback)"
        )
    print(f"error: {message}", file=sys.stderr)
    if on_failure is not None:
        on_failure()  # after the error, so what it undoes (and says) reads as the error's consequence
    return EXIT_BAD_INPUT


def add_warning_options(parser: argparse.ArgumentParser) -> None:
    """--verbose and --quiet, which `print_generation` reads."""
    chatter = parser.add_mutually_exclusive_group()
    chatter.add_argument(
        "--verbose", action="store_true", help="list every warning (default: one line per kind, with a count)"
    )
    chatter.add_argument("--quiet", action="store_true", help="print no warnings (the summary line still counts them)")


def print_generation(result: Result, args: argparse.Namespace) -> None:
    """The warnings (as --verbose/--quiet ask) on stderr, then which overlays applied and which did not."""
    if not args.quiet:
        for line in warning_lines(result.warnings, verbose=args.verbose):
            print(line, file=sys.stderr)
    for outcome in result.overlays:
        print(outcome)


def summary_line(result: Result, written: int, seconds: float) -> str:
    return (
        f"{len(result.api.operations)} operations, {len(result.api.definitions)} models, {written} files, "
        f"{len(result.warnings)} warnings, {seconds:.2f}s -> {result.target}"
    )
