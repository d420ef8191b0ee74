"""Stage 4, build the IR: the resolved spec -> one frozen `ir.Api`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from . import ir
from .diagnostics import Diagnostic, GeneratorError
from .naming import NameRegistry, attribute_name, class_name, pascal_case, snake_case
from .operations import read_operations
from .options import GeneratorOptions
from .resolve import ResolvedSpec
from .schemas import SchemaReader

# Attributes the client classes use themselves; a tag with one of these names is renamed.
_CLIENT_RESERVED = frozenset({"close", "request", "request_raw", "paginate", "with_raw_response", "api_key", "base_url", "timeout", "max_retries"})


def build_ir(
    spec: ResolvedSpec,
    *,
    openapi_version: str,
    api_version: str,
    package_name: str,
    options: GeneratorOptions,
    warnings: list[Diagnostic],
) -> ir.Api:
    """Read components, operations, security, servers and webhooks into an `ir.Api`."""
    data = spec.root.data
    info = data.get("info") if isinstance(data.get("info"), dict) else {}
    if not isinstance(data.get("info"), dict):
        warnings.append(Diagnostic("the document has no `info` object; the client is named `ApiClient`", spec.root.locate("")))
    raw_title = info.get("title")
    title: str = raw_title.strip() if isinstance(raw_title, str) and raw_title.strip() else "Api"

    schemas = SchemaReader(spec, openapi_version, warnings)
    schemas.read_components()
    operations = read_operations(spec, schemas, options, warnings)
    webhooks = _webhooks(spec, schemas, warnings)
    security = _security_schemes(spec, title, warnings)
    known_schemes = {s.name for s in security}
    operations = [op if set(op.security) <= known_schemes else _drop_unknown_security(op, known_schemes, spec, warnings) for op in operations]

    return ir.Api(
        title=title,
        description=info.get("description") if isinstance(info.get("description"), str) else None,
        api_version=api_version,
        package_name=package_name,
        client_name=class_name(title) + "Client" if class_name(title) != "Api" or title == "Api" else "ApiClient",
        env_prefix=(snake_case(title) or "api").upper(),
        spec_sha256=spec.root.sha256,
        spec_file=spec.root.path.name,
        definitions=tuple(schemas.iter_definitions()),
        resources=_resources(operations, data.get("tags")),
        security_schemes=tuple(security),
        servers=_servers(data.get("servers")),
        webhooks=tuple(webhooks),
        facts=ir.RuntimeFacts(
            version_header=options.version_header,
            idempotency_header=options.idempotency_header,
            error_type_field=options.error_type_field,
            retry_error_types=options.retry_error_types,
            rate_limit_min_wait=options.rate_limit_min_wait,
        ),
        component_names=tuple(schemas.component_names),
    )


def _resources(operations: Sequence[ir.Operation], tags: Any) -> tuple[ir.Resource, ...]:
    docs = {t["name"]: t.get("description") for t in tags or [] if isinstance(t, dict) and isinstance(t.get("name"), str)} if isinstance(tags, list) else {}
    grouped: dict[str, list[ir.Operation]] = {}
    for operation in operations:
        grouped.setdefault(operation.tag, []).append(operation)
    attributes = NameRegistry(_CLIENT_RESERVED)
    classes = NameRegistry()
    resources = []
    for tag, members in grouped.items():
        attribute = attributes.claim(attribute_name(tag) if snake_case(tag) else "default")
        resources.append(
            ir.Resource(
                attribute=attribute,
                class_name=classes.claim(class_name(pascal_case(tag) + "Resource")),
                doc=docs.get(tag) if isinstance(docs.get(tag), str) else None,
                operations=tuple(members),
            )
        )
    return tuple(resources)


def _servers(raw: Any) -> tuple[ir.Server, ...]:
    servers: list[ir.Server] = []
    names = NameRegistry()
    for index, server in enumerate(raw if isinstance(raw, list) else []):
        if not isinstance(server, dict) or not isinstance(server.get("url"), str):
            continue
        url = server["url"]
        for variable, spec in (server.get("variables") or {}).items():
            if isinstance(spec, dict) and "default" in spec:
                url = url.replace("{" + str(variable) + "}", str(spec["default"]))
        label = snake_case(server.get("description") or "") if isinstance(server.get("description"), str) else ""
        servers.append(ir.Server(names.claim(label or f"server_{index + 1}"), url))
    return tuple(servers)


def _security_schemes(spec: ResolvedSpec, title: str, warnings: list[Diagnostic]) -> list[ir.SecurityScheme]:
    components = spec.root.data.get("components")
    raw = components.get("securitySchemes") if isinstance(components, dict) else None
    if not isinstance(raw, dict):
        return []
    prefix = (snake_case(title) or "api").upper()
    schemes: list[ir.SecurityScheme] = []
    arguments = NameRegistry(frozenset({"environment", "base_url", "timeout", "max_retries", "http_client", "default_headers", "self"}))
    kinds: list[tuple[str, str, str, str]] = []
    for name in raw:
        node = spec.follow(spec.root_node().child("components", "securitySchemes", name))
        value = node.value if isinstance(node.value, dict) else {}
        scheme_type = value.get("type")
        if scheme_type == "apiKey":
            if value.get("in") not in ("header", "query", "cookie") or not isinstance(value.get("name"), str):
                raise GeneratorError("an apiKey security scheme needs `in` (header, query or cookie) and `name`", node.locate())
            kinds.append((name, "apiKey", value["in"], value["name"]))
        elif scheme_type == "http" and str(value.get("scheme", "")).lower() == "basic":
            kinds.append((name, "basic", "header", "Authorization"))
        elif scheme_type in ("http", "oauth2", "openIdConnect"):
            if scheme_type != "http" or str(value.get("scheme", "")).lower() != "bearer":
                warnings.append(Diagnostic(f"security scheme {name!r} ({scheme_type}) is sent as a bearer token you obtain yourself", node.locate()))
            kinds.append((name, "bearer", "header", "Authorization"))
        else:
            warnings.append(Diagnostic(f"security scheme {name!r} of type {scheme_type!r} is not supported; ignored", node.locate()))
    single_of_kind = {kind: sum(1 for k in kinds if k[1] == kind) == 1 for _, kind, _, _ in kinds}
    default_argument = {"apiKey": "api_key", "bearer": "bearer_token", "basic": "basic_auth"}
    for name, kind, location, param_name in kinds:
        argument = default_argument[kind] if single_of_kind[kind] else attribute_name(name)
        argument = arguments.claim(argument)
        schemes.append(ir.SecurityScheme(name, kind, location, param_name, argument, f"{prefix}_{argument.upper()}"))
    return schemes


def _drop_unknown_security(op: ir.Operation, known: set[str], spec: ResolvedSpec, warnings: list[Diagnostic]) -> ir.Operation:
    from dataclasses import replace

    unknown = [s for s in op.security if s not in known]
    warnings.append(Diagnostic(f"operation uses undefined or unsupported security scheme(s) {', '.join(unknown)}; ignored", spec.root.locate(op.source)))
    return replace(op, security=tuple(s for s in op.security if s in known))


def _webhooks(spec: ResolvedSpec, schemas: SchemaReader, warnings: list[Diagnostic]) -> list[ir.Webhook]:
    raw = spec.root.data.get("webhooks")
    if not isinstance(raw, dict):
        return []
    webhooks = []
    names = NameRegistry(frozenset({"verify", "parse", "WebhookVerificationError"}))
    for key in raw:
        item = spec.follow(spec.root_node().child("webhooks", key))
        if not isinstance(item.value, dict):
            continue
        for method in ("post", "put"):
            operation = item.value.get(method)
            if not isinstance(operation, dict) or "requestBody" not in operation:
                continue
            body = spec.follow(item.child(method, "requestBody"))
            content = body.value.get("content") if isinstance(body.value, dict) else None
            media = next((m for m in (content or {}) if "json" in m), None)
            if media is None or "schema" not in (content or {})[media]:
                warnings.append(Diagnostic("webhook without a JSON body schema; parsed as Any", body.locate()))
                payload: ir.TypeNode = ir.Primitive("Any")
            else:
                schema = body.child("content", media, "schema")
                context = pascal_case(str(key)) + "Payload"
                payload = schemas.name_composite(schemas.type_of(schema, context), context, schema.pointer)
            doc = body.value.get("description") if isinstance(body.value.get("description"), str) else None
            webhooks.append(ir.Webhook(str(key), names.claim(attribute_name(str(key))), payload, doc))
            break
    return webhooks
