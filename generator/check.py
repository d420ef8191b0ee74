"""`python -m generator check PACKAGE_DIR...`: is each package exactly what its own inputs generate?

The package carries its inputs (`_generated_from.json`, provenance.py). They are laid out in a
temporary folder as the generator would find them (the spec, the files its `$ref`s name beside it,
`overlays/` and `options/` beside it, `--overlay` files apart) and generated from, with the same
arguments; the result is compared with the folder, byte for byte, as `--check` compares. So the
check needs neither the generator's repository nor the folder the package was made in, and gives
the same answer from any working directory and any clone. Exit 0 identical, 1 a difference (with
a unified diff), 2 no package or an unreadable manifest.
"""

from __future__ import annotations

import argparse
import functools
import os
import sys
import tempfile
from pathlib import Path

from . import __version__, ir
from .cli import EXIT_FOUND_DIFFERENCE, EXIT_OK, add_warning_options, exit_code
from .diagnostics import GeneratorError, warning_lines
from .options import OPTIONS_FILE_NAME
from .overlay import OVERLAY_FOLDER
from .pipeline import Request, generate
from .provenance import MANIFEST_FILE, read_manifest
from .write import diff_package


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    # As for --check: the proof that a copy is untouched trusts no cache someone else may have written.
    os.environ["RUNA_GENERATOR_CACHE"] = "off"
    # Each folder is checked, whatever an earlier one gave; the worst outcome is the exit code.
    return max(
        exit_code(functools.partial(check_package, Path(package), args), subject=package) for package in args.package
    )


def check_package(package: Path, args: argparse.Namespace) -> int:
    made = read_manifest(package)
    with tempfile.TemporaryDirectory(prefix="runa-generator-check-") as folder:
        result = generate(laid_out(made, Path(folder)))
    if args.verbose:
        # The spec's warnings and the overlays' outcomes are the generation's, not the check's: shown
        # on request only, located in what the package carries (the temporary folder is gone).
        carried = f"<{MANIFEST_FILE} of {package}>"
        for line in [*warning_lines(result.warnings, verbose=True), *map(str, result.overlays)]:
            print(line.replace(folder, carried), file=sys.stderr)
    diff = diff_package(result.files, package)
    if not diff:
        print(f"check ok: {package} is exactly what its {MANIFEST_FILE} generates")
        return EXIT_OK
    sys.stdout.write(diff)
    print(f"check failed: {package} differs from what its {MANIFEST_FILE} generates", file=sys.stderr)
    if made.generator_version != __version__:
        print(
            f"note: the package was made by runa-client-generator {made.generator_version}, this is {__version__}: "
            "regenerate it with this version, or check it with the one that made it",
            file=sys.stderr,
        )
    return EXIT_FOUND_DIFFERENCE


def laid_out(made: ir.Provenance, folder: Path) -> Request:
    """Write the carried inputs under `folder` where the generator finds them; the Request that made the package."""
    ups = max((Path(s.name).parts.count("..") for s in made.of_role("document")), default=0)
    specs = (
        folder.joinpath(*(["in"] * ups)) / "spec"
    )  # documents may lie above the spec's folder (--allow-external-refs)
    (spec,) = made.of_role("spec")
    options_folder = specs / Path(OPTIONS_FILE_NAME).parent
    explicit: list[Path] = []
    options: Path | None = None  # none recorded: none were read, and none is laid out at the default place
    for index, source in enumerate(made.sources):
        if source.role == "document":
            path = specs / source.name
        elif source.role == "overlay":
            path = specs / OVERLAY_FOLDER / _plain(source)
        elif source.role == "explicit_overlay":
            path = folder / "explicit" / str(index) / _plain(source)  # two --overlay files may share a name
            explicit.append(path)
        elif source.role == "options":
            path = options = options_folder / _plain(source)
        else:
            path = specs / _plain(source)
        if not path.resolve().is_relative_to(folder.resolve()):
            raise GeneratorError(
                f"{MANIFEST_FILE}: source {source.name!r} would lie outside the folder it is laid out in"
            )
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(source.text.encode("utf-8"))
    return Request(
        spec=specs / spec.name,
        output=folder / "out",
        package_name=made.package_name,
        api_version=made.api_version,
        strict=made.strict,
        allow_external_refs=made.allow_external_refs,
        options_file=options,
        overlays=tuple(explicit),
        import_name=made.import_name,
    )


def _plain(source: ir.SourceFile) -> str:
    if Path(source.name).name != source.name or source.name in ("", ".", ".."):
        raise GeneratorError(f"{MANIFEST_FILE}: {source.role} {source.name!r} is not a plain file name")
    return source.name


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m generator check",
        description=(
            f"Check that a generated package is exactly what the inputs it carries ({MANIFEST_FILE}) generate: "
            "from any folder or clone, with only the generator installed."
        ),
        epilog="exit codes: 0 identical, 1 the package differs (a unified diff is printed), 2 bad input",
    )
    parser.add_argument("package", nargs="+", help="the package folder(s) (e.g. shop/_vendor/runa)")
    add_warning_options(parser)  # --verbose: also the spec's warnings and the overlays applied
    return parser
