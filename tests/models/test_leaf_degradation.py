"""Issue 23, lenient responses degrade at the leaf (tests/models/fixtures/leaf_degradation.yaml).

A value of the annotated Python type that misses only a constraint (pattern, length, bounds,
multipleOf, item counts, unique items) keeps its typed value and is recorded; only a value of the
wrong type is unusable. A union value that fits no branch exactly is read as the branch its own pins
select, else the one with the fewest type-level problems; `Unknown...` only when its pins match no
branch. Strict validation still refuses every one of them.
"""

from __future__ import annotations

import json
import logging
from decimal import Decimal
from typing import Any

import httpx
import pydantic
import pytest
import yaml

from .support import LENIENT, Package

FIXTURE = "leaf_degradation"
THING = {"multiplier": "0.01", "code": "ABC"}


@pytest.fixture(scope="module")
def leaf(fixture_package: dict[str, Package]) -> Package:
    return fixture_package[FIXTURE]


def kinds(package: Package, value: Any) -> list[tuple[str, str]]:
    return [(d.pointer, d.kind) for d in package.package.deviations(value)]


@pytest.mark.parametrize(
    ("field", "sent", "kept", "kind"),
    [
        ("multiplier", "0.0130", Decimal("0.0130"), "pattern miss"),  # Runa's four-decimal multipliers
        ("amount", 0.5, Decimal("0.5"), "constraint violated"),
        ("code", "ABCD", "ABCD", "constraint violated"),
        ("count", 9, 9, "constraint violated"),
        ("ratio", 0.3, 0.3, "constraint violated"),
        ("tags", ["a", "a"], ["a", "a"], "constraint violated"),
    ],
)
def test_a_constraint_miss_keeps_the_typed_value_and_is_recorded(
    leaf: Package, field: str, sent: Any, kept: Any, kind: str
) -> None:
    thing = leaf.models.Thing
    body = {**THING, field: sent}
    with pytest.raises(pydantic.ValidationError):
        thing.model_validate(body)  # strict: refused
    parsed = thing.model_validate(body, context=LENIENT)
    value = getattr(parsed, field)
    assert value == kept and type(value) is type(kept)
    found = leaf.package.deviations(parsed)
    assert {d.pointer for d in found} <= {f"/{field}", *(f"/{field}/{i}" for i in range(3))} and found
    assert all(d.kind == kind or d.kind == "constraint violated" for d in found)
    assert all(d.field is None for d in found)  # no field left unusable
    assert parsed.model_dump(mode="json", exclude_unset=True) == body  # as received


def test_a_wrong_type_is_still_unusable_beside_a_kept_constraint_miss(leaf: Package) -> None:
    body = {**THING, "multiplier": "0.0130", "count": "many", "inner": {"label": "UPPER", "size": "big"}}
    parsed = leaf.models.Thing.model_validate(body, context=LENIENT)
    assert parsed.multiplier == Decimal("0.0130") and parsed.inner.label == "UPPER"  # kept, in the nested model too
    for owner, name in ((parsed, "count"), (parsed.inner, "size")):
        with pytest.raises(leaf.package.errors.UnusableFieldError, match=name):
            getattr(owner, name)
    assert sorted(kinds(leaf, parsed)) == [
        ("/count", "wrong type"),
        ("/inner/label", "pattern miss"),
        ("/inner/size", "wrong type"),
        ("/multiplier", "pattern miss"),
    ]


def test_a_list_with_too_many_items_keeps_its_items_and_their_own_misses_stay_recorded(leaf: Package) -> None:
    parsed = leaf.models.Thing.model_validate({**THING, "tags": ["ab", "x"]}, context=LENIENT)
    assert parsed.tags == ["ab", "x"]
    assert sorted(kinds(leaf, parsed)) == [("/tags", "constraint violated"), ("/tags/1", "constraint violated")]


def test_the_pins_of_the_data_select_the_branch(leaf: Package) -> None:
    mixed = pydantic.TypeAdapter(leaf.models.Mixed)
    # Short has fewer type-level problems (1 missing id, 2 undeclared fields) than Done (missing id, wrong
    # total, 2 undeclared), but the data's status pins Done.
    body = {"status": "DONE", "total": "bad", "message": "m", "more": 1}
    chosen = mixed.validate_python(body, context=LENIENT)
    assert type(chosen) is leaf.models.Done and chosen.status == "DONE"
    assert not hasattr(chosen, "total") and not hasattr(chosen, "id")
    (branch,) = [d for d in leaf.package.deviations(chosen) if d.kind == "no exact union branch"]
    assert branch.pointer == "" and "Done" in branch.message and "status='DONE'" in branch.message
    with pytest.raises(pydantic.ValidationError):
        mixed.validate_python(body)  # strict: refused


def test_without_pins_the_branch_with_the_fewest_type_level_problems_wins(leaf: Package) -> None:
    unpinned = pydantic.TypeAdapter(leaf.models.Unpinned)
    full = {"id": "O-1", "status": "DONE", "total": "ten", "lines": ["a"]}  # one wrong leaf: Full, not Short
    chosen = unpinned.validate_python(full, context=LENIENT)
    assert type(chosen) is leaf.models.Full and chosen.lines == ["a"] and chosen.id == "O-1"
    assert kinds(leaf, chosen) == [("/total", "wrong type"), ("", "no exact union branch")]
    short = {"id": "O-1", "status": "PENDING", "message": 7}
    assert type(unpinned.validate_python(short, context=LENIENT)) is leaf.models.Short


def test_a_tie_goes_to_the_branch_declared_first(leaf: Package) -> None:
    unpinned = pydantic.TypeAdapter(leaf.models.Unpinned)
    # Short: message missing; Full: total and lines missing: Short. Both lack... only id and status given.
    tie = unpinned.validate_python({"id": 1, "status": "DONE"}, context=LENIENT)
    assert type(tie) is leaf.models.Short  # 2 problems (id, message) against Full's 3
    again = [type(unpinned.validate_python({"id": 1, "status": "DONE"}, context=LENIENT)) for _ in range(3)]
    assert again == [leaf.models.Short] * 3  # deterministic


def test_data_whose_pins_match_no_branch_stays_unknown(leaf: Package) -> None:
    apart = pydantic.TypeAdapter(leaf.models.PinnedApart)
    gone = {"status": "GONE", "kind": "Z", "id": "1"}
    unknown = apart.validate_python(gone, context=LENIENT)
    assert type(unknown) is leaf.models.UnknownPinnedApart and unknown.raw == gone
    assert kinds(leaf, unknown) == [("", "fits no union branch")]
    (why,) = leaf.package.deviations(unknown)
    assert " at /" in why.message and "function" not in why.message, why.message  # pointers into the value
    done = apart.validate_python({"status": "DONE", "id": 5}, context=LENIENT)  # pinned: Done, its bad leaves unusable
    assert type(done) is leaf.models.Done
    assert sorted(kinds(leaf, done)) == [
        ("", "no exact union branch"),
        ("/id", "wrong type"),
        ("/total", "missing required field"),
    ]


def test_a_list_branch_whose_items_miss_only_a_constraint_keeps_its_typed_items(leaf: Package) -> None:
    one_or_many = pydantic.TypeAdapter(leaf.models.OneOrMany)
    body = [{"label": "ok"}, {"label": "UPPER"}]  # Runa's balances, one with a two-decimal pattern missed
    with pytest.raises(pydantic.ValidationError):
        one_or_many.validate_python(body)  # strict: refused
    parsed = one_or_many.validate_python(body, context=LENIENT)
    assert [type(item) for item in parsed] == [leaf.models.Inner] * 2 and parsed[1].label == "UPPER"
    assert kinds(leaf, parsed) == [("/1/label", "pattern miss")]  # the leaf only: a list holds no deviation


def test_a_list_branch_with_a_wrong_leaf_is_read_with_that_leaf_unusable(leaf: Package) -> None:
    parsed = pydantic.TypeAdapter(leaf.models.OneOrMany).validate_python(
        [{"label": "ok", "size": "big"}], context=LENIENT
    )
    assert type(parsed[0]) is leaf.models.Inner and parsed[0].label == "ok"
    with pytest.raises(leaf.package.errors.UnusableFieldError, match="size"):
        parsed[0].size  # noqa: B018 - the access is the test
    assert kinds(leaf, parsed) == [("/0/size", "wrong type")]


def test_of_two_list_branches_the_one_with_the_fewest_type_level_problems_wins(leaf: Package) -> None:
    either = pydantic.TypeAdapter(leaf.models.ListOfEither)
    # Inner: label missing, three undeclared fields; Done: one wrong leaf
    parsed = either.validate_python([{"status": "DONE", "id": "1", "total": "ten"}], context=LENIENT)
    assert type(parsed[0]) is leaf.models.Done and parsed[0].id == "1"
    assert kinds(leaf, parsed) == [("/0/total", "wrong type")]


def test_a_value_no_branch_can_read_names_its_first_problems(leaf: Package) -> None:
    unknown = pydantic.TypeAdapter(leaf.models.OneOrMany).validate_python([1, {"label": "ok"}], context=LENIENT)
    assert type(unknown) is leaf.models.UnknownOneOrMany and unknown.raw == [1, {"label": "ok"}]
    (problem,) = leaf.package.deviations(unknown)
    assert problem.kind == "fits no union branch"
    assert "list[Inner]" in problem.message and "wrong type at /0" in problem.message, problem.message


# --- money is never a float on the wire -----------------------------------------------------------


def client_recording(leaf: Package) -> tuple[Any, list[httpx.Request]]:
    sent: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(204)

    client = leaf.package.LeafDegradationClient(http_client=httpx.Client(transport=httpx.MockTransport(answer)))
    return client, sent


@pytest.mark.parametrize(
    ("call", "field"),
    [
        ({"body": {"amount": 0.1 + 0.2}}, "amount"),  # a plain dict: mypy cannot see it
        ({"body": {"amount": "10.00", "fee": 0.5}}, "fee"),
        ({"body": {"amount": 1}, "max": 2.5}, "max"),  # a query parameter
    ],
)
def test_a_float_given_as_money_is_refused_before_sending_naming_the_field(
    leaf: Package, call: dict[str, Any], field: str
) -> None:
    client, sent = client_recording(leaf)
    with pytest.raises(pydantic.ValidationError) as caught:
        client.default.set_price(**call)
    assert sent == []
    (error,) = caught.value.errors()
    assert error["loc"][-1] == field and error["type"] == "money_float"
    assert "Decimal" in str(caught.value) and "str" in str(caught.value)


def test_a_float_in_a_model_is_refused_too(leaf: Package) -> None:
    with pytest.raises(pydantic.ValidationError, match="pass a Decimal or a str") as caught:
        leaf.models.NewPrice(amount=0.1)  # type: ignore[arg-type]  # what mypy says too
    assert caught.value.errors()[0]["loc"] == ("amount",)


@pytest.mark.parametrize("amount", [10, Decimal("10.10"), "10.10"])
def test_ints_decimals_and_numerals_pass_exactly(leaf: Package, amount: Any) -> None:
    client, sent = client_recording(leaf)
    client.default.set_price(body={"amount": amount}, max=Decimal("20.5"))
    client.default.set_price(body=leaf.models.NewPrice(amount=amount))
    assert [json.loads(r.content, parse_float=Decimal)["amount"] for r in sent] == [Decimal(str(amount))] * 2
    assert sent[0].url.params["max"] == "20.5"


def test_received_floats_still_parse_as_money(leaf: Package) -> None:
    price = leaf.models.NewPrice.model_validate({"amount": 0.1}, context=LENIENT)  # JSON read by json.loads
    assert price.amount == Decimal("0.1")


def test_a_pattern_miss_shows_the_spec_s_pattern_as_written(leaf: Package) -> None:
    """Not Python's spelling of it (`(?a)…\\Z`): the text a reader finds in the spec, for a decimal's
    text and a string alike, in the deviation and in strict mode's error."""
    schemas = yaml.safe_load(leaf.spec_path.read_text(encoding="utf-8"))["components"]["schemas"]
    written = {
        "/multiplier": schemas["Thing"]["properties"]["multiplier"]["pattern"],
        "/inner/label": schemas["Inner"]["properties"]["label"]["pattern"],
    }
    body = {**THING, "multiplier": "0.0130", "inner": {"label": "UPPER"}}
    parsed = leaf.models.Thing.model_validate(body, context=LENIENT)
    shown = {d.pointer: d.message for d in leaf.package.deviations(parsed)}
    assert shown.keys() == written.keys()
    for pointer, pattern in written.items():
        assert f"pattern '{pattern}'" in shown[pointer]
    with pytest.raises(pydantic.ValidationError) as caught:
        leaf.models.Thing.model_validate(body)
    messages = [e["msg"] for e in caught.value.errors()]
    assert sorted(m for m in messages if "pattern" in m) == sorted(shown.values())


def test_the_log_line_gives_the_value_received_as_its_example_never_a_none_it_did_not_receive(
    leaf: Package, caplog: pytest.LogCaptureFixture
) -> None:
    """A union read as its nearest branch records no value of its own (the body is the result): its
    group in the call's line shows none; a null received is shown as one."""
    parse_value = leaf.package._base_client.parse_value
    caplog.set_level(logging.WARNING, logger=leaf.package.__name__)
    full = {"id": "O-1", "status": "DONE", "total": "ten", "lines": ["a"]}  # one wrong leaf: the nearest branch
    parsed = parse_value(leaf.models.Unpinned, full, operation="getUnpinned")
    branch = [d for d in leaf.package.deviations(parsed) if d.kind == "no exact union branch"]
    assert branch and branch[0].value is None
    parse_value(leaf.models.Thing, {**THING, "count": None}, operation="getThing")
    first, second = [r.getMessage() for r in caplog.records if r.name == leaf.package.__name__]
    assert "wrong type at /total x1 (e.g. 'ten': " in first
    assert f"no exact union branch at / x1 ({branch[0].message})" in first and "None" not in first
    assert "at /count x1 (e.g. None: " in second  # a null received: the value is None
