"""Issue 29: what the probe clients send, read by openapi-core (tests/judge, in its own virtualenv):
uploads, RFC 3339 times with their offsets, integers at their format's bounds, a mixed enum, a
charset-encoded text body and requirements of several schemes (openapi-core checks security too)
all meet the probe specs; openapi-core finds no error in any of them.

Times (`format: time`) are left to RFC 3339 (tests/longtail/test_formats.py): openapi-schema-validator
checks them with JSON Schema draft 3's `%H:%M:%S`, which refuses every offset RFC 3339 requires
(`09:30:00Z`), where jsonschema's draft 2020-12 checker (RFC 3339) accepts it and refuses `09:30:00`.
The uploads probe is a 3.0 document: openapi-core reads a file part as bytes, which its 3.1 reading
of `format: binary` (a string) refuses; `multipart/mixed` makes openapi-core crash, so that body is
read by python-multipart alone (tests/longtail/test_uploads.py)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from ..support import mypy_all
from ..wire.judge import Recorded, run_judge
from .conftest import SPECS, Recorder


@pytest.mark.slow
def test_openapi_core_finds_no_error_in_what_the_probe_clients_send(probe: Any) -> None:
    jobs = []
    uploads, formats, content, security = (probe(n).module for n in ("uploads", "formats", "content", "security"))

    recorder = Recorder()
    client = recorder.client(uploads, "UploadsProbeClient").default
    client.upload_file(body=uploads.models.Upload(file=b"\x00\xff", label="l", attachments=[b"a", b"b"]))
    client.upload_file(body={"file": uploads.File(b"x", filename="x.png", content_type="image/png"), "label": "l"})
    jobs.append((SPECS / "uploads.yaml", recorder))

    recorder = Recorder()
    client = recorder.client(formats, "FormatsProbeClient").default
    starts = datetime(2024, 1, 2, 3, 4, 5, tzinfo=timezone(timedelta(hours=-5)))
    for choice in (1, "one", True, 1.0):
        client.create_event(
            body={"starts_at": starts, "small": 2**31 - 1, "big": -(2**63), "choice": choice}, since=starts
        )
    jobs.append((SPECS / "formats.yaml", recorder))

    recorder = Recorder()
    recorder.client(content, "ContentProbeClient").default.post_latin(body="café")
    jobs.append((SPECS / "content.yaml", recorder))

    recorder = Recorder()
    client = recorder.client(security, "SecurityProbeClient", header_key="h", cookie_key="c").default
    client.needs_both()
    client.maybe_key()
    client.login()
    jobs.append((SPECS / "security.yaml", recorder))

    recorded = [
        (spec, None, [Recorded(f"{spec.stem}-{i}", r, {}, None) for i, r in enumerate(rec.requests)])
        for spec, rec in jobs
    ]
    verdicts = run_judge(recorded)
    errors = {key: verdict["errors"] for key, verdict in verdicts.items() if verdict["errors"]}
    assert len(verdicts) == sum(len(r) for _, _, r in recorded)
    assert errors == {}


@pytest.mark.slow
def test_the_probe_packages_pass_mypy_strict(probe: Any) -> None:
    packages = [probe(name) for name in ("uploads", "formats", "content", "security")]
    found, output = mypy_all(packages[0].folder, [p.name for p in packages])
    assert found == {p.name: [] for p in packages}, output[-3000:]
