"""Located problems: every error and warning names the file, the line and the JSON pointer."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Location:
    """Where something sits in a spec: file, JSON pointer and (when known) the 1-based line."""

    file: str
    pointer: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        return f"{where} at {_shortened(self.pointer) or '/'}"


@dataclass(frozen=True)
class Diagnostic:
    """One located message. Warnings let generation go on; errors stop it with exit code 2."""

    message: str
    location: Location | None = None

    def __str__(self) -> str:
        text = self.message if self.location is None else f"{self.location}: {self.message}"
        return printable(text)


class GeneratorError(Exception):
    """Bad input the generator cannot turn into a correct client (exit code 2)."""

    def __init__(self, message: str, location: Location | None = None) -> None:
        super().__init__(message)
        self.diagnostic = Diagnostic(message, location)

    def __str__(self) -> str:
        return str(self.diagnostic)


class DuplicateOperationId(GeneratorError):
    """Two operations share an operationId: no package can name both methods, though the API reads fine
    (the diff still compares the API and leaves the Python part out)."""


_MAX_POINTER_SHOWN = 160


def printable(text: str) -> str:
    """`text` with control and other unprintable characters (a spec's keys may hold terminal
    escape sequences or newlines) shown as Python escapes, so a message is always one plain line."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def _shortened(pointer: str) -> str:
    """A pointer short enough to read: the middle of a very deep or very long one is elided."""
    if len(pointer) <= _MAX_POINTER_SHOWN:
        return pointer
    tokens = pointer.split("/")
    if len(tokens) > 8:
        pointer = "/".join(tokens[:5] + [f"...({len(tokens) - 8} levels)..."] + tokens[-3:])
    if len(pointer) > _MAX_POINTER_SHOWN:
        half = _MAX_POINTER_SHOWN // 2
        pointer = pointer[:half] + "..." + pointer[-half:]
    return pointer


def escape_pointer_token(token: str | int) -> str:
    """One JSON pointer reference token (RFC 6901)."""
    return str(token).replace("~", "~0").replace("/", "~1")


def unescape_pointer_token(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def join_pointer(pointer: str, *tokens: str | int) -> str:
    return pointer + "".join("/" + escape_pointer_token(t) for t in tokens)


def split_pointer(pointer: str) -> list[str]:
    if pointer in ("", "#", "#/", "/"):
        return []
    body = pointer[1:] if pointer.startswith("#") else pointer
    return [unescape_pointer_token(t) for t in body.lstrip("/").split("/")]


def warning_lines(warnings: list[Diagnostic], *, verbose: bool = False) -> list[str]:
    """The lines that report `warnings`: one per kind (the same message), with its count and first
    location, so thirty `nullable` slips are one line a user can read; every one with `verbose`."""
    if verbose:
        return [f"warning: {warning}" for warning in warnings]
    kinds: dict[str, list[Diagnostic]] = {}
    for warning in warnings:
        kinds.setdefault(warning.message, []).append(warning)
    lines = []
    for message, found in kinds.items():
        if len(found) == 1:
            lines.append(f"warning: {found[0]}")
            continue
        where = next((str(w.location) for w in found if w.location is not None), None)
        example = f"first at {printable(where)}; " if where else ""
        lines.append(f"warning: {printable(message)} ({len(found)} times, {example}--verbose lists every one)")
    return lines
