"""Validating JSON data against its annotated type, as the spec says: a value that conforms is
validated once by a plain pydantic validator (the models' lenient hooks left out); one that does
not is parsed again leniently, each deviation recorded where it is, then raised
(`ResponseValidationError`, strict) or logged and returned (lenient): never as a value that
contradicts its annotation.

Apart from `_response` because it reads no HTTP: `parse_value` parses a response's body, a status
error's body (`_response`), a webhook's payload (`webhooks`) and, through `_plain_validator`, the
fake's examples (`_fake_shapes`); `_response` keeps what reads an `httpx.Response`.
"""

from __future__ import annotations

import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

import httpx
import pydantic
import pydantic_core

from . import errors
from ._types import _built, _type_adapter, import_models_runtime, per_object

if TYPE_CHECKING:
    from collections.abc import Mapping

    from ._base_model import (
        ADDITIONAL,
        Deviation,
        _deviations_of,
        deviations,
        extras_logged,
        log_deviations,
    )
    from ._page_items import salvaged_deviations, validate_page

# Bound on the first parse (`import_models_runtime`): importing the package builds no model.
_models_runtime_imported = False
_MODELS_RUNTIME: tuple[str, ...] = (
    "ADDITIONAL",
    "Deviation",
    "_deviations_of",
    "deviations",
    "extras_logged",
    "log_deviations",
)


def _import_models_runtime() -> None:
    import_models_runtime(globals(), _MODELS_RUNTIME)
    from ._page_items import salvaged_deviations, validate_page  # (it imports this module)

    globals().update(salvaged_deviations=salvaged_deviations, validate_page=validate_page)


_LENIENT: Final[Mapping[str, Any]] = {"lenient": True}


def parse_value(
    kind: Any,
    value: Any,
    *,
    operation: str,
    strict: bool = False,
    response: httpx.Response | None = None,
    idempotency_key: str | None = None,
    attempts: int = 1,
    sink: Callable[[list[Deviation], Any], None] | None = None,
    subject: str = "response",
) -> Any:
    """`value` (JSON data) parsed into `kind` as the spec says, for a response or webhook payload.

    A value that validates (the usual case) is validated once, without the models' lenient hooks
    (plain pydantic speed). One that does not is parsed again leniently: what breaks the spec is
    recorded where it is (`deviations()`), then raised as `ResponseValidationError` (`strict`) or
    logged, one line for the call, and returned. A value that cannot be given its annotated type
    at all (the top level is not even the right kind of JSON value) raises in both modes.
    `sink(found, parsed)` gets every deviation found, undeclared fields included (a client's
    deviations log): only then is a conforming value walked for them. `subject` names what the
    log line says deviates ("webhook payload" for a webhook's).
    """
    if not _models_runtime_imported:
        _import_models_runtime()
    kind = _built(kind)
    if kind is None:
        return value
    plain = _plain_validator(kind)
    if plain is not None:
        try:
            result, salvaged = validate_page(kind, plain, value)
        except (ValueError, TypeError):
            pass
        else:
            # An undeclared field of a closed model is a violation, not an extra; the others are
            # looked for only when someone listens.
            if sink is not None or _reaches_closed_model(kind) or extras_logged():
                settle = _Settle(
                    operation, strict, response, value, idempotency_key, attempts, sink, subject
                )
                return settle(result, deviations(result))
            if salvaged:  # items that broke the spec, salvaged one by one (`_page_items`)
                settle = _Settle(
                    operation, strict, response, value, idempotency_key, attempts, sink, subject
                )
                return settle(result, salvaged_deviations(result, salvaged))
            return result
    try:
        result = _type_adapter(kind).validate_python(value, context=_LENIENT)
    except pydantic.ValidationError as error:
        found = _deviations_of(error, value, None)
        if sink is not None:
            sink(found, value)
        raise _invalid_response(
            operation, found, response, value, idempotency_key, attempts
        ) from None
    settle = _Settle(operation, strict, response, value, idempotency_key, attempts, sink, subject)
    return settle(result, deviations(result))


@dataclass(frozen=True)
class _Settle:
    """The end of `parse_value` once the deviations of a parsed value are known: handed to the
    sink, raised (strict, when one is a violation) or logged, and the value returned."""

    operation: str
    strict: bool
    response: httpx.Response | None
    body: Any
    idempotency_key: str | None
    attempts: int
    sink: Callable[[list[Deviation], Any], None] | None
    subject: str

    def __call__(self, result: Any, found: list[Deviation]) -> Any:
        if self.sink is not None and found:
            self.sink(found, result)
        problems = [d for d in found if d.kind != ADDITIONAL]
        if self.strict and problems:
            raise _invalid_response(
                self.operation,
                problems,
                self.response,
                self.body,
                self.idempotency_key,
                self.attempts,
            )
        log_deviations(self.operation, found, self.subject)
        return result


def _invalid_response(
    operation: str,
    problems: list[Deviation],
    response: httpx.Response | None,
    body: Any,
    idempotency_key: str | None,
    attempts: int,
    subject: str = "the response",
) -> errors.ResponseValidationError:
    listed = "; ".join(f"{d.kind} at {d.pointer or '/'}: {d.message}" for d in problems[:10])
    more = f"; and {len(problems) - 10} more" if len(problems) > 10 else ""
    return errors.ResponseValidationError(
        f"{operation}: {subject} does not match the spec ({len(problems)} problem(s)): {listed}{more}",
        response=response,
        body=body,
        problems=problems,
        idempotency_key=idempotency_key,
        attempts=attempts,
    )


@per_object
def _reaches_closed_model(kind: Any) -> bool:
    """Whether a value of `kind` can hold a model whose schema is closed (`additionalProperties:
    false`): plain validation keeps an undeclared field there as an extra, which `deviations()`
    must then report as a violation. Computed once per type; False for most APIs (Runa's)."""
    return _closed_model_in(kind, set())


def _closed_model_in(kind: Any, seen: set[int]) -> bool:
    if id(kind) in seen:
        return False
    seen.add(id(kind))
    if isinstance(kind, type) and issubclass(kind, pydantic.BaseModel):
        if getattr(kind, "_forbid_extra", False):
            return True
        return any(_closed_model_in(f.annotation, seen) for f in kind.model_fields.values())
    return any(_closed_model_in(arg, seen) for arg in typing.get_args(kind))


@per_object
def _plain_validator(kind: Any) -> pydantic_core.SchemaValidator | None:
    """A cached validator of `kind` without the wrap validators marked `__lenient_only__` (None
    when pydantic does not show the schema: then every value takes the lenient pass)."""
    return _hookless_validator(kind, for_requests=False)


@per_object
def plain_request_validator(kind: Any) -> pydantic_core.SchemaValidator | None:
    """A cached validator of a request body of `kind` without the models' hooks: `_plain_validator`
    where a model that refuses undeclared fields on requests (`Model._open_on_requests`) refuses
    them itself. A body it accepts is one the hooked validator accepts, read the same; one it
    refuses goes to the hooked validator, whose errors say more (`_request._validated_body`)."""
    return _hookless_validator(kind, for_requests=True)


def _hookless_validator(kind: Any, *, for_requests: bool) -> pydantic_core.SchemaValidator | None:
    try:
        adapter = _type_adapter(kind)
        schema = adapter.core_schema
        if not isinstance(schema, dict) and hasattr(adapter, "rebuild"):
            adapter.rebuild()  # a model built on first use (`defer_build`): build it now
            schema = adapter.core_schema
        if isinstance(schema, dict):
            from ._constraints import with_native_patterns

            plain = _without_lenient_hooks(schema)
            if for_requests:
                plain = _closed_on_requests(plain)
            return pydantic_core.SchemaValidator(with_native_patterns(plain))
    except Exception:  # noqa: BLE001 - the hooked validator reports whatever is wrong with `kind`
        pass
    return None


def _closed_on_requests(schema: Any) -> Any:
    """A copy of a core schema where each model closed on requests forbids undeclared fields."""
    if isinstance(schema, list):
        return [_closed_on_requests(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    result = {key: _closed_on_requests(value) for key, value in schema.items()}
    cls = schema.get("cls") if schema.get("type") == "model" else None
    fields = result.get("schema")
    if cls is not None and isinstance(fields, dict) and fields.get("type") == "model-fields":
        if getattr(cls, "_forbid_extra", False) or not getattr(cls, "_open_on_requests", True):
            result["schema"] = {**fields, "extra_behavior": "forbid"}
    return result


def _without_lenient_hooks(schema: Any) -> Any:
    """A copy of a pydantic core schema with each `__lenient_only__` wrap validator replaced by the
    schema it wraps (which takes over its `ref`, so references to it still resolve)."""
    if isinstance(schema, list):
        return [_without_lenient_hooks(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    if schema.get("type") == "function-wrap":
        function = schema.get("function")
        if isinstance(function, dict):  # a validator; a serializer has the function itself
            function = function.get("function")
        inner = schema.get("schema")
        if getattr(function, "__lenient_only__", False) and isinstance(inner, dict):
            if not ("ref" in schema and "ref" in inner):
                inner = dict(_without_lenient_hooks(inner))
                if "ref" in schema:
                    inner["ref"] = schema["ref"]
                return inner
    result = {key: _without_lenient_hooks(value) for key, value in schema.items()}
    omitted = (
        getattr(schema.get("cls"), "_omit_when_none", ()) if schema.get("type") == "model" else ()
    )
    if omitted and isinstance(result.get("schema"), dict):
        result["schema"] = _null_refused(result["schema"], omitted)
    if schema.get("type") == "model" and not getattr(schema.get("cls"), "_pinned_fields", True):
        # `Model.model_post_init` only marks pinned fields as set: no Python call per instance
        result.pop("post_init", None)
    return result


def _null_refused(fields_schema: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    """A model's fields schema where the optional fields whose spec allows no null refuse a null:
    a request's None means "not given", but a null the server sends is a deviation, which the
    lenient pass records (`Model._record_nulls`)."""
    fields = fields_schema.get("fields")
    if not isinstance(fields, dict):
        return fields_schema
    fields = dict(fields)
    for name in names:
        field = fields.get(name)
        default = field.get("schema") if isinstance(field, dict) else None
        nullable = (
            default.get("schema")
            if isinstance(default, dict) and default.get("type") == "default"
            else None
        )
        if isinstance(field, dict) and isinstance(default, dict) and isinstance(nullable, dict):
            if nullable.get("type") == "nullable":
                fields[name] = {**field, "schema": {**default, "schema": nullable["schema"]}}
    return {**fields_schema, "fields": fields}
