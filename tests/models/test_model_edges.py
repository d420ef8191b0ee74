"""Issue #14 part B on the written fixture `tests/fixtures/breadth/models-by-direction-3.1.yaml` (the
corpus tests also generate it and run `mypy --strict` on it): enums of booleans, negative and mixed
values, null schemas, and defaults that are instances of their field's type."""

from __future__ import annotations

import json
import typing
from enum import Enum
from typing import Any, Literal
from uuid import UUID

import pydantic
import pytest

from generator import ir
from generator.naming import NameRegistry, enum_member_name

from ..packages import PackageFactory
from ..support import UNDATED_VERSION
from .support import LENIENT, Package, package_of


@pytest.fixture(scope="module")
def edges(fixture_package: dict[str, Package]) -> Package:
    return fixture_package["models-by-direction-3.1"]


@pytest.fixture(scope="module")
def m(edges: Package) -> Any:
    return edges.models


def wire(model: pydantic.BaseModel) -> Any:
    """What the client sends for a request model (see `_request_json` in the runtime)."""
    return json.loads(json.dumps(model.model_dump(mode="json", by_alias=True, exclude_unset=True)))


# --- enums -----------------------------------------------------------------------------------------


def test_a_boolean_enum_is_a_literal_of_booleans_sent_as_json_booleans(m: Any) -> None:
    assert m.Switch == Literal[True, False]
    settings = m.Settings(flag=True)
    assert wire(settings) == {"flag": True}
    with pytest.raises(pydantic.ValidationError):
        m.Settings(flag="True")  # the string is not the boolean
    assert m.Settings.model_validate({"flag": False}).flag is False


def test_an_enum_mixing_booleans_and_strings_keeps_each_value_its_json_type(m: Any) -> None:
    assert typing.get_args(m.TriState) == (True, False, "auto")
    assert wire(m.Settings(strict="auto")) == {"strict": "auto"}
    assert wire(m.Settings(strict=False)) == {"strict": False}
    assert m.Settings.model_validate({"strict": True}).strict is True
    with pytest.raises(pydantic.ValidationError):
        m.Settings(strict="True")


def test_negative_enum_values_keep_their_sign_in_member_names(m: Any) -> None:
    assert {member.name: member.value for member in m.Level} == {
        "VALUE_MINUS_1": -1,
        "VALUE_0": 0,
        "VALUE_1": 1,
        "VALUE_12": 12,
    }
    assert issubclass(m.Level, int)
    assert wire(m.Settings(level=m.Level.VALUE_MINUS_1)) == {"level": -1}


def test_a_mixed_enum_is_a_plain_enum_whose_members_keep_their_json_values(m: Any) -> None:
    assert not issubclass(m.Mixed, (str, int, float)) and issubclass(m.Mixed, Enum)
    assert {member.name: member.value for member in m.Mixed} == {
        "VALUE_1": "1",
        "INT_1": 1,
        "FLOAT_1_5": 1.5,
        "AUTO": "auto",
    }
    assert wire(m.Settings(mixed=m.Mixed.INT_1)) == {"mixed": 1}
    assert wire(m.Settings(mixed=m.Mixed.VALUE_1)) == {"mixed": "1"}
    assert m.Settings.model_validate({"mixed": 1}).mixed is m.Mixed.INT_1
    assert m.Settings.model_validate({"mixed": "1"}).mixed is m.Mixed.VALUE_1


@pytest.mark.parametrize(
    ("value", "typed", "name"),
    [
        (-1, False, "VALUE_MINUS_1"),
        (-1.5, False, "VALUE_MINUS_1_5"),
        ("-2", False, "VALUE_MINUS_2"),
        (7, True, "INT_7"),
        (-7, True, "INT_MINUS_7"),
        (0.25, True, "FLOAT_0_25"),
        ("7", True, "VALUE_7"),
        (True, False, "TRUE"),
        ("mro", False, "MRO_"),
    ],
)
def test_enum_member_names_read_as_their_values(value: Any, typed: bool, name: str) -> None:
    assert enum_member_name(value, typed=typed) == name


def test_colliding_member_names_are_numbered_after_an_underscore() -> None:
    registry = NameRegistry()
    assert [registry.claim(n, separator="_") for n in ("VALUE_1", "VALUE_1", "VALUE_1")] == [
        "VALUE_1",
        "VALUE_1_2",
        "VALUE_1_3",
    ]


# --- null schemas ----------------------------------------------------------------------------------


def test_null_schemas_are_none_and_the_models_that_use_them_build(m: Any, edges: Package) -> None:
    assert m.Nothing is None and m.NullEnum is None
    settings = m.Settings.model_validate(
        {"nothing": None, "null_enum": None, "nullable_nothing": None, "nothing_or_text": "x"}
    )
    assert settings.nothing is None and settings.nothing_or_text == "x"
    assert m.Settings.model_validate({"nothing_or_text": None}).nothing_or_text is None
    with pytest.raises(pydantic.ValidationError):
        m.Settings(nothing="something")
    (settings_model,) = [d for d in edges.api.definitions if d.name == "Settings"]
    assert isinstance(settings_model, ir.ObjectModel)
    types = {f.wire_name: f.type for f in settings_model.fields}
    assert types["nothing"] == ir.Primitive("None") and types["nothing_or_text"] == ir.Nullable(ir.Primitive("str"))


# --- defaults --------------------------------------------------------------------------------------


def test_defaults_are_instances_of_the_field_type(m: Any) -> None:
    settings = m.Settings()
    assert settings.tool_choice is m.ToolChoiceOptions.AUTO and settings.tool_choice.name == "AUTO"
    assert settings.modalities == [m.Modality.TEXT] and settings.modalities[0].name == "TEXT"
    assert isinstance(settings.tool, m.Tool) and settings.tool.name == "search"
    assert settings.tool.level is m.Level.VALUE_MINUS_1
    assert isinstance(settings.tools_by_name["search"], m.Tool)
    assert settings.id == UUID("0b5e3e4a-6f2a-4c59-9a0c-2f7d8e1c3b41")
    assert settings.level_default is m.Level.VALUE_MINUS_1
    assert settings.flag_default is False


def test_mutable_defaults_are_fresh_per_instance_and_never_sent(m: Any) -> None:
    first, second = m.Settings(), m.Settings()
    first.modalities.append(m.Modality.AUDIO)
    assert second.modalities == [m.Modality.TEXT] and first.tool is not second.tool
    assert wire(first) == {}  # the server applies its own defaults


def test_responses_without_the_defaulted_fields_get_the_typed_defaults(m: Any) -> None:
    parsed = m.Settings.model_validate({}, context=LENIENT)
    assert parsed.tool_choice is m.ToolChoiceOptions.AUTO and isinstance(parsed.tool, m.Tool)


def test_a_default_the_type_cannot_hold_is_dropped_with_a_located_warning(
    tmp_path: Any, generated_packages: PackageFactory
) -> None:
    spec = tmp_path / "bad-defaults.yaml"
    spec.write_text("""
openapi: 3.1.0
info: {title: Bad defaults, version: "1"}
paths: {}
components:
  schemas:
    Tool: {type: object, required: [name], properties: {name: {type: string}}}
    Kind: {type: string, enum: [a, b]}
    Holder:
      type: object
      properties:
        tool: {allOf: [{$ref: '#/components/schemas/Tool'}], default: {label: x}}
        kinds: {type: array, items: {$ref: '#/components/schemas/Kind'}, default: [a, c]}
        kind: {allOf: [{$ref: '#/components/schemas/Kind'}], default: b}
""")
    package = package_of(generated_packages.get(spec, name="bad_defaults", api_version=UNDATED_VERSION))
    dropped = [w for w in package.warnings if "is not a valid value" in w]
    assert {w.split(" at ")[1].split(":")[0] for w in dropped} == {
        "/components/schemas/Holder/properties/tool",
        "/components/schemas/Holder/properties/kinds",
    }, package.warnings
    holder = package.models.Holder
    assert holder().kind is package.models.Kind.B
    assert holder().tool is None and holder().kinds is None


# --- wire names ------------------------------------------------------------------------------------


def test_a_python_name_keeps_its_own_property_and_a_crossing_alias_gets_the_numbered_name(m: Any) -> None:
    names = m.Names.model_fields
    assert names["id"].validation_alias is None and names["id2"].validation_alias == "_id"
    assert names["foo_bar"].validation_alias is None and names["foo_bar2"].validation_alias == "fooBar"


def test_wire_data_is_read_by_wire_names_only(m: Any) -> None:
    parsed = m.Names.model_validate({"id": "abc", "fooBar": "f", "class_": "c"}, context=LENIENT)
    assert (parsed.id, parsed.id2, parsed.foo_bar2, parsed.foo_bar, parsed.class_) == ("abc", None, "f", None, None)
    assert parsed.model_extra == {"class_": "c"}  # an undeclared key on a response, not the `class` property
    assert wire(parsed) == {"id": "abc", "fooBar": "f", "class_": "c"}  # each key once, as it came
    with pytest.raises(pydantic.ValidationError) as caught:  # on a request: refused, the wire name suggested
        m.Names.model_validate({"id": "abc", "fooBar": "f", "class_": "c"})
    assert "Names has no field 'class_'; did you mean 'class'?" in str(caught.value)


@pytest.mark.filterwarnings("ignore:Pydantic serializer warnings")  # the raw 5 kept in a str field, on purpose
def test_a_salvaged_response_keeps_undeclared_keys_by_wire_name(m: Any, edges: Package) -> None:
    parsed = m.Names.model_validate({"class_": "c", "fooBar": 5, "_id": "x"}, context=LENIENT)
    assert parsed.id2 == "x" and parsed.class_ is None
    with pytest.raises(edges.package.errors.UnusableFieldError):  # 5 is no string: the field holds no value
        _ = parsed.foo_bar2
    assert [(d.pointer, d.kind, d.value) for d in edges.package.deviations(parsed)] == [
        ("/fooBar", "wrong type", 5),
        ("/class_", "additional property", "c"),
    ]
    assert wire(parsed) == {"class_": "c", "fooBar": 5, "_id": "x"}  # dumped as received


def test_keywords_are_python_names_and_nested_dicts_in_them_too(m: Any) -> None:
    built = m.Names(id="a", id2="b", class_="k", foo_bar="x", foo_bar2="y")
    assert wire(built) == {"id": "a", "_id": "b", "class": "k", "foo_bar": "x", "fooBar": "y"}
    closed = m.Closed(foo_bar="x", inner={"class_": "y"})
    assert wire(closed) == {"fooBar": "x", "inner": {"class": "y"}}


def test_a_closed_model_refuses_python_names_in_wire_data_and_wire_names_as_keywords(m: Any) -> None:
    assert wire(m.Closed.model_validate({"fooBar": "x", "inner": {"class": "z"}})) == {
        "fooBar": "x",
        "inner": {"class": "z"},
    }
    with pytest.raises(pydantic.ValidationError) as by_python_name:
        m.Closed.model_validate({"foo_bar": "x"})
    assert [(e["type"], e["loc"]) for e in by_python_name.value.errors()] == [("extra_forbidden", ("foo_bar",))]
    with pytest.raises(pydantic.ValidationError) as by_wire_name:
        m.Closed(**{"fooBar": "x"})
    assert [(e["type"], e["loc"]) for e in by_wire_name.value.errors()] == [("extra_forbidden", ("fooBar",))]


def test_a_mapping_body_is_sent_by_wire_names(edges: Package) -> None:
    request_json = edges.package._request._request_json
    body = request_json(edges.models.Settings, {"names": {"fooBar": "f", "class": "c"}})
    assert body == {"names": {"fooBar": "f", "class": "c"}}


# --- readOnly / writeOnly --------------------------------------------------------------------------


def test_a_model_is_its_response_shape_readonly_required_writeonly_never_expected(m: Any) -> None:
    user = m.User.model_validate({"id": 1, "createdAt": "2024-01-02T03:04:05Z", "name": "n"})
    assert user.id == 1 and user.password is None  # a response never holds the password
    with pytest.raises(pydantic.ValidationError) as missing:
        m.User.model_validate({"name": "n"})
    assert {e["loc"] for e in missing.value.errors() if e["type"] == "missing"} == {("id",), ("createdAt",)}


def test_a_request_body_takes_the_request_shape_without_readonly_and_with_writeonly_required(
    m: Any, edges: Package
) -> None:
    assert set(m.UserRequest.model_fields) == {"name", "password", "nickname"}
    assert wire(m.UserRequest(name="n", password="p")) == {"name": "n", "password": "p"}
    with pytest.raises(pydantic.ValidationError) as missing:
        m.UserRequest(name="n")  # type: ignore[call-arg]
    assert [e["loc"] for e in missing.value.errors()] == [("password",)]
    bodies = {op.operation_id: op.body.type for op in edges.api.operations if op.body is not None}
    assert bodies["createUser"] == ir.ModelRef("UserRequest") and bodies["createTeam"] == ir.ModelRef("TeamRequest")
    assert bodies["updateIssue"] == ir.ModelRef("UpdateIssue")  # no direction-only property: one class


def test_models_holding_a_model_that_differs_get_request_shapes_too(m: Any) -> None:
    team = m.TeamRequest(name="t", owner=m.UserRequest(name="o", password="p"), members=[])
    assert wire(team) == {"name": "t", "owner": {"name": "o", "password": "p"}, "members": []}
    assert m.TeamRequest.model_fields["owner"].annotation is m.UserRequest
    stored = m.Team.model_validate({"name": "t", "owner": {"id": 2, "createdAt": "2024-01-02T03:04:05Z", "name": "o"}})
    assert isinstance(stored.owner, m.User) and stored.owner.id == 2


def test_the_client_sends_the_request_shape(edges: Package) -> None:
    import httpx

    seen: list[Any] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(json.loads(request.content))
        return httpx.Response(201, json={"id": 7, "createdAt": "2024-01-02T03:04:05Z", "name": "n"})

    client_class = getattr(edges.package, edges.api.client_name)
    with client_class(
        base_url="http://test", http_client=httpx.Client(transport=httpx.MockTransport(answer))
    ) as client:
        created = client.default.create_user(body=edges.models.UserRequest(name="n", password="p"))
    assert seen == [{"name": "n", "password": "p"}]
    assert type(created) is edges.models.User and created.id == 7


def test_the_readme_lists_the_request_shapes(edges: Package) -> None:
    readme = (edges.folder / edges.name / "README.md").read_text()
    assert "- `UserRequest`: the request shape of `User`" in readme
    assert "- `TeamRequest`: the request shape of `Team`" in readme


# --- optional single-value properties ----------------------------------------------------------------


def test_an_optional_single_value_property_is_sent_only_when_set(m: Any) -> None:
    assert wire(m.UpdateIssue(title="t")) == {"title": "t"}  # a title-only PATCH does not close the issue
    assert wire(m.UpdateIssue(title="t", state="closed", locked=True)) == {
        "title": "t",
        "state": "closed",
        "locked": True,
    }
    assert m.UpdateIssue.model_fields["state"].annotation == Literal["closed"] | None
    with pytest.raises(pydantic.ValidationError):
        m.UpdateIssue(state="open")


def test_a_required_single_value_property_is_still_filled_in_and_sent(m: Any) -> None:
    assert wire(m.Issue(number=1)) == {"kind": "issue", "number": 1}
    assert m.Issue.model_validate({"number": 1}).kind == "issue"


# --- durations -------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["P1M", "P1Y2M", "P3W", "PT1.5S", "-P1D", "P1DT2H3M4S", "PT0S"])
def test_a_duration_goes_back_on_the_wire_exactly_as_it_came(m: Any, text: str) -> None:
    parsed = m.Settings.model_validate({"retention": text})
    assert str(parsed.retention) == text and wire(parsed) == {"retention": text}
    assert m.Settings.model_validate_json(json.dumps({"retention": text})).retention == parsed.retention


def test_a_duration_converts_to_a_timedelta_only_when_its_length_is_fixed(m: Any) -> None:
    from datetime import timedelta

    assert m.Settings(retention="P1DT2H").retention.to_timedelta() == timedelta(days=1, hours=2)
    assert m.Settings(retention="-PT90S").retention.to_timedelta() == timedelta(seconds=-90)
    with pytest.raises(ValueError, match="years or months"):
        m.Settings(retention="P1M").retention.to_timedelta()
    built = m.Settings(retention=timedelta(days=2, minutes=5))
    assert wire(built) == {"retention": "P2DT5M"}


def test_a_bad_duration_is_refused_on_requests_and_kept_raw_on_responses(m: Any, edges: Package) -> None:
    with pytest.raises(pydantic.ValidationError):
        m.Settings(retention="1 month")
    received = m.Settings.model_validate({"retention": "1 month"}, context=LENIENT)
    with pytest.raises(edges.package.errors.UnusableFieldError):  # never a str where a Duration is annotated
        _ = received.retention
    assert [(d.pointer, d.value) for d in edges.package.deviations(received)] == [("/retention", "1 month")]
    assert received.model_dump(mode="json", by_alias=True, exclude_unset=True) == {"retention": "1 month"}


def test_a_duration_default_is_a_duration(m: Any, edges: Package) -> None:
    assert m.Settings().grace == edges.package._base_model.Duration("PT30M")


@pytest.mark.parametrize(
    "text", ["P1M", "PT1.5S", "-P1D", "P1W", "PT0,5S", "P", "PT", "P1DT", "1D", "P1.5D", "P1H", "PT1D", "p1d", ""]
)
def test_the_generator_and_the_runtime_read_the_same_duration_grammar(edges: Package, text: str) -> None:
    from generator.primitives import DURATION

    try:
        edges.package._base_model.Duration(text)
        runtime = True
    except ValueError:
        runtime = False
    assert bool(DURATION.fullmatch(text)) is runtime
