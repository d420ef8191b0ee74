"""The IR of `<package>.testing`'s fake: the state it keeps, read from the `fake:` generator options
(`FakeRules`, by options.py), and the bodies it answers with, computed from the resolved spec
(`FakeData`, by fake_data.py). Apart from ir.py because only the fake reads it: render/testing.py
lays it out as the runtime's rule constructors and `_fake_data.json`, render/readme.py as the
README's `testing` section; `ir.Api.fake` carries it to them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class FakeFilter:
    """A query parameter of a list operation that filters the collection (generator option
    `fake.collections[].filters`): `equals` keeps objects whose member equals the value sent,
    `any` those whose list member shares an item with the values sent, `only_when_true` those whose
    member is true when the value sent is true (and everything when it is false)."""

    param: str
    field: str
    match: Literal["equals", "any", "only_when_true"]


@dataclass(frozen=True)
class FakeCollection:
    """Objects one operation creates (or a test seeds) and others read back (generator option
    `fake.collections`). Fields name wire members of the objects; paths are wire paths."""

    create: str | None  # operationId; None: the collection is filled by `fake.seed(list, items)`
    fetch: str | None
    list: str | None
    id_field: str
    id_prefix: str | None = None
    newest_first: bool = False  # listed newest first (else in the order created or seeded)
    status_field: str | None = None
    status_by_response: tuple[tuple[str, str], ...] = ()  # (success status of create, status of the object)
    advance: tuple[tuple[str, str], ...] = ()  # (status, the next one on `fake.advance()`)
    webhooks: tuple[tuple[str, str], ...] = ()  # (status, webhook key delivered on reaching it)
    created_field: str | None = None
    completed_field: str | None = None
    completed_status: str | None = None
    limit_param: str | None = None
    limit_path: tuple[str, ...] = ()  # where a page says its size
    before_param: str | None = None  # the query parameter that pages backwards
    before_path: tuple[str, ...] = ()  # where a page gives its `before` cursor
    filters: tuple[FakeFilter, ...] = ()
    # (status, message): an object in such a status is answered as the incomplete branch, its id,
    # status and this message in `incomplete_message`, never with the members of a completed one.
    incomplete: tuple[tuple[str, str], ...] = ()
    incomplete_message: str | None = None
    completed_stamps: tuple[tuple[str, ...], ...] = ()  # wire paths (through lists) set to the completion time
    items: tuple[str, ...] = ()  # the wire path of an object's items, each given an id (and a link on completion)
    item_id: str | None = None
    item_id_prefix: str | None = None
    item_link: tuple[str, ...] = ()  # wire path in an item set, on completion, to `item_link_base` + its id
    item_link_base: str | None = None
    # (member, condition member, value): an object's member counts (the rules read it, and seeding
    # fills it from the spec's example) only while its condition member has that value: the spec's
    # "only populated when the `payout_type` is ..." (Runa's Product.gift_card/subscription/payment).
    populated_when: tuple[tuple[str, str, str], ...] = ()


@dataclass(frozen=True)
class FakeFx:
    """Items bought in another currency than the one paid in (generator option `fake.prices.fx`):
    each currency's subtotal, paid converted at the rate a test gives the fake for its pair (payout
    currency then payment currency, as `symbol` writes it), rounded half up to the prices' places.
    Members of the response: `by_currency` maps each payout currency to an entry with its subtotal in
    `value` and, for another currency than the payment's, the conversion in `fx`."""

    by_currency: str
    value: str
    fx: str
    rate: str
    symbol: str
    fee: tuple[str, ...]  # path in `fx` of the fee's amount (the fake charges none)
    fee_currency: tuple[str, ...]  # ... and of its currency (the payment's)
    docs: str = ""


@dataclass(frozen=True)
class FakePrices:
    """How the operations that sell items price them (generator option `fake.prices`): each item's
    discount is its face value times the product's discount member, rounded half up to `places`;
    its price the face value less that discount; the totals their sums. Paths are wire paths."""

    operations: tuple[str, ...]  # operationIds answered with priced items (an order, an estimate)
    items: tuple[str, ...]  # the request body's list of items
    face_value: str  # an item's amount
    product: tuple[str, ...]  # in an item: the id of the single product it buys (in `catalogue`)
    catalogue: str | None  # operationId listing the collection the products are kept in
    discount: str | None  # the product's member giving the fraction taken off
    item_price: str  # the response item's member set to its price
    item_members: tuple[tuple[str, str], ...] = ()  # (response item member, the product member copied in)
    total_price: str | None = None  # the response's member set to the sum of the prices
    total_discount: str | None = None  # ... and to the sum of the discounts
    currency_from: tuple[str, ...] = ()  # the request body's currency, paid in
    currency_field: str | None = None  # the response's member set to it
    places: int = 2
    docs: str = ""  # the sentence of the API's docs the rule comes from
    products: tuple[str, ...] = ()  # in an item: the ids of the several products it lets the end user choose from
    # An item of several products: the least of their discounts, or none.
    several_discount: Literal["least", "none"] = "none"
    # Paths in a product (through lists) to other ids an item may name it by (a subscription's plan codes).
    product_aliases: tuple[tuple[str, ...], ...] = ()
    fx: FakeFx | None = None  # items in another currency than the payment's (None: all paid 1:1)


FakeCheck = Literal[
    "items_at_most",
    "product_known",
    "product_flag",
    "face_value_in",
    "face_value_min",
    "face_value_max",
    "face_value_whole",
    "face_value_places",
    "products_agree",
    "ordered_by_alias",
    "params_exclusive",
]
# The kinds of item a refusal checks: naming a single product (`prices.product`), several
# (`prices.products`), or other (neither: a template of products the fake does not know).
ItemKind = Literal["single", "several", "other"]


@dataclass(frozen=True)
class FakeRefusal:
    """A request the API's docs say it refuses although the spec's schemas allow it (generator
    option `fake.refusals`), answered with `status` and the error type `type`. `members`: paths in
    the product (the first present counts); `limit`: the count `items_at_most` allows; `kinds`: the
    kinds of item it checks (the checks of one item: `face_value_*`, `product_*`, `products_agree`)."""

    operation: str  # operationId
    check: FakeCheck
    status: str
    type: str
    docs: str  # the sentence of the API's docs the rule comes from
    members: tuple[tuple[str, ...], ...] = ()
    limit: int | None = None
    when_header: tuple[str, str] | None = None  # applies only when this request header has this value
    kinds: tuple[ItemKind, ...] = ("single",)
    params: tuple[str, ...] = ()  # `params_exclusive`: query parameters that cannot be sent together


@dataclass(frozen=True)
class FakeQuote:
    """An operation that quotes what another would do (generator option `fake.quotes`): it refuses
    what the refusals of `of` refuse (but those that follow a header `operation` does not take),
    answered with its own documented `status` and error type `type`."""

    operation: str  # operationId of the quote
    of: str  # operationId whose refusals apply
    status: str
    type: str
    docs: str  # why this status: the API's docs, or our reading of them
    details: str | None = None  # the error body's list member given one entry saying where and why
    detail: tuple[tuple[str, str], ...] = ()  # (`type`, `message` or `location`, the entry's member holding it)


@dataclass(frozen=True)
class FakeBalance:
    """An account balance that created objects are paid from (generator option `fake.balance`)."""

    operation: str  # operationId
    amount_field: str
    currency_field: str
    currency_param: str | None
    insufficient_status: str
    insufficient_type: str
    docs: str = ""
    refunded: tuple[str, ...] = ()  # statuses of a created object that give its price back


@dataclass(frozen=True)
class FakeIdempotency:
    """The API's answers to a reused idempotency key (generator option `fake.idempotency`)."""

    mismatch_status: str
    mismatch_type: str
    in_progress_status: str
    in_progress_type: str


@dataclass(frozen=True)
class FakeRules:
    """The state the fake keeps, read from the generator options (empty: a stateless fake)."""

    collections: tuple[FakeCollection, ...] = ()
    balance: FakeBalance | None = None
    idempotency: FakeIdempotency | None = None
    prices: FakePrices | None = None
    refusals: tuple[FakeRefusal, ...] = ()
    quotes: tuple[FakeQuote, ...] = ()


@dataclass(frozen=True)
class ResponseExample:
    """Candidate bodies of one documented JSON response, for the fake: the spec's examples, then a
    value built from the schema (used when the examples break the schema beyond repair)."""

    status: str
    values: tuple[object, ...]
    own: int = 0  # how many of `values` are the spec's own examples (the rest: built from the schema)


@dataclass(frozen=True)
class FakeData:
    """What `<package>.testing` needs beyond the rest of the IR, computed from the resolved spec."""

    rules: FakeRules
    responses: tuple[tuple[str, tuple[ResponseExample, ...]], ...]  # (operationId, its response bodies)
    templates: tuple[tuple[str, object], ...]  # (model name, a JSON object built from its schema)
    # (model name, a JSON object built from its schema with every property): what `fake.seed` fills
    # the members a seeded item leaves out from (the models of seeded collections' items only).
    seed_examples: tuple[tuple[str, object], ...] = ()
