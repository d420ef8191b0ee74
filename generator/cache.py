"""An on-disk cache of slow, pure results (black's output, validation findings), keyed by sha256.

A value is only ever stored under the sha256 of everything it depends on (tool version, options,
input), so a hit is exactly what recomputing would give: generation is byte-identical with or
without the cache. Entries are files written atomically (concurrent runs may share the folder),
each with the sha256 of its value, so a damaged entry is a miss, never a wrong answer.

Where: `$RUNA_GENERATOR_CACHE` (a folder; `off` or `0` disables the cache), else
`$XDG_CACHE_HOME/runa-client-generator`, else `~/.cache/runa-client-generator`. Entries unused
for 30 days are removed (checked at most once a day). Deleting the folder is always safe.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import time
from pathlib import Path

_DISABLED = ("", "0", "off", "no", "false")
_PRUNE_AGE = 30 * 86400
_PRUNE_EVERY = 86400


def cache_root() -> Path | None:
    """The cache folder, or None when the cache is turned off."""
    setting = os.environ.get("RUNA_GENERATOR_CACHE")
    if setting is not None:
        return None if setting.strip().lower() in _DISABLED else Path(setting)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "runa-client-generator"


def key_of(*parts: str) -> str:
    """The sha256 of `parts` (each one length-prefixed, so no two lists of parts collide)."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass")
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


class DiskCache:
    """One namespace of the cache: `get`/`put` bytes by key; every OS error is a miss."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @classmethod
    def open(cls, namespace: str) -> DiskCache | None:
        root = cache_root()
        if root is None:
            return None
        cache = cls(root / namespace)
        cache._prune_now_and_then()
        return cache

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / key

    def has(self, key: str) -> bool:
        """Whether there is an entry (which `get` may still find damaged)."""
        return self._path(key).is_file()

    def get(self, key: str) -> bytes | None:
        try:
            entry = self._path(key).read_bytes()
        except OSError:
            return None
        checksum, _, value = entry.partition(b"\n")
        return value if checksum == hashlib.sha256(value).hexdigest().encode() else None

    def put(self, key: str, value: bytes) -> None:
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".tmp-", delete=False) as handle:
                handle.write(hashlib.sha256(value).hexdigest().encode() + b"\n" + value)
            os.replace(handle.name, path)
        except OSError:
            pass  # a read-only or full disk only costs time

    def _prune_now_and_then(self) -> None:
        stamp = self.folder / ".last-pruned"
        now = time.time()
        try:
            if now - stamp.stat().st_mtime < _PRUNE_EVERY:
                return
        except OSError:
            pass
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            stamp.touch()
            for bucket in self.folder.iterdir():
                if not bucket.is_dir():
                    continue
                for entry in bucket.iterdir():
                    info = entry.stat()
                    if now - max(info.st_atime, info.st_mtime) > _PRUNE_AGE:
                        entry.unlink()
        except OSError:
            pass
