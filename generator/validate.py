"""Stage 2, validate: check the document against the OpenAPI schema of its version.

Real published specs often fail strict validation, so by default each problem is a located
warning; `strict=True` turns them into one fatal error. A document that is not OpenAPI 3.0, 3.1
or 3.2 at all is always fatal.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from collections.abc import Iterator
from importlib.metadata import version
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit
from urllib.request import url2pathname

from .cache import DiskCache, key_of
from .diagnostics import Diagnostic, GeneratorError, join_pointer
from .load import SpecDocument, load_document

_T = TypeVar("_T")
# Findings are cached by the document's sha256 and everything else they depend on: this file,
# spec_validator.py and the validator's packages (validating Stripe's spec takes ~3 s, importing
# the validator ~0.2 s).
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
    problems = [
        Diagnostic(message, document.locate(pointer)) for message, pointer in _findings(document, allow_external_refs)
    ]
    if strict and problems:
        listing = "; ".join(str(p) for p in problems[:10])
        more = f" (and {len(problems) - 10} more)" if len(problems) > 10 else ""
        raise GeneratorError(f"the document fails OpenAPI validation (--strict): {listing}{more}")
    return problems


def _findings(document: SpecDocument, allow_external_refs: bool) -> list[tuple[str, str]]:
    """(message, JSON pointer) of each problem, from the cache when this document was seen before."""
    minor = openapi_minor_version(document)
    cache = DiskCache.open("validate")
    key = key_of(_validator_identity(), minor, document.sha256)
    if cache is not None and (hit := cache.get(key)) is not None:
        try:
            return [(str(message), str(pointer)) for message, pointer in json.loads(hit)]
        except (ValueError, TypeError):
            pass
    reader = _LocalFiles(document.path.resolve().parent, allow_external_refs)
    findings, complete = _run_validator(document, minor, reader)
    if cache is not None and complete and not reader.read:  # findings that depend on other files are not cached
        cache.put(key, json.dumps(findings).encode())
    return findings


def _validator_identity() -> str:
    """What the findings depend on besides the document: this code and the validator's versions."""
    versions = []
    for package in _VALIDATOR_PACKAGES:
        try:
            versions.append(f"{package} {version(package)}")
        except Exception:  # noqa: BLE001 - an unknown version only means "do not trust old entries"
            versions.append(f"{package} ?")
    code = hashlib.sha256()
    for module in (Path(__file__), Path(__file__).with_name("spec_validator.py")):
        code.update(module.read_bytes())
    return code.hexdigest() + "; " + ", ".join(versions)


def _run_validator(document: SpecDocument, minor: str, reader: _LocalFiles) -> tuple[list[tuple[str, str]], bool]:
    """The findings, and whether the validator ran to its end (only then are they cached)."""
    from jsonschema_path import SchemaPath  # here: a cached run never imports the validator (~0.2 s)

    from .spec_validator import spec_validator_class

    # Its default handlers fetch any http(s) or file URL a `$ref` names: ours only read local files.
    schema = SchemaPath.from_dict(
        document.data, base_uri=document.path.resolve().as_uri(), handlers=reader, resolved_cache_maxsize=128
    )
    validator = spec_validator_class(minor)(schema)
    findings: list[tuple[str, str]] = []
    try:
        for error in _within_recursion_budget(validator.iter_errors(), _VALIDATOR_FRAMES):
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
        path = Path(url2pathname(parts.path)).resolve()
        if not self.allow_external_refs and not path.is_relative_to(self.folder):
            raise GeneratorError(f"$ref to {path} outside the spec's folder is not read")
        self.read.append(path)
        return load_document(path).data


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
