"""The command line: summary line, exit codes, --check, located errors, nothing written on failure."""

from __future__ import annotations

import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from generator.load import load_document
from generator.operations import HTTP_METHODS
from generator.overlay import overlay_files

from .support import CURRENT, FIXTURES, GENERATED, ROOT, package_name, run_generator, tree_digest

pytestmark = pytest.mark.slow  # see pyproject's `markers`

BAD = FIXTURES / "bad"


def test_generates_runa_with_summary_line(tmp_path: Path) -> None:
    result = run_generator(CURRENT.path, "--output", tmp_path)
    assert result.returncode == 0, result.stderr
    summary = result.stdout.strip().splitlines()[-1]
    paths = load_document(CURRENT.path).data["paths"].values()
    assert summary.startswith(f"{sum(method in item for item in paths for method in HTTP_METHODS)} operations, ")
    package = tmp_path / package_name(CURRENT.path)
    assert "models" in summary and "files" in summary and f"-> {package}" in summary
    assert (package / "__init__.py").is_file()


def test_help_documents_exit_codes() -> None:
    result = run_generator("--help")
    assert result.returncode == 0
    assert "0 success, 1 --check found a difference, 2 bad input" in " ".join(result.stdout.split())


def test_check_passes_on_committed_tree_and_fails_after_one_byte_edit(tmp_path: Path) -> None:
    spec, name = CURRENT.path, package_name(CURRENT.path)
    assert run_generator(spec.relative_to(ROOT), "--check", "--quiet").returncode == 0  # the committed tree
    output = tmp_path / "generated"
    made = run_generator(spec, "--output", output, "--quiet")
    assert made.returncode == 0, made.stderr
    ok = run_generator(spec, "--output", output, "--check")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    models = output / name / "models.py"
    data = bytearray(models.read_bytes())
    index = data.index(b"class ") + 6
    data[index] = ord("X") if data[index] != ord("X") else ord("Y")
    models.write_bytes(bytes(data))
    failed = run_generator(spec, "--output", output, "--check")
    assert failed.returncode == 1
    assert f"--- {name}/models.py (on disk)" in failed.stdout
    assert f"+++ {name}/models.py (generated)" in failed.stdout


def test_readme_gives_the_commands_and_its_check_finds_the_vendored_copy_edited(tmp_path: Path) -> None:
    vendor = tmp_path / "your_repo" / "_vendor"
    made = run_generator(CURRENT.path, "--output", vendor, "--package-name", "runa", "--quiet")
    assert made.returncode == 0, made.stderr
    readme = (vendor / "runa" / "README.md").read_text(encoding="utf-8")
    command = f"python -m generator {CURRENT.path.name} --output DIR --package-name runa"
    assert f"\n{command}\n" in readme  # no folder of this machine: the same README wherever it is made
    for overlay in overlay_files(CURRENT.path):
        assert f"`overlays/{overlay.name}` (sha256" in readme
    # As the README says: in a folder holding the spec with its overlays/ and options/, DIR the package's folder.
    arguments = command.replace("DIR", str(vendor)).split()[3:]
    check = run_generator(*arguments, "--check", "--quiet", cwd=CURRENT.path.parent)
    assert check.returncode == 0, check.stdout + check.stderr
    (vendor / "runa" / "models.py").write_text("edited by hand\n", encoding="utf-8")
    check = run_generator(*arguments, "--check", "--quiet", cwd=CURRENT.path.parent)
    assert check.returncode == 1 and "runa/models.py (on disk)" in check.stdout


def test_check_reports_a_missing_package(tmp_path: Path) -> None:
    result = run_generator(CURRENT.path, "--output", tmp_path, "--check")
    assert result.returncode == 1


@pytest.mark.parametrize(
    ("fixture", "fragments"),
    [
        ("syntax-error-2024-01-01.yaml", ["syntax-error-2024-01-01.yaml:", "invalid YAML"]),
        ("swagger-2024-01-01.yaml", ["swagger-2024-01-01.yaml:1", "/swagger", "Swagger 2.0"]),
        (
            "dangling-ref-2024-01-01.yaml",
            [
                "dangling-ref-2024-01-01.yaml:15",
                "/paths/~1ping/get/responses/200/content/application~1json/schema",
                "dangling $ref",
            ],
        ),
    ],
)
def test_bad_input_exits_2_with_located_message_and_writes_nothing(
    tmp_path: Path, fixture: str, fragments: list[str]
) -> None:
    output = tmp_path / "out"
    shutil.copytree(GENERATED, output)
    before = tree_digest(output, leaving_out={"__pycache__"})
    result = run_generator(BAD / fixture, "--output", output)
    assert result.returncode == 2, result.stdout + result.stderr
    for fragment in fragments:
        assert fragment in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1  # one paragraph
    assert tree_digest(output, leaving_out={"__pycache__"}) == before


def test_schema_slip_is_fatal_with_strict(tmp_path: Path) -> None:
    result = run_generator(BAD / "schema-slip-2024-01-01.yaml", "--output", tmp_path, "--strict")
    assert result.returncode == 2
    assert "schema-slip-2024-01-01.yaml:" in result.stderr and "/components/schemas/Thing" in result.stderr
    assert "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_schema_slip_generates_with_located_warning_without_strict(tmp_path: Path) -> None:
    result = run_generator(BAD / "schema-slip-2024-01-01.yaml", "--output", tmp_path)
    assert result.returncode == 0, result.stderr
    assert "warning: " in result.stderr
    assert "schema-slip-2024-01-01.yaml:22 at /components/schemas/Thing/properties/name" in result.stderr
    models = (tmp_path / "slip_2024_01_01" / "models.py").read_text(encoding="utf-8")
    # `required: true` on the property was read as the author meant it: `name` is required.
    assert "    name: str\n" in models
    assert "    size: int | None = None\n" in models


@pytest.mark.parametrize("strict", [True, False])
def test_a_wrong_type_in_a_parameter_schema_is_located_at_its_line(tmp_path: Path, strict: bool) -> None:
    # A user's report: `type: strng` in one parameter's schema of Runa's spec was shown at line 2, `/type`.
    document = load_document(CURRENT.path)
    pointer = next(  # the last parameter schema of the spec that says `type: string`
        f"/paths/{path.replace('~', '~0').replace('/', '~1')}/{method}/parameters/{index}/schema"
        for path, item in reversed(document.data["paths"].items())
        for method in HTTP_METHODS
        for index, parameter in enumerate(item.get(method, {}).get("parameters", []))
        if parameter.get("schema", {}).get("type") == "string"
    )
    line = document.locate(pointer + "/type").line
    assert line is not None
    lines = CURRENT.path.read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[line - 1].strip().rstrip(",") in ("type: string", '"type": "string"')  # YAML or JSON
    lines[line - 1] = lines[line - 1].replace("string", "strng")
    spec = tmp_path / CURRENT.path.name
    spec.write_text("".join(lines), encoding="utf-8")
    result = run_generator(spec, "--output", tmp_path / "out", *(["--strict"] if strict else []))
    assert result.returncode == (2 if strict else 0), result.stderr
    where = f"{spec.name}:{line} at {pointer}/type: validation: 'strng' is not valid under any of the given schemas"
    assert where in result.stderr
    assert f"{spec}:2 " not in result.stderr


def test_version_from_flag_when_file_name_has_no_date(tmp_path: Path) -> None:
    spec = tmp_path / "runa.yaml"
    shutil.copy(CURRENT.path, spec)
    missing = run_generator(spec, "--output", tmp_path / "a")
    assert missing.returncode == 2 and "--api-version" in missing.stderr
    ok = run_generator(spec, "--output", tmp_path / "b", "--api-version", CURRENT.version, "--package-name", "runa")
    assert ok.returncode == 0, ok.stderr
    assert (tmp_path / "b" / "runa" / "__init__.py").is_file()


@pytest.mark.parametrize(
    ("flag", "fragment"),
    [
        ("2026-13-45", "not a calendar date"),
        ("2026-02-30", "not a calendar date"),
        ("20260101", "YYYY-MM-DD"),
    ],
)
def test_api_version_must_be_a_calendar_date(tmp_path: Path, flag: str, fragment: str) -> None:
    spec = tmp_path / "runa.yaml"
    shutil.copy(CURRENT.path, spec)
    result = run_generator(spec, "--output", tmp_path / "out", "--api-version", flag)
    assert result.returncode == 2 and fragment in result.stderr and flag in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "out").exists()


def test_a_missing_spec_says_so_whatever_its_name(tmp_path: Path) -> None:
    """Not "no API version" for a file that is not there: what cannot be read is said first."""
    result = run_generator(tmp_path / "nope.yaml", "--output", tmp_path / "out")
    assert result.returncode == 2 and "cannot read the spec" in result.stderr, result.stderr
    assert "no API version" not in result.stderr and not (tmp_path / "out").exists()


def test_api_version_contradicting_the_file_name_is_an_error(tmp_path: Path) -> None:
    other = "2000-01-01"  # no version of specs/
    result = run_generator(CURRENT.path, "--output", tmp_path, "--api-version", other)
    assert result.returncode == 2
    assert f"--api-version {other} contradicts the file name '{CURRENT.path.name}'" in result.stderr
    assert list(tmp_path.iterdir()) == []
    agreeing = run_generator(CURRENT.path, "--output", tmp_path, "--api-version", CURRENT.version)
    assert agreeing.returncode == 0, agreeing.stderr


def test_repeated_warnings_are_one_line_per_kind_unless_verbose(tmp_path: Path) -> None:
    nullable = "`nullable: true` is an OpenAPI 3.0 keyword"
    grouped = run_generator(CURRENT.path, "--output", tmp_path)
    assert grouped.returncode == 0, grouped.stderr
    lines = [line for line in grouped.stderr.splitlines() if nullable in line]
    assert len(lines) == 1
    count = int(lines[0].split("(")[-1].split(" times")[0])
    assert count > 1 and f"first at {CURRENT.path}:" in lines[0] and "--verbose" in lines[0]
    verbose = run_generator(CURRENT.path, "--output", tmp_path, "--verbose")
    every = [line for line in verbose.stderr.splitlines() if nullable in line]
    assert len(every) == count and len({line.split(": `")[0] for line in every}) == count  # distinct locations
    quiet = run_generator(CURRENT.path, "--output", tmp_path, "--quiet")
    assert quiet.returncode == 0 and quiet.stderr == ""
    total = len(verbose.stderr.splitlines())
    assert f" {total} warnings, " in quiet.stdout  # still counted


@pytest.mark.parametrize(("umask", "folder_mode", "file_mode"), [(0o022, 0o755, 0o644), (0o077, 0o700, 0o600)])
def test_package_is_written_with_the_modes_the_umask_gives(
    tmp_path: Path, umask: int, folder_mode: int, file_mode: int
) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "generator", str(CURRENT.path), "--output", str(tmp_path), "--quiet"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "PYTHONDONTWRITEBYTECODE": "1"},
        umask=umask,
    )
    assert result.returncode == 0, result.stderr
    package = tmp_path / package_name(CURRENT.path)
    folders = [package, *(p for p in package.rglob("*") if p.is_dir())]
    files = [p for p in package.rglob("*") if p.is_file()]
    assert files and {stat.S_IMODE(p.stat().st_mode) for p in folders} == {folder_mode}
    assert {stat.S_IMODE(p.stat().st_mode) for p in files} == {file_mode}
