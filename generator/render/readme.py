"""What only the package README shows: resources by their path from the client, an exhaustive
`isinstance` dispatch example, and the `testing` section's worked example and rule tables (the
fake's rules as the README words them, from the same IR rules `testing.py` builds the fake from).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .. import fake_ir, ir
from ..naming import attribute_name
from ..pysource import literal, plain_annotation
from ..surface import Method, method_of
from .client import ParameterView, ResourceView, example_call, resource_view
from .context import operations_by_access


@dataclass(frozen=True)
class BranchView:
    keyword: str  # `if` or `elif`
    name: str


@dataclass(frozen=True)
class DispatchView:
    """The README's exhaustive `isinstance` dispatch over a union of models."""

    annotation: str
    branches: list[BranchView]
    unknown: str
    source: str


@dataclass(frozen=True)
class SeedView:
    seed: str
    page: str
    ids: str
    name: str


@dataclass(frozen=True)
class PricedView:
    fetch: str
    narrowed: str | None  # the model the fetched object is checked to be, when the answer is a union
    items_attr: str
    price: str
    total: str
    balance: str


@dataclass(frozen=True)
class TestingReadmeView:
    """The README's worked test of the fake."""

    name: str
    name_literal: str
    call: str
    idempotent: bool
    advance: bool
    webhook: str | None
    seed: SeedView | None
    priced: PricedView | None


@dataclass(frozen=True)
class SeededView:
    """A collection the tests fill with `fake.seed(...)`, as the README describes it."""

    listing: str
    fetch: str | None
    id_field: str
    limit: str | None
    cursors: str
    filters: list[str]
    filled: bool  # left-out members are filled from the spec's example of the item, every property
    populated: list[str]  # each member that counts only on some objects, and when
    aliases: str | None  # the members (paths) an order may also name an item by


@dataclass(frozen=True)
class FxDocView:
    """How the README says items in another currency are paid (`fake.prices.fx`)."""

    by_currency: str
    value: str
    fx: str
    symbol: str
    docs: str


@dataclass(frozen=True)
class PricesDocView:
    operations: str
    items_path: str
    face: str
    balance: bool
    price: str
    discount: str | None
    product: str
    catalogue: str | None
    places: int
    total_price: str | None
    total_discount: str | None
    docs: str
    several: str | None  # an item's path to the ids of several products (with the least discount)
    aliases: str | None  # the product's members (their paths) an item may name it by
    fx: FxDocView | None


@dataclass(frozen=True)
class RefusalRow:
    operation: str
    when: str
    status: str
    type: str
    docs: str


@dataclass(frozen=True)
class StatesView:
    """A created collection whose objects are answered, in some statuses, as an incomplete branch."""

    create: str
    reads: str
    members: str  # the incomplete branch's members, as `a`, `b` and `c`
    incomplete: list[str]  # each as the status in backquotes, then its message in parentheses
    completed: str | None
    stamps: str | None  # the members set to the completion time
    refunded: str | None
    items: str | None  # what the items are given: their own id, and a link once complete


@dataclass(frozen=True)
class FakeRulesDocs:
    seeded: list[SeededView]
    prices: PricesDocView | None
    refusals: list[RefusalRow]
    states: list[StatesView]


def readme_resource_views(
    resources: tuple[ir.Resource, ...], methods: dict[str, Method], prefix: str = ""
) -> list[ResourceView]:
    """Every resource with operations, nested ones after their parent, with its path from the client."""
    views: list[ResourceView] = []
    for resource in resources:
        access = prefix + resource.attribute
        if resource.operations:
            views.append(resource_view(resource, methods, access))
        views += readme_resource_views(resource.children, methods, access + ".")
    return views


def dispatch_example(api: ir.Api) -> DispatchView | None:
    """For the README: the first webhook payload or response that is a union of models, to show
    exhaustive `isinstance` dispatch with its `Unknown...` member."""
    aliases = {d.name: d.type for d in api.definitions if isinstance(d, ir.AliasModel)}
    models = {d.name for d in api.definitions if isinstance(d, ir.ObjectModel)}
    places = [(w.type, f"`webhooks.parse_{w.python_name}`") for w in api.webhooks]
    places += [
        (r.type, f"the `{op.python_name}` operation") for op in api.operations for r in op.success_responses if r.type
    ]
    for type_, source in places:
        union = aliases.get(type_.name) if isinstance(type_, ir.ModelRef) else type_
        if not isinstance(union, ir.UnionOf) or not union.unknown:
            continue
        branches = [o.name for o in union.options if isinstance(o, ir.ModelRef) and o.name in models]
        if len(branches) == len(union.options):
            return DispatchView(
                annotation=plain_annotation(type_),
                branches=[
                    BranchView(keyword="elif" if index else "if", name=f"models.{name}")
                    for index, name in enumerate(branches)
                ],
                unknown=f"models.{union.unknown}",
                source=source,
            )
    return None


def testing_readme_view(api: ir.Api, rules: fake_ir.FakeRules) -> TestingReadmeView | None:
    """The README's test: the first collection's create operation (else the first operation), rate
    limited once; `advance()` and the webhook it delivers when the rules have them."""
    located = [(access, op) for access, op in operations_by_access(api.resources)]
    if not located:
        return None
    creates = {c.create: c for c in rules.collections}
    access, op = next(((a, o) for a, o in located if o.operation_id in creates), located[0])
    rule = creates.get(op.operation_id)
    webhooks = {w.key: w.python_name for w in api.webhooks}
    delivered = [webhooks[key] for _, key in rule.webhooks if key in webhooks] if rule is not None else []
    parameters = [  # the signature's arguments (the idempotency key, generated by the client, is optional)
        ParameterView(a.name, literal(a.wire_name), "", a.required, a.location) for a in method_of(op).parameters
    ]
    example_body = dict(op.example_arguments).get("body")
    return TestingReadmeView(
        name=op.python_name,
        name_literal=literal(op.python_name),
        call=f"{access}.{example_call(op, parameters)}",
        idempotent=op.idempotency_header is not None,
        advance=bool(rule is not None and rule.advance),
        webhook=delivered[0] if delivered else None,
        seed=_seed_view(api, rules, example_body, located),
        priced=_priced_view(api, rules, rule, example_body, located),
    )


def _seed_view(
    api: ir.Api, rules: fake_ir.FakeRules, body: object, located: list[tuple[str, ir.Operation]]
) -> SeedView | None:
    """The README's seeding lines: three objects put into the first seeded collection that pages (the
    first named by the example body's product, with a discount when prices read one), paged by two."""
    catalogue = next((c for c in rules.collections if c.create is None and c.list and c.limit_param), None)
    listing = next(((a, o) for a, o in located if catalogue and o.operation_id == catalogue.list), None)
    if catalogue is None or listing is None or listing[1].pagination is None:
        return None
    prices = rules.prices if rules.prices and rules.prices.catalogue == catalogue.list else None
    items = _value_at(body, prices.items) if prices else None
    named = _value_at(items[0], prices.product) if prices and isinstance(items, list) and items else None
    first = named if isinstance(named, str) else "EXAMPLE-1"
    ids = [first, f"{first}-2", f"{first}-3"]
    objects: list[dict[str, object]] = [{catalogue.id_field: i} for i in ids]
    if prices is not None and prices.discount:
        objects[0][prices.discount] = "0.10"
    access, op = listing
    id_attribute = attribute_name(catalogue.id_field)
    return SeedView(
        seed=f"fake.seed({literal(op.python_name)}, {literal(objects)})",
        page=f"[item.{id_attribute} for item in client.{access}.iter_{op.python_name}({catalogue.limit_param}=2)]",
        ids=literal(ids),
        name=op.python_name,
    )


def _priced_view(
    api: ir.Api,
    rules: fake_ir.FakeRules,
    rule: fake_ir.FakeCollection | None,
    body: object,
    located: list[tuple[str, ir.Operation]],
) -> PricedView | None:
    """The README's price check: the created object fetched back, its one item's price the face value
    less the seeded discount (`_seed_view`'s 0.10, rounded as the rule rounds), paid from the balance."""
    prices = rules.prices
    fetching = next(((a, o) for a, o in located if rule and o.operation_id == rule.fetch), None)
    if prices is None or rule is None or fetching is None or rule.create not in prices.operations:
        return None
    if not prices.total_price or not prices.discount or _seed_view(api, rules, body, located) is None:
        return None
    items = _value_at(body, prices.items)
    currency = _value_at(body, prices.currency_from)
    path = [p for p in fetching[1].parameters if p.location == "path"]
    if not isinstance(items, list) or len(items) != 1 or not isinstance(currency, str) or len(path) != 1:
        return None
    access, fetch = fetching
    item = attribute_name(prices.item_price)
    face = attribute_name(prices.face_value)
    cent = literal(str(Decimal(1).scaleb(-prices.places)))
    wanted = {attribute_name(prices.items[-1]), attribute_name(prices.total_price)}
    answers = [r.type for r in fetch.success_responses if r.type is not None]
    narrowed = _branch_holding(api, answers[0], wanted) if len(answers) == 1 else None
    return PricedView(
        fetch=f"client.{access}.{fetch.python_name}({path[0].python_name}=result.{attribute_name(rule.id_field)})",
        narrowed=narrowed,
        items_attr=attribute_name(prices.items[-1]),
        price=f'item.{item} == item.{face} - (item.{face} * Decimal("0.10")).quantize(Decimal({cent}), ROUND_HALF_UP)',
        total=f"done.{attribute_name(prices.total_price)} == item.{item}",
        balance=f'fake.balance({literal(currency)}) == Decimal("1000.00") - done.{attribute_name(prices.total_price)}',
    )


def _branch_holding(api: ir.Api, answer: ir.TypeNode, wanted: set[str]) -> str | None:
    """The one model of a union answer (through named aliases) whose fields include `wanted`, which
    the example narrows to with `isinstance` (mypy --strict refuses the attributes on the union);
    None when the answer is no union."""
    definitions = {d.name: d for d in api.definitions}
    while isinstance(answer, ir.ModelRef) and isinstance(definitions.get(answer.name), ir.AliasModel):
        alias = definitions[answer.name]
        assert isinstance(alias, ir.AliasModel)
        answer = alias.type
    if not isinstance(answer, ir.UnionOf):
        return None
    holding = [
        option.name
        for option in answer.options
        if isinstance(option, ir.ModelRef)
        and isinstance(model := definitions.get(option.name), ir.ObjectModel)
        and wanted <= {f.python_name for f in model.fields}
    ]
    return holding[0] if len(holding) == 1 else None


_FILTER_WORDS = {
    "equals": "objects whose `{field}` is the value sent",
    "any": "objects whose `{field}` holds any of the values sent",
    "only_when_true": "`true`: objects whose `{field}` is true; `false`: all of them",
}


def fake_rules_docs(api: ir.Api, rules: fake_ir.FakeRules) -> FakeRulesDocs:
    """The README's description of the fake's rules as data: seeded collections, prices, refusals."""
    names = {op.operation_id: op for op in api.operations}
    filled = bool(api.fake and api.fake.seed_examples)
    seeded = []
    for c in rules.collections:
        if c.create is not None or c.list is None:
            continue
        listing = names[c.list]
        cursors = [
            f"`{p}`"
            for p in ((listing.pagination.cursor_param,) if listing.pagination else ())
            + ((c.before_param,) if c.before_param else ())
        ]
        seeded.append(
            SeededView(
                listing=listing.python_name,
                fetch=names[c.fetch].python_name if c.fetch else None,
                id_field=c.id_field,
                limit=c.limit_param,
                cursors=" and ".join(cursors),
                filters=[f"`{f.param}` ({_FILTER_WORDS[f.match].format(field=f.field)})" for f in c.filters],
                filled=filled,
                populated=[f"`{m}` only where `{on}` is `{value}`" for m, on, value in c.populated_when],
                aliases=(
                    " or ".join(f"`{'.'.join(path)}`" for path in rules.prices.product_aliases) or None
                    if rules.prices is not None and rules.prices.catalogue == c.list
                    else None
                ),
            )
        )
    prices = rules.prices
    priced = None
    if prices is not None:
        product = ".".join(prices.product)
        catalogue = names[prices.catalogue].python_name if prices.catalogue else None
        priced = PricesDocView(
            operations=" and ".join(f"`{names[op].python_name}`" for op in prices.operations),
            items_path=".".join(prices.items),
            face=prices.face_value,
            balance=rules.balance is not None,
            price=prices.item_price,
            discount=prices.discount,
            product=product,
            catalogue=catalogue,
            places=prices.places,
            total_price=prices.total_price,
            total_discount=prices.total_discount,
            docs=prices.docs,
            several=".".join(prices.products) if prices.products and prices.several_discount == "least" else None,
            aliases=" or ".join(f"its `{'.'.join(path)}`" for path in prices.product_aliases) or None,
            fx=(
                FxDocView(prices.fx.by_currency, prices.fx.value, prices.fx.fx, prices.fx.symbol, prices.fx.docs)
                if prices.fx
                else None
            ),
        )
    rows = [_refusal_row(names, rules, r) for r in rules.refusals]
    for quote in rules.quotes:
        refused = names[quote.of].python_name
        rows.append(
            RefusalRow(
                operation=names[quote.operation].python_name,
                when=f"`{refused}` would refuse the order it quotes by a rule above (one without a header)"
                + (f"; its `{quote.details}` locate the item in the body" if quote.details else ""),
                status=quote.status,
                type=quote.type,
                docs=quote.docs,
            )
        )
    if rules.balance is not None and prices is not None and prices.total_price:
        create = next((c.create for c in rules.collections if c.create in prices.operations), None)
        if create is not None:
            rows.append(
                RefusalRow(
                    operation=names[create].python_name,
                    when=f"its `{prices.total_price}` is more than the balance in its currency (`fake.balance(currency)`)",
                    status=rules.balance.insufficient_status,
                    type=rules.balance.insufficient_type,
                    docs=rules.balance.docs,
                )
            )
    return FakeRulesDocs(seeded=seeded, prices=priced, refusals=rows, states=_states(names, rules))


def _item_words(c: fake_ir.FakeCollection) -> str | None:
    """What each item of a created object is given, in the README's words."""
    if not c.items or not c.item_id:
        return None
    words = (
        f"Each of its `{'.'.join(c.items)}` has its own `{c.item_id}` (`{c.item_id_prefix or ''}` and nine characters)"
    )
    if c.item_link:
        link = f"{c.item_link_base or ''}<{c.item_id}>"
        words += f" and, once complete, its `{'.'.join(c.item_link)}` is `{link}`, a link of the fake's own that never resolves"
    return words + "."


def _states(names: dict[str, ir.Operation], rules: fake_ir.FakeRules) -> list[StatesView]:
    """The README's lines on the statuses a created object is answered in."""
    refunded = rules.balance.refunded if rules.balance is not None else ()
    views = []
    for c in rules.collections:
        if c.create is None or not c.incomplete or not c.incomplete_message or not c.status_field:
            continue
        stamps = [c.completed_field] if c.completed_field else []
        stamps += [".".join(path) for path in c.completed_stamps]
        views.append(
            StatesView(
                create=names[c.create].python_name,
                reads=" and ".join(f"`{names[op].python_name}`" for op in (c.fetch, c.list) if op),
                members=", ".join(f"`{m}`" for m in (c.id_field, c.status_field, c.incomplete_message)),
                incomplete=[f"`{status}` ({literal(message)})" for status, message in c.incomplete],
                completed=c.completed_status,
                stamps=" and ".join(f"`{stamp}`" for stamp in stamps) or None,
                refunded=" or ".join(f"`{status}`" for status in refunded) or None,
                items=_item_words(c),
            )
        )
    return views


def _refusal_row(names: dict[str, ir.Operation], rules: fake_ir.FakeRules, refusal: fake_ir.FakeRefusal) -> RefusalRow:
    if refusal.check == "params_exclusive":
        sent = " and ".join(f"`{name}`" for name in refusal.params)
        return RefusalRow(
            names[refusal.operation].python_name,
            f"{sent} are sent together",
            refusal.status,
            refusal.type,
            refusal.docs,
        )
    prices = rules.prices
    assert prices is not None  # a refusal reads items as the price rule names them (options.py)
    members = " or ".join(f"`{'.'.join(m)}`" for m in refusal.members)
    face = f"an item's `{prices.face_value}`"
    catalogue = names[prices.catalogue].python_name if prices.catalogue else ""
    when = {
        "items_at_most": f"more than {refusal.limit} item(s) in `{'.'.join(prices.items)}`",
        "product_known": f"an item's `{'.'.join(prices.product)}` names no product seeded into `{catalogue}`",
        "product_flag": f"an item's product has {members} false",
        "face_value_in": f"{face} is not one of its product's {members} (when given)",
        "face_value_min": f"{face} is below its product's {members}",
        "face_value_max": f"{face} is above its product's {members}",
        "face_value_whole": f"{face} is not a whole number",
        "face_value_places": f"{face} has more than {prices.places} decimal places",
        "products_agree": f"an item's products differ in {members}",
        "ordered_by_alias": f"an item names a product by its id although the product has {members} to be ordered by",
    }[refusal.check]
    if refusal.check != "items_at_most":
        when += "; " + _KIND_WORDS.get(refusal.kinds, f"for items: {', '.join(refusal.kinds)}")
    if refusal.when_header is not None:
        when += f", with header `{refusal.when_header[0]}: {refusal.when_header[1]}`"
    return RefusalRow(
        operation=names[refusal.operation].python_name,
        when=when,
        status=refusal.status,
        type=refusal.type,
        docs=refusal.docs,
    )


# The README's words for the kinds of item a refusal checks.
_KIND_WORDS = {
    ("single",): "for an item of a single product",
    ("several",): "for each product of an item of several",
    ("single", "several"): "for an item of a single product, or each of several",
    ("several", "other"): "for an item of several products, or of a template",
}


def _value_at(value: object, path: tuple[str, ...]) -> object:
    for name in path:
        value = value.get(name) if isinstance(value, dict) else None
    return value
