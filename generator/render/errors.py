"""The view of `errors.py` (and the README's error table): each documented status's exception with
its body's type, and the API's error types, from `error_surface.py`.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from .. import ir
from ..error_surface import error_types, runtime_exports, typed_errors
from ..format import LINE_LENGTH
from ..naming import NameRegistry, enum_member_name
from ..pysource import docstring, literal
from ..template_folder import TEMPLATES


@dataclass(frozen=True)
class TypedErrorView:
    """A status's exception redefined with the body the spec documents for it."""

    name: str
    annotation: str  # the `body` attribute's type
    markdown: str  # the body's models as the README names them
    doc: str


@dataclass(frozen=True)
class ErrorTypeView:
    """One `ErrorType` constant: an error type the API documents."""

    name: str
    value: str


@dataclass(frozen=True)
class ErrorsView:
    imported: list[str]  # the runtime's names re-exported as they are
    all: list[str]  # `__all__`'s literals
    typed: list[TypedErrorView]
    types: list[ErrorTypeView]


def errors_view(api: ir.Api) -> ErrorsView:
    """The generated `errors.py`: each status's exception with its documented body, and the error types."""
    names = NameRegistry(frozenset())
    typed = typed_errors(api)
    redefined = {error.name for error in typed}
    exported = runtime_exports(TEMPLATES / "runtime" / "_errors.py")
    return ErrorsView(
        imported=[name for name in exported if name not in redefined],
        all=[literal(name) for name in sorted({*exported, "ErrorType"})],
        typed=[
            TypedErrorView(
                name=error.name,
                annotation=" | ".join([*error.bodies, "RawBody"]),
                markdown=" or ".join(f"`{body}`" for body in error.bodies),
                doc=docstring(
                    textwrap.fill(
                        f"The body of a {', '.join(map(str, error.statuses))} answer as documented, parsed "
                        f"into {' or '.join(f'`{b}`' for b in error.bodies)}; else as received (`RawBody`: the "
                        "JSON value, or the text of a body that is no JSON, such as a proxy's HTML page) when "
                        "it does not parse (strict response validation, another shape, another content type). "
                        "Narrow with `isinstance` before reading the model's fields.",
                        width=LINE_LENGTH - 8,
                    ),
                    "    ",
                ),
            )
            for error in typed
        ],
        types=[
            ErrorTypeView(names.claim(enum_member_name(value), separator="_"), literal(value))
            for value in error_types(api)
        ],
    )
