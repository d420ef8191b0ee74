"""`python -m generator SPECS_DIR`: every version of a folder, as generator/versions.py reads it (the one
reading `changelog`, `add` and the tests share), which is what scripts/generate.sh runs.

In-process (fast); the command as a subprocess is tested in test_cli.py.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from generator.__main__ import main

from .support import FIXTURES, ROOT

SHOP = FIXTURES / "overlay" / "shop-2024-01-01.yaml"


@pytest.fixture(autouse=True)
def _cache_restored(monkeypatch: pytest.MonkeyPatch) -> None:
    """`--check` turns the cache off in this process's environment: undone after each test."""
    monkeypatch.setenv("RUNA_GENERATOR_CACHE", "off")


def three_versions(folder: Path) -> Path:
    """Shop as three versions, one per spec suffix, under names that carry their date differently."""
    folder.mkdir()
    shutil.copy(SHOP, folder / "2024-01-01.yaml")
    shutil.copy(SHOP, folder / "shop_2024-02-01.yml")
    data = yaml.safe_load(SHOP.read_text(encoding="utf-8"))
    (folder / "shop-2024-03-01.openapi.json").write_text(json.dumps(data), encoding="utf-8")
    (folder / "README.md").write_text("not a spec\n", encoding="utf-8")
    return folder


@pytest.mark.slow  # nine generations, six of them without the cache (--check)
def test_every_version_of_a_folder_is_generated_and_checked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    specs, out = three_versions(tmp_path / "specs"), tmp_path / "out"
    assert main([str(specs), "--output", str(out), "--quiet"]) == 0
    packages = ["shop_2024_01_01", "shop_2024_02_01", "shop_2024_03_01"]
    assert sorted(p.name for p in out.iterdir()) == packages
    summaries = [line for line in capsys.readouterr().out.splitlines() if " operations, " in line]
    assert [line.rsplit("/", 1)[1] for line in summaries] == packages  # oldest first
    assert main([str(specs), "--output", str(out), "--check"]) == 0
    assert capsys.readouterr().out.count("check ok: ") == 3
    with (out / "shop_2024_02_01" / "__init__.py").open("a", encoding="utf-8") as edited:
        edited.write("# edited by hand\n")
    assert main([str(specs), "--output", str(out), "--check"]) == 1
    captured = capsys.readouterr()
    assert captured.out.count("check ok: ") == 2 and "# edited by hand" in captured.out
    assert f"check failed: {out / 'shop_2024_02_01'} differs from what {specs / 'shop_2024-02-01.yml'}" in captured.err


def test_one_bad_version_writes_no_package(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    specs, out = three_versions(tmp_path / "specs"), tmp_path / "out"
    shutil.copy(FIXTURES / "bad" / "dangling-ref-2024-01-01.yaml", specs / "2024-04-01.yaml")
    assert main([str(specs), "--output", str(out)]) == 2
    assert "dangling $ref" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.parametrize(
    ("arrange", "args", "fragment"),
    [
        (three_versions, ["--package-name", "shop"], "is a folder of specs: --package-name and --api-version"),
        (three_versions, ["--api-version", "2024-01-01"], "is a folder of specs: --package-name and --api-version"),
        (Path.mkdir, [], "holds no spec (expected dated files such as 2024-02-05.yaml)"),
    ],
)
def test_a_folder_that_names_no_versions_is_bad_input(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    arrange: Callable[[Path], object],
    args: list[str],
    fragment: str,
) -> None:
    specs, out = tmp_path / "specs", tmp_path / "out"
    arrange(specs)
    assert main([str(specs), "--output", str(out), *args]) == 2
    assert fragment in capsys.readouterr().err
    assert not out.exists()


def test_generate_sh_leaves_which_files_are_versions_to_the_generator() -> None:
    """A version added as .json, .yaml or .yml (under any name with its date) needs no edit of the script."""
    script = (ROOT / "scripts" / "generate.sh").read_text(encoding="utf-8")
    commands = [line for line in script.splitlines() if line.startswith(".venv/bin/python -m generator")]
    assert commands == [".venv/bin/python -m generator specs", ".venv/bin/python -m generator changelog specs"]
