"""Reading response data kept for later (a body stored in a database, a queued message, a recorded
answer replayed in a test) as the client reads a response.

`Model.model_validate(data)` reads data the way a request body is built: an undeclared key is
refused (naming the closest declared one), as a typo in a request would be. A stored response
holds whatever the server sent, undeclared fields included: `parse_response` reads it through the
same path as a live answer (`_parse.parse_value`), so it degrades, records and logs exactly as
the call did.
"""

from __future__ import annotations

from typing import Any, TypeVar, cast

_T = TypeVar("_T")


def parse_response(kind: type[_T], data: Any, *, strict: bool = False) -> _T:
    """`data` (JSON data, or the body's bytes or text) read as a response of type `kind` (a model of
    `models`): undeclared fields kept as extras, deviations recorded (`deviations()`) and logged,
    or raised as `errors.ResponseValidationError` when `strict`."""
    from ._base_model import loads
    from ._parse import parse_value

    value = loads(data) if isinstance(data, (bytes, str)) else data
    name = getattr(kind, "__name__", str(kind))
    return cast(_T, parse_value(kind, value, operation=f"parse_response({name})", strict=strict))
