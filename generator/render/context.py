"""What every template gets as `api`: the package's names, servers, credentials, runtime facts,
retry policy and how to regenerate it, read once from the IR (`render_package` passes it to all).
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass, fields

from .. import ir, layout
from ..diagnostics import printable
from ..provenance import MANIFEST_FILE
from ..pysource import comment_line, docstring, literal
from ..retry_policy import retry_policy, seconds_text
from ..runtime_dependencies import RUNTIME_DEPENDENCIES

# --- views --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ServerView:
    environment: str  # literal
    url: str  # literal
    name: str
    url_text: str  # the URL inside a comment


@dataclass(frozen=True)
class SecurityView:
    """A security scheme: the runtime's `SecurityScheme` arguments and the client's credential argument."""

    name: str
    kind: str
    location: str
    param_name: str
    argument: str
    argument_type: str
    env_var: str
    env_var_text: str
    is_basic: bool


@dataclass(frozen=True)
class RetriesView:
    """What the README's retry section says: the client's policy (generator/retry_policy.py, as the
    runtime applies it) and this API's own operations."""

    idempotent_methods: str  # "GET, HEAD, ..."
    other_methods: str  # "POST or PATCH"
    retried_statuses: str  # "408, 409, 429"
    initial_delay: str  # seconds, as written
    max_delay: str
    max_retry_after: str
    default_timeout: str
    default_max_retries: int
    keyed: list[str]
    side_effect_free: list[str]
    error_types: list[str]


@dataclass(frozen=True)
class RegenerateView:
    generator_version: str
    spec: str
    spec_sha256: str
    inputs: list[str]
    generate: str  # the command line that remakes the package
    manifest: str


@dataclass(frozen=True)
class RequestShapeView:
    name: str
    of: str


@dataclass(frozen=True)
class DependenciesView:
    requirements: str  # as pyproject.toml lists them
    tested: list[str]
    ranges: list[str]


@dataclass(frozen=True)
class ApiView:
    """What every template gets as `api`."""

    title_literal: str
    title_comment: str
    doc: str
    api_version: str
    api_version_literal: str
    package_name: str
    client_name: str
    async_client_name: str
    env_prefix_literal: str
    env_prefix: str
    spec_sha256: str
    regenerate: RegenerateView
    import_name: str
    spec_file_literal: str
    spec_file: str
    servers: list[ServerView]
    servers_argument: str
    security_schemes_argument: str
    environments_type: str
    security: list[SecurityView]
    facts: dict[str, str]  # `ClientConfig`'s arguments, field by field
    requires_credentials: bool
    retries: RetriesView
    has_operation_servers: bool
    operation_count: int
    definition_count: int
    webhook_names: list[str]
    request_shapes: list[RequestShapeView]


def api_view(api: ir.Api) -> ApiView:
    return ApiView(
        title_literal=literal(api.title),
        title_comment=quoted_text(api.title),  # inside docstrings and TOML strings
        doc=docstring(
            f"Python client for the {api.title} API, version {api.api_version}.\n\n{api.description or ''}".strip()
        ),
        api_version=api.api_version,
        api_version_literal=literal(api.api_version),
        package_name=api.package_name,
        client_name=api.client_name,
        async_client_name="Async" + api.client_name,
        env_prefix_literal=literal(api.env_prefix),
        env_prefix=api.env_prefix,
        spec_sha256=api.spec_sha256,
        regenerate=_regenerate_view(api),
        import_name=api.provenance.import_name,
        spec_file_literal=literal(api.spec_file),
        spec_file=quoted_text(api.spec_file),
        servers=[
            ServerView(
                environment=literal(s.environment),
                url=literal(s.url),
                name=s.environment,
                url_text=comment_line(s.url),
            )
            for s in api.servers
        ],
        servers_argument=layout.laid_out(
            layout.of_tuple(
                [layout.Bracketed("(", (literal(s.environment), literal(s.url)), ")") for s in api.servers]
            ),
            4,
            "servers=",
            ",",
        ),
        security_schemes_argument=layout.laid_out(
            layout.of_tuple(
                [
                    layout.of_call(
                        "SecurityScheme",
                        [
                            f"name={literal(s.name)}",
                            f"kind={literal(s.kind)}",
                            f"location={literal(s.location)}",
                            f"param_name={literal(s.param_name)}",
                        ],
                    )
                    for s in api.security_schemes
                ]
            ),
            4,
            "security_schemes=",
            ",",
        ),
        environments_type=(
            "Literal[" + ", ".join(literal(s.environment) for s in api.servers) + "]" if api.servers else "str"
        ),
        security=[
            SecurityView(
                name=literal(s.name),
                kind=literal(s.kind),
                location=literal(s.location),
                param_name=literal(s.param_name),
                argument=s.argument,
                argument_type="tuple[str, str] | None" if s.kind == "basic" else "str | None",
                env_var=literal(s.env_var),
                env_var_text=s.env_var,
                is_basic=s.kind == "basic",
            )
            for s in api.security_schemes
        ],
        facts={field.name: _fact_literal(getattr(api.facts, field.name)) for field in fields(ir.RuntimeFacts)},
        # Some operation may be called without any credential (no security, or an empty requirement).
        requires_credentials=not any(
            not op.security or (op.security_requirements is not None and () in op.security_requirements)
            for op in api.operations
        ),
        retries=_retries_view(api),
        has_operation_servers=any(op.servers for op in api.operations),
        operation_count=len(api.operations),
        definition_count=len(api.definitions),
        webhook_names=[w.python_name for w in api.webhooks],
        request_shapes=[
            RequestShapeView(name=d.name, of=d.request_shape_of)
            for d in api.definitions
            if isinstance(d, (ir.ObjectModel, ir.AliasModel)) and d.request_shape_of is not None
        ],
    )


def _retries_view(api: ir.Api) -> RetriesView:
    """What the README's retry section says about this API's own operations."""
    keyed, side_effect_free = [], []
    for access, op in operations_by_access(api.resources):
        if op.idempotency_header:
            argument = next(p.python_name for p in op.parameters if p.wire_name == op.idempotency_header)
            keyed.append(f"`{access}.{op.python_name}` (`{argument}=`, sent as {op.idempotency_header})")
        elif op.side_effect_free:
            side_effect_free.append(f"`{access}.{op.python_name}`")
    policy = retry_policy()
    return RetriesView(
        idempotent_methods=", ".join(policy.idempotent_methods),
        other_methods=" or ".join(policy.other_methods),
        retried_statuses=", ".join(str(status) for status in policy.retried_statuses),
        initial_delay=seconds_text(policy.initial_delay),
        max_delay=seconds_text(policy.max_delay),
        max_retry_after=seconds_text(policy.max_retry_after),
        default_timeout=seconds_text(policy.default_timeout),
        default_max_retries=policy.default_max_retries,
        keyed=keyed,
        side_effect_free=side_effect_free,
        error_types=[f"`{t}`" for t in api.facts.retry_error_types],
    )


def operations_by_access(resources: tuple[ir.Resource, ...], prefix: str = "") -> list[tuple[str, ir.Operation]]:
    found = []
    for resource in resources:
        access = prefix + resource.attribute
        found += [(access, op) for op in resource.operations]
        found += operations_by_access(resource.children, access + ".")
    return found


def _fact_literal(value: object) -> str:
    """A runtime fact as a `ClientConfig` argument: a tuple of names is a frozenset at run time."""
    if isinstance(value, tuple):
        return "frozenset({" + ", ".join(literal(item) for item in value) + "})" if value else "frozenset()"
    return literal(value)


def dependencies_view() -> DependenciesView:
    """The runtime dependencies as the package's metadata declares them and as its README says they were tested."""
    return DependenciesView(
        requirements=", ".join(f'"{d.requirement}"' for d in RUNTIME_DEPENDENCIES),
        tested=[f"{d.name} {d.lowest} and {d.newest}" for d in RUNTIME_DEPENDENCIES],
        ranges=[f"`{d.requirement}`" for d in RUNTIME_DEPENDENCIES],
    )


def _regenerate_view(api: ir.Api) -> RegenerateView:
    """What the README's "Regenerate" section says: what made the package and the commands that
    check and remake it, without any path of the machine it was made on (`_generated_from.json`
    holds the files themselves)."""
    made = api.provenance
    spec = made.of_role("spec")[0]
    arguments = [spec.name, "--output", "DIR", "--package-name", made.package_name]
    if made.api_version is not None:
        arguments += ["--api-version", made.api_version]
    for overlay in made.of_role("explicit_overlay"):
        arguments += ["--overlay", overlay.name]
    arguments += ["--strict"] * made.strict + ["--allow-external-refs"] * made.allow_external_refs
    return RegenerateView(
        generator_version=made.generator_version,
        spec=printable(spec.name),
        spec_sha256=spec.sha256,
        inputs=[
            f"`{printable(_source_place(source))}` (sha256 `{source.sha256[:16]}...`)"
            for source in made.sources
            if source.role != "spec"
        ],
        generate=printable(" ".join(["python", "-m", "generator", *(shlex.quote(a) for a in arguments)])),
        manifest=MANIFEST_FILE,
    )


def _source_place(source: ir.SourceFile) -> str:
    """Where a source sits beside the spec for the generator to find it by itself."""
    if source.role == "overlay":
        return f"overlays/{source.name}"
    if source.role == "options":
        return f"options/{source.name}"
    return source.name


def quoted_text(text: str | None) -> str:
    """One line of spec text that is safe inside a docstring or a TOML basic string: control
    characters become spaces, backslashes and double quotes are escaped."""
    return docstring(comment_line(text))[3:-3]
