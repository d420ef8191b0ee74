"""Responses that break the spec, through the generated Runa client (HAND_CHECKED's second version) and its webhook parsers.

The table: each kind of deviation x each mode. Strict (`response_validation="strict"`,
`parse_...(strict=True)`) raises `errors.ResponseValidationError` with the response, the raw body and
each problem at its JSON pointer. Lenient (the default) returns, logs one WARNING line for the call on
the package's logger, and records each problem (`deviations(result)`); a field whose value is of the wrong
type (or null, or missing) holds no value (reading it raises `UnusableFieldError`), one that misses only
a constraint (a pattern, a bound) keeps its typed value, a union value that fits no branch is the
union's `Unknown...` model, and dumping the result gives back what the server sent. An undeclared
field where the schema allows additional properties is no violation: recorded, never raised.
Every row runs through the sync and the async client against the scripted server.
"""

from __future__ import annotations

import asyncio
import copy
import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest

from ..packages import GeneratedPackage
from ..scripted_server import ScriptedServer, Step
from ..support import HAND_CHECKED
from .calls import NEW_ORDER
from .conftest import API_KEY

pytestmark = pytest.mark.timeout(60)

VERSION = HAND_CHECKED[1].version  # the version whose operations and models these tests name
ITEM = {
    "id": "I-1",
    "distribution_method": {"type": "EMAIL", "email_address": "fred@example.com"},
    "products": {"type": "SINGLE", "value": "AMZ-US"},
    "face_value": "10.00",
    "price": "9.50",
    "payout": {"status": "ACTIVE", "status_updated_at": "2024-08-24T14:15:23Z", "url": "https://runa.io/p/1"},
}
COMPLETED = {
    "id": "O-1",
    "status": "COMPLETED",
    "created_at": "2024-08-24T14:15:22Z",
    "completed_at": "2024-08-24T14:15:23Z",
    "payment_method": {"type": "ACCOUNT_BALANCE", "currency": "USD"},
    "currency": "USD",
    "total_price": "10.00",
    "total_discount": "0.50",
    "items": [ITEM],
}


def changed(path: str, value: Any) -> dict[str, Any]:
    """COMPLETED with the value at `path` (a JSON pointer) replaced, or removed when `value` is DROP."""
    body = copy.deepcopy(COMPLETED)
    *parents, last = [int(t) if t.isdigit() else t for t in path.strip("/").split("/")]
    target: Any = body
    for token in parents:
        target = target[token]
    if value is DROP:
        del target[last]
    else:
        target[last] = value
    return body


DROP = object()


@dataclass(frozen=True)
class Row:
    kind: str
    body: dict[str, Any]
    pointer: str
    unusable: tuple[str, ...] = ()  # attribute path of the field left without a value
    unknown: tuple[str, ...] = ()  # attribute path of the `Unknown...` member, and its model's name
    violation: bool = True
    kept: tuple[Any, ...] = ()  # attribute path of a leaf that missed only a constraint, and the value it keeps


ROWS = [
    Row("wrong type", changed("/total_price", "incididunt adipisicing"), "/total_price", ("total_price",)),
    Row("null where not nullable", changed("/completed_at", None), "/completed_at", ("completed_at",)),
    Row("missing required field", changed("/currency", DROP), "/currency", ("currency",)),
    Row("pattern miss", changed("/currency", "usd"), "/currency", kept=("currency", "usd")),
    Row("unknown enum value", changed("/items/0/payout/status", "PAUSED"), "/items/0/payout/status",
        ("items", 0, "payout", "status")),
    Row("unknown discriminator", changed("/items/0/distribution_method", {"type": "SMS", "phone": "+1"}),
        "/items/0/distribution_method/type", (),
        ("items", 0, "distribution_method", "UnknownCompletedOrderItemDistributionMethod")),
    Row("additional property", changed("/loyalty_points", 12), "/loyalty_points", violation=False),
]  # fmt: skip
MODES = ["sync", "async"]


@pytest.fixture
def create_order(
    packages: dict[str, GeneratedPackage], scripted_server: Callable[..., ScriptedServer]
) -> Callable[..., Any]:
    """`create_order(mode, body, **client_options)`: the parsed answer, or the APIError raised."""
    module = packages[VERSION].module

    def run(mode: str, step: Step, **client_options: Any) -> Any:
        server = scripted_server(step)
        options = {"api_key": API_KEY, "base_url": server.url, **client_options}
        call = {"body": NEW_ORDER, "execution_mode": "sync"}
        try:
            if mode == "sync":
                with module.RunaClient(**options) as client:
                    return client.orders.create_order(**call)

            async def main() -> Any:
                async with module.AsyncRunaClient(**options) as client:
                    return await client.orders.create_order(**call)

            return asyncio.run(main())
        except module.errors.APIError as error:
            return error

    return run


def warnings_of(caplog: pytest.LogCaptureFixture, name: str) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == name and r.levelno >= logging.WARNING]


def attribute(value: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        value = value[step] if isinstance(step, int) else getattr(value, step)
    return value


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("row", ROWS, ids=[row.kind for row in ROWS])
def test_strict_raises_with_the_response_the_body_and_each_problem(
    create_order: Callable[..., Any], packages: dict[str, GeneratedPackage], row: Row, mode: str
) -> None:
    module = packages[VERSION].module
    outcome = create_order(mode, Step(200, row.body), response_validation="strict")
    if not row.violation:  # allowed by the schema: strict mode returns it like lenient mode
        assert isinstance(outcome, module.models.SyncCompletedOrder)
        assert [(d.pointer, d.kind) for d in module.deviations(outcome)] == [(row.pointer, row.kind)]
        return
    assert isinstance(outcome, module.errors.ResponseValidationError)
    assert isinstance(outcome, module.errors.APIError)
    assert [(p.pointer, p.kind) for p in outcome.problems] == [(row.pointer, row.kind)]
    assert outcome.body == row.body and outcome.response.status_code == 200
    assert row.pointer in str(outcome) and "createOrder" in str(outcome)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("row", ROWS, ids=[row.kind for row in ROWS])
def test_lenient_returns_logs_once_and_records(
    create_order: Callable[..., Any],
    packages: dict[str, GeneratedPackage],
    caplog: pytest.LogCaptureFixture,
    row: Row,
    mode: str,
) -> None:
    module = packages[VERSION].module
    caplog.set_level(logging.DEBUG, logger=module.__name__)
    order = create_order(mode, Step(200, row.body))
    assert isinstance(order, module.models.SyncCompletedOrder)
    found = module.deviations(order)
    assert [(d.pointer, d.kind) for d in found] == [(row.pointer, row.kind)]
    logged = warnings_of(caplog, module.__name__)
    if row.violation:
        assert len(logged) == 1 and "createOrder" in logged[0].getMessage()
        pattern = re.sub(r"/[0-9]+(?=/|$)", "/*", row.pointer)  # list indexes are aggregated
        assert f"{row.kind} at {pattern} x1" in logged[0].getMessage()
    else:
        assert logged == []  # an additional property: DEBUG at most
        assert any(row.pointer in r.getMessage() for r in caplog.records if r.levelno == logging.DEBUG)
    if row.unusable:
        *owner, name = row.unusable
        with pytest.raises(module.errors.UnusableFieldError, match=name) as caught:
            attribute(order, tuple(row.unusable))
        assert isinstance(caught.value, AttributeError) and not hasattr(attribute(order, tuple(owner)), name)
    if row.kept:  # a value of its type that misses only a constraint keeps its typed value (issue 23)
        *path, value = row.kept
        assert attribute(order, tuple(path)) == value
    if row.unknown:
        *path, class_name = row.unknown
        member = attribute(order, tuple(path))
        assert type(member).__name__ == class_name and member.raw == attribute_in(row.body, path)
    assert order.model_dump(mode="json", exclude_unset=True) == row.body  # what was sent, explicit nulls too


def attribute_in(body: Any, path: list[Any]) -> Any:
    for step in path:
        body = body[step]
    return body


@pytest.mark.parametrize("mode", MODES)
def test_a_conforming_response_has_no_deviations_and_logs_nothing(
    create_order: Callable[..., Any], packages: dict[str, GeneratedPackage], caplog: pytest.LogCaptureFixture, mode: str
) -> None:
    module = packages[VERSION].module
    caplog.set_level(logging.DEBUG, logger=module.__name__)
    order = create_order(mode, Step(200, COMPLETED), response_validation="strict")
    assert module.deviations(order) == [] and caplog.records == []
    assert order.total_price == Decimal("10.00") and str(order.status) == "COMPLETED"


@pytest.mark.parametrize("mode", MODES)
def test_a_page_with_the_same_deviation_in_every_item_logs_one_line(
    create_order: Callable[..., Any], packages: dict[str, GeneratedPackage], caplog: pytest.LogCaptureFixture, mode: str
) -> None:
    module = packages[VERSION].module
    body = copy.deepcopy(COMPLETED)
    body["items"] = [dict(ITEM, id=f"I-{i}", payout={**ITEM["payout"], "status": "PAUSED"}) for i in range(500)]
    caplog.set_level(logging.WARNING, logger=module.__name__)
    order = create_order(mode, Step(200, body))
    assert len(module.deviations(order)) == 500 and order.items[499].payout.url == "https://runa.io/p/1"
    (line,) = warnings_of(caplog, module.__name__)
    assert "unknown enum value at /items/*/payout/status x500" in line.getMessage()


@pytest.mark.parametrize("mode", MODES)
def test_money_round_trips_exactly(
    packages: dict[str, GeneratedPackage], scripted_server: Callable[..., ScriptedServer], mode: str
) -> None:
    """`Decimal("10.10")` in, `10.10` on the wire (a JSON number, as the spec types it), Decimal out."""
    module = packages[VERSION].module
    answer = (
        '{"payment_method": {"type": "ACCOUNT_BALANCE", "currency": "USD"}, "currency": "USD",'
        ' "total_discount": 0.50, "total_price": 9.60, "items": [{"products": {"type": "SINGLE", "value":'
        ' "AMZ-US"}, "face_value": 10.10, "price": 9.60, "discount_multiplier": "0.05", "currency": "USD"}]}'
    )
    server = scripted_server(Step(200, answer.encode(), {"Content-Type": "application/json"}))
    body = {
        "payment_method": {"type": "ACCOUNT_BALANCE", "currency": "USD"},
        "items": [{"face_value": Decimal("10.10"), "products": {"type": "SINGLE", "value": "AMZ-US"}}],
    }
    if mode == "sync":
        with module.RunaClient(api_key=API_KEY, base_url=server.url) as client:
            estimate = client.orders.estimate_order_price(body=body)
    else:

        async def main() -> Any:
            async with module.AsyncRunaClient(api_key=API_KEY, base_url=server.url) as client:
                return await client.orders.estimate_order_price(body=body)

        estimate = asyncio.run(main())
    sent = server.received[0].body
    assert b'"face_value":10.10' in sent and json.loads(sent, parse_float=Decimal)["items"][0]["face_value"] == Decimal(
        "10.10"
    )
    item = estimate.items[0]
    assert (item.face_value, item.price, estimate.total_price) == (Decimal("10.10"), Decimal("9.60"), Decimal("9.60"))
    assert str(item.face_value) == "10.10" and type(estimate.total_discount) is Decimal
    assert module.deviations(estimate) == []


# --- webhooks --------------------------------------------------------------------------------------

WEBHOOK_ROWS = [
    ("order_completion", {"id": "O-1", "status": "REFUNDED"}, "/status", "unknown discriminator"),
    ("order_completion", {"id": 7, "status": "FAILED"}, "/id", "wrong type"),
    ("product_update", {"product_code": "X", "old_state": {"price_multiplier": "1.00", "is_orderable": True},
                        "new_state": {"price_multiplier": "1.00", "is_orderable": True}}, "/timestamp",
     "missing required field"),
]  # fmt: skip


@pytest.mark.parametrize(("parser", "payload", "pointer", "kind"), WEBHOOK_ROWS)
def test_webhook_parsers_are_strict_or_lenient_too(
    packages: dict[str, GeneratedPackage],
    caplog: pytest.LogCaptureFixture,
    parser: str,
    payload: dict[str, Any],
    pointer: str,
    kind: str,
) -> None:
    module = packages[VERSION].module
    parse = getattr(module.webhooks, f"parse_{parser}")
    with pytest.raises(module.errors.ResponseValidationError) as caught:
        parse(json.dumps(payload), strict=True)
    assert [(p.pointer, p.kind) for p in caught.value.problems] == [(pointer, kind)]
    assert caught.value.body == payload and caught.value.response is None
    caplog.set_level(logging.WARNING, logger=module.__name__)
    event = parse(json.dumps(payload))
    assert [(d.pointer, d.kind) for d in module.deviations(event)] == [(pointer, kind)]
    (line,) = [r.getMessage() for r in warnings_of(caplog, module.__name__)]
    assert f"webhook payload deviates from the spec: {kind} at {pointer}" in line and "response" not in line


def test_an_unknown_order_status_is_the_unknown_member_never_a_dict_or_the_wrong_branch(
    packages: dict[str, GeneratedPackage],
) -> None:
    module = packages[VERSION].module
    models = module.models
    event = module.webhooks.parse_order_completion(b'{"id": "O-1", "status": "REFUNDED"}')
    assert type(event) is models.UnknownOrderCompletionPayload and event.raw == {"id": "O-1", "status": "REFUNDED"}
    assert not isinstance(event, (models.CompletedOrderWebhook, models.FailedOrderWebhook, dict))
    failed = module.webhooks.parse_order_completion(b'{"id": "O-1", "status": "FAILED"}')
    assert type(failed) is models.FailedOrderWebhook and module.deviations(failed) == []
