"""An independent reader of multipart bodies: python-multipart's parser (Starlette's underneath),
driven as Starlette's `MultiPartParser` drives it. A part is an upload exactly when its
Content-Disposition carries a filename, as Starlette, Django and multer decide."""

from __future__ import annotations

from dataclasses import dataclass, field

from python_multipart.multipart import MultipartParser, parse_options_header


@dataclass
class Part:
    name: str
    filename: str | None
    content_type: str | None
    data: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def is_upload(self) -> bool:
        return self.filename is not None


def read_multipart(content_type: str, body: bytes) -> tuple[str, list[Part]]:
    """(media type, parts in order) of a multipart body, as a framework's form parser reads it."""
    media_type, options = parse_options_header(content_type)
    parts: list[Part] = []
    header_field = bytearray()
    header_value = bytearray()
    headers: dict[str, str] = {}
    data = bytearray()

    def on_part_begin() -> None:
        headers.clear()
        data.clear()

    def on_header_field(chunk: bytes, start: int, end: int) -> None:
        header_field.extend(chunk[start:end])

    def on_header_value(chunk: bytes, start: int, end: int) -> None:
        header_value.extend(chunk[start:end])

    def on_header_end() -> None:
        headers[header_field.decode("latin-1").lower()] = header_value.decode("latin-1")
        header_field.clear()
        header_value.clear()

    def on_part_data(chunk: bytes, start: int, end: int) -> None:
        data.extend(chunk[start:end])

    def on_part_end() -> None:
        _, disposition = parse_options_header(headers.get("content-disposition", ""))
        filename = disposition.get(b"filename")
        parts.append(
            Part(
                name=disposition[b"name"].decode(),
                filename=filename.decode() if filename is not None else None,
                content_type=headers.get("content-type"),
                data=bytes(data),
                headers=dict(headers),
            )
        )

    parser = MultipartParser(
        options[b"boundary"],
        {
            "on_part_begin": on_part_begin,
            "on_header_field": on_header_field,
            "on_header_value": on_header_value,
            "on_header_end": on_header_end,
            "on_part_data": on_part_data,
            "on_part_end": on_part_end,
        },
    )
    parser.write(body)
    parser.finalize()
    return media_type.decode(), parts
