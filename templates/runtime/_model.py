"""`Model`, the base of every generated model: strict when you build a request, lenient when parsing
a response (a field the spec does not allow is kept raw and left unusable, the rest kept), and
`UnknownVariant`, the base of the `Unknown...` members of unions.

The model's job is one: validate, salvage and dump an object. What a deviation is (`_deviations`),
reading a field again without its constraints (`_relaxed_validators`), the constraint validators
(`_constraints`) and the unions (`_unions`) are modules of their own.
"""

from __future__ import annotations

import difflib
import json
import typing
from collections.abc import Mapping
from contextvars import ContextVar
from dataclasses import replace
from enum import Enum
from typing import TYPE_CHECKING, Any, ClassVar, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    GetCoreSchemaHandler,
    ModelWrapValidatorHandler,
    SerializerFunctionWrapHandler,
    ValidationError,
    ValidationInfo,
    model_serializer,
    model_validator,
)
from pydantic_core import CoreSchema, InitErrorDetails, PydanticCustomError, SchemaValidator

from . import errors
from ._constraints import _error_details
from ._deviations import (
    _ABSENT,
    MISSING,
    NULL,
    Deviation,
    _deviations_of,
    _escape,
    _kind,
    _record,
    _unusable_fields,
    _unusable_message,
    _wire_name,
)
from ._json_types import exact_json_types
from ._parse_mode import _lenient_only, _relaxed, _salvage_allowed, is_lenient
from ._types import _type_adapter
from ._relaxed_validators import (
    _COUNT_ERRORS,
    _LEAF_KEPT,
    _misses_within,
    _relaxed_value,
    _root_relaxed,
)

_by_python_names: ContextVar[bool] = ContextVar("_by_python_names", default=False)
"""True while a constructor validates its keywords (and the dicts nested in them) by Python names."""


class Model(BaseModel):
    """A JSON object of the API. Build it with keyword arguments (Python names), or validate wire data
    (`model_validate`, responses, raw mappings given as request bodies) by wire names only: a key that
    merely equals a Python name (`class_`, `foo_bar` for `fooBar`) is not a field there, it is an extra.
    """

    model_config = ConfigDict(
        extra="allow",
        validate_by_name=False,
        validate_by_alias=True,
        serialize_by_alias=True,
        defer_build=True,
        regex_engine="python-re",
        validate_assignment=True,
    )
    _pinned_fields: ClassVar[tuple[str, ...]] = ()
    """Fields with a single allowed value (discriminators): always sent, never typed by hand."""
    _forbid_extra: ClassVar[bool] = False
    """`additionalProperties: false`: an undeclared field is a violation on responses too."""
    _open_on_requests: ClassVar[bool] = False
    """The schema allows additional properties in so many words (`true` or a schema): undeclared
    fields may be sent. Otherwise a request with one is refused (a misspelt optional field would
    be sent and ignored by the server); responses keep them either way."""
    _omit_when_none: ClassVar[tuple[str, ...]] = ()
    """Optional fields whose schema does not allow null: None means "not given" and is never sent."""
    _holds_raw: ClassVar[bool] = False
    """`UnknownVariant`: the value as received, no field of the spec (`deviations` looks no further)."""

    def __init__(self, /, **data: Any) -> None:
        token = _by_python_names.set(True)
        try:
            self.__pydantic_validator__.validate_python(
                data, self_instance=self, by_alias=False, by_name=True
            )
        finally:
            _by_python_names.reset(token)

    # pydantic's own marker of its base `__init__` (RootModel sets it too): validating wire data must not
    # go through this constructor, or `model_validate` would read Python names.
    setattr(__init__, "__pydantic_base_init__", True)

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """A copy, `update`'s values checked as an assignment is (pydantic's own copy takes them
        unchecked: a float amount, a description too long, would be sent as they are)."""
        copied = super().model_copy(deep=deep)
        for name, value in (update or {}).items():
            setattr(copied, name, value)
        return copied

    def model_post_init(self, context: Any, /) -> None:
        if self._pinned_fields:
            self.__pydantic_fields_set__.update(self._pinned_fields)

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: type[BaseModel], handler: GetCoreSchemaHandler, /
    ) -> CoreSchema:
        # Each field reads only its schema's JSON type (`"true"` is no boolean, a date-time has
        # its offset), requests and responses alike: decided once, as the schema is built.
        return typing.cast(CoreSchema, exact_json_types(handler(source), cls))

    if not TYPE_CHECKING:

        def __getattr__(self, name: str) -> Any:
            unusable = _unusable_fields(self)
            if name in unusable:
                raise errors.UnusableFieldError(_unusable_message(self, name, unusable[name]))
            return super().__getattr__(name)

    @model_serializer(mode="wrap")
    def _leave_out_nones(self, handler: SerializerFunctionWrapHandler) -> Any:
        data = handler(self)
        if not (self._omit_when_none or self.__pydantic_private__) or not isinstance(data, dict):
            return data  # the usual case, every model of a request body: nothing to change
        fields = self.__class__.__pydantic_fields__
        if self._omit_when_none:
            for name in self._omit_when_none:
                if self.__dict__.get(name, ...) is None:
                    alias = fields[name].serialization_alias
                    data.pop(alias if alias is not None and alias in data else name, None)
        unusable = _unusable_fields(self)
        if unusable:  # what the server sent, explicit nulls included, where it broke the spec
            for name, raw in unusable.items():
                if raw is not _ABSENT:
                    data[_wire_name(name, fields[name])] = raw
        return data

    @model_validator(mode="wrap")
    @classmethod
    @_lenient_only
    def _strict_requests_lenient_responses(
        cls, data: Any, handler: ModelWrapValidatorHandler[Model], info: ValidationInfo
    ) -> Any:
        if is_lenient(info):
            relaxed = (
                _relaxed.set(False) if _relaxed.get() else None
            )  # this model's misses are its own
            try:
                result = handler(data)
            except ValidationError as error:
                if not isinstance(data, Mapping) or not _salvage_allowed.get():
                    raise
                return cls._kept_whole(data, error, info) or cls._salvage(data, error, info)
            finally:
                if relaxed is not None:
                    _relaxed.reset(relaxed)
            if cls._omit_when_none and isinstance(data, Mapping) and isinstance(result, Model):
                cls._record_nulls(data, result)
            return result
        if (cls._forbid_extra or not cls._open_on_requests) and isinstance(data, Mapping):
            known = cls.model_fields if _by_python_names.get() else cls._wire_names()
            unknown = [key for key in data if key not in known]
            if unknown:
                return cls._reject_extra(data, unknown, handler)
        try:
            return handler(data)
        except ValidationError as error:  # named after the model, not after this hook
            raise ValidationError.from_exception_data(cls.__name__, _error_details(error)) from None

    @classmethod
    def _wire_names(cls) -> frozenset[str]:
        names = cls.__dict__.get("_wire_name_cache")
        if names is None:
            names = frozenset(_wire_name(name, f) for name, f in cls.model_fields.items())
            setattr(cls, "_wire_name_cache", names)
        return names

    @classmethod
    def _pins(cls) -> Mapping[str, frozenset[str]]:
        """Wire name -> the wire values allowed, of each field that allows a single value (a
        discriminator, `const`, a one-value enum): what the data itself says about its branch."""
        pins = cls.__dict__.get("_pin_cache")
        if pins is None:
            pins = {}
            for name, field in cls.model_fields.items():
                allowed = _single_value(field.annotation)
                if allowed is not None:
                    pins[_wire_name(name, field)] = allowed
            setattr(cls, "_pin_cache", pins)
        return typing.cast(Mapping[str, frozenset[str]], pins)

    @classmethod
    def _pins_match(cls, data: Mapping[str, Any]) -> bool:
        return all(_wire_text(data.get(wire)) in allowed for wire, allowed in cls._pins().items())

    @classmethod
    def _pins_seen(cls, data: Mapping[str, Any]) -> list[tuple[str, Any]]:
        return [(wire, data.get(wire)) for wire in cls._pins()]

    @classmethod
    def _reject_extra(
        cls, data: Mapping[str, Any], unknown: list[str], handler: ModelWrapValidatorHandler[Model]
    ) -> Any:
        problems: list[InitErrorDetails] = []
        try:
            handler(data)
        except ValidationError as error:
            problems.extend(_error_details(error))
        known = sorted(cls.model_fields if _by_python_names.get() else cls._wire_names())
        for key in unknown:
            closest = difflib.get_close_matches(str(key), known, n=1)
            hint = f"did you mean {closest[0]!r}?" if closest else f"its fields: {', '.join(known)}"
            context = {"model": cls.__name__, "key": repr(key), "hint": hint}
            unknown_key = PydanticCustomError(
                "extra_forbidden", "{model} has no field {key}; {hint}", context
            )
            problems.append({"type": unknown_key, "loc": (key,), "input": data[key]})
        raise ValidationError.from_exception_data(cls.__name__, problems)

    @classmethod
    def _record_nulls(cls, data: Mapping[str, Any], instance: Model) -> None:
        """A null the server sent where the spec allows none: recorded, and the field unusable."""
        fields = cls.model_fields
        found: list[Deviation] = []
        for name in cls._omit_when_none:
            wire = _wire_name(name, fields[name])
            if wire in data and data[wire] is None:
                if not _salvage_allowed.get():
                    null = PydanticCustomError(
                        "null_forbidden", "null where the spec allows no null"
                    )
                    raise ValidationError.from_exception_data(
                        cls.__name__, [{"type": null, "loc": (wire,), "input": None}]
                    )
                instance.__dict__.pop(name, None)
                found.append(
                    Deviation(
                        "/" + _escape(wire), NULL, "null where the spec allows no null", None, name
                    )
                )
        if found:
            _record(instance, found)

    @classmethod
    def _kept_whole(
        cls, data: Mapping[str, Any], error: ValidationError, info: ValidationInfo
    ) -> Model | None:
        """When every problem of this model's own fields is a missed constraint (Runa's four-decimal
        multipliers on every product of a catalogue), the model read once more without its own
        fields' constraints, the misses recorded: one validation instead of one per field
        (`_salvage`). None when that does not apply or does not succeed."""
        problems = error.errors()
        if any(_kind(e) not in _LEAF_KEPT or e["type"] in _COUNT_ERRORS for e in problems):
            return None
        validator = cls._relaxed_model()
        if validator is None:
            return None
        token = _relaxed.set(True)
        try:
            result = validator.validate_python(data, context=info.context)
        except ValidationError:
            return None
        finally:
            _relaxed.reset(token)
        if not isinstance(result, cls):
            return None
        if cls._omit_when_none:
            cls._record_nulls(data, result)
        _record(result, [replace(d, field=None) for d in _deviations_of(error, data, None)])
        return result

    @classmethod
    def _relaxed_model(cls) -> SchemaValidator | None:
        """This model's validator without its own wrap validator and its own fields' constraints
        (nested models keep theirs); None when its schema is not of the expected shape."""
        cached = cls.__dict__.get("_relaxed_model_cache", _ABSENT)
        if cached is _ABSENT:
            if not isinstance(cls.__pydantic_core_schema__, dict):
                cls.model_rebuild()  # built on first use (`defer_build`): a parent may hold it inline
            try:
                cached = SchemaValidator(_root_relaxed(cls.__pydantic_core_schema__, cls))
            except Exception:  # noqa: BLE001 - an unexpected shape: field by field instead
                cached = None
            setattr(cls, "_relaxed_model_cache", cached)
        return typing.cast("SchemaValidator | None", cached)

    @classmethod
    def _hollow_items(
        cls, name: str, value: Any, located: list[Deviation], wire: str, context: Any
    ) -> list[Any] | None:
        """Field `name`'s list, each item that is no JSON object (the only problems `located`)
        standing as a hollow model (`_unions.hollow_item`), the others read leniently; None when
        the list has other problems (then the field is unusable)."""
        from ._page_items import _item_type
        from ._unions import hollow_item

        if not isinstance(value, list):
            return None
        item = _item_type(cls.model_fields[name].annotation)
        prefix = "/" + _escape(wire) + "/"
        at: dict[int, Deviation] = {}
        for found in located:
            index = found.pointer[len(prefix) :] if found.pointer.startswith(prefix) else ""
            if not (index.isdigit() and int(index) < len(value)):
                return None
            at[int(index)] = replace(found, pointer="", field=None)
        hollows = {i: hollow_item(item, value[i], problem) for i, problem in at.items()}
        if not hollows or any(hollow is None for hollow in hollows.values()):
            return None
        adapter = _type_adapter(item)
        try:
            return [
                hollows[i] if i in hollows else adapter.validate_python(entry, context=context)
                for i, entry in enumerate(value)
            ]
        except ValidationError:
            return None

    @classmethod
    def _salvage(cls, data: Mapping[str, Any], error: ValidationError, info: ValidationInfo) -> Any:
        """Keep the fields that validate; leave the others unusable (reading one raises
        `UnusableFieldError`), each problem recorded where it is (see `deviations`)."""
        fields = cls.model_fields
        by_wire = {_wire_name(name, f): name for name, f in fields.items()}
        instance = cls.model_construct()
        for declared in fields:
            instance.__dict__.pop(declared, None)  # set below from the data, or left unusable
        fields_set: set[str] = set()
        extra: dict[str, Any] = {}
        found: list[Deviation] = []
        raw: dict[str, Any] = {}
        for key, value in data.items():
            name = by_wire.get(key)  # wire names only: a key equal to a Python name is an extra
            if name is None:
                extra[key] = value
                fields_set.add(
                    key
                )  # as pydantic counts extras: set, so a dump with exclude_unset keeps them
                continue
            fields_set.add(name)
            wire = _wire_name(name, fields[name])
            if value is None and name in cls._omit_when_none:
                found.append(
                    Deviation(
                        "/" + _escape(wire), NULL, "null where the spec allows no null", None, name
                    )
                )
                raw[name] = None
                continue
            try:
                cls.__pydantic_validator__.validate_assignment(
                    instance, name, value, context=info.context
                )
            except ValidationError as problem:
                # located by the Python name (assignment's error location), pointed by the wire name
                python_pointer = "/" + _escape(name)
                located = [
                    replace(d, pointer="/" + _escape(wire) + d.pointer[len(python_pointer) :])
                    for d in _deviations_of(problem, {name: value}, name)
                ]
                if all(d.kind in _LEAF_KEPT for d in located):
                    kept = _relaxed_value(cls, name, value, info.context)
                    if kept is not _ABSENT:  # of its type, only a constraint missed: kept
                        instance.__dict__[name] = kept
                        located += _misses_within(cls, name, value, info.context, located, wire)
                        found.extend(replace(d, field=None) for d in located)
                        continue
                items = cls._hollow_items(name, value, located, wire, info.context)
                if items is not None:  # a list whose only problems are items that are no object
                    instance.__dict__[name] = items
                    continue
                found.extend(located)
                raw[name] = value
                instance.__dict__.pop(name, None)
        for name, field in fields.items():
            if name in fields_set and name not in extra:  # an extra may bear a field's Python name
                continue
            if field.is_required():
                wire = _wire_name(name, field)
                found.append(
                    Deviation("/" + _escape(wire), MISSING, "required field missing", None, name)
                )
            else:
                instance.__dict__[name] = field.get_default(call_default_factory=True)
        object.__setattr__(instance, "__pydantic_extra__", extra)
        object.__setattr__(instance, "__pydantic_fields_set__", fields_set)
        if found:  # else every problem was fixed below this model, and recorded there
            _record(instance, found, raw)
        return instance


def _wire_text(value: Any) -> str | None:
    """A pinned value as text (an enum member as its value); None for what pins nothing."""
    if isinstance(value, Enum):
        value = value.value
    if value is None or isinstance(value, (Mapping, list)):
        return None
    return json.dumps(value) if isinstance(value, bool) else str(value)


def _single_value(annotation: Any) -> frozenset[str] | None:
    """The wire text of the one value `annotation` allows (`Literal[E.X, "X"]`, a one-member enum),
    None when it allows more (or is no literal or enum)."""
    if typing.get_origin(annotation) is typing.Literal:
        values = frozenset(_wire_text(v) for v in typing.get_args(annotation))
    elif isinstance(annotation, type) and issubclass(annotation, Enum) and len(annotation) == 1:
        values = frozenset(_wire_text(m) for m in annotation)
    else:
        return None
    return frozenset(v for v in values if v is not None) if len(values) == 1 else None


class UnknownVariant(Model):
    """Base of the generated `Unknown...` models: a union value that fits none of the union's
    declared branches (a newer API's order status or payment type, say), received in lenient mode.

    `raw` holds the JSON value as received; dumping the model writes it back unchanged. It is a
    declared member of its union, so `isinstance` dispatch ending in `typing.assert_never` is
    exhaustive and must handle it.
    """

    raw: Any = None
    """The value as received."""
    _holds_raw: ClassVar[bool] = True

    @model_serializer(mode="wrap")
    def _leave_out_nones(self, handler: SerializerFunctionWrapHandler) -> Any:
        return self.raw  # as received

    @classmethod
    def of(cls, raw: Any, problem: Deviation) -> UnknownVariant:
        instance = cls.model_construct(raw=raw)
        _record(instance, [problem])
        return instance
