"""The subcommands are named once (generator/__main__.py's SUBCOMMANDS): the top-level --help lists
each, each dispatches to its own parser, and the README's command line shows each."""

from __future__ import annotations

import pytest

from generator.__main__ import SUBCOMMANDS, Subcommand, main

from .support import ROOT


def test_top_level_help_lists_every_subcommand(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--help"])
    assert exited.value.code == 0
    lines = [" ".join(line.split()) for line in capsys.readouterr().out.splitlines()]
    assert "python -m generator SUBCOMMAND ... (listed below; each has its --help)" in lines
    for subcommand in SUBCOMMANDS:  # its command line, then what it does
        at = lines.index(f"{subcommand.name} {subcommand.arguments}")
        assert lines[at + 1] == subcommand.purpose


@pytest.mark.parametrize("subcommand", SUBCOMMANDS, ids=lambda s: s.name)
def test_each_subcommand_dispatches_to_its_own_parser(
    subcommand: Subcommand, capsys: pytest.CaptureFixture[str]
) -> None:
    name = subcommand.name
    with pytest.raises(SystemExit) as exited:
        main([name, "--help"])
    assert exited.value.code == 0
    assert capsys.readouterr().out.startswith(f"usage: python -m generator {name} ")


def test_readme_command_line_shows_every_subcommand() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for subcommand in SUBCOMMANDS:
        assert f"\npython -m generator {subcommand.name} " in readme
