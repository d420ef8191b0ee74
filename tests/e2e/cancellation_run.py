"""The cancellation reproduction of issue #18, usable from a test and from the command line.

300 concurrent calls of a generated async client, each under `asyncio.wait_for` with a budget of
0.12, 0.3 or 0.5 s, against a keep-alive server answering in 0.1 s (most calls are cancelled while
connecting, sending or reading); three rounds ("wait_for"). Then 300 calls cancelled together after
the event loop ran 0, 1, 2, 3, 5, 8, 13 or 21 times, so that cancellations land at every step of a
call, waiting for a pooled connection included ("steps"; on a loaded machine the budgets above
may all run out before any call reached the pool). Finally three normal calls must all succeed
within 3 s. Before the runtime contained httpcore's pool leak, cancelled calls left connections
that never connected in the pool until every later call failed with `PoolTimeout`.

    python -m tests.e2e.cancellation_run PACKAGE_FOLDER PACKAGE_NAME [RUNS] [wait_for|steps|both]

prints one line per run (wedged or not, and what the pool holds) and the count of wedged runs.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from types import ModuleType
from typing import Any

BUDGETS = (0.12, 0.3, 0.5)
CALLS = 300
ROUNDS = 3
SERVER_DELAY = 0.1
STEPS = (0, 1, 2, 3, 5, 8, 13, 21)
FINAL_CALLS = 3
FINAL_BUDGET = 3.0


@dataclass(frozen=True)
class RunResult:
    wedged: bool
    final_error: str | None
    final_seconds: float
    cancelled: int
    pool: str


@contextlib.contextmanager
def keepalive_server(delay: float = SERVER_DELAY) -> Iterator[str]:
    """The base URL of a keep-alive server in a subprocess (stopped on exit)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.e2e.keepalive_server", "--delay", str(delay)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        port = int(process.stdout.readline())
        yield f"http://127.0.0.1:{port}/v2"
    finally:
        process.kill()
        process.wait()


def pool_state(client: Any) -> str:
    """What the client's connection pool holds (httpcore's own repr), for the report."""
    transport = getattr(client._http, "_transport", None)
    pool = getattr(transport, "_pool", None)
    return repr(pool) if pool is not None else "?"


async def one_run(module: ModuleType, base_url: str, pattern: str = "both") -> RunResult:
    cancelled = 0
    async with module.AsyncRunaClient("test-key", base_url=base_url, timeout=2.0) as client:
        for _ in range(ROUNDS if pattern in ("wait_for", "both") else 0):
            for budget in BUDGETS:
                calls = [asyncio.wait_for(client.utility.ping(), budget) for _ in range(CALLS)]
                results = await asyncio.gather(*calls, return_exceptions=True)
                cancelled += sum(isinstance(r, (asyncio.TimeoutError, asyncio.CancelledError)) for r in results)
        for steps in STEPS if pattern in ("steps", "both") else ():
            tasks = [asyncio.create_task(client.utility.ping()) for _ in range(CALLS)]
            for _ in range(steps):
                await asyncio.sleep(0)
            for task in tasks:
                task.cancel()
            results = await asyncio.gather(*tasks, return_exceptions=True)
            cancelled += sum(isinstance(r, asyncio.CancelledError) for r in results)
        started = time.monotonic()
        error = None
        try:
            async with asyncio.timeout(FINAL_BUDGET):
                for _ in range(FINAL_CALLS):
                    await client.utility.ping()
        except Exception as caught:  # noqa: BLE001 - reported, whatever it is
            error = f"{type(caught).__name__}: {caught}"[:200]
        seconds = time.monotonic() - started
        return RunResult(error is not None, error, seconds, cancelled, pool_state(client))


def main(folder: str, name: str, runs: int, pattern: str) -> None:
    sys.path.insert(0, folder)
    module = importlib.import_module(name)
    wedged = 0
    with keepalive_server() as base_url:
        for index in range(runs):
            result = asyncio.run(one_run(module, base_url, pattern))
            wedged += result.wedged
            state = "WEDGED" if result.wedged else "ok"
            print(
                f"run {index + 1}: {state} cancelled={result.cancelled} final={result.final_seconds:.2f}s "
                f"error={result.final_error} pool={result.pool}",
                flush=True,
            )
    print(f"wedged {wedged} of {runs} runs")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 5, (sys.argv[4:] or ["both"])[0])
