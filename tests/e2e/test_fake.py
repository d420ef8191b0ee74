"""`<package>.testing.FakeRuna`: the fake Runa API every generated package carries, through the
generated client (sync and async). Request checks, answers that pass the models' validation, state
(orders, pagination, balance), Runa's idempotency, scripted faults, recorded calls, signed webhooks.

Independent judges where one exists: `standardwebhooks` verifies the deliveries; the answers are
checked with the models' own validation without the client's lenient hooks.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import re
import subprocess
import sys
from datetime import UTC, datetime
from decimal import Decimal
from typing import Annotated, Any

import httpx
import pydantic
import pytest

from ..packages import GeneratedPackage
from ..support import HAND_CHECKED
from .calls import NEW_ORDER, all_calls

pytestmark = [pytest.mark.slow, pytest.mark.timeout(60)]

VERSION = HAND_CHECKED[1].version  # the version whose operations and models these tests name
# The body of each version's create call (its spec's example, as the README shows it).
BODIES = {
    version: next(c.kwargs["body"] for c in calls if c.operation_id == "createOrder")
    for version, calls in all_calls().items()
}


@pytest.fixture
def package(packages: dict[str, GeneratedPackage]) -> GeneratedPackage:
    return packages[VERSION]


@pytest.fixture
def fake(package: GeneratedPackage) -> Any:
    return package.testing.FakeRuna()


@pytest.fixture
def client(package: GeneratedPackage, fake: Any) -> Any:
    made = package.module.RunaClient(api_key="test", http_client=fake.http_client(), max_retries=2)
    made._sleep = (sleeps := []).append
    made.sleeps = sleeps
    return made


def order_body(face_value: float = 10, email: str = "fred@example.com") -> dict[str, Any]:
    body = json.loads(json.dumps(NEW_ORDER))
    body["items"][0]["face_value"] = face_value
    body["items"][0]["distribution_method"]["email_address"] = email
    return body


def strictly_valid(package: GeneratedPackage, kind: Any, value: Any) -> None:
    """`value` passes the models' validation without the lenient hooks (the client's strict reading)."""
    validator = package.module._parse._plain_validator(kind)
    assert validator is not None
    validator.validate_python(value)


# --- requests are checked against the spec ------------------------------------------------------


def test_a_request_the_spec_refuses_fails_the_test(package: GeneratedPackage, fake: Any, client: Any) -> None:
    testing = package.testing
    with pytest.raises(pydantic.ValidationError, match=r"getListOfOrders parameters"):
        client.orders.get_list_of_orders(limit=0)  # the client refuses it before sending ...
    assert fake.calls == []
    http = fake.http_client(base_url="https://playground.runa.io/v2")
    headers = {"X-Api-Key": "k", "X-Api-Version": VERSION, "X-Idempotency-Key": "k-1"}
    with pytest.raises(testing.FakeRequestError, match=r"getListOfOrders: query parameter 'limit'.*greater than"):
        http.get("/order", params={"limit": 0}, headers=headers)  # ... and the fake, sent by another client
    bad = order_body()
    bad["items"][0]["face_value"] = 0
    with pytest.raises(testing.FakeRequestError) as caught:
        http.post("/order", json=bad, headers=headers)
    assert str(caught.value).startswith("createOrder: request body /items/0/face_value: ")
    assert "greater than or equal to 0.01" in str(caught.value)
    with pytest.raises(
        testing.FakeRequestError, match=r"createOrder: header parameter 'X-Idempotency-Key' is required"
    ):
        http.post("/order", json=order_body(), headers={k: v for k, v in headers.items() if k != "X-Idempotency-Key"})
    with pytest.raises(testing.FakeRequestError, match=r"header X-Api-Version is '2000-01-01'"):
        http.get("/balance", headers={**headers, "X-Api-Version": "2000-01-01"})
    with pytest.raises(testing.FakeRequestError, match=r"query parameter 'colour' is not documented"):
        http.get("/balance", params={"colour": "red"}, headers=headers)
    with pytest.raises(testing.FakeRequestError, match=r"DELETE /v2/order: no operation"):
        http.delete("/order", headers=headers)
    no_key = http.get("/balance", headers={"X-Api-Version": VERSION})
    assert no_key.status_code == 401  # what the API answers, not a test failure
    assert [c.status for c in fake.calls][-1] == 401


# --- answers pass the models' validation --------------------------------------------------------


@pytest.mark.parametrize("version", sorted(BODIES))
def test_every_documented_answer_passes_strict_validation(version: str, packages: dict[str, GeneratedPackage]) -> None:
    """Each documented status of each operation (asked for with Prism's `Prefer: code=N`)."""
    package = packages[version]
    fake = package.testing.FakeRuna()
    http = fake.http_client(base_url="https://playground.runa.io/v2")
    answers: dict[str, tuple[Any, Any]] = {}  # "operationId status" -> (documented type, body served)
    for route in fake.API.routes:
        endpoint = route.endpoint
        for spec in endpoint.responses:
            if not spec.status.isdigit() or spec.kind != "json":
                continue
            path = endpoint.path.replace("{id}", "O-1").replace("{product_code}", "AMZ-US")
            path = re.sub(r"\{[^}]+\}", "X-1", path)  # another operation's path parameter
            headers = {"X-Api-Key": "k", "X-Api-Version": version, "Prefer": f"code={spec.status}"}
            response = http.request(endpoint.method, path, headers=headers)
            assert response.status_code == int(spec.status)
            served = package.module._base_model.loads(response.content)  # as the client reads the wire
            strictly_valid(package, spec.type, served)
            answers[f"{endpoint.operation_id} {spec.status}"] = (spec.type, served)
    documented = [s for r in fake.API.routes for s in r.endpoint.responses if s.status.isdigit() and s.kind == "json"]
    assert len(answers) == len(documented) > 0
    # Runa's examples that break its schemas (the 422 example's `help: null`, where `help` is an optional
    # string): each member the fake left out was a null the models refuse there, so putting it back
    # into the answer served breaks the answer (and without it, the answer passes: above).
    for repair in fake.example_repairs:
        assert repair.reason == "null is not allowed here; left out", repair
        kind, body = answers[repair.where]
        *parents, member = [step.replace("~1", "/").replace("~0", "~") for step in repair.pointer.split("/")[1:]]
        parent = body
        for step in parents:
            parent = parent[int(step) if isinstance(parent, list) else step]
        assert member not in parent, repair
        parent[member] = None
        with pytest.raises(pydantic.ValidationError):
            strictly_valid(package, kind, body)
        del parent[member]


def test_the_422_example_with_its_null_help_is_served_as_is(package: GeneratedPackage, fake: Any) -> None:
    """Runa's 422 example has `help: null`, which Runa's overlay (specs/overlays/, issue 23) makes
    legal: the fake serves the example unrepaired, and the client gets the documented error with a
    valid body (the repairs of examples that still break their schema: the test above)."""
    client = package.module.RunaClient(api_key="test", http_client=fake.http_client(), max_retries=0)
    with pytest.raises(package.module.errors.UnprocessableEntityError) as caught:
        client.orders.estimate_order_price(
            body={
                "payment_method": {"type": "ACCOUNT_BALANCE", "currency": "USD"},
                "items": [{"face_value": 25, "products": {"type": "SINGLE", "value": "AMZ-US"}}],
            },
            extra_headers={"Prefer": "code=422"},
        )
    wire = json.loads(caught.value.response.content)
    assert wire["help"] is None and wire["type"] == "validation_error"
    strictly_valid(package, package.module.models.ValidationErrorResponse, wire)
    assert [r for r in fake.example_repairs if r.pointer == "/help"] == []
    assert caught.value.body.help is None and package.module.deviations(caught.value.body) == []


# --- state: orders, pagination, balance ---------------------------------------------------------


def test_a_sync_order_is_completed_with_items_and_codes(package: GeneratedPackage, fake: Any, client: Any) -> None:
    models = package.module.models
    order = client.orders.create_order(body=order_body(25), execution_mode="sync")
    assert isinstance(order, models.SyncCompletedOrder)
    assert order.status == "COMPLETED" and order.completed_at is not None
    assert order.description == NEW_ORDER["description"] and order.metadata == NEW_ORDER["metadata"]
    assert [item.distribution_method.email_address for item in order.items] == ["fred@example.com"]
    assert order.items[0].payout.url  # the code the recipient redeems
    assert Decimal(order.total_price) == Decimal(25)
    fetched = client.orders.get_single_order(id=order.id)
    assert isinstance(fetched, models.CompletedOrderWithFullDetails) and fetched.id == order.id
    assert fetched.status == "COMPLETED"


def test_an_async_order_is_processing_until_advanced(package: GeneratedPackage, fake: Any, client: Any) -> None:
    accepted = client.orders.create_order(body=order_body(), execution_mode="async")
    assert isinstance(accepted, package.module.models.AsyncAcceptedOrder) and accepted.status == "PROCESSING"
    assert client.orders.get_single_order(id=accepted.id).status == "PROCESSING"
    assert fake.deliveries == []
    assert fake.advance() == 1
    assert client.orders.get_single_order(id=accepted.id).status == "COMPLETED"
    assert fake.advance() == 0  # nothing left to move
    assert [d.event for d in fake.deliveries] == ["order.completion"]


def test_orders_are_listed_newest_first_with_cursor_pagination(fake: Any, client: Any) -> None:
    ids = [client.orders.create_order(body=order_body(), execution_mode="sync").id for _ in range(3)]
    assert len(set(ids)) == 3
    assert [o.id for o in client.orders.iter_get_list_of_orders(limit=2)] == ids[::-1]
    pages = [c.query.get("after") for c in fake.calls_to("get_list_of_orders")]
    assert pages == [None, [ids[1]], [ids[0]]]  # the cursor is the last id of a page; then an empty page
    last = client.orders.get_list_of_orders(after=ids[0])
    assert last.items == [] and last.pagination.cursors.after is None  # the end is an empty page
    first = client.orders.get_list_of_orders(limit=1)
    assert [o.id for o in first.items] == [ids[2]] and first.pagination.cursors.after == ids[2]
    assert first.pagination.cursors.before == ids[2] and first.pagination.page.limit == 1
    backwards = client.orders.get_list_of_orders(before=ids[0], limit=1)
    assert [o.id for o in backwards.items] == [ids[1]]


def test_the_balance_pays_for_orders(package: GeneratedPackage, client: Any) -> None:
    fake = package.testing.FakeRuna(balances={"USD": "30.00"})
    client = package.module.RunaClient(api_key="test", http_client=fake.http_client(), max_retries=0)
    assert client.balance.get_balance(currency="USD").balance == Decimal("30.00")  # money is Decimal
    client.orders.create_order(body=order_body(25), execution_mode="sync")
    assert client.balance.get_balance(currency="USD").balance == Decimal("5.00")
    assert fake.balance("USD") == Decimal("5.00")
    with pytest.raises(package.module.errors.BadRequestError) as caught:
        client.orders.create_order(body=order_body(10), execution_mode="sync")
    assert caught.value.type == "insufficient_funds"
    assert client.balance.get_balance(currency="USD").balance == Decimal("5.00")
    assert len(client.orders.get_list_of_orders().items) == 1  # the refused order was not created
    everything = client.balance.get_balance()
    assert [(b.currency, b.balance) for b in everything] == [("USD", Decimal("5.00"))]


def listed_balances(client: Any) -> list[tuple[str, Decimal]]:
    return [(b.currency, b.balance) for b in client.balance.get_balance()]


def test_the_balance_without_a_currency_lists_every_balance_above_zero(package: GeneratedPackage, client: Any) -> None:
    assert listed_balances(client) == [("USD", Decimal("1000.00"))]  # a fresh fake: its default balance
    client.orders.create_order(body=order_body(25), execution_mode="sync")
    assert client.balance.get_balance(currency="GBP").balance == Decimal("1000.00")  # any currency, once used
    assert listed_balances(client) == [("GBP", Decimal("1000.00")), ("USD", Decimal("975.00"))]
    given = package.testing.FakeRuna(balances={"USD": "0", "GBP": "8.5"})
    other = package.module.RunaClient(api_key="test", http_client=given.http_client(), max_retries=0)
    assert listed_balances(other) == [("GBP", Decimal("8.50"))]  # above 0 only; no default beside the given


@pytest.mark.parametrize("face_values", [["10.10"], ["0.30"], ["25.75"], ["10.10", "0.30", "7"]])
def test_amounts_are_exact_never_rounded_to_the_examples_places(
    package: GeneratedPackage, fake: Any, client: Any, face_values: list[str]
) -> None:
    body = order_body()
    body["items"] = [{**body["items"][0], "face_value": Decimal(value)} for value in face_values]
    total = sum((Decimal(value) for value in face_values), Decimal(0))
    mode = "sync" if len(face_values) == 1 else "async"  # a sync order is limited to a single item
    accepted = client.orders.create_order(body=body, execution_mode=mode)
    fake.advance()
    order = client.orders.get_single_order(id=accepted.id)
    assert (str(order.total_price), [str(item.face_value) for item in order.items]) == (str(total), face_values)
    assert fake.balance("USD") == Decimal("1000.00") - total
    raw = client.orders.with_raw_response.get_single_order(id=order.id).http_response.json()
    assert (raw["total_price"], [item["face_value"] for item in raw["items"]]) == (str(total), face_values)
    (listed,) = client.orders.get_list_of_orders().items
    assert str(listed.total_price) == str(total)
    (delivery,) = fake.deliveries
    assert delivery.json()["total_price"] == str(total)


def test_an_amount_keeps_the_examples_places_as_a_minimum(package: GeneratedPackage) -> None:
    fake = package.testing.FakeRuna(balances={"USD": "30.5"})
    client = package.module.RunaClient(api_key="test", http_client=fake.http_client(), max_retries=0)
    raw = client.balance.with_raw_response.get_balance(currency="USD").http_response.json()
    assert raw["balance"] == "30.50"  # the example's '10.00' style, which the schema's pattern requires


def test_an_amount_for_a_json_number_is_written_with_its_exact_digits(package: GeneratedPackage) -> None:
    fake_module = importlib.import_module(package.module.__name__ + "._fake_shapes")
    base_model = package.module._base_model
    number = base_model.DecimalOnWire(number=True)
    for example, amount, wire in [
        (10, "10.10", "10.10"),
        (10, "25", "25"),
        (1.0, "25", "25.0"),
        ("10.00", "0.3", "0.30"),
    ]:
        value = fake_module._like(example, Decimal(amount), number)
        text = package.module._request._json_text({"face_value": value})
        assert text == '{"face_value":' + wire + "}"  # a number, not a string, and not a float's digits
        field = pydantic.TypeAdapter(Annotated[Decimal, number])
        assert str(field.validate_python(base_model.loads(text)["face_value"])) == wire  # as the client reads it
    as_string = base_model.DecimalOnWire(number=False)
    assert fake_module._like(10, Decimal("10.10"), as_string) == "10.10"  # the schema's type, not the example's


# --- idempotency, as Runa's docs describe it ---------------------------------------------------


def test_the_same_key_and_body_replays_the_first_answer(fake: Any, client: Any) -> None:
    first = client.orders.with_raw_response.create_order(
        body=order_body(), execution_mode="sync", idempotency_key="k-1"
    )
    again = client.orders.with_raw_response.create_order(
        body=order_body(), execution_mode="sync", idempotency_key="k-1"
    )
    assert again.http_response.content == first.http_response.content
    assert len(client.orders.get_list_of_orders().items) == 1
    assert [c.idempotency_key for c in fake.calls_to("create_order")] == ["k-1", "k-1"]


def test_a_replay_includes_errors(package: GeneratedPackage) -> None:
    fake = package.testing.FakeRuna(balances={"USD": "1.00"})
    client = package.module.RunaClient(api_key="test", http_client=fake.http_client(), max_retries=0)
    for _ in range(2):
        with pytest.raises(package.module.errors.BadRequestError) as caught:
            client.orders.create_order(body=order_body(5), execution_mode="sync", idempotency_key="k-2")
        assert caught.value.type == "insufficient_funds"
    fake._state._balances["USD"] = Decimal(100)  # topped up: the key still replays the stored error
    with pytest.raises(package.module.errors.BadRequestError):
        client.orders.create_order(body=order_body(5), execution_mode="sync", idempotency_key="k-2")


def test_the_same_key_with_another_body_is_refused(package: GeneratedPackage, client: Any) -> None:
    client.orders.create_order(body=order_body(10), execution_mode="sync", idempotency_key="k-3")
    with pytest.raises(package.module.errors.BadRequestError) as caught:
        client.orders.create_order(body=order_body(11), execution_mode="sync", idempotency_key="k-3")
    assert caught.value.type == "idempotency_validation_error" and caught.value.attempts == 1


@pytest.mark.anyio
async def test_a_repeat_while_the_first_is_processing_is_in_progress(package: GeneratedPackage) -> None:
    fake = package.testing.FakeRuna()
    http = fake.async_http_client()
    client = package.module.AsyncRunaClient(api_key="test", http_client=http, max_retries=0)
    results = await asyncio.gather(
        *(client.orders.create_order(body=order_body(), execution_mode="sync", idempotency_key="k-4") for _ in "ab"),
        return_exceptions=True,
    )
    errors = [r for r in results if isinstance(r, Exception)]
    assert len(errors) == 1 and errors[0].type == "idempotency_in_progress"
    patient = package.module.AsyncRunaClient(api_key="test", http_client=http, max_retries=2)
    patient._sleep = (sleeps := []).append
    waits = []

    async def record(seconds: float) -> None:
        waits.append(seconds)
        await asyncio.sleep(0)  # a real wait lets the first request finish

    patient._sleep = record
    first, second = await asyncio.gather(
        *(patient.orders.create_order(body=order_body(), execution_mode="sync", idempotency_key="k-5") for _ in "ab")
    )
    assert first == second  # the repeat waited (Runa's 2 s at least) and got the replay
    assert waits and min(waits) >= 2.0 and sleeps == []
    await http.aclose()


# --- scripted faults and recorded calls ---------------------------------------------------------


def test_a_429_then_success_keeps_one_idempotency_key(fake: Any, client: Any) -> None:
    fake.fail_next("create_order", status=429, retry_after=1)
    order = client.orders.create_order(body=order_body(), execution_mode="sync")
    calls = fake.calls_to("createOrder")
    assert [c.status for c in calls] == [429, 200]
    assert len({c.idempotency_key for c in calls}) == 1 and calls[0].idempotency_key
    assert client.sleeps == [1.0]  # Retry-After honoured
    assert calls[0].headers["x-idempotency-key"] == calls[0].idempotency_key
    assert calls[0].body == NEW_ORDER and calls[0].method == "POST" and calls[0].path == "/v2/order"
    assert client.orders.get_single_order(id=order.id).id == order.id


@pytest.mark.parametrize(
    ("fault", "outcome"),
    [
        ({"status": 503}, "InternalServerError"),
        ({"error": "timeout"}, "APITimeoutError"),
        ({"error": "connect_timeout"}, "APITimeoutError"),
        ({"error": "disconnect"}, "APIConnectionError"),
        ({"error": "connect"}, "APIConnectionError"),
        ({"error_type": "idempotency_in_progress"}, "BadRequestError"),
    ],
)
def test_scripted_faults_are_retried_like_the_real_ones(
    package: GeneratedPackage, fake: Any, client: Any, fault: dict[str, Any], outcome: str
) -> None:
    fake.fail_next("create_order", times=3, **fault)  # max_retries=2: three attempts, all failing
    with pytest.raises(getattr(package.module.errors, outcome)) as caught:
        client.orders.create_order(body=order_body(), execution_mode="sync")
    assert type(caught.value) is getattr(package.module.errors, outcome)
    calls = fake.calls_to("create_order")
    assert len(calls) == 3 and caught.value.attempts == 3
    assert len({c.idempotency_key for c in calls}) == 1 == len({caught.value.idempotency_key})
    expected = fault.get("status") or (400 if "error_type" in fault else None)
    assert [c.status for c in calls] == [expected] * 3
    assert [c.error for c in calls] == [fault.get("error")] * 3
    if "error_type" in fault:
        assert caught.value.type == "idempotency_in_progress" and min(client.sleeps) >= 2.0
    fake.fail_next("create_order", **fault)  # once: the retry succeeds and is not a replay of the fault
    order = client.orders.create_order(body=order_body(), execution_mode="sync")
    assert order.status == "COMPLETED"


def test_a_scripted_timeout_is_the_exception_httpx_raises(fake: Any) -> None:
    fake.fail_next("ping", error="timeout")
    with pytest.raises(httpx.ReadTimeout):
        fake.http_client().get("https://playground.runa.io/v2/ping")
    with pytest.raises(ValueError, match="has no operation 'pong'"):
        fake.fail_next("pong", status=500)


@pytest.mark.parametrize("status", [200, 201, 304, 399, 600])
def test_fail_next_refuses_a_status_that_is_no_failure(
    package: GeneratedPackage, fake: Any, client: Any, status: int
) -> None:
    with pytest.raises(ValueError, match=rf"status must be an error status \(400-599\), not {status}"):
        fake.fail_next("get_balance", status=status)
    assert client.balance.get_balance(currency="USD").balance == Decimal("1000.00")  # the state, not the example
    fake.fail_next("get_balance", status=400)  # the lowest error status is a failure
    with pytest.raises(package.module.errors.BadRequestError):
        client.balance.get_balance(currency="USD")


# --- webhooks -----------------------------------------------------------------------------------


def test_a_failed_order_delivers_the_failure(package: GeneratedPackage, fake: Any, client: Any) -> None:
    first = client.orders.create_order(body=order_body(), execution_mode="async")
    second = client.orders.create_order(body=order_body(), execution_mode="async")
    assert fake.advance(to="FAILED", id=second.id) == 1  # only that one
    assert client.orders.get_single_order(id=second.id).status == "FAILED"
    assert client.orders.get_single_order(id=first.id).status == "PROCESSING"
    (delivery,) = fake.deliveries
    event = package.module.webhooks.verify_and_parse_order_completion(
        delivery.body, delivery.headers, fake.webhook_secret
    )
    assert isinstance(event, package.module.models.FailedOrderWebhook) and event.id == second.id
    assert fake.advance(id=second.id) == 0  # FAILED is final
    assert fake.advance() == 1 and [d.json()["status"] for d in fake.deliveries] == ["FAILED", "COMPLETED"]


def test_completing_an_order_delivers_a_signed_webhook(package: GeneratedPackage, fake: Any, client: Any) -> None:
    from standardwebhooks.webhooks import Webhook

    order = client.orders.create_order(body=order_body(), execution_mode="sync")
    (delivery,) = fake.deliveries
    assert delivery.event == "order.completion" and delivery.json()["id"] == order.id
    webhooks = package.module.webhooks
    webhooks.verify(delivery.body, delivery.headers, secret=fake.webhook_secret)
    event = webhooks.verify_and_parse_order_completion(delivery.body, delivery.headers, fake.webhook_secret)
    assert isinstance(event, package.module.models.CompletedOrderWebhook) and event.id == order.id
    strictly_valid(package, package.module.models.OrderCompletionPayload, delivery.json())
    as_standard = {k.replace("svix-", "webhook-"): v for k, v in delivery.headers.items()}  # Svix's names
    judged = Webhook(fake.webhook_secret).verify(delivery.body, as_standard)  # an independent judge
    assert judged["id"] == order.id
    with pytest.raises(package.module.errors.WebhookVerificationError):
        webhooks.verify(delivery.body + b" ", delivery.headers, secret=fake.webhook_secret)
    other = package.testing.FakeRuna(webhook_secret="whsec_" + "QUJD" * 8)
    assert other.webhook_secret == "whsec_" + "QUJD" * 8
    assert datetime.fromtimestamp(int(delivery.headers["svix-timestamp"]), UTC) <= datetime.now(UTC)


# --- arranging state, and importing `testing` costs the client nothing ------------------------


def test_create_arranges_state_without_a_call(package: GeneratedPackage, fake: Any, client: Any) -> None:
    made = fake.create("create_order", NEW_ORDER, status=200, id="O-ARRANGED")
    assert made["id"] == "O-ARRANGED" and fake.calls == []
    assert client.orders.get_single_order(id="O-ARRANGED").status == "COMPLETED"
    with pytest.raises(ValueError, match="creates nothing"):
        fake.create("ping", {})


def test_create_takes_a_model_holding_an_amount_with_its_exact_digits(
    package: GeneratedPackage, fake: Any, client: Any
) -> None:
    """A model is arranged as the client would send it (a JSON-mode dump wrote the amount as the
    binary float 10.1, which the models refuse as money)."""
    body = order_body()
    body["items"][0]["face_value"] = "10.10"
    made = fake.create("create_order", package.module.models.NewOrderDetails.model_validate(body), status=200)
    assert client.orders.get_single_order(id=made["id"]).items[0].face_value == Decimal("10.10")


@pytest.mark.parametrize("version", sorted(BODIES))
def test_importing_the_package_does_not_import_testing(version: str, packages: dict[str, GeneratedPackage]) -> None:
    package = packages[version]
    script = f"import sys, {package.name}; " f"print(sorted(m for m in sys.modules if m.startswith('{package.name}.')))"
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=package.folder, capture_output=True, text=True, timeout=60, check=True
    )
    loaded = json.loads(result.stdout.replace("'", '"'))
    assert f"{package.name}._client" in loaded
    assert f"{package.name}.testing" not in loaded and f"{package.name}._testing" not in loaded


def test_both_versions_keep_orders(packages: dict[str, GeneratedPackage]) -> None:
    for version, body in BODIES.items():
        package = packages[version]
        fake = package.testing.FakeRuna()
        client = package.module.RunaClient(api_key="test", http_client=fake.http_client(), max_retries=0)
        order = client.orders.create_order(body=body, execution_mode="async")
        fake.advance()
        assert client.orders.get_single_order(id=order.id).status == "COMPLETED"
        assert [o.id for o in client.orders.get_list_of_orders().items] == [order.id]
