"""Running work on a thread with a large stack and a high recursion limit.

Legal but deeply nested specs (load.MAX_NESTING_DEPTH levels) recurse deeper than Python's default
1000 frames; on a thread whose stack is this large, this limit is safe. The command line and the
validation worker process (validation/validate.py) run their work so.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from typing import TypeVar

RECURSION_LIMIT = 20_000
STACK_BYTES = 512 * 1024 * 1024

_T = TypeVar("_T")


def with_deep_stack(work: Callable[[], _T]) -> _T:
    """`work()` on a thread with a large stack and a high recursion limit; its exception re-raised here."""
    outcome: list[_T] = []
    failure: list[BaseException] = []

    def run() -> None:
        try:
            outcome.append(work())
        except BaseException as exc:  # noqa: BLE001 - handed to the calling thread
            failure.append(exc)

    previous_stack, previous_limit = threading.stack_size(STACK_BYTES), sys.getrecursionlimit()
    sys.setrecursionlimit(max(previous_limit, RECURSION_LIMIT))
    try:
        worker = threading.Thread(target=run, name="generate", daemon=True)
        worker.start()
        worker.join()
    finally:
        threading.stack_size(previous_stack)
        sys.setrecursionlimit(previous_limit)
    if failure:
        raise failure[0]
    return outcome[0]
