"""Files to upload, and multipart bodies that carry them as files.

A `format: binary` property is a `FileInput`: bytes, a path (`pathlib.Path`), an open binary file,
or a `File`, which adds a filename and a content type to any of these. In a multipart body each
travels as a file part (a `filename` in its Content-Disposition and a Content-Type, as browsers
send them), which is what form parsers (Starlette's, Django's, multer) read as an upload rather
than a text field. The body is encoded here rather than by httpx's `files=`: its content is fixed
before the first attempt (a retry sends the same bytes, an open file is read once), and its media
type is the one the spec names (`multipart/mixed` stays mixed).
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Mapping
from pathlib import PurePath
from typing import IO, Annotated, Any, Union

import pydantic
import pydantic_core
from pydantic import GetCoreSchemaHandler
from pydantic_core import PydanticCustomError, core_schema

from ._wire import PartEncoding, text

# What HTML's form submission escapes in a Content-Disposition name or filename (WHATWG).
_DISPOSITION_ESCAPES = {ord('"'): "%22", ord("\r"): "%0D", ord("\n"): "%0A"}
_DEFAULT_CONTENT_TYPE = "application/octet-stream"


class File:
    """A file to upload: its content (bytes, a path or an open binary file), and optionally the
    filename and content type to send it with.

    Without a filename, a path's or an open file's own name is used, else the part's name; without
    a content type, the spec's `encoding` for the part, else `application/octet-stream`.
    """

    __slots__ = ("_content", "filename", "content_type")

    def __init__(
        self,
        content: bytes | bytearray | os.PathLike[str] | IO[bytes],
        *,
        filename: str | None = None,
        content_type: str | None = None,
    ) -> None:
        if isinstance(content, str):
            raise TypeError(
                "File content is bytes, a path (pathlib.Path) or an open binary file, not str: "
                "encode text (text.encode()) or wrap a path in pathlib.Path"
            )
        if not isinstance(content, (bytes, bytearray, os.PathLike)) and not hasattr(
            content, "read"
        ):
            raise TypeError(
                "File content is bytes, a path (pathlib.Path) or an open binary file, "
                f"not {type(content).__name__}"
            )
        self._content = content
        self.filename = filename if filename is not None else _own_name(content)
        self.content_type = content_type

    def read(self) -> bytes:
        """The content's bytes (a path is read; an open file is read from where it stands)."""
        content = self._content
        if isinstance(content, (bytes, bytearray)):
            return bytes(content)
        if isinstance(content, os.PathLike):
            with open(content, "rb") as opened:
                return opened.read()
        data = content.read()
        if isinstance(data, str):
            raise TypeError(
                f"file {self.filename or ''!r} is open in text mode: open it with 'rb' to upload it"
            )
        return bytes(data)

    def __repr__(self) -> str:
        return f"File(filename={self.filename!r}, content_type={self.content_type!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, File) and (self._content, self.filename, self.content_type) == (
            other._content,
            other.filename,
            other.content_type,
        )

    __hash__ = None  # type: ignore[assignment]

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        # A field annotated `File` alone takes what `FileInput` takes, made into a `File`.
        return core_schema.no_info_plain_validator_function(_as_file)


def _as_file(value: Any) -> File:
    converted = _to_file_input(value)
    return converted if isinstance(converted, File) else File(converted)


def _own_name(content: Any) -> str | None:
    name = (
        os.fspath(content) if isinstance(content, os.PathLike) else getattr(content, "name", None)
    )
    if isinstance(name, bytes):
        name = os.fsdecode(name)
    return PurePath(name).name or None if isinstance(name, str) and name else None


def _to_file_input(value: Any) -> Any:
    """bytes stay bytes (text becomes its UTF-8 bytes, as pydantic reads `bytes`); a path or an
    open file becomes a `File`; anything else is refused."""
    if isinstance(value, (File, bytes)):
        return value
    if isinstance(value, tuple) and len(value) in (2, 3):
        # (filename, content[, content type]): httpx's spelling of a file, kept working.
        return File(value[1], filename=value[0], content_type=value[2] if len(value) > 2 else None)
    if isinstance(value, bytearray):
        return bytes(value)
    if isinstance(value, str):
        return value.encode()
    if isinstance(value, os.PathLike) or hasattr(value, "read"):
        return File(value)
    raise PydanticCustomError(
        "file_type",
        "a file is bytes, a File, a path (pathlib.Path) or an open binary file, not {kind}",
        {"kind": type(value).__name__},
    )


class _FileInputSchema:
    """The pydantic schema of `FileInput`: validated by `_to_file_input`, dumped as is in Python
    mode (a multipart body reads the `File`), as UTF-8 text in JSON mode."""

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            _to_file_input,
            serialization=core_schema.plain_serializer_function_ser_schema(
                _file_as_json, when_used="json"
            ),
        )


def _file_as_json(value: Any) -> Any:
    if isinstance(value, File):
        raise ValueError(
            f"file {value.filename!r} can only be sent as a part of a multipart body, not inside JSON"
        )
    return value.decode() if isinstance(value, bytes) else value


FileInput = Annotated[
    Union[File, bytes, os.PathLike[str], IO[bytes]],
    _FileInputSchema(),
]
"""What a `format: binary` property takes: bytes, a path, an open binary file, or a `File`."""


# --- multipart bodies ----------------------------------------------------------------------------


def multipart_content(
    fields: Mapping[str, Any], encodings: Mapping[str, PartEncoding], media_type: str
) -> tuple[bytes, str]:
    """A multipart body of `fields` (bytes, paths, open files and `File`s as file parts; objects as
    JSON; the rest as text; a list as one part per item) and its Content-Type. A part's `encoding`
    (OpenAPI) sets its Content-Type and the headers the spec fixes."""
    parts: list[tuple[str, bytes, str | None, str | None, Mapping[str, str]]] = []
    for name, value in fields.items():
        encoding = encodings.get(name)
        declared = encoding.content_type if encoding is not None else None
        headers = dict(encoding.headers) if encoding is not None else {}
        for item in value if isinstance(value, list) else (value,):
            if item is None:
                continue
            if is_file(item) or isinstance(item, tuple):
                content, filename, content_type = file_part(name, _to_file_input(item), declared)
                parts.append((name, content, filename, content_type, headers))
            elif isinstance(item, (Mapping, list, pydantic.BaseModel)):
                # An object part is JSON (OpenAPI's default content type for objects in multipart).
                data = json.dumps(pydantic_core.to_jsonable_python(item, by_alias=True)).encode()
                parts.append((name, data, None, declared or "application/json", headers))
            else:
                parts.append((name, text(item).encode(), None, declared, headers))
    return multipart_body(parts, media_type)


def multipart_body(
    parts: list[tuple[str, bytes, str | None, str | None, Mapping[str, str]]],
    media_type: str,
) -> tuple[bytes, str]:
    """The bytes of a multipart body and its Content-Type (`media_type` with a boundary).

    Each part is (name, content, filename, content type, other headers); a part with a filename is
    a file. RFC 7578 (form-data) and RFC 2046 (mixed and the others) share this syntax.
    """
    boundary = uuid.uuid4().hex
    chunks: list[bytes] = []
    for name, content, filename, content_type, headers in parts:
        disposition = f'form-data; name="{_quoted(name)}"'
        if filename is not None:
            disposition += f'; filename="{_quoted(filename)}"'
        lines = [f"Content-Disposition: {disposition}"]
        if content_type:
            lines.append(f"Content-Type: {content_type}")
        lines += [f"{key}: {value}" for key, value in headers.items()]
        head = "".join(line + "\r\n" for line in lines)
        chunks.append(f"--{boundary}\r\n{head}\r\n".encode() + content + b"\r\n")
    chunks.append(f"--{boundary}--\r\n".encode())
    return b"".join(chunks), f"{media_type}; boundary={boundary}"


def _quoted(text: str) -> str:
    return text.translate(_DISPOSITION_ESCAPES)


def file_part(name: str, item: Any, declared: str | None) -> tuple[bytes, str, str]:
    """(content, filename, content type) of a file part: `item` is bytes, a path, an open file or
    a `File`; the filename defaults to the file's own name, else the part's name."""
    upload = item if isinstance(item, File) else File(item)
    content_type = upload.content_type or declared or _DEFAULT_CONTENT_TYPE
    return upload.read(), upload.filename or name, content_type


def body_file(operation: str, body: Any) -> File:
    """A binary request body as a `File` (bytes, a path, an open binary file or a `File`); text and
    other values are refused naming the operation, before anything is sent."""
    if isinstance(body, tuple) and len(body) in (2, 3):
        return _to_file_input(body)  # type: ignore[no-any-return]
    if isinstance(body, File):
        return body
    if isinstance(body, str) or not is_file(body):
        raise TypeError(
            f"{operation}: the request body is binary: pass bytes, a File, a path (pathlib.Path) or an "
            f"open binary file, not {type(body).__name__}"
            + (" (encode text first: text.encode())" if isinstance(body, str) else "")
        )
    return File(body)


def is_file(item: Any) -> bool:
    """Whether a multipart value travels as a file part."""
    return isinstance(item, (File, bytes, bytearray, os.PathLike)) or hasattr(item, "read")
