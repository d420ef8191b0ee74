"""Stage 2, validate: check the document against the OpenAPI schema of its version.

Real published specs often fail strict validation, so by default each problem is a located
warning; `strict=True` turns them into one fatal error. A document that is not OpenAPI 3.0, 3.1
or 3.2 at all is always fatal.

`start_validation` runs the validator in a worker process (`worker.py`; importing it and validating
Runa's spec takes ~0.25 s) while this one builds, renders and formats the package; `result()` waits
for its findings. The worker gets the document's data and answers (message, JSON pointer) pairs: locating
them (file and line) and deciding what is fatal happen here, exactly as without a worker. A worker
that cannot start or answer leaves the work to this process.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

from ..cache import DiskCache, key_of
from ..diagnostics import Diagnostic, GeneratorError, join_pointer
from ..load import SpecDocument, load_document
from ..stack import with_deep_stack
from ..worker import Worker

_T = TypeVar("_T")
# Findings are cached by the document's sha256 and everything else they depend on: this file,
# spec_validator.py, validator_settings.py, validator_locations.py and the validator's packages
# (validating Stripe's spec takes ~3 s, importing the validator ~0.2 s).
_VALIDATOR_PACKAGES = (
    "openapi-spec-validator",
    "openapi-schema-validator",
    "jsonschema",
    "jsonschema-path",
    "referencing",
)
# The validator recurses into `$ref`s without noticing cycles: on a schema such as
# `A: {allOf: [{$ref: A}]}` it recurses until the recursion limit, with time and memory growing with
# the square of the depth (3000 frames: ~4 s, ~300 MB; 20000 frames: minutes and 12 GB). It gets
# at most this many frames whatever the caller's limit; 200 levels of nested schemas need ~2500.
_VALIDATOR_FRAMES = 3000
# Each message is cut to this length: the validator can quote a whole subtree.
_MAX_MESSAGE = 300
_MAX_PROBLEMS = 50
WORKER_MAX_BYTES = 1_000_000
"""Above this size of the spec's file, validation stays in this process: the worker would hold a
second copy of a large document (Stripe's 4 MB: ~100 MB, as a fork touches every object of it),
for a few seconds of a long run."""


def openapi_minor_version(document: SpecDocument) -> str:
    """ "3.0", "3.1" or "3.2"; anything else is a GeneratorError saying what the document is."""
    data = document.data
    if not isinstance(data, dict):
        raise GeneratorError(
            f"not an OpenAPI document: the top level is a {type(data).__name__}, not a mapping", document.locate("")
        )
    if "swagger" in data:
        raise GeneratorError(
            f"Swagger {data['swagger']} documents are not supported: convert it to OpenAPI 3 first "
            "(for example with swagger2openapi)",
            document.locate("/swagger"),
        )
    version = data.get("openapi")
    if not isinstance(version, str):
        raise GeneratorError("not an OpenAPI document: no `openapi` version string", document.locate(""))
    match = re.fullmatch(r"(3\.[012])\.\d+(-[0-9A-Za-z.-]+)?", version)
    if match is None:
        raise GeneratorError(
            f"unsupported OpenAPI version {version!r}: this generator reads 3.0.x, 3.1.x and 3.2.x",
            document.locate("/openapi"),
        )
    return match.group(1)


def validate_document(document: SpecDocument, *, strict: bool, allow_external_refs: bool = False) -> list[Diagnostic]:
    """Validate against the OpenAPI schema; return the problems as warnings, or raise in strict mode.

    The validator follows `$ref`s itself: it may read the spec's local files (through `load_document`,
    with its limits) in the spec's folder (anywhere with `allow_external_refs`), and nothing else:
    never the network.
    """
    return start_validation(document, strict=strict, allow_external_refs=allow_external_refs, in_worker=False).result()


def start_validation(
    document: SpecDocument, *, strict: bool, allow_external_refs: bool = False, in_worker: bool = True
) -> Validation:
    """`validate_document`, started (in a worker process unless `in_worker` is False, or the findings
    are cached): `.result()` gives, or raises, what `validate_document` would."""
    return Validation(document, strict=strict, allow_external_refs=allow_external_refs, in_worker=in_worker)


class Validation:
    """The findings on one document: from the cache, from a worker process, or computed here.

    Without a worker they are computed (and located) at once, as before the next stage, and the
    document is not kept: a large spec's memory is freed once its IR is built."""

    def __init__(self, document: SpecDocument, *, strict: bool, allow_external_refs: bool, in_worker: bool) -> None:
        self.strict, self.allow_external_refs = strict, allow_external_refs
        self.minor = openapi_minor_version(document)
        self.cache = DiskCache.open("validate")
        # The cache key reads the validator's versions: asked only when there is a cache.
        self.key = key_of(_validator_identity(), self.minor, document.sha256) if self.cache is not None else ""
        self.worker: Worker[tuple[list[tuple[str, str]], bool, bool]] | None = None
        self.document: SpecDocument | None = None  # kept while a worker works on it, to locate its findings
        findings = self._cached()
        if findings is None and in_worker and _source_size(document) <= WORKER_MAX_BYTES:
            job = (document.data, str(document.path), self.minor, allow_external_refs, _frames_left())
            self.worker = Worker.start(_validate_job, *job)
        if self.worker is not None:
            self.problems: list[Diagnostic] | None = None
            self.document = document
        else:
            if findings is None:
                findings = self._computed(document)
            self.problems = _located(findings, document)

    def result(self) -> list[Diagnostic]:
        """The problems as located warnings; in strict mode, a GeneratorError listing them."""
        if self.problems is None:
            assert self.document is not None
            self.problems = _located(self._computed(self.document), self.document)
            self.document = None
        problems = self.problems
        if self.strict and problems:
            listing = "; ".join(str(p) for p in problems[:10])
            more = f" (and {len(problems) - 10} more)" if len(problems) > 10 else ""
            raise GeneratorError(f"the document fails OpenAPI validation (--strict): {listing}{more}")
        return problems

    def cancel(self) -> None:
        """Stop the worker, if any: its findings are no longer wanted."""
        if self.worker is not None:
            self.worker.stop()
            self.worker = None
        self.document = None

    def _cached(self) -> list[tuple[str, str]] | None:
        hit = self.cache.get(self.key) if self.cache is not None else None
        if hit is None:
            return None
        try:
            return [(str(message), str(pointer)) for message, pointer in json.loads(hit)]
        except (ValueError, TypeError):
            return None

    def _computed(self, document: SpecDocument) -> list[tuple[str, str]]:
        answer = self.worker.result() if self.worker is not None else None
        self.worker = None
        if answer is None:
            reader = _LocalFiles(document.path.resolve().parent, self.allow_external_refs)
            findings, complete = _run_validator(document.data, document.path, self.minor, reader)
            answer = findings, complete, bool(reader.read)
        findings, complete, read_other_files = answer
        # Findings that depend on other files are not cached.
        if self.cache is not None and complete and not read_other_files:
            self.cache.put(self.key, json.dumps(findings).encode())
        return findings


def _located(findings: list[tuple[str, str]], document: SpecDocument) -> list[Diagnostic]:
    return [Diagnostic(message, document.locate(pointer)) for message, pointer in findings]


def _validator_identity() -> str:
    """What the findings depend on besides the document: this code and the validator's versions."""
    from importlib.metadata import version  # here: only a run with a cache asks (~20 ms to import)

    versions = []
    for package in _VALIDATOR_PACKAGES:
        try:
            versions.append(f"{package} {version(package)}")
        except Exception:  # noqa: BLE001 - an unknown version only means "do not trust old entries"
            versions.append(f"{package} ?")
    code = hashlib.sha256()
    for name in ("validate.py", "spec_validator.py", "validator_settings.py", "validator_locations.py"):
        code.update(Path(__file__).with_name(name).read_bytes())
    return code.hexdigest() + "; " + ", ".join(versions)


def _run_validator(
    data: Any, path: Path, minor: str, reader: _LocalFiles, frames: int = _VALIDATOR_FRAMES
) -> tuple[list[tuple[str, str]], bool]:
    """The findings, and whether the validator ran to its end (only then are they cached)."""
    from jsonschema_path import SchemaPath  # here: a cached run never imports the validator (~0.2 s)

    from .spec_validator import spec_validator_class

    # Its default handlers fetch any http(s) or file URL a `$ref` names: ours only read local files.
    schema = SchemaPath.from_dict(data, base_uri=path.resolve().as_uri(), handlers=reader, resolved_cache_maxsize=128)
    validator = spec_validator_class(minor)(schema)
    findings: list[tuple[str, str]] = []
    try:
        for error in _within_recursion_budget(validator.iter_errors(), frames):
            pointer = join_pointer("", *getattr(error, "absolute_path", ()))
            findings.append((f"validation: {_short(error.message)}", pointer))
            if len(findings) >= _MAX_PROBLEMS:
                findings.append((f"validation: stopped after {_MAX_PROBLEMS} problems", ""))
                break
    except RecursionError:
        findings.append(
            (
                "validation: the validator ran out of recursion depth on this document's schemas; "
                "schema validation was incomplete",
                "",
            )
        )
        return findings, False
    except Exception as exc:  # noqa: BLE001 - a validator crash must not become a traceback
        findings.append((f"validation: the validator failed ({type(exc).__name__}: {_short(str(exc))})", ""))
        return findings, False
    return findings, True


class _LocalFiles(dict[str, Any]):
    """The validator's `$ref` handlers (a mapping from URL scheme to reader): every scheme maps to
    `read`, which serves local files the resolve stage would also allow and refuses the rest."""

    def __init__(self, folder: Path, allow_external_refs: bool) -> None:
        super().__init__()
        self.folder, self.allow_external_refs = folder, allow_external_refs
        self.read: list[Path] = []

    def __contains__(self, scheme: object) -> bool:
        return True

    def __getitem__(self, scheme: str) -> Any:
        return self.read_file

    def read_file(self, uri: str) -> Any:
        parts = urlsplit(uri)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            raise GeneratorError(f"remote $ref {uri!r} is not fetched")
        from urllib.request import url2pathname  # here: rarely needed, and ~12 ms to import

        path = Path(url2pathname(parts.path)).resolve()
        if not self.allow_external_refs and not path.is_relative_to(self.folder):
            raise GeneratorError(f"$ref to {path} outside the spec's folder is not read")
        self.read.append(path)
        return load_document(path).data


def _validate_job(
    data: Any, path: str, minor: str, allow_external_refs: bool, frames: int
) -> tuple[list[tuple[str, str]], bool, bool]:
    """The worker's job: (findings, complete, read other files)."""
    reader = _LocalFiles(Path(path).resolve().parent, allow_external_refs)
    findings, complete = with_deep_stack(lambda: _run_validator(data, Path(path), minor, reader, frames))
    return findings, complete, bool(reader.read)


def _source_size(document: SpecDocument) -> int:
    try:
        return document.path.stat().st_size
    except OSError:
        return 0


def _frames_left() -> int:
    """The frames the validator would get here: the same budget goes to the worker."""
    return max(0, min(_VALIDATOR_FRAMES, sys.getrecursionlimit() - _stack_depth()))


def _short(message: Any) -> str:
    text = " ".join(str(message).split())
    return text if len(text) <= _MAX_MESSAGE else text[: _MAX_MESSAGE - 3] + "..."


def _within_recursion_budget(items: Iterator[_T], frames: int) -> Iterator[_T]:
    """`items`, each produced with the recursion limit lowered to `frames` above the current depth
    (never raised: a caller's lower limit stands), and restored between items."""
    while True:
        limit = sys.getrecursionlimit()
        sys.setrecursionlimit(min(limit, _stack_depth() + frames))
        try:
            item = next(items, _DONE)
        finally:
            sys.setrecursionlimit(limit)
        if item is _DONE:
            return
        yield item


_DONE: Any = object()


def _stack_depth() -> int:
    depth, frame = 0, sys._getframe()
    while frame is not None:
        depth, frame = depth + 1, frame.f_back  # type: ignore[assignment]
    return depth
