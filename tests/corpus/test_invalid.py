"""The invalid corpus: documents that cannot become a correct client as written. For each, the
decision (documented in tests/corpus/README.md): exit 2 with one located paragraph and nothing
written, or a package with a located warning where a correct client is still possible. Never a
traceback.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ..support import run_generator, tree_digest
from .harness import INVALID, invalid_specs

pytestmark = pytest.mark.slow  # a CLI run per spec

# spec -> ("exit 2" | "warning", line:pointer the message names, words it says)
DECISIONS: dict[str, tuple[str, str, str]] = {
    "opc_documents_with_errors_bad-status-code.yaml": (
        "exit 2",
        ":10 at /paths/~1/get/responses/abcdef",
        "invalid response status 'abcdef'",
    ),
    "opc_documents_with_errors_circular-body-ref.yaml": (
        "exit 2",
        ":20 at /components/requestBodies/body",
        "circular $ref",
    ),
    "opc_documents_with_errors_missing-body-ref.yaml": (
        "exit 2",
        ":9 at /paths/~1/post/requestBody",
        "dangling $ref '#/components/requestBodies/body'",
    ),
    "opc_documents_with_errors_invalid-uuid-defaults.yaml": (
        "warning",
        ":15 at /paths/~1/post/parameters/0/schema/default",
        "default 'notauuid' of parameter 'id' is not a value of its type `UUID`; ignored",
    ),
    "opc_documents_with_errors_optional-path-param.yaml": (
        "warning",
        ":9 at /paths/~1{optional}/get/parameters/0",
        "path parameter 'optional' is not marked `required: true`; read as required",
    ),
}


def test_every_invalid_spec_has_a_decision() -> None:
    assert sorted(DECISIONS) == [p.name for p in invalid_specs()]


@pytest.mark.parametrize("name", sorted(DECISIONS))
def test_invalid_spec_is_handled_as_decided(tmp_path: Path, name: str) -> None:
    decision, where, words = DECISIONS[name]
    output = tmp_path / "out"
    (output / "keep").mkdir(parents=True)
    (output / "keep" / "file.txt").write_text("untouched")
    before = tree_digest(output)
    result = run_generator(INVALID / name, "--output", output, "--api-version", "2000-01-01")
    assert "Traceback" not in result.stderr
    message = f"{name}{where}"  # file:line at pointer
    if decision == "exit 2":
        assert result.returncode == 2, result.stdout + result.stderr
        assert len(result.stderr.strip().splitlines()) == 1, "one paragraph"
        assert result.stderr.startswith("error: ") and message in result.stderr and words in result.stderr
        assert tree_digest(output) == before, "nothing written"
    else:
        assert result.returncode == 0, result.stderr
        warning = next((line for line in result.stderr.splitlines() if words in line), "")
        assert warning.startswith("warning: ") and message in warning, result.stderr
        assert tree_digest(output) != before
        assert (output / "keep" / "file.txt").read_text() == "untouched"


@pytest.mark.parametrize("name", [n for n, d in sorted(DECISIONS.items()) if d[0] == "warning"])
def test_warned_specs_are_fatal_with_strict(tmp_path: Path, name: str) -> None:
    result = run_generator(INVALID / name, "--output", tmp_path, "--api-version", "2000-01-01", "--strict")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_the_warned_clients_are_correct(tmp_path: Path) -> None:
    """The ignored defaults are not sent (the server applies its own); the path parameter is required."""
    import ast

    for name, folder in (
        ("opc_documents_with_errors_invalid-uuid-defaults.yaml", "circular_body_ref_2000_01_01"),
        ("opc_documents_with_errors_optional-path-param.yaml", "there_s_something_wrong_with_me_2000_01_01"),
    ):
        result = run_generator(INVALID / name, "--output", tmp_path, "--api-version", "2000-01-01")
        assert result.returncode == 0, result.stderr
        client = (tmp_path / folder / "_client.py").read_text(encoding="utf-8")
        ast.parse(client)
        if "uuid" in name:
            assert "id: UUID | None = None," in client and "another_id: UUID | None = None," in client
        else:
            assert "        optional: str,\n" in client  # keyword-only and required
