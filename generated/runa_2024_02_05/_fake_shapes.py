"""JSON values that pass the models' validation: the fake's answers, shaped from a stored object or
a spec example onto a documented type, with whatever they do not say taken from the schema-built
template of each model (`_fake_data.json`), and a spec example that breaks its own schema repaired
member by member (each repair reported, never silent).

Apart from `Fake` because it is a job of its own, about types rather than requests: it reads the
models (pydantic's fields, the runtime's `_pinned_fields` and `_omit_when_none`, money's
`DecimalOnWire`) and knows nothing of routes, state or the request being answered.
"""

from __future__ import annotations

import copy
import functools
import re
import types
import typing
from collections.abc import Callable, Sequence
from decimal import Decimal
from enum import Enum
from typing import Any, Union

import pydantic

from ._parse import _plain_validator
from ._parse_mode import RECEIVED
from ._types import _type_adapter, per_object
from ._base_model import DecimalOnWire, JSONFloat
from ._wire_types import exact_money_errors
from ._fake_api import ExampleRepair, FakeSpecError, _fake_data
from ._fake_rules import exact as _exact

_NONE_TYPE = type(None)


class _Shapes:
    """Builds response bodies: a stored object (or spec example) projected onto a documented type,
    with whatever the object does not say taken from the schema-built template of each model."""

    def __init__(self, models: types.ModuleType, repaired: Callable[[ExampleRepair], None]) -> None:
        """`models`: the package's models module; `repaired`: told of each member left out."""
        self._models = models
        self._report_repair = repaired
        self._templates: dict[str, Any] = {}

    def valid_example(self, kind: Any, candidates: Sequence[Any], where: str) -> Any:
        problems = []
        for candidate in candidates:
            try:
                return self._repaired(kind, copy.deepcopy(candidate), where)
            except FakeSpecError as error:
                problems.append(str(error))
        raise FakeSpecError(
            f"{where}: no example passes the models' validation: {'; '.join(problems)}"
        )

    def project(self, members: Any, kind: Any, where: str) -> Any:
        value = self._project(members, kind)
        problems = _problems(kind, value)
        if problems:
            raise FakeSpecError(
                f"{where}: the fake's answer breaks the response schema: {problems}"
            )
        return value

    def shaped(self, members: Any, kind: Any) -> Any:
        """`members` projected onto `kind`, unchecked: for a part of an answer checked whole."""
        return self._project(members, kind)

    def checked(self, value: Any, kind: Any, where: str) -> Any:
        problems = _problems(kind, value)
        if problems:
            raise FakeSpecError(
                f"{where}: the fake's answer breaks the response schema: {problems}"
            )
        return value

    def items_wire_name(self, kind: Any, attribute: str) -> str:
        model = _single_model(kind)
        if model is None or attribute not in model.model_fields:
            return attribute
        return _wire_name(attribute, model.model_fields[attribute])

    def items_type(self, kind: Any, wire: str) -> Any:
        model = _single_model(kind)
        for name, info in (model.model_fields.items() if model is not None else ()):
            if _wire_name(name, info) == wire:
                return _list_item(info.annotation)
        return Any

    def _template(self, model: type[pydantic.BaseModel]) -> Any:
        if model.__name__ not in self._templates:
            raw = copy.deepcopy(_fake_data().templates.get(model.__name__, {}))
            try:
                self._templates[model.__name__] = self._repaired(
                    model, raw, f"model {model.__name__}"
                )
            except FakeSpecError:
                self._templates[model.__name__] = raw  # a projection fills what is missing
        return copy.deepcopy(self._templates[model.__name__])

    def seed_example(self, model: type[pydantic.BaseModel]) -> dict[str, Any]:
        """The spec's example of a seeded item's model, every property (repaired as `_template`
        is; empty when it has none or it cannot be repaired): what a seeded item is filled from."""
        key = "seed " + model.__name__
        if key not in self._templates:
            raw = copy.deepcopy(_fake_data().seeds.get(model.__name__, {}))
            try:
                self._templates[key] = self._repaired(model, raw, f"seeded {model.__name__}")
            except FakeSpecError:
                self._templates[key] = {}
        found = self._templates[key]
        return copy.deepcopy(found) if isinstance(found, dict) else {}

    def _project(self, value: Any, kind: Any) -> Any:
        kind = _unannotated(kind)
        origin = typing.get_origin(kind)
        if origin in (Union, types.UnionType):
            options = [_unannotated(o) for o in typing.get_args(kind)]
            if value is None and _NONE_TYPE in options:
                return None
            branches = [o for o in options if o is not _NONE_TYPE]
            if len(branches) == 1:
                # `X | None` holding a value: no choice to make, so no trial validation here (it
                # made projecting a product quadratic); `project` checks the whole answer once.
                return self._project(value, branches[0])
            fits = []
            for index, option in enumerate(o for o in options if o is not _NONE_TYPE):
                try:
                    projected = self._project(value, option)
                except FakeSpecError:
                    continue
                if not _problems(option, projected):
                    fits.append((_coverage(value, option), -index, projected))
            if not fits:
                raise FakeSpecError(f"{value!r} fits no branch of {kind}")
            return max(fits, key=lambda fit: fit[:2])[2]
        if origin is list:
            if not isinstance(value, list):
                raise FakeSpecError(f"expected a list, not {value!r}")
            return [self._project(item, typing.get_args(kind)[0]) for item in value]
        if isinstance(kind, type) and issubclass(kind, pydantic.BaseModel):
            if not isinstance(value, dict):
                raise FakeSpecError(f"expected an object for {kind.__name__}, not {value!r}")
            result = self._template(kind)
            for name, info in kind.model_fields.items():
                wire = _wire_name(name, info)
                if wire in value:
                    member = _like(result.get(wire), value[wire], _money(info))
                    result[wire] = self._project(member, info.annotation)
            return result
        return value

    def _pinned(self, kind: Any, value: Any, parent: dict[str, Any], path: list[Any]) -> bool:
        """Set a member that has one allowed value (a model's pinned field, such as a narrowed
        `status`) to that value; True when that cleared the error at `path`."""
        name, before = path[-1], parent[path[-1]]
        for allowed in _pinned_values(self._models).get(name, ()):
            parent[name] = allowed
            if not any(_json_path(value, e["loc"]) == path for e in _errors(kind, value)):
                return True
        parent[name] = before
        return False

    def _repaired(self, kind: Any, value: Any, where: str) -> Any:
        """`value`, with each member that breaks the schema left out (recorded); FakeSpecError when
        leaving out is not enough (a required member is wrong)."""
        for _ in range(100):
            errors = _errors(kind, value)
            path = None
            if errors:
                error = errors[0]
                path = _json_path(value, error["loc"])
                # a null where the schema allows none, named as such rather than as a type error
                reason = "null is not allowed here" if error["input"] is None else str(error["msg"])
                if error["type"] == "missing" or not path:
                    raise FakeSpecError(f"{where}: {_pointer(error['loc'])}: {reason}")
            else:
                path = _first_disallowed_null(kind, value)
                reason = "null is not allowed here"
            if path is None:
                return value
            parent = value
            for step in path[:-1]:
                parent = parent[step]
            if not isinstance(parent, dict):
                raise FakeSpecError(f"{where}: {_pointer(path)}: {reason}")
            if self._pinned(kind, value, parent, path):
                reason += f"; set to {parent[path[-1]]!r}, its only allowed value"
            else:
                del parent[path[-1]]  # an optional member: left out
                reason += "; left out"
            self._report_repair(ExampleRepair(where, _pointer(path), reason))
        raise FakeSpecError(f"{where}: too many members break the schema")


def _is_list(kind: Any) -> bool:
    kind = _unannotated(kind)
    if typing.get_origin(kind) in (Union, types.UnionType):
        return any(_is_list(option) for option in typing.get_args(kind))
    return typing.get_origin(kind) is list


@per_object
def _unannotated(kind: Any) -> Any:
    while typing.get_origin(kind) is typing.Annotated:
        kind = typing.get_args(kind)[0]
    return kind


def _single_model(kind: Any) -> type[pydantic.BaseModel] | None:
    kind = _unannotated(kind)
    return kind if isinstance(kind, type) and issubclass(kind, pydantic.BaseModel) else None


def _list_item(kind: Any) -> Any:
    kind = _unannotated(kind)
    if typing.get_origin(kind) in (Union, types.UnionType):
        options = [o for o in typing.get_args(kind) if o is not _NONE_TYPE]
        kind = _unannotated(options[0]) if len(options) == 1 else kind
    return typing.get_args(kind)[0] if typing.get_origin(kind) is list else Any


def _wire_name(name: str, info: Any) -> str:
    alias = info.validation_alias
    return alias if isinstance(alias, str) else (info.alias or name)


def _coverage(value: Any, kind: Any) -> float:
    """How much of a model's required members `value` gives itself (the rest come from templates)."""
    model = _single_model(kind)
    if model is None or not isinstance(value, dict):
        return 0.0
    required = [_wire_name(n, i) for n, i in model.model_fields.items() if i.is_required()]
    if not required:
        return 0.5
    return sum(name in value for name in required) / len(required)


_built_modules: set[str] = set()


def _build_models(models: types.ModuleType) -> None:
    """Build every model of the package now (they are built on first use, `defer_build`): until a
    model is built its fields may still name their types by forward reference, and what the fake
    reads from them (which members may be null, pinned values) would depend on which models
    earlier code happened to use."""
    if models.__name__ in _built_modules:
        return
    for model in vars(models).values():
        if (
            isinstance(model, type)
            and issubclass(model, pydantic.BaseModel)
            and model.__module__ == models.__name__
        ):
            model.model_rebuild()
    _built_modules.add(models.__name__)


_pinned_cache: dict[str, dict[str, list[Any]]] = {}


def _pinned_values(models: types.ModuleType) -> dict[str, list[Any]]:
    """Wire name -> the single values the models pin a member of that name to (`_pinned_fields`)."""
    if models.__name__ not in _pinned_cache:
        found: dict[str, list[Any]] = {}
        for model in vars(models).values():
            if not (isinstance(model, type) and issubclass(model, pydantic.BaseModel)):
                continue
            for name in getattr(model, "_pinned_fields", ()):
                info = model.model_fields.get(name)
                if info is not None:
                    default = info.default.value if isinstance(info.default, Enum) else info.default
                    values = found.setdefault(_wire_name(name, info), [])
                    values += [default] if default not in values else []
        _pinned_cache[models.__name__] = found
    return _pinned_cache[models.__name__]


def _validator(kind: Any) -> Callable[[Any], Any]:
    """How an answer of `kind` is checked: as the client reads a response, its JSON types exactly."""
    plain = _plain_validator(kind)
    validate = plain.validate_python if plain is not None else _type_adapter(kind).validate_python
    return functools.partial(validate, context=RECEIVED)


def _errors(kind: Any, value: Any) -> list[Any]:
    try:
        _validator(kind)(value)
    except pydantic.ValidationError as error:
        return list(exact_money_errors(error).errors())
    return []


def _problems(kind: Any, value: Any) -> str:
    errors = _errors(kind, value)
    if errors:
        return "; ".join(f"{_pointer(e['loc']) or '/'}: {e['msg']}" for e in errors[:5])
    null = _first_disallowed_null(kind, value)
    return f"{_pointer(null)}: null is not allowed here" if null is not None else ""


def _first_disallowed_null(kind: Any, value: Any) -> list[Any] | None:
    """The path of the first `null` in a member the spec does not let be null (a model's
    `_omit_when_none` fields: typed `X | None` only to mean "absent")."""
    if not _may_refuse_null(kind):
        return None  # nothing below can hold one: the walk is pruned here
    kind = _unannotated(kind)
    origin = typing.get_origin(kind)
    if origin in (Union, types.UnionType):
        branches = [option for option in typing.get_args(kind) if option is not _NONE_TYPE]
        if value is None:
            return None  # this null is the union's own `None`, or a type error found by validation
        if (
            len(branches) == 1
        ):  # `X | None`: the value is read as X (asking pydantic first cost a validation per level)
            return _first_disallowed_null(branches[0], value)
        for option in branches:
            if not _errors(option, value):
                return _first_disallowed_null(option, value)
        return None
    if origin is list and isinstance(value, list):
        for index, item in enumerate(value):
            found = _first_disallowed_null(typing.get_args(kind)[0], item)
            if found is not None:
                return [index, *found]
        return None
    if origin is dict and isinstance(value, dict):
        for key, item in value.items():
            found = _first_disallowed_null(typing.get_args(kind)[1], item)
            if found is not None:
                return [key, *found]
        return None
    model = _single_model(kind)
    if model is None or not isinstance(value, dict):
        return None
    omitted = getattr(model, "_omit_when_none", ())
    omitted = omitted.default if hasattr(omitted, "default") else omitted
    for name, info in model.model_fields.items():
        wire = _wire_name(name, info)
        if wire not in value:
            continue
        if value[wire] is None and name in tuple(omitted or ()):
            return [wire]
        found = _first_disallowed_null(info.annotation, value[wire])
        if found is not None:
            return [wire, *found]
    return None


@per_object
def _may_refuse_null(kind: Any) -> bool:
    """Whether a value of `kind` may hold a member that refuses null (`_omit_when_none`)."""
    seen: set[int] = set()
    pending = [kind]
    while pending:
        inner = _unannotated(pending.pop())
        if id(inner) in seen:
            continue  # a recursive model: its members are being looked at already
        seen.add(id(inner))
        model = _single_model(inner)
        if model is None:
            pending.extend(typing.get_args(inner))
            continue
        omitted = getattr(model, "_omit_when_none", ())
        if omitted.default if hasattr(omitted, "default") else omitted:
            return True
        pending.extend(info.annotation for info in model.model_fields.values())
    return False


def _json_path(value: Any, loc: tuple[Any, ...]) -> list[Any] | None:
    """The path in `value` of a pydantic error location (union tags and validator names skipped)."""
    path: list[Any] = []
    for step in loc:
        if isinstance(value, dict) and step in value:
            path.append(step)
            value = value[step]
        elif isinstance(value, list) and isinstance(step, int) and 0 <= step < len(value):
            path.append(step)
            value = value[step]
    return path


def _pointer(loc: Any) -> str:
    return "".join("/" + str(step).replace("~", "~0").replace("/", "~1") for step in loc)


def _merged(base: Any, overlay: Any) -> Any:
    if isinstance(base, dict) and isinstance(overlay, dict):
        result = dict(base)
        for key, value in overlay.items():
            result[key] = _merged(base.get(key), value) if key in base else value
        return result
    return overlay


def _like(template: Any, value: Any, money: DecimalOnWire | None = None) -> Any:
    """`value` in the JSON type of its member: a money field's own (`money`: a string or a number),
    else that of `template` (the schema-built or example value). An amount is never rounded: as a
    string it has the decimal places it has, at least as many as `template` ("10.00" style when the
    example has two); as a number it is written with its exact digits (`JSONFloat`), never as a
    binary float. Anything else is `value` itself."""
    amount = _exact(value)
    if amount is None:
        return value
    as_string = not money.number if money is not None else isinstance(template, str)
    if not as_string and not isinstance(value, Decimal):
        return value  # already a JSON number, with the digits it was sent with
    text = format(amount, f".{max(_places(template), _places(amount))}f")
    if as_string:
        return text
    return JSONFloat(text) if "." in text else int(text)


def _places(number: Any) -> int:
    """How many decimal places a number (or a decimal string) is written with: 2 for "10.00"."""
    if isinstance(number, str):
        text = number if _is_decimal_text(number) else "0"
    elif isinstance(number, JSONFloat):
        text = number.text
    elif isinstance(number, (Decimal, float)) and not isinstance(number, bool):
        exponent = (_exact(number) or Decimal(0)).as_tuple().exponent
        return -exponent if isinstance(exponent, int) and exponent < 0 else 0
    else:
        return 0
    mantissa = re.split(r"[eE]", text)[0]
    return len(mantissa.split(".")[1]) if "." in mantissa else 0


@per_object
def _money(info: Any) -> DecimalOnWire | None:
    """A money field's wire type (its `DecimalOnWire`), from its metadata or its annotation."""
    found = [m for m in getattr(info, "metadata", ()) if isinstance(m, DecimalOnWire)]
    kinds: list[Any] = [getattr(info, "annotation", None)]
    while kinds and not found:
        kind = kinds.pop()
        if typing.get_origin(kind) is typing.Annotated:
            found = [m for m in kind.__metadata__ if isinstance(m, DecimalOnWire)]
            kinds.append(typing.get_args(kind)[0])
        elif typing.get_origin(kind) in (Union, types.UnionType):
            kinds.extend(typing.get_args(kind))
    return found[0] if found else None


def _is_decimal_text(text: str) -> bool:
    return re.fullmatch(r"-?\d+(\.\d+)?", text) is not None
