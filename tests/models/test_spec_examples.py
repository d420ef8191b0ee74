"""Every `example`/`examples` of every Runa spec parses into the type of its place and round-trips.

Examples are found by walking the spec (operations' parameters, request bodies and responses,
webhooks, and every schema and the schemas inside it); the type of each place comes from the IR
the package was generated from: an operation's parameter, body or response type, a webhook's
payload type, a component's model, or the field of the model a property example sits in (optional
fields take None). Request and schema examples are parsed strictly, response examples leniently,
as the client parses responses. The round trip is
`dump_python(mode="json", by_alias=True, exclude_unset=True)`, which must give the example back,
except for the cases listed in `NOT_ROUND_TRIPPED`, each with its reason.
"""

from __future__ import annotations

import warnings
from decimal import Decimal
from typing import Any

import pydantic
import pytest

from ..support import HAND_CHECKED, runa_specs, spec_version
from .support import LENIENT, Package, spec_examples

OLD, BASE = (dated.version for dated in HAND_CHECKED)  # the versions whose exceptions were read one by one
# (spec version, example pointer) -> (the value the round trip gives, why it differs from the example).
# OLD's string examples of `type: number` amounts (`'10'`) round-trip since its as-it-answers overlay
# (specs/overlays/) types them as the strings Runa sends; BASE's `TransactionDetail` example
# (`fx: null`) since its overlay makes fx nullable.
NOT_ROUND_TRIPPED: dict[tuple[str, str], tuple[Any, str]] = {}
# Examples that break their own schema in a way the optional-None reading covers (they parse strictly
# and round-trip), listed so that a change in how they parse is noticed.
NULL_IN_OPTIONAL_FIELDS = {
    (OLD, "/components/schemas/ValidationErrorResponse/properties/help/example"),
    (BASE, "/components/schemas/ValidationErrorResponse/properties/help/example"),
    (BASE, "/components/schemas/TransactionDetail/example"),
}


def _without_nulls(value: Any) -> Any:
    """`value` without the null members of its objects (how an optional non-nullable field given null dumps)."""
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value]
    return value


def _numbers(value: Any) -> Any:
    """`value` with a numeric string read as the float a `type: number` field dumps."""
    try:
        return float(value) if isinstance(value, str) else value
    except ValueError:
        return value


def _examples(package: Package) -> list[Any]:
    examples, unmapped = spec_examples(package)
    assert not unmapped, f"examples whose place has no generated type: {unmapped}"
    return examples


@pytest.mark.parametrize("version", [spec_version(spec) for spec in runa_specs()])
def test_every_example_parses_into_the_type_of_its_place_and_round_trips(
    runa_packages: dict[str, Package], version: str
) -> None:
    package = runa_packages[version]
    examples = _examples(package)
    problems: list[str] = []
    seen_differences: set[tuple[str, str]] = set()
    for example in examples:
        adapter = package.adapter(example.annotation)
        context = LENIENT if example.direction == "response" else None
        try:
            parsed = adapter.validate_python(example.value, context=context)
        except pydantic.ValidationError as error:
            problems.append(f"{example.pointer} ({example.direction}) does not parse as {example.annotation}: {error}")
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # a value kept raw would warn when dumped: none may be
            dumped = adapter.dump_python(parsed, mode="json", by_alias=True, exclude_unset=True)
        key = (version, example.pointer)
        if version not in (OLD, BASE) and dumped in (_without_nulls(example.value), _numbers(example.value)):
            continue  # a later version: one of the two reasons of NOT_ROUND_TRIPPED, not listed one by one
        if key in NOT_ROUND_TRIPPED:
            seen_differences.add(key)
            expected, _ = NOT_ROUND_TRIPPED[key]
            if dumped != expected or dumped == example.value:
                problems.append(
                    f"{example.pointer}: listed as not round-tripping to {expected!r}, but gives {dumped!r}"
                )
        elif dumped != example.value:
            problems.append(f"{example.pointer} as {example.annotation}: {example.value!r} -> {dumped!r}")
    assert not problems, "\n".join(problems)
    listed = {key for key in NOT_ROUND_TRIPPED if key[0] == version}
    assert listed <= seen_differences, f"listed but no longer in the spec: {listed - seen_differences}"
    pointers = {e.pointer for e in examples}
    assert {p for v, p in NULL_IN_OPTIONAL_FIELDS if v == version} <= pointers


def test_the_walk_finds_examples_of_every_kind_of_place(runa: Package) -> None:
    by_pointer = {e.pointer: e for e in _examples(runa)}
    single = by_pointer["/paths/~1balance/get/responses/200/content/application~1json/examples/Single Balance/value"]
    many = by_pointer["/paths/~1balance/get/responses/200/content/application~1json/examples/Multiple Balances/value"]
    assert single.annotation == many.annotation == "GetBalanceResponse" and single.direction == "response"
    assert by_pointer["/components/parameters/CurrencyForAccount/example"].direction == "request"
    assert by_pointer["/components/schemas/OrderMetadata/example"].annotation == "OrderMetadata"
    assert by_pointer["/paths/~1ping/get/responses/200/content/application~1json/example"].annotation == "PingResponse"
    assert len(by_pointer) >= 90  # every property example of every component is in


def test_the_object_or_array_balance_examples_parse_into_their_own_branch(runa: Package) -> None:
    """GET /balance answers an object or an array (a union of a model and a list of models)."""
    models = runa.models
    by_pointer = {e.pointer: e for e in _examples(runa)}
    adapter = runa.adapter("GetBalanceResponse")
    single = adapter.validate_python(
        by_pointer["/paths/~1balance/get/responses/200/content/application~1json/examples/Single Balance/value"].value,
        context=LENIENT,
    )
    many = adapter.validate_python(
        by_pointer[
            "/paths/~1balance/get/responses/200/content/application~1json/examples/Multiple Balances/value"
        ].value,
        context=LENIENT,
    )
    assert isinstance(single, models.GetBalanceResponseOption1) and single.balance == Decimal("10.00")
    assert isinstance(many, list) and [type(b) for b in many] == [models.GetBalanceResponseOption2Item] * 2
    assert [b.currency for b in many] == ["USD", "GBP"]
