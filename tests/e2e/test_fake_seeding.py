"""What a seeded catalogue holds and how the fake's rules read it (a new-user trial's findings):
an item seeded with its id alone has what the API's products have (the spec's example, whole
members), a member the spec populates only for one `payout_type` counts only on such a product
(the options' `populated_when`), an alias naming two products is refused at seeding, and a
catalogue as Runa answers it (tests/fixtures/recorded) is ordered by its codes.

The versions, members and rules are read from each package's fake (`fake.API`, `_fake_data.json`),
never named here; the items' wire members are those the README's examples seed.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from ..packages import GeneratedPackage
from ..support import FIXTURES, runa_specs, spec_version
from .calls import read_of
from .test_fake_consumer import order

pytestmark = [pytest.mark.slow, pytest.mark.timeout(60)]


def catalogue_of(fake: Any) -> Any:
    """The seeded collection the price rule reads products from (None: the fake keeps none)."""
    prices = fake.API.prices
    return next((c for c in fake.API.collections if prices and c.list == prices.catalogue), None)


def rules_of(spec: Path) -> Any:
    fake = read_of(spec).api.fake
    return fake.rules if fake is not None else None


SEEDED = [
    spec_version(s) for s in runa_specs() if (r := rules_of(s)) and r.prices and r.prices.catalogue and r.refusals
]
# The versions whose products an order may name by an alias that counts for one payout type only.
ALIASED = [
    spec_version(s)
    for s in runa_specs()
    if spec_version(s) in SEEDED
    and (r := rules_of(s)).prices.product_aliases
    and any(c.list == r.prices.catalogue and c.populated_when for c in r.collections)
]


@pytest.fixture(params=SEEDED)
def version(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(params=ALIASED)
def aliased(request: pytest.FixtureRequest, packages: dict[str, GeneratedPackage]) -> GeneratedPackage:
    return packages[request.param]


def client_of(package: GeneratedPackage, fake: Any) -> Any:
    return package.module.RunaClient(api_key="test", http_client=fake.http_client(), max_retries=0)


def seed_example(package: GeneratedPackage, fake: Any) -> dict[str, Any]:
    """The spec's example a seeded product is filled from (`_fake_data.json`'s `seeds`)."""
    data = json.loads((Path(str(package.module.__file__)).parent / "_fake_data.json").read_text(encoding="utf-8"))
    item = fake._state.item_type(fake._routes.named(catalogue_of(fake).list))
    found: dict[str, Any] = data["seeds"][item.__name__]
    return found


def counts(product: dict[str, Any], member: str, conditions: Any) -> bool:
    return all(str(product.get(on)) == value for name, on, value in conditions if name == member)


def bounds(fake: Any, product: dict[str, Any]) -> list[Decimal]:
    """Every amount the face-value rules read in `product` (its denominations' list and bounds)."""
    found = []
    for rule in fake.API.refusals:
        if not rule.check.startswith("face_value_") or not rule.members:
            continue
        value: Any = next((v for v in (_at(product, m) for m in rule.members) if v is not None), None)
        found += [Decimal(str(v)) for v in (value if isinstance(value, list) else [value]) if v is not None]
    return found


def _at(value: Any, path: tuple[str, ...]) -> Any:
    for name in path:
        value = value.get(name) if isinstance(value, dict) else None
    return value


def test_a_product_seeded_by_its_code_alone_has_the_examples_members_and_rules(
    version: str, packages: dict[str, GeneratedPackage]
) -> None:
    package = packages[version]
    fake = package.testing.FakeRuna()
    rule = catalogue_of(fake)
    example = seed_example(package, fake)
    (stored,) = fake.seed(rule.list, [{rule.id_field: "AMZ-US"}])
    assert stored[rule.id_field] == "AMZ-US"
    expected = {m for m in example if counts(example, m, rule.populated_when)}
    assert set(stored) == expected and set(example) - expected == {m for m, _, _ in rule.populated_when} - expected
    amounts = bounds(fake, stored)
    assert amounts, "the example's product gives the face-value rules nothing to read"
    client = client_of(package, fake)
    refused = max(amounts) + Decimal("0.01")  # beyond every denomination the example allows
    with pytest.raises(package.module.errors.BadRequestError) as caught:
        client.orders.create_order(body=order(("AMZ-US", refused)), execution_mode="sync")
    assert fake.calls[-1].refusal is not None and fake.calls[-1].refusal.check.startswith("face_value_")
    assert str(refused) in caught.value.body.message
    allowed = min(amounts)
    placed = client.orders.create_order(body=order(("AMZ-US", allowed)), execution_mode="sync")
    assert placed.items[0].face_value == allowed


def test_a_member_the_item_gives_is_its_own_never_merged_with_the_examples(aliased: GeneratedPackage) -> None:
    fake = aliased.testing.FakeRuna()
    rule = catalogue_of(fake)
    example = seed_example(aliased, fake)
    member, on, kind = next(c for c in rule.populated_when if counts(example, c[0], rule.populated_when))
    assert isinstance(example[member], dict) and example[on] == kind
    (bare,) = fake.seed(rule.list, [{rule.id_field: "BARE-US", on: kind}])
    (own,) = fake.seed(rule.list, [{rule.id_field: "OWN-US", on: kind, member: {}}])
    assert bare[member] == example[member] and own[member] == {}


def alias_rule(fake: Any) -> tuple[Any, tuple[str, ...], str, str]:
    """The catalogue, its one alias path, and the member and value its top member counts for."""
    rule = catalogue_of(fake)
    (alias,) = fake.API.prices.product_aliases
    ((_, on, kind),) = [c for c in rule.populated_when if c[0] == alias[0]]
    return rule, alias, on, kind


def test_a_member_populated_for_another_payout_type_is_read_by_no_rule(aliased: GeneratedPackage) -> None:
    package = aliased
    fake = package.testing.FakeRuna()
    rule, alias, on, kind = alias_rule(fake)
    other = next(value for _, member, value in rule.populated_when if member == on and value != kind)
    plans = {alias[1]: [{alias[2]: "PLAN-1"}]}
    fake.seed(
        rule.list,
        [
            {rule.id_field: "GIFT-US", on: other, alias[0]: plans},  # a stray block: no subscription
            {rule.id_field: "SUB-US", on: kind, alias[0]: plans},  # the same plan code, where it counts
        ],
    )
    client = client_of(package, fake)
    assert client.orders.create_order(body=order(("GIFT-US", 10)), execution_mode="sync").total_price is not None
    placed = client.orders.create_order(body=order(("PLAN-1", 10)), execution_mode="sync")
    assert placed.items[0].price is not None
    with pytest.raises(package.module.errors.BadRequestError):
        client.orders.create_order(body=order(("SUB-US", 10)), execution_mode="sync")
    assert fake.calls[-1].refusal.check == "ordered_by_alias"


def test_an_alias_that_names_two_products_is_refused_at_seeding(aliased: GeneratedPackage) -> None:
    package = aliased
    fake = package.testing.FakeRuna()
    rule, alias, on, kind = alias_rule(fake)

    def plan(code: str, plan_code: str) -> dict[str, Any]:
        return {rule.id_field: code, on: kind, alias[0]: {alias[1]: [{alias[2]: plan_code}]}}

    fake.seed(rule.list, [plan("SUB-US", "PLAN-1")])
    with pytest.raises(ValueError, match=r"item 0: its .*'PLAN-1' names 'SUB-US' too"):
        fake.seed(rule.list, [plan("SUB-GB", "PLAN-1")])
    with pytest.raises(ValueError, match=r"'PLAN-1' names 'SUB-US' too"):
        fake.seed(rule.list, [{rule.id_field: "PLAN-1"}])  # a code that is another's plan code
    with pytest.raises(ValueError, match=r"item 1: .*'PLAN-2' names 'SUB-DE' too"):
        fake.seed(rule.list, [plan("SUB-DE", "PLAN-2"), plan("SUB-FR", "PLAN-2")])
    # Two subscriptions seeded without plans: the example's one plan code for both.
    fake.seed(rule.list, [{rule.id_field: "BARE-1", on: kind}])
    with pytest.raises(ValueError, match=r"the spec's example's .*give the item its own"):
        fake.seed(rule.list, [{rule.id_field: "BARE-2", on: kind}])
    listed = client_of(package, fake).products.get_products().catalog
    assert [p.code for p in listed] == ["SUB-US", "BARE-1"]  # nothing of a refused seeding is kept


RECORDED = FIXTURES / "recorded"
# A version added to specs/ later is tested here once its answers are recorded (tests/fixtures/recorded/).
RECORDED_AND_SEEDED = [version for version in SEEDED if (RECORDED / version).is_dir()]


@pytest.mark.parametrize("recorded", RECORDED_AND_SEEDED)
def test_the_recorded_catalogue_is_ordered_by_its_codes(recorded: str, packages: dict[str, GeneratedPackage]) -> None:
    """Runa's answers (recorded) carry a `subscription` block, with a plan code, on gift cards: each
    is ordered by its code at a face value its denominations allow."""
    version = recorded
    package = packages[version]
    fake = package.testing.FakeRuna()  # 1000.00 in each product's currency
    rule = catalogue_of(fake)
    answers = json.loads((RECORDED / version / f"{rule.list}.json").read_text(encoding="utf-8"))
    page = next(a["body"] for a in answers if a["status"] == 200)
    lists = [page] if isinstance(page, list) else [v for v in page.values() if isinstance(v, list)]
    products = next(v for v in lists if v and rule.id_field in v[0])
    assert fake.seed(rule.list, products)
    client = client_of(package, fake)
    for product in products:
        face = min(bounds(fake, product) or [Decimal(10)])
        body = order((product[rule.id_field], face))
        body["payment_method"]["currency"] = product.get("currency", "USD")
        placed = client.orders.create_order(body=body, execution_mode="sync")
        assert placed.items[0].face_value == face, product[rule.id_field]
    assert [call.refusal for call in fake.calls] == [None] * len(products)
