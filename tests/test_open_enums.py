"""Open enums (issue #23): an enum that will grow reads a value it does not list yet, typed, readable,
and no deviation. `x-extensible-enum` in a spec, or the `open_enums` generator option, opens one.

IR-level tests read snippets; the runtime tests take the open enums of every shipped package from
its IR and the options (no version's facts by literal); the mypy test proves that a `match` ending in
`assert_never` must handle the unknown case.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from generator import ir
from generator.options import OPTIONS_FILE_NAME, GeneratorOptions, OpenEnumRule, load_options

from .packages import GeneratedPackage, PackageFactory
from .support import FIXTURES, SPECS
from .test_build_ir import definition, fields, read_ir

NEW_VALUE = "a_value_no_spec_lists"


def test_x_extensible_enum_is_an_open_enum_at_every_use(tmp_path: Path) -> None:
    api, warnings = read_ir(
        tmp_path,
        {
            "Kind": {"type": "string", "x-extensible-enum": ["a", "b"]},
            "Closed": {"type": "string", "enum": ["a", "b"]},
            "One": {"type": "string", "x-extensible-enum": ["only"]},  # will grow: no Literal
            "Thing": {
                "type": "object",
                "properties": {
                    "kind": {"$ref": "#/components/schemas/Kind"},
                    "closed": {"$ref": "#/components/schemas/Closed"},
                    "one": {"$ref": "#/components/schemas/One"},
                    "inline": {"type": "string", "x-extensible-enum": ["x"]},
                },
            },
        },
    )
    assert not warnings
    kind = definition(api, "Kind")
    assert isinstance(kind, ir.EnumModel) and kind.unknown == "UnknownKind"
    closed = definition(api, "Closed")
    assert isinstance(closed, ir.EnumModel) and closed.unknown is None
    thing = fields(definition(api, "Thing"))
    assert thing["kind"].type == ir.UnionOf((ir.ModelRef("Kind"),), None, "UnknownKind", open_enum=True)
    assert thing["closed"].type == ir.ModelRef("Closed")
    one = thing["one"].type
    assert isinstance(one, ir.UnionOf) and one.open_enum and one.options == (ir.ModelRef("One"),)
    inline = thing["inline"].type
    assert isinstance(inline, ir.UnionOf) and inline.open_enum


def test_the_option_opens_a_property_or_a_schema_and_names_what_is_no_enum(tmp_path: Path) -> None:
    schemas = {
        "Kind": {"type": "string", "enum": ["a", "b"]},
        "Thing": {
            "type": "object",
            "properties": {
                "inline": {"type": "string", "enum": ["x", "y"]},
                "by_ref": {"$ref": "#/components/schemas/Kind"},
                "text": {"type": "string"},
            },
        },
    }
    rules = (OpenEnumRule("Thing.inline"), OpenEnumRule("Thing.by_ref"), OpenEnumRule("Thing.text"))
    rules += (OpenEnumRule("Elsewhere.kind"),)  # a schema of another version: no warning
    api, warnings = read_ir(tmp_path, schemas, options=GeneratorOptions(open_enums=rules))
    thing = fields(definition(api, "Thing"))
    assert all(isinstance(thing[n].type, ir.UnionOf) and thing[n].type.open_enum for n in ("inline", "by_ref"))
    assert [w for w in warnings if "open_enums" in w] == [
        w for w in warnings if "'Thing.text' is no enum" in w and "/components/schemas/Thing/properties/text" in w
    ]
    assert len(warnings) == 1


def open_enum_fields(package: GeneratedPackage) -> list[tuple[str, ir.Field, ir.EnumModel]]:
    """(model name, field, enum) of every field of a model typed as an open enum."""
    api = package.result.api
    enums = {d.name: d for d in api.definitions if isinstance(d, ir.EnumModel) and d.unknown}
    found = []
    for model in api.definitions:
        if isinstance(model, ir.ObjectModel):
            for field in model.fields:
                type_ = field.type.inner if isinstance(field.type, ir.Nullable) else field.type
                if isinstance(type_, ir.UnionOf) and type_.open_enum:
                    option = type_.options[0]
                    assert isinstance(option, ir.ModelRef)
                    found.append((model.name, field, enums[option.name]))
    return found


def test_every_enum_the_options_open_is_open_in_every_package_that_has_it(
    runa_generated: dict[str, GeneratedPackage],
) -> None:
    rules = load_options(SPECS / OPTIONS_FILE_NAME).open_enums
    assert rules, "Runa's options open no enum"
    opened = set()
    for package in runa_generated.values():
        sources = {field.source for _, field, _ in open_enum_fields(package)}
        opened |= {(package.name, rule.target) for rule in rules if rule.pointer in sources}
    assert {target for _, target in opened} == {rule.target for rule in rules}


def _fake_template(package: GeneratedPackage, model: str) -> dict[str, Any]:
    data = json.loads((package.path / "_fake_data.json").read_text(encoding="utf-8"))
    template = data["templates"][model]
    assert isinstance(template, dict)
    return template


@pytest.mark.parametrize("mode", ["strict", "lenient"])
def test_an_unknown_value_of_an_open_enum_is_read_typed_and_is_no_deviation(
    runa_generated: dict[str, GeneratedPackage], mode: str
) -> None:
    checked = 0
    for package in runa_generated.values():
        module = package.module
        models = module.models
        parse_value = sys.modules[f"{package.name}._base_client"].parse_value
        for model_name, field, enum in open_enum_fields(package):
            body = {**_fake_template(package, model_name), field.wire_name: NEW_VALUE}
            model = getattr(models, model_name)
            parsed = parse_value(model, body, operation="probe", strict=mode == "strict")
            value = getattr(parsed, field.python_name)
            unknown = getattr(models, str(enum.unknown))
            assert isinstance(value, unknown) and value.value == NEW_VALUE
            assert module.deviations(parsed) == []
            assert parsed.model_dump(mode="json", by_alias=True)[field.wire_name] == NEW_VALUE  # as received
            known = parse_value(model, {**body, field.wire_name: enum.members[0].value}, operation="probe")
            assert getattr(known, field.python_name) is getattr(models, enum.name)(enum.members[0].value)
            checked += 1
    assert checked


def test_a_request_sends_an_unknown_value_only_when_built_as_one(runa_generated: dict[str, GeneratedPackage]) -> None:
    import pydantic

    checked = 0
    for package in runa_generated.values():
        models = package.module.models
        request_json = sys.modules[f"{package.name}._request"]._request_json
        for model_name, field, enum in open_enum_fields(package):
            model = getattr(models, model_name)
            body = {**_fake_template(package, model_name), field.wire_name: NEW_VALUE}
            with pytest.raises(pydantic.ValidationError, match=f"{enum.unknown}\\(value\\)"):
                request_json(model, body)  # a plain string no member: refused, as a misspelt member is
            unknown = getattr(models, str(enum.unknown))
            sent = request_json(model, {**body, field.wire_name: unknown(NEW_VALUE)})
            assert sent[field.wire_name] == NEW_VALUE
            with pytest.raises(ValueError, match="is a member of"):
                unknown(enum.members[0].value)
            checked += 1
    assert checked


MATCH_PROGRAM = """
from typing import assert_never

from {package} import models


def describe(item: models.{model}) -> str:
    value = item.{field}
    match value:
{cases}
        case _:
            assert_never(value)  # line {never_line}
"""


def _program(package: GeneratedPackage, model: str, field: ir.Field, enum: ir.EnumModel, unknown_case: bool) -> str:
    cases = [f"        case models.{enum.name}.{m.python_name}:\n            return value.value" for m in enum.members]
    if unknown_case:
        cases.append(f"        case models.{enum.unknown}():\n            return 'new: ' + str(value.value)")
    text = MATCH_PROGRAM.format(
        package=package.name, model=model, field=field.python_name, cases="\n".join(cases), never_line="{never_line}"
    )
    never_line = next(i for i, line in enumerate(text.splitlines(), 1) if "assert_never(value)" in line)
    return text.replace("{never_line}", str(never_line))


@pytest.mark.slow
def test_mypy_strict_makes_a_match_over_an_open_enum_handle_the_unknown_value(
    runa_generated: dict[str, GeneratedPackage], tmp_path: Path
) -> None:
    programs: dict[str, bool] = {}  # file name -> handles the unknown case
    folder = None
    for package in runa_generated.values():
        folder = package.folder
        for index, (model, field, enum) in enumerate(open_enum_fields(package)):
            for handles in (True, False):
                name = f"match_{package.name}_{index}_{'all' if handles else 'no_unknown'}.py"
                (tmp_path / name).write_text(_program(package, model, field, enum, handles), encoding="utf-8")
                programs[name] = handles
    assert programs and folder is not None
    completed = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-error-summary", "--cache-dir", str(tmp_path / ".mypy_cache"),
         *sorted(programs)],
        cwd=tmp_path, capture_output=True, text=True, timeout=300, env={**os.environ, "MYPYPATH": str(folder)},
    )  # fmt: skip
    errors = [line for line in completed.stdout.splitlines() if ": error:" in line]
    expected = tuple(name + ":" for name, handles in programs.items() if not handles)
    assert [line for line in errors if not line.startswith(expected)] == []  # the packages included
    for name, handles in programs.items():
        mine = [line for line in errors if line.startswith(name + ":")]
        if handles:
            assert not mine, completed.stdout + completed.stderr
        else:  # the unknown case left out: assert_never gets the Unknown class, a type error
            assert mine and all("assert_never" in line or "Unknown" in line for line in mine), completed.stdout


def _kinds_spec(folder: Path, date: str, values: list[str], closed: list[str]) -> Path:
    document = {
        "openapi": "3.1.0",
        "info": {"title": "Kinds", "version": date},
        "paths": {
            "/thing": {
                "get": {
                    "operationId": "getThing",
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "properties": {
                                            "kind": {"type": "string", "x-extensible-enum": values},
                                            "closed": {"type": "string", "enum": closed},
                                        },
                                    }
                                }
                            },
                        }
                    },
                }
            }
        },
    }
    path = folder / f"kinds-{date}.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_the_diff_reads_a_value_added_to_an_open_response_enum_as_info(tmp_path: Path) -> None:
    from generator.diff.api import diff_specs
    from generator.diff.changes import INFO, MAYBE

    old = _kinds_spec(tmp_path, "2024-01-01", ["a", "b"], ["a", "b"])
    new = _kinds_spec(tmp_path, "2024-06-01", ["a", "b", "c"], ["a", "b", "c"])
    added = {c.message: c.level for c in diff_specs(old, new).changes if c.id.endswith("enum-value-added")}
    assert added == {
        "response property `kind`: open enum values added: `c`": INFO,
        "response property `closed`: new enum values clients may not handle: `c`": MAYBE,
    }


BREADTH_SPEC = FIXTURES / "breadth" / "open-enums-3.1.yaml"


def test_open_enums_of_every_shape_read_unknown_values_and_send_only_what_is_built(
    generated_packages: PackageFactory,
) -> None:
    """String and integer, nullable, inline, in a list, in a request body: the written breadth spec."""
    import pydantic

    package = generated_packages.get(BREADTH_SPEC, name="open_enums_probe", api_version="2000-01-01")
    models = package.module.models
    parse_value = sys.modules[f"{package.name}._base_client"].parse_value
    body = {"id": "p-1", "state": "lost", "priority": 7, "carrier": "drone", "tags": ["fragile", "cold"], "kind": "box"}
    parcel = parse_value(models.Parcel, body, operation="probe", strict=True)
    assert (parcel.state, parcel.priority, parcel.carrier) == (
        models.UnknownParcelState("lost"),
        models.UnknownPriority(7),
        models.UnknownParcelCarrier("drone"),
    )
    assert parcel.tags == [models.Tag_.FRAGILE, models.UnknownTag_("cold")] and parcel.kind.value == "box"
    assert package.module.deviations(parcel) == []
    assert parse_value(models.Parcel, {**body, "carrier": None}, operation="probe", strict=True).carrier is None
    assert parcel.model_dump(mode="json") == body  # written back as received
    with pytest.raises(pydantic.ValidationError, match=r"UnknownParcelState\(value\)"):
        models.NewParcel(state="lost")
    with pytest.raises(pydantic.ValidationError):
        models.NewParcel(state=models.ParcelState.CREATED, priority=7)  # an int that is no member either
    sent = models.NewParcel(state=models.UnknownParcelState("lost"), priority=models.Priority.VALUE_2)
    assert sent.model_dump(mode="json") == {"state": "lost", "priority": 2}
