"""The numbers and methods the generated client retries and times out by, read from where the client
takes them, so that the package README states them and cannot drift from them.

- Which methods are repeated on any transient failure: `operations.IDEMPOTENT_METHODS`, from which
  the IR sets each `Endpoint.idempotent` (the runtime reads that flag, never a method list).
- The retried statuses, the backoff and the `Retry-After` cap: the constants of the runtime's
  `_retry.py`; the default `timeout`: `_base_client.DEFAULT_TIMEOUT`. The runtime modules are copied
  verbatim into every package, so they are read from their source (as reserved.py reads the client
  classes) rather than repeated here.
- The default `max_retries`: `DEFAULT_MAX_RETRIES`, which `_client.py.j2` renders into the clients'
  `__init__`.
"""

from __future__ import annotations

import ast
import functools
from dataclasses import dataclass
from pathlib import Path

from .operations import HTTP_METHODS, IDEMPOTENT_METHODS
from .template_folder import TEMPLATES

DEFAULT_MAX_RETRIES = 2  # retries after the first attempt, unless the client or the call says otherwise

_RUNTIME = TEMPLATES / "runtime"


@dataclass(frozen=True)
class RetryPolicy:
    idempotent_methods: tuple[str, ...]  # upper case, safe ones first (RFC 9110's order)
    other_methods: tuple[str, ...]  # upper case: retried only when the request provably was not processed
    retried_statuses: tuple[int, ...]  # besides 5xx, for a call that may be repeated
    initial_delay: float  # seconds: the first backoff, doubled on each retry
    max_delay: float  # seconds: the longest backoff
    max_retry_after: float  # seconds: the longest `Retry-After` obeyed
    default_timeout: float  # seconds: one attempt's limit
    default_max_retries: int


@functools.cache
def retry_policy() -> RetryPolicy:
    """The policy as the runtime modules and the IR apply it."""
    retry = _module_constants(_RUNTIME / "_retry.py")
    client = _module_constants(_RUNTIME / "_base_client.py")
    return RetryPolicy(
        idempotent_methods=tuple(method.upper() for method in IDEMPOTENT_METHODS),
        other_methods=tuple(method.upper() for method in HTTP_METHODS if method not in IDEMPOTENT_METHODS),
        retried_statuses=tuple(sorted(_numbers(retry["_RETRIED_STATUSES"]))),
        initial_delay=_seconds(retry["_INITIAL_RETRY_DELAY"]),
        max_delay=_seconds(retry["_MAX_RETRY_DELAY"]),
        max_retry_after=_seconds(retry["_MAX_RETRY_AFTER"]),
        default_timeout=_seconds(client["DEFAULT_TIMEOUT"]),
        default_max_retries=DEFAULT_MAX_RETRIES,
    )


def _module_constants(module: Path) -> dict[str, object]:
    """The module's top-level names bound to a literal (`frozenset({...})` counts as one)."""
    constants: dict[str, object] = {}
    for statement in ast.parse(module.read_text(encoding="utf-8")).body:
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
            target, value = statement.targets[0], statement.value
        elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
            target, value = statement.target, statement.value
        else:
            continue
        if not isinstance(target, ast.Name):
            continue
        if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id == "frozenset":
            value = value.args[0] if value.args else ast.Set(elts=[])
        try:
            constants[target.id] = ast.literal_eval(value)
        except (ValueError, TypeError, SyntaxError):
            continue
    return constants


def _numbers(value: object) -> list[int]:
    if not isinstance(value, (set, frozenset, tuple, list)) or not all(isinstance(v, int) for v in value):
        raise ValueError(f"expected a collection of status codes, got {value!r}")
    return list(value)


def _seconds(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"expected a number of seconds, got {value!r}")
    return float(value)


def seconds_text(seconds: float) -> str:
    """`60.0` as the README writes it: `60`; `0.5` stays `0.5`."""
    return f"{seconds:g}"
