"""Base of every generated model: strict when you build a request, lenient when parsing a response.

Requests are validated completely (constraints, enums, formats) before anything is sent.
Responses are parsed with the context `{"lenient": True}`: a field the server sent in a shape
the spec does not allow (a `null`, an unknown enum value, a too-long string) is kept as the raw
value instead of failing the whole response, and undeclared fields are kept as extras.

Unions: a discriminated union picks its branch by the discriminator value (an unknown value is kept
raw on responses). Any other union is pydantic's smart union (the branch the value fits exactly,
else the one with the most fields set); on responses a branch that fits without salvaging anything
always wins over one that needs salvaging, and otherwise the branch with the fewest problems is
salvaged (`LenientUnion`).
"""

from __future__ import annotations

import difflib
import json
import logging
import math
import re
import typing
from collections.abc import Callable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, replace
from datetime import timedelta
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import TYPE_CHECKING, Any, ClassVar, TypeAlias

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    GetCoreSchemaHandler,
    ModelWrapValidatorHandler,
    SerializationInfo,
    SerializerFunctionWrapHandler,
    TypeAdapter,
    ValidationError,
    ValidationInfo,
    ValidatorFunctionWrapHandler,
    WrapValidator,
    model_serializer,
    model_validator,
)
from pydantic.fields import FieldInfo
from pydantic_core import (
    CoreSchema,
    InitErrorDetails,
    PydanticCustomError,
    SchemaValidator,
    core_schema,
)

from . import errors

LENIENT = {"lenient": True}
"""Validation context for responses: pass it as `context=` to parse like the client does."""


def is_lenient(info: ValidationInfo) -> bool:
    context = info.context
    return isinstance(context, Mapping) and bool(context.get("lenient"))


_salvage_allowed: ContextVar[bool] = ContextVar("_salvage_allowed", default=True)
"""False while a union tries its branches for a clean fit (no field kept raw, no unknown tag kept)."""


def _may_salvage(info: ValidationInfo) -> bool:
    return is_lenient(info) and _salvage_allowed.get()


_F = typing.TypeVar("_F", bound=Callable[..., Any])


def _lenient_only(function: _F) -> _F:
    """Marks a wrap validator that changes nothing for a value that validates: the client parses a
    response without these hooks first (plain pydantic speed), and again with them only when that
    fails (`_base_client.parse_value`)."""
    setattr(function, "__lenient_only__", True)
    return function


def _without_salvage(validate: Callable[[], Any]) -> Any:
    token = _salvage_allowed.set(False)
    try:
        return validate()
    finally:
        _salvage_allowed.reset(token)


_relaxed: ContextVar[bool] = ContextVar("_relaxed", default=False)
"""True while a field whose value missed only a constraint is read again without its constraints
(`_relaxed_value`): the checks written here (patterns, unique items, e-mail syntax, decimal text)
let the value through. A nested model sets it back to False: its own misses are its own to record."""


def _passes_relaxed() -> bool:
    """Whether a failed constraint check lets its value through (a leaf kept, its miss recorded)."""
    return _relaxed.get()


_by_python_names: ContextVar[bool] = ContextVar("_by_python_names", default=False)
"""True while a constructor validates its keywords (and the dicts nested in them) by Python names."""


# --- Deviations: where a response breaks the spec ------------------------------------------------

WRONG_TYPE = "wrong type"
NULL = "null where not nullable"
MISSING = "missing required field"
PATTERN = "pattern miss"
CONSTRAINT = "constraint violated"
UNKNOWN_ENUM = "unknown enum value"
UNKNOWN_DISCRIMINATOR = "unknown discriminator"
NO_BRANCH = "fits no union branch"
NOT_JSON = "body not JSON"
"""A complete 2xx body that is no JSON where JSON is declared (a proxy's HTML page, say)."""
EMPTY_BODY = "empty body"
"""An empty 2xx body (an empty 200, a 204) where a JSON value is declared."""
NEAREST_BRANCH = "no exact union branch"
"""A union value read as the branch nearest to it (see `_nearest_branch`); its own problems are
recorded below it."""
UNDECLARED = "undeclared field"
ADDITIONAL = "additional property"
"""An undeclared field where the schema allows additional properties (JSON Schema's default): not a
violation. Listed by `deviations()`, logged at DEBUG at most, never raised in strict mode."""

_KINDS_BY_ERROR = {
    "missing": MISSING,
    "enum": UNKNOWN_ENUM,
    "literal_error": UNKNOWN_ENUM,
    "string_pattern_mismatch": PATTERN,
    "union_tag_invalid": UNKNOWN_DISCRIMINATOR,
    "unknown_discriminator": UNKNOWN_DISCRIMINATOR,
    "union_tag_not_found": MISSING,
    "extra_forbidden": UNDECLARED,
}
_CONSTRAINT_ERRORS = frozenset(
    {
        "greater_than", "greater_than_equal", "less_than", "less_than_equal", "multiple_of", "too_short",
        "too_long", "string_too_short", "string_too_long", "unique_items", "email", "property_name",
        "decimal_max_digits", "decimal_max_places", "decimal_whole_digits",
    }
)  # fmt: skip

_LOGGER = logging.getLogger(__name__.rpartition(".")[0] or __name__)
"""The package's logger (`logging.getLogger(<package>.__name__)`): one line per call that deviates."""


@dataclass(frozen=True)
class Deviation:
    """One place where a received value breaks the spec."""

    pointer: str
    """JSON pointer, from the object `deviations()` was asked about, to the value."""
    kind: str
    """One of the kinds above: "wrong type", "unknown enum value", "additional property", ..."""
    message: str
    value: Any
    """The value received there (None for a missing field)."""
    field: str | None = None
    """The Python name of the field left unusable by it, when this model holds that field."""


_DEVIATIONS = "__deviations__"
_UNUSABLE = "__unusable__"


def _record(
    instance: BaseModel, found: list[Deviation], raw: Mapping[str, Any] | None = None
) -> None:
    """Keep `found` (pointers relative to `instance`) and the raw values of its unusable fields."""
    private = dict(_private(instance) or {})
    private[_DEVIATIONS] = [*private.get(_DEVIATIONS, ()), *found]
    unusable = dict(private.get(_UNUSABLE, {}))
    unusable.update(raw or {})
    for d in found:
        if d.field is not None and d.field not in unusable:
            unusable[d.field] = _ABSENT if d.kind == MISSING else d.value
    private[_UNUSABLE] = unusable
    object.__setattr__(instance, "__pydantic_private__", private)


def _private(instance: BaseModel) -> dict[str, Any] | None:
    """The instance's private attributes, None when it has none. Read without `__getattr__` (which
    asks for them), and unset on pydantic < 2.12's `model_construct` of a model declaring none."""
    try:
        private: dict[str, Any] | None = object.__getattribute__(instance, "__pydantic_private__")
    except AttributeError:
        return None
    return private


def _unusable_fields(instance: BaseModel) -> Mapping[str, Any]:
    private = _private(instance)
    return private.get(_UNUSABLE, _NO_FIELDS) if private else _NO_FIELDS


_NO_FIELDS: Mapping[str, Any] = {}
_ABSENT: Any = object()
"""The raw value of an unusable field the server left out (dumps leave it out too)."""


def _unusable_message(instance: BaseModel, name: str, raw: Any) -> str:
    private = _private(instance) or {}
    reasons = [
        f"{d.kind} at {d.pointer or '/'}: {d.message}"
        for d in private.get(_DEVIATIONS, ())
        if d.field == name or d.kind in (NOT_JSON, EMPTY_BODY)
    ]
    package = __name__.rpartition(".")[0]
    return (
        f"{type(instance).__name__}.{name} holds no value: the server "
        + (
            "left it out"
            if raw is _ABSENT
            else f"sent {_short(raw)}, which the spec does not allow there"
        )
        + f" ({'; '.join(reasons) or 'see deviations'}). {package}.deviations(obj) lists what was received."
    )


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _pointer(data: Any, loc: tuple[Any, ...]) -> str:
    """The JSON pointer in `data` of a pydantic error location (branch and validator names skipped)."""
    tokens: list[str] = []
    current = data
    for index, step in enumerate(loc):
        if isinstance(current, Mapping) and isinstance(step, str) and step in current:
            current = current[step]
        elif isinstance(current, list) and isinstance(step, int) and 0 <= step < len(current):
            current = current[step]
        elif isinstance(current, Mapping) and isinstance(step, str) and index == len(loc) - 1:
            current = None  # a missing field
        else:
            continue
        tokens.append(_escape(str(step)))
    return "".join("/" + token for token in tokens)


def _kind(error: Any) -> str:
    if error["input"] is None and error["type"] != "missing":
        return NULL
    if error["type"] in _KINDS_BY_ERROR:
        return _KINDS_BY_ERROR[error["type"]]
    return CONSTRAINT if error["type"] in _CONSTRAINT_ERRORS else WRONG_TYPE


def _deviations_of(error: ValidationError, data: Any, field: str | None) -> list[Deviation]:
    """The problems of `error` (one per pointer), located in `data`."""
    found: dict[str, Deviation] = {}
    for e in error.errors():
        pointer = _pointer(data, e["loc"])
        if pointer not in found:
            value = None if e["type"] == "missing" else e["input"]
            found[pointer] = Deviation(pointer, _kind(e), e["msg"], value, field)
    return list(found.values())


def deviations(value: Any) -> list[Deviation]:
    """Where `value` (anything a call or a webhook parser returned) breaks the spec, `[]` when it
    conforms: each a `Deviation` (`.pointer` from `value`, `.kind`, `.message`, `.value`).

    Undeclared fields where the schema allows them are listed too, as kind "additional property"
    (not a violation)."""
    found: list[Deviation] = []
    _collect(value, "", found)
    return found


def _collect(value: Any, prefix: str, found: list[Deviation]) -> None:
    if isinstance(value, BaseModel):
        private = _private(value)
        if private:
            found.extend(
                replace(d, pointer=prefix + d.pointer) for d in private.get(_DEVIATIONS, ())
            )
        if isinstance(value, UnknownVariant):
            return
        fields = type(value).model_fields
        for name, item in value.__dict__.items():
            field = fields.get(name)
            wire = _wire_name(name, field) if field is not None else name
            _collect(item, prefix + "/" + _escape(wire), found)
        closed = isinstance(value, Model) and value._forbid_extra
        for key, item in (value.__pydantic_extra__ or {}).items():
            kind, message = (
                (UNDECLARED, "not declared by the spec")
                if closed
                else (ADDITIONAL, "kept as an extra")
            )
            found.append(Deviation(prefix + "/" + _escape(str(key)), kind, message, item))
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            _collect(item, f"{prefix}/{index}", found)
    elif isinstance(value, dict):
        for key, item in value.items():
            _collect(item, prefix + "/" + _escape(str(key)), found)


def log_deviations(operation: str, found: list[Deviation]) -> None:
    """One line per call: each kind and location pattern (list indexes as `*`) with a count."""
    violations = [d for d in found if d.kind != ADDITIONAL]
    if violations and _LOGGER.isEnabledFor(logging.WARNING):
        _LOGGER.warning("%s: response deviates from the spec: %s", operation, _summary(violations))
    extras = [d for d in found if d.kind == ADDITIONAL]
    if extras and _LOGGER.isEnabledFor(logging.DEBUG):
        _LOGGER.debug(
            "%s: response has fields the spec does not declare: %s", operation, _summary(extras)
        )


def extras_logged() -> bool:
    """Whether the package's logger shows DEBUG lines (the undeclared fields of each response)."""
    return _LOGGER.isEnabledFor(logging.DEBUG)


_INDEX = re.compile(r"/[0-9]+(?=/|$)")


def _summary(found: list[Deviation]) -> str:
    groups: dict[tuple[str, str], list[Deviation]] = {}
    for d in found:
        groups.setdefault((d.kind, _INDEX.sub("/*", d.pointer) or "/"), []).append(d)
    parts = []
    for (kind, pattern), items in groups.items():
        first = items[0]
        example = (
            first.message if kind == MISSING else f"e.g. {_short(first.value)}: {first.message}"
        )
        parts.append(f"{kind} at {pattern} x{len(items)} ({example})")
    return "; ".join(parts)


def _wire_name(name: str, field: FieldInfo) -> str:
    """The field's name on the wire (its alias, which may be the empty string) else its Python name."""
    return field.serialization_alias if field.serialization_alias is not None else name


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

    def model_post_init(self, context: Any, /) -> None:
        if self._pinned_fields:
            self.__pydantic_fields_set__.update(self._pinned_fields)

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


def hollow_value(kind: Any, problem: Deviation) -> Any:
    """What a lenient client returns for a body it cannot read where `kind` is declared (no JSON, or
    empty): the declared model with every field unusable, or the union's `Unknown...` member holding
    what was received, `problem` recorded on it; None when `kind` is neither (nothing typed can
    stand for the body)."""
    bare = typing.get_args(kind)[0] if typing.get_origin(kind) is typing.Annotated else kind
    if isinstance(bare, type) and issubclass(bare, Model) and not issubclass(bare, UnknownVariant):
        instance = bare.model_construct()
        for name in bare.model_fields:
            instance.__dict__.pop(name, None)
        object.__setattr__(instance, "__pydantic_fields_set__", set())
        _record(instance, [problem], dict.fromkeys(bare.model_fields, _ABSENT))
        return instance
    _, unknown = _unknown_branch(bare)
    if unknown is not None:
        return unknown.of(problem.value, problem)
    return None


_LEAF_KEPT = frozenset({PATTERN, CONSTRAINT})
"""Kinds of deviation that leave a value of the annotated type: the field keeps it (lenient mode)."""

_CONSTRAINT_KEYS = frozenset(
    {
        "pattern", "min_length", "max_length", "gt", "ge", "lt", "le", "multiple_of", "max_digits",
        "decimal_places",
    }
)  # fmt: skip


def _relaxed_value(cls: type[Model], name: str, value: Any, context: Any) -> Any:
    """`value` validated as field `name` of `cls` without the field's constraints (patterns,
    lengths, bounds, multipleOf, item counts, unique items): its typed value, or `_ABSENT` when it is
    not of the field's type either. Nested models keep theirs (and record their own misses)."""
    token = _relaxed.set(True)
    try:
        return _field_validator(cls, name, _CONSTRAINT_KEYS).validate_python(value, context=context)
    except ValidationError:
        return _ABSENT
    finally:
        _relaxed.reset(token)


def _misses_within(
    cls: type[Model], name: str, value: Any, context: Any, found: list[Deviation], wire: str
) -> list[Deviation]:
    """The misses inside a list or mapping that also has too many or too few items: pydantic
    stops at the count, so its items are checked again without it (not one miss goes unrecorded)."""
    if not any(d.pointer == "/" + _escape(wire) for d in found) or not isinstance(
        value, (list, Mapping)
    ):
        return []
    try:
        _field_validator(cls, name, _COUNT_KEYS).validate_python(value, context=context)
    except ValidationError as error:
        known = {d.pointer for d in found}
        return [
            replace(d, pointer="/" + _escape(wire) + d.pointer)
            for d in _deviations_of(error, value, name)
            if "/" + _escape(wire) + d.pointer not in known
        ]
    return []


def _field_validator(cls: type[Model], name: str, dropped: frozenset[str]) -> SchemaValidator:
    """A validator of field `name` of `cls` without the constraints named in `dropped` (cached)."""
    validators = cls.__dict__.get("_relaxed_validators")
    if validators is None:
        validators = {}
        setattr(cls, "_relaxed_validators", validators)
    validator = validators.get((name, dropped))
    if validator is None:
        field = cls.model_fields[name]
        annotation: Any = field.annotation
        if field.metadata:
            annotation = typing.Annotated[(annotation, *field.metadata)]
        schema = TypeAdapter(annotation).core_schema
        validator = SchemaValidator(_without_constraints(schema, dropped))
        validators[(name, dropped)] = validator
    return typing.cast(SchemaValidator, validator)


def _without_constraints(schema: Any, dropped: frozenset[str]) -> Any:
    """A copy of a pydantic core schema without the constraints in `dropped` that pydantic checks
    itself, down to the models it holds (each model keeps its schema whole: its misses are recorded
    where they are). Item counts are dropped from lists, sets and mappings only."""
    if isinstance(schema, list):
        return [_without_constraints(item, dropped) for item in schema]
    if not isinstance(schema, dict):
        return schema
    kind = schema.get("type")
    if kind == "model":
        return schema
    if dropped is _COUNT_KEYS and kind not in _CONTAINERS:
        return {key: _without_constraints(item, dropped) for key, item in schema.items()}
    return {
        key: _without_constraints(item, dropped)
        for key, item in schema.items()
        if not (isinstance(kind, str) and key in dropped)
    }


def _root_relaxed(schema: Any, cls: type) -> Any:
    """`cls`'s core schema without its own model wrap validator and with its own fields'
    constraints dropped (`_without_constraints`); ValueError for a shape it does not know."""
    kind = schema.get("type") if isinstance(schema, dict) else None
    if kind == "definitions":
        return {**schema, "schema": _root_relaxed(schema["schema"], cls)}
    if kind == "function-wrap" and isinstance(schema.get("schema"), dict):
        inner = schema["schema"]
        if inner.get("type") == "model" and inner.get("cls") is cls:
            return _root_relaxed(inner, cls)  # its ref dropped: a reference to it fails the build
    if kind == "model" and schema.get("cls") is cls:
        fields_schema = schema["schema"]
        if fields_schema.get("type") == "model-fields":
            fields = {
                name: _without_constraints(field, _CONSTRAINT_KEYS)
                for name, field in fields_schema["fields"].items()
            }
            return {**schema, "schema": {**fields_schema, "fields": fields}}
    raise ValueError(f"{cls.__name__}: unexpected core schema")


_COUNT_ERRORS = frozenset({"too_long", "too_short"})
"""A list's or mapping's item count: pydantic stops there, so its items are checked field by field."""

_COUNT_KEYS = frozenset({"min_length", "max_length"})
_CONTAINERS = frozenset({"list", "set", "frozenset", "tuple", "dict"})


class UnknownVariant(Model):
    """Base of the generated `Unknown...` models: a union value that fits none of the union's
    declared branches (a newer API's order status or payment type, say), received in lenient mode.

    `raw` holds the JSON value as received; dumping the model writes it back unchanged. It is a
    declared member of its union, so `isinstance` dispatch ending in `typing.assert_never` is
    exhaustive and must handle it.
    """

    raw: Any = None
    """The value as received."""

    @model_serializer(mode="wrap")
    def _leave_out_nones(self, handler: SerializerFunctionWrapHandler) -> Any:
        return self.raw  # as received

    @classmethod
    def of(cls, raw: Any, problem: Deviation) -> UnknownVariant:
        instance = cls.model_construct(raw=raw)
        _record(instance, [problem])
        return instance


def discriminator(wire_name: str, tags: dict[str, str]) -> _TaggedUnion:
    """A union discriminator reading `wire_name` from wire data or from a model instance.

    `tags` maps each wire value to the tag (class name) of its branch. Works whether the property
    is a declared `discriminator` or inferred from single-value enums, and on enum members too.
    On responses, a value whose discriminator is missing or unknown becomes the union's
    `Unknown...` member (`.raw`), recorded as a deviation.
    """

    def pick(value: Any) -> str | None:
        if isinstance(value, Mapping):
            raw = value.get(wire_name)
        else:
            raw = _attribute_by_wire_name(value, wire_name)
        if isinstance(raw, Enum):
            raw = raw.value
        return tags.get(str(raw)) if raw is not None else None

    return _TaggedUnion(Discriminator(pick), wire_name, tags)


def _unknown_branch(source: Any) -> tuple[Any, type[UnknownVariant] | None]:
    """The union `source` without its `Unknown...` member, and that member (None when it has none)."""
    branches = typing.get_args(source)
    unknown: type[UnknownVariant] | None = None
    kept = []
    for branch in branches:
        bare = (
            typing.get_args(branch)[0] if typing.get_origin(branch) is typing.Annotated else branch
        )
        if isinstance(bare, type) and issubclass(bare, UnknownVariant):
            unknown = bare
        else:
            kept.append(branch)
    if unknown is None or not kept:
        return source, unknown
    return (
        typing.Union[tuple(kept)] if len(kept) > 1 else kept[0]
    ), unknown  # noqa: UP007 - built at run time


def _unknown_as_raw(declared: CoreSchema) -> core_schema.SerSchema:
    """Serialization of a union with an `Unknown...` member: that member as received, the others
    as their branch of `declared` says."""

    def serialize(value: Any, handler: SerializerFunctionWrapHandler) -> Any:
        return value.raw if isinstance(value, UnknownVariant) else handler(value)

    return core_schema.wrap_serializer_function_ser_schema(serialize, schema=declared)


class _TaggedUnion:
    """Annotation metadata: pydantic's callable-discriminator union over the declared branches.

    A request's discriminator must be one of the declared values (the error lists them). On
    responses, an unknown or missing discriminator (a newer API's branch) gives the union's
    `Unknown...` member instead of failing.
    """

    def __init__(self, picker: Discriminator, wire_name: str, tags: dict[str, str]) -> None:
        self.picker = picker
        self.wire_name = wire_name
        self.allowed = ", ".join(repr(tag) for tag in tags)

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        declared, unknown = _unknown_branch(source)
        wire_name, allowed = self.wire_name, self.allowed

        def unknown_tag(value: Any) -> tuple[bool, Any]:
            return (True, value.get(wire_name)) if isinstance(value, Mapping) else (False, None)

        @_lenient_only
        def validate(
            value: Any, next_: core_schema.ValidatorFunctionWrapHandler, info: ValidationInfo
        ) -> Any:
            if unknown is not None and isinstance(value, unknown):
                return value
            try:
                return next_(value)
            except ValidationError as error:
                if not any(
                    e["type"] in ("union_tag_invalid", "union_tag_not_found")
                    for e in error.errors()
                ):
                    raise
                is_mapping, tag = unknown_tag(value)
                if not is_mapping:
                    raise
                given = f"not {tag!r}" if tag is not None else "and is missing"
                message = f"{wire_name!r} should be one of {allowed}, {given}"
                if unknown is not None and _may_salvage(info):
                    kind = UNKNOWN_DISCRIMINATOR if tag is not None else MISSING
                    return unknown.of(
                        value, Deviation("/" + _escape(wire_name), kind, message, tag)
                    )
                raise PydanticCustomError("unknown_discriminator", message) from None

        inner = self.picker.__get_pydantic_core_schema__(declared, handler)
        return core_schema.with_info_wrap_validator_function(
            validate, inner, serialization=_unknown_as_raw(inner)
        )


class _LenientUnion:
    """Annotation metadata of a union without a discriminator: pydantic's smart union of the
    declared branches on requests.

    On responses, the branches are tried without salvaging anything (the smart union's choice among
    those the value fits exactly); when none fits, the value becomes the union's `Unknown...` member
    (`.raw`), recorded as a deviation: never a branch it does not fit.
    """

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        declared, unknown = _unknown_branch(source)
        names = ", ".join(
            getattr(b, "__name__", str(b)) for b in typing.get_args(declared) or (declared,)
        )

        @_lenient_only
        def validate(
            value: Any, next_: core_schema.ValidatorFunctionWrapHandler, info: ValidationInfo
        ) -> Any:
            if unknown is not None and isinstance(value, unknown):
                return value
            if not _may_salvage(info):
                return next_(value)
            try:
                return _without_salvage(lambda: next_(value))
            except ValidationError as error:
                nearest = _nearest_branch(typing.get_args(declared) or (declared,), value, info)
                if nearest is not None:
                    return nearest
                if unknown is None:
                    raise
                message = f"fits none of {names} ({error.error_count()} problems)"
                return unknown.of(value, Deviation("", NO_BRANCH, message, value))

        inner = handler(declared)
        return core_schema.with_info_wrap_validator_function(
            validate, inner, serialization=_unknown_as_raw(inner)
        )


def _nearest_branch(branches: tuple[Any, ...], value: Any, info: ValidationInfo) -> Any:
    """The model branch a response value that fits no branch exactly is read as, salvaged (its bad
    leaves unusable and recorded), with a deviation saying which branch and why; None when the value
    is no JSON object or its pins (single-value properties: a discriminator, `const`, a one-value
    enum) match no branch, so that it stays the union's `Unknown...` member.

    The candidates are the branches whose pins the value matches, else those without pins. Of them,
    the one with the fewest type-level problems (a wrong type, a null, a missing field, an unknown
    value, and a field of the value the branch does not declare: evidence of another branch; a
    missed constraint keeps its value and does not count), then the most of its declared fields
    present, then the first declared."""
    if not isinstance(value, Mapping):
        return None
    bare = [
        typing.get_args(b)[0] if typing.get_origin(b) is typing.Annotated else b for b in branches
    ]
    models = [(i, b) for i, b in enumerate(bare) if isinstance(b, type) and issubclass(b, Model)]
    pinned = [(i, b) for i, b in models if b._pins()]
    selected = [(i, b) for i, b in pinned if b._pins_match(value)]
    candidates = selected or [(i, b) for i, b in models if not b._pins()]
    scored = []
    for index, branch in candidates:
        try:
            result = branch.__pydantic_validator__.validate_python(value, context=info.context)
        except ValidationError:
            continue
        problems = [d for d in deviations(result) if d.kind not in _NOT_TYPE_LEVEL]
        present = sum(wire in value for wire in branch._wire_names())
        scored.append((len(problems), -present, index, branch, result))
    if not scored:
        return None
    scored.sort(key=lambda entry: entry[:3])
    count, present, _, branch, result = scored[0]
    why = (
        "its pins " + ", ".join(f"{k}={v!r}" for k, v in branch._pins_seen(value))
        if selected
        else f"the fewest type-level problems ({count}; {-present} of its fields present)"
    )
    others = (
        ", ".join(f"{b.__name__} {c}" for c, _, _, b, _ in scored[1:]) or "no other branch parses"
    )
    message = (
        f"fits no branch exactly; read as {branch.__name__}, selected by {why}"
        f" (the others' problems: {others})"
    )
    _record(result, [Deviation("", NEAREST_BRANCH, message, None)])
    return result


_NOT_TYPE_LEVEL = frozenset({PATTERN, CONSTRAINT})


LenientUnion = _LenientUnion()
"""Marks a union without a discriminator (see `_LenientUnion`)."""


def _attribute_by_wire_name(value: Any, wire_name: str) -> Any:
    fields = getattr(type(value), "model_fields", None)
    if isinstance(fields, dict):
        for name, info in fields.items():
            if _wire_name(name, info) == wire_name:
                return getattr(value, name, None)
    return getattr(value, wire_name, None)


_CORE_ERROR_TYPES = frozenset(typing.get_args(core_schema.ErrorType))


def _error_details(error: ValidationError) -> list[InitErrorDetails]:
    """The errors of `error`, ready to be raised again together with others (custom types included)."""
    details: list[InitErrorDetails] = []
    for e in error.errors():
        if (
            e["type"] in _CORE_ERROR_TYPES and "url" in e
        ):  # pydantic's own (a custom one has no url)
            details.append(
                {"type": e["type"], "loc": e["loc"], "input": e["input"], "ctx": e.get("ctx", {})}
            )
        else:
            details.append(
                {
                    "type": PydanticCustomError(e["type"], e["msg"]),
                    "loc": e["loc"],
                    "input": e["input"],
                }
            )
    return details


def _same_json(a: Any, b: Any) -> bool:
    """JSON equality: `true` is not `1` (Python says True == 1)."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    return bool(a == b)


def _check_unique(items: list[Any]) -> list[Any]:
    for index, item in enumerate(items):
        if any(_same_json(item, earlier) for earlier in items[:index]) and not _passes_relaxed():
            raise PydanticCustomError(
                "unique_items",
                "items must be unique; item {index} repeats an earlier one",
                {"index": index},
            )
    return items


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _check_email(value: str) -> str:
    if not _EMAIL.match(value) and not _passes_relaxed():
        raise PydanticCustomError("email", "value is not a valid email address")
    return value


def Pattern(pattern: str) -> AfterValidator:  # noqa: N802 - reads like a type marker
    """`pattern`: the string must contain a match (JSON Schema searches; it does not anchor).

    `pattern` is the spec's ECMA-262 expression already spelled for Python's `re` by the generator
    (`$` as `\\Z`, ASCII classes): the same in every model and type adapter, whatever pydantic's
    regex engine, and lookarounds and back references work.
    """
    compiled = re.compile(pattern)

    def check(value: str) -> str:
        if not compiled.search(value) and not _passes_relaxed():
            raise PydanticCustomError(
                "string_pattern_mismatch",
                "String should match pattern '{pattern}'",
                {"pattern": pattern},
            )
        return value

    return AfterValidator(check)


def PropertyNames(  # noqa: N802 - reads like a type marker
    pattern: str | None = None, *, min_length: int | None = None, max_length: int | None = None
) -> WrapValidator:
    """`propertyNames: {pattern, minLength, maxLength}`: every key of the mapping must comply.

    Keys are checked whether or not the values are valid, and their problems are reported with
    the values' (each at its key), so a bad request lists everything at once.
    """
    compiled = re.compile(pattern) if pattern is not None else None

    def key_problem(key: str) -> PydanticCustomError | None:
        if compiled is not None and not compiled.search(key):
            return PydanticCustomError(
                "property_name",
                "key '{key}' does not match '{pattern}'",
                {"key": key, "pattern": str(pattern)},
            )
        if min_length is not None and len(key) < min_length:
            return PydanticCustomError(
                "property_name",
                "key '{key}' is shorter than {min_length} characters",
                {"key": key, "min_length": min_length},
            )
        if max_length is not None and len(key) > max_length:
            return PydanticCustomError(
                "property_name",
                "key '{key}' is longer than {max_length} characters",
                {"key": key, "max_length": max_length},
            )
        return None

    def check(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        problems: list[InitErrorDetails] = []
        if isinstance(value, Mapping) and not _passes_relaxed():
            for key in value:
                problem = key_problem(str(key))
                if problem is not None:
                    problems.append({"type": problem, "loc": (str(key),), "input": key})
        try:
            result = handler(value)
        except ValidationError as error:
            if not problems:
                raise
            problems.extend(_error_details(error))
            result = None
        if problems:
            raise ValidationError.from_exception_data("propertyNames", problems)
        return result

    return WrapValidator(check)


_DURATION = re.compile(
    r"(?P<sign>-)?P(?!$)(?:(?P<years>\d+)Y)?(?:(?P<months>\d+)M)?(?:(?P<weeks>\d+)W)?(?:(?P<days>\d+)D)?"
    r"(?:T(?!$)(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?(?:(?P<seconds>\d+(?:[.,]\d+)?)S)?)?"
)


class Duration:
    """`format: duration`: an ISO 8601 duration kept exactly as written, so it goes back on the wire
    unchanged (`P1M` stays one month; a `timedelta` cannot hold months or years, whose length depends
    on the date they start from). Build one from its text or from a timedelta (`Duration.of`);
    `to_timedelta()` converts when the duration has a fixed length."""

    __slots__ = (
        "_text",
        "years",
        "months",
        "weeks",
        "days",
        "hours",
        "minutes",
        "seconds",
        "negative",
    )

    def __init__(self, text: str) -> None:
        match = _DURATION.fullmatch(text) if isinstance(text, str) else None
        if match is None:
            raise ValueError(f"not an ISO 8601 duration: {text!r}")
        parts = match.groupdict()
        self._text = text
        self.negative = parts["sign"] is not None
        self.years, self.months, self.weeks, self.days, self.hours, self.minutes = (
            int(parts[name] or 0)
            for name in ("years", "months", "weeks", "days", "hours", "minutes")
        )
        self.seconds = float((parts["seconds"] or "0").replace(",", "."))

    @classmethod
    def of(cls, value: timedelta) -> Duration:
        """The duration of a timedelta, in days and seconds (`P1DT1H30M`)."""
        total = abs(value)
        seconds = total.seconds + total.microseconds / 1_000_000
        hours, rest = divmod(seconds, 3600)
        minutes, rest = divmod(rest, 60)
        time_part = "".join(
            f"{number}{unit}" for number, unit in ((int(hours), "H"), (int(minutes), "M")) if number
        ) + (f"{rest:g}S" if rest else "")
        text = (
            ("-" if value < timedelta(0) else "") + "P" + (f"{total.days}D" if total.days else "")
        )
        text += f"T{time_part}" if time_part else ("" if total.days else "T0S")
        return cls(text)

    def to_timedelta(self) -> timedelta:
        """The same duration as a timedelta; ValueError when it counts years or months."""
        if self.years or self.months:
            raise ValueError(
                f"{self._text} counts years or months, whose length depends on the start date"
            )
        value = timedelta(
            weeks=self.weeks,
            days=self.days,
            hours=self.hours,
            minutes=self.minutes,
            seconds=self.seconds,
        )
        return -value if self.negative else value

    def __str__(self) -> str:
        return self._text

    def __repr__(self) -> str:
        return f"Duration({self._text!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Duration) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def _key(self) -> tuple[object, ...]:
        return (
            self.negative,
            self.years,
            self.months,
            self.weeks,
            self.days,
            self.hours,
            self.minutes,
            self.seconds,
        )

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        def validate(value: Any) -> Duration:
            if isinstance(value, Duration):
                return value
            if isinstance(value, timedelta):
                return cls.of(value)
            if isinstance(value, str):
                try:
                    return cls(value)
                except ValueError:
                    raise PydanticCustomError(
                        "duration", "value is not an ISO 8601 duration"
                    ) from None
            raise PydanticCustomError(
                "duration_type", "a duration is an ISO 8601 string, a Duration or a timedelta"
            )

        return core_schema.no_info_plain_validator_function(
            validate,
            json_schema_input_schema=core_schema.str_schema(),
            serialization=core_schema.plain_serializer_function_ser_schema(
                str, when_used="json-unless-none"
            ),
        )


UniqueItems = AfterValidator(_check_unique)
"""`uniqueItems: true`."""
EmailFormat = AfterValidator(_check_email)
"""`format: email`: a plain syntax check (no DNS, no extra dependency)."""


class FloatEnum(float, Enum):
    """Base of an enum of numbers: a member reads as its value (`str(Rate.HALF) == "0.5"`), like
    `StrEnum` and `IntEnum` members do."""

    def __str__(self) -> str:
        return str(self.value)

    def __format__(self, format_spec: str) -> str:
        return format(self.value, format_spec)


# --- Money: exact decimals in both directions -------------------------------------------------


class JSONFloat(float):
    """A JSON number with a fraction or exponent, as parsed by `loads`: a float that remembers the
    digits the server wrote, so a `Decimal` field gets exactly those (`10.10`, not 10.1)."""

    __slots__ = ("text",)
    text: str

    def __new__(cls, text: str) -> JSONFloat:
        number = super().__new__(cls, text)
        number.text = text
        return number


def loads(data: str | bytes) -> Any:
    """`json.loads`, with numbers that have a fraction read as `JSONFloat` (exact digits kept)."""
    return json.loads(data, parse_float=JSONFloat)


class WireNumber(Decimal):
    """A decimal written as a JSON number (the exact digits) when the client encodes a request body;
    what a number-typed money field serializes to in Python mode."""


if TYPE_CHECKING:
    DecimalInput: TypeAlias = Decimal | int
    """A money field of a model only ever sent: `Decimal` or `int` (never a binary float)."""
else:
    DecimalInput = Decimal

_DECIMAL_TEXT = re.compile(r"-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?\Z")


def _example_text(value: float) -> str:
    """A decimal numeral near `value` to suggest instead of it (two places, as most amounts have)."""
    return f"{value:.2f}" if math.isfinite(value) else "10.00"


class DecimalOnWire:
    """Annotation metadata of a money field: a `Decimal` in Python, in its own JSON type on the wire.

    `number=True`: a JSON number. Accepts a `Decimal`, an `int`, a decimal numeral `str` or a number
    parsed by `loads` (its exact digits); a plain float only in received data (lenient parsing: the
    shortest digits that read back as it). A float given for a request (a model or a plain dict, body
    or parameter) is refused before anything is sent, naming the field: pass a `Decimal` or a `str`
    (issue 23: `0.1 + 0.2` went out as `0.30000000000000004`). `number=False`: a JSON string holding a decimal numeral (checked against
    the spec's `pattern`, if any, also when a `Decimal` is given: `Decimal("10")` is not `10.00`).
    """

    def __init__(self, *, number: bool, pattern: str | None = None) -> None:
        self.number = number
        self.pattern = re.compile(pattern) if pattern is not None else None
        self.pattern_text = pattern

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        return core_schema.with_info_before_validator_function(
            self._to_decimal,
            handler(source),
            serialization=core_schema.plain_serializer_function_ser_schema(
                self._serialize, info_arg=True, return_schema=core_schema.any_schema()
            ),
        )

    def _to_decimal(self, value: Any, info: ValidationInfo) -> Any:
        if isinstance(value, str):  # first: how a response sends money (Runa: always)
            # Also for a number: pydantic reads "10" as a number too (lax mode), and so do we, exactly.
            if not _DECIMAL_TEXT.match(value):
                raise PydanticCustomError(
                    "decimal_text", "Input should be a string holding a decimal number"
                )
            try:
                return self._checked_text(value, Decimal(value))
            except InvalidOperation:
                raise PydanticCustomError(
                    "decimal_text", "Input should be a string holding a decimal number"
                )
        if isinstance(value, bool):
            raise PydanticCustomError(
                "money_type", "Input should be a decimal number, not a boolean"
            )
        if isinstance(value, Decimal):
            if not value.is_finite():
                raise PydanticCustomError("money_finite", "Input should be a finite number")
            return self._checked_text(format(value, "f"), value)
        if isinstance(value, int):
            return self._checked_text(str(value), Decimal(value))
        if isinstance(value, float):
            text = getattr(value, "text", None)
            if self.number and isinstance(text, str):  # a JSON number as `loads` read it
                return self._checked_text(text, Decimal(text))
            if self.number and math.isfinite(value) and is_lenient(info):
                # received JSON read by another parser: the shortest digits that read back as it
                return self._checked_text(repr(value), Decimal(repr(value)))
            # Never sent: a binary float is no exact amount (0.1 + 0.2 is 0.30000000000000004).
            raise PydanticCustomError(
                "money_float",
                "money must be exact: pass a Decimal or a str such as '{example}', not the float {value}",
                {"value": repr(value), "example": _example_text(value)},
            )
        raise PydanticCustomError("money_type", "Input should be a decimal number")

    def _checked_text(self, text: str, value: Decimal) -> Decimal:
        if self.pattern is not None and not self.pattern.search(text) and not _passes_relaxed():
            raise PydanticCustomError(
                "string_pattern_mismatch",
                "Decimal text '{text}' should match pattern '{pattern}'",
                {"text": text, "pattern": self.pattern_text},
            )
        return value

    def _serialize(self, value: Any, info: SerializationInfo) -> Any:
        if not isinstance(value, Decimal):
            return value
        if not self.number:
            return format(value, "f")
        # JSON mode has no exact number type: the nearest float. The client's own encoder writes
        # the exact digits of a `WireNumber` (`_base_client._json_text`).
        return float(value) if info.mode_is_json() else WireNumber(value)


__all__ = [
    "LENIENT",
    "Duration",
    "Deviation",
    "UnknownVariant",
    "deviations",
    "log_deviations",
    "hollow_value",
    "DecimalInput",
    "DecimalOnWire",
    "FloatEnum",
    "JSONFloat",
    "WireNumber",
    "loads",
    "EmailFormat",
    "LenientUnion",
    "Model",
    "Pattern",
    "PropertyNames",
    "UniqueItems",
    "discriminator",
    "is_lenient",
]
