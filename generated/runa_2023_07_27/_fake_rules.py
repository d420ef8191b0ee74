"""The rules of the fake in `_testing.py` that are data (the generator options' `fake:` section),
applied to wire values: the filters of a listed collection, prices that add up, and the requests the
API's docs say it refuses although its schemas allow them. Pure functions; `Fake` keeps the state.

Amounts are exact `Decimal`s from first to last: an item's discount is its face value times its
product's discount member (an item of several products: the least of theirs, when the rule says so),
rounded half up to the rule's places (cents); its price is the face value less that discount, so
price + discount is the face value exactly; the totals are exact sums.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import Any, Literal

import httpx

from ._base_model import JSONFloat

Product = Callable[[Any], "Mapping[str, Any] | None"]
"""The product an item names (its id), as the fake keeps it; None when the catalogue lacks it."""


@dataclass(frozen=True)
class Filter:
    """A list operation's query parameter that filters its collection (`equals`: the member is the
    value sent; `any`: the list member shares an item with the values sent; `only_when_true`: the
    member is true when the value sent is true, and anything goes when it is false)."""

    param: str
    field: str
    match: Literal["equals", "any", "only_when_true"]


@dataclass(frozen=True)
class Fx:
    """Items bought in another currency than the one paid in (generator option `fake.prices.fx`):
    each payout currency's subtotal is paid converted at the rate the test gives the fake for its
    pair (`Fake(fx_rates={"GBPUSD": "1.25"})`: 1 GBP costs 1.25 USD), rounded half up to the
    prices' places. `by_currency` is the answer's member mapping each payout currency to an entry with
    its subtotal in `value` and, for another currency than the payment's, the conversion in `fx`."""

    by_currency: str
    value: str
    fx: str
    rate: str
    symbol: str
    fee: tuple[str, ...]
    """Wire path in `fx` of the fee's amount (the fake charges none), and of its currency."""
    fee_currency: tuple[str, ...]
    docs: str = ""


@dataclass(frozen=True)
class Prices:
    """How the operations that sell items price them (generator option `fake.prices`)."""

    operations: tuple[str, ...]
    items: tuple[str, ...]
    """Wire path of the request body's list of items."""
    face_value: str
    product: tuple[str, ...]
    """Wire path, in an item, of the id of the single product it buys (in `catalogue`)."""
    catalogue: str | None
    """The list operation of the collection the products are kept in."""
    discount: str | None
    """The product's member giving the fraction of the face value taken off."""
    item_price: str
    item_members: Mapping[str, str]
    """A response item's member -> the product member copied into it."""
    total_price: str | None
    total_discount: str | None
    currency_from: tuple[str, ...]
    currency_field: str | None
    places: int
    docs: str
    products: tuple[str, ...] = ()
    """Wire path, in an item, of the ids of the several products the end user chooses from."""
    several_discount: Literal["least", "none"] = "none"
    """An item of several products: the least of their discounts (`least`), or none."""
    product_aliases: tuple[tuple[str, ...], ...] = ()
    """Wire paths in a product (through lists) to other ids an item may name it by."""
    fx: Fx | None = None
    """Items in another currency than the payment's (None: every item is paid 1:1)."""


ItemKind = Literal["single", "several", "other"]
"""An item names a single product, several, or neither (a template the fake does not know)."""


@dataclass(frozen=True)
class Refusal:
    """A request the API's docs say it refuses (generator option `fake.refusals`): when `check`
    fails for it, the answer is `status` with the error type `type`, citing `docs`."""

    operation: str
    check: Literal[
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
        "balance_covers",  # the balance rule (`Balance.refusal`), checked as the order is paid
    ]
    status: str
    type: str
    docs: str
    members: tuple[tuple[str, ...], ...] = ()
    """Wire paths in the product; the first one present counts."""
    limit: int | None = None
    when_header: tuple[str, str] | None = None
    kinds: tuple[ItemKind, ...] = ("single",)
    """The kinds of item checked (by the checks of one item)."""
    params: tuple[str, ...] = ()
    """`params_exclusive`: the query parameters that cannot be sent together."""


@dataclass(frozen=True)
class Quote:
    """An operation that quotes what another would do (generator option `fake.quotes`): it refuses
    what the refusals of `of` refuse, answered with its own `status` and error type `type`."""

    operation: str
    of: str
    status: str
    type: str
    docs: str
    details: str | None = None
    """The error body's list member given one entry saying where and why (`detail`'s members)."""
    detail: Mapping[str, str] = field(default_factory=dict)
    """`type`, `message` and `location` -> the entry's members holding them."""


@dataclass(frozen=True)
class Priced:
    """A request's items with their prices, and its totals."""

    items: list[dict[str, Any]]
    total_price: Decimal
    total_discount: Decimal
    currency: Any
    detail: dict[str, Any] | None = None
    """Each payout currency's subtotal (and conversion), as `Fx.by_currency` has it."""

    def members(self, rule: Prices) -> dict[str, Any]:
        """What the answer says about the prices: its items, totals, currency and each currency's
        subtotal (wire names)."""
        found: dict[str, Any] = {rule.items[-1]: self.items} if rule.items else {}
        if rule.fx is not None and self.detail is not None:
            found[rule.fx.by_currency] = self.detail
        if rule.total_price:
            found[rule.total_price] = self.total_price
        if rule.total_discount:
            found[rule.total_discount] = self.total_discount
        if rule.currency_field and self.currency is not None:
            found[rule.currency_field] = self.currency
        return found


def kept(filters: Sequence[Filter], query: httpx.QueryParams, members: Mapping[str, Any]) -> bool:
    """Whether an object passes every filter sent in `query`."""
    for rule in filters:
        sent = query.get_list(rule.param)
        if not sent:
            continue
        value = members.get(rule.field)
        if rule.match == "only_when_true":
            if sent[-1].lower() == "true" and value is not True:
                return False
        elif rule.match == "any":
            if not isinstance(value, list) or not set(map(str, value)) & set(sent):
                return False
        elif _text(value) != sent[-1]:
            return False
    return True


def priced(
    rule: Prices, body: Any, product_of: Product, fx_rates: Mapping[str, Decimal] | None = None
) -> Priced:
    """The items of `body` priced by `rule`: an item of a single product has its discount; one of
    several products the least of theirs when `rule.several_discount` says so (none when one of
    them is not in the catalogue); any other item (a template of products the fake does not know)
    none. Items in another currency than the payment's are paid converted at `fx_rates` (pair ->
    rate; a missing pair is a `ValueError`: the fake never invents a rate)."""
    step = Decimal(1).scaleb(-rule.places)
    currency = value_at(body, rule.currency_from) if rule.currency_from else None
    items: list[dict[str, Any]] = []
    subtotals: dict[Any, tuple[Decimal, Decimal]] = {}  # payout currency -> (prices, discounts)
    for item in _items(rule, body):
        face = amount(item.get(rule.face_value)) or Decimal(0)
        product = _pricing_product(rule, item, product_of)
        multiplier = amount(product.get(rule.discount)) if product and rule.discount else None
        discount = (face * multiplier).quantize(step, ROUND_HALF_UP) if multiplier else Decimal(0)
        price = face - discount
        extra: dict[str, Any] = {rule.item_price: price}
        for member, source in rule.item_members.items():
            if product is not None and source in product:
                extra[member] = product[source]
            elif source == rule.discount:
                extra[member] = Decimal(0)
            elif member == rule.currency_field and currency is not None:
                extra[member] = currency
        items.append({**item, **extra})
        paid_in = extra.get(rule.currency_field, currency) if rule.currency_field else currency
        prices, discounts = subtotals.get(paid_in, (Decimal(0), Decimal(0)))
        subtotals[paid_in] = (prices + price, discounts + discount)
    if rule.fx is None or not isinstance(currency, str):
        total_price = sum((p for p, _ in subtotals.values()), Decimal(0))
        total_discount = sum((d for _, d in subtotals.values()), Decimal(0))
        return Priced(items, total_price, total_discount, currency)
    total_price = total_discount = Decimal(0)
    detail: dict[str, Any] = {}
    for payout, (prices, discounts) in subtotals.items():
        entry: dict[str, Any] = {rule.fx.value: str(prices.quantize(step, ROUND_HALF_UP))}
        rate = Decimal(1)
        if payout != currency:
            rate = _rate(rule.fx, fx_rates or {}, str(payout), currency)
            conversion: dict[str, Any] = {
                rule.fx.rate: str(rate),
                rule.fx.symbol: f"{payout}{currency}",
            }
            _set_path(conversion, rule.fx.fee, str(Decimal(0).quantize(step)))
            _set_path(conversion, rule.fx.fee_currency, currency)
            entry[rule.fx.fx] = conversion
        detail[str(payout)] = entry
        total_price += (prices * rate).quantize(step, ROUND_HALF_UP) if rate != 1 else prices
        total_discount += (
            (discounts * rate).quantize(step, ROUND_HALF_UP) if rate != 1 else discounts
        )
    return Priced(items, total_price, total_discount, currency, detail)


def _rate(rule: Fx, fx_rates: Mapping[str, Decimal], payout: str, paid: str) -> Decimal:
    """The rate of 1 `payout` in `paid`, as the test gave it."""
    symbol = f"{payout}{paid}"
    if symbol not in fx_rates:
        raise ValueError(
            f"an item in {payout} paid in {paid} needs the rate {symbol}, which the fake does not"
            f" invent: give it, as fx_rates={{{symbol!r}: '1.25'}} (1 {payout} costs 1.25 {paid})"
            + (f" (the API's docs: {rule.docs!r})" if rule.docs else "")
        )
    return fx_rates[symbol]


def _set_path(value: dict[str, Any], path: Sequence[str], member: Any) -> None:
    for name in path[:-1]:
        value = value.setdefault(name, {})
    if path:
        value[path[-1]] = member


def _pricing_product(
    rule: Prices, item: Mapping[str, Any], product_of: Product
) -> Mapping[str, Any] | None:
    """The product whose discount prices `item` (None: no discount)."""
    kind, codes = item_products(rule, item)
    if kind == "single":
        return product_of(codes[0])
    discount = rule.discount
    if kind != "several" or rule.several_discount != "least" or not discount:
        return None
    multipliers: list[tuple[Decimal, Mapping[str, Any]]] = []
    for code in codes:
        product = product_of(code)
        multiplier = amount(product.get(discount)) if product is not None else None
        if product is None or multiplier is None:
            return None  # a product the catalogue lacks: no discount can be known
        multipliers.append((multiplier, product))
    return min(multipliers, key=lambda found: found[0])[1] if multipliers else None


def item_products(rule: Prices, item: Mapping[str, Any]) -> tuple[ItemKind, list[str]]:
    """What an item names: a single product, several (their ids), or neither."""
    code = value_at(item, rule.product)
    if isinstance(code, str):
        return "single", [code]
    codes = value_at(item, rule.products) if rule.products else None
    if isinstance(codes, list):
        return "several", [c for c in codes if isinstance(c, str)]
    return "other", []


@dataclass(frozen=True)
class Refused:
    """Why a rule refuses a request, and where in its body (wire names; an item by its index)."""

    reason: str
    location: tuple[str, ...]


def refusal_reason(
    rule: Refusal,
    prices: Prices | None,
    body: Any,
    request: httpx.Request,
    product_of: Product,
    catalogue_seeded: bool,
) -> Refused | None:
    """Why `rule` refuses the request (None: it does not)."""
    headers = request.headers
    if rule.when_header is not None and headers.get(rule.when_header[0]) != rule.when_header[1]:
        return None
    if rule.check == "params_exclusive":
        sent = [name for name in rule.params if name in request.url.params]
        return Refused(f"{' and '.join(sent)} sent together", ()) if len(sent) > 1 else None
    if prices is None:
        return None
    items = _items(prices, body)
    if rule.check == "items_at_most":
        limit = rule.limit or 0
        reason = f"{len(items)} items; at most {limit} allowed"
        return Refused(reason, prices.items) if len(items) > limit else None
    for index, item in enumerate(items):
        kind, codes = item_products(prices, item)
        if kind not in rule.kinds:
            continue
        face = amount(item.get(prices.face_value)) or Decimal(0)
        where = f"item {index} ({', '.join(map(repr, codes)) or kind})"
        at = (*prices.items, str(index))
        if rule.check == "face_value_whole":
            if face != face.to_integral_value():
                return Refused(
                    f"{where}: face value {face} is not a whole number", (*at, prices.face_value)
                )
            continue
        if rule.check == "face_value_places":
            if face != face.quantize(Decimal(1).scaleb(-prices.places), rounding=ROUND_DOWN):
                return Refused(
                    f"{where}: face value {face} has more than {prices.places} decimal places",
                    (*at, prices.face_value),
                )
            continue
        if not catalogue_seeded:
            return None  # a catalogue never seeded knows every product
        found = _product_reason(rule, where, face, [(code, product_of(code)) for code in codes])
        if found is not None:
            member = prices.face_value if rule.check.startswith("face_value") else prices.product[0]
            return Refused(found, (*at, member))
    return None


def _product_reason(
    rule: Refusal, where: str, face: Decimal, products: list[tuple[str, Mapping[str, Any] | None]]
) -> str | None:
    """Why `rule` refuses an item of this face value naming these products (None: it does not)."""
    unknown = [code for code, product in products if product is None]
    if rule.check == "product_known" and unknown:
        return f"{where}: no such product {unknown[0]!r} in the catalogue"
    known = [(code, product) for code, product in products if product is not None]
    if rule.check == "ordered_by_alias":
        for code, product in known:
            aliases = [a for path in rule.members for a in values_at(product, path)]
            if aliases and code not in aliases:
                said = ", ".join(map(str, aliases))
                return f"{where}: {code} is ordered by its {'.'.join(rule.members[0])} ({said})"
        return None
    if rule.check == "products_agree":
        found = {code: _first_present(product, rule.members) for code, product in known}
        if len({repr(value) for value in found.values()}) > 1:
            said = ", ".join(f"{code}: {value}" for code, value in found.items())
            return f"{where}: the products' {'.'.join(rule.members[0])} differ ({said})"
        return None
    for code, product in known:
        member = _first_present(product, rule.members)
        if rule.check == "product_flag" and member is False:
            return f"{where}: {code}'s {'.'.join(rule.members[0])} is false"
        if rule.check == "face_value_in" and isinstance(member, list) and member:
            if face not in [amount(a) for a in member]:
                return f"{where}: face value {face} is not one of {', '.join(map(str, member))}"
        bound = amount(member)
        if rule.check == "face_value_min" and bound is not None and face < bound:
            return f"{where}: face value {face} is below {code}'s minimum {bound}"
        if rule.check == "face_value_max" and bound is not None and face > bound:
            return f"{where}: face value {face} is above {code}'s maximum {bound}"
    return None


def amount(value: Any) -> Decimal | None:
    """The exact decimal of a number or a decimal string ("10.50"); None for anything else."""
    if isinstance(value, str):
        return Decimal(value) if re.fullmatch(r"-?\d+(\.\d+)?", value) else None
    return exact(value)


def exact(value: Any) -> Decimal | None:
    """The exact decimal of a number (a `JSONFloat`'s digits as sent, a float's shortest digits)."""
    if isinstance(value, bool) or not isinstance(value, (Decimal, int, float)):
        return None
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        return Decimal(value.text if isinstance(value, JSONFloat) else repr(value))
    return Decimal(value)


def value_at(value: Any, path: Sequence[str]) -> Any:
    """The member at a wire path (None when any step is missing)."""
    for name in path:
        value = value.get(name) if isinstance(value, dict) else None
    return value


def values_at(value: Any, path: Sequence[str]) -> list[Any]:
    """The members at a wire path that steps into every item of a list on its way."""
    if isinstance(value, list):
        return [found for item in value for found in values_at(item, path)]
    if not path:
        return [] if value is None else [value]
    return values_at(value.get(path[0]), path[1:]) if isinstance(value, dict) else []


Conditions = Sequence[tuple[str, str, str]]
"""(member, condition member, value): a member counts only while its condition member has that
value (a collection's `populated_when`: the spec's "only populated when ...")."""


def counts(members: Mapping[str, Any], member: str, conditions: Conditions) -> bool:
    """Whether an object's `member` counts: no condition names it, or its condition holds."""
    return all(_text(members.get(on)) == value for name, on, value in conditions if name == member)


def populated(members: Mapping[str, Any], conditions: Conditions) -> Mapping[str, Any]:
    """An object as the rules read it: without the members whose condition does not hold (a
    gift card's `subscription` block is no subscription: Runa's recorded catalogue has such)."""
    if all(counts(members, name, conditions) for name, _, _ in conditions):
        return members
    return {k: v for k, v in members.items() if counts(members, k, conditions)}


def filled(
    item: Mapping[str, Any], example: Mapping[str, Any], conditions: Conditions
) -> dict[str, Any]:
    """A seeded item with each member it leaves out taken whole from `example` (never merged into
    a member it gives: its own denominations stay its own), but a member whose condition the item
    does not meet (a subscription's `gift_card`)."""
    merged = {**{k: v for k, v in example.items() if k not in item}, **item}
    return {k: v for k, v in merged.items() if k in item or counts(merged, k, conditions)}


def aliases(
    product: Mapping[str, Any], paths: Sequence[Sequence[str]], conditions: Conditions
) -> list[tuple[Any, Sequence[str]]]:
    """The other ids an item may name a product by (each with its path), those that count."""
    return [
        (alias, path)
        for path in paths
        if path and counts(product, path[0], conditions)
        for alias in values_at(product, path)
    ]


def _items(rule: Prices, body: Any) -> list[dict[str, Any]]:
    found = value_at(body, rule.items)
    return [item for item in found if isinstance(item, dict)] if isinstance(found, list) else []


def _first_present(product: Mapping[str, Any], paths: Sequence[Sequence[str]]) -> Any:
    for path in paths:
        value = value_at(product, path)
        if value is not None:
            return value
    return None


def _text(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


__all__ = [
    "Filter",
    "Fx",
    "ItemKind",
    "Priced",
    "Prices",
    "Quote",
    "Refusal",
    "Refused",
    "aliases",
    "amount",
    "counts",
    "exact",
    "filled",
    "item_products",
    "kept",
    "populated",
    "priced",
    "refusal_reason",
    "value_at",
    "values_at",
]
