"""`python -m generator add SPEC_FILE [--api-version DATE]`: add a version Runa published, in one command.

1. Reads the version from the file name (`runa_2025-06-01_openapi.json`) or `--api-version` (which wins,
   said so), and loads the file: a broken download stops here with nothing stored.
2. Stores it, bytes unchanged, as `specs/<version>.<yaml|yml|json>` (a file dropped into specs/ by hand
   under another name is moved there; the same content already stored is fine; other content for that
   version is refused).
3. Generates its package into `generated/` (`--output`; named `--package-name`, else from the title and
   version) and writes every changelog (`generated/CHANGELOG-<v>.md`), exactly as
   `./scripts/generate.sh` does for a file dropped into specs/ by hand. A consuming repository runs it
   with its own `--specs`, `--output` and `--package-name` (README: "Vendoring and upgrading").
4. Prints which overlays applied and which no longer do (and why), the warnings, the package's summary
   line, and the summary of the changelog(s) the new version takes part in.

On bad input (exit 2) the spec is taken out of specs/ again, so the folder never holds a version
that does not generate.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import re
import shutil
import sys
import time
from pathlib import Path

from .cli import EXIT_OK, add_warning_options, exit_code, print_generation, summary_line
from .diagnostics import GeneratorError
from .load import load_document
from .pipeline import Request, generate
from .versions import SPEC_SUFFIXES, dated_specs, parse_version, version_in_name
from .write import write_package

_CHANGES_SHOWN = 12


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    stored: list[Path] = []  # the file this run put into specs/, taken out again on failure

    def take_back() -> None:
        for path in stored:
            path.unlink(missing_ok=True)
            print(f"not added: {path} removed again (fix the spec, then run add again)", file=sys.stderr)

    return exit_code(lambda: _add(args, stored), subject=args.spec, on_failure=take_back)


def _add(args: argparse.Namespace, stored: list[Path]) -> int:
    source, specs, output = Path(args.spec), Path(args.specs), Path(args.output)
    moved_from: Path | None = None
    version = _version(source, args.api_version)
    target = _stored_name(source, specs, version)
    if target.exists() and target.resolve() == source.resolve():
        print(f"{target} is already version {version} in {specs}")
    elif target.exists():
        print(f"{target} already holds version {version} with this very content")
    else:
        if source.parent.resolve() == specs.resolve():
            moved_from = source  # dropped in by hand under its downloaded name: one file per version
        _copy_bytes(source, target)
        stored.append(target)
    started = time.perf_counter()
    try:
        result = generate(Request(spec=target, output=output, package_name=args.package_name, strict=args.strict))
    except GeneratorError as error:
        raise _located_in_given(error, target, source) from None
    if stored:  # said once it generates: a spec that does not is taken out again ("not added")
        print(f"stored {source} as {target} (version {version})")
    print_generation(result, args)
    written = write_package(result.files, result.target)
    print(summary_line(result, written, time.perf_counter() - started))
    if moved_from is not None:
        moved_from.unlink()
    _write_changelogs(specs, output, version)
    return EXIT_OK


def _located_in_given(error: GeneratorError, stored: Path, given: Path) -> GeneratorError:
    """`error` located in the file the user gave, when the copy in specs/ (removed on failure) is that
    file byte for byte: the place to fix it, and one that still exists."""
    where = error.diagnostic.location
    if where is None or Path(where.file) != stored or stored.resolve() == given.resolve():
        return error
    if not (given.is_file() and given.read_bytes() == stored.read_bytes()):
        return error
    # The message may name the copy by its path or (as a `$ref`'s document) by its file name alone.
    message = error.diagnostic.message.replace(str(stored), str(given))
    message = re.sub(rf"(?<![\w/.-]){re.escape(stored.name)}(?![\w.-])", lambda _: given.name, message)
    return type(error)(message, dataclasses.replace(where, file=str(given)))


def _version(source: Path, flag: str | None) -> str:
    named = version_in_name(source.name)
    if flag is not None:
        given = parse_version(flag)
        if named and named != given:
            print(f"version {given} from --api-version (the file name's {named} is not the API version)")
        return given
    if named is None:
        raise GeneratorError(
            f"{source}: the file name has no YYYY-MM-DD date; say which version it is with --api-version YYYY-MM-DD"
        )
    return named


def _stored_name(source: Path, specs: Path, version: str) -> Path:
    """specs/<version><suffix>, after checking the file is a spec and no other file holds that version."""
    if not source.is_file():
        raise GeneratorError(f"{source}: no such file")
    suffix = source.suffix.lower()
    if suffix not in SPEC_SUFFIXES:
        raise GeneratorError(f"{source}: a spec is a .yaml, .yml or .json file")
    load_document(source)  # not YAML/JSON, too large, ...: located error before anything is stored
    specs.mkdir(parents=True, exist_ok=True)
    target = specs / f"{version}{suffix}"
    for dated in dated_specs(specs, leaving_out=(source,)):
        if dated.version != version:
            continue
        if dated.path.read_bytes() != source.read_bytes():
            raise GeneratorError(
                f"{dated.path} already holds version {version} with other content; "
                "remove it first to replace it (a published version should not change)"
            )
        return dated.path
    return target


def _copy_bytes(source: Path, target: Path) -> None:
    """`target` holds exactly `source`'s bytes, written atomically with the umask's mode."""
    staging = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    try:
        shutil.copyfile(source, staging)
        staging.replace(target)
    finally:
        staging.unlink(missing_ok=True)


def _write_changelogs(specs: Path, output: Path, version: str) -> None:
    """Rewrite every changelog (as `changelog SPECS_DIR` does) and summarise the ones `version` is in."""
    from .diff.changelog import changelog_name, changelog_reports
    from .diff.changes import LEVEL_RANK, level_counts
    from .diff.render import render_markdown

    reports = changelog_reports(specs)
    output.mkdir(parents=True, exist_ok=True)
    for name, report in sorted(reports.items()):
        (output / name).write_text(render_markdown(report), encoding="utf-8", newline="\n")
    involved = [r for r in reports.values() if version in (r.old.api_version, r.new.api_version)]
    if not involved:
        print(f"no changelog: {version} is the only version in {specs}")
    for report in sorted(involved, key=lambda r: r.new.api_version):
        path = output / changelog_name(report.new.api_version)
        counts, python = level_counts(list(report.changes)), level_counts(list(report.python_changes))
        print(
            f"changelog {path}: {report.old.api_version} -> {report.new.api_version}: "
            f"{counts['breaking']} breaking, {counts['maybe-breaking']} maybe-breaking, {counts['info']} info "
            f"(Python package: {python['breaking']} breaking, {python['maybe-breaking']} maybe-breaking, "
            f"{python['info']} info)"
        )
        # The most severe first (breaking, maybe-breaking, then info), API then Python surface.
        ranked = sorted(report.changes, key=lambda c: LEVEL_RANK[c.level]) + sorted(
            report.python_changes, key=lambda c: LEVEL_RANK[c.level]
        )
        for change in ranked[:_CHANGES_SHOWN]:
            print(f"  {change.level}: {change.operation or 'API'}: {change.message}")
        if len(ranked) > _CHANGES_SHOWN:
            print(f"  ... {len(ranked) - _CHANGES_SHOWN} more in {path}")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m generator add",
        description=(
            "Add a version Runa published: store the spec in specs/ under its dated name (content unchanged), "
            "generate its package, write the changelogs, and report the changes and which overlays applied."
        ),
        epilog="exit codes: 0 success, 2 bad input (nothing is left in specs/; the message names file:line and JSON pointer)",
    )
    parser.add_argument("spec", help="the downloaded spec: .yaml, .yml or .json (its name may carry the date)")
    parser.add_argument("--api-version", help="YYYY-MM-DD; required when the file name has no date, wins over it")
    parser.add_argument("--specs", default="specs", help="the folder of dated specs (default: specs)")
    parser.add_argument("--output", default="generated", help="folder of packages and changelogs (default: generated)")
    parser.add_argument(
        "--package-name",
        help="package name (default: from info.title and the version, e.g. runa_2025_06_01): the name you "
        "vendor it under, to replace that package in place",
    )
    parser.add_argument("--strict", action="store_true", help="make every validation problem fatal (exit 2)")
    add_warning_options(parser)
    return parser
