"""The vendoring recipe of README.md ("Vendoring and upgrading") run as written, in temporary git
repositories: vendor, gate with `python -m generator check` (and the hook of .pre-commit-hooks.yaml),
upgrade under a fixed name and side by side; and a vendored copy checked where it was copied, at any
depth, in another repository, from any working directory.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import pytest
import yaml

from generator.provenance import MANIFEST_FILE
from generator.versions import version_in_name

from .support import FIXTURES, ROOT, SPECS, run_generator, runa_specs
from .venvs import cached_environment

pytestmark = pytest.mark.slow  # CLI runs (generation, check) per test

# A made-up next version of Runa's API (tests/test_add.py adds it the same way).
NEXT = FIXTURES / "next_version" / "runa_2025-06-01_openapi.yaml"


def next_version() -> str:
    version = version_in_name(NEXT.name)
    assert version is not None
    return version


def current_spec() -> Path:
    """The newest spec of specs/ before the made-up next version: the one a consumer has vendored."""
    return [spec for spec in runa_specs() if (version_in_name(spec.name) or "") < next_version()][-1]


def git_repository(folder: Path) -> Path:
    folder.mkdir(parents=True)
    subprocess.run(["git", "init", "--quiet", folder], check=True, timeout=30)
    return folder


def consumer_repository(tmp_path: Path) -> Path:
    """A service repository as the recipe starts: a `shop` package with a `_vendor` subpackage, and a
    `runa-specs` folder holding the generator's options and overlays (step 1 of the recipe)."""
    repo = git_repository(tmp_path / "service")
    (repo / "shop" / "_vendor").mkdir(parents=True)
    (repo / "shop" / "__init__.py").write_text("")
    (repo / "shop" / "_vendor" / "__init__.py").write_text("")
    for folder in ("options", "overlays"):
        shutil.copytree(SPECS / folder, repo / "runa-specs" / folder)
    return repo


def check(package: Path | str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return run_generator("check", package, "--quiet", cwd=cwd, timeout=300)


def flip_one_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    index = data.index(b"class ") + 6
    data[index] = ord("X") if data[index] != ord("X") else ord("Y")
    path.write_bytes(bytes(data))


def test_vendor_gate_and_upgrade_as_the_readme_says(tmp_path: Path) -> None:
    repo = consumer_repository(tmp_path)
    vendored = ["--specs", "runa-specs", "--output", "shop/_vendor"]
    made = run_generator("add", current_spec(), *vendored, "--package-name", "runa", "--quiet", cwd=repo, timeout=300)
    assert made.returncode == 0, made.stdout + made.stderr
    package = repo / "shop" / "_vendor" / "runa"
    assert (package / MANIFEST_FILE).is_file()
    readme = (package / "README.md").read_text(encoding="utf-8")
    assert 'logging.getLogger("shop._vendor.runa")' in readme  # its import path, read from the folders
    assert "python -m generator check path/to/runa" in readme
    # Its examples import it as vendored: every `from ... import` of the package names the import path.
    imports = re.findall(r"^from (\S*runa\S*) import", readme, flags=re.MULTILINE)
    assert imports and set(imports) <= {"shop._vendor.runa", "shop._vendor.runa.testing"}, imports

    # Its records come from the logger its README names.
    program = textwrap.dedent("""
        import logging

        from shop._vendor import runa
        from shop._vendor.runa.testing import FakeRuna

        logging.basicConfig(level=logging.INFO, format="%(name)s %(levelname)s %(message)s")
        fake = FakeRuna()
        client = runa.RunaClient(api_key="k", http_client=fake.http_client())
        client._sleep = lambda seconds: None
        fake.fail_next("ping", status=503, retry_after=0)
        client.utility.ping()
        """)
    logged = subprocess.run(
        [sys.executable, "-c", program], cwd=repo, capture_output=True, text=True, timeout=60, env={"PATH": "/usr/bin"}
    )
    assert logged.returncode == 0, logged.stderr
    assert "shop._vendor.runa INFO ping: attempt 1 of 3 failed (503 Service Unavailable" in logged.stderr

    # The gate, as CI runs it and as the pre-commit hook runs it.
    assert check("shop/_vendor/runa", repo).returncode == 0
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["pass_filenames"] is False and hook["language"] == "python"
    command = [sys.executable if word == "python" else word for word in shlex.split(hook["entry"])]
    as_hook = subprocess.run(
        [*command, "shop/_vendor/runa"],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    assert as_hook.returncode == 0, as_hook.stdout + as_hook.stderr

    # Upgrade, fixed name: the package is replaced in place, callers keep their imports.
    upgraded = run_generator("add", NEXT, *vendored, "--package-name", "runa", "--quiet", cwd=repo, timeout=300)
    assert upgraded.returncode == 0, upgraded.stdout + upgraded.stderr
    assert (repo / "shop" / "_vendor" / f"CHANGELOG-{next_version()}.md").is_file()
    assert check("shop/_vendor/runa", repo).returncode == 0

    # Upgrade, side by side: the new version beside the old one, both importable at once.
    side = f"runa_{next_version().replace('-', '_')}"
    beside = run_generator("add", NEXT, *vendored, "--package-name", side, "--quiet", cwd=repo, timeout=300)
    assert beside.returncode == 0, beside.stdout + beside.stderr
    assert check(f"shop/_vendor/{side}", repo).returncode == 0
    program = textwrap.dedent(f"""
        from shop._vendor import runa, {side}
        assert runa.API_VERSION == {side}.API_VERSION == {next_version()!r}
        assert runa.RunaClient is not {side}.RunaClient
        print("both import")
        """)
    both = subprocess.run(
        [sys.executable, "-c", program], cwd=repo, capture_output=True, text=True, timeout=60, env={"PATH": "/usr/bin"}
    )
    assert both.returncode == 0 and "both import" in both.stdout, both.stdout + both.stderr

    flip_one_byte(package / "models.py")
    failed = check("shop/_vendor/runa", repo)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "--- runa/models.py (on disk)" in failed.stdout and "+++ runa/models.py (generated)" in failed.stdout


def test_a_vendored_copy_checks_in_any_repository_at_any_depth(tmp_path: Path) -> None:
    made = run_generator(
        current_spec(), "--output", tmp_path / "made" / "vendor", "--package-name", "runa", "--quiet", cwd=tmp_path
    )
    assert made.returncode == 0, made.stderr
    original = tmp_path / "made" / "vendor" / "runa"
    copies = []
    for repo, depth in ((tmp_path / "one", ("vendor",)), (tmp_path / "two", ("src", "app", "third_party", "deep"))):
        copy = git_repository(repo).joinpath(*depth) / "runa"
        shutil.copytree(original, copy)
        copies.append((repo, copy))
    for repo, copy in copies:
        inside = check(copy.relative_to(repo), repo)  # from the repository's root, as CI runs it
        assert inside.returncode == 0, inside.stdout + inside.stderr
        elsewhere = check(copy, tmp_path)  # from any other folder, by an absolute path
        assert elsewhere.returncode == 0, elsewhere.stdout + elsewhere.stderr
    repo, copy = copies[1]
    flip_one_byte(copy / "models.py")
    failed = check(copy.relative_to(repo), repo)
    assert failed.returncode == 1
    assert "--- runa/models.py (on disk)" in failed.stdout and "+++ runa/models.py (generated)" in failed.stdout
    assert check(copies[0][1].relative_to(copies[0][0]), copies[0][0]).returncode == 0  # the other copy is intact


def test_no_generated_file_names_a_folder_of_the_machine(tmp_path: Path) -> None:
    # The spec and its inputs copied into a folder of their own, generated from another working directory.
    specs = tmp_path / "inputs"
    shutil.copytree(SPECS, specs, ignore=shutil.ignore_patterns("__pycache__"))
    spec = specs / current_spec().name
    work = tmp_path / "work"
    work.mkdir()
    made = run_generator(spec, "--output", tmp_path / "out", "--package-name", "runa", "--quiet", cwd=work)
    assert made.returncode == 0, made.stderr
    for path in (tmp_path / "out" / "runa").rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            for folder in (tmp_path, ROOT, work, Path.home()):
                assert str(folder) not in text, f"{path.name} names {folder}"


def test_check_refuses_a_folder_that_is_no_generated_package(tmp_path: Path) -> None:
    result = check(tmp_path, tmp_path)
    assert result.returncode == 2
    assert MANIFEST_FILE in result.stderr


def test_check_refuses_a_manifest_edited_by_hand(tmp_path: Path) -> None:
    made = run_generator(current_spec(), "--output", tmp_path, "--package-name", "runa", "--quiet")
    assert made.returncode == 0, made.stderr
    manifest = tmp_path / "runa" / MANIFEST_FILE
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("paths:", "pathz:", 1), encoding="utf-8")
    result = check(tmp_path / "runa", tmp_path)
    assert result.returncode == 2
    assert "does not have its recorded sha256" in result.stderr


@pytest.mark.timeout(900)  # the environment's dependencies are installed on first use only
def test_check_needs_only_the_generator_installed_from_a_wheel(tmp_path: Path) -> None:
    # The README's install: a wheel built here (`pip wheel --no-deps .`) in an environment of its own,
    # used from outside the repository (no PYTHONPATH): it must carry the templates and every module.
    wheels = tmp_path / "wheels"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check"]
    subprocess.run([*pip, "wheel", "--quiet", "--no-deps", "-w", wheels, ROOT], check=True, timeout=300)
    (wheel,) = wheels.glob("*.whl")
    python = installed_generator_environment()
    install = [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--force-reinstall"]
    subprocess.run([*install, "--no-deps", wheel], check=True, timeout=300, capture_output=True)
    made = run_generator(current_spec(), "--output", tmp_path / "repo" / "vendor", "--quiet", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    package = next((tmp_path / "repo" / "vendor").iterdir())
    run = subprocess.run(
        [python, "-m", "generator", "check", package.relative_to(tmp_path), "--quiet"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PATH": "/usr/bin:/bin"},
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert f"check ok: {package.relative_to(tmp_path)}" in run.stdout


def installed_generator_environment() -> Path:
    """An environment with the generator's dependencies, where its wheel is installed."""
    dependencies = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    return cached_environment("generator", dependencies)
