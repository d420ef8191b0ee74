"""The model layer feature by feature, on written fixtures (tests/models/fixtures) and on Runa's spec:
naming, composition, unions, nullability, recursion, formats, constraints, strict requests and
lenient responses. Each test generates nothing itself: packages come from the session fixtures."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
import typing
import warnings
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any
from uuid import UUID

import pydantic
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.diagnostics import GeneratorError
from generator.pipeline import Request, generate

from ..support import RUNA
from .support import LENIENT, Package


@pytest.fixture(scope="module")
def features(fixture_package: dict[str, Package]) -> Package:
    return fixture_package["model_features"]


@pytest.fixture(scope="module")
def m(features: Package) -> Any:
    return features.models


def wire_text(model: pydantic.BaseModel) -> str:
    """The JSON text the client sends for a request model: the runtime's own encoder."""
    request = importlib.import_module(type(model).__module__.rsplit(".", 1)[0] + "._request")
    text: str = request._json_text(request._request_json(None, model))
    return text


def wire(model: pydantic.BaseModel) -> Any:
    """What the client sends for a request model (see `_request_json` in the runtime)."""
    return json.loads(wire_text(model))


def deviation_kinds(value: Any) -> list[tuple[str, str]]:
    """(pointer, kind) of each deviation the runtime recorded in a parsed value."""
    runtime = importlib.import_module(type(value).__module__.rsplit(".", 1)[0] + "._base_model")
    return [(d.pointer, d.kind) for d in runtime.deviations(value)]


def fields(model: type[pydantic.BaseModel]) -> dict[str, Any]:
    """A generated model's fields with their annotations resolved (models build lazily, on first use)."""
    model.model_rebuild()
    return dict(model.model_fields)


def error_locations(error: pydantic.ValidationError) -> set[tuple[Any, ...]]:
    return {tuple(e["loc"]) for e in error.errors()}


# --- naming --------------------------------------------------------------------------------------


def test_models_are_named_from_component_keys_and_collisions_are_numbered_in_spec_order(features: Package) -> None:
    names = dict(features.api.component_names)
    assert names["my-model"] == "MyModel" and names["my_model"] == "MyModel2"
    assert names["Thing"] == "Thing" and names["thing"] == "Thing2"
    assert names["class"] == "Class"
    assert set(names.values()) <= set(features.models.__all__)


def test_inline_schemas_are_named_from_where_they_sit(features: Package, m: Any) -> None:
    (operation,) = features.api.operations
    assert operation.body is not None and operation.body.type.name == "CreateThingBody"  # type: ignore[union-attr]
    assert fields(m.CreateThingBody)["address"].annotation == m.CreateThingBodyAddress | None
    assert fields(m.CreateThingBodyAddress)["geo"].annotation == m.CreateThingBodyAddressGeo | None
    assert "CreateThingResponse" in m.__all__


def test_keywords_pydantic_names_and_type_names_become_safe_attributes_aliased_to_the_wire_name(m: Any) -> None:
    reserved = fields(m.Reserved)
    expected = {
        "class": "class_", "from": "from_", "model_config": "field_model_config", "model_dump": "field_model_dump",
        "json": "json_", "dict": "dict_", "copy": "copy_", "schema": "schema_", "validate": "validate_",
        "fields": "fields_", "date": "date_", "str": "str_", "2fa": "field_2fa", "@type": "type2",
        "some-name": "some_name2", "someName": "some_name3", "": "field",
    }  # fmt: skip
    for wire_name, python_name in expected.items():
        assert reserved[python_name].serialization_alias == wire_name
        assert reserved[python_name].validation_alias == wire_name
    # A wire name that is already a Python name keeps it, whichever property comes first.
    assert reserved["some_name"].serialization_alias is None and reserved["some_name"].validation_alias is None
    assert reserved["type"].serialization_alias is None and reserved["id"].serialization_alias is None
    data = {
        "class": "c",
        "model_config": "mc",
        "from": 1,
        "date": "2024-01-02",
        "2fa": True,
        "@type": "t",
        "some-name": "a",
        "someName": "b",
        "some_name": "c",
        "": "e",
    }
    parsed = m.Reserved.model_validate(data)
    assert parsed.class_ == "c" and parsed.field_model_config == "mc" and parsed.date_ == date(2024, 1, 2)
    assert (parsed.some_name2, parsed.some_name3, parsed.some_name) == ("a", "b", "c")
    assert wire(parsed) == data
    built = m.Reserved(class_="c", field_model_config="mc", json_="j")
    assert wire(built) == {"class": "c", "model_config": "mc", "json": "j"}
    assert callable(built.model_dump) and callable(built.json)  # pydantic's own names still work


# --- composition ---------------------------------------------------------------------------------


def test_a_one_item_allof_wrapper_is_the_wrapped_type_with_its_description_on_the_field(
    m: Any, features: Package
) -> None:
    assert m.KindRef is m.Kind
    assert fields(m.Sized)["kind"].annotation is m.Kind
    sized = next(d for d in features.api.definitions if d.name == "Sized")
    assert next(f for f in sized.fields if f.wire_name == "kind").doc == "How big."  # type: ignore[union-attr]


def test_allof_merges_every_property_and_required_and_keeps_the_narrowing_as_an_enum_member(m: Any) -> None:
    small_fields = fields(m.Small)
    assert list(small_fields) == ["kind", "label", "note", "grams"]
    assert small_fields["kind"].annotation == typing.Literal[m.Kind.SMALL, "SMALL"]  # the member or its value
    assert [name for name, f in small_fields.items() if f.is_required()] == ["label", "note"]
    small = m.Small(label="box", note="n")
    assert small.kind is m.Kind.SMALL and wire(small) == {"kind": "SMALL", "label": "box", "note": "n"}
    with pytest.raises(pydantic.ValidationError) as caught:
        m.Small(kind="LARGE", label="x" * 11)
    assert error_locations(caught.value) == {("kind",), ("label",), ("note",)}  # every problem at once
    lenient = m.Small.model_validate({"kind": "LARGE", "label": "x", "note": "n"}, context=LENIENT)
    assert not hasattr(lenient, "kind") and deviation_kinds(lenient) == [("/kind", "unknown enum value")]


def test_runa_sync_completed_order_is_narrowed_to_completed(runa: Package) -> None:
    models = runa.models
    completed = typing.Literal[models.OrderStatusEnum.COMPLETED, "COMPLETED"]
    assert fields(models.SyncCompletedOrder)["status"].annotation == completed
    assert fields(models.CompletedOrderWebhook)["status"].annotation == completed
    assert fields(models.CompletedOrderWithFullDetails)["status"].annotation is models.OrderStatusEnum
    assert set(fields(models.SyncCompletedOrder)) == set(fields(models.CompletedOrderWithFullDetails))
    status = fields(models.SyncCompletedOrder)["status"]
    assert status.default is models.OrderStatusEnum.COMPLETED and status.description is None  # doc kept as a docstring
    adapter = pydantic.TypeAdapter(models.SyncCompletedOrder)
    with pytest.raises(pydantic.ValidationError) as caught:
        adapter.validate_python(
            {
                "id": "O-1",
                "status": "PROCESSING",
                "created_at": "2024-01-01T00:00:00Z",
                "payment_method": {"type": "ACCOUNT_BALANCE"},
                "currency": "USD",
                "total_price": "1",
                "total_discount": "0",
                "items": [],
            }
        )
    assert error_locations(caught.value) == {("status",)}


def _generate_text(tmp_path: Path, text: str) -> Any:
    spec = tmp_path / "spec.yaml"
    spec.write_text(text)
    return generate(Request(spec=spec, output=tmp_path / "out", package_name="conflict", api_version="2000-01-01"))


CONFLICT = """
openapi: 3.1.0
info: {title: Conflict, version: '1'}
paths: {}
components:
  schemas:
    Kind: {type: string, enum: [a, b]}
    Base:
      type: object
      properties:
        size: {type: integer}
        kind: {$ref: '#/components/schemas/Kind'}
    Broken:
      allOf:
      - $ref: '#/components/schemas/Base'
      - type: object
        properties:
          size: {type: string}
"""


def test_allof_parts_that_disagree_on_a_property_are_an_error_naming_both_pointers(tmp_path: Path) -> None:
    with pytest.raises(GeneratorError) as caught:
        _generate_text(tmp_path, CONFLICT)
    message = str(caught.value)
    assert "/components/schemas/Base/properties/size" in message
    assert "/components/schemas/Broken/allOf/1/properties/size" in message
    assert "'size'" in message


def test_narrowing_to_a_value_the_enum_does_not_list_is_a_located_warning(tmp_path: Path) -> None:
    text = CONFLICT.replace("          size: {type: string}", "          kind: {enum: [c]}")
    result = _generate_text(tmp_path, text)
    (warning,) = [w for w in result.warnings if "narrows" in str(w)]
    assert (
        warning.location is not None
        and warning.location.pointer == "/components/schemas/Broken/allOf/1/properties/kind"
    )
    assert "/components/schemas/Base/properties/kind" in str(warning)


# --- unions --------------------------------------------------------------------------------------


def test_an_explicit_discriminator_with_mapping_picks_the_branch_by_the_mapped_value(m: Any) -> None:
    adapter = pydantic.TypeAdapter(m.PetMapped)
    assert isinstance(adapter.validate_python({"pet_type": "kitty", "meows": True}), m.Cat)
    assert isinstance(adapter.validate_python({"pet_type": "doggo", "barks": True}), m.Dog)  # mapping by bare name
    with pytest.raises(pydantic.ValidationError) as caught:
        adapter.validate_python({"pet_type": "kitty", "barks": True})  # tagged: only the Cat branch is tried
    assert error_locations(caught.value) == {("Cat", "meows"), ("Cat", "barks")}  # and Cat declares no `barks`
    with pytest.raises(pydantic.ValidationError):
        adapter.validate_python({"pet_type": "bird"})  # unknown value on a request
    bird = adapter.validate_python({"pet_type": "bird", "wings": 2}, context=LENIENT)  # a newer API's pet
    assert type(bird).__name__ == "UnknownPetMapped" and bird.raw == {"pet_type": "bird", "wings": 2}
    assert deviation_kinds(bird) == [("/pet_type", "unknown discriminator")]


def test_an_explicit_discriminator_without_mapping_uses_the_schema_names(m: Any) -> None:
    adapter = pydantic.TypeAdapter(m.PetUnmapped)
    assert isinstance(adapter.validate_python({"pet_type": "Cat", "meows": False}), m.Cat)
    assert isinstance(adapter.validate_python({"pet_type": "Dog", "barks": False}), m.Dog)


def test_a_discriminator_is_inferred_from_const_and_single_value_enums_and_is_sent_without_being_written(
    m: Any,
) -> None:
    shapes = pydantic.TypeAdapter(m.Shape)
    assert isinstance(shapes.validate_python({"shape": "square", "side": 2}), m.Square)
    circle = m.Circle(radius=1.5)
    assert wire(circle) == {"shape": "circle", "radius": 1.5}
    assert isinstance(shapes.validate_python(circle), m.Circle)
    boxes = pydantic.TypeAdapter(m.ByRefTag)  # behind $ref and behind a one-item allOf, as Runa's `type`
    assert isinstance(boxes.validate_python({"type": "LARGE_BOX"}), m.LargeBox)
    assert wire(m.SmallBox(size=1)) == {"type": "SMALL_BOX", "size": 1}
    expr = pydantic.TypeAdapter(m.Expr)
    assert wire(expr.validate_python({"op": "add", "left": {"op": "num", "value": 1}, "right": {"op": "num", "value": 2}})) == {
        "op": "add", "left": {"op": "num", "value": 1.0}, "right": {"op": "num", "value": 2.0}
    }  # fmt: skip


def test_runa_discriminated_unions_send_the_type_and_pick_the_branch(runa: Package) -> None:
    models = runa.models
    item = models.NewOrderItemDetails(
        face_value=10,
        products=models.SingleProductWithUsageConfig(value="AMZ-US"),
        distribution_method=models.EmailDistribution(email_address="a@example.com"),
    )
    assert wire(item) == {
        "face_value": 10,
        "products": {"type": "SINGLE", "value": "AMZ-US"},
        "distribution_method": {"type": "EMAIL", "email_address": "a@example.com"},
    }
    from_wire = models.NewOrderItemDetails.model_validate(
        wire(item) | {"products": {"type": "TEMPLATE", "template_id": "PT-1"}}
    )
    assert isinstance(from_wire.products, models.PayoutSelectionTemplate)
    payload = pydantic.TypeAdapter(models.OrderCompletionPayload)
    assert isinstance(
        payload.validate_python({"id": "O-1", "status": "FAILED"}, context=LENIENT), models.FailedOrderWebhook
    )
    refunded = payload.validate_python({"id": "O-1", "status": "REFUNDED"}, context=LENIENT)
    assert isinstance(refunded, models.UnknownOrderCompletionPayload) and refunded.raw["status"] == "REFUNDED"


def test_a_union_without_discriminator_is_a_smart_union_and_on_responses_prefers_the_branch_that_fits(
    m: Any, runa: Package
) -> None:
    loose = pydantic.TypeAdapter(m.Loose)
    assert loose.validate_python("text") == "text" and loose.validate_python([1, 2]) == [1, 2]
    assert isinstance(loose.validate_python({"pet_type": "x", "meows": True}), m.Cat)
    # no branch fits exactly: the nearest (fewest type-level problems), its bad leaves unusable (issue 23)
    unfit = loose.validate_python({"pet_type": "x"}, context=LENIENT)
    assert type(unfit) is m.Cat and unfit.pet_type == "x" and not hasattr(unfit, "meows")
    assert deviation_kinds(unfit) == [("/meows", "missing required field"), ("", "no exact union branch")]
    assert loose.validate_python(3.5, context=LENIENT).raw == 3.5
    with pytest.raises(pydantic.ValidationError):
        loose.validate_python(3.5)

    models = runa.models
    markdown = {
        "description_md": "d",
        "disclaimer_md": None,
        "refund_policy_md": None,
        "reissuance_policy_md": None,
        "terms_buyer_md": None,
        "terms_consumer_md": None,
        "redemption_instructions_md": None,
        "locale": "en_US",
    }
    content = pydantic.TypeAdapter(models.ContentResources)
    assert type(content.validate_python(markdown)) is models.ContentResourcesMarkdown
    assert type(content.validate_python(markdown, context=LENIENT)) is models.ContentResourcesMarkdown
    broken = markdown | {"locale": "english", "refund_policy_md": 3}  # fits no branch exactly: the nearest one
    nearest = content.validate_python(broken, context=LENIENT)
    assert type(nearest) is models.ContentResourcesMarkdown and nearest.locale == "english"
    assert not hasattr(nearest, "refund_policy_md") and nearest.description_md == "d"
    orders = models.GetListOfOrdersResponse.model_validate(
        {
            "items": [{"id": "O-1", "status": "PROCESSING", "message": "queued"}],
            "pagination": {"cursors": {}, "page": {}},
        },
        context=LENIENT,
    )
    assert (
        type(orders.items[0]) is models.IncompleteOrder and orders.items[0].status is models.OrderStatusEnum.PROCESSING
    )


def test_every_union_of_runa_has_the_discriminator_the_issue_table_lists(runa: Package) -> None:
    from .test_discriminator_table import discriminator_table

    table = {row.pointer: row for row in discriminator_table(runa)}
    assert table["/components/schemas/NewOrderItemDetails/properties/products/oneOf"].kind == "inferred (type)"
    assert table["/components/schemas/ContentResources/oneOf"].kind == "none (smart union)"


# --- nullability ---------------------------------------------------------------------------------


def test_every_spelling_of_nullable_accepts_none_and_keeps_the_value_type(
    m: Any, fixture_package: dict[str, Package]
) -> None:
    nulls = fields(m.Nulls)
    assert nulls["by_type_list"].annotation == str | None
    assert nulls["by_branch"].annotation == m.Cat | None
    assert nulls["by_enum"].annotation == m.NullsByEnum | None and issubclass(m.NullsByEnum, Enum)
    assert nulls["by_ref"].annotation == m.Kind | None
    assert nulls["by_ref_nullable_object"].annotation == m.NullableObject | None
    nones = {"by_type_list": None, "by_branch": None, "by_enum": None, "by_ref": None, "by_ref_nullable_object": None}
    assert wire(m.Nulls.model_validate(nones)) == nones  # required and nullable: None is sent
    assert all(f.is_required() for name, f in nulls.items() if name != "optional_plain")
    with pytest.raises(pydantic.ValidationError):
        m.Nulls.model_validate(nones | {"by_enum": "maybe"})
    assert wire(m.Nulls.model_validate(nones | {"optional_plain": None})) == nones  # not nullable: None means not given

    m30 = fixture_package["model_features_30"].models  # OpenAPI 3.0: `nullable: true`, also beside allOf and on enums
    item = fields(m30.Item)
    assert item["name"].annotation == str | None and item["color"].annotation is m30.Color
    assert item["wrapped_color"].annotation == m30.Color | None
    assert item["maybe_items"].annotation == list[int] | None
    assert item["tag"].annotation == m30.NullableEnum | None and [e.value for e in m30.NullableEnum] == ["a", "b"]


def test_boolean_exclusive_bounds_of_openapi_30(fixture_package: dict[str, Package]) -> None:
    item = fixture_package["model_features_30"].models.Item
    base = {"name": None, "color": "red", "wrapped_color": None, "maybe_items": None, "tag": None}
    assert item.model_validate(base | {"score": 100}).score == 100
    with pytest.raises(pydantic.ValidationError):
        item.model_validate(base | {"score": 0})


# --- recursion -----------------------------------------------------------------------------------


def test_recursive_and_mutually_recursive_models_build_lazily_on_first_use(features: Package) -> None:
    program = f"""
import {features.name}.models as m
assert not m.Tree.__pydantic_complete__ and not m.Ping.__pydantic_complete__  # nothing built at import
tree = m.Tree.model_validate({{"value": 1, "children": [{{"value": 2, "children": [{{"value": 3}}]}}]}})
assert tree.children[0].children[0].value == 3
ping = m.Ping.model_validate({{"pong": {{"ping": {{"pong": {{}}}}}}}})
assert type(ping.pong.ping.pong) is m.Pong
print("ok")
"""
    completed = subprocess.run(
        [sys.executable, "-c", program], cwd=features.folder, capture_output=True, text=True, timeout=60
    )
    assert completed.stdout.strip() == "ok", completed.stderr


def test_recursive_models_round_trip(m: Any) -> None:
    data = {"value": 1, "children": [{"value": 2, "children": []}, {"value": 3}]}
    assert wire(m.Tree.model_validate(data)) == data


# --- formats -------------------------------------------------------------------------------------


def test_formats_have_their_python_types_and_their_wire_forms(m: Any) -> None:
    data = {
        "at": "2001-02-03T10:20:30.123000Z", "day": "2001-02-03", "uid": "12345678-1234-5678-1234-567812345678",
        "mail": "a@example.com", "link": "HTTP://Example.com/a b", "money": "10.00", "amount": 10.1, "price": 10.1,
    }  # fmt: skip
    # wire data as the client reads it (`loads`: exact digits); a plain float is refused as money (issue 23)
    loads = importlib.import_module(m.__name__.rsplit(".", 1)[0] + "._base_model").loads
    parsed = m.Formats.model_validate(loads(json.dumps(data)))
    assert parsed.at == datetime(2001, 2, 3, 10, 20, 30, 123000, tzinfo=UTC) and parsed.day == date(2001, 2, 3)
    assert (
        parsed.uid == UUID("12345678-1234-5678-1234-567812345678") and parsed.link == "HTTP://Example.com/a b"
    )  # a uri is kept as written
    assert parsed.money == Decimal("10.00") and parsed.amount == Decimal("10.1") and isinstance(parsed.price, float)
    assert wire(parsed) == data  # `format: decimal` strings stay strings ("10.00", not 10.0); numbers stay numbers
    assert m.Formats(blob=b"\x00\xff").blob == b"\x00\xff"
    with pytest.raises(pydantic.ValidationError) as caught:
        m.Formats(at="yesterday", day="2024-13-01", uid="nope", mail="not-an-email", money="ten")
    assert error_locations(caught.value) == {("at",), ("day",), ("uid",), ("mail",), ("money",)}
    lenient = m.Formats.model_validate({"mail": "not-an-email"}, context=LENIENT)  # a str: kept (issue 23), recorded
    assert lenient.mail == "not-an-email" and lenient.model_dump(mode="json", exclude_unset=True) == {
        "mail": "not-an-email"
    }
    assert deviation_kinds(lenient) == [("/mail", "constraint violated")]


@settings(max_examples=50, deadline=None)
@given(
    st.decimals(
        min_value=Decimal("0.01"),
        max_value=Decimal("9999999999999.99"),
        places=2,
        allow_nan=False,
        allow_infinity=False,
    )
)
def test_a_decimal_face_value_reaches_the_wire_as_the_same_json_number(runa: Package, value: Decimal) -> None:
    """Runa's `face_value` is `type: number` and money: a Decimal reaches the wire as a JSON number
    with exactly its digits, whatever their count (no float in between)."""
    models = runa.models
    item = models.NewOrderItemDetails(
        face_value=value,
        products=models.SingleProductWithUsageConfig(value="AMZ-US"),
        distribution_method=models.LinkDistribution(),
    )
    sent = json.loads(wire_text(item), parse_float=Decimal, parse_int=Decimal)["face_value"]
    assert sent == value and str(sent) == format(value, "f")  # the same digits, no float noise


def test_the_face_value_of_the_issue_reaches_the_wire_exactly(runa: Package) -> None:
    models = runa.models
    item = models.NewOrderItemDetails(
        face_value=Decimal("10.10"),
        products=models.SingleProductWithUsageConfig(value="A"),
        distribution_method=models.LinkDistribution(),
    )
    assert '"face_value":10.10' in wire_text(item)


def test_money_is_decimal_in_both_directions_with_exact_digits_in_its_json_type(runa: Package) -> None:
    models = runa.models
    loads = importlib.import_module(runa.name + "._base_model").loads
    whole = models.NewOrderItemDetails(
        face_value=10,
        products=models.SingleProductWithUsageConfig(value="A"),
        distribution_method={"type": "PAYOUT_LINK"},
    )
    assert (
        whole.face_value == Decimal(10) and type(whole.face_value) is Decimal and '"face_value":10,' in wire_text(whole)
    )
    estimate = models.OrderPriceResponse.model_validate(
        loads(
            b'{"payment_method": {"type": "ACCOUNT_BALANCE"}, "currency": "USD", "total_discount": 0.50,'
            b' "total_price": 12345678901234567.10, "items": [{"products": {"type": "SINGLE", "value": "A"},'
            b' "face_value": 10.10, "price": 9.60, "discount_multiplier": "0.05", "currency": "USD"}]}'
        )
    )
    assert str(estimate.total_price) == "12345678901234567.10" and str(estimate.total_discount) == "0.50"
    item = estimate.items[0]
    assert (item.face_value, item.price, item.discount_multiplier) == (
        Decimal("10.10"),
        Decimal("9.60"),
        Decimal("0.05"),
    )
    assert all(type(v) is Decimal for v in (item.face_value, item.price, item.discount_multiplier))
    balance = models.GetBalanceResponseOption1.model_validate({"balance": "10.00", "currency": "USD"})
    assert (
        balance.balance == Decimal("10.00") and balance.model_dump(mode="json")["balance"] == "10.00"
    )  # a string stays one
    with pytest.raises(pydantic.ValidationError, match="should match pattern"):
        models.GetBalanceResponseOption1(balance=Decimal("10"))  # the spec's two decimals, also for a Decimal given
    with pytest.raises(pydantic.ValidationError, match="decimal number"):
        models.GetBalanceResponseOption1.model_validate({"balance": "incididunt adipisicing"})


def test_enum_members_read_as_their_values_and_pinned_fields_take_the_plain_value(runa: Package) -> None:
    models = runa.models
    assert str(models.OrderStatusEnum.COMPLETED) == "COMPLETED" and f"{models.ProductState.LIVE}" == "LIVE"
    assert models.AccountPayment(type="ACCOUNT_BALANCE").type == models.AccountPaymentType.ACCOUNT_BALANCE
    with pytest.raises(pydantic.ValidationError):
        models.AccountPayment(type="CARD")


# --- constraints and strict requests -------------------------------------------------------------


def test_every_constraint_is_enforced_on_requests_and_all_problems_come_in_one_error(m: Any) -> None:
    bad = {
        "code": "abcde", "contains": "xyz", "named_groups": "12-13", "lookahead": "xab", "ascii_digits": "\u0661\u0662",
        "count": 3, "ratio": 1, "tags": ["a", "a"], "labels": {"Upper": "x", "toolong": "y", "ok": "long"},
        "inner": {"n": 1, "surprise": True}, "unknown": 1,
    }  # fmt: skip
    with pytest.raises(pydantic.ValidationError) as caught:
        m.Constrained.model_validate(bad)
    locations = error_locations(caught.value)
    expected = {
        ("code",),
        ("contains",),
        ("named_groups",),
        ("lookahead",),
        ("ascii_digits",),
        ("count",),
        ("ratio",),
        ("tags",),
        ("labels", "Upper"),
        ("labels", "toolong"),
        ("labels", "ok"),
        ("inner", "surprise"),
        ("unknown",),
    }
    assert expected <= locations, expected - locations
    good = {
        "code": "AB",
        "contains": "abba",
        "named_groups": "12-12",
        "lookahead": "ab",
        "ascii_digits": "12",
        "count": 4,
        "ratio": 0.5,
        "tags": ["a", "b"],
        "labels": {"ok": "abc"},
        "inner": {"n": 1},
    }
    assert wire(m.Constrained.model_validate(good)) == good


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("code", "A"),
        ("code", "ABCDE"),
        ("code", "AB\n"),
        ("count", 0),
        ("count", 12),
        ("ratio", 0),
        ("tags", []),
        ("tags", ["a", "b", "c", "d"]),
        ("labels", {}),
        ("labels", {"a": "1", "b": "2", "c": "3"}),
        ("labels", {"abcdef": "1"}),
        ("labels", {"a": "1234"}),
    ],
)
def test_each_bound_is_enforced(m: Any, field: str, value: Any) -> None:
    """`$` ends the text as in JSON Schema (ECMA-262): "AB\\n" does not match `^[A-Z]+$`."""
    with pytest.raises(pydantic.ValidationError) as caught:
        m.Constrained.model_validate({field: value})
    assert {loc[0] for loc in error_locations(caught.value)} == {field}


def test_runa_bad_order_raises_one_error_listing_every_problem_with_its_path(runa: Package) -> None:
    models = runa.models
    bad = {
        "payment_method": {"type": "CARD", "currency": "usd"},
        "items": [
            {
                "face_value": 0,
                "products": {"type": "SINGLE", "value": ""},
                "distribution_method": {"type": "EMAIL", "email_address": "nope"},
            }
        ],
        "description": "x" * 129,
        "metadata": {"k" * 41: "v", "other": "v" * 201},
    }
    with pytest.raises(pydantic.ValidationError) as caught:
        models.NewOrderDetails.model_validate(bad)
    assert error_locations(caught.value) == {
        ("payment_method", "type"), ("payment_method", "currency"), ("items", 0, "face_value"),
        ("items", 0, "products", "SingleProductWithUsageConfig", "value"),
        ("items", 0, "distribution_method", "EmailDistribution", "email_address"),
        ("description",), ("metadata", "k" * 41), ("metadata", "other"),  # a bad key and a bad value, both
    }  # fmt: skip
    with pytest.raises(pydantic.ValidationError):
        models.NewOrderDetails(payment_method=models.NewAccountPayment(currency="USD"), items=[])  # minItems 1


def test_typed_additional_properties_are_validated_and_kept(m: Any) -> None:
    extras = m.Extras.model_validate({"name": "n", "count": 3})
    assert extras.model_extra == {"count": 3} and wire(extras) == {"name": "n", "count": 3}
    with pytest.raises(pydantic.ValidationError) as caught:
        m.Extras.model_validate({"name": "n", "count": "many"})
    assert error_locations(caught.value) == {("count",)}


def test_additional_properties_false_rejects_unknown_fields_on_requests_only(m: Any) -> None:
    with pytest.raises(pydantic.ValidationError) as caught:
        m.Closed.model_validate({"n": "x", "extra": 1})
    assert error_locations(caught.value) == {("n",), ("extra",)}
    assert m.Closed.model_validate({"n": 1, "extra": 1}, context=LENIENT).model_extra == {"extra": 1}


# --- lenient responses ---------------------------------------------------------------------------


def test_responses_keep_undeclared_fields_nulls_pattern_misses_and_unknown_enum_values(runa: Package) -> None:
    models = runa.models
    sent = {
        "id": "O-1", "status": "ON_HOLD", "created_at": "2024-01-01T00:00:00Z", "completed_at": None,
        "payment_method": {"type": "ACCOUNT_BALANCE", "currency": "usd"}, "currency": None,
        "total_price": "10.00", "total_discount": "0.00", "loyalty_points": 7,
        "items": [{"id": "E-1", "distribution_method": {"type": "SMS", "phone": "+1"}, "products": {"type": "SINGLE", "value": "AMZ-US"},
                   "face_value": "10.00", "price": "10.00", "payout": {"status": "ACTIVE", "status_updated_at": "2024-01-01T00:00:00Z", "url": "u"}}],
    }  # fmt: skip
    order = models.CompletedOrderWithFullDetails.model_validate(sent, context=LENIENT)
    assert deviation_kinds(order) == [
        ("/status", "unknown enum value"),
        ("/completed_at", "null where not nullable"),
        ("/currency", "null where not nullable"),
        ("/payment_method/currency", "pattern miss"),
        ("/items/0/distribution_method/type", "unknown discriminator"),
        ("/loyalty_points", "additional property"),
    ]
    for name in ("status", "completed_at", "currency"):  # broken fields hold no value, never a wrong-typed one
        with pytest.raises(runa.package.errors.UnusableFieldError, match=name):
            getattr(order, name)
    assert order.loyalty_points == 7 and order.model_extra == {"loyalty_points": 7}  # undeclared: kept, accessible
    # a pattern miss keeps the value, of its type (issue 23: degrade at the leaf)
    assert order.payment_method.currency == "usd" and order.payment_method.type == "ACCOUNT_BALANCE"
    unknown = order.items[0].distribution_method  # unknown discriminator: the union's Unknown member
    assert type(unknown).__name__ == "UnknownCompletedOrderItemDistributionMethod" and unknown.raw["type"] == "SMS"
    assert isinstance(order.items[0].products, models.SingleProductWithUsageConfig)
    assert order.items[0].payout.status is models.PayoutStatus.ACTIVE  # known values stay real enum members
    assert models.PayoutStatus.ACTIVE == "ACTIVE"  # and compare equal to their wire value
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nothing outside the declared types is left to warn about
        dumped = order.model_dump(mode="json", by_alias=True, exclude_unset=True)
    assert dumped == sent  # what the server sent, explicit nulls included


def test_responses_that_are_not_even_objects_fail_only_where_nothing_can_be_kept(runa: Package) -> None:
    models = runa.models
    with pytest.raises(pydantic.ValidationError):
        models.PingResponse.model_validate(["not", "an", "object"], context=LENIENT)
    ping = models.PingResponse.model_validate({}, context=LENIENT)  # missing required: no value, recorded
    assert not hasattr(ping, "message") and deviation_kinds(ping) == [("/message", "missing required field")]


def test_docstrings_keep_the_spec_text_exactly_and_safely(m: Any) -> None:
    assert (
        m.Docs.__doc__
        == 'A description with """ triple quotes, a backslash \\ and \\N{BULLET}, a tab    and a NUL \x00 at the end \\'
    )
    source = Path(m.__file__).read_text()
    assert '"""Ends with a quote \\""""' in source


def test_every_component_schema_of_every_runa_spec_has_a_model(runa_packages: dict[str, Package]) -> None:
    counts = {}
    for version, package in runa_packages.items():
        keys = list(package.spec.root.data["components"]["schemas"])
        names = dict(package.api.component_names)
        assert list(names) == keys
        for key in keys:
            assert getattr(package.models, names[key]) is not None
        counts[version] = len(keys)
    assert len(counts) == len(RUNA) and all(counts.values())


def test_lenient_union_marker_is_only_on_unions_without_discriminator(m: Any) -> None:
    assert any(type(a).__name__ == "_LenientUnion" for a in typing.get_args(m.Loose)[1:])
    assert any(type(a).__name__ == "_TaggedUnion" for a in typing.get_args(m.Shape)[1:])


def test_a_pattern_miss_names_the_spec_s_pattern_as_written(features: Package, m: Any) -> None:
    """Each pattern as the spec writes it (ECMA-262), never Python's spelling of it (`(?a)…\\Z`,
    `(?P<y>…)`): a property's and a `propertyNames` one."""
    properties = yaml.safe_load(features.spec_path.read_text(encoding="utf-8"))["components"]["schemas"]["Constrained"][
        "properties"
    ]
    bad = {"code": "abc", "contains": "xyz", "named_groups": "12-13", "lookahead": "xab", "ascii_digits": "\u0661"}
    written = {(name,): properties[name]["pattern"] for name in bad}
    written[("labels", "Upper")] = properties["labels"]["propertyNames"]["pattern"]
    with pytest.raises(pydantic.ValidationError) as caught:
        m.Constrained.model_validate({**bad, "labels": {"Upper": "x"}})
    shown = {tuple(e["loc"]): e["msg"] for e in caught.value.errors()}
    for location, pattern in written.items():
        assert f"'{pattern}'" in shown[location], (location, shown[location])
