"""Checks of request data that pydantic's types let through but the wire cannot carry as the spec
says, made before anything is sent; each refusal names the operation and the value's JSON pointer.

- A date-time or time without a UTC offset (`datetime.utcnow()`, `datetime(2024, 1, 2)`): RFC 3339
  (`format: date-time`, `format: time`) requires one, and guessing it (UTC? local time?) would send
  a different instant than the caller meant. Attach one (`datetime.now(timezone.utc)`,
  `value.replace(tzinfo=timezone.utc)`) and the client sends it.
- Bytes inside JSON (`format: binary` in a JSON body) that are not UTF-8 text: JSON can only carry
  text; a file of its own goes in a multipart or binary body.
- A text body in the charset its media type names (`text/plain; charset=iso-8859-1`), refused when
  the text has a character that charset lacks.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, time
from typing import Any

from ._files import File
from ._wire import text


def check_json_data(operation: str, data: Any, *, files_allowed: bool = False) -> None:
    """Refuse what `data` (a dumped request body, wire names) holds that its JSON cannot carry."""
    _check(operation, data, (), files_allowed)


def _check(operation: str, value: Any, path: tuple[Any, ...], files_allowed: bool) -> None:
    # `path`: the keys and indexes down to `value`, made a JSON pointer only for a refusal (a 200-item
    # body has ~16,000 values to look at).
    kind = type(value)
    if kind is str or kind is int or kind is float or kind is bool or value is None:
        return
    if isinstance(value, Mapping):
        for key, item in value.items():
            _check(operation, item, (*path, key), files_allowed)
    elif isinstance(value, (list, tuple)) and not (files_allowed and isinstance(value, tuple)):
        for index, item in enumerate(value):
            _check(operation, item, (*path, index), files_allowed)
    elif isinstance(value, (datetime, time)):
        try:
            text(value)  # refuses a date-time or time without its offset
        except ValueError as error:
            raise ValueError(f"{operation}: request body at {_pointer(path)}: {error}") from None
    elif isinstance(value, (bytes, bytearray)) and not files_allowed:
        try:
            bytes(value).decode("utf-8")
        except UnicodeDecodeError:
            raise ValueError(
                f"{operation}: request body at {_pointer(path)} is bytes that are not UTF-8 text, which "
                "JSON cannot carry (a file goes in a multipart or binary body)"
            ) from None
    elif isinstance(value, File) and not files_allowed:
        raise ValueError(
            f"{operation}: request body at {_pointer(path)} is a File, which only a multipart body carries"
        )


def _pointer(path: tuple[Any, ...]) -> str:
    return "".join(f"/{_escape(str(step))}" for step in path) or "/"


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def text_content(operation: str, body: Any, media_type: str | None) -> bytes:
    """A text body encoded in the charset its media type names (UTF-8 when it names none)."""
    if not isinstance(body, str):
        raise TypeError(
            f"{operation}: the request body is text ({media_type or 'text/plain'}): pass a str, "
            f"not {type(body).__name__}"
        )
    charset = _charset(media_type) or "utf-8"
    try:
        return body.encode(charset)
    except LookupError:
        raise ValueError(
            f"{operation}: the charset {charset!r} of {media_type!r} is unknown"
        ) from None
    except UnicodeEncodeError as error:
        raise ValueError(
            f"{operation}: the request body has {error.object[error.start:error.end]!r} at "
            f"{error.start}, which {charset} cannot encode ({media_type})"
        ) from None


def _charset(media_type: str | None) -> str | None:
    for parameter in (media_type or "").split(";")[1:]:
        key, _, value = parameter.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip('"')
    return None
