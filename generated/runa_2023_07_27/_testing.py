"""The fake API behind `testing.py`: an httpx transport that answers like the API, in memory.

No network, no subprocess, no thread: `Fake.http_client()` is an `httpx.Client` whose transport
calls the fake directly (`async_http_client()` likewise for the async client). For every request:

1. the route is found from the method and path (any server URL of the spec, or none, in front);
2. it is recorded in `fake.calls`;
3. a fault scripted with `fail_next` is answered (a status, a dropped connection, a timeout);
4. the request is checked against the spec with the package's own models (parameters, body,
   credentials): a violation raises `FakeRequestError`, an `AssertionError`, in the calling test;
5. an idempotent operation replays the response stored for its key (same body), or answers the
   API's documented errors (other body; still in progress);
6. a request the API's docs say it refuses (a rule of `fake.refusals` in the generator options,
   `_fake_rules.py`) is answered with the documented status and error type, citing the docs (a
   quote, `fake.quotes`, refuses what the operation it quotes refuses, with its own status);
7. the answer comes from the state (objects created or seeded, fetched, listed with their filters,
   advanced, priced, the balance) where the generator options describe one, else from the spec's
   example for the status.

A client given `fake.http_client()` never sleeps between attempts: its waits advance the fake's
clock (`fake.now()`) and are recorded in `fake.waits`.

Every JSON body the fake sends is checked against the documented response type with the models'
own validation, without the lenient hooks the client uses on real servers. A spec example that
breaks its own schema (a `null` in a field that does not allow one) is served with the offending
member left out, and recorded in `fake.example_repairs`: nothing is dropped silently. A value the
fake cannot make valid raises `FakeSpecError` rather than being sent.

`Fake` strings the request cycle together; each step's work is a module of its own, which knows
nothing of `Fake`: `_fake_api.py` (the records it is given and gives back), `_fake_routing.py` (1),
`_fake_checks.py` (4), `_fake_answers.py` (3, 5: the spec's answers, faults, idempotency),
`_fake_state.py` (6, 7), `_fake_shapes.py` (every body valid), `_fake_rules.py` (the options' rules).
"""

from __future__ import annotations

import asyncio
import base64
import copy
import dataclasses
import hashlib
import hmac
import re
import secrets
import time
import typing
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Any, Literal

import httpx
import pydantic

from ._fake_answers import _NO_REQUEST, _TRANSPORT_ERRORS, _Answer, _Answers, _Fault
from ._fake_api import (
    ApiDescription,
    Balance,
    Call,
    Collection,
    Delivery,
    ExampleRepair,
    FakeRequestError,
    FakeSpecError,
    IdempotencyErrors,
    Parameter,
    Route,
)
from ._fake_checks import _decoded_body, _RequestChecks
from ._fake_routing import _Routes
from ._fake_rules import Filter, Fx, Prices, Quote, Refusal
from ._fake_shapes import _build_models, _Shapes
from ._fake_state import _State, _ulid_like
from ._request import _json_text, _wire_data
from ._types import _type_adapter
from ._webhook_signing import _secret_key


@dataclass
class _Pending:
    """A request checked and admitted, whose answer is computed in a second step (see `_finish`)."""

    route: Route
    request: httpx.Request
    path_params: dict[str, str]
    body: Any
    key: tuple[str, str] | None
    fingerprint: str


class Fake:
    """An in-memory API for tests. The generated `Fake<Api>` subclass fills in `API`."""

    API: typing.ClassVar[ApiDescription]

    def __init__(
        self,
        *,
        balances: Mapping[str, Decimal | str | int] | None = None,
        webhook_secret: str | None = None,
        fx_rates: Mapping[str, Decimal | str | int] | None = None,
    ) -> None:
        """`balances`: currency -> starting balance (default: 1000.00 in any currency; the currency
        of the spec's example of the balance operation, USD for Runa, from the start, so that a
        balance call without a currency lists it; any other currency once asked for or paid in).
        `webhook_secret`: the `whsec_...` secret deliveries are signed with (default: a random one).
        `fx_rates`: currency pair -> rate, for items bought in another currency than the one paid
        in, the pair written payout currency then payment currency (`{"GBPUSD": "1.25"}`: 1 GBP
        costs 1.25 USD); the fake knows no rate of its own (an order that needs a missing one
        raises `ValueError` in the test).
        """
        self.calls: list[Call] = []
        """Every request received, oldest first."""
        self.deliveries: list[Delivery] = []
        """Webhook deliveries queued by state changes, oldest first."""
        self.webhook_secret = (
            webhook_secret or "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()
        )
        self.example_repairs: list[ExampleRepair] = []
        """Members of the spec's examples the fake left out because they break the spec's schemas."""
        self.waits: list[float] = []
        """Every wait of a client between attempts (seconds, as chosen: `Retry-After`, backoff),
        oldest first. None was slept: each advanced the fake's clock (`now()`) instead."""
        self._faults: dict[str, list[_Fault]] = {}
        self._idempotency: dict[tuple[str, str], tuple[str, _Answer | None]] = {}
        self._shapes = _Shapes(self.API.models, lambda repair: self.example_repairs.append(repair))
        _build_models(self.API.models)
        self._routes = _Routes(self.API)
        self._checks = _RequestChecks(self.API)
        self._answers = _Answers(self.API, self._shapes)
        self._state = _State(
            self.API, self._shapes, self._answers, balances, self.now, self._deliver, fx_rates
        )

    # --- clients ---

    def http_client(self, **kwargs: Any) -> httpx.Client:
        """An `httpx.Client` whose requests this fake answers: pass it as `http_client=`. A client
        using it waits between attempts on the fake's clock, without sleeping (`waits`)."""
        return FakeHttpClient(self, **kwargs)

    def async_http_client(self, **kwargs: Any) -> httpx.AsyncClient:
        """An `httpx.AsyncClient` whose requests this fake answers (for the async client)."""
        return FakeAsyncHttpClient(self, **kwargs)

    def now(self) -> datetime:
        """The fake's clock: the time now, plus every wait a client spent on it (`waits`). The
        times the fake writes into objects (`created_at`-like members) read it; a webhook's
        signature keeps the real time, which its verifier checks."""
        return datetime.now(timezone.utc) + timedelta(seconds=sum(self.waits))

    def _waited(self, seconds: float) -> None:
        self.waits.append(float(seconds))

    # --- scripting ---

    def fail_next(
        self,
        operation: str,
        *,
        status: int | None = None,
        retry_after: float | None = None,
        error: Literal["timeout", "connect_timeout", "connect", "disconnect"] | None = None,
        error_type: str | None = None,
        body: Any = None,
        times: int = 1,
    ) -> None:
        """Make the next `times` requests of `operation` (Python name or operationId) fail.

        Requests, not calls: each retry a client makes is a request of its own, so with the default
        2 retries `times=3` fails one whole call, and `times=5` fails one call and the first two
        attempts of the next (a fault left over stays for the next request; `fake.calls` lists each).

        `status`: answer it with the spec's example body for that status (its error type set to
        `error_type` when given); only an error status, 400-599 (a ValueError otherwise: a success
        is the fake's state to answer; a spec example of one is `Prefer: code=N`, as with Prism);
        `retry_after`: with a `Retry-After` header; `error`: raise the exception httpx raises for a
        read timeout (the request was sent: it may have been processed), a connect timeout or a
        refused connection (nothing was sent), or a dropped connection;
        `error_type` alone: the API's documented status for it (e.g. `idempotency_in_progress`).
        Scripted answers are never stored for idempotency: a retry with the same key is processed.
        """
        route = self._routes.named(operation)
        if error is not None and error not in _TRANSPORT_ERRORS:
            raise ValueError(f"error must be one of {sorted(_TRANSPORT_ERRORS)}, not {error!r}")
        if status is not None and not 400 <= status <= 599:
            raise ValueError(
                f"fail_next scripts failures: status must be an error status (400-599), not {status}"
            )
        if error is None and status is None:
            if error_type is None:
                raise ValueError("fail_next needs a status, an error or an error_type")
            status = self._answers.documented_error_status(error_type)
        if times < 1:
            raise ValueError("times must be at least 1")
        fault = _Fault(status, retry_after, error, error_type, body, times)
        self._faults.setdefault(route.endpoint.operation_id, []).append(fault)

    def advance(self, *, to: str | None = None, id: str | None = None) -> int:
        """Move every object one step along its collection's `advance` rule (PROCESSING -> COMPLETED
        for Runa's orders), queueing the webhooks of the new statuses; returns how many moved.

        `to`: the status to move to instead of the rule's next one (e.g. "FAILED", to test a failure);
        `id`: move only that object. Only objects in a status the rule moves on (not final) move."""
        return self._state.advance(to=to, id=id)

    def create(
        self, operation: str, body: Any, *, status: int | None = None, id: str | None = None
    ) -> Any:
        """Arrange state without a call: what `operation` (a create operation) would store for
        `body` (wire JSON, or a model), answered with `status` (default: its first success status),
        under the id `id` when given. Returns the answer's body (recorded in no `calls`)."""
        route = self._routes.named(operation)
        rule = next(
            (c for c in self.API.collections if c.create == route.endpoint.operation_id), None
        )
        if rule is None:
            raise ValueError(
                f"{operation!r} creates nothing the fake keeps (see the generator option `fake`)"
            )
        if isinstance(body, pydantic.BaseModel):
            body = _wire_data(route.endpoint.body_type, body)
        if route.endpoint.body_type is not None:
            _type_adapter(route.endpoint.body_type).validate_python(body)
        answer = self._state.create(
            rule, route, status or self._answers.success_status(route, _NO_REQUEST), body, id
        )
        return answer.body

    def seed(self, operation: str, items: Sequence[Any]) -> list[Any]:
        """Put objects into a collection no operation creates (Runa's products): `operation` is its
        list or fetch operation (Python name or operationId), `items` wire dicts or models. Each
        member an item leaves out is taken whole from the spec's example of the item (but one the
        collection's `populated_when` leaves to objects of another kind); each item is checked
        against the models, and a code an order names it by must name no other item (a ValueError
        names the item, the member and the reason, and nothing of the call is kept). The list
        operation then pages through them in this order, its filters applied, and the fetch
        operation finds them by id. Returns the items as stored (wire JSON)."""
        route = self._routes.named(operation)
        operation_id = route.endpoint.operation_id
        rule = next(
            (c for c in self.API.collections if operation_id in (c.list, c.fetch) and c.list),
            None,
        )
        if rule is None or rule.list is None:
            raise ValueError(
                f"{operation!r} lists no collection the fake keeps (see `fake` options)"
            )
        item_type = self._state.item_type(self._routes.named(rule.list))
        return self._state.seed(operation, rule, item_type, items)

    def calls_to(self, operation: str) -> list[Call]:
        """The recorded calls of one operation (Python name or operationId)."""
        route = self._routes.named(operation)
        return [c for c in self.calls if c.operation_id == route.endpoint.operation_id]

    def balance(self, currency: str) -> Decimal:
        """The balance the fake holds in `currency`."""
        return self._state.balance_of(currency)

    # --- the request cycle (both transports) ---

    def _start(self, request: httpx.Request) -> tuple[int, _Answer | _Pending]:
        """Record the request and check it: its call index, and an answer or the admitted request."""
        route, path_params = self._routes.match(request)
        body = _decoded_body(request)
        key_header = route.endpoint.idempotency_header
        key_value = request.headers.get(key_header) if key_header else None
        index = len(self.calls)
        self.calls.append(
            Call(
                operation=route.python_name,
                operation_id=route.endpoint.operation_id,
                method=request.method,
                path=request.url.path,
                query={k: request.url.params.get_list(k) for k in request.url.params.keys()},
                headers=dict(request.headers),
                body=body,
                idempotency_key=key_value,
            )
        )
        fault = self._take_fault(route)
        if fault is not None:
            if fault.error is not None:
                self._note(index, error=fault.error)
                raise _TRANSPORT_ERRORS[fault.error](request)
            return index, self._answers.fault_answer(route, fault)
        prefer = _prism_prefer(request)
        if prefer is not None:  # Prism's `Prefer: code=N`, so tests written for Prism run here too
            return index, self._answers.example_answer(route, prefer)
        if not self._checks.check(route, request, path_params, body):  # no credential: a 401
            return index, self._answers.example_answer(route, 401)
        fingerprint = hashlib.sha256(request.content).hexdigest()
        key = (route.endpoint.operation_id, key_value) if key_value else None
        if key is not None:
            seen = self._idempotency.get(key)
            if seen is not None:
                return index, self._answers.repeated(route, seen, fingerprint)
            self._idempotency[key] = (fingerprint, None)  # in progress until `_finish`
        return index, _Pending(route, request, path_params, body, key, fingerprint)

    def _finish(self, pending: _Pending) -> _Answer:
        try:
            answer = self._state.answer(
                pending.route, pending.request, pending.path_params, pending.body
            )
        except BaseException:
            if pending.key is not None:
                del self._idempotency[pending.key]
            raise
        if pending.key is not None:
            self._idempotency[pending.key] = (pending.fingerprint, copy.deepcopy(answer))
        return answer

    def _respond(self, index: int, request: httpx.Request, answer: _Answer) -> httpx.Response:
        self._note(index, status=answer.status, refusal=answer.refusal)
        headers = {"content-type": "application/json", **answer.headers}
        if self.API.config.version_header:
            headers[self.API.config.version_header] = self.API.config.api_version
        # `_json_text`: an amount (`JSONFloat`) is written with its exact digits, not a float's.
        content = b"" if answer.body is None else _json_text(answer.body).encode()
        return httpx.Response(answer.status, headers=headers, content=content, request=request)

    def _note(self, index: int, **outcome: Any) -> None:
        self.calls[index] = dataclasses.replace(self.calls[index], **outcome)

    # --- faults and webhooks ---

    def _take_fault(self, route: Route) -> _Fault | None:
        queue = self._faults.get(route.endpoint.operation_id)
        if not queue:
            return None
        fault = queue[0]
        fault.times -= 1
        if fault.times == 0:
            queue.pop(0)
        return fault

    def _deliver(self, event: str, payload: Any) -> None:
        self.deliveries.append(self._signed(event, payload))

    def _signed(self, event: str, payload: Any) -> Delivery:
        body = _json_text(payload).encode()
        message_id = "msg_" + _ulid_like(len(self.deliveries) + 1)
        timestamp = str(int(time.time()))
        digest = hmac.new(
            _secret_key(self.webhook_secret), f"{message_id}.{timestamp}.".encode() + body, "sha256"
        )
        signature = "v1," + base64.b64encode(digest.digest()).decode()
        headers = {"svix-id": message_id, "svix-timestamp": timestamp, "svix-signature": signature}
        return Delivery(event, body, headers)


class FakeTransport(httpx.BaseTransport):
    """The sync transport: each request is answered by the fake, in the calling thread."""

    def __init__(self, fake: Fake) -> None:
        self._fake = fake

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()
        index, started = self._fake._start(request)
        answer = self._fake._finish(started) if isinstance(started, _Pending) else started
        return self._fake._respond(index, request, answer)


class FakeAsyncTransport(httpx.AsyncBaseTransport):
    """The async transport. Between admitting a request and answering it, it yields to the event
    loop once: a concurrent repeat of the same idempotency key sees it in progress, as on the API.
    """

    def __init__(self, fake: Fake) -> None:
        self._fake = fake

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await request.aread()
        index, started = self._fake._start(request)
        if isinstance(started, _Pending):
            await asyncio.sleep(0)
            started = self._fake._finish(started)
        return self._fake._respond(index, request, started)


class FakeHttpClient(httpx.Client):
    """`fake.http_client()`: an `httpx.Client` on the fake's transport, whose clock the client's
    waits between attempts run on (`sleep_between_attempts`, read by the client's runtime)."""

    def __init__(self, fake: Fake, **kwargs: Any) -> None:
        super().__init__(transport=FakeTransport(fake), **kwargs)
        self._fake = fake

    def sleep_between_attempts(self, seconds: float) -> None:
        """A retry's wait: recorded in `fake.waits`, advancing the fake's clock; nothing sleeps."""
        self._fake._waited(seconds)


class FakeAsyncHttpClient(httpx.AsyncClient):
    """`fake.async_http_client()`: the async `FakeHttpClient`."""

    def __init__(self, fake: Fake, **kwargs: Any) -> None:
        super().__init__(transport=FakeAsyncTransport(fake), **kwargs)
        self._fake = fake

    async def sleep_between_attempts(self, seconds: float) -> None:
        """A retry's wait on the fake's clock; it yields to the event loop once, as a wait would."""
        self._fake._waited(seconds)
        await asyncio.sleep(0)


def _prism_prefer(request: httpx.Request) -> int | None:
    prefer = request.headers.get("prefer", "")
    found = re.search(r"\bcode=(\d{3})\b", prefer)
    return int(found.group(1)) if found else None


__all__ = [
    "ApiDescription",
    "Balance",
    "Call",
    "Collection",
    "Delivery",
    "ExampleRepair",
    "Fake",
    "FakeAsyncTransport",
    "FakeRequestError",
    "FakeSpecError",
    "FakeTransport",
    "FakeHttpClient",
    "FakeAsyncHttpClient",
    "Filter",
    "Fx",
    "IdempotencyErrors",
    "Parameter",
    "Prices",
    "Quote",
    "Refusal",
    "Route",
]
