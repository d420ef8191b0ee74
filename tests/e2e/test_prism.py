"""Every operation of every Runa version, through the sync and the async client, against Prism and
against the package's own fake (`testing.FakeRuna`, the `backend` fixture): the same tests, two judges.

Prism serves the same spec the package was generated from; the arguments are derived from the spec
(calls.py), so a new spec in specs/ is tested here with no edit. The fake answers `Prefer: code=N` as
Prism does, and raises `FakeRequestError` where Prism would report a request violation. For each
call: no request violation, the answer parses into the documented model, and `Prefer: code=N` for
every documented error status raises the matching exception with the error body parsed.
"""

from __future__ import annotations

import importlib
import json
import types
from collections.abc import Callable
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import httpx
import pytest

from ..packages import GeneratedPackage
from ..support import HAND_CHECKED
from .calls import NEW_ORDER, ORDER_ID, Call, all_calls
from .conftest import API_KEY, Recorder, request_violations

VERSION = HAND_CHECKED[1].version  # the version whose operations and models these tests name

pytestmark = [pytest.mark.slow, pytest.mark.timeout(60)]

CALLS = all_calls()
CASES = [pytest.param(version, call, id=f"{version}-{call.id}") for version, calls in CALLS.items() for call in calls]
ERROR_CLASSES = {
    400: "BadRequestError",
    401: "AuthenticationError",
    403: "PermissionDeniedError",
    404: "NotFoundError",
    409: "ConflictError",
    422: "UnprocessableEntityError",
    429: "RateLimitError",
    500: "InternalServerError",
    502: "InternalServerError",
    503: "InternalServerError",
    504: "InternalServerError",
}


def endpoint(package: GeneratedPackage, call: Call) -> Any:
    """The operation's endpoint with its types built, as the client builds them on its first call."""
    built = importlib.import_module(package.module.__name__ + "._types")._typed
    return built(getattr(package.module._client, "_" + call.operation.upper()))


def conforms(value: Any, declared: Any) -> bool:
    """`value` is what the client makes of JSON typed `declared` (models, not the raw-JSON fallback)."""
    origin = get_origin(declared)
    if origin is Annotated:
        return conforms(value, get_args(declared)[0])
    if origin in (Union, types.UnionType):
        return any(conforms(value, option) for option in get_args(declared))
    if origin is list:
        return isinstance(value, list) and all(conforms(item, get_args(declared)[0]) for item in value)
    if origin is dict:
        return isinstance(value, dict) and all(conforms(item, get_args(declared)[1]) for item in value.values())
    if origin is Literal:
        return value in get_args(declared)
    if declared is None or declared is type(None):
        return value is None
    if declared is Any:
        return True
    return isinstance(value, declared)


def check_success(package: GeneratedPackage, call: Call, raw: Any, parsed: Any) -> None:
    assert 200 <= raw.status_code < 300
    assert call.status is None or str(raw.status_code) == call.status
    assert request_violations(raw.http_response) == []
    spec = next(s for s in endpoint(package, call).responses if s.status == str(raw.status_code))
    assert conforms(parsed, spec.type), f"{call.id}: {type(parsed).__name__} is not {spec.type}"
    if call.expected is not None:
        assert type(parsed) is getattr(package.module.models, call.expected)
    if endpoint(package, call).idempotency_header:
        sent = raw.http_response.request.headers[endpoint(package, call).idempotency_header]
        assert raw.idempotency_key == sent and len(sent) == 36  # a UUID4 made by the client


def test_every_operation_is_called(packages: dict[str, GeneratedPackage]) -> None:
    """The derived calls reach every endpoint the generated package declares, in every version."""
    assert set(CALLS) == set(packages)
    for version, package in packages.items():
        declared = {
            value.operation_id
            for value in vars(package.module._client).values()
            if isinstance(value, package.module._base_client.Endpoint)
        }
        called = {endpoint(package, call).operation_id for call in CALLS[version]}
        assert called == declared, f"{version}: add calls for {sorted(declared - called)}"


@pytest.mark.parametrize(("version", "call"), CASES)
def test_operation_sync(
    version: str, call: Call, packages: dict[str, GeneratedPackage], sync_client: Callable[..., Any], recorder: Recorder
) -> None:
    package = packages[version]
    with sync_client(version) as client:
        raw = getattr(call.resource_of(client).with_raw_response, call.operation)(
            **call.kwargs, extra_headers=call.extra_headers or None
        )
        check_success(package, call, raw, raw.parse())
        parsed = getattr(call.resource_of(client), call.operation)(
            **call.kwargs, extra_headers=call.extra_headers or None
        )
        assert type(parsed) is type(raw.parse())
    assert recorder.violations() == []
    assert all(r.request.headers["x-api-key"] == API_KEY for r in recorder.responses)
    assert all(r.request.headers["x-api-version"] == version for r in recorder.responses)


@pytest.mark.anyio
@pytest.mark.parametrize(("version", "call"), CASES)
async def test_operation_async(
    version: str,
    call: Call,
    packages: dict[str, GeneratedPackage],
    async_client: Callable[..., Any],
    recorder: Recorder,
) -> None:
    package = packages[version]
    async with async_client(version) as client:
        raw = await getattr(call.resource_of(client).with_raw_response, call.operation)(
            **call.kwargs, extra_headers=call.extra_headers or None
        )
        check_success(package, call, raw, raw.parse())
        parsed = await getattr(call.resource_of(client), call.operation)(
            **call.kwargs, extra_headers=call.extra_headers or None
        )
        assert type(parsed) is type(raw.parse())
    assert recorder.violations() == []


def error_statuses(package: GeneratedPackage, call: Call) -> list[int]:
    return [
        int(spec.status)
        for spec in endpoint(package, call).responses
        if spec.status.isdigit() and int(spec.status) >= 400
    ]


def check_error(package: GeneratedPackage, call: Call, status: int, error: Any) -> None:
    errors = package.module.errors
    assert type(error) is getattr(errors, ERROR_CLASSES[status])
    assert isinstance(error, errors.APIStatusError)
    assert error.status_code == status and error.attempts == 1
    assert request_violations(error.response) == []
    spec = next(s for s in endpoint(package, call).responses if s.status == str(status))
    assert isinstance(error.body, spec.type), f"{status}: {error.body!r}"
    wire = json.loads(error.response.content)
    assert error.type == wire.get("type")  # None for Runa's 429 body, {"error": "..."}
    # Runa's examples send `help: null`: a recorded deviation where the schema allows no null (an
    # optional field whose None means "not given"), none where an overlay made it nullable
    nulls = [d.pointer for d in package.module.deviations(error.body) if d.kind == "null where not nullable"]
    refused = "help" in type(error.body)._omit_when_none
    assert nulls == (["/help"] if wire.get("help", "absent") is None and refused else [])
    if status == 422:  # the typed list of problems: Runa's `details`, FastAPI's `detail` (2023-07-27 /product)
        problems = getattr(error.body, "details", None) or error.body.detail
        assert isinstance(problems[0], package.module._base_model.Model)
    if endpoint(package, call).idempotency_header:
        assert error.idempotency_key and error.idempotency_key in str(error)
    assert API_KEY not in str(error) and API_KEY not in repr(error)


@pytest.mark.parametrize(("version", "call"), [c for c in CASES if not c.values[1].extra_headers])
def test_documented_errors_sync(
    version: str, call: Call, packages: dict[str, GeneratedPackage], sync_client: Callable[..., Any], recorder: Recorder
) -> None:
    package = packages[version]
    statuses = error_statuses(package, call)
    with sync_client(version) as client:
        for status in statuses:
            with pytest.raises(package.module.errors.APIStatusError) as caught:
                getattr(call.resource_of(client), call.operation)(
                    **call.kwargs, extra_headers={"Prefer": f"code={status}"}
                )
            check_error(package, call, status, caught.value)
    assert recorder.statuses() == statuses
    assert recorder.violations() == []


@pytest.mark.anyio
@pytest.mark.parametrize(("version", "call"), [c for c in CASES if not c.values[1].extra_headers])
async def test_documented_errors_async(
    version: str,
    call: Call,
    packages: dict[str, GeneratedPackage],
    async_client: Callable[..., Any],
    recorder: Recorder,
) -> None:
    package = packages[version]
    statuses = error_statuses(package, call)
    async with async_client(version) as client:
        for status in statuses:
            with pytest.raises(package.module.errors.APIStatusError) as caught:
                await getattr(call.resource_of(client), call.operation)(
                    **call.kwargs, extra_headers={"Prefer": f"code={status}"}
                )
            check_error(package, call, status, caught.value)
    assert recorder.statuses() == statuses


def test_retried_statuses_use_one_idempotency_key(
    packages: dict[str, GeneratedPackage], sync_client: Callable[..., Any], recorder: Recorder
) -> None:
    """500 and 429 are retried (max_retries=2: three requests), every attempt with the same key."""
    package = packages[VERSION]
    client = sync_client(VERSION, max_retries=2)
    client._sleep = (sleeps := []).append
    for status, error_class in ((500, "InternalServerError"), (429, "RateLimitError")):
        recorder.responses.clear()
        with pytest.raises(getattr(package.module.errors, error_class)) as caught:
            client.orders.create_order(body=NEW_ORDER, extra_headers={"Prefer": f"code={status}"})
        keys = {r.request.headers["x-idempotency-key"] for r in recorder.responses}
        assert recorder.statuses() == [status] * 3 and caught.value.attempts == 3
        assert keys == {caught.value.idempotency_key}
    assert sleeps[2:] and min(sleeps[2:]) >= 5.0  # Runa's minimum wait after a 429 without Retry-After
    assert recorder.violations() == []


def test_prism_checks_the_api_key(
    packages: dict[str, GeneratedPackage], sync_client: Callable[..., Any], recorder: Recorder
) -> None:
    """Prism enforces the spec's security, so "no violation" above includes the X-Api-Key header."""
    package = packages[VERSION]
    client = sync_client(VERSION)

    def drop_key(request: httpx.Request) -> None:
        del request.headers["X-Api-Key"]

    client._http.event_hooks["request"] = [drop_key]
    with pytest.raises(package.module.errors.AuthenticationError):
        client.orders.get_single_order(id=ORDER_ID)


def test_pagination_ends_or_raises_on_a_repeated_cursor(
    packages: dict[str, GeneratedPackage], sync_client: Callable[..., Any], recorder: Recorder, backend: str
) -> None:
    """Prism answers every page with the same example, so the second cursor repeats the first: a
    cycle, which raises `PaginationError` naming the cursor once both pages' items are given (issue 23).

    Prism and the fake disagree: the fake lists the orders and products it holds (those of the
    `fakes` fixture), with the last id of a page as the `after` cursor, then an empty page, as
    Runa's docs describe."""
    package = packages[VERSION]
    client = sync_client(VERSION)

    def every(items: Any) -> list[Any]:
        received = []
        try:
            for item in items:
                received.append(item)
        except package.module.errors.PaginationError as error:
            assert backend == "prism" and error.cursor == "A-789"
        return received

    orders = every(client.orders.iter_get_list_of_orders(limit=2))
    products = every(client.products.iter_get_products(countries_redeemable_in=["US"]))
    assert orders and all(
        conforms(o, package.module.models.CompletedOrderWithBasicDetails | package.module.models.IncompleteOrder)
        for o in orders
    )
    assert products and all(isinstance(p, package.module.models.Product) for p in products)
    queries = [r.request.url.params.get("after") for r in recorder.responses]
    if backend == "prism":
        assert queries == [None, "A-789", None, "A-789"]
    else:
        assert queries == [None, ORDER_ID, None, products[-1].code]
    assert recorder.violations() == []


@pytest.mark.anyio
async def test_async_pagination(
    packages: dict[str, GeneratedPackage], async_client: Callable[..., Any], recorder: Recorder, backend: str
) -> None:
    package = packages[VERSION]
    products = []
    async with async_client(VERSION) as client:
        try:
            async for product in client.products.iter_get_products(is_orderable=False, limit=1):
                products.append(product)
        except package.module.errors.PaginationError as error:  # Prism's example cursor repeats
            assert error.operation == "getProducts"
    assert products and all(isinstance(p, package.module.models.Product) for p in products)
    # Prism's example cursor repeats on the second page; the fake pages to its empty page.
    pages = 2 if backend == "prism" else len(products) + 1
    assert len(recorder.responses) == pages and recorder.violations() == []


def test_query_encoding_on_the_wire(
    packages: dict[str, GeneratedPackage], sync_client: Callable[..., Any], recorder: Recorder, backend: str
) -> None:
    """Prism and the fake disagree on the odd order id: Prism answers any id with its example, the
    fake answers 404 for an id it does not hold (as Runa does); the wire is the same."""
    client = sync_client(VERSION)
    client.products.get_products(
        is_orderable=False, countries_redeemable_in=["US", "GB"], categories=["fashion", "department-stores"]
    )
    query = recorder.responses[0].request.url.query.decode()
    assert (
        query
        == "is_orderable=false&countries_redeemable_in=US&countries_redeemable_in=GB&categories=fashion&categories=department-stores"
    )
    if backend == "prism":
        client.orders.get_single_order(id="O-1/../balance?x#y")
    else:
        with pytest.raises(packages[VERSION].module.errors.NotFoundError):
            client.orders.get_single_order(id="O-1/../balance?x#y")
    base_path = b"" if backend == "prism" else b"/v2"  # the fake is called at the default server URL
    assert recorder.responses[1].request.url.raw_path == base_path + b"/order/O-1%2F..%2Fbalance%3Fx%23y"
    user_agent = recorder.responses[0].request.headers["user-agent"]
    assert user_agent.startswith(f"{packages[VERSION].name}/{VERSION} ")
    client.orders.get_list_of_orders()  # omitted optionals are not sent
    assert recorder.responses[2].request.url.query == b""
    client.orders.create_order(body=NEW_ORDER, extra_headers={"Prefer": "code=202"})
    assert "x-execution-mode" not in recorder.responses[3].request.headers
    assert recorder.violations() == []


def test_model_bodies_and_dict_bodies_send_the_same_json(
    packages: dict[str, GeneratedPackage], sync_client: Callable[..., Any], recorder: Recorder
) -> None:
    models = packages[VERSION].module.models
    client = sync_client(VERSION)
    body = models.NewOrderDetails(
        payment_method=models.NewAccountPayment(currency="USD"),
        items=[
            models.NewOrderItemDetails(
                face_value=10,
                distribution_method=models.EmailDistribution(email_address="fred@example.com"),
                products=models.SingleProductWithUsageConfig(value="AMZ-US"),
            )
        ],
        description="Quarterly rewards",
        metadata={"campaign": "summer_2024"},
    )
    order = client.orders.create_order(body=body, execution_mode="sync", idempotency_key="order-2024-0001")
    assert isinstance(order, models.SyncCompletedOrder)
    client.orders.create_order(body=NEW_ORDER, execution_mode="sync", idempotency_key="order-2024-0001")
    first, second = (json.loads(r.request.content) for r in recorder.responses)
    assert first == second == NEW_ORDER
    assert [r.request.headers["x-idempotency-key"] for r in recorder.responses] == ["order-2024-0001"] * 2
    assert [r.request.headers["x-execution-mode"] for r in recorder.responses] == ["sync"] * 2
    assert recorder.violations() == []
