"""Base of every generated model: strict when you build a request, lenient when parsing a response.

Requests are validated completely (constraints, enums, formats) before anything is sent.
Responses are parsed with the context `{"lenient": True}`: a field the server sent in a shape
the spec does not allow (a `null`, an unknown enum value, a too-long string) is kept as the raw
value instead of failing the whole response, and undeclared fields are kept as extras.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from enum import Enum
from typing import Any, ClassVar

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    ModelWrapValidatorHandler,
    ValidationError,
    ValidationInfo,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

LENIENT = {"lenient": True}
"""Validation context for responses: pass it as `context=` to parse like the client does."""


def is_lenient(info: ValidationInfo) -> bool:
    context = info.context
    return isinstance(context, Mapping) and bool(context.get("lenient"))


class Model(BaseModel):
    """A JSON object of the API. Build it with keyword arguments (Python names) or from wire data."""

    model_config = ConfigDict(
        extra="allow",
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
        defer_build=True,
        regex_engine="python-re",
    )
    _pinned_fields: ClassVar[tuple[str, ...]] = ()
    """Fields with a single allowed value (discriminators): always sent, never typed by hand."""
    _forbid_extra: ClassVar[bool] = False
    """`additionalProperties: false`: unknown fields are rejected on requests (kept on responses)."""

    def model_post_init(self, context: Any, /) -> None:
        if self._pinned_fields:
            self.__pydantic_fields_set__.update(self._pinned_fields)

    @model_validator(mode="wrap")
    @classmethod
    def _strict_requests_lenient_responses(cls, data: Any, handler: ModelWrapValidatorHandler[Model], info: ValidationInfo) -> Any:
        if is_lenient(info):
            try:
                return handler(data)
            except ValidationError as error:
                if not isinstance(data, Mapping):
                    raise
                return cls._salvage(data, error, info)
        if cls._forbid_extra and isinstance(data, Mapping):
            unknown = [key for key in data if key not in cls._wire_names()]
            if unknown:
                return cls._reject_extra(data, unknown, handler)
        return handler(data)

    @classmethod
    def _wire_names(cls) -> frozenset[str]:
        names = cls.__dict__.get("_wire_name_cache")
        if names is None:
            names = frozenset(n for name, f in cls.model_fields.items() for n in (name, f.serialization_alias or name))
            setattr(cls, "_wire_name_cache", names)
        return names

    @classmethod
    def _reject_extra(cls, data: Mapping[str, Any], unknown: list[str], handler: ModelWrapValidatorHandler[Model]) -> Any:
        problems: list[InitErrorDetails] = []
        try:
            handler(data)
        except ValidationError as error:
            problems.extend({"type": e["type"], "loc": e["loc"], "input": e["input"], "ctx": e.get("ctx", {})} for e in error.errors())
        problems.extend({"type": "extra_forbidden", "loc": (key,), "input": data[key]} for key in unknown)
        raise ValidationError.from_exception_data(cls.__name__, problems)

    @classmethod
    def _salvage(cls, data: Mapping[str, Any], error: ValidationError, info: ValidationInfo) -> Any:
        """Keep the fields that validate; keep the others as the raw values the server sent."""
        bad = {e["loc"][0] for e in error.errors() if e["loc"]}
        by_wire = {f.serialization_alias or name: name for name, f in cls.model_fields.items()}
        instance = cls.model_construct()
        fields_set: set[str] = set()
        extra: dict[str, Any] = {}
        for key, value in data.items():
            name = by_wire.get(key, key if key in cls.model_fields else None)
            if name is None:
                extra[key] = value
                continue
            fields_set.add(name)
            if key in bad or name in bad:
                object.__setattr__(instance, name, value)
                continue
            try:
                cls.__pydantic_validator__.validate_assignment(instance, name, value, context=info.context)
            except ValidationError:
                object.__setattr__(instance, name, value)
        for name, info_ in cls.model_fields.items():
            if name not in fields_set and name not in instance.__dict__:
                # A required field the server left out: None rather than an AttributeError later.
                object.__setattr__(instance, name, info_.get_default(call_default_factory=True) if not info_.is_required() else None)
        object.__setattr__(instance, "__pydantic_extra__", extra)
        object.__setattr__(instance, "__pydantic_fields_set__", fields_set)
        return instance


def discriminator(wire_name: str, tags: dict[str, str]) -> Discriminator:
    """A union discriminator reading `wire_name` from wire data or from a model instance.

    `tags` maps each wire value to the tag (class name) of its branch. Works whether the property
    is a declared `discriminator` or inferred from single-value enums, and on enum members too.
    """

    def pick(value: Any) -> str | None:
        if isinstance(value, Mapping):
            raw = value.get(wire_name)
        else:
            raw = _attribute_by_wire_name(value, wire_name)
        if isinstance(raw, Enum):
            raw = raw.value
        return tags.get(str(raw)) if raw is not None else None

    return Discriminator(pick)


def _attribute_by_wire_name(value: Any, wire_name: str) -> Any:
    fields = getattr(type(value), "model_fields", None)
    if isinstance(fields, dict):
        for name, info in fields.items():
            if (info.serialization_alias or name) == wire_name:
                return getattr(value, name, None)
    return getattr(value, wire_name, None)


def _check_unique(items: list[Any]) -> list[Any]:
    seen: list[Any] = []
    for item in items:
        if item in seen:
            raise PydanticCustomError("unique_items", "items must be unique; {item!r} repeats", {"item": item})
        seen.append(item)
    return items


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _check_email(value: str) -> str:
    if not _EMAIL.match(value):
        raise PydanticCustomError("email", "value is not a valid email address")
    return value


def PropertyNames(pattern: str) -> AfterValidator:  # noqa: N802 - reads like a type marker
    """`propertyNames: {pattern}`: every key of the mapping must match."""
    compiled = re.compile(pattern)

    def check(mapping: dict[str, Any]) -> dict[str, Any]:
        for key in mapping:
            if not compiled.search(key):
                raise PydanticCustomError("property_name", "key {key!r} does not match {pattern!r}", {"key": key, "pattern": pattern})
        return mapping

    return AfterValidator(check)


UniqueItems = AfterValidator(_check_unique)
"""`uniqueItems: true`."""
EmailFormat = AfterValidator(_check_email)
"""`format: email`: a plain syntax check (no DNS, no extra dependency)."""

__all__ = ["LENIENT", "EmailFormat", "Model", "PropertyNames", "UniqueItems", "discriminator", "is_lenient"]
