"""The intermediate representation: the contract between reading a spec and rendering a package.

Everything a template needs is computed before rendering and stored here (identifiers, wire
names, escaped docs). Every node that came from the spec keeps its JSON pointer (`source`) so
warnings can say where. All classes are frozen: stages after `build_ir` only read them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from .fake_ir import FakeData

# --- Types ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Constraints:
    """JSON Schema validation keywords enforced on requests (and deliberately not on responses)."""

    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    ge: int | float | Decimal | None = None
    gt: int | float | Decimal | None = None
    le: int | float | Decimal | None = None
    lt: int | float | Decimal | None = None
    multiple_of: int | float | Decimal | None = None
    min_items: int | None = None
    max_items: int | None = None
    unique_items: bool = False
    min_properties: int | None = None
    max_properties: int | None = None
    property_names_pattern: str | None = None
    property_names_min_length: int | None = None
    property_names_max_length: int | None = None
    email: bool = False

    def is_empty(self) -> bool:
        return self == Constraints()


@dataclass(frozen=True)
class Primitive:
    """A scalar: a name of `primitives.PRIMITIVES` ("str", "int", "float", "bool", "Decimal", "datetime",
    "date", "time", "Duration", "UUID", "FileInput", "Any", "None")."""

    name: str
    constraints: Constraints = Constraints()
    number_on_wire: bool = False  # a "Decimal" sent and received as a JSON number (else a string)
    whole: bool = False  # a "Decimal" of JSON type integer: a fraction is another JSON type


@dataclass(frozen=True)
class ListOf:
    item: TypeNode
    constraints: Constraints = Constraints()


@dataclass(frozen=True)
class TupleOf:
    """3.1 `prefixItems`: fixed leading items, then (optionally) more of `rest`."""

    items: tuple[TypeNode, ...]
    rest: TypeNode | None


@dataclass(frozen=True)
class MapOf:
    value: TypeNode
    constraints: Constraints = Constraints()


@dataclass(frozen=True)
class LiteralOf:
    """`const` or a single-value `enum`: the only value(s) allowed, as JSON scalars."""

    values: tuple[str | int | float | bool | None, ...]


@dataclass(frozen=True)
class ModelRef:
    """A named, generated definition (model class, enum class or type alias) by its Python name."""

    name: str


@dataclass(frozen=True)
class EnumMemberRef:
    """One member of a generated enum class, used as a literal (`Literal[Kind.EMAIL]`)."""

    enum_name: str
    member_name: str
    value: str | int


@dataclass(frozen=True)
class Discriminator:
    property_name: str  # the wire name
    mapping: tuple[tuple[str, str], ...]  # (wire value, python name of the branch)
    inferred: bool  # True when read from single-value enums rather than a `discriminator` keyword


@dataclass(frozen=True)
class UnionOf:
    options: tuple[TypeNode, ...]
    discriminator: Discriminator | None = None
    unknown: str | None = None  # the generated `Unknown...` member: a value that fits no option (responses)
    # An open enum's use (`x-extensible-enum`, or the `open_enums` option): its one option is the enum,
    # `unknown` the class of a value the enum does not list yet; that value is no deviation.
    open_enum: bool = False


@dataclass(frozen=True)
class Nullable:
    inner: TypeNode


TypeNode = Primitive | ListOf | TupleOf | MapOf | LiteralOf | ModelRef | EnumMemberRef | UnionOf | Nullable

# --- Default values, as instances of their field's type ------------------------------------


@dataclass(frozen=True)
class JsonDefault:
    """A JSON value that already is an instance of the field's type (str, int, float, bool, None, or a
    list/dict of those where the type is Any or a plain container)."""

    value: object


@dataclass(frozen=True)
class ParsedDefault:
    """A value of a format type built from its JSON text: `UUID("...")`, `Decimal("1.5")`, `date.fromisoformat(...)`."""

    type_name: str  # a name of `primitives.PRIMITIVES` that has a `parser`: "UUID", "Decimal", "datetime", ...
    text: str


@dataclass(frozen=True)
class EnumDefault:
    enum_name: str
    member_name: str


@dataclass(frozen=True)
class ModelDefault:
    """An object default of a model-typed field, validated (by wire names) into that model."""

    model_name: str
    value: dict[str, object]


@dataclass(frozen=True)
class ListDefault:
    items: tuple[DefaultValue, ...]
    as_tuple: bool = False  # `prefixItems`: a tuple


@dataclass(frozen=True)
class MapDefault:
    items: tuple[tuple[str, DefaultValue], ...]


DefaultValue = JsonDefault | ParsedDefault | EnumDefault | ModelDefault | ListDefault | MapDefault

# --- Named definitions (the `models` module) -----------------------------------------------


@dataclass(frozen=True)
class Field:
    python_name: str
    wire_name: str
    type: TypeNode
    required: bool
    doc: str | None
    default: object = None  # the spec's JSON value (see `default_value` for it as a value of `type`)
    has_default: bool = False
    always_send: bool = False  # single-value discriminator fields: sent even when not set by the user
    source: str = ""
    default_value: DefaultValue | None = None  # set whenever `has_default`
    read_only: bool = False  # `readOnly`: sent by the server only (see directions.py)
    write_only: bool = False  # `writeOnly`: sent by the client only


@dataclass(frozen=True)
class ObjectModel:
    name: str
    fields: tuple[Field, ...]
    doc: str | None
    extra: TypeNode | None  # type of additional properties; None = any extra allowed (kept on responses)
    forbid_extra_on_requests: bool  # `additionalProperties: false`: closed in both directions
    extra_declared: bool = False  # `additionalProperties` true or a schema: undeclared keys may be sent
    source: str = ""
    constraints: Constraints = Constraints()
    request_shape_of: str | None = None  # the model this is the request shape of (directions.py)


@dataclass(frozen=True)
class EnumMember:
    python_name: str
    value: str | int | float


EnumBase = Literal["str", "int", "float", "mixed"]


@dataclass(frozen=True)
class EnumModel:
    """An enum class. Booleans are never members (Python's Enum takes `True` for `1`): an enum that
    lists booleans is a `Literal` alias instead. "mixed": strings and numbers, a plain `Enum`."""

    name: str
    members: tuple[EnumMember, ...]
    base: EnumBase
    doc: str | None
    source: str = ""
    # Open (will grow): the `Unknown...` class of the values it does not list yet; None: closed.
    unknown: str | None = None


@dataclass(frozen=True)
class AliasModel:
    """A named schema that is not an object or enum (a constrained string, a union, a list...)."""

    name: str
    type: TypeNode
    doc: str | None
    source: str = ""
    request_shape_of: str | None = None  # the alias this is the request shape of (directions.py)


Definition = ObjectModel | EnumModel | AliasModel

# --- Operations ----------------------------------------------------------------------------


ParameterLocation = Literal["path", "query", "header", "cookie"]
# OpenAPI's `style` values; "cookie" is OpenAPI 3.2's (RFC 6265 pairs, no percent-encoding).
ParameterStyle = Literal["matrix", "label", "simple", "form", "spaceDelimited", "pipeDelimited", "deepObject", "cookie"]


@dataclass(frozen=True)
class Serialization:
    """How a value travels in its location, decided once by the IR builder and applied by the runtime.

    `content_type` is set for parameters (and form fields) described with `content` (or an Encoding
    Object's `contentType`) rather than a style: the value is written in that media type ("application/json":
    JSON text), then escaped for its location like a string.
    """

    style: ParameterStyle
    explode: bool
    allow_reserved: bool = False
    content_type: str | None = None


@dataclass(frozen=True)
class Parameter:
    python_name: str
    wire_name: str
    location: ParameterLocation
    type: TypeNode
    required: bool
    doc: str | None
    default: object = None
    has_default: bool = False
    source: str = ""
    serialization: Serialization = Serialization("form", True)


@dataclass(frozen=True)
class PartEncoding:
    """One entry of a form or multipart body's `encoding` (an Encoding Object): how one property travels.

    `serialization` is set when the entry is style-based (`style`, `explode` or `allowReserved`
    given; form bodies); else `content_type` is the media type the value is written in (form
    bodies: JSON or text) or the part's Content-Type (multipart). `headers` are the part headers
    whose value the spec fixes (`const`, a single `enum` value or a `default`).
    """

    name: str  # the property's wire name
    serialization: Serialization | None = None
    content_type: str | None = None
    headers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class RequestBody:
    kind: str  # "json" | "jsonl" | "form" | "multipart" | "binary" | "text"
    content_type: str
    type: TypeNode
    required: bool
    doc: str | None
    encodings: tuple[PartEncoding, ...] = ()
    sends_null: bool = False  # required and nullable: a None body is sent as JSON `null`


@dataclass(frozen=True)
class Response:
    status: str  # "200", "2XX", "default"
    kind: str  # "json" | "jsonl" | "text" | "bytes" | "any" (`*/*` without a schema) | "empty"
    type: TypeNode | None
    doc: str | None
    example_sources: tuple[str, ...] = ()  # pointers of the media type's examples (the fake answers with them)
    headers: tuple[tuple[str, TypeNode], ...] = ()  # declared response headers: (wire name, type)


@dataclass(frozen=True)
class Pagination:
    cursor_param: str
    cursor_path: tuple[str, ...]
    items_attr: str
    item_type: TypeNode


@dataclass(frozen=True)
class StatusByHeader:
    """The success status follows a header argument (generator option `response_status_by_header`):
    the methods get typing overloads on it."""

    parameter: str  # python name of the header parameter
    statuses: tuple[tuple[str, str], ...]  # (header value, documented success status)
    when_omitted: str | None  # status when the argument is None; None: unknown


@dataclass(frozen=True)
class Operation:
    operation_id: str
    python_name: str
    method: str  # upper case
    path: str
    tag: str  # python attribute name of the resource
    summary: str | None
    doc: str | None
    parameters: tuple[Parameter, ...]
    body: RequestBody | None
    responses: tuple[Response, ...]
    security: tuple[str, ...]
    idempotency_header: str | None
    pagination: Pagination | None
    deprecated: bool
    idempotent: bool = False  # repeating it has no further effect: by its HTTP method, or documented (options)
    side_effect_free: bool = False  # documented so (options) although its HTTP method is unsafe
    source: str = ""
    status_by_header: StatusByHeader | None = None
    example_arguments: tuple[tuple[str, object], ...] = ()  # (python argument, JSON value) for the README
    servers: tuple[str, ...] = ()  # the operation's or its path item's own `servers` (URLs), which replace the API's
    security_requirements: tuple[tuple[str, ...], ...] | None = None
    """The Security Requirement Objects as given, when `security` (the names, each one enough) does not
    say it all: a requirement of several schemes (all are sent), or an empty one (no credential needed)."""

    @property
    def success_responses(self) -> tuple[Response, ...]:
        return tuple(r for r in self.responses if r.status.startswith("2"))


@dataclass(frozen=True)
class Resource:
    attribute: str  # client attribute, e.g. "orders"
    class_name: str  # e.g. "OrdersResource"
    doc: str | None
    operations: tuple[Operation, ...]
    children: tuple[Resource, ...] = ()  # resources of child tags (OpenAPI 3.2 tag `parent`): `client.orders.refunds`

    def walk(self) -> tuple[Resource, ...]:
        """This resource and every resource below it, parents first."""
        return (self,) + tuple(r for child in self.children for r in child.walk())


@dataclass(frozen=True)
class SecurityScheme:
    name: str
    kind: str  # "apiKey" | "bearer" | "basic"
    location: str
    param_name: str
    argument: str  # python argument of the client constructor, e.g. "api_key"
    env_var: str


@dataclass(frozen=True)
class Server:
    environment: str
    url: str


@dataclass(frozen=True)
class Webhook:
    key: str  # "order.completion"
    python_name: str  # "order_completion"
    type: TypeNode
    doc: str | None


@dataclass(frozen=True)
class RuntimeFacts:
    """What an API's docs add to its spec that its client needs at run time, read from the generator
    options (options.py). Declared only here: render/context.py lays out every field as the `ClientConfig`
    argument of the same name (a tuple as a frozenset), and tests/test_runtime_facts.py checks that
    the runtime's `ClientConfig` takes each of them with the same default."""

    version_header: str | None = None
    """Header that carries the API version on every request (not a per-call argument)."""
    error_type_field: str | None = "type"
    """Field of an error body that names the error type."""
    retry_error_types: tuple[str, ...] = ()
    """Error types retried like a 5xx, with the same idempotency key ("still processing")."""
    rate_limit_min_wait: float = 0.0
    """Least wait, in seconds, after a 429 without `Retry-After`."""
    retry_error_min_wait: float = 0.0
    """Least wait, in seconds, before retrying one of `retry_error_types`."""


SourceRole = Literal["spec", "document", "overlay", "explicit_overlay", "options"]


@dataclass(frozen=True)
class SourceFile:
    """One input file of a package, as given: what `python -m generator check` re-derives it from."""

    role: SourceRole
    name: str  # spec, overlay, options: the file name; document: its path from the spec's folder (posix)
    sha256: str  # of the bytes as given
    text: str  # the bytes as given, decoded (every input is UTF-8)


@dataclass(frozen=True)
class Provenance:
    """What made a package, with no path of the machine it was made on: the package carries it
    (`_generated_from.json`), so it can be checked and explained from any folder or clone."""

    generator_version: str = ""
    package_name: str = ""
    import_name: str = ""  # the dotted name it is imported by (`shop._vendor.runa`): its logger's name
    api_version: str | None = None  # only when the spec's file name has no date
    strict: bool = False
    allow_external_refs: bool = False
    sources: tuple[SourceFile, ...] = ()

    def of_role(self, *roles: SourceRole) -> tuple[SourceFile, ...]:
        return tuple(source for source in self.sources if source.role in roles)


@dataclass(frozen=True)
class Api:
    title: str
    description: str | None
    api_version: str
    package_name: str
    client_name: str  # "RunaClient"
    env_prefix: str  # "RUNA"
    spec_sha256: str
    spec_file: str
    definitions: tuple[Definition, ...]
    resources: tuple[Resource, ...]
    security_schemes: tuple[SecurityScheme, ...]
    servers: tuple[Server, ...]
    webhooks: tuple[Webhook, ...]
    facts: RuntimeFacts
    component_names: tuple[tuple[str, str], ...] = field(default=())  # (component key, python name)
    fake: FakeData | None = None  # for `<package>.testing`
    provenance: Provenance = Provenance()

    @property
    def all_resources(self) -> tuple[Resource, ...]:
        """Every resource, nested ones included, parents first."""
        return tuple(r for top in self.resources for r in top.walk())

    @property
    def operations(self) -> tuple[Operation, ...]:
        return tuple(op for resource in self.all_resources for op in resource.operations)
