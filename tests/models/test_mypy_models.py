"""`mypy --strict` on the generated packages of both Runa specs, in one run, with two small programs
that use the models: one typed correctly (no error allowed), one with three mistakes mypy must catch
(so a run that checks nothing cannot pass)."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from ..support import HAND_CHECKED
from .support import Package

pytestmark = pytest.mark.slow  # see pyproject's `markers`

GOOD = """
from decimal import Decimal
from typing import Literal

from {new} import models
from {old} import models as old_models

item = models.NewOrderItemDetails(
    face_value=Decimal("10.10"),
    products=models.SingleProductWithUsageConfig(value="AMZ-US"),
    distribution_method=models.EmailDistribution(email_address="a@example.com"),
)
order = models.NewOrderDetails(payment_method=models.NewAccountPayment(currency="USD"), items=[item], metadata={{"k": "v"}})
done = models.SyncCompletedOrder.model_validate({{}})
status: Literal[models.OrderStatusEnum.COMPLETED, "COMPLETED"] = done.status
whole = models.NewOrderItemDetails(face_value=10, products=item.products, distribution_method=item.distribution_method)
paid = models.AccountPayment(type="ACCOUNT_BALANCE")  # a pinned field takes its plain value too
total: Decimal = done.total_price + Decimal("0.01")  # money is Decimal in responses
products: models.SingleProductWithUsageConfig | models.MultipleProduct | models.PayoutSelectionTemplate | models.UnknownNewOrderItemDetailsProducts = item.products
balance: models.GetBalanceResponseOption1 | list[models.GetBalanceResponseOption2Item] | None = None
legacy = old_models.NewOrderDetails.model_validate({{}})
"""

BAD = """
from {new} import models

models.EmailDistribution(email_adress="a@example.com")  # line 4: misspelt field
models.NewOrderItemDetails(face_value="ten", products=models.MultipleProduct(values=["a", "b"]), distribution_method=models.LinkDistribution())  # line 5
done: models.IncompleteOrder = models.SyncCompletedOrder.model_validate({{}})  # line 6
"""


def test_generated_packages_pass_mypy_strict_and_type_user_code(runa_packages: dict[str, Package]) -> None:
    old, new = (runa_packages[dated.version] for dated in HAND_CHECKED)
    folder = new.folder
    assert old.folder == folder
    (folder / "uses_models_ok.py").write_text(GOOD.format(new=new.name, old=old.name))
    (folder / "uses_models_badly.py").write_text(BAD.format(new=new.name))
    completed = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-error-summary", "--show-error-codes", "--cache-dir", str(folder / ".mypy_cache"),
         new.name, old.name, "uses_models_ok.py", "uses_models_badly.py"],  # package folders and programs
        cwd=folder, capture_output=True, text=True, timeout=300, env={**os.environ, "MYPYPATH": str(folder)},
    )  # fmt: skip
    errors = [line for line in completed.stdout.splitlines() if ": error:" in line]
    outside_bad = [line for line in errors if not line.startswith("uses_models_badly.py:")]
    assert not outside_bad, "\n".join(outside_bad)
    lines = {int(m.group(1)) for line in errors if (m := re.match(r"uses_models_badly\.py:(\d+):", line))}
    assert lines == {4, 5, 6}, completed.stdout + completed.stderr
    assert "email_adress" in completed.stdout and completed.returncode == 1
