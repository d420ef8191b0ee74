"""Stage 2, validate: check the document against the OpenAPI schema of its version.

Real published specs often fail strict validation, so by default each problem is a located
warning; `strict=True` turns them into one fatal error. A document that is not OpenAPI 3.0, 3.1
or 3.2 at all is always fatal.
"""

from __future__ import annotations

import re
from typing import Any

from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator, OpenAPIV32SpecValidator

from .diagnostics import Diagnostic, GeneratorError, join_pointer
from .load import SpecDocument

_VALIDATORS = {"3.0": OpenAPIV30SpecValidator, "3.1": OpenAPIV31SpecValidator, "3.2": OpenAPIV32SpecValidator}
# Each message is cut to this length: the validator can quote a whole subtree.
_MAX_MESSAGE = 300
_MAX_PROBLEMS = 50


def openapi_minor_version(document: SpecDocument) -> str:
    """"3.0", "3.1" or "3.2"; anything else is a GeneratorError saying what the document is."""
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


def validate_document(document: SpecDocument, *, strict: bool) -> list[Diagnostic]:
    """Validate against the OpenAPI schema; return the problems as warnings, or raise in strict mode."""
    validator = _VALIDATORS[openapi_minor_version(document)](document.data)
    problems: list[Diagnostic] = []
    try:
        for error in validator.iter_errors():
            pointer = join_pointer("", *getattr(error, "absolute_path", ()))
            problems.append(Diagnostic(f"validation: {_short(error.message)}", document.locate(pointer)))
            if len(problems) >= _MAX_PROBLEMS:
                problems.append(Diagnostic(f"validation: stopped after {_MAX_PROBLEMS} problems", document.locate("")))
                break
    except RecursionError:
        problems.append(
            Diagnostic(
                "validation: the validator ran out of recursion depth on this document's schemas; "
                "schema validation was incomplete",
                document.locate(""),
            )
        )
    except Exception as exc:  # noqa: BLE001 - a validator crash must not become a traceback
        problems.append(Diagnostic(f"validation: the validator failed ({type(exc).__name__}: {_short(str(exc))})", document.locate("")))
    if strict and problems:
        listing = "; ".join(str(p) for p in problems[:10])
        more = f" (and {len(problems) - 10} more)" if len(problems) > 10 else ""
        raise GeneratorError(f"the document fails OpenAPI validation (--strict): {listing}{more}")
    return problems


def _short(message: Any) -> str:
    text = " ".join(str(message).split())
    return text if len(text) <= _MAX_MESSAGE else text[: _MAX_MESSAGE - 3] + "..."
