"""`python -m generator check`: several vendored folders in one run (as the pre-commit hook's `args`
name them), one verdict line each, and none of the generation's chatter (warnings located in a
temporary folder that no longer exists, overlay lines) unless asked for with `--verbose`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .support import GENERATED, package_name, run_generator, runa_specs

pytestmark = pytest.mark.slow  # each check generates a package


def committed_packages() -> list[Path]:
    return [GENERATED / package_name(spec) for spec in runa_specs()]


def test_every_folder_named_is_checked_and_says_only_its_verdict(tmp_path: Path) -> None:
    packages = committed_packages()
    result = run_generator("check", *packages, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines() == [
        f"check ok: {package} is exactly what its _generated_from.json generates" for package in packages
    ]
    assert "runa-generator-check-" not in result.stdout + result.stderr and "overlay" not in result.stdout


def test_the_worst_outcome_is_the_exit_code_and_every_folder_is_still_checked(tmp_path: Path) -> None:
    first, *others = committed_packages()
    edited = tmp_path / first.name
    shutil.copytree(first, edited)
    (edited / "models.py").write_text((edited / "models.py").read_text(encoding="utf-8") + "# edited\n")
    result = run_generator("check", edited, *others, tmp_path / "missing", cwd=tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr  # a folder that is no package: bad input
    assert "-# edited" in result.stdout and f"check failed: {edited}" in result.stderr
    assert all(f"check ok: {package}" in result.stdout for package in others)
    assert run_generator("check", edited, *others, cwd=tmp_path).returncode == 1


def test_verbose_locates_the_warnings_in_what_the_package_carries(tmp_path: Path) -> None:
    package, *_ = committed_packages()
    result = run_generator("check", package, "--verbose", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert warnings and all(f"<_generated_from.json of {package}>" in line for line in warnings)
    assert "runa-generator-check-" not in result.stderr


def test_a_folder_that_does_not_exist_is_said_so_and_one_without_a_manifest_is_no_package(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from generator.check import main

    assert main([str(tmp_path / "nowhere")]) == 2
    assert capsys.readouterr().err.strip() == f"error: {tmp_path / 'nowhere'}: no such folder"
    assert main([str(tmp_path)]) == 2
    assert "is not a package this generator made" in capsys.readouterr().err
