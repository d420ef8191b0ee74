"""Issue 23, done-when: a completed order that breaks one leaf comes back from `get_single_order`
as the completed-order branch with its other fields readable, not as the union's `Unknown...` member,
through the client against the scripted server, for every Runa version (the body is the package's own
example of the operation, found in its `_fake_data.json`; the branches are read from the models)."""

from __future__ import annotations

import copy
import json
import typing
from collections.abc import Callable
from typing import Any

import pytest

from ..packages import GeneratedPackage
from ..scripted_server import ScriptedServer, Step
from ..support import runa_specs, spec_version
from .conftest import API_KEY

pytestmark = pytest.mark.timeout(60)
VERSIONS = [spec_version(spec) for spec in runa_specs()]


def completed_example(package: GeneratedPackage) -> tuple[dict[str, Any], type]:
    """The package's example answer of getSingleOrder that has items (without the optional
    transaction details, whose spec example breaks the spec), and the branch declaring `items`."""
    examples = json.loads((package.folder / package.name / "_fake_data.json").read_text())["examples"]
    body = next(b for b in examples["get_single_order"]["200"] if "items" in b)
    body = {k: v for k, v in copy.deepcopy(body).items() if k != "transaction_detail"}
    union = typing.get_args(package.module.models.GetSingleOrderResponse)[0]
    (branch,) = [b for b in typing.get_args(union) if "items" in getattr(b, "model_fields", {})]
    return body, branch


def get_single_order(package: GeneratedPackage, server: ScriptedServer) -> Any:
    with package.module.RunaClient(api_key=API_KEY, base_url=server.url) as client:
        return client.orders.get_single_order(id="O-1")


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize(
    ("broken", "value", "kind"),
    [("/id", 7, "wrong type"), ("/items/0/payout/expiry_date", None, "null where not nullable")],
    ids=["wrong-typed leaf", "null expiry"],
)
def test_a_completed_order_with_one_bad_leaf_is_the_completed_branch(
    packages: dict[str, GeneratedPackage],
    scripted_server: Callable[..., ScriptedServer],
    version: str,
    broken: str,
    value: Any,
    kind: str,
) -> None:
    package = packages[version]
    body, branch = completed_example(package)
    *parents, last = [int(t) if t.isdigit() else t for t in broken.strip("/").split("/")]
    target: Any = body
    for token in parents:
        target = target[token]
    target[last] = value
    order = get_single_order(package, scripted_server(Step(200, body)))
    assert type(order) is branch
    assert order.status is not None and order.items[0].payout.url == body["items"][0]["payout"]["url"]
    found = {(d.pointer, d.kind) for d in package.module.deviations(order)}
    if (broken, kind) in found:  # a version whose spec allows it has nothing to report
        assert ("", "no exact union branch") in found
        name = broken.rsplit("/", 1)[1]
        owner = order if broken.count("/") == 1 else order.items[0].payout
        with pytest.raises(package.module.errors.UnusableFieldError):
            getattr(owner, name)
    dumped = order.model_dump(mode="json", exclude_unset=True)  # the bad leaf as received
    for token in parents:
        dumped = dumped[token]
    assert dumped[last] == value


@pytest.mark.parametrize("version", VERSIONS)
def test_a_balance_list_whose_entry_misses_a_pattern_stays_a_typed_list(
    packages: dict[str, GeneratedPackage], scripted_server: Callable[..., ScriptedServer], version: str
) -> None:
    """The trial's `get_balance` answer: one entry's balance with a third decimal misses only the
    spec's two-decimal pattern, so the list branch is read, its typed values kept, the miss recorded
    at that leaf (never the `Unknown...` member holding dicts)."""
    package = packages[version]
    examples = json.loads((package.folder / package.name / "_fake_data.json").read_text())["examples"]
    entry = next(b if isinstance(b, dict) else b[0] for b in examples["get_balance"]["200"])
    union = typing.get_args(package.module.models.GetBalanceResponse)[0]
    (item,) = [typing.get_args(b)[0] for b in typing.get_args(union) if typing.get_origin(b) is list]
    broken = {**entry, "balance": f"{entry['balance']}1"}
    try:
        item.model_validate(broken)  # strict: refused where the spec has the pattern
    except ValueError:
        expected = [("/1/balance", "pattern miss")]
    else:
        expected = []  # a version whose spec allows it has nothing to report
    body = [entry, broken]
    with package.module.RunaClient(api_key=API_KEY, base_url=scripted_server(Step(200, body)).url) as client:
        balances = client.balance.get_balance()
    assert isinstance(balances, list) and [type(b) for b in balances] == [item, item]
    assert str(balances[1].balance) == broken["balance"]
    assert [(d.pointer, d.kind) for d in package.module.deviations(balances)] == expected
