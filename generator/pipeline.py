"""The pipeline, top to bottom: load -> overlays -> validate -> resolve -> build IR -> render -> format -> write.

Each stage is a function from one plain value to the next; `generate` only strings them together:
`read_api` (up to the IR, also what the diff reads) then render and format.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import ir, provenance
from .build_ir import build_ir
from .diagnostics import Diagnostic, GeneratorError
from .format import format_files
from .load import SpecDocument, load_document
from .naming import snake_case
from .options import OPTIONS_FILE_NAME, load_options
from .overlay import OverlayOutcome, apply_spec_overlays
from .render import RUNTIME_FILES, render_package
from .resolve import ResolvedSpec, resolve_spec
from .validation.example_check import example_warning
from .validation.validate import Validation, openapi_minor_version, start_validation
from .versions import parse_version, version_in_name


@dataclass(frozen=True)
class Request:
    """What the user asked for on the command line."""

    spec: Path
    output: Path = Path("generated")
    package_name: str | None = None
    api_version: str | None = None
    strict: bool = False
    allow_external_refs: bool = False
    options_file: Path | None = None
    overlays: tuple[Path, ...] = ()  # --overlay files, applied after those in overlays/ beside the spec
    import_name: str | None = None  # the dotted name the package is imported by; None: read from the folders


@dataclass(frozen=True)
class Result:
    api: ir.Api
    files: dict[str, str]
    target: Path
    warnings: list[Diagnostic] = field(default_factory=list)
    overlays: tuple[OverlayOutcome, ...] = ()  # every overlay considered: applied or not, and why


@dataclass(frozen=True)
class ReadApi:
    """Stages 1-4 done: the IR, the resolved spec it was read from, and where the package goes."""

    api: ir.Api
    spec: ResolvedSpec
    target: Path
    warnings: list[Diagnostic]
    document: SpecDocument  # the spec as read, overlays applied
    overlays: tuple[OverlayOutcome, ...]


def generate(request: Request) -> Result:
    """Run every stage but the write; the caller writes (or checks) `result.files` at `result.target`.

    Validation runs in a worker process meanwhile (validate.start_validation): its findings take
    their place among the warnings once the package is formatted, and its --strict error still
    comes before any error of a later stage."""
    read, validation = _read_api(request, validate=True, in_worker=True)
    api, target, warnings, overlays = read.api, read.target, read.warnings, read.overlays
    del read  # the spec is not needed past the IR; freed, its memory serves rendering and formatting
    with _validation_first(validation):
        files = format_files(render_package(api, warnings), verbatim=RUNTIME_FILES)
    _add_findings(validation, warnings)
    return Result(api, files, target, warnings, overlays)


def read_api(request: Request, *, validate: bool = True) -> ReadApi:
    """Stages 1-4: load, overlays, validate, resolve, build the IR (also what the tests derive calls from).

    `python -m generator diff` reads both specs through here with `validate=False`: it compares what
    the generator reads, it does not judge the spec."""
    read, validation = _read_api(request, validate=validate, in_worker=False)
    _add_findings(validation, read.warnings)
    return read


def _read_api(request: Request, *, validate: bool, in_worker: bool) -> tuple[ReadApi, _PendingFindings | None]:
    warnings: list[Diagnostic] = []
    document, overlays, api_version = _overlaid(request, warnings)
    openapi_version = openapi_minor_version(document)
    validation = None
    if validate:
        pending = start_validation(
            document, strict=request.strict, allow_external_refs=request.allow_external_refs, in_worker=in_worker
        )
        validation = _PendingFindings(pending, len(warnings))
    with _validation_first(validation):
        spec = resolve_spec(document, allow_external_refs=request.allow_external_refs)
        broken = example_warning(document, openapi_version) if validate else None  # the diff does not judge
        if broken is not None:
            warnings.append(broken)
        options_file = request.options_file or request.spec.parent / OPTIONS_FILE_NAME
        options = load_options(options_file)
        package_name = request.package_name or default_package_name(document.data, api_version)
        from .write import package_path

        target = package_path(request.output, package_name)  # refuses an unusable name before any work
        api = build_ir(
            spec,
            openapi_version=openapi_version,
            api_version=api_version,
            package_name=package_name,
            options=options,
            warnings=warnings,
        )
        api = replace(api, provenance=_provenance(request, spec, overlays, options_file, package_name, target))
    return ReadApi(api, spec, target, warnings, document, overlays), validation


@dataclass(frozen=True)
class _PendingFindings:
    validation: Validation
    position: int  # where its warnings go: after those of the overlays, before those of later stages


def _add_findings(pending: _PendingFindings | None, warnings: list[Diagnostic]) -> None:
    if pending is not None:
        warnings[pending.position : pending.position] = pending.validation.result()


def _overlaid(request: Request, warnings: list[Diagnostic]) -> tuple[SpecDocument, tuple[OverlayOutcome, ...], str]:
    """Stage 1: the document read, its overlays applied; and its API version."""
    document = load_document(request.spec)  # first: a file that cannot be read says so, whatever its name
    api_version = dated_version(request)
    document, overlays = apply_spec_overlays(document, api_version, request.overlays, warnings)
    return document, overlays, api_version


def read_resolved(request: Request) -> tuple[SpecDocument, ResolvedSpec]:
    """Stages 1 and 3 without the IR: what the diff compares when no package can be built from the spec."""
    document, _, _ = _overlaid(request, [])
    return document, resolve_spec(document, allow_external_refs=request.allow_external_refs)


@contextmanager
def _validation_first(pending: _PendingFindings | None) -> Iterator[None]:
    """A later stage's failure comes after validation's own error (--strict), as when validation
    finished before the next stage began; otherwise the validation is no longer wanted."""
    try:
        yield
    except Exception:
        if pending is not None:
            try:
                if pending.validation.strict:
                    pending.validation.result()  # raises when the document fails validation
            finally:
                pending.validation.cancel()
        raise
    except BaseException:
        if pending is not None:
            pending.validation.cancel()
        raise


def _provenance(
    request: Request,
    spec: ResolvedSpec,
    overlays: tuple[OverlayOutcome, ...],
    options_file: Path,
    package_name: str,
    target: Path,
) -> ir.Provenance:
    """What made this package (the files as given, the arguments), for the package to carry."""
    explicit = {p.resolve() for p in request.overlays}
    root = request.spec.resolve()
    return provenance.record(
        spec=request.spec,
        documents=[Path(key) for key in spec.documents if Path(key) != root],
        folder_overlays=[o.path for o in overlays if o.applied and o.path.resolve() not in explicit],
        explicit_overlays=request.overlays,
        options=options_file,
        package_name=package_name,
        import_name=request.import_name or provenance.import_name(target, package_name),
        api_version=request.api_version if request.api_version and not version_in_name(request.spec.name) else None,
        strict=request.strict,
        allow_external_refs=request.allow_external_refs,
    )


def dated_version(request: Request) -> str:
    """The API version: the YYYY-MM-DD in the spec's file name, else --api-version; both must agree."""
    named = version_in_name(request.spec.name)
    given = parse_version(request.api_version) if request.api_version is not None else None
    if named and given and named != given:
        # Generating under another version than the file name says would give a package that the
        # next `./scripts/generate.sh` (which reads the name) silently replaces by another one.
        raise GeneratorError(
            f"--api-version {given} contradicts the file name {request.spec.name!r} (version {named}): "
            f"rename the file, drop --api-version, or store it with `python -m generator add {request.spec} "
            f"--api-version {given}`"
        )
    version = named or given
    if version is None:
        raise GeneratorError(
            f"no API version: the file name {request.spec.name!r} has no YYYY-MM-DD date; pass --api-version YYYY-MM-DD"
        )
    return version


def default_package_name(data: object, api_version: str) -> str:
    title = data.get("info", {}).get("title") if isinstance(data, dict) and isinstance(data.get("info"), dict) else None
    base = snake_case(title) if isinstance(title, str) else ""
    base = base or "api"
    if base[0].isdigit():
        base = "api_" + base
    return f"{base}_{api_version.replace('-', '_')}"
