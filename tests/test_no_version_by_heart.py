"""No test knows a version of specs/ by heart: a version or package name of specs/ written in a
test's code (outside comments) would break, or silently stop testing, when Runa's next version is
dropped into specs/. Tests read them from specs/ instead (tests/support.py: CURRENT, PREVIOUS,
HAND_CHECKED, package_name)."""

from __future__ import annotations

import re

from generator.versions import version_in_name

from .support import FIXTURES, ROOT, RUNA, package_name

# Files that name a package as its users do, on purpose, each with its reason.
WRITTEN_AS_USERS_DO = {
    "tests/e2e/user_program.py": "a payments team's program, importing the package it was written against",
    "tests/e2e/user_service.py": "a team's service code, importing its vendored package",
    "tests/e2e/test_user_service.py": "that team's tests, importing the package as the team does",
    "tests/e2e/test_user_program.py": "a user's program with typing mistakes, as text",
    "tests/test_cli_folder.py": "the generator's own message, which gives an example file name",
    "tests/test_diff_rules.py": "dates as words of a text whose word diff is checked",
}
_LEFT_OUT = ("valid", "invalid", ".venv", "node_modules", "__pycache__")


def versions_named_by_heart() -> list[str]:
    # A made-up version of tests/fixtures (next_version/runa_2025-06-01_openapi.yaml) is the fixture's
    # own name, which tests may write, even when specs/ holds a version of that date.
    fixtures = {version_in_name(path.name) for path in FIXTURES.rglob("*")} - {None}
    dated = [dated for dated in RUNA if dated.version not in fixtures]
    names = sorted({d.version for d in dated} | {package_name(d.path) for d in dated})
    if not names:
        return []
    named = re.compile("|".join(map(re.escape, names)))
    found = []
    for path in sorted((ROOT / "tests").rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if relative in WRITTEN_AS_USERS_DO or any(part in _LEFT_OUT for part in path.parts):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            match = named.search(line)
            if match and "#" not in line[: match.start()]:  # a comment may say which version it read
                found.append(f"{relative}:{number}: {line.strip()}")
    return found


def test_no_test_names_a_version_of_specs_by_heart() -> None:
    assert versions_named_by_heart() == []


def test_the_files_written_as_users_do_exist() -> None:
    assert all((ROOT / relative).is_file() for relative in WRITTEN_AS_USERS_DO)
