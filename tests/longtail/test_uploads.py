"""Issue 29, items 1, 2 and 8 (multipart/mixed): uploads arrive as files, read by a framework's
form parser (python-multipart, as Starlette drives it), from models and plain dicts alike; a dict
body is checked like a model before anything is sent; the spec's multipart media type is kept."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import httpx
import pydantic
import pytest

from .conftest import Recorder
from .forms import Part, read_multipart

PNG = b"\x89PNG\r\n\x1a\n\x00\x00"


@pytest.fixture(scope="module")
def uploads(probe: Any) -> Any:
    return probe("uploads").module


def sent_parts(recorder: Recorder) -> tuple[str, dict[str, list[Part]]]:
    request = recorder.requests[-1]
    media_type, parts = read_multipart(request.headers["content-type"], request.content)
    by_name: dict[str, list[Part]] = {}
    for part in parts:
        by_name.setdefault(part.name, []).append(part)
    return media_type, by_name


def upload(uploads: Any, body: Any) -> Recorder:
    recorder = Recorder()
    recorder.client(uploads, "UploadsProbeClient").default.upload_file(body=body)
    return recorder


@pytest.mark.parametrize("kind", ["bytes", "path", "open file", "File"])
def test_a_binary_property_of_a_model_arrives_as_an_upload(uploads: Any, kind: str, tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(b"%PDF-1.7 \xff")
    value = {
        "bytes": b"%PDF-1.7 \xff",
        "path": path,
        "open file": path.open("rb"),
        "File": uploads.File(b"%PDF-1.7 \xff", filename="report.pdf", content_type="application/pdf"),
    }[kind]
    media_type, parts = sent_parts(upload(uploads, uploads.models.Upload(file=value, label="q3")))
    assert media_type == "multipart/form-data"
    (file,) = parts["file"]
    assert file.is_upload and file.data == b"%PDF-1.7 \xff"
    assert file.filename == ("file" if kind == "bytes" else "report.pdf")
    assert file.content_type == ("application/pdf" if kind == "File" else "application/octet-stream")
    (label,) = parts["label"]
    assert not label.is_upload and label.data == b"q3"


def test_a_plain_dict_body_uploads_files_with_the_encodings_content_type(uploads: Any) -> None:
    body = {
        "file": uploads.File(io.BytesIO(b"a,b\n"), filename="rows.csv", content_type="text/csv"),
        "image": PNG,
        "label": "x",
        "attachments": [b"one", ("two.txt", b"two", "text/plain")],
    }
    _, parts = sent_parts(upload(uploads, body))
    assert [(p.filename, p.content_type, p.data) for p in parts["file"]] == [("rows.csv", "text/csv", b"a,b\n")]
    assert [(p.filename, p.content_type) for p in parts["image"]] == [("image", "image/png")]
    assert [(p.filename, p.data) for p in parts["attachments"]] == [("attachments", b"one"), ("two.txt", b"two")]


def test_a_retry_sends_the_same_file_content_again(uploads: Any) -> None:
    recorder = Recorder(httpx.Response(429, headers={"retry-after": "0"}), httpx.Response(204))
    client = recorder.client(uploads, "UploadsProbeClient", max_retries=1)
    stream = io.BytesIO(b"once")
    client.default.upload_file(body={"file": stream, "label": "a"}, max_retries=1)
    assert len(recorder.requests) == 2
    first, second = (read_multipart(r.headers["content-type"], r.content)[1] for r in recorder.requests)
    assert [p.data for p in first if p.name == "file"] == [p.data for p in second if p.name == "file"] == [b"once"]


@pytest.mark.parametrize(
    "body",
    [
        {"label": "no file"},  # a required part missing
        {"file": b"x", "label": "y", "count": "three"},  # a wrong type
        {"file": b"x", "label": "y", "surprise": 1},  # an unknown key (additionalProperties: false)
        {"file": 12, "label": "y"},  # no file at all
    ],
)
def test_a_plain_dict_body_is_checked_before_sending(uploads: Any, body: dict[str, Any]) -> None:
    recorder = Recorder()
    with pytest.raises(pydantic.ValidationError):
        recorder.client(uploads, "UploadsProbeClient").default.upload_file(body=body)
    assert recorder.requests == []


def test_multipart_mixed_goes_out_as_mixed(uploads: Any) -> None:
    recorder = Recorder()
    recorder.client(uploads, "UploadsProbeClient").default.send_bundle(body={"meta": {"name": "n"}, "data": b"\x00"})
    media_type, parts = sent_parts(recorder)
    assert media_type == "multipart/mixed"
    assert parts["data"][0].data == b"\x00" and parts["data"][0].is_upload
    assert parts["meta"][0].content_type == "application/json"


def test_a_file_in_text_mode_or_of_text_is_refused_clearly(uploads: Any, tmp_path: Path) -> None:
    with pytest.raises(TypeError, match="binary"):
        uploads.File("some text")  # type: ignore[arg-type]
    (tmp_path / "t.txt").write_text("x")
    recorder = Recorder()
    with pytest.raises(TypeError, match="'rb'"):
        recorder.client(uploads, "UploadsProbeClient").default.upload_file(
            body={"file": (tmp_path / "t.txt").open("r"), "label": "x"}
        )
    assert recorder.requests == []
