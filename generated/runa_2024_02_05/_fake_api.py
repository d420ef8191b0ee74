"""What the fake of `_testing.py` is given and what it gives back, as plain frozen records: the
API's description (the generated `testing.py` fills in `ApiDescription`), the spec's example bodies
read from `_fake_data.json`, and what a test reads afterwards (`Call`, `Delivery`, `ExampleRepair`).

A module of its own so that the fake's parts (`_fake_routing.py`, `_fake_checks.py`,
`_fake_shapes.py`, `_fake_answers.py`, `_fake_state.py`) all read one set of types, and none of them
needs `Fake` itself.
"""

from __future__ import annotations

import functools
import importlib.resources
import types
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from ._base_model import loads
from ._fake_rules import Filter, Prices, Quote, Refusal
from ._types import ClientConfig, Endpoint, _typed


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
class Route:
    """One operation: its runtime `Endpoint` and its parameters (its example bodies: `FakeData`)."""

    endpoint: Endpoint
    python_name: str
    parameters: tuple[Parameter, ...]

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
    incomplete: Mapping[str, str] = field(default_factory=dict)
    """Status -> the message of an object answered, in that status, as the incomplete branch: its
    id, status and this message (in `incomplete_message`) only."""
    incomplete_message: str | None = None
    completed_stamps: tuple[tuple[str, ...], ...] = ()
    """Wire paths (through lists) set to the time an object completes."""
    items: tuple[str, ...] = ()
    """Wire path of an object's items: each is given its own `item_id` (`item_id_prefix` and a
    unique text) when created, and, on completion, `item_link_base` + that id at `item_link`."""
    item_id: str | None = None
    item_id_prefix: str | None = None
    item_link: tuple[str, ...] = ()
    item_link_base: str | None = None
    populated_when: tuple[tuple[str, str, str], ...] = ()
    """(member, condition member, value): an object's member counts (the rules read it, seeding
    fills it) only while the condition member has that value ("only populated when ...")."""


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
    refunded: tuple[str, ...] = ()
    """The statuses of a created object that give its price back to the balance."""

    def refusal(self, operation: str) -> Refusal:
        """This rule as the `Refusal` a call of `operation` refused for insufficient funds names
        (`Call.refusal`, check `balance_covers`): the same object every time, as a rule of
        `fake.refusals` is."""
        return _balance_refusal(self, operation)


@functools.cache
def _balance_refusal(balance: Balance, operation: str) -> Refusal:
    status, kind = balance.insufficient_status, balance.insufficient_type
    return Refusal(operation, "balance_covers", status, kind, balance.docs)


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
    quotes: tuple[Quote, ...] = ()


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
    seeds: Mapping[str, Any] = field(default_factory=dict)
    """Model name -> a JSON object built from its schema with every property (the spec's
    examples): what `fake.seed` fills a seeded item's left-out members from."""


_FAKE_DATA_FILE = "_fake_data.json"
"""Beside this module in the package (setuptools' package data)."""


@functools.cache
def _fake_data() -> FakeData:
    # Read once per process and shared by every fake: nothing in it is changed (answers are copies).
    # Read as the client reads the wire (`loads`): a number with a fraction keeps its exact digits,
    # which a money field accepts where it refuses a binary float.
    package = importlib.resources.files(__name__.rpartition(".")[0])
    data = loads(package.joinpath(_FAKE_DATA_FILE).read_text(encoding="utf-8"))  # exact digits
    return FakeData(data["examples"], data["templates"], data["own"], data["seeds"])


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
    """The rule of the API's docs that refused the request, if one did: one of `API.refusals`, or
    the balance's (`Balance.refusal`) when the order cost more than the balance."""


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
