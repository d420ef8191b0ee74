"""Parsing a response as the spec documents it: which documented response answers a status, the
body read as JSON, JSON Lines, text or bytes, and validated leniently (each deviation recorded and
logged) or strictly (`ResponseValidationError`), never returned as a value that contradicts its
annotation.

Apart from `_base_client` (which sends, retries and maps errors) as openai-python keeps its
`_response`: what is here reads an `httpx.Response` that has arrived and knows nothing of how it
was sent. `RawResponse` is the 2xx answer a call hands back; `parse_value` also parses webhook
payloads and the fake's bodies.
"""

from __future__ import annotations

import email.utils
import json
import math
import re
import time
import typing
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timezone
from typing import TYPE_CHECKING, Any, Final

import httpx
import pydantic
import pydantic_core

from . import errors
from ._types import (
    ClientConfig,
    Endpoint,
    ResponseSpec,
    _built,
    _type_adapter,
    import_models_runtime,
)
from ._wire import declared_headers

if TYPE_CHECKING:
    from collections.abc import Mapping

    from ._base_model import (
        ADDITIONAL,
        EMPTY_BODY,
        NOT_JSON,
        Deviation,
        _deviations_of,
        deviations,
        extras_logged,
        hollow_value,
        loads,
        log_deviations,
    )
    from ._deviations_log import DeviationsLog

# Bound on the first response read (`import_models_runtime`): importing the package builds no model.
_models_runtime_imported = False
_MODELS_RUNTIME: tuple[str, ...] = (
    "ADDITIONAL",
    "EMPTY_BODY",
    "NOT_JSON",
    "Deviation",
    "_deviations_of",
    "loads",
)
_MODELS_RUNTIME += ("deviations", "extras_logged", "hollow_value", "log_deviations")


def _import_models_runtime() -> None:
    import_models_runtime(globals(), _MODELS_RUNTIME)


_LENIENT: Final[Mapping[str, Any]] = {"lenient": True}


_NO_JSON: Final = object()


class RawResponse:
    """A successful (2xx) response before parsing: status, headers, idempotency key, attempts."""

    def __init__(
        self,
        http_response: httpx.Response,
        endpoint: Endpoint,
        *,
        idempotency_key: str | None,
        attempts: int,
        strict: bool = False,
        deviations_log: DeviationsLog | None = None,
    ) -> None:
        self.http_response = http_response
        self.idempotency_key = idempotency_key
        """The idempotency key every attempt sent (None when the operation takes none)."""
        self.attempts = attempts
        """HTTP requests made for this call, retries included."""
        self._endpoint = endpoint
        self._strict = strict
        self._deviations_log = deviations_log
        self._deviation_sink = self._write_deviations if deviations_log is not None else None
        """Where parsing hands what it found (None: the client keeps no log; nothing extra is done)."""

    def _write_deviations(self, found: list[Deviation], parsed: Any) -> None:
        """Writes what parsing found to the client's deviations log."""
        if self._deviations_log is not None:
            request = self.http_response.request
            self._deviations_log.write(
                found,
                parsed,
                operation=self._endpoint.operation_id,
                method=request.method,
                path=self._endpoint.path,
                status=self.status_code,
            )

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    @property
    def declared_headers(self) -> dict[str, Any]:
        """The headers the spec declares for this response, read as their schemas' types
        (`{"Location": "...", "X-RateLimit-Remaining": 41}`); absent ones are left out. A value
        that does not fit its schema raises `ValueError` naming the header."""
        spec = _documented_response(self._endpoint, self.status_code)
        return declared_headers(
            spec.headers if spec is not None else (), self.http_response.headers
        )

    def parse(self) -> Any:
        """The body parsed as documented for its status (the value `request()` returns).

        A body that breaks the spec raises `ResponseValidationError` in strict mode; in lenient mode
        it is returned with each deviation logged and listed by `deviations()`."""
        return _parse_success(self._endpoint, self.http_response, self)

    def __repr__(self) -> str:
        return f"<RawResponse {self._endpoint.operation_id} {self.status_code}>"


def _json_value(response: httpx.Response) -> Any:
    """The JSON body, or `_NO_JSON` when it is empty or not JSON (whatever its content type); read
    once per response (`_refuse_cut_short` reads it first for a JSON success)."""
    if not _models_runtime_imported:
        _import_models_runtime()
    cached = _read_bodies.get(response, _NOT_READ)
    if cached is not _NOT_READ:
        return cached
    if not response.content:
        value: Any = _NO_JSON
    else:
        try:
            value = loads(response.content)
        except ValueError as error:
            value = _NO_JSON
            if _cut_short(error):
                value = _CUT_SHORT
    _read_bodies[response] = value
    return _NO_JSON if value is _CUT_SHORT else value


_read_bodies: weakref.WeakKeyDictionary[httpx.Response, Any] = weakref.WeakKeyDictionary()


_NOT_READ: Final = object()


_CUT_SHORT: Final = object()
"""A body that is the beginning of a JSON text: the connection ended (or a proxy cut it) mid-body."""


_UNFINISHED_TAIL = re.compile(r"-?[0-9.eE+-]*|t|tr|tru|f|fa|fal|fals|n|nu|nul")


def _cut_short(error: ValueError) -> bool:
    """Whether a JSON parse failed only because the text ended early: the parser ran out of input
    inside an object, array or string (not a text that goes wrong before its end)."""
    if isinstance(error, UnicodeDecodeError):
        return error.reason == "unexpected end of data"  # a cut inside a multi-byte character
    if not isinstance(error, json.JSONDecodeError):
        return False
    text = error.doc.strip()
    if not text or text[0] not in '{["':
        return False
    if error.msg.startswith("Unterminated string"):
        return True
    return bool(_UNFINISHED_TAIL.fullmatch(error.doc[error.pos :].strip()))


def _refuse_cut_short(endpoint: Endpoint, response: httpx.Response) -> None:
    """A 2xx whose documented JSON body stops mid-text failed in transport, like a dropped
    connection: raised as one, so the retry policy repeats it where that is safe."""
    if not 200 <= response.status_code < 300 or not response.content:
        return
    spec = _documented_response(endpoint, response.status_code)
    if spec.kind != "json" if spec is not None else not _json_successes(endpoint):
        return
    _json_value(response)
    if _read_bodies.get(response) is _CUT_SHORT:
        raise httpx.RemoteProtocolError(
            f"the response body was cut short: {len(response.content)} bytes of JSON that stop"
            " mid-text (the connection ended, or a proxy cut it)",
            request=response.request,
        )


def _is_json_content_type(response: httpx.Response) -> bool:
    media_type = str(response.headers.get("content-type", "")).split(";")[0].strip().lower()
    return media_type == "application/json" or media_type.endswith("+json")


_documented_responses: dict[tuple[int, int], tuple[Endpoint, ResponseSpec | None]] = {}


def _documented_response(endpoint: Endpoint, status: int) -> ResponseSpec | None:
    """The `ResponseSpec` for `status`: the exact code, else its range ("4XX"), else "default".

    "default" describes a 2xx only when no 2xx is documented: it is nearly always the error model,
    and an undocumented success must not be parsed as an error.
    """
    cached = _documented_responses.get((id(endpoint), status))
    if cached is None or cached[0] is not endpoint:
        cached = (endpoint, _find_documented_response(endpoint, status))
        _documented_responses[(id(endpoint), status)] = cached
    return cached[1]


def _find_documented_response(endpoint: Endpoint, status: int) -> ResponseSpec | None:
    by_status = {spec.status.upper(): spec for spec in reversed(endpoint.responses)}
    exact = by_status.get(str(status)) or by_status.get(f"{status // 100}XX")
    success_documented = any(name.startswith("2") for name in by_status)
    if exact is not None or (200 <= status < 300 and success_documented):
        return exact
    return by_status.get("DEFAULT")


def _parse_success(
    endpoint: Endpoint, response: httpx.Response, raw: RawResponse | None = None
) -> Any:
    spec = _documented_response(endpoint, response.status_code)
    if spec is None:
        successes = _json_successes(endpoint)
        if len(successes) == 1 and _json_value(response) is _NO_JSON:
            # An undocumented 2xx without a JSON body (a 204 where a model is declared): the
            # annotation still says the documented model, so not a None or a text either.
            return _unreadable_body(endpoint, response, raw, successes[0].type)
    if spec is None or spec.kind == "any":
        # Undocumented, or any media type: JSON when it says so, else the bytes (None when there are none).
        if not response.content:
            return None
        value = _json_value(response) if _is_json_content_type(response) else _NO_JSON
        return response.content if value is _NO_JSON else value
    if spec.kind == "json":
        value = _json_value(response)
        if value is _NO_JSON:
            return _unreadable_body(endpoint, response, raw, spec.type)
        return _parse_received(endpoint, response, raw, spec.type, value)
    if spec.kind == "text":
        return response.text
    if spec.kind == "jsonl":
        try:
            values = _json_sequence(response.text)
        except ValueError:
            return response.text
        return _parse_received(endpoint, response, raw, spec.type, values)
    if spec.kind == "bytes":
        return response.content
    return None


def _json_successes(endpoint: Endpoint) -> list[ResponseSpec]:
    """The documented 2xx responses of `endpoint` when every one of them is JSON, else []."""
    successes = [spec for spec in endpoint.responses if spec.status.startswith("2")]
    return successes if all(spec.kind == "json" for spec in successes) else []


def _unreadable_body(
    endpoint: Endpoint, response: httpx.Response, raw: RawResponse | None, kind: Any
) -> Any:
    """A complete 2xx body that is empty or no JSON where JSON is declared (an empty 200, a 204, a
    proxy's HTML page): never returned as a text or None that contradicts the annotation.

    Strict: `ResponseValidationError`. Lenient: the declared model with every field unusable (or
    the union's `Unknown...` member holding the text), the problem recorded and logged like any
    deviation; a declared type that can hold neither (a list, a number) raises in both modes."""
    if not _models_runtime_imported:
        _import_models_runtime()
    text = response.text
    if text.strip():
        content_type = response.headers.get("content-type", "no content type")
        problem = Deviation(
            "", NOT_JSON, f"the body is not JSON ({content_type})", _short_text(text)
        )
    else:
        problem = Deviation(
            "", EMPTY_BODY, f"the body is empty (status {response.status_code})", None
        )
    strict = raw is not None and raw._strict
    hollow = None if strict else hollow_value(kind, problem)
    sink = raw._deviation_sink if raw is not None else None
    if sink is not None:
        sink([problem], None)
    if hollow is None:
        raise _invalid_response(
            endpoint.operation_id,
            [problem],
            response,
            text,
            raw.idempotency_key if raw is not None else None,
            raw.attempts if raw is not None else 1,
        )
    log_deviations(endpoint.operation_id, [problem])
    return hollow


def _short_text(text: str) -> str:
    return text if len(text) <= 200 else text[:197] + "..."


def _json_sequence(text: str) -> list[Any]:
    """The values of a JSON Lines body, or of a JSON text sequence (RFC 7464, RS-separated)."""
    if not _models_runtime_imported:
        _import_models_runtime()
    records = text.split("\x1e") if "\x1e" in text else text.splitlines()
    return [loads(record) for record in records if record.strip()]


def _parse_received(
    endpoint: Endpoint, response: httpx.Response, raw: RawResponse | None, kind: Any, value: Any
) -> Any:
    return parse_value(
        kind,
        value,
        operation=endpoint.operation_id,
        strict=raw is not None and raw._strict,
        response=response,
        idempotency_key=raw.idempotency_key if raw is not None else None,
        attempts=raw.attempts if raw is not None else 1,
        sink=raw._deviation_sink if raw is not None else None,
    )


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
) -> Any:
    """`value` (JSON data) parsed into `kind` as the spec says, for a response or webhook payload.

    A value that validates (the usual case) is validated once, without the models' lenient hooks
    (plain pydantic speed). One that does not is parsed again leniently: what breaks the spec is
    recorded where it is (`deviations()`), then raised as `ResponseValidationError` (`strict`) or
    logged, one line for the call, and returned. A value that cannot be given its annotated type
    at all (the top level is not even the right kind of JSON value) raises in both modes.
    `sink(found, parsed)` gets every deviation found, undeclared fields included (a client's
    deviations log): only then is a conforming value walked for them.
    """
    if not _models_runtime_imported:
        _import_models_runtime()
    kind = _built(kind)
    if kind is None:
        return value
    plain = _plain_validator(kind)
    if plain is not None:
        from ._page_items import salvaged_deviations, validate_page

        try:
            result, salvaged = validate_page(kind, plain, value)
        except (ValueError, TypeError):
            pass
        else:
            # An undeclared field of a closed model is a violation, not an extra; the others are
            # looked for only when someone listens.
            if sink is not None or _reaches_closed_model(kind) or extras_logged():
                settle = _Settle(
                    operation, strict, response, value, idempotency_key, attempts, sink
                )
                return settle(result, deviations(result))
            if salvaged:  # items that broke the spec, salvaged one by one (`_page_items`)
                settle = _Settle(
                    operation, strict, response, value, idempotency_key, attempts, sink
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
    settle = _Settle(operation, strict, response, value, idempotency_key, attempts, sink)
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
        log_deviations(self.operation, found)
        return result


def _invalid_response(
    operation: str,
    problems: list[Deviation],
    response: httpx.Response | None,
    body: Any,
    idempotency_key: str | None,
    attempts: int,
) -> errors.ResponseValidationError:
    listed = "; ".join(f"{d.kind} at {d.pointer or '/'}: {d.message}" for d in problems[:10])
    more = f"; and {len(problems) - 10} more" if len(problems) > 10 else ""
    return errors.ResponseValidationError(
        f"{operation}: the response does not match the spec ({len(problems)} problem(s)): {listed}{more}",
        response=response,
        body=body,
        problems=problems,
        idempotency_key=idempotency_key,
        attempts=attempts,
    )


_closed_reach: dict[int, tuple[Any, bool]] = {}


def _reaches_closed_model(kind: Any) -> bool:
    """Whether a value of `kind` can hold a model whose schema is closed (`additionalProperties:
    false`): plain validation keeps an undeclared field there as an extra, which `deviations()`
    must then report as a violation. Computed once per type; False for most APIs (Runa's)."""
    cached = _closed_reach.get(id(kind))
    if cached is None or cached[0] is not kind:
        cached = (kind, _closed_model_in(kind, set()))
        _closed_reach[id(kind)] = cached
    return cached[1]


def _closed_model_in(kind: Any, seen: set[int]) -> bool:
    if id(kind) in seen:
        return False
    seen.add(id(kind))
    if isinstance(kind, type) and issubclass(kind, pydantic.BaseModel):
        if getattr(kind, "_forbid_extra", False):
            return True
        return any(_closed_model_in(f.annotation, seen) for f in kind.model_fields.values())
    return any(_closed_model_in(arg, seen) for arg in typing.get_args(kind))


_plain_validators: dict[int, tuple[Any, pydantic_core.SchemaValidator | None]] = {}


def _plain_validator(kind: Any) -> pydantic_core.SchemaValidator | None:
    """A cached validator of `kind` without the wrap validators marked `__lenient_only__` (None
    when pydantic does not show the schema: then every value takes the lenient pass)."""
    cached = _plain_validators.get(id(kind))
    if cached is None or cached[0] is not kind:
        validator = None
        try:
            adapter = _type_adapter(kind)
            schema = adapter.core_schema
            if not isinstance(schema, dict) and hasattr(adapter, "rebuild"):
                adapter.rebuild()  # a model built on first use (`defer_build`): build it now
                schema = adapter.core_schema
            if isinstance(schema, dict):
                from ._constraints import with_native_patterns

                plain = with_native_patterns(_without_lenient_hooks(schema))
                validator = pydantic_core.SchemaValidator(plain)
        except Exception:  # noqa: BLE001 - the lenient pass reports whatever is wrong with `kind`
            validator = None
        cached = (kind, validator)
        _plain_validators[id(kind)] = cached
    return cached[1]


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


def _error_type(config: ClientConfig, body: Any) -> str | None:
    if not config.error_type_field or not isinstance(body, dict):
        return None
    value = body.get(config.error_type_field)
    return None if value is None else str(value)


def _retry_after(headers: httpx.Headers) -> float | None:
    """Seconds the server asks for: `retry-after-ms`, or `Retry-After` (seconds or an HTTP date)."""
    seconds: float | None = None
    if milliseconds := headers.get("retry-after-ms"):
        try:
            seconds = float(milliseconds) / 1000
        except ValueError:
            pass
    if seconds is None and (value := headers.get("retry-after")):
        try:
            seconds = float(value)
        except ValueError:
            try:
                when = email.utils.parsedate_to_datetime(value)
            except (TypeError, ValueError):
                return None
            if when.tzinfo is None:
                when = when.replace(tzinfo=timezone.utc)
            seconds = when.timestamp() - time.time()
    if seconds is None or not math.isfinite(seconds):
        return None
    return max(seconds, 0.0)
