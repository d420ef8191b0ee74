"""What the runtime's modules share: how an operation and the API are described, and the markers
of arguments not given.

The generated `_client.py` describes each operation as an `Endpoint` and the API as a
`ClientConfig`; `_request` builds requests from them, `_response` parses answers by them and
`_base_client` sends. They live apart from all three so that each of those imports them and none
imports another's client (no import cycle). Nothing heavy is imported here: pydantic's model
machinery (`_base_model`) is bound in a module's globals on its first request or parse
(`import_models_runtime`), as importing the package must stay cheap.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any, Final, Literal, TypedDict, TypeVar

import httpx
import pydantic

from ._wire import ParameterSpec, PartEncoding

_T = TypeVar("_T")


def per_object(compute: Callable[[Any], _T]) -> Callable[[Any], _T]:
    """`compute`, kept per object it is asked about (types, fields, endpoints: they live as long as
    their package), computed once. Keyed by identity, as some types are not hashable; the object is
    kept with its answer, so its id is not reused."""
    known: dict[int, tuple[Any, _T]] = {}

    def kept(key: Any) -> _T:
        found = known.get(id(key))
        if found is not None and found[0] is key:
            return found[1]
        if len(known) > 10_000:  # a bound, should types be made on the fly
            known.clear()
        answer = compute(key)
        known[id(key)] = (key, answer)
        return answer

    return kept


def import_models_runtime(namespace: dict[str, Any], names: tuple[str, ...]) -> None:
    """Binds `names` of `_base_model` in a module's `namespace` (its `globals()`, where they are
    declared for type checkers) and sets its `_models_runtime_imported`: called on the first
    request or parse, so that importing the package imports no pydantic model machinery."""
    from . import _base_model

    namespace.update({name: getattr(_base_model, name) for name in names})
    namespace["_models_runtime_imported"] = True


class NotGiven:
    """Type of `NOT_GIVEN`: "not passed", where `None` means something (`timeout=None`: none)."""

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN: Final = NotGiven()


ResponseValidation = Literal["lenient", "strict"]
"""How a client treats a response that breaks the spec (see `_BaseAPIClient.response_validation`)."""


class Later:
    """A type the generated client names without building it: `Later(lambda: models.Order)`. The
    package's import builds no model; an endpoint's types are built on its first call (`_typed`)."""

    __slots__ = ("make",)

    def __init__(self, make: Callable[[], Any]) -> None:
        self.make = make

    def __repr__(self) -> str:
        return "Later(...)"


class _SubmoduleOnFirstUse:
    """A sibling module imported when one of its names is first read (the `Later` types' `models`)."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attribute: str) -> Any:
        return getattr(importlib.import_module(self._name), attribute)


def submodule_on_first_use(module: str, submodule: str) -> Any:
    """The package's `submodule`, seen from its module `module`, imported on first use."""
    return _SubmoduleOnFirstUse(module.rpartition(".")[0] + "." + submodule)


def _built(kind: Any) -> Any:
    return kind.make() if isinstance(kind, Later) else kind


@dataclass(frozen=True)
class ResponseSpec:
    """A documented response of an operation."""

    status: str
    """"200", "2XX" or "default"."""
    kind: str
    """"json", "jsonl" (a list, one item per line or RS record), "text", "bytes", "any" (JSON when
    the response says it is JSON, else its bytes) or "empty"."""
    type: Any
    """The Python type a "json" body is parsed into; None for other kinds."""
    headers: tuple[tuple[str, Any], ...] = ()
    """The response's declared headers: (name, the Python type its value is read as)."""


@dataclass(frozen=True)
class Pagination:
    """How an operation pages: which query parameter takes the cursor, where the next one is."""

    cursor_param: str
    cursor_path: tuple[str, ...]
    items_attr: str


@dataclass(frozen=True)
class SecurityScheme:
    """A way to authenticate: "apiKey" (sent in `location` as `param_name`), "bearer" or "basic"."""

    name: str
    kind: str
    location: str
    param_name: str


@dataclass(frozen=True)
class StatusByHeader:
    """The success status follows a request header (generator option `response_status_by_header`):
    Runa answers `X-Execution-Mode: sync` with 200, `async` or no header with 202."""

    header: str
    statuses: Mapping[str, str]
    when_omitted: str | None

    def selected(self, request: httpx.Request) -> str | None:
        """The status the request's header selects (None: the rule does not say)."""
        sent = request.headers.get(self.header)
        return self.statuses.get(sent) if sent is not None else self.when_omitted


@dataclass(frozen=True)
class Endpoint:
    """Everything the runtime needs to know about one operation."""

    operation_id: str
    method: str
    path: str
    responses: tuple[ResponseSpec, ...]
    body_kind: str | None = None
    body_type: Any = None
    body_content_type: str | None = None
    idempotency_header: str | None = None
    idempotent: bool = False
    """Repeating the request has no further effect (by its HTTP method, or as the API documents):
    retried on any transient failure. Otherwise only a request carrying an idempotency key is."""
    security: tuple[str, ...] = ()
    """The security schemes of the operation, any one of them enough (see `security_requirements`)."""
    security_requirements: tuple[tuple[str, ...], ...] | None = None
    """The spec's Security Requirement Objects, when `security` does not say it all: every scheme of
    one requirement is sent; an empty requirement needs no credential."""
    pagination: Pagination | None = None
    parameters: tuple[ParameterSpec, ...] = ()
    """How each parameter is serialized (style, explode, ...); others get OpenAPI's defaults."""
    body_encodings: tuple[PartEncoding, ...] = ()
    """The form or multipart body's `encoding` entries (OpenAPI), by property."""
    body_sends_null: bool = False
    """The body is required and nullable: `None` is sent as JSON `null`."""
    status_by_header: StatusByHeader | None = None
    """Which success status the request selects, when a header argument does (its overloads)."""
    servers: tuple[str, ...] = ()
    """The operation's own servers (OpenAPI path- or operation-level `servers`): it is sent to the
    first, unless the client was given a `base_url` (argument or environment variable)."""


def _typed(endpoint: Endpoint) -> Endpoint:
    """`endpoint` with its `Later` types built: once per endpoint, on its first call."""
    typed: Endpoint | None = endpoint.__dict__.get("_typed")
    if typed is None:
        typed = replace(
            endpoint,
            responses=tuple(
                replace(r, type=_built(r.type), headers=tuple((n, _built(t)) for n, t in r.headers))
                for r in endpoint.responses
            ),
            body_type=_built(endpoint.body_type),
            parameters=tuple(replace(p, type=_built(p.type)) for p in endpoint.parameters),
        )
        object.__setattr__(typed, "_typed", typed)
        object.__setattr__(endpoint, "_typed", typed)
    return typed


@dataclass(frozen=True)
class ClientConfig:
    """What the runtime needs to know about the API as a whole."""

    package_name: str
    package_version: str
    api_version: str
    version_header: str | None
    env_prefix: str
    servers: tuple[tuple[str, str], ...]
    security_schemes: tuple[SecurityScheme, ...]
    error_type_field: str | None = "type"
    retry_error_types: frozenset[str] = frozenset()
    """Error types retried like a 5xx (with the same idempotency key), e.g. "still processing"."""
    rate_limit_min_wait: float = 0.0
    """Least wait, in seconds, after a 429 without `Retry-After`."""
    retry_error_min_wait: float = 0.0
    """Least wait, in seconds, before retrying one of `retry_error_types` or a 1xx without `Retry-After`."""
    requires_credentials: bool = True
    """Every operation needs a credential: a client without any is refused when it is made."""


class RequestOptions(TypedDict, total=False):
    """Arguments of `request`, `request_raw` and `paginate`; `None` values are left out."""

    path_params: Mapping[str, Any]
    query: Mapping[str, Any]
    headers: Mapping[str, Any]
    cookies: Mapping[str, Any]
    body: Any
    extra_headers: Mapping[str, str] | None
    timeout: float | httpx.Timeout | None | NotGiven
    max_retries: int | NotGiven
    total_timeout: float | None | NotGiven


_type_adapters: dict[int, tuple[Any, pydantic.TypeAdapter[Any]]] = {}


def _type_adapter(kind: Any) -> pydantic.TypeAdapter[Any]:
    """A cached `TypeAdapter` (slow to build), keyed by identity: not every type is hashable."""
    cached = _type_adapters.get(id(kind))
    if cached is None or cached[0] is not kind:
        cached = (kind, pydantic.TypeAdapter(kind))
        _type_adapters[id(kind)] = cached
    return cached[1]
