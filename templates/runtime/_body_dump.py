"""A request body dumped to Python data in one pass of pydantic's serializer, without the Python
hooks that only received values need.

A model's serializer leaves out a None that means "not given" (`Model._leave_out_nones`) and writes
back what the server sent where a received value broke the spec; a union's writes an `Unknown...`
member as received and picks its branch by a Python function. For a body built by the caller none
of that but the first applies: here the serializer of a body's type is built once with those hooks
taken out, the Nones left out by pydantic itself (`serialization_exclude_if`) and each union
written by the branch the value is an instance of. What it does not cover, a received value sent
back, is dumped by the hooks as before (`dump_body`): a model with an unusable field (its class is
listed when one is made: `_deviations.UNUSABLE_SEEN`), an `Unknown...` member (pydantic's serializer
complains of it).
"""

from __future__ import annotations

import json
import math
import re
import uuid
from decimal import Decimal
from typing import Any

from pydantic import BaseModel
from pydantic_core import PydanticSerializationError, SchemaSerializer

from ._deviations import UNUSABLE_SEEN
from ._model import Model
from ._outgoing import check_json_data
from ._types import _type_adapter, per_object
from ._wire_types import DecimalOnWire, JSONFloat


def dump_body(body: Any, body_type: Any) -> Any:
    """`body` (a model, or a value validated as `body_type`) as Python data, wire names, the
    fields never set left out: what `model_dump(by_alias=True, exclude_unset=True)` gives."""
    kind = type(body) if isinstance(body, BaseModel) else body_type
    serializer, models = _serializer(kind)
    if serializer is not None and not (UNUSABLE_SEEN and not UNUSABLE_SEEN.isdisjoint(models)):
        try:
            return serializer.to_python(body, by_alias=True, exclude_unset=True, warnings="error")
        except PydanticSerializationError:
            pass  # an `Unknown...` member sent back: the hooks below write it as received
    if isinstance(body, BaseModel):
        return body.model_dump(by_alias=True, exclude_unset=True)
    return _type_adapter(body_type).dump_python(body, by_alias=True, exclude_unset=True)


@per_object
def _serializer(kind: Any) -> tuple[SchemaSerializer | None, tuple[type, ...]]:
    """The serializer of `kind` without the hooks, and the model classes it may hold (cached)."""
    try:
        schema = _core_schema(kind)
        return SchemaSerializer(_without_received_hooks(schema)), tuple(
            _models_in(schema, {}).values()
        )
    except Exception:  # noqa: BLE001 - an unexpected shape: the hooks dump it
        return None, ()


def _core_schema(kind: Any) -> Any:
    if isinstance(kind, type) and issubclass(kind, BaseModel):
        if not isinstance(kind.__pydantic_core_schema__, dict):
            kind.model_rebuild()  # built on first use (`defer_build`)
        return kind.__pydantic_core_schema__
    return _type_adapter(kind).core_schema


def _models_in(schema: Any, found: dict[int, type]) -> dict[int, type]:
    if isinstance(schema, list):
        for item in schema:
            _models_in(item, found)
    elif isinstance(schema, dict):
        cls = schema.get("cls")
        if schema.get("type") == "model" and isinstance(cls, type):
            found[id(cls)] = cls
        for value in schema.values():
            _models_in(value, found)
    return found


def _without_received_hooks(schema: Any) -> Any:
    """A copy of a core schema for serializing requests: no `Model._leave_out_nones` (its Nones
    left out by `serialization_exclude_if`), no union hook writing an `Unknown...` member, and each
    discriminated union a plain union of its branches (the branch the value is an instance of)."""
    if isinstance(schema, list):
        return [_without_received_hooks(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    result = {key: _without_received_hooks(value) for key, value in schema.items()}
    kind = schema.get("type")
    serialization = schema.get("serialization")
    hook = serialization.get("function") if isinstance(serialization, dict) else None
    if kind == "model" and _is_model_hook(hook, schema.get("cls")):
        del result["serialization"]
        result["schema"] = _none_left_out(result["schema"], schema["cls"]._omit_when_none)
    elif kind == "function-wrap" and "_unknown_as_raw" in getattr(hook, "__qualname__", ""):
        del result["serialization"]
    elif kind == "tagged-union":
        result = {"type": "union", "choices": list(result["choices"].values())}
        if "ref" in schema:
            result["ref"] = schema["ref"]
    return result


def _is_model_hook(hook: Any, cls: Any) -> bool:
    return (
        getattr(hook, "__name__", None) == "_leave_out_nones"
        and isinstance(cls, type)
        and issubclass(cls, Model)
        and not cls._holds_raw
    )


def _none_left_out(fields_schema: Any, names: tuple[str, ...]) -> Any:
    if not names or not isinstance(fields_schema, dict) or "fields" not in fields_schema:
        return fields_schema
    fields = dict(fields_schema["fields"])
    for name in names:
        if isinstance(fields.get(name), dict):
            fields[name] = {**fields[name], "serialization_exclude_if": _is_none}
    return {**fields_schema, "fields": fields}


def _is_none(value: Any) -> bool:
    return value is None


# --- the JSON text in the same pass -----------------------------------------------------------

_MARK = f"spliced{uuid.uuid4().hex}"
"""Brackets, inside a JSON string, JSON text to put in its place (exact money digits, say): random
per process, so no text a caller sends can hold it."""
_SPLICED = re.compile(f'"{_MARK}(.*?){_MARK}"')


def body_json(body: Any, body_type: Any) -> str | None:
    """The compact JSON text of `body` (a model, or a value validated as `body_type`), written by
    pydantic's serializer in one pass: the same text as `_request._json_text` of `dump_body`,
    money digit for digit. None when this cannot say so (a type of a shape not known here, a
    received value sent back, a value the wire refuses): then the caller takes that way, which
    names the problem."""
    kind = type(body) if isinstance(body, BaseModel) else body_type
    if kind is None:
        return None
    serializer, models = _json_serializer(kind)
    if serializer is None or (UNUSABLE_SEEN and not UNUSABLE_SEEN.isdisjoint(models)):
        return None
    try:
        text = serializer.to_json(body, by_alias=True, exclude_unset=True, warnings="error")
    except (PydanticSerializationError, ValueError, TypeError):
        return None
    written = text.decode()
    return _SPLICED.sub(_unspliced, written) if _MARK in written else written


def _unspliced(match: re.Match[str]) -> str:
    raw = match.group(1)
    return raw if "\\" not in raw else str(json.loads(f'"{raw}"'))


@per_object
def _json_serializer(kind: Any) -> tuple[SchemaSerializer | None, tuple[type, ...]]:
    serializer, models = _serializer(kind)
    if serializer is None:
        return None, ()
    try:
        schema = _core_schema(kind)
        return SchemaSerializer(_for_json(_without_received_hooks(schema))), models
    except Exception:  # noqa: BLE001 - a shape not known here (`_NotKnown`): the Python way
        return None, ()


class _NotKnown(Exception):
    """A part of a schema whose JSON this module does not know to be `_json_text`'s."""


_AS_IS = frozenset(
    {
        "str", "int", "bool", "none", "literal", "enum", "date", "uuid", "decimal", "list", "tuple",
        "set", "frozenset", "dict", "model", "model-fields", "model-field", "nullable", "default",
        "union", "definitions", "definition-ref", "function-before", "function-after",
        "function-wrap", "function-plain",
    }
)  # fmt: skip


_NOT_SCHEMAS = frozenset(
    {"function", "serialization", "metadata", "config", "cls", "ref", "fields", "expected"}
    | {"members", "custom_error_context", "computed_fields"}
)


def _for_json(schema: Any) -> Any:
    """A hookless request schema (`_without_received_hooks`) whose JSON mode writes what
    `_json_text` writes: number money, floats and untyped values spliced in as `_json_text`
    writes them, date-times and bytes checked as `_outgoing.check_json_data` checks them."""
    if isinstance(schema, list):
        return [_for_json(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    kind = schema.get("type")
    result = {
        key: value if key in _NOT_SCHEMAS else _for_json(value) for key, value in schema.items()
    }
    if kind == "model-fields":  # its fields by name (a field may be named "type")
        result["fields"] = {name: _for_json(f) for name, f in schema["fields"].items()}
    serialization = schema.get("serialization")
    if serialization is not None:
        result["serialization"] = _json_serialization(serialization)
    elif kind == "float":
        result["serialization"] = _plain(_float_spliced)
    elif kind in ("datetime", "time"):
        result["serialization"] = _plain(_offset_checked)
    elif kind == "bytes":
        result["serialization"] = _plain(_utf8_checked)
    elif kind == "any":
        result["serialization"] = _plain(_any_spliced)
    elif kind not in _AS_IS:
        raise _NotKnown(kind)
    if kind == "model-fields":
        result["extras_schema"] = {"type": "any", "serialization": _plain(_any_spliced)}
    return result


def _json_serialization(serialization: Any) -> Any:
    function = serialization.get("function") if isinstance(serialization, dict) else None
    owner = getattr(function, "__self__", None)
    if isinstance(owner, DecimalOnWire) and getattr(function, "__name__", "") == "_serialize":
        return _plain(_money_spliced) if owner.number else serialization  # (a str either way)
    if getattr(function, "__module__", "").endswith("._open_enum"):
        return serialization  # the member's value, as `_json_text` writes it
    raise _NotKnown(serialization)


def _plain(function: Any) -> Any:
    return {"type": "function-plain", "function": function, "info_arg": False}


def _money_spliced(value: Any) -> Any:
    if not isinstance(value, Decimal):
        raise TypeError("not a Decimal")
    return _MARK + format(value, "f") + _MARK


def _float_spliced(value: Any) -> Any:
    if isinstance(value, JSONFloat):
        return _MARK + value.text + _MARK
    if not isinstance(value, float) or not math.isfinite(value):
        raise ValueError("not a finite float")
    return _MARK + float.__repr__(value) + _MARK


def _offset_checked(value: Any) -> Any:
    if value.utcoffset() is None:
        raise ValueError("no UTC offset")  # refused, naming where, by `check_json_data`
    return value


def _utf8_checked(value: Any) -> Any:
    bytes(value).decode("utf-8")  # else refused, naming where, by `check_json_data`
    return value


def _any_spliced(value: Any) -> Any:
    from ._request import _json_text  # (it imports this module)

    check_json_data("", value)
    return _MARK + _json_text(value) + _MARK
