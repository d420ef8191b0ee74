"""Deviations as JSON Lines: what a client records, one object per line, for a person or a tool to
turn into an overlay of the spec (the generator's command reads these files).

A client writes every deviation it finds (strict and lenient mode alike, undeclared fields too) to
the file its `deviations_log` argument or the `<ENV_PREFIX>_DEVIATIONS_LOG` environment variable
names; `write_deviations(value, path)` writes those of a value parsed another way (a webhook). Each
line holds exactly these keys:

    operation  the operationId (a webhook's name for `write_deviations`), or null
    method     the HTTP method ("GET"), or null
    path       the path template ("/orders/{id}"), or null
    status     the HTTP status, or null
    pointer    JSON pointer from the body's root to the value
    kind       the Deviation kind ("pattern miss", "null where not nullable", ...)
    model      the Python class of the innermost model holding the value, or null (the root)
    field      the wire name of that model's field the pointer goes through, or null
    value      the JSON value received there (null for a missing field)
    message    what is wrong, in words

Lines are appended (never rewritten), each written whole under a lock, so several clients and
threads can share one file.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ._base_model import Deviation, UnknownVariant, _wire_name, deviations
from ._request import _json_text

_LOCK = threading.Lock()


class DeviationsLog:
    """An append-only JSON Lines file of deviations (see the module's docstring)."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)

    def write(
        self,
        found: list[Deviation],
        body: Any,
        *,
        operation: str | None = None,
        method: str | None = None,
        path: str | None = None,
        status: int | None = None,
    ) -> None:
        """Append one line per deviation of `found`, located in `body` (the parsed value, for the
        model and field of each; anything else gives null for both)."""
        if not found:
            return
        lines = "".join(
            _line(
                {
                    "operation": operation,
                    "method": method,
                    "path": path,
                    "status": status,
                    "pointer": d.pointer,
                    "kind": d.kind,
                    **dict(zip(("model", "field"), _holder(body, d.pointer))),
                },
                d.value,
                d.message,
            )
            for d in found
        )
        with _LOCK, self.path.open("a", encoding="utf-8") as file:
            file.write(lines)


def _line(head: dict[str, Any], value: Any, message: str) -> str:
    """One line: `head`'s keys, then `value` as received (a number with the digits the server wrote:
    `10.10`, never `10.1`, which `json.dumps` of the parsed float would give), then `message`."""
    try:
        exact = _json_text(value)
    except (TypeError, ValueError):  # not JSON data (nothing a parse gives): its text, as before
        exact = json.dumps(value, ensure_ascii=False, default=str)
    opened = json.dumps(head, ensure_ascii=False, default=str)[:-1]
    closing = json.dumps({"message": message}, ensure_ascii=False)[1:]
    return f'{opened}, "value": {exact}, {closing}\n'


def deviations_log(given: str | os.PathLike[str] | None, env_prefix: str) -> DeviationsLog | None:
    """The log a client writes to: `given`, else `<env_prefix>_DEVIATIONS_LOG`, else none."""
    path = given if given is not None else os.environ.get(f"{env_prefix}_DEVIATIONS_LOG")
    return DeviationsLog(path) if path else None


def write_deviations(
    value: Any,
    path: str | os.PathLike[str],
    *,
    operation: str | None = None,
    method: str | None = None,
    path_template: str | None = None,
    status: int | None = None,
) -> int:
    """Append the deviations of `value` (anything a call or a webhook parser returned) to the JSON
    Lines file `path`, undeclared fields included; returns how many lines were written."""
    found = deviations(value)
    DeviationsLog(path).write(
        found, value, operation=operation, method=method, path=path_template, status=status
    )
    return len(found)


def _holder(value: Any, pointer: str) -> tuple[str | None, str | None]:
    """The class name of the innermost model on the way to `pointer` in `value`, and the wire name of
    its field the pointer goes through (an `Unknown...` member is no model: its holder is)."""
    model: str | None = None
    field: str | None = None
    current = value
    for token in _tokens(pointer):
        if isinstance(current, UnknownVariant):
            break
        if isinstance(current, BaseModel):
            model, field = type(current).__name__, token
            current = _member(current, token)
        elif isinstance(current, list) and token.isdigit() and int(token) < len(current):
            current = current[int(token)]
        elif isinstance(current, Mapping):
            current = current.get(token)
        else:
            break
    return model, field


def _member(model: BaseModel, wire: str) -> Any:
    for name, info in type(model).model_fields.items():
        if _wire_name(name, info) == wire:
            return model.__dict__.get(name)
    return (model.__pydantic_extra__ or {}).get(wire)


def _tokens(pointer: str) -> list[str]:
    if not pointer:
        return []
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer[1:].split("/")]


__all__ = ["DeviationsLog", "deviations_log", "write_deviations"]
