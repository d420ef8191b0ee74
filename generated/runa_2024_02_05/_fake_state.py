"""The fake's state, where the generator options describe one (their `fake:` section): objects a
create operation stores (or `fake.seed` puts in), fetched by id, listed page by page with their
filters, advanced from status to status (queueing the webhooks of the new statuses), priced, and
the balance orders are paid from; the requests the API's docs refuse. An operation with no state
answers the spec's example for its success status.

Apart from `Fake` because it is the one part that changes as a test runs: `Fake` routes, checks
and records a request, then asks the state for its answer. The clock (`now`) and the webhook
deliveries (`deliver`, which signs them) stay `Fake`'s: the state calls them.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

import httpx
import pydantic

from ._fake_answers import _NO_REQUEST, _Answer, _Answers
from ._fake_api import ApiDescription, Balance, Collection, FakeSpecError, Route
from ._fake_rules import aliases, filled, kept, populated, priced, refusal_reason, value_at
from ._fake_shapes import _is_list, _like, _list_item, _merged, _Shapes, _single_model, _wire_name
from ._request import _wire_data
from ._response import _documented_response

_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


@dataclass
class _Stored:
    """An object of a collection: its own members plus the request body that created it."""

    collection: Collection
    members: dict[str, Any]
    request: Any
    sequence: int
    charged: tuple[str, Decimal] | None = None
    """The currency and amount the balance paid for it (given back if it reaches a refunded status)."""


class _State:
    """The objects and balances of one fake."""

    def __init__(
        self,
        api: ApiDescription,
        shapes: _Shapes,
        answers: _Answers,
        balances: Mapping[str, Decimal | str | int] | None,
        now: Callable[[], datetime],
        deliver: Callable[[str, Any], None],
        fx_rates: Mapping[str, Decimal | str | int] | None = None,
    ) -> None:
        """`balances`, `fx_rates`: as `Fake` takes them; `now`: the fake's clock;
        `deliver(webhook, payload)`: queues a webhook delivery."""
        self.API = api
        self._shapes = shapes
        self._answers = answers
        self._now = now
        self._deliver = deliver
        self._objects: list[_Stored] = []
        self._sequence = 0
        self._item_sequence = 0
        self._balances: dict[str, Decimal] = {
            k: Decimal(str(v)) for k, v in (balances or {}).items()
        }
        self._default_balance = None if balances is not None else Decimal("1000.00")
        self.fx_rates: dict[str, Decimal] = {
            k: Decimal(str(v)) for k, v in (fx_rates or {}).items()
        }

    def advance(self, *, to: str | None = None, id: str | None = None) -> int:
        """`Fake.advance`: each object one step along its rule (or `to`); how many moved."""
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

    def seed(
        self, operation: str, rule: Collection, item_type: Any, items: Sequence[Any]
    ) -> list[Any]:
        """`Fake.seed`'s items, checked and stored in `rule`'s collection (`item_type`: a listed
        item's type): all of them, or none when one is refused."""
        model = _single_model(item_type)
        known = {_wire_name(n, i) for n, i in model.model_fields.items()} if model else set()
        held = {s.members.get(rule.id_field) for s in self._objects if s.collection is rule}
        example = self._shapes.seed_example(model) if model is not None else {}
        # Each id or alias an order may name a product by -> the product it names: one product each.
        claimed = {n: s.members[rule.id_field] for s in self._objects for n, _ in self._names(s)}
        stored: list[_Stored] = []
        for index, item in enumerate(items):
            where = f"seed({operation!r}) item {index}"
            if isinstance(item, pydantic.BaseModel):
                item = _wire_data(type(item), item)
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
                value = self._shapes.project(
                    filled(item, example, rule.populated_when), item_type, where
                )
            except FakeSpecError as error:
                raise ValueError(
                    str(error).replace("the fake's answer breaks", "the item breaks")
                ) from None
            seeded = _Stored(rule, value, {}, self._sequence + len(stored) + 1)
            for name, path in self._names(seeded):
                other = claimed.setdefault(name, item[rule.id_field])
                if other != item[rule.id_field]:
                    filled_in = "" if path[0] in item else f"; the spec's example's {path[0]!r}:"
                    raise ValueError(
                        f"{where}: its {'.'.join(path)} {name!r} names {other!r} too: an order by"
                        " it could mean either (our reading: a code names one product)"
                        + (f"{filled_in} give the item its own" if filled_in else "")
                    )
            held.add(item[rule.id_field])
            stored.append(seeded)
        # Kept only once every item passed: a refused seeding leaves the catalogue as it was.
        self._sequence += len(stored)
        self._objects += stored
        return [copy.deepcopy(s.members) for s in stored]

    def _names(self, stored: _Stored) -> list[tuple[Any, Sequence[str]]]:
        """The names an order may give a stored object of the catalogue by: its id, and its aliases
        that count (each with its path)."""
        rule = stored.collection
        if rule is not self._catalogue():
            return []
        paths = self.API.prices.product_aliases if self.API.prices is not None else ()
        found = aliases(stored.members, paths, rule.populated_when)
        return [(stored.members[rule.id_field], (rule.id_field,)), *found]

    def answer(
        self, route: Route, request: httpx.Request, path_params: dict[str, str], body: Any
    ) -> _Answer:
        operation_id = route.endpoint.operation_id
        refused = self._refusal(route, request, body)
        if refused is not None:
            return refused
        for collection in self.API.collections:
            if operation_id == collection.create:
                return self.create(
                    collection, route, self._answers.success_status(route, request), body
                )
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
            status = self._answers.success_status(route, request)
            spec = _documented_response(route.endpoint, status)
            if spec is not None and spec.kind == "json" and isinstance(body, dict):
                members = {
                    **body,
                    **priced(prices, body, self._product, self.fx_rates).members(prices),
                }
                where = f"{operation_id} {status}"
                return _Answer(status, self._shapes.project(members, spec.type, where))
        answer = self._answers.example_answer(route, self._answers.success_status(route, request))
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
        spec = _documented_response(route.endpoint, answer.status)
        assert spec is not None
        body = copy.deepcopy(answer.body)
        body[self._shapes.items_wire_name(spec.type, pagination.items_attr)] = []
        _set_at(body, pagination.cursor_path, None)
        return _Answer(answer.status, body)

    def _refusal(self, route: Route, request: httpx.Request, body: Any) -> _Answer | None:
        """The answer of the first rule of the API's docs that refuses this request, if one does;
        a quote refuses what the operation it quotes refuses, with its own status and type."""
        seeded = self._catalogue_seeded()
        operation_id = route.endpoint.operation_id
        quote = next((q for q in self.API.quotes if q.operation == operation_id), None)
        for rule in self.API.refusals:
            if rule.operation != (quote.of if quote is not None else operation_id):
                continue
            refused = refusal_reason(rule, self.API.prices, body, request, self._product, seeded)
            if refused is None:
                continue
            message = f"{refused.reason} ({self.API.name}'s docs: {rule.docs!r})"
            status, error_type = int(rule.status), rule.type
            if quote is not None:
                status, error_type = int(quote.status), quote.type
                message += f"; {rule.operation} would refuse it ({quote.docs})"
            error = self._answers.error_body(route, status, error_type, message)
            if quote is not None and quote.details and isinstance(error, dict):
                said = {"type": error_type, "message": message, "location": list(refused.location)}
                error[quote.details] = [
                    {quote.detail[k]: v for k, v in said.items() if k in quote.detail}
                ]
            return _Answer(status, error, {}, rule)
        return None

    def _catalogue(self) -> Collection | None:
        prices = self.API.prices
        catalogue = prices.catalogue if prices is not None else None
        return next((c for c in self.API.collections if c.list and c.list == catalogue), None)

    def _catalogue_seeded(self) -> bool:
        catalogue = self._catalogue()
        return any(s.collection is catalogue for s in self._objects)

    def _product(self, product_id: Any) -> Mapping[str, Any] | None:
        """The catalogue's object with this id, or one of its aliases (its wire members), if the
        fake holds it."""
        catalogue = self._catalogue()
        if catalogue is None or not isinstance(product_id, str):
            return None
        paths = self.API.prices.product_aliases if self.API.prices is not None else ()
        conditions = catalogue.populated_when
        products = [s.members for s in self._objects if s.collection is catalogue]
        by_id = (p for p in products if p.get(catalogue.id_field) == product_id)
        by_alias = (
            p for p in products if any(a == product_id for a, _ in aliases(p, paths, conditions))
        )
        found = next(by_id, None) or next(by_alias, None)
        # As the rules read it: a member the spec populates only for another type is not there.
        return populated(found, conditions) if found is not None else None

    def create(
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
            bill = priced(prices, body, self._product, self.fx_rates)
            members.update(bill.members(prices))
            balance = self.API.balance
            if balance is not None and isinstance(bill.currency, str):
                available = self.balance_of(bill.currency)
                if bill.total_price > available:
                    error_status = int(balance.insufficient_status)
                    message = (
                        f"the balance of {available} {bill.currency} cannot pay {bill.total_price}"
                        f" ({self.API.name}'s docs: {balance.docs!r})"
                    )
                    error = self._answers.error_body(
                        route, error_status, balance.insufficient_type, message
                    )
                    return _Answer(
                        error_status, error, {}, balance.refusal(route.endpoint.operation_id)
                    )
                self._balances[bill.currency] = available - bill.total_price
                stored.charged = (bill.currency, bill.total_price)
        self._give_item_ids(stored)
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
            return self._answers.example_answer(route, 404)
        return self._shaped(route, self._answers.success_status(route, _NO_REQUEST), stored)

    def _list(self, rule: Collection, route: Route, request: httpx.Request) -> _Answer:
        """A page of the collection, newest first: `limit` objects after the `after` cursor (or
        before the `before` one), each cursor the id of the page's last (first) object, absent on
        an empty page, which ends the list."""
        pagination = route.endpoint.pagination
        query = request.url.params  # parsed once: httpx parses the query string on each access
        listed = sorted(
            (
                s
                for s in self._objects
                if s.collection is rule and kept(rule.filters, query, s.members)
            ),
            key=lambda s: -s.sequence if rule.newest_first else s.sequence,
        )
        ids = [s.members[rule.id_field] for s in listed]
        limit_text = query.get(rule.limit_param) if rule.limit_param else None
        limit = int(limit_text) if limit_text else _declared_default(route, rule.limit_param)
        after = query.get(pagination.cursor_param) if pagination is not None else None
        before = query.get(rule.before_param) if rule.before_param else None
        if after is not None:
            page = listed[ids.index(after) + 1 :][:limit] if after in ids else []
        elif before is not None:
            page = listed[: ids.index(before)][-limit:] if before in ids else []
        else:
            page = listed[:limit]
        status = self._answers.success_status(route, request)
        spec = _documented_response(route.endpoint, status)
        assert spec is not None
        where = f"{route.endpoint.operation_id} {status}"
        items_field, item_type = self._page_items(route, spec.type)
        # Each object is shaped alone and the whole answer checked once, below: checking each
        # object and then the page validated every object twice (a seeded catalogue's paging
        # cost ~4 ms a product).
        if items_field is None:  # the answer is a bare list: every object, in one answer
            records = [self.record(s, item_type, checked=False) for s in listed]
            return _Answer(status, self._shapes.checked(records, spec.type, where))
        value = self._shapes.project({items_field: []}, spec.type, where)
        value[items_field] = [self.record(s, item_type, checked=False) for s in page]
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

    def item_type(self, route: Route) -> Any:
        """The type of an item of a list operation's page."""
        spec = _documented_response(
            route.endpoint, self._answers.success_status(route, _NO_REQUEST)
        )
        if spec is None:
            raise ValueError(f"{route.python_name} documents no page of items")
        return self._page_items(route, spec.type)[1]

    def _balance_answer(self, rule: Balance, route: Route, request: httpx.Request) -> _Answer:
        status = self._answers.success_status(route, request)
        spec = _documented_response(route.endpoint, status)
        assert spec is not None
        asked = request.url.params.get(rule.currency_param) if rule.currency_param else None
        template = self._answers.example_answer(route, status).body
        as_text: Callable[[Decimal], Any] = lambda amount: _like(
            _first_value(template, rule.amount_field), amount
        )
        if asked is not None:
            members: Any = {
                rule.amount_field: as_text(self.balance_of(asked)),
                rule.currency_field: asked,
            }
        else:
            # "all balances greater than 0": the default one is held from the start
            opened = _first_value(template, rule.currency_field, None)
            if self._default_balance is not None and isinstance(opened, str):
                self.balance_of(opened)
            members = [
                {rule.amount_field: as_text(amount), rule.currency_field: currency}
                for currency, amount in sorted(self._balances.items())
                if amount > 0
            ]
        return _Answer(
            status,
            self._shapes.project(members, spec.type, f"{route.endpoint.operation_id} {status}"),
        )

    def balance_of(self, currency: str) -> Decimal:
        if currency not in self._balances:
            self._balances[currency] = (
                self._default_balance if self._default_balance is not None else Decimal("0")
            )
        return self._balances[currency]

    def _timestamp(self) -> str:
        return self._now().isoformat().replace("+00:00", "Z")

    def _set_status(self, stored: _Stored, status: str) -> None:
        rule = stored.collection
        assert rule.status_field is not None
        stored.members[rule.status_field] = status
        if status == rule.completed_status:
            now = self._timestamp()
            if rule.completed_field:
                stored.members[rule.completed_field] = now
            for path in rule.completed_stamps:
                _stamp(stored.members, path, now)
            self._link_items(stored)
        balance = self.API.balance
        if balance is not None and status in balance.refunded and stored.charged is not None:
            currency, paid = stored.charged
            self._balances[currency] = self.balance_of(currency) + paid
            stored.charged = None
        webhook = rule.webhooks.get(status)
        if webhook is not None and webhook in self.API.webhooks:
            payload = self.record(stored, self.API.webhooks[webhook], f"webhook {webhook}")
            self._deliver(webhook, payload)

    def _items_of(self, stored: _Stored) -> list[dict[str, Any]]:
        """The object's own copy of its items (copied from its request body on first use)."""
        rule = stored.collection
        if not rule.items:
            return []
        items = value_at(stored.members, rule.items)
        if items is None:
            sent = value_at(stored.request, rule.items)
            items = [dict(i) for i in sent if isinstance(i, dict)] if isinstance(sent, list) else []
            _set_at(stored.members, rule.items, items)
        return [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []

    def _give_item_ids(self, stored: _Stored) -> None:
        """Each item of a new object its own id."""
        rule = stored.collection
        if rule.item_id is None:
            return
        for item in self._items_of(stored):
            self._item_sequence += 1
            item[rule.item_id] = (rule.item_id_prefix or "") + _ulid_like(self._item_sequence)[-9:]

    def _link_items(self, stored: _Stored) -> None:
        """Each item of a completed object its link: the rule's base and the item's id."""
        rule = stored.collection
        if rule.item_id is None or not rule.item_link:
            return
        for item in self._items_of(stored):
            link = (rule.item_link_base or "") + str(item.get(rule.item_id))
            _stamp_in(item, rule.item_link, link)

    def _shaped(self, route: Route, status: int, stored: _Stored) -> _Answer:
        spec = _documented_response(route.endpoint, status)
        if spec is None or spec.kind != "json":
            return _Answer(status, None)
        return _Answer(
            status,
            self.record(stored, spec.type, f"{route.endpoint.operation_id} {status}"),
        )

    def record(self, stored: _Stored, kind: Any, where: str = "", checked: bool = True) -> Any:
        """`stored` as a value of `kind`: its request body's members, then its own members; in a
        status its rule answers as incomplete, its id, status and that status's message only.
        `checked=False`: not yet checked against `kind` (the caller checks the answer holding it).
        """
        rule = stored.collection
        status = stored.members.get(rule.status_field) if rule.status_field else None
        message = rule.incomplete.get(str(status)) if status is not None else None
        if message is not None and rule.incomplete_message and rule.status_field:
            members = {
                rule.id_field: stored.members[rule.id_field],
                rule.status_field: status,
                rule.incomplete_message: message,
            }
        else:
            members = _merged(
                stored.request if isinstance(stored.request, dict) else {}, stored.members
            )
        if not checked:
            return self._shapes.shaped(members, kind)
        return self._shapes.project(
            members, kind, where or rule.create or rule.list or rule.id_field
        )


def _declared_default(route: Route, name: str | None) -> int:
    """The documented default page size (everything in one page when there is none)."""
    parameter = next((p for p in route.parameters if p.name == name), None)
    default = parameter.default if parameter is not None else None
    return default if isinstance(default, int) and default > 0 else 1_000_000


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


def _stamp(value: Any, path: tuple[str, ...], stamp: str) -> None:
    """Set the member at a wire path that steps into every item of a list on its way, creating
    the objects it names inside an item (an item's `payout`), never a missing member of `value`."""
    if isinstance(value, list):
        for item in value:
            _stamp_in(item, path, stamp)
    elif isinstance(value, dict) and len(path) == 1:
        value[path[0]] = stamp
    elif isinstance(value, dict) and path and path[0] in value:
        _stamp(value[path[0]], path[1:], stamp)


def _stamp_in(value: Any, path: tuple[str, ...], stamp: str) -> None:
    if isinstance(value, dict) and path:
        if len(path) == 1:
            value[path[0]] = stamp
        else:
            _stamp_in(value.setdefault(path[0], {}), path[1:], stamp)


def _ulid_like(number: int) -> str:
    """26 Crockford base32 characters, like a ULID: ordered by creation, unique per fake."""
    text = ""
    for _ in range(26):
        number, digit = divmod(number, 32)
        text = _CROCKFORD[digit] + text
    return "01FAKE" + text[6:]
