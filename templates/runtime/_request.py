"""Building a request from an operation's `Endpoint` and the caller's arguments: the URL, the
parameters (checked against their schemas, serialized by their style), the headers and the body
in each of its encodings (JSON, form, multipart, binary, text, JSON Lines).

Apart from `_base_client` (which sends and retries), as openai-python keeps its query strings and
files apart from its client: everything here is a pure function of the endpoint and the arguments,
cached per endpoint where it is costly, and validated strictly before anything is sent, except
`_build_request`, the one caller that assembles them, which also reads the client's credentials,
default headers, URL and timeout.
"""

from __future__ import annotations

import ipaddress
import json
import math
import os
import platform
import re
import typing
import uuid
from collections.abc import Callable, Mapping
from enum import Enum
from typing import TYPE_CHECKING, Any, Final, Literal
from urllib.parse import quote, urlsplit

import httpx
import pydantic
import pydantic_core

from . import errors
from ._files import body_file, multipart_content
from ._http_request import new_request
from ._outgoing import check_json_data, text_content
from ._parse import plain_request_validator
from ._types import (
    NOT_GIVEN,
    ClientConfig,
    Endpoint,
    NotGiven,
    RequestOptions,
    _type_adapter,
    import_models_runtime,
    per_object,
)
from ._wire import (
    ParameterSpec,
    PartEncoding,
    check_header,
    cookie_pairs,
    default_spec,
    form_body,
    header_value,
    path_value,
    query_pairs,
)
from ._wire import text as _text

if TYPE_CHECKING:
    from ._base_client import _BaseAPIClient
    from ._base_model import JSONFloat, WireNumber, _error_details, loads
    from ._body_dump import body_json, dump_body

# Bound on the first body built (`import_models_runtime`): importing the package builds no model.
_models_runtime_imported = False
_MODELS_RUNTIME = ("JSONFloat", "WireNumber", "_error_details", "loads")


def _import_models_runtime() -> None:
    import_models_runtime(globals(), _MODELS_RUNTIME)
    from ._body_dump import body_json, dump_body

    globals().update(body_json=body_json, dump_body=dump_body)


_EMPTY: Final[Mapping[str, Any]] = {}


_PATH_PARAMETER = re.compile(r"\{([^{}]+)\}")


def new_idempotency_key() -> str:
    """A fresh idempotency key (UUID4), as a call generates when given none. Make one yourself and
    pass it when a call may be cancelled or time out: then you know the key to repeat it with."""
    return str(uuid.uuid4())


def _build_request(
    client: _BaseAPIClient,
    http: httpx.Client | httpx.AsyncClient,
    endpoint: Endpoint,
    options: RequestOptions,
) -> tuple[httpx.Request, str | None]:
    """The request for `options`, and the idempotency key it carries (reused by every retry)."""
    auth_headers, auth_query, auth_cookies = client._credentials_for(endpoint)
    specs = _parameter_specs(endpoint)
    _check_parameters(endpoint, options, specs)
    header_parameters = [
        (name, _header_text(specs.get(("header", name)), name, value))
        for name, value in options.get("headers", _EMPTY).items()
        if value is not None
    ]
    # The standard and default layers, merged and checked once (`_fixed_headers`), then the
    # credentials (never kept outside their `_Secret`s), the header parameters (each checked by
    # `header_value`) and the extra headers.
    headers = _merge_headers(auth_headers, onto=client._fixed_headers(endpoint))
    for name, text in header_parameters:
        headers[name.lower()] = (name, text)
    extra_headers = options.get("extra_headers")
    if extra_headers:
        headers = _merge_headers(extra_headers, onto=headers)
    key_header = endpoint.idempotency_header
    idempotency_key = None
    if key_header:
        if key_header.lower() not in headers:
            headers[key_header.lower()] = (key_header, new_idempotency_key())
        idempotency_key = headers[key_header.lower()][1]
    cookies = [
        pair
        for name, value in options.get("cookies", _EMPTY).items()
        if value is not None
        for pair in cookie_pairs(specs.get(("cookie", name)) or default_spec(name, "cookie"), value)
    ]
    for name, secret in auth_cookies.items():
        check_header(name, secret)
        cookies.append(f"{name}={secret}")
    if cookies:
        given = headers.get("cookie")
        headers["cookie"] = ("Cookie", "; ".join(([given[1]] if given else []) + cookies))
    content, content_type = _encode_body(endpoint, options.get("body"))
    if content_type and "content-type" not in headers:
        headers["content-type"] = ("Content-Type", content_type)
    timeout = options.get("timeout", NOT_GIVEN)
    query = [
        pair
        for name, value in options.get("query", _EMPTY).items()
        if value is not None
        for pair in query_pairs(specs.get(("query", name)) or default_spec(name, "query"), value)
    ]
    query += [
        pair
        for name, secret in auth_query
        for pair in query_pairs(default_spec(name, "query"), secret)
    ]
    path = _render_path(endpoint.path, options.get("path_params", _EMPTY), specs)
    request = new_request(
        http,
        endpoint.method,
        client._endpoint_url(endpoint) + path,
        query=query,
        headers=list(headers.values()),
        timeout=client.timeout if isinstance(timeout, NotGiven) else timeout,
        **content,
    )
    return request, idempotency_key


def _compute_standard_headers(config: ClientConfig, endpoint: Endpoint) -> dict[str, str]:
    package = f"{config.package_name}/{config.package_version}"
    successes = [spec.kind for spec in endpoint.responses if spec.status.startswith("2")]
    json_only = set(successes) <= {"json", "empty"}
    headers = {
        "User-Agent": f"{package} httpx/{httpx.__version__} python/{platform.python_version()}",
        "Accept": "application/json" if json_only else "application/json, */*;q=0.8",
    }
    if config.version_header:
        headers[config.version_header] = config.api_version
    return headers


def _resolve_base_url(
    config: ClientConfig, environment: str | None, base_url: str | None
) -> tuple[str, bool]:
    """The base URL, and whether it was chosen explicitly (then it wins over operations' own
    servers): `base_url=`, else the named `environment=`, else `<ENV_PREFIX>_BASE_URL`, else the
    spec's first server. An argument wins over the environment variable: code that says
    `environment="production"` never sends to a URL a shell left set (the variable is then
    ignored, with a warning)."""
    servers = dict(config.servers)
    if environment is not None and environment not in servers:
        raise errors.ClientConfigurationError(
            f"unknown environment {environment!r}; choose one of: {', '.join(map(repr, servers))}"
        )
    env_var = f"{config.env_prefix}_BASE_URL"
    from_env = os.environ.get(env_var)
    if base_url:
        url, explicit = base_url, True
    elif environment is not None:
        url, explicit = servers[environment], False
        if from_env and from_env.rstrip("/") != url.rstrip("/"):
            from ._deviations import _LOGGER  # the package's logger (on first use: import time)

            _LOGGER.warning(
                "%s=%s is ignored: environment=%r was given, so calls go to %s",
                env_var,
                from_env,
                environment,
                url,
            )
    elif from_env:
        url, explicit = from_env, True
    else:
        url, explicit = next(iter(servers.values()), ""), False
    if not url:
        raise errors.ClientConfigurationError(f"no base URL: pass base_url= or set {env_var}")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        message = "the base URL must be an absolute http(s) URL such as https://api.example.com/v1"
        raise errors.ClientConfigurationError(message)
    return url.rstrip("/"), explicit


def _refuse_insecure_url(url: str) -> None:
    """Credentials only travel over https, or plain http to this machine."""
    parts = urlsplit(url)
    if parts.scheme == "https" or _is_loopback(parts.hostname or ""):
        return
    raise errors.ClientConfigurationError(
        f"refusing to send credentials over plain http to {parts.hostname}; use https://"
    )


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return bool(ipaddress.ip_address(host).is_loopback)
    except ValueError:
        return False


@per_object
def _parameter_specs(endpoint: Endpoint) -> dict[tuple[str, str], ParameterSpec]:
    """The endpoint's `ParameterSpec`s by (location, name), computed once per endpoint."""
    return {(spec.location, spec.name): spec for spec in endpoint.parameters}


_header_texts: dict[tuple[int, str], tuple[ParameterSpec, str]] = {}
"""(id of a header parameter's spec, a text given for it) -> (the spec, its header text), for a
parameter that takes one of a few texts (a `Literal`: an execution mode), checked
(`_check_parameters`) and rendered by an earlier call. Other values (an idempotency key, anything
a caller may hold secret) are not kept."""


def _header_text(spec: ParameterSpec | None, name: str, value: Any) -> str:
    """`header_value` of a header parameter, remembered for one of a `Literal`'s texts."""
    if spec is None or type(value) is not str:
        return header_value(spec or default_spec(name, "header"), value)
    cached = _header_texts.get((id(spec), value))
    if cached is None or cached[0] is not spec:
        cached = (spec, header_value(spec, value))
        if typing.get_origin(spec.type) is Literal and value in typing.get_args(spec.type):
            _header_texts[(id(spec), value)] = cached
    return cached[1]


def _known_header_text(spec: ParameterSpec, value: Any) -> bool:
    """Whether `value` was checked and rendered for `spec` before (`_header_text`)."""
    if type(value) is not str:
        return False
    cached = _header_texts.get((id(spec), value))
    return cached is not None and cached[0] is spec


def _check_parameters(
    endpoint: Endpoint,
    options: RequestOptions,
    specs: Mapping[tuple[str, str], ParameterSpec],
) -> None:
    """Each parameter value given is checked against its schema, like a body, before anything is
    sent (a `limit` above its maximum, a value outside an enum): one `ValidationError` listing every
    problem, located as (location, name, ...)."""
    problems: list[pydantic_core.InitErrorDetails] = []
    for location, given in (
        ("path", options.get("path_params", _EMPTY)),
        ("query", options.get("query", _EMPTY)),
        ("header", options.get("headers", _EMPTY)),
        ("cookie", options.get("cookies", _EMPTY)),
    ):
        for name, value in given.items():
            spec = specs.get((location, name))
            if value is None or spec is None or spec.type is None:
                continue
            if location == "header" and _known_header_text(spec, value):
                continue  # checked by an earlier call
            try:
                _type_adapter(spec.type).validate_python(value)
            except pydantic.ValidationError as error:
                problems.extend(
                    {
                        "type": pydantic_core.PydanticCustomError(
                            e["type"], "{message}", {"message": e["msg"]}
                        ),
                        "loc": (location, name, *e["loc"]),
                        "input": e["input"],
                    }
                    for e in error.errors()
                )
    if problems:
        raise pydantic.ValidationError.from_exception_data(
            f"{endpoint.operation_id} parameters", problems
        )


def _render_path(
    template: str, path_params: Mapping[str, Any], specs: Mapping[tuple[str, str], ParameterSpec]
) -> str:
    pieces = []
    for literal, name in _path_template(template):
        pieces.append(literal)
        if name is not None:
            value = path_params.get(name)
            if value is None:
                raise ValueError(f"path parameter {name!r} needs a non-empty value")
            pieces.append(
                path_value(specs.get(("path", name)) or default_spec(name, "path"), value)
            )
    path = "".join(pieces)
    if "/." not in path:
        return path
    # The spec's own "." and ".." segments too (the generator warns about them): httpx would resolve
    # them into another path, even one outside the base URL's.
    return "/".join(_dot_segment(segment) or segment for segment in path.split("/"))


def _dot_segment(text: str) -> str | None:
    """A "." or ".." path segment percent-encoded, so that no HTTP stack resolves it; else None."""
    return "%2E" * len(text) if text in (".", "..") else None


_path_templates: dict[str, list[tuple[str, str | None]]] = {}


def _path_template(template: str) -> list[tuple[str, str | None]]:
    """(literal text, parameter name or None) pieces of a path template, the literal text percent-
    encoded where a path cannot carry it (a `?` or `#` the spec spells is part of the path)."""
    pieces = _path_templates.get(template)
    if pieces is None:
        pieces, start = [], 0
        for match in _PATH_PARAMETER.finditer(template):
            pieces.append(
                (quote(template[start : match.start()], safe="/:@!$&'()*+,;=%"), match.group(1))
            )
            start = match.end()
        pieces.append((quote(template[start:], safe="/:@!$&'()*+,;=%"), None))
        _path_templates[template] = pieces
    return pieces


def _merge_headers(
    *layers: Mapping[str, Any], onto: Mapping[str, tuple[str, str]] = _EMPTY
) -> dict[str, tuple[str, str]]:
    """`layers` merged over `onto` (headers merged before): later layers win; None values are left
    out; lists are comma-joined; no CR, LF or NUL.

    Keyed by lower-case name (names compare case-insensitively): (the name as given, its value).
    A plain dict, as `httpx.Headers` costs a few microseconds per header set or looked up.
    """
    headers = dict(onto)
    for layer in layers:
        values = {
            name: ",".join(map(_text, value)) if isinstance(value, (list, tuple)) else _text(value)
            for name, value in layer.items()
            if value is not None
        }
        _check_header_values(values)
        for name, text in values.items():
            headers[name.lower()] = (name, text)
    return headers


def _check_header_values(values: Mapping[str, str]) -> None:
    for name, value in values.items():
        check_header(
            name, value
        )  # the message names the header, never the value (it may be a credential)


def _encode_body(endpoint: Endpoint, body: Any) -> tuple[dict[str, Any], str | None]:
    """`httpx.build_request` arguments for the body, and its content type (None: httpx's choice)."""
    kind = endpoint.body_kind
    declared = endpoint.body_content_type
    if body is None:
        # A required nullable body: None is the JSON `null` (an optional body's None means "no body").
        return (
            ({"content": b"null"}, declared or "application/json")
            if endpoint.body_sends_null
            else ({}, None)
        )
    if kind == "json":
        validated = _validated_body(endpoint.body_type, body)
        text = body_json(validated, endpoint.body_type)  # one serializer pass, or None
        if text is None:
            data = _request_json(endpoint.body_type, validated)
            check_json_data(endpoint.operation_id, data)
            text = _json_text(data)
        return {"content": text.encode()}, declared or "application/json"
    if kind == "form":
        data = _request_json(endpoint.body_type, body)
        check_json_data(endpoint.operation_id, data)
        fields = pydantic_core.to_jsonable_python(data, by_alias=True)
        if not isinstance(fields, Mapping):
            raise TypeError(f"a form body must be a mapping or a model, not {type(body).__name__}")
        content = form_body(fields, _body_encodings(endpoint)).encode()
        return {"content": content}, declared or "application/x-www-form-urlencoded"
    if kind == "multipart":
        # Checked like a JSON body (a dict too); Python mode, so that files stay files.
        fields = _request_json(endpoint.body_type, body)
        check_json_data(endpoint.operation_id, fields, files_allowed=True)
        if not isinstance(fields, Mapping):
            raise TypeError(
                f"a multipart body must be a mapping or a model, not {type(body).__name__}"
            )
        media_type = declared or "multipart/form-data"
        content, content_type = multipart_content(fields, _body_encodings(endpoint), media_type)
        return {"content": content}, content_type
    if kind == "binary":
        # Read now, so that a retry sends the same bytes again.
        upload = body_file(endpoint.operation_id, body)
        return {
            "content": upload.read()
        }, upload.content_type or declared or "application/octet-stream"
    if kind == "text":
        content = text_content(endpoint.operation_id, body, declared)
        return {"content": content}, declared or "text/plain; charset=utf-8"
    if kind == "jsonl":
        # JSON Lines, or a JSON text sequence (RFC 7464: each record starts with RS).
        record_start = b"\x1e" if "json-seq" in (declared or "") else b""
        items = _request_json(endpoint.body_type, body)
        check_json_data(endpoint.operation_id, items)
        content = b"".join(record_start + _json_text(item).encode() + b"\n" for item in items)
        return {"content": content}, declared or "application/jsonl"
    raise TypeError(f"{endpoint.operation_id} takes no request body")


def _request_json(body_type: Any, body: Any) -> Any:
    """A request body as Python data ready for `_json_text`, validated strictly against `body_type`
    unless a model. Python mode, so that money stays exact (`WireNumber`); `_json_text` converts
    the rest (dates, UUIDs, bytes) the way pydantic's JSON mode does."""
    if not _models_runtime_imported:
        _import_models_runtime()
    if isinstance(body, pydantic.BaseModel):
        return dump_body(body, body_type)
    if body_type is None:
        return body
    return dump_body(_validated_body(body_type, body), body_type)


def _wire_data(body_type: Any, body: Any) -> Any:
    """`body` (a model, or data for `body_type`) as the JSON the client would send for it, read back
    as the wire is read (`loads`): money keeps its exact digits, where a JSON-mode dump would turn a
    number-typed amount into a binary float (the fake's `create` and `seed` take models so)."""
    if not _models_runtime_imported:
        _import_models_runtime()
    return loads(_json_text(_request_json(body_type, body)))


def _validated_body(body_type: Any, body: Any) -> Any:
    """`body` validated strictly against `body_type` (a model instance as it is)."""
    if not _models_runtime_imported:
        _import_models_runtime()
    if isinstance(body, pydantic.BaseModel) or body_type is None:
        return body
    plain = plain_request_validator(body_type)
    if plain is not None:
        try:
            return plain.validate_python(body)
        except pydantic.ValidationError:
            pass  # the hooked validator's error names the model and suggests a field
    try:
        return _type_adapter(body_type).validate_python(body)
    except pydantic.ValidationError as error:  # titled after the body's model, not a validator hook
        title = getattr(body_type, "__name__", None) or "request body"
        raise pydantic.ValidationError.from_exception_data(title, _error_details(error)) from None


def _json_text(value: Any) -> str:
    """Compact JSON text of request data: a `WireNumber` as its exact digits (`10.10`), everything
    else as pydantic's JSON mode writes it."""
    if not _models_runtime_imported:
        _import_models_runtime()
    return _json_of(value)


def _json_of(value: Any) -> str:
    # Leaves written as `json.dumps(value, ensure_ascii=False, allow_nan=False)` writes them,
    # without building an encoder per leaf (a 200-item body has ~4,000 leaves).
    kind = type(value)
    if kind is str:
        return _json_string(value)
    if kind is dict or kind is list:
        pass
    elif isinstance(value, WireNumber):
        return format(value, "f")
    elif isinstance(value, JSONFloat):
        return value.text
    elif isinstance(value, Enum):
        return _json_of(value.value)
    elif value is None or isinstance(value, bool):
        return "null" if value is None else ("true" if value else "false")
    elif isinstance(value, str):
        return _json_string(value)
    elif isinstance(value, int):
        return int.__repr__(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"Out of range float values are not JSON compliant: {value!r}")
        return float.__repr__(value)
    if isinstance(value, Mapping):
        members = (_json_string(str(key)) + ":" + _json_of(item) for key, item in value.items())
        return "{" + ",".join(members) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join([_json_of(item) for item in value]) + "]"
    return _json_of(pydantic_core.to_jsonable_python(value, by_alias=True))


_json_string: Callable[[str], str] = json.encoder.encode_basestring


def _body_encodings(endpoint: Endpoint) -> dict[str, PartEncoding]:
    return {encoding.name: encoding for encoding in endpoint.body_encodings}


def _describe(request: httpx.Request) -> str:
    """Method and path, without the query string (which may carry a credential)."""
    return f"{request.method} {request.url.raw_path.split(b'?')[0].decode('ascii', 'replace')}"
