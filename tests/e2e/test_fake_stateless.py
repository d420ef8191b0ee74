"""The fake of a package generated from a spec without generator options (tests/fixtures/fake):
no state, but the rest of `testing` (request checks, example answers repaired to pass validation,
faults, recorded calls), with a bearer scheme and a path parameter."""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType

import httpx
import pydantic
import pytest

from ..packages import PackageFactory
from ..support import FIXTURES

pytestmark = [pytest.mark.slow, pytest.mark.timeout(60)]

SPEC = FIXTURES / "fake" / "notes-2024-01-01.yaml"


@pytest.fixture(scope="module")
def notes(generated_packages: PackageFactory) -> ModuleType:
    package = generated_packages.get(SPEC)
    # The one warning: the example's `tags: null` breaks its schema (the fake repairs it, below)
    (warning,) = package.result.warnings
    assert warning.location is not None and warning.location.pointer.endswith("/example/tags")
    return package.module


@pytest.fixture
def fake(notes: ModuleType) -> object:
    return importlib.import_module(notes.__name__ + ".testing").FakeNotes()


def test_a_stateless_fake_answers_examples_repaired_to_pass_validation(notes: ModuleType, fake: object) -> None:
    client = notes.NotesClient(bearer_token="t", http_client=fake.http_client(), max_retries=0)
    raw = client.notes.with_raw_response.get_note(note_id="any")
    assert raw.http_response.json() == {"id": "n-1", "text": "Buy milk"}  # the example, without `tags: null`
    note = raw.parse()
    assert isinstance(note, notes.models.Note) and (note.id, note.text) == ("n-1", "Buy milk")
    (repair,) = fake.example_repairs
    assert (repair.where, repair.pointer) == ("getNote 200", "/tags")
    created = client.notes.create_note(body={"text": "Water the plants"})
    assert isinstance(created, notes.models.Note) and created.id == "n-42"  # built from the schema's examples
    assert client.notes.list_notes(limit=5)[0].id == "n-42"
    assert [(c.operation, c.method, c.path, c.status) for c in fake.calls] == [
        ("get_note", "GET", "/api/notes/any", 200),
        ("create_note", "POST", "/api/notes", 201),
        ("list_notes", "GET", "/api/notes", 200),
    ]
    assert fake.calls[1].body == {"text": "Water the plants"} and fake.calls[1].idempotency_key is None
    assert fake.calls[0].headers["authorization"] == "Bearer t"


def test_a_stateless_fake_checks_requests_and_scripts_faults(notes: ModuleType, fake: object) -> None:
    testing = importlib.import_module(notes.__name__ + ".testing")
    client = notes.NotesClient(bearer_token="t", http_client=fake.http_client(), max_retries=1)
    client._sleep = (sleeps := []).append
    with pytest.raises(pydantic.ValidationError, match=r"listNotes parameters"):
        client.notes.list_notes(limit=51)  # the client refuses it before sending ...
    http = fake.http_client(base_url="https://notes.example/api")
    with pytest.raises(testing.FakeRequestError, match=r"^listNotes: query parameter 'limit': /: Input should be less"):
        http.get("/notes", params={"limit": 51}, headers={"Authorization": "Bearer t"})  # ... and the fake
    with pytest.raises(
        testing.FakeRequestError, match=r"^createNote: request body /colour: NewNote has no field 'colour'"
    ):
        http.post("/notes", json={"text": "x", "colour": "red"}, headers={"Authorization": "Bearer t"})
    assert http.get("/notes").status_code == 401  # no credential: what the API answers
    fake.fail_next("getNote", status=503, retry_after=2)
    assert client.notes.get_note(note_id="n-1").id == "n-1"
    assert sleeps == [2.0]
    fake.fail_next("get_note", error="connect", times=2)
    with pytest.raises(notes.errors.APIConnectionError):
        client.notes.get_note(note_id="n-1")
    assert [c.error for c in fake.calls_to("get_note")][-2:] == ["connect", "connect"]
    with pytest.raises(ValueError, match="creates nothing"):
        fake.create("create_note", {"text": "x"})
    with pytest.raises(ValueError, match="give the status"):
        fake.fail_next("get_note", error_type="idempotency_in_progress")
    assert isinstance(fake.http_client(), httpx.Client) and Path(testing.__file__).name == "testing.py"
