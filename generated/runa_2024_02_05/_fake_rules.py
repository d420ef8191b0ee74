"""The rules of the fake in `_testing.py` that are data (the generator options' `fake:` section),
applied to wire values: the filters of a listed collection, prices that add up, and the requests the
API's docs say it refuses although its schemas allow them. Pure functions; `Fake` keeps the state.

Amounts are exact `Decimal`s from first to last: an item's discount is its face value times its
product's discount member, rounded half up to the rule's places (cents); its price is the face value
less that discount, so price + discount is the face value exactly; the totals are exact sums.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
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
class Prices:
    """How the operations that sell items price them (generator option `fake.prices`)."""

    operations: tuple[str, ...]
    items: tuple[str, ...]
    """Wire path of the request body's list of items."""
    face_value: str
    product: tuple[str, ...]
    """Wire path, in an item, of the id of the product it buys (in the `catalogue` collection)."""
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
    ]
    status: str
    type: str
    docs: str
    members: tuple[tuple[str, ...], ...] = ()
    """Wire paths in the product; the first one present counts."""
    limit: int | None = None
    when_header: tuple[str, str] | None = None


@dataclass(frozen=True)
class Priced:
    """A request's items with their prices, and its totals."""

    items: list[dict[str, Any]]
    total_price: Decimal
    total_discount: Decimal
    currency: Any

    def members(self, rule: Prices) -> dict[str, Any]:
        """What the answer says about the prices: its items, totals and currency (wire names)."""
        found: dict[str, Any] = {rule.items[-1]: self.items} if rule.items else {}
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


def priced(rule: Prices, body: Any, product_of: Product) -> Priced:
    """The items of `body` priced by `rule` (an item whose product the catalogue lacks, or that names
    no single product, has no discount)."""
    step = Decimal(1).scaleb(-rule.places)
    currency = value_at(body, rule.currency_from) if rule.currency_from else None
    items: list[dict[str, Any]] = []
    total_price = total_discount = Decimal(0)
    for item in _items(rule, body):
        face = amount(item.get(rule.face_value)) or Decimal(0)
        product = product_of(value_at(item, rule.product))
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
        total_price += price
        total_discount += discount
    return Priced(items, total_price, total_discount, currency)


def refusal_reason(
    rule: Refusal,
    prices: Prices | None,
    body: Any,
    headers: httpx.Headers,
    product_of: Product,
    catalogue_seeded: bool,
) -> str | None:
    """Why `rule` refuses the request (None: it does not)."""
    if rule.when_header is not None and headers.get(rule.when_header[0]) != rule.when_header[1]:
        return None
    if prices is None:
        return None
    items = _items(prices, body)
    if rule.check == "items_at_most":
        limit = rule.limit or 0
        return f"{len(items)} items; at most {limit} allowed" if len(items) > limit else None
    if not catalogue_seeded:
        return None  # a catalogue never seeded knows every product
    for index, item in enumerate(items):
        code = value_at(item, prices.product)
        if not isinstance(code, str):
            continue  # not a single product
        product = product_of(code)
        where = f"item {index} ({code!r})"
        if product is None:
            if rule.check == "product_known":
                return f"{where}: no such product in the catalogue"
            continue
        face = amount(item.get(prices.face_value)) or Decimal(0)
        member = _first_present(product, rule.members)
        if rule.check == "product_flag" and member is False:
            return f"{where}: {'.'.join(rule.members[0])} is false"
        if rule.check == "face_value_in" and isinstance(member, list) and member:
            allowed = [amount(a) for a in member]
            if face not in allowed:
                return f"{where}: face value {face} is not one of {', '.join(map(str, member))}"
        bound = amount(member)
        if rule.check == "face_value_min" and bound is not None and face < bound:
            return f"{where}: face value {face} is below the minimum {bound}"
        if rule.check == "face_value_max" and bound is not None and face > bound:
            return f"{where}: face value {face} is above the maximum {bound}"
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
    "Priced",
    "Prices",
    "Refusal",
    "amount",
    "exact",
    "kept",
    "priced",
    "refusal_reason",
    "value_at",
]
