"""Stage 6, format: black, in-process, with the project's pinned version (byte-reproducible output)."""

from __future__ import annotations

import black

from .diagnostics import GeneratorError

LINE_LENGTH = 100
_MODE = black.Mode(line_length=LINE_LENGTH, target_versions={black.mode.TargetVersion.PY311})


def format_files(files: dict[str, str]) -> dict[str, str]:
    """Format every `.py` file; other files pass through. A syntax error here is a generator bug."""
    formatted: dict[str, str] = {}
    for path, text in files.items():
        if not path.endswith(".py"):
            formatted[path] = text
            continue
        try:
            formatted[path] = black.format_str(text, mode=_MODE)
        except black.parsing.InvalidInput as exc:
            raise GeneratorError(f"internal error: generated {path} is not valid Python ({exc}); please report this with the spec") from None
    return formatted
