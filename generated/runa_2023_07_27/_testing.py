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
   `_fake_rules.py`) is answered with the documented status and error type, citing the docs;
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
"""

from __future__ import annotations

import asyncio
import base64
import copy
import dataclasses
import functools
import hashlib
import hmac
import http.cookies
import importlib.resources
import json
import re
import secrets
import time
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from enum import Enum
from typing import Any, Literal, Union
from urllib.parse import quote, unquote

import httpx
import pydantic

from ._base_client import ClientConfig, Endpoint, _typed
from ._request import _json_text
from ._response import _plain_validator
from ._types import _type_adapter
from ._base_model import DecimalOnWire, JSONFloat, loads
from ._fake_rules import Filter, Prices, Refusal, amount, kept, priced, refusal_reason, value_at
from ._fake_rules import exact as _exact
from ._webhook_signing import _secret_key

_NONE_TYPE = type(None)
_PATH_PARAMETER = re.compile(r"\{([^{}]+)\}")
_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_TRANSPORT_ERRORS: Mapping[str, Callable[[httpx.Request], httpx.HTTPError]] = {
    "timeout": lambda request: httpx.ReadTimeout(
        "timed out (scripted by fail_next)", request=request
    ),
    "connect": lambda request: httpx.ConnectError(
        "connection refused (scripted by fail_next)", request=request
    ),
    "connect_timeout": lambda request: httpx.ConnectTimeout(
        "timed out connecting (scripted by fail_next)", request=request
    ),
    "disconnect": lambda request: httpx.RemoteProtocolError(
        "Server disconnected without sending a response. (scripted by fail_next)", request=request
    ),
}


class FakeRequestError(AssertionError):
    """The code under test sent a request the spec does not allow (the message says where and why)."""


class FakeSpecError(AssertionError):
    """The fake could not build a response that passes the models' validation (a spec problem)."""


# --- What the generated `testing.py` describes -------------------------------------------------


@dataclass(frozen=True)
class Parameter:
    """A documented parameter: wire name, location, whether required, and its Python type."""

    name: str
    location: Literal["path", "query", "header", "cookie"]
    required: bool
    type: Any
    default: Any = None


@dataclass(frozen=True)
class StatusByHeader:
    """The success status follows a request header (generator option `response_status_by_header`)."""

    header: str
    statuses: Mapping[str, str]
    when_omitted: str | None


@dataclass(frozen=True)
class Route:
    """One operation: its runtime `Endpoint` and its parameters (its example bodies: `FakeData`)."""

    endpoint: Endpoint
    python_name: str
    parameters: tuple[Parameter, ...]
    status_by_header: StatusByHeader | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "endpoint", _typed(self.endpoint))  # the fake reads its types


@dataclass(frozen=True)
class Collection:
    """Objects one operation creates and others read back (generator option `fake.collections`)."""

    create: str | None
    """None: the collection is filled by `fake.seed(list, items)`."""
    fetch: str | None
    list: str | None
    id_field: str
    id_prefix: str | None
    newest_first: bool
    status_field: str | None
    status_by_response: Mapping[str, str]
    """Success status of the create call -> the status of the new object."""
    advance: Mapping[str, str]
    """What `fake.advance()` does to an object: its status -> the next one."""
    webhooks: Mapping[str, str]
    """Status -> the webhook delivered when an object reaches it."""
    created_field: str | None
    completed_field: str | None
    completed_status: str | None
    limit_param: str | None
    limit_path: tuple[str, ...] = ()
    """Wire path in a page of the page size it was asked for."""
    before_param: str | None = None
    before_path: tuple[str, ...] = ()
    """The query parameter that pages backwards, and the wire path of its cursor in a page."""
    filters: tuple[Filter, ...] = ()


@dataclass(frozen=True)
class Balance:
    """An account balance that orders are paid from (generator option `fake.balance`)."""

    operation: str
    amount_field: str
    currency_field: str
    currency_param: str | None
    insufficient_status: str
    insufficient_type: str
    docs: str = ""


@dataclass(frozen=True)
class IdempotencyErrors:
    """The API's answers to a reused key (generator option `fake.idempotency`)."""

    mismatch_status: str
    mismatch_type: str
    in_progress_status: str
    in_progress_type: str


@dataclass(frozen=True)
class ApiDescription:
    """Everything the fake knows about the API, generated from the spec and the generator options."""

    name: str
    config: ClientConfig
    routes: tuple[Route, ...]
    models: types.ModuleType
    webhooks: Mapping[str, Any]
    """Webhook key -> the type of its payload."""
    collections: tuple[Collection, ...] = ()
    balance: Balance | None = None
    idempotency: IdempotencyErrors | None = None
    prices: Prices | None = None
    refusals: tuple[Refusal, ...] = ()


@dataclass(frozen=True)
class FakeData:
    """The fake's JSON values, kept in the package's `_fake_data.json` (data, not code: a large
    spec's examples would otherwise be megabytes of Python source) and read on first use."""

    examples: Mapping[str, Mapping[str, list[Any]]]
    """Operation (Python name) -> status -> candidate JSON bodies: the spec's examples first, then
    one built from the schema."""
    templates: Mapping[str, Any]
    """Model name -> a JSON object built from its schema (the required members, the spec's examples)."""
    own: Mapping[str, Mapping[str, int]]
    """Operation -> status -> how many of its bodies are the spec's own examples (the rest are built
    from the schema, with the schema's property examples: words a scripted failure must not borrow)."""


_FAKE_DATA_FILE = "_fake_data.json"
"""Beside this module in the package (setuptools' package data)."""


@functools.cache
def _fake_data() -> FakeData:
    # Read once per process and shared by every fake: nothing in it is changed (answers are copies).
    # Read as the client reads the wire (`loads`): a number with a fraction keeps its exact digits,
    # which a money field accepts where it refuses a binary float.
    package = importlib.resources.files(__name__.rpartition(".")[0])
    data = loads(package.joinpath(_FAKE_DATA_FILE).read_text(encoding="utf-8"))  # exact digits
    return FakeData(data["examples"], data["templates"], data["own"])


# --- What the fake records ---------------------------------------------------------------------


@dataclass(frozen=True)
class Call:
    """One HTTP request the fake received, and what it answered (a status, or a transport error)."""

    operation: str
    """The operation's Python name, e.g. "create_order"."""
    operation_id: str
    method: str
    path: str
    query: Mapping[str, list[str]]
    headers: Mapping[str, str]
    body: Any
    """The decoded JSON body (None when there is none; the raw bytes when not JSON). A number with a
    fraction is a `JSONFloat`: a float that keeps the digits sent (`.text`, e.g. "10.10")."""
    idempotency_key: str | None
    status: int | None = None
    error: str | None = None
    refusal: Refusal | None = None
    """The rule of the API's docs that refused the request, if one did."""


@dataclass(frozen=True)
class Delivery:
    """A signed webhook delivery, as the API would POST it to your endpoint."""

    event: str
    body: bytes
    headers: Mapping[str, str]

    def json(self) -> Any:
        return loads(self.body)


@dataclass(frozen=True)
class ExampleRepair:
    """A member of a spec example (or schema-built value) left out because it breaks the schema."""

    where: str
    pointer: str
    reason: str


@dataclass
class _Fault:
    status: int | None
    retry_after: float | None
    error: str | None
    error_type: str | None
    body: Any
    times: int


@dataclass
class _Stored:
    """An object of a collection: its own members plus the request body that created it."""

    collection: Collection
    members: dict[str, Any]
    request: Any
    sequence: int


@dataclass
class _Answer:
    status: int
    body: Any
    headers: dict[str, str] = field(default_factory=dict)
    refusal: Refusal | None = None


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
    ) -> None:
        """`balances`: currency -> starting balance (default: 1000.00 in any currency; the currency
        of the spec's example of the balance operation, USD for Runa, from the start, so that a
        balance call without a currency lists it; any other currency once asked for or paid in).
        `webhook_secret`: the `whsec_...` secret deliveries are signed with (default: a random one).
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
        self._objects: list[_Stored] = []
        self._sequence = 0
        self._balances: dict[str, Decimal] = {
            k: Decimal(str(v)) for k, v in (balances or {}).items()
        }
        self._default_balance = None if balances is not None else Decimal("1000.00")
        self._idempotency: dict[tuple[str, str], tuple[str, _Answer | None]] = {}
        self._shapes = _Shapes(self)
        _build_models(self.API.models)
        # A literal segment wins over a parameter (`/product/categories` before `/product/{code}`).
        by_specificity = sorted(
            self.API.routes,
            key=lambda r: [part.startswith("{") for part in r.endpoint.path.split("/")],
        )
        self._routes = [(route, _path_pattern(route.endpoint.path)) for route in by_specificity]
        self._server_paths = sorted(
            {quote(httpx.URL(url).path.rstrip("/")) for _, url in self.API.config.servers} - {""},
            key=len,
            reverse=True,
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
        """Make the next `times` calls of `operation` (Python name or operationId) fail.

        `status`: answer it with the spec's example body for that status (its error type set to
        `error_type` when given); only an error status, 400-599 (a ValueError otherwise: a success
        is the fake's state to answer; a spec example of one is `Prefer: code=N`, as with Prism);
        `retry_after`: with a `Retry-After` header; `error`: raise the exception httpx raises for a
        read timeout (the request was sent: it may have been processed), a connect timeout or a
        refused connection (nothing was sent), or a dropped connection;
        `error_type` alone: the API's documented status for it (e.g. `idempotency_in_progress`).
        Scripted answers are never stored for idempotency: a retry with the same key is processed.
        """
        route = self._route_named(operation)
        if error is not None and error not in _TRANSPORT_ERRORS:
            raise ValueError(f"error must be one of {sorted(_TRANSPORT_ERRORS)}, not {error!r}")
        if status is not None and not 400 <= status <= 599:
            raise ValueError(
                f"fail_next scripts failures: status must be an error status (400-599), not {status}"
            )
        if error is None and status is None:
            if error_type is None:
                raise ValueError("fail_next needs a status, an error or an error_type")
            status = self._documented_error_status(error_type)
        if times < 1:
            raise ValueError("times must be at least 1")
        fault = _Fault(status, retry_after, error, error_type, body, times)
        self._faults.setdefault(route.endpoint.operation_id, []).append(fault)

    def advance(self, *, to: str | None = None, id: str | None = None) -> int:
        """Move every object one step along its collection's `advance` rule (PROCESSING -> COMPLETED
        for Runa's orders), queueing the webhooks of the new statuses; returns how many moved.

        `to`: the status to move to instead of the rule's next one (e.g. "FAILED", to test a failure);
        `id`: move only that object. Only objects in a status the rule moves on (not final) move."""
        moved = 0
        for stored in self._objects:
            rule = stored.collection
            if id is not None and stored.members.get(rule.id_field) != id:
                continue
            status = stored.members.get(rule.status_field) if rule.status_field else None
            following = rule.advance.get(str(status)) if status is not None else None
            if following is not None:
                self._set_status(stored, to or following)
                moved += 1
        return moved

    def create(
        self, operation: str, body: Any, *, status: int | None = None, id: str | None = None
    ) -> Any:
        """Arrange state without a call: what `operation` (a create operation) would store for
        `body` (wire JSON, or a model), answered with `status` (default: its first success status),
        under the id `id` when given. Returns the answer's body (recorded in no `calls`)."""
        route = self._route_named(operation)
        rule = next(
            (c for c in self.API.collections if c.create == route.endpoint.operation_id), None
        )
        if rule is None:
            raise ValueError(
                f"{operation!r} creates nothing the fake keeps (see the generator option `fake`)"
            )
        if isinstance(body, pydantic.BaseModel):
            body = body.model_dump(mode="json", by_alias=True, exclude_unset=True)
        if route.endpoint.body_type is not None:
            _type_adapter(route.endpoint.body_type).validate_python(body)
        answer = self._create(
            rule, route, status or self._success_status(route, _NO_REQUEST), body, id
        )
        return answer.body

    def seed(self, operation: str, items: Sequence[Any]) -> list[Any]:
        """Put objects into a collection no operation creates (Runa's products): `operation` is its
        list or fetch operation (Python name or operationId), `items` wire dicts or models. Members
        an item leaves out are filled from the spec's examples; each item is checked against the
        models (a ValueError names the item, the member and the reason). The list operation then
        pages through them in this order, its filters applied, and the fetch operation finds them
        by id. Returns the items as stored (wire JSON)."""
        route = self._route_named(operation)
        operation_id = route.endpoint.operation_id
        rule = next(
            (c for c in self.API.collections if operation_id in (c.list, c.fetch) and c.list),
            None,
        )
        if rule is None or rule.list is None:
            raise ValueError(
                f"{operation!r} lists no collection the fake keeps (see `fake` options)"
            )
        item_type = self._item_type(self._route_named(rule.list))
        model = _single_model(item_type)
        known = {_wire_name(n, i) for n, i in model.model_fields.items()} if model else set()
        held = {s.members.get(rule.id_field) for s in self._objects if s.collection is rule}
        stored = []
        for index, item in enumerate(items):
            where = f"seed({operation!r}) item {index}"
            if isinstance(item, pydantic.BaseModel):
                item = item.model_dump(mode="json", by_alias=True, exclude_unset=True)
            if not isinstance(item, dict) or rule.id_field not in item:
                raise ValueError(f"{where}: a JSON object with its {rule.id_field!r}, not {item!r}")
            unknown = sorted(set(item) - known) if model is not None else []
            if model is not None and unknown:
                raise ValueError(f"{where}: {unknown[0]!r} is not a member of {model.__name__}")
            if item[rule.id_field] in held:
                raise ValueError(
                    f"{where}: {rule.id_field} {item[rule.id_field]!r} is seeded twice"
                )
            try:
                value = self._shapes.project(item, item_type, where)
            except FakeSpecError as error:
                raise ValueError(
                    str(error).replace("the fake's answer breaks", "the item breaks")
                ) from None
            held.add(item[rule.id_field])
            self._sequence += 1
            self._objects.append(_Stored(rule, value, {}, self._sequence))
            stored.append(copy.deepcopy(value))
        return stored

    def calls_to(self, operation: str) -> list[Call]:
        """The recorded calls of one operation (Python name or operationId)."""
        route = self._route_named(operation)
        return [c for c in self.calls if c.operation_id == route.endpoint.operation_id]

    def balance(self, currency: str) -> Decimal:
        """The balance the fake holds in `currency`."""
        return self._balance_of(currency)

    # --- the request cycle (both transports) ---

    def _start(self, request: httpx.Request) -> tuple[int, _Answer | _Pending]:
        """Record the request and check it: its call index, and an answer or the admitted request."""
        route, path_params = self._match(request)
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
            return index, self._fault_answer(route, fault)
        prefer = _prism_prefer(request)
        if prefer is not None:  # Prism's `Prefer: code=N`, so tests written for Prism run here too
            return index, self._example_answer(route, prefer)
        unauthorized = self._check_request(route, request, path_params, body)
        if unauthorized is not None:
            return index, unauthorized
        fingerprint = hashlib.sha256(request.content).hexdigest()
        key = (route.endpoint.operation_id, key_value) if key_value else None
        if key is not None:
            seen = self._idempotency.get(key)
            if seen is not None:
                return index, self._repeated(route, seen, fingerprint)
            self._idempotency[key] = (fingerprint, None)  # in progress until `_finish`
        return index, _Pending(route, request, path_params, body, key, fingerprint)

    def _finish(self, pending: _Pending) -> _Answer:
        try:
            answer = self._answer(pending.route, pending.request, pending.path_params, pending.body)
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

    # --- routing and checks ---

    def _route_named(self, operation: str) -> Route:
        for route in self.API.routes:
            if operation in (route.python_name, route.endpoint.operation_id):
                return route
        names = ", ".join(sorted(r.python_name for r in self.API.routes))
        raise ValueError(f"{self.API.name} has no operation {operation!r}; it has: {names}")

    def _match(self, request: httpx.Request) -> tuple[Route, dict[str, str]]:
        # Matched as sent (percent-encoded), so that an encoded "/" stays inside its parameter.
        path = request.url.raw_path.split(b"?")[0].decode("ascii", "replace")
        candidates = [path] + [
            path[len(p) :] for p in self._server_paths if path.startswith(p + "/")
        ]
        for route, pattern in self._routes:
            if route.endpoint.method != request.method:
                continue
            for candidate in candidates:
                found = pattern.fullmatch(candidate)
                if found is not None:
                    return route, {
                        name: unquote(value) for name, value in found.groupdict().items()
                    }
        raise FakeRequestError(
            f"{request.method} {path}: no operation of {self.API.name} has this method and path"
        )

    def _check_request(
        self, route: Route, request: httpx.Request, path_params: dict[str, str], body: Any
    ) -> _Answer | None:
        """Raise `FakeRequestError` for a request the spec does not allow; a 401 answer when no
        credential was sent (what the API answers)."""
        endpoint = route.endpoint
        where = endpoint.operation_id
        query = request.url.params
        declared_query = {p.name for p in route.parameters if p.location == "query"}
        for name in query.keys():
            if name not in declared_query and not self._is_credential("query", name):
                raise FakeRequestError(f"{where}: query parameter {name!r} is not documented")
        config = self.API.config
        if (
            config.version_header
            and request.headers.get(config.version_header) != config.api_version
        ):
            sent = request.headers.get(config.version_header)
            raise FakeRequestError(
                f"{where}: header {config.version_header} is {sent!r}, not {config.api_version!r}"
            )
        for parameter in route.parameters:
            raw: Any
            if parameter.location == "path":
                raw = path_params.get(parameter.name)
            elif parameter.location == "query":
                values = query.get_list(parameter.name)
                raw = values if _is_list(parameter.type) else (values[-1] if values else None)
                raw = None if raw == [] else raw
            elif parameter.location == "header":
                raw = request.headers.get(parameter.name)
                if raw is not None and _is_list(parameter.type):
                    raw = [item.strip() for item in raw.split(",")]
            else:
                raw = _cookies(request).get(parameter.name)
            pointer = f"{parameter.location} parameter {parameter.name!r}"
            if raw is None:
                if parameter.required:
                    raise FakeRequestError(f"{where}: {pointer} is required but was not sent")
                continue
            try:
                pydantic.TypeAdapter(parameter.type).validate_python(raw)
            except pydantic.ValidationError as error:
                raise FakeRequestError(f"{where}: {pointer}: {_reasons(error, '')}") from None
        if endpoint.body_kind is not None:
            self._check_body(route, request, body)
        elif request.content:
            raise FakeRequestError(f"{where}: the operation takes no request body")
        requirements = endpoint.security_requirements
        if requirements is None:
            requirements = tuple((name,) for name in endpoint.security)
        # Security Requirement Objects: any one requirement, each with all its schemes ({} : none).
        if requirements and not any(
            all(self._has_credential(request, name) for name in requirement)
            for requirement in requirements
        ):
            return (
                self._example_answer(route, 401)
                if "401" in self._examples(route)
                else _Answer(401, None)
            )
        return None

    def _check_body(self, route: Route, request: httpx.Request, body: Any) -> None:
        endpoint = route.endpoint
        where = endpoint.operation_id
        if not request.content:
            raise FakeRequestError(f"{where}: request body: required but none was sent")
        if endpoint.body_kind != "json" or endpoint.body_type is None:
            return
        if body is _NOT_JSON:
            raise FakeRequestError(f"{where}: request body: not JSON")
        sent_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if sent_type != (endpoint.body_content_type or "application/json"):
            raise FakeRequestError(
                f"{where}: request body: content type {sent_type!r} is not documented"
            )
        try:
            _type_adapter(endpoint.body_type).validate_python(body)
        except pydantic.ValidationError as error:
            raise FakeRequestError(f"{where}: request body {_reasons(error, '')}") from None

    def _is_credential(self, location: str, name: str) -> bool:
        return any(
            s.location == location and s.param_name == name
            for s in self.API.config.security_schemes
        )

    def _has_credential(self, request: httpx.Request, scheme_name: str) -> bool:
        scheme = next((s for s in self.API.config.security_schemes if s.name == scheme_name), None)
        if scheme is None:
            return True
        if scheme.kind in ("bearer", "basic"):
            authorization: str = request.headers.get("authorization", "")
            return authorization.lower().startswith(scheme.kind + " ")
        if scheme.location == "query":
            return bool(request.url.params.get(scheme.param_name))
        if scheme.location == "cookie":
            return bool(_cookies(request).get(scheme.param_name))
        return bool(request.headers.get(scheme.param_name))

    # --- faults, examples, idempotency ---

    def _take_fault(self, route: Route) -> _Fault | None:
        queue = self._faults.get(route.endpoint.operation_id)
        if not queue:
            return None
        fault = queue[0]
        fault.times -= 1
        if fault.times == 0:
            queue.pop(0)
        return fault

    def _fault_answer(self, route: Route, fault: _Fault) -> _Answer:
        """The scripted answer: the body given, else the spec's own example for the status, else
        (or with an `error_type`) a body of the status's schema that says it was scripted."""
        assert fault.status is not None
        own = _fake_data().own.get(route.python_name, {}).get(str(fault.status), 0)
        if fault.body is not None:
            answer = _Answer(fault.status, fault.body)
        elif own and fault.error_type is None:
            answer = self._example_answer(route, fault.status)
        else:
            error_type = fault.error_type or "scripted"
            message = f"HTTP {fault.status} scripted by fail_next in a test"
            answer = _Answer(
                fault.status, self._error_body(route, fault.status, error_type, message)
            )
        if fault.retry_after is not None:
            answer.headers["retry-after"] = _seconds_text(fault.retry_after)
        return answer

    def _documented_error_status(self, error_type: str) -> int:
        rules = self.API.idempotency
        if rules is not None and error_type == rules.in_progress_type:
            return int(rules.in_progress_status)
        if rules is not None and error_type == rules.mismatch_type:
            return int(rules.mismatch_status)
        raise ValueError(
            f"give the status of error type {error_type!r}: fail_next(..., status=...)"
        )

    def _error_body(
        self, route: Route, status: int, error_type: str, message: str | None = None
    ) -> Any:
        """A body of the status's documented schema that says what the fake means, in no other
        words: the schema's shape with its error type field set to `error_type`, the optional
        members left out, and every other text member set to `message` (a list emptied; a member
        that cannot be either keeps the schema's value)."""
        type_field = self.API.config.error_type_field or "type"
        message = message or f"{error_type} (answered by the fake)"
        candidates = self._examples(route).get(str(status)) or [None]
        shape = copy.deepcopy(
            candidates[-1]
        )  # the schema-built body: every member, no example's words
        spec = _documented(route.endpoint, status)
        if not isinstance(shape, dict) or spec is None or spec.kind != "json":
            return {type_field: error_type, "message": message}
        body = {**shape, type_field: error_type} if type_field in shape else dict(shape)
        for name, value in shape.items():
            if name == type_field:
                continue
            without = {k: v for k, v in body.items() if k != name}
            if not _problems(spec.type, without):
                body = without
                continue
            meanings: list[Any] = (
                [message] if isinstance(value, str) else [[]] if isinstance(value, list) else []
            )
            for meant in meanings:
                if not _problems(spec.type, {**body, name: meant}):
                    body[name] = meant
        if _problems(spec.type, body):
            return self._shapes.valid_example(
                spec.type, [body, *candidates], f"{route.endpoint.operation_id} {status}"
            )
        return body

    def _examples(self, route: Route) -> Mapping[str, list[Any]]:
        return _fake_data().examples.get(route.python_name, {})

    def _example_answer(self, route: Route, status: int) -> _Answer:
        candidates = self._examples(route).get(str(status))
        spec = _documented(route.endpoint, status)
        if not candidates or spec is None or spec.kind != "json":
            return _Answer(status, None)
        where = f"{route.endpoint.operation_id} {status}"
        return _Answer(status, self._shapes.valid_example(spec.type, candidates, where))

    def _repeated(
        self, route: Route, seen: tuple[str, _Answer | None], fingerprint: str
    ) -> _Answer:
        rules = self.API.idempotency
        stored_fingerprint, answer = seen
        if stored_fingerprint != fingerprint:
            if rules is None:
                raise FakeRequestError(
                    f"{route.endpoint.operation_id}: idempotency key reused with another body"
                )
            status = int(rules.mismatch_status)
            return _Answer(status, self._error_body(route, status, rules.mismatch_type))
        if answer is None:
            if rules is None:
                raise FakeRequestError(
                    f"{route.endpoint.operation_id}: idempotency key reused while in progress"
                )
            status = int(rules.in_progress_status)
            return _Answer(status, self._error_body(route, status, rules.in_progress_type))
        return copy.deepcopy(answer)  # a replay: the first response, errors included

    # --- answers: state, else examples ---

    def _answer(
        self, route: Route, request: httpx.Request, path_params: dict[str, str], body: Any
    ) -> _Answer:
        operation_id = route.endpoint.operation_id
        refused = self._refusal(route, request, body)
        if refused is not None:
            return refused
        for collection in self.API.collections:
            if operation_id == collection.create:
                return self._create(collection, route, self._success_status(route, request), body)
            if operation_id == collection.fetch:
                return self._fetch(collection, route, path_params)
            if operation_id == collection.list:
                return self._list(collection, route, request)
        balance = self.API.balance
        if balance is not None and operation_id == balance.operation:
            return self._balance_answer(balance, route, request)
        prices = self.API.prices
        if (
            prices is not None and operation_id in prices.operations
        ):  # a quote: priced, kept nowhere
            status = self._success_status(route, request)
            spec = _documented(route.endpoint, status)
            if spec is not None and spec.kind == "json" and isinstance(body, dict):
                members = {**body, **priced(prices, body, self._product).members(prices)}
                where = f"{operation_id} {status}"
                return _Answer(status, self._shapes.project(members, spec.type, where))
        answer = self._example_answer(route, self._success_status(route, request))
        return self._stateless_page(route, request, answer)

    def _stateless_page(self, route: Route, request: httpx.Request, answer: _Answer) -> _Answer:
        """A paginated operation without state answers its example as the first page, and a request
        for a next page with an empty last one: served again, the example's own cursor would repeat,
        which the client's iteration rightly refuses."""
        pagination = route.endpoint.pagination
        if (
            pagination is None
            or not isinstance(answer.body, dict)
            or request.url.params.get(pagination.cursor_param) is None
        ):
            return answer
        spec = _documented(route.endpoint, answer.status)
        assert spec is not None
        body = copy.deepcopy(answer.body)
        body[self._shapes.items_wire_name(spec.type, pagination.items_attr)] = []
        _set_at(body, pagination.cursor_path, None)
        return _Answer(answer.status, body)

    def _refusal(self, route: Route, request: httpx.Request, body: Any) -> _Answer | None:
        """The answer of the first rule of the API's docs that refuses this request, if one does."""
        seeded = self._catalogue_seeded()
        for rule in self.API.refusals:
            if rule.operation != route.endpoint.operation_id:
                continue
            reason = refusal_reason(
                rule, self.API.prices, body, request.headers, self._product, seeded
            )
            if reason is not None:
                status = int(rule.status)
                message = f"{reason} ({self.API.name}'s docs: {rule.docs!r})"
                return _Answer(
                    status, self._error_body(route, status, rule.type, message), {}, rule
                )
        return None

    def _catalogue(self) -> Collection | None:
        prices = self.API.prices
        catalogue = prices.catalogue if prices is not None else None
        return next((c for c in self.API.collections if c.list and c.list == catalogue), None)

    def _catalogue_seeded(self) -> bool:
        catalogue = self._catalogue()
        return any(s.collection is catalogue for s in self._objects)

    def _product(self, product_id: Any) -> Mapping[str, Any] | None:
        """The catalogue's object with this id (its wire members), if the fake holds it."""
        catalogue = self._catalogue()
        if catalogue is None or not isinstance(product_id, str):
            return None
        return next(
            (
                s.members
                for s in self._objects
                if s.collection is catalogue and s.members.get(catalogue.id_field) == product_id
            ),
            None,
        )

    def _success_status(self, route: Route, request: httpx.Request) -> int:
        rule = route.status_by_header
        if rule is not None:
            sent = request.headers.get(rule.header)
            status = rule.statuses.get(sent) if sent is not None else rule.when_omitted
            if status is not None:
                return int(status)
        successes = [s.status for s in route.endpoint.responses if s.status.startswith("2")]
        first = successes[0] if successes else "200"
        return int(first.replace("X", "0"))

    def _create(
        self, rule: Collection, route: Route, status: int, body: Any, object_id: str | None = None
    ) -> _Answer:
        self._sequence += 1
        members: dict[str, Any] = {
            rule.id_field: object_id or (rule.id_prefix or "") + _ulid_like(self._sequence)
        }
        if rule.created_field:
            members[rule.created_field] = self._timestamp()
        stored = _Stored(rule, members, body, self._sequence)
        prices = self.API.prices
        if prices is not None and rule.create in prices.operations:
            bill = priced(prices, body, self._product)
            members.update(bill.members(prices))
            balance = self.API.balance
            if balance is not None and isinstance(bill.currency, str):
                available = self._balance_of(bill.currency)
                if bill.total_price > available:
                    error_status = int(balance.insufficient_status)
                    message = (
                        f"the balance of {available} {bill.currency} cannot pay {bill.total_price}"
                        f" ({self.API.name}'s docs: {balance.docs!r})"
                    )
                    error = self._error_body(
                        route, error_status, balance.insufficient_type, message
                    )
                    return _Answer(error_status, error)
                self._balances[bill.currency] = available - bill.total_price
        self._objects.append(stored)
        initial = rule.status_by_response.get(str(status))
        if rule.status_field and initial is not None:
            self._set_status(stored, initial)
        return self._shaped(route, status, stored)

    def _fetch(self, rule: Collection, route: Route, path_params: dict[str, str]) -> _Answer:
        wanted = next(iter(path_params.values()), None)
        stored = next(
            (
                s
                for s in self._objects
                if s.collection is rule and s.members[rule.id_field] == wanted
            ),
            None,
        )
        if stored is None:
            return (
                self._example_answer(route, 404)
                if "404" in self._examples(route)
                else _Answer(404, None)
            )
        return self._shaped(route, self._success_status(route, _NO_REQUEST), stored)

    def _list(self, rule: Collection, route: Route, request: httpx.Request) -> _Answer:
        """A page of the collection, newest first: `limit` objects after the `after` cursor (or
        before the `before` one), each cursor the id of the page's last (first) object, absent on
        an empty page, which ends the list."""
        pagination = route.endpoint.pagination
        listed = sorted(
            (
                s
                for s in self._objects
                if s.collection is rule and kept(rule.filters, request.url.params, s.members)
            ),
            key=lambda s: -s.sequence if rule.newest_first else s.sequence,
        )
        ids = [s.members[rule.id_field] for s in listed]
        limit_text = request.url.params.get(rule.limit_param) if rule.limit_param else None
        limit = int(limit_text) if limit_text else _declared_default(route, rule.limit_param)
        after = request.url.params.get(pagination.cursor_param) if pagination is not None else None
        before = request.url.params.get(rule.before_param) if rule.before_param else None
        if after is not None:
            page = listed[ids.index(after) + 1 :][:limit] if after in ids else []
        elif before is not None:
            page = listed[: ids.index(before)][-limit:] if before in ids else []
        else:
            page = listed[:limit]
        status = self._success_status(route, request)
        spec = _documented(route.endpoint, status)
        assert spec is not None
        where = f"{route.endpoint.operation_id} {status}"
        items_field, item_type = self._page_items(route, spec.type)
        if items_field is None:  # the answer is a bare list: every object, in one answer
            records = [self._shapes.record(s, item_type) for s in listed]
            return _Answer(status, self._shapes.project(records, spec.type, where))
        value = self._shapes.project(
            {items_field: [self._shapes.record(s, item_type) for s in page]}, spec.type, where
        )
        page_ids = [s.members[rule.id_field] for s in page]
        if pagination is not None:
            _set_at(value, pagination.cursor_path, page_ids[-1] if page_ids else None)
        if rule.before_path:
            _set_at(value, rule.before_path, page_ids[0] if page_ids else None)
        if rule.limit_path and limit < 1_000_000:
            _set_at(value, rule.limit_path, limit)
        return _Answer(status, self._shapes.checked(value, spec.type, where))

    def _page_items(self, route: Route, page_type: Any) -> tuple[str | None, Any]:
        """The wire name of a page's list of items (None: the answer is a bare list), and the
        type of an item."""
        if _is_list(page_type):
            return None, _list_item(page_type)
        pagination = route.endpoint.pagination
        items_field = self._shapes.items_wire_name(
            page_type, pagination.items_attr if pagination else "items"
        )
        return items_field, self._shapes.items_type(page_type, items_field)

    def _item_type(self, route: Route) -> Any:
        """The type of an item of a list operation's page."""
        spec = _documented(route.endpoint, self._success_status(route, _NO_REQUEST))
        if spec is None:
            raise ValueError(f"{route.python_name} documents no page of items")
        return self._page_items(route, spec.type)[1]

    def _balance_answer(self, rule: Balance, route: Route, request: httpx.Request) -> _Answer:
        status = self._success_status(route, request)
        spec = _documented(route.endpoint, status)
        assert spec is not None
        asked = request.url.params.get(rule.currency_param) if rule.currency_param else None
        template = self._example_answer(route, status).body
        as_text: Callable[[Decimal], Any] = lambda amount: _like(
            _first_value(template, rule.amount_field), amount
        )
        if asked is not None:
            members: Any = {
                rule.amount_field: as_text(self._balance_of(asked)),
                rule.currency_field: asked,
            }
        else:
            # "all balances greater than 0": the default one is held from the start
            opened = _first_value(template, rule.currency_field, None)
            if self._default_balance is not None and isinstance(opened, str):
                self._balance_of(opened)
            members = [
                {rule.amount_field: as_text(amount), rule.currency_field: currency}
                for currency, amount in sorted(self._balances.items())
                if amount > 0
            ]
        return _Answer(
            status,
            self._shapes.project(members, spec.type, f"{route.endpoint.operation_id} {status}"),
        )

    def _balance_of(self, currency: str) -> Decimal:
        if currency not in self._balances:
            self._balances[currency] = (
                self._default_balance if self._default_balance is not None else Decimal("0")
            )
        return self._balances[currency]

    def _timestamp(self) -> str:
        return self.now().isoformat().replace("+00:00", "Z")

    def _set_status(self, stored: _Stored, status: str) -> None:
        rule = stored.collection
        assert rule.status_field is not None
        stored.members[rule.status_field] = status
        if rule.completed_field and status == rule.completed_status:
            stored.members[rule.completed_field] = self._timestamp()
        webhook = rule.webhooks.get(status)
        if webhook is not None and webhook in self.API.webhooks:
            payload = self._shapes.record(stored, self.API.webhooks[webhook], f"webhook {webhook}")
            self.deliveries.append(self._signed(webhook, payload))

    def _shaped(self, route: Route, status: int, stored: _Stored) -> _Answer:
        spec = _documented(route.endpoint, status)
        if spec is None or spec.kind != "json":
            return _Answer(status, None)
        return _Answer(
            status,
            self._shapes.record(stored, spec.type, f"{route.endpoint.operation_id} {status}"),
        )

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


# --- Shapes: JSON values that pass the models' validation ------------------------------------


class _Shapes:
    """Builds response bodies: a stored object (or spec example) projected onto a documented type,
    with whatever the object does not say taken from the schema-built template of each model."""

    def __init__(self, fake: Fake) -> None:
        self._fake = fake
        self._templates: dict[str, Any] = {}

    def valid_example(self, kind: Any, candidates: Sequence[Any], where: str) -> Any:
        problems = []
        for candidate in candidates:
            try:
                return self._repaired(kind, copy.deepcopy(candidate), where)
            except FakeSpecError as error:
                problems.append(str(error))
        raise FakeSpecError(
            f"{where}: no example passes the models' validation: {'; '.join(problems)}"
        )

    def record(self, stored: _Stored, kind: Any, where: str = "") -> Any:
        """`stored` as a value of `kind`: its request body's members, then its own members."""
        members = _merged(
            stored.request if isinstance(stored.request, dict) else {}, stored.members
        )
        rule = stored.collection
        return self.project(members, kind, where or rule.create or rule.list or rule.id_field)

    def project(self, members: Any, kind: Any, where: str) -> Any:
        value = self._project(members, kind)
        problems = _problems(kind, value)
        if problems:
            raise FakeSpecError(
                f"{where}: the fake's answer breaks the response schema: {problems}"
            )
        return value

    def checked(self, value: Any, kind: Any, where: str) -> Any:
        problems = _problems(kind, value)
        if problems:
            raise FakeSpecError(
                f"{where}: the fake's answer breaks the response schema: {problems}"
            )
        return value

    def items_wire_name(self, kind: Any, attribute: str) -> str:
        model = _single_model(kind)
        if model is None or attribute not in model.model_fields:
            return attribute
        return _wire_name(attribute, model.model_fields[attribute])

    def items_type(self, kind: Any, wire: str) -> Any:
        model = _single_model(kind)
        for name, info in (model.model_fields.items() if model is not None else ()):
            if _wire_name(name, info) == wire:
                return _list_item(info.annotation)
        return Any

    def _template(self, model: type[pydantic.BaseModel]) -> Any:
        if model.__name__ not in self._templates:
            raw = copy.deepcopy(_fake_data().templates.get(model.__name__, {}))
            try:
                self._templates[model.__name__] = self._repaired(
                    model, raw, f"model {model.__name__}"
                )
            except FakeSpecError:
                self._templates[model.__name__] = raw  # a projection fills what is missing
        return copy.deepcopy(self._templates[model.__name__])

    def _project(self, value: Any, kind: Any) -> Any:
        kind = _unannotated(kind)
        origin = typing.get_origin(kind)
        if origin in (Union, types.UnionType):
            options = [_unannotated(o) for o in typing.get_args(kind)]
            if value is None and _NONE_TYPE in options:
                return None
            fits = []
            for index, option in enumerate(o for o in options if o is not _NONE_TYPE):
                try:
                    projected = self._project(value, option)
                except FakeSpecError:
                    continue
                if not _problems(option, projected):
                    fits.append((_coverage(value, option), -index, projected))
            if not fits:
                raise FakeSpecError(f"{value!r} fits no branch of {kind}")
            return max(fits, key=lambda fit: fit[:2])[2]
        if origin is list:
            if not isinstance(value, list):
                raise FakeSpecError(f"expected a list, not {value!r}")
            return [self._project(item, typing.get_args(kind)[0]) for item in value]
        if isinstance(kind, type) and issubclass(kind, pydantic.BaseModel):
            if not isinstance(value, dict):
                raise FakeSpecError(f"expected an object for {kind.__name__}, not {value!r}")
            result = self._template(kind)
            for name, info in kind.model_fields.items():
                wire = _wire_name(name, info)
                if wire in value:
                    member = _like(result.get(wire), value[wire], _money(info))
                    result[wire] = self._project(member, info.annotation)
            return result
        return value

    def _pinned(self, kind: Any, value: Any, parent: dict[str, Any], path: list[Any]) -> bool:
        """Set a member that has one allowed value (a model's pinned field, such as a narrowed
        `status`) to that value; True when that cleared the error at `path`."""
        name, before = path[-1], parent[path[-1]]
        for allowed in _pinned_values(self._fake.API.models).get(name, ()):
            parent[name] = allowed
            if not any(_json_path(value, e["loc"]) == path for e in _errors(kind, value)):
                return True
        parent[name] = before
        return False

    def _repaired(self, kind: Any, value: Any, where: str) -> Any:
        """`value`, with each member that breaks the schema left out (recorded); FakeSpecError when
        leaving out is not enough (a required member is wrong)."""
        for _ in range(100):
            errors = _errors(kind, value)
            path = None
            if errors:
                error = errors[0]
                path = _json_path(value, error["loc"])
                # a null where the schema allows none, named as such rather than as a type error
                reason = "null is not allowed here" if error["input"] is None else str(error["msg"])
                if error["type"] == "missing" or not path:
                    raise FakeSpecError(f"{where}: {_pointer(error['loc'])}: {reason}")
            else:
                path = _first_disallowed_null(kind, value)
                reason = "null is not allowed here"
            if path is None:
                return value
            parent = value
            for step in path[:-1]:
                parent = parent[step]
            if not isinstance(parent, dict):
                raise FakeSpecError(f"{where}: {_pointer(path)}: {reason}")
            if self._pinned(kind, value, parent, path):
                reason += f"; set to {parent[path[-1]]!r}, its only allowed value"
            else:
                del parent[path[-1]]  # an optional member: left out
                reason += "; left out"
            self._fake.example_repairs.append(ExampleRepair(where, _pointer(path), reason))
        raise FakeSpecError(f"{where}: too many members break the schema")


# --- helpers -----------------------------------------------------------------------------------


class _NotJson:
    pass


_NOT_JSON: Any = _NotJson()
_NO_REQUEST = httpx.Request("GET", "http://fake.invalid/")


def _decoded_body(request: httpx.Request) -> Any:
    if not request.content:
        return None
    try:
        return loads(request.content)  # amounts keep the digits sent: "10.10" is not 10.1
    except ValueError:
        return _NOT_JSON


def _cookies(request: httpx.Request) -> dict[str, str]:
    jar: http.cookies.SimpleCookie = http.cookies.SimpleCookie()
    jar.load(request.headers.get("cookie", ""))
    return {name: morsel.value for name, morsel in jar.items()}


def _path_pattern(template: str) -> re.Pattern[str]:
    parts = _PATH_PARAMETER.split(template)
    regex = "".join(
        re.escape(part) if i % 2 == 0 else f"(?P<{_group(part)}>[^/]+)"
        for i, part in enumerate(parts)
    )
    return re.compile(regex)


def _group(name: str) -> str:
    return name if name.isidentifier() else "p_" + hashlib.sha1(name.encode()).hexdigest()[:8]


def _prism_prefer(request: httpx.Request) -> int | None:
    prefer = request.headers.get("prefer", "")
    found = re.search(r"\bcode=(\d{3})\b", prefer)
    return int(found.group(1)) if found else None


def _documented(endpoint: Endpoint, status: int) -> Any:
    by_status = {spec.status.upper(): spec for spec in endpoint.responses}
    return (
        by_status.get(str(status))
        or by_status.get(f"{status // 100}XX")
        or by_status.get("DEFAULT")
    )


def _declared_default(route: Route, name: str | None) -> int:
    """The documented default page size (everything in one page when there is none)."""
    parameter = next((p for p in route.parameters if p.name == name), None)
    default = parameter.default if parameter is not None else None
    return default if isinstance(default, int) and default > 0 else 1_000_000


def _is_list(kind: Any) -> bool:
    kind = _unannotated(kind)
    if typing.get_origin(kind) in (Union, types.UnionType):
        return any(_is_list(option) for option in typing.get_args(kind))
    return typing.get_origin(kind) is list


def _unannotated(kind: Any) -> Any:
    while typing.get_origin(kind) is typing.Annotated:
        kind = typing.get_args(kind)[0]
    return kind


def _single_model(kind: Any) -> type[pydantic.BaseModel] | None:
    kind = _unannotated(kind)
    return kind if isinstance(kind, type) and issubclass(kind, pydantic.BaseModel) else None


def _list_item(kind: Any) -> Any:
    kind = _unannotated(kind)
    if typing.get_origin(kind) in (Union, types.UnionType):
        options = [o for o in typing.get_args(kind) if o is not _NONE_TYPE]
        kind = _unannotated(options[0]) if len(options) == 1 else kind
    return typing.get_args(kind)[0] if typing.get_origin(kind) is list else Any


def _wire_name(name: str, info: Any) -> str:
    alias = info.validation_alias
    return alias if isinstance(alias, str) else (info.alias or name)


def _coverage(value: Any, kind: Any) -> float:
    """How much of a model's required members `value` gives itself (the rest come from templates)."""
    model = _single_model(kind)
    if model is None or not isinstance(value, dict):
        return 0.0
    required = [_wire_name(n, i) for n, i in model.model_fields.items() if i.is_required()]
    if not required:
        return 0.5
    return sum(name in value for name in required) / len(required)


_built_modules: set[str] = set()


def _build_models(models: types.ModuleType) -> None:
    """Build every model of the package now (they are built on first use, `defer_build`): until a
    model is built its fields may still name their types by forward reference, and what the fake
    reads from them (which members may be null, pinned values) would depend on which models
    earlier code happened to use."""
    if models.__name__ in _built_modules:
        return
    for model in vars(models).values():
        if (
            isinstance(model, type)
            and issubclass(model, pydantic.BaseModel)
            and model.__module__ == models.__name__
        ):
            model.model_rebuild()
    _built_modules.add(models.__name__)


_pinned_cache: dict[str, dict[str, list[Any]]] = {}


def _pinned_values(models: types.ModuleType) -> dict[str, list[Any]]:
    """Wire name -> the single values the models pin a member of that name to (`_pinned_fields`)."""
    if models.__name__ not in _pinned_cache:
        found: dict[str, list[Any]] = {}
        for model in vars(models).values():
            if not (isinstance(model, type) and issubclass(model, pydantic.BaseModel)):
                continue
            for name in getattr(model, "_pinned_fields", ()):
                info = model.model_fields.get(name)
                if info is not None:
                    default = info.default.value if isinstance(info.default, Enum) else info.default
                    values = found.setdefault(_wire_name(name, info), [])
                    values += [default] if default not in values else []
        _pinned_cache[models.__name__] = found
    return _pinned_cache[models.__name__]


def _validator(kind: Any) -> Callable[[Any], Any]:
    plain = _plain_validator(kind)
    if plain is not None:
        return plain.validate_python
    return _type_adapter(kind).validate_python


def _errors(kind: Any, value: Any) -> list[Any]:
    try:
        _validator(kind)(value)
    except pydantic.ValidationError as error:
        return list(error.errors())
    return []


def _problems(kind: Any, value: Any) -> str:
    errors = _errors(kind, value)
    if errors:
        return "; ".join(f"{_pointer(e['loc']) or '/'}: {e['msg']}" for e in errors[:5])
    null = _first_disallowed_null(kind, value)
    return f"{_pointer(null)}: null is not allowed here" if null is not None else ""


def _first_disallowed_null(kind: Any, value: Any) -> list[Any] | None:
    """The path of the first `null` in a member the spec does not let be null (a model's
    `_omit_when_none` fields: typed `X | None` only to mean "absent")."""
    kind = _unannotated(kind)
    origin = typing.get_origin(kind)
    if origin in (Union, types.UnionType):
        for option in typing.get_args(kind):
            if option is not _NONE_TYPE and not _errors(option, value):
                return _first_disallowed_null(option, value)
        return None
    if origin is list and isinstance(value, list):
        for index, item in enumerate(value):
            found = _first_disallowed_null(typing.get_args(kind)[0], item)
            if found is not None:
                return [index, *found]
        return None
    if origin is dict and isinstance(value, dict):
        for key, item in value.items():
            found = _first_disallowed_null(typing.get_args(kind)[1], item)
            if found is not None:
                return [key, *found]
        return None
    model = _single_model(kind)
    if model is None or not isinstance(value, dict):
        return None
    omitted = getattr(model, "_omit_when_none", ())
    omitted = omitted.default if hasattr(omitted, "default") else omitted
    for name, info in model.model_fields.items():
        wire = _wire_name(name, info)
        if wire not in value:
            continue
        if value[wire] is None and name in tuple(omitted or ()):
            return [wire]
        found = _first_disallowed_null(info.annotation, value[wire])
        if found is not None:
            return [wire, *found]
    return None


def _json_path(value: Any, loc: tuple[Any, ...]) -> list[Any] | None:
    """The path in `value` of a pydantic error location (union tags and validator names skipped)."""
    path: list[Any] = []
    for step in loc:
        if isinstance(value, dict) and step in value:
            path.append(step)
            value = value[step]
        elif isinstance(value, list) and isinstance(step, int) and 0 <= step < len(value):
            path.append(step)
            value = value[step]
    return path


def _pointer(loc: Any) -> str:
    return "".join("/" + str(step).replace("~", "~0").replace("/", "~1") for step in loc)


def _reasons(error: pydantic.ValidationError, prefix: str) -> str:
    return "; ".join(f"{prefix}{_pointer(e['loc']) or '/'}: {e['msg']}" for e in error.errors()[:5])


def _merged(base: Any, overlay: Any) -> Any:
    if isinstance(base, dict) and isinstance(overlay, dict):
        result = dict(base)
        for key, value in overlay.items():
            result[key] = _merged(base.get(key), value) if key in base else value
        return result
    return overlay


def _like(template: Any, value: Any, money: DecimalOnWire | None = None) -> Any:
    """`value` in the JSON type of its member: a money field's own (`money`: a string or a number),
    else that of `template` (the schema-built or example value). An amount is never rounded: as a
    string it has the decimal places it has, at least as many as `template` ("10.00" style when the
    example has two); as a number it is written with its exact digits (`JSONFloat`), never as a
    binary float. Anything else is `value` itself."""
    amount = _exact(value)
    if amount is None:
        return value
    as_string = not money.number if money is not None else isinstance(template, str)
    if not as_string and not isinstance(value, Decimal):
        return value  # already a JSON number, with the digits it was sent with
    text = format(amount, f".{max(_places(template), _places(amount))}f")
    if as_string:
        return text
    return JSONFloat(text) if "." in text else int(text)


def _places(number: Any) -> int:
    """How many decimal places a number (or a decimal string) is written with: 2 for "10.00"."""
    if isinstance(number, str):
        text = number if _is_decimal_text(number) else "0"
    elif isinstance(number, JSONFloat):
        text = number.text
    elif isinstance(number, (Decimal, float)) and not isinstance(number, bool):
        exponent = (_exact(number) or Decimal(0)).as_tuple().exponent
        return -exponent if isinstance(exponent, int) and exponent < 0 else 0
    else:
        return 0
    mantissa = re.split(r"[eE]", text)[0]
    return len(mantissa.split(".")[1]) if "." in mantissa else 0


def _money(info: Any) -> DecimalOnWire | None:
    """A money field's wire type (its `DecimalOnWire`), from its metadata or its annotation."""
    found = [m for m in getattr(info, "metadata", ()) if isinstance(m, DecimalOnWire)]
    kinds: list[Any] = [getattr(info, "annotation", None)]
    while kinds and not found:
        kind = kinds.pop()
        if typing.get_origin(kind) is typing.Annotated:
            found = [m for m in kind.__metadata__ if isinstance(m, DecimalOnWire)]
            kinds.append(typing.get_args(kind)[0])
        elif typing.get_origin(kind) in (Union, types.UnionType):
            kinds.extend(typing.get_args(kind))
    return found[0] if found else None


def _is_decimal_text(text: str) -> bool:
    return re.fullmatch(r"-?\d+(\.\d+)?", text) is not None


def _first_value(template: Any, name: str, missing: Any = "0.00") -> Any:
    if isinstance(template, list):
        return _first_value(template[0], name, missing) if template else missing
    return template.get(name, missing) if isinstance(template, dict) else missing


def _set_at(value: Any, path: tuple[str, ...], member: Any) -> None:
    """Set the member at a wire path of `value` (creating objects on the way); None removes it."""
    for name in path[:-1]:
        if not isinstance(value, dict):
            return
        value = value.setdefault(name, {})
    if not isinstance(value, dict):
        return
    if member is None:
        value.pop(path[-1], None)
    else:
        value[path[-1]] = member


def _ulid_like(number: int) -> str:
    """26 Crockford base32 characters, like a ULID: ordered by creation, unique per fake."""
    text = ""
    for _ in range(26):
        number, digit = divmod(number, 32)
        text = _CROCKFORD[digit] + text
    return "01FAKE" + text[6:]


def _seconds_text(seconds: float) -> str:
    return str(int(seconds)) if float(seconds).is_integer() else str(seconds)


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
    "IdempotencyErrors",
    "Parameter",
    "Prices",
    "Refusal",
    "Route",
    "StatusByHeader",
]
