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
        return f"{where} at {self.pointer or '/'}"


@dataclass(frozen=True)
class Diagnostic:
    """One located message. Warnings let generation go on; errors stop it with exit code 2."""

    message: str
    location: Location | None = None

    def __str__(self) -> str:
        if self.location is None:
            return self.message
        return f"{self.location}: {self.message}"


class GeneratorError(Exception):
    """Bad input the generator cannot turn into a correct client (exit code 2)."""

    def __init__(self, message: str, location: Location | None = None) -> None:
        super().__init__(message)
        self.diagnostic = Diagnostic(message, location)

    def __str__(self) -> str:
        return str(self.diagnostic)


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
