"""A request body dumped to Python data in one pass of pydantic's serializer, without the Python
hooks that only received values need.

A model's serializer leaves out a None that means "not given" (`Model._leave_out_nones`) and writes
back what the server sent where a received value broke the spec; a union's writes an `Unknown...`
member as received and picks its branch by a Python function. For a body built by the caller none
of that but the first applies: here the serializer of a body's type is built once with those hooks
taken out, the Nones left out by pydantic itself (`serialization_exclude_if`) and each union
written by the branch the value is an instance of. What it does not cover, a received value sent
back, is dumped by the hooks as before (`dump_body`): a model with an unusable field (its class is
marked when one is made: `_deviations.UNUSABLE_SEEN`), an `Unknown...` member (pydantic's serializer
complains of it).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from pydantic_core import PydanticSerializationError, SchemaSerializer

from ._deviations import UNUSABLE_SEEN
from ._model import Model
from ._types import _type_adapter

_serializers: dict[int, tuple[Any, SchemaSerializer | None, tuple[type, ...]]] = {}


def dump_body(body: Any, body_type: Any) -> Any:
    """`body` (a model, or a value validated as `body_type`) as Python data, wire names, the
    fields never set left out: what `model_dump(by_alias=True, exclude_unset=True)` gives."""
    kind = type(body) if isinstance(body, BaseModel) else body_type
    serializer, models = _serializer(kind)
    if serializer is not None and not any(m.__dict__.get(UNUSABLE_SEEN) for m in models):
        try:
            return serializer.to_python(body, by_alias=True, exclude_unset=True, warnings="error")
        except PydanticSerializationError:
            pass  # an `Unknown...` member sent back: the hooks below write it as received
    if isinstance(body, BaseModel):
        return body.model_dump(by_alias=True, exclude_unset=True)
    return _type_adapter(body_type).dump_python(body, by_alias=True, exclude_unset=True)


def _serializer(kind: Any) -> tuple[SchemaSerializer | None, tuple[type, ...]]:
    """The serializer of `kind` without the hooks, and the model classes it may hold (cached)."""
    cached = _serializers.get(id(kind))
    if cached is None or cached[0] is not kind:
        serializer: SchemaSerializer | None = None
        models: tuple[type, ...] = ()
        try:
            if isinstance(kind, type) and issubclass(kind, BaseModel):
                if not isinstance(kind.__pydantic_core_schema__, dict):
                    kind.model_rebuild()  # built on first use (`defer_build`)
                schema = kind.__pydantic_core_schema__
            else:
                schema = _type_adapter(kind).core_schema
            serializer = SchemaSerializer(_without_received_hooks(schema))
            models = tuple(_models_in(schema, {}).values())
        except Exception:  # noqa: BLE001 - an unexpected shape: the hooks dump it
            serializer = None
        cached = (kind, serializer, models)
        _serializers[id(kind)] = cached
    return cached[1], cached[2]


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
