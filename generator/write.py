"""Stage 7, write: put the package on disk atomically, or compare it with what is there (--check).

The package is built in a temporary folder beside the target and swapped in with renames, so a
failure at any point leaves the output folder exactly as it was.
"""

from __future__ import annotations

import difflib
import keyword
import os
import re
import shutil
import tempfile
from pathlib import Path

from .diagnostics import GeneratorError

# What using the package leaves in its folder, which --check does not count as an edit: Python's
# bytecode, tools' caches, and what `pip install ./<package>` builds in place (build/, *.egg-info/).
_IGNORED = {"__pycache__", ".mypy_cache", ".pytest_cache"}
_IGNORED_AT_TOP = ("build",)
_IGNORED_SUFFIX_AT_TOP = ".egg-info"
# Every path the package writes is made of these: no separators, drive letters or dot segments.
_PLAIN_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")


def package_path(output_dir: Path, package_name: str) -> Path:
    """The package folder; the name is an ASCII Python identifier, so it can never leave `output_dir`."""
    if not (package_name.isascii() and package_name.isidentifier()) or keyword.iskeyword(package_name):
        raise GeneratorError(
            f"package name {package_name!r} is not an importable name: use ASCII letters, digits and _, not a keyword"
        )
    return output_dir / package_name


def write_package(files: dict[str, str], target: Path) -> int:
    """Replace `target` with exactly `files`; return the number of files written."""
    for relative in files:
        parts = relative.split("/")
        if not all(part and part not in (".", "..") and _PLAIN_NAME.fullmatch(part) for part in parts):
            raise GeneratorError(f"internal error: refusing to write outside the package ({relative!r})")
    if len({relative.casefold() for relative in files}) != len(files):
        # Two names that differ only in case would overwrite each other on macOS and Windows.
        raise GeneratorError(f"internal error: file names differ only in case ({sorted(files)})")
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
    # mkdtemp makes the folder 0700 (private while it is filled); once renamed into place it is the
    # package, which every user that may import it must read: the mode a plain mkdir would give.
    staging.chmod(0o777 & ~current_umask())
    backup = target.parent / f".{target.name}.old-{os.getpid()}"
    try:
        for relative, text in sorted(files.items()):
            path = staging / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="\n")
        if target.exists():
            target.rename(backup)
        staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        if backup.exists() and not target.exists():
            backup.rename(target)
        raise
    if backup.is_symlink():
        backup.unlink()  # the target was a symlink: remove the link, never what it points at
    else:
        shutil.rmtree(backup, ignore_errors=True)
    return len(files)


def current_umask() -> int:
    """The process's umask (read from /proc where it can be, so no other thread sees it changed)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# --check's diff stays readable (README: "a short unified diff"): a missing or extra file is one line,
# a changed file shows at most this many diff lines, and once this many lines are shown in all, the
# remaining changed files are one line each.
_DIFF_LINES_PER_FILE = 40
_DIFF_LINES_IN_ALL = 160


def diff_package(files: dict[str, str], target: Path) -> str:
    """A short unified diff from what is on disk to what would be generated ("" when identical).

    Files are compared as the bytes `write` would put there: a missing or extra file counts even
    when it is empty, and so do other line endings (read as text, `\r\n` would be `\n`)."""
    if not target.is_dir():
        return f"missing: {target} (the package folder: {len(files)} files would be generated)\n"
    on_disk: dict[str, bytes] = {}
    for path in sorted(target.rglob("*")):
        parts = path.relative_to(target).parts
        if path.is_file() and not _ignored(parts):
            on_disk["/".join(parts)] = path.read_bytes()
    lines: list[str] = []
    shown = 0
    for relative in sorted(set(on_disk) | set(files)):
        old, new = on_disk.get(relative), files.get(relative)
        if old is None:
            lines.append(f"missing: {target / relative}\n")
        elif new is None:
            lines.append(f"only on disk: {target / relative}\n")
        elif old != new.encode("utf-8"):
            diff = _file_diff(old, new, f"{target.name}/{relative}")
            if shown >= _DIFF_LINES_IN_ALL:
                lines.append(f"differs: {target / relative} ({len(diff)} diff lines not shown)\n")
                continue
            if len(diff) > _DIFF_LINES_PER_FILE:
                diff = diff[:_DIFF_LINES_PER_FILE] + [f"... {len(diff) - _DIFF_LINES_PER_FILE} more lines\n"]
            shown += len(diff)
            lines += diff
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def _file_diff(old: bytes, new: str, name: str) -> list[str]:
    """The unified diff of one file present on both sides whose bytes differ."""
    old_text = old.decode("utf-8", errors="replace")
    from_name, to_name = f"{name} (on disk)", f"{name} (generated)"
    header = [f"--- {from_name}\n", f"+++ {to_name}\n"]
    if old_text.replace("\r\n", "\n") == new:
        return header + ["@@ line endings: \\r\\n on disk, \\n generated @@\n"]
    old_lines, new_lines = old_text.splitlines(keepends=True), new.splitlines(keepends=True)
    diff = list(difflib.unified_diff(old_lines, new_lines, fromfile=from_name, tofile=to_name, n=2))
    return diff or header + ["@@ the bytes differ @@\n"]  # no line differs: bytes text cannot show


def _ignored(parts: tuple[str, ...]) -> bool:
    return bool(
        _IGNORED.intersection(parts) or parts[0] in _IGNORED_AT_TOP or parts[0].endswith(_IGNORED_SUFFIX_AT_TOP)
    )
