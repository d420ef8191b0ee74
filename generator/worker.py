"""One function run in a second process, so that its work overlaps this process's on another core.

Validation (validation/validate.py) and a share of black's work (format.py) run so. The worker is, where it
can be, a fork of this process: it starts in a few milliseconds with everything this one has
imported and built (the spec, black), where a new interpreter spends ~0.2 s starting and
importing before it does anything (most of what a worker saves on Runa's spec). Fork is used on
Linux only: macOS's system libraries are not fork-safe (Python itself stopped forking there by
default) and Windows has no fork. Elsewhere the worker is a new interpreter that imports the
function by name and reads its arguments, pickled.

Either way the answer comes back pickled in a temporary file, so neither process ever waits on a
pipe the other has not read. A worker's failure is not the user's business: `result()` is then
`None` and the caller does the work itself. `stop()` kills a worker whose answer is no longer wanted.
"""

from __future__ import annotations

import os
import pickle
import signal
import subprocess
import sys
import tempfile
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any, Generic, TypeVar

_T = TypeVar("_T")

FORK = sys.platform == "linux" and hasattr(os, "fork")
"""Whether workers are forks of this process (else new interpreters). Tests set it both ways."""


class Worker(Generic[_T]):
    """`function(*arguments)` running in another process."""

    def __init__(self, outbox: IO[bytes], pid: int | None, process: subprocess.Popen[bytes] | None) -> None:
        self._outbox, self._pid, self._process = outbox, pid, process
        self.exit_code: int | None = None
        """Once it has ended: 0 if it answered."""

    @classmethod
    def start(cls, function: Callable[..., _T], *arguments: Any) -> Worker[_T] | None:
        """The worker, started; None if it could not start (the caller then does the work itself).

        `function` must be a module-level function (a new interpreter imports it by name); with
        fork, `arguments` are not even copied."""
        outbox = tempfile.TemporaryFile()
        try:
            if FORK:
                return cls(outbox, _forked(function, arguments, outbox), None)
            return cls(outbox, None, _spawned(function, arguments, outbox))
        except (OSError, ValueError, TypeError, pickle.PicklingError, RecursionError):
            outbox.close()
            return None

    def result(self) -> _T | None:
        """Its answer, once it has ended; None if it failed."""
        try:
            if self._wait() != 0:
                return None
            self._outbox.seek(0)
            answer: _T = pickle.load(self._outbox)
            return answer
        except (EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError, ValueError):
            return None
        finally:
            self._outbox.close()

    def stop(self) -> None:
        """Kill it: its answer is no longer wanted."""
        if self.exit_code is None:
            if self._process is not None:
                self._process.kill()
            elif self._pid is not None:
                try:
                    os.kill(self._pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass  # ended meanwhile; waited for below
            self._wait()
        self._outbox.close()

    def _wait(self) -> int:
        if self.exit_code is None:
            if self._process is not None:
                self.exit_code = self._process.wait()
            elif self._pid is not None:
                self.exit_code = os.waitstatus_to_exitcode(os.waitpid(self._pid, 0)[1])
        assert self.exit_code is not None
        return self.exit_code


def _forked(function: Callable[..., Any], arguments: tuple[Any, ...], outbox: IO[bytes]) -> int:
    for stream in (sys.stdout, sys.stderr):
        stream.flush()  # else what this process has buffered would be written twice
    with warnings.catch_warnings():
        # Python 3.12+ warns when a process with threads forks: a lock another thread holds stays
        # locked in the child. The child here runs one function of the generator's (no thread of
        # this process holds a lock it needs: the command line's other thread only waits for this
        # one) and leaves with os._exit, never running this process's exit handlers.
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid != 0:
        return pid
    code = 1
    try:
        # Nothing of the worker's on the user's terminal (what writes to the descriptor, or to the stream).
        os.dup2(os.open(os.devnull, os.O_WRONLY), 2)
        sys.stdout = sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - the process ends with os._exit
        pickle.dump(function(*arguments), outbox, protocol=pickle.HIGHEST_PROTOCOL)
        outbox.flush()
        code = 0
    except BaseException:  # noqa: BLE001, S110 - any failure is exit code 1: the caller does the work
        pass
    finally:
        os._exit(code)


def _spawned(function: Callable[..., Any], arguments: tuple[Any, ...], outbox: IO[bytes]) -> subprocess.Popen[bytes]:
    job = pickle.dumps((function.__module__, function.__qualname__, arguments), protocol=pickle.HIGHEST_PROTOCOL)
    with tempfile.TemporaryFile() as inbox:
        inbox.write(job)
        inbox.seek(0)
        # argv[1]: the folder holding the `generator` package, so the worker imports this very code.
        command = [sys.executable, "-c", _SPAWNED_CODE, str(Path(__file__).resolve().parent.parent)]
        return subprocess.Popen(command, stdin=inbox, stdout=outbox, stderr=subprocess.DEVNULL)


def spawned_main() -> None:
    """A new interpreter's side: (module, function name, arguments) pickled on stdin, the answer on stdout."""
    import importlib

    module, name, arguments = pickle.load(sys.stdin.buffer)
    answer = getattr(importlib.import_module(module), name)(*arguments)
    pickle.dump(answer, sys.stdout.buffer, protocol=pickle.HIGHEST_PROTOCOL)


_SPAWNED_CODE = "import sys; sys.path.insert(0, sys.argv[1]); from generator.worker import spawned_main; spawned_main()"
