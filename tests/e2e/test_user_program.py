"""A user's program (user_program.py) type-checks with `mypy --strict` against the generated package,
mistakes are caught by the types, and the program runs against Prism."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from standardwebhooks.webhooks import Webhook

from ..packages import GeneratedPackage
from .conftest import API_KEY
from .test_readme import all_blocks

pytestmark = [pytest.mark.slow, pytest.mark.timeout(120)]

USER_PROGRAM = Path(__file__).with_name("user_program.py")
MISTAKES = """
from runa_2024_02_05 import RunaClient, errors, models; import typing

client = RunaClient("key")
client.orders.create_order(body={}, execution_mode="fast")
client.products.get_single_product(code="AMZ-US")
order: models.AsyncAcceptedOrder = client.orders.create_order(body={}, execution_mode="sync")
client.balance.get_balance(currency=840)
models.NewOrderItemDetails(face_value=10.10, products=models.SingleProductWithUsageConfig(value="A"), distribution_method=models.LinkDistribution())


def dispatch(event: models.OrderCompletionPayload) -> str:
    if isinstance(event, (models.CompletedOrderWebhook, models.FailedOrderWebhook)):
        return "known"
    typing.assert_never(event)  # line 15: a status this version does not know is not handled


def message(error: errors.BadRequestError) -> str | None:
    return error.body.message  # line 19: the body may be a proxy's HTML page, not the model
"""


def mypy(folder: Path, package: GeneratedPackage, *files: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-color-output",
            "--cache-dir",
            str(folder / ".mypy_cache"),
            *files,
        ],
        cwd=folder,
        env={"MYPYPATH": str(package.folder), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=110,
    )


def written_against(packages: dict[str, GeneratedPackage]) -> str:
    """The version of the package the user's program imports (its `from runa_... import`)."""
    source = USER_PROGRAM.read_text(encoding="utf-8")
    (version,) = [v for v, p in packages.items() if f"from {p.name} import" in source]
    return version


def test_user_program_passes_mypy_strict(packages: dict[str, GeneratedPackage], tmp_path: Path) -> None:
    pytest.importorskip("mypy")
    shutil.copyfile(USER_PROGRAM, tmp_path / "user_program.py")
    shutil.copyfile(USER_PROGRAM.with_name("user_service.py"), tmp_path / "user_service.py")  # tested with the fake
    (tmp_path / "mistakes.py").write_text(MISTAKES, encoding="utf-8")
    package = packages[written_against(packages)]
    other = next(p for p in packages.values() if p is not package)
    # and each package README's "Testing your integration" example, which users copy as it is
    examples = []
    for each in packages.values():
        (block,) = [block for block in all_blocks(each) if ".testing import" in block]
        examples.append(f"readme_testing_{each.name}.py")
        (tmp_path / examples[-1]).write_text(block, encoding="utf-8")
    result = mypy(
        tmp_path,
        package,
        "user_program.py",
        "user_service.py",
        *examples,
        str(other.folder / other.name),
    )  # and another package
    assert result.returncode == 0, result.stdout + result.stderr
    result = mypy(tmp_path, package, "mistakes.py")
    errors = [line for line in result.stdout.splitlines() if ": error:" in line]
    assert sorted({int(line.split(":")[1]) for line in errors}) == [5, 6, 7, 8, 9, 15, 19], result.stdout


def test_user_program_runs_against_prism(packages: dict[str, GeneratedPackage], prism: Callable[[str], str]) -> None:
    from . import user_program

    version = written_against(packages)
    seen = user_program.main(prism(version), API_KEY)
    assert seen[0] == version and "pong" in seen
    assert "404 not-found" in seen  # the NotFoundError branch, with the body's `type`
    assert "404 body not-found" in seen  # and its body, the documented model
    assert "422 validation_error True" in seen  # the async UnprocessableEntityError branch
    assert user_program.on_product_update(b'{"product_code": "XYZ-US", "old_state": {}, "new_state": {}}') == "XYZ-US"
    secret = "whsec_" + "QUJD" * 8
    assert user_program.on_order_completion(b"{}", {}, secret) == "rejected"
    now = datetime.now(UTC)
    signed = {"svix-id": "m1", "svix-timestamp": str(int(now.timestamp()))}
    signed["svix-signature"] = Webhook(secret).sign("m1", now, "[]")
    assert user_program.on_order_completion(b"[]", signed, secret).startswith("unreadable ")  # not a 500
