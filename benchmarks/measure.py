"""Run a command and measure it: wall time, CPU time, and peak memory of its whole process tree.

Peak memory is the largest sum of the proportional set sizes (PSS) of the command and all its
descendants, sampled every 20 ms from /proc (so a generator that uses worker processes is charged
for all of them), next to the kernel's figure for the largest single process (`ru_maxrss` from
`wait4`). PSS, not RSS: a page shared by several processes of the tree (a forked worker shares its
parent's memory until either writes to it) counts once in the sum, as it is once in memory; for a
single process the two are the same but for pages of libraries other processes also map.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

_PAGE = os.sysconf("SC_PAGE_SIZE")
_SAMPLE_EVERY = 0.02


@dataclass(frozen=True)
class Run:
    """One measured run of a command."""

    wall: float
    """Seconds from start to exit."""
    cpu: float
    """User + system seconds of the command and its descendants."""
    tree_peak_mb: float
    """Largest sampled sum of PSS over the process tree, MiB."""
    largest_process_mb: float
    """ru_maxrss of the largest process in the tree, MiB."""
    returncode: int
    stdout: str
    stderr: str


def run(command: list[str], *, env: dict[str, str] | None = None, cwd: Path | None = None, timeout: float = 900) -> Run:
    """Run `command` to its end, measuring it (see the module docstring)."""
    with open(os.devnull, "rb") as devnull:
        started = time.perf_counter()
        process = subprocess.Popen(
            command, stdin=devnull, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=cwd
        )
        sampler = _TreeSampler(process.pid)
        sampler.start()
        # Drain the pipes in threads so a chatty command never blocks on a full pipe.
        out: list[bytes] = []
        err: list[bytes] = []
        readers = [
            threading.Thread(target=lambda: out.append(process.stdout.read() if process.stdout else b"")),
            threading.Thread(target=lambda: err.append(process.stderr.read() if process.stderr else b"")),
        ]
        for reader in readers:
            reader.start()
        deadline = started + timeout
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                process.kill()
            time.sleep(0.002)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        sampler.stop()
        for reader in readers:
            reader.join()
    return Run(
        wall=wall,
        cpu=usage.ru_utime + usage.ru_stime,
        tree_peak_mb=sampler.peak / 2**20,
        largest_process_mb=usage.ru_maxrss / 1024,
        returncode=process.returncode,
        stdout=b"".join(out).decode("utf-8", "replace"),
        stderr=b"".join(err).decode("utf-8", "replace"),
    )


def _memory_of(pid: int) -> int:
    """The process's PSS in bytes (its RSS where the kernel has no smaps_rollup)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as rollup:
            for line in rollup:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except FileNotFoundError:
        pass
    with open(f"/proc/{pid}/statm", "rb") as statm:
        return int(statm.read().split()[1]) * _PAGE


class _TreeSampler(threading.Thread):
    """Samples the summed PSS of a process and its descendants until stopped."""

    def __init__(self, root: int) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.peak = 0
        self._stop_event = threading.Event()
        self._tree: set[int] = {root}
        self._last_scan = 0.0

    def stop(self) -> None:
        self._stop_event.set()
        self.join()

    def run(self) -> None:
        while not self._stop_event.is_set():
            now = time.perf_counter()
            if now - self._last_scan > 0.1:
                self._scan()
                self._last_scan = now
            total = 0
            for pid in list(self._tree):
                try:
                    total += _memory_of(pid)
                except (OSError, IndexError, ValueError):
                    self._tree.discard(pid)
            self.peak = max(self.peak, total)
            self._stop_event.wait(_SAMPLE_EVERY)

    def _scan(self) -> None:
        """Add the descendants started since the last scan (processes newer than the root)."""
        parents: dict[int, int] = {}
        for entry in os.listdir("/proc"):
            if not entry.isdigit() or int(entry) < self.root:
                continue
            try:
                with open(f"/proc/{entry}/stat", "rb") as stat:
                    fields = stat.read().rsplit(b")", 1)[1].split()
                parents[int(entry)] = int(fields[1])
            except (OSError, IndexError, ValueError):
                continue
        changed = True
        while changed:
            changed = False
            for pid, parent in parents.items():
                if parent in self._tree and pid not in self._tree:
                    self._tree.add(pid)
                    changed = True
