"""datamodel-code-generator's own edge-case fixtures (tests/corpus/valid/dcg_*.yaml: allOf, anyOf/oneOf,
discriminators, nullable, maps, additional properties), generated with our generator, with
assertions on the resulting types and on sample data."""

from __future__ import annotations

import functools
import operator
import types
import typing
from typing import Any

import pydantic
import pytest

from .support import LENIENT, Package


def models_of(fixture_package: dict[str, Package], stem: str) -> Any:
    return fixture_package[stem].models


def fields(model: type[pydantic.BaseModel]) -> dict[str, Any]:
    model.model_rebuild()
    return dict(model.model_fields)


def required(model: type[pydantic.BaseModel]) -> set[str]:
    return {name for name, f in fields(model).items() if f.is_required()}


def plain(tp: Any) -> Any:
    """A type without its `Annotated` metadata (constraints, union markers), at every depth."""
    if typing.get_origin(tp) is typing.Annotated:
        return plain(typing.get_args(tp)[0])
    args = typing.get_args(tp)
    if not args:
        return tp
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        return functools.reduce(operator.or_, [plain(a) for a in args])
    return origin[tuple(plain(a) for a in args)] if len(args) > 1 else origin[plain(args[0])]


def metadata_kinds(alias: Any) -> set[str]:
    return {type(a).__name__ for a in typing.get_args(alias)[1:]}


def test_allof_merges_parts_keeps_required_and_constraints(fixture_package: dict[str, Package]) -> None:
    m = models_of(fixture_package, "dcg_allof")
    assert list(fields(m.AllOfref)) == ["id", "name", "tag", "number"] and required(m.AllOfref) == {
        "id",
        "name",
        "number",
    }
    assert list(fields(m.AnyOfCombineInRoot)) == ["id", "name", "tag", "number", "age", "birthdate"]
    with pytest.raises(pydantic.ValidationError) as caught:
        m.AllOfCombine.model_validate({"id": 1, "name": "n", "size": 0, "birthdate": "not a date"})
    assert {e["loc"] for e in caught.value.errors()} == {("size",), ("birthdate",)}
    assert m.AnyOfCombineInArray == list[m.AnyOfCombineInArrayItem]
    assert m.AnyOfCombineInObject.model_validate({"item": {"id": 1, "name": "n", "number": "7"}}).item.number == "7"
    assert m.AnyOfCombineUnknownObjectInArray.__doc__ == "TODO" and required(m.AnyOfCombineUnknownObjectInArray) == {
        "id",
        "name",
    }
    nested = m.AllOfNested1.model_validate({"id": 1, "name": {"id": 2, "name": "n"}})  # a cycle through allOf parts
    assert type(nested.name) is m.AllOfCombine


@pytest.mark.parametrize("stem", ["dcg_anyof", "dcg_oneof"])
def test_unions_without_discriminator_are_smart_unions_of_models_and_constrained_strings(
    fixture_package: dict[str, Package], stem: str
) -> None:
    m = models_of(fixture_package, stem)
    prefix = "AnyOf" if stem == "dcg_anyof" else "OneOf"
    item = pydantic.TypeAdapter(getattr(m, prefix + "Item"))
    assert metadata_kinds(getattr(m, prefix + "Item")) == {"_LenientUnion"}
    assert type(item.validate_python({"id": 1, "name": "pet"})) is m.Pet  # Pet and Car are alike: the first wins
    assert type(item.validate_python({"name": "only a name"})) is getattr(m, prefix + "ItemOption3")
    assert item.validate_python("plain") == "plain"
    with pytest.raises(pydantic.ValidationError):
        item.validate_python("x" * 5001)
    array = pydantic.TypeAdapter(getattr(m, prefix + "Array"))
    parsed = array.validate_python([{"name": "n", "birthday": "2020-01-02"}, "s"])
    assert type(parsed[0]) is getattr(m, prefix + "ArrayItemOption3") and parsed[1] == "s"
    # a value that fits no branch is the union's Unknown... model, a declared member
    assert (
        plain(fields(m.Config)["setting"].annotation) == dict[str, str | list[str] | m.UnknownConfigSettingValue] | None
    )


def test_explicit_discriminator_with_mapping_over_alias_branches(fixture_package: dict[str, Package]) -> None:
    """`UpdateObjectRequest` is a one-item allOf of ObjectBase (an alias of it), and the mapping's
    values (type1..3) are not values the branches' `type` enum allows: the mapping still picks the
    branch, and the branch's own enum then rejects the value, as the spec says."""
    m = models_of(fixture_package, "dcg_discriminator")
    assert m.UpdateObjectRequest is m.ObjectBase
    assert metadata_kinds(m.Demo) == {"_TaggedUnion"}
    demo = pydantic.TypeAdapter(m.Demo)
    with pytest.raises(pydantic.ValidationError) as caught:
        demo.validate_python({"type": "type2", "name": "n"})
    assert {e["loc"] for e in caught.value.errors()} == {("CreateObjectRequest", "type")}
    unknown = demo.validate_python({"type": "other"}, context=LENIENT)  # unknown tag on a response
    assert type(unknown) is m.UnknownDemo and unknown.raw == {"type": "other"}  # kept, as the union's Unknown member


def test_explicit_discriminator_without_mapping_uses_schema_names(fixture_package: dict[str, Package]) -> None:
    m = models_of(fixture_package, "dcg_discriminator_without_mapping")
    demo = pydantic.TypeAdapter(m.Demo)
    with pytest.raises(pydantic.ValidationError) as caught:
        demo.validate_python({"type": "CreateObjectRequest"})
    assert {e["loc"][0] for e in caught.value.errors()} == {"CreateObjectRequest"}


def test_discriminator_property_with_an_alias(fixture_package: dict[str, Package]) -> None:
    m = models_of(fixture_package, "dcg_discriminator_with_properties")
    variable = pydantic.TypeAdapter(m.CustomContextVariable)
    user = variable.validate_python({"@type": "user", "accountId": "a-1"})
    assert type(user) is m.UserContextVariable and user.type == "user" and user.account_id == "a-1"
    assert variable.dump_python(user, mode="json", by_alias=True, exclude_unset=True) == {
        "@type": "user",
        "accountId": "a-1",
    }
    assert type(variable.validate_python({"@type": "issue", "id": 7})) is m.IssueContextVariable
    assert (
        type(variable.validate_python(m.IssueContextVariable(type="issue"))) is m.IssueContextVariable
    )  # model instances too


def test_discriminator_on_array_items(fixture_package: dict[str, Package]) -> None:
    m = models_of(fixture_package, "dcg_discriminator_in_array_oneof")
    items = typing.get_args(fields(m.Demo)["my_array"].annotation)[0]
    assert metadata_kinds(items) == {"_TaggedUnion"}
    with pytest.raises(pydantic.ValidationError) as caught:
        m.Demo.model_validate({"myArray": [{"type": "type1", "name": "n"}]})
    assert {e["loc"] for e in caught.value.errors()} == {("myArray", 0, "ObjectBase", "type")}


def test_nullable_30(fixture_package: dict[str, Package]) -> None:
    m = models_of(fixture_package, "dcg_nullable")
    cursors = fields(m.TopLevelCursors)
    assert cursors["prev"].annotation == str | None and cursors["prev"].is_required()
    assert cursors["next"].default == "last" and cursors["index"].annotation is float
    assert m.Apis == list[m.ApisItem] | None and m.Name == str | None and m.Description == str | None
    options = fields(m.Options)
    assert options["comments"].annotation == list[str | None]
    assert plain(options["one_of_comments"].annotation) == list[str | float | m.UnknownOptionsOneOfCommentsItem | None]
    parsed = m.Options.model_validate({"comments": [None, "c"], "oneOfComments": [None, "a", 1.5]})
    assert parsed.one_of_comments == [None, "a", 1.5]
    assert m.EmailItem.model_validate({"author": "a", "address": "b"}).description == "empty"


def test_nullable_31_and_nullable_objects_behind_refs(fixture_package: dict[str, Package]) -> None:
    m31 = models_of(fixture_package, "dcg_nullable_31")
    apples = fields(m31.Basket)["apples"]
    assert apples.annotation == list[m31.Apple] | None and apples.is_required()
    m = models_of(fixture_package, "dcg_ref_nullable")
    parent = fields(m.Parent)
    assert parent["nullable_child"].annotation == m.NullableChild | None
    assert parent["non_nullable_child"].annotation is m.NonNullableChild
    assert m.Parent.model_validate({"nullableChild": None, "nonNullableChild": {}}).nullable_child is None
    with pytest.raises(pydantic.ValidationError):
        m.Parent.model_validate({"nullableChild": {}, "nonNullableChild": None})


def test_maps_and_additional_properties(fixture_package: dict[str, Package]) -> None:
    m = models_of(fixture_package, "dcg_additional_properties")
    test = fields(m.Test)
    assert test["broken"].annotation == dict[str, m.Broken] | None
    assert m.Test().failing == {} and m.Test().failing is not m.Test().failing  # a fresh default each time
    assert fields(m.BrokenArray)["broken"].annotation == dict[str, list[m.Broken]] | None
    assert fields(m.FileSetUpload)["tags"].annotation == dict[str, list[str]]
    with pytest.raises(pydantic.ValidationError) as caught:
        m.Error.model_validate({"code": 1, "message": "m", "extra": True})  # additionalProperties: false
    assert [e["type"] for e in caught.value.errors()] == ["extra_forbidden"]
    assert m.Error.model_validate({"code": 1, "message": "m", "extra": True}, context=LENIENT).model_extra == {
        "extra": True
    }
    users = pydantic.TypeAdapter(m.Users).validate_python([{"id": 1, "name": "n", "nickname": "x"}])
    assert users[0].model_extra == {"nickname": "x"}  # additionalProperties: true, so even on a request
    with pytest.raises(pydantic.ValidationError) as silent:  # Pet says nothing: refused on a request ...
        m.Pet.model_validate({"id": 1, "name": "n", "nickname": "x"})
    assert [e["type"] for e in silent.value.errors()] == ["extra_forbidden"]
    pet = m.Pet.model_validate({"id": 1, "name": "n", "nickname": "x"}, context=LENIENT)
    assert pet.model_extra == {"nickname": "x"}  # ... and kept on a response


def test_const_values(fixture_package: dict[str, Package]) -> None:
    m = models_of(fixture_package, "dcg_const_optional_values_31")
    const = fields(m.ConstOptionalValues)
    assert const["name"].annotation == typing.Literal["fixed"] and const["name"].default == "fixed"
    assert m.ConstOptionalValues().model_dump(exclude_unset=True) == {"name": "fixed"}  # pinned: always sent
    assert m.ConstOptionalValues(ratio=1.5).ratio == 1.5
    with pytest.raises(pydantic.ValidationError):
        m.ConstOptionalValues(ratio=1.6)
