"""Run the generator as users do (a subprocess) and measure it: exit code, output, wall and CPU
time and peak memory of that one process (`os.wait4`), with a hard timeout."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Measured:
    returncode: int
    stdout: str
    stderr: str
    wall_seconds: float
    cpu_seconds: float
    max_rss_mb: float
    timed_out: bool


def run_measured(*args: str | Path, cwd: Path, timeout: float = 240, env: dict[str, str] | None = None) -> Measured:
    """`python -m generator ARGS` in a subprocess; killed after `timeout` seconds."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.monotonic()
        process = subprocess.Popen(
            [sys.executable, "-m", "generator", *map(str, args)],
            cwd=cwd,
            stdout=out,
            stderr=err,
            # No cache: every run pays full price (honest measurements) and the user's cache stays untouched.
            env={
                "PYTHONPATH": str(ROOT),
                "PATH": "/usr/bin:/bin",
                "PYTHONDONTWRITEBYTECODE": "1",
                "RUNA_GENERATOR_CACHE": "off",
                **(env or {}),
            },
        )
        killed = threading.Event()

        def kill() -> None:
            killed.set()
            process.kill()

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            timer.cancel()
        process.returncode = os.waitstatus_to_exitcode(status)  # already reaped: Popen must not wait again
        wall = time.monotonic() - started
        out.seek(0)
        err.seek(0)
        return Measured(
            returncode=process.returncode,
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
            wall_seconds=wall,
            cpu_seconds=usage.ru_utime + usage.ru_stime,
            max_rss_mb=usage.ru_maxrss / 1024,  # kilobytes on Linux
            timed_out=killed.is_set(),
        )
