"""The view of `errors.py` (and the README's error table): each documented status's exception with
its body's type, and the API's error types, from `error_surface.py`.
"""

from __future__ import annotations

import textwrap
from typing import Any

from .. import ir
from ..error_surface import error_types, runtime_exports, typed_errors
from ..format import LINE_LENGTH
from ..naming import NameRegistry, enum_member_name
from ..pysource import docstring, literal
from ..template_folder import TEMPLATES


def errors_view(api: ir.Api) -> dict[str, Any]:
    """The generated `errors.py`: each status's exception with its documented body, and the error types."""
    names = NameRegistry(frozenset())
    typed = typed_errors(api)
    redefined = {error.name for error in typed}
    exported = runtime_exports(TEMPLATES / "runtime" / "_errors.py")
    return {
        "imported": [name for name in exported if name not in redefined],
        "all": [literal(name) for name in sorted({*exported, "ErrorType"})],
        "typed": [
            {
                "name": error.name,
                "annotation": " | ".join([*error.bodies, "Any"]),
                "markdown": " or ".join(f"`{body}`" for body in error.bodies),
                "doc": docstring(
                    textwrap.fill(
                        f"The body of a {', '.join(map(str, error.statuses))} answer as documented, parsed "
                        f"into {' or '.join(f'`{b}`' for b in error.bodies)}; the raw JSON value or text when "
                        "it does not parse (strict response validation, another content type).",
                        width=LINE_LENGTH - 8,
                    ),
                    "    ",
                ),
            }
            for error in typed
        ],
        "types": [
            {"name": names.claim(enum_member_name(value), separator="_"), "value": literal(value)}
            for value in error_types(api)
        ],
    }
