"""Stage 4, build the IR: the resolved spec -> one frozen `ir.Api`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from . import ir
from .diagnostics import Diagnostic, GeneratorError, split_pointer
from .directions import split_by_direction
from .examples import with_example_arguments
from .fake_data import fake_data
from .header_statuses import with_status_by_header
from .naming import NameRegistry, attribute_name, class_name, pascal_case, snake_case
from .operations import HTTP_METHODS, callback_nodes, read_operations
from .options import GeneratorOptions
from .reserved import client_arguments, client_attributes, template_attributes
from .resolve import Node, ResolvedSpec
from .schemas import SchemaReader
from .servers import read_servers

# Attributes of a resource class itself (the template's: `with_raw_response`, ...); a child tag with one
# of these names is renamed.
_RESOURCE_RESERVED = template_attributes()
# `_client.py` imports these base classes: a client named from a title such as "Async API" must not shadow them.
_RUNTIME_CLIENT_CLASSES = frozenset({"AsyncAPIClient", "SyncAPIClient"})
# Attributes the client classes use themselves (the runtime's and the template's, read from their
# source); a tag with one of these names is renamed.
_CLIENT_RESERVED = client_attributes() | {"api_key"}  # and the usual credential argument


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
        warnings.append(
            Diagnostic("the document has no `info` object; the client is named `ApiClient`", spec.root.locate(""))
        )
    raw_title = info.get("title")
    title: str = raw_title.strip() if isinstance(raw_title, str) and raw_title.strip() else "Api"

    schemas, operations, webhooks = read_spec(spec, openapi_version=openapi_version, options=options, warnings=warnings)
    operations = with_status_by_header(spec, operations, options.response_status_by_header, warnings)
    for name in sorted(options.side_effect_free_operations - {op.operation_id for op in operations}):
        warnings.append(Diagnostic(f"generator option side_effect_free_operations: no operation {name!r}; ignored"))
    operations = with_example_arguments(spec, operations)
    security = _security_schemes(spec, title, warnings)
    # A scheme the client cannot send (HTTP digest) stays in the requirements that name it: the client
    # refuses those before sending rather than send the request without it.
    known_schemes = {s.name for s in security} | _refused_schemes(spec)
    operations = [
        op if set(op.security) <= known_schemes else _drop_unknown_security(op, known_schemes, spec, warnings)
        for op in operations
    ]

    definitions, operations = split_by_direction(tuple(schemas.iter_definitions()), operations, schemas.class_names)
    return ir.Api(
        title=title,
        description=info.get("description") if isinstance(info.get("description"), str) else None,
        api_version=api_version,
        package_name=package_name,
        client_name=NameRegistry(_RUNTIME_CLIENT_CLASSES).claim(class_name(title) + "Client", prefixes=("", "Async")),
        env_prefix=(snake_case(title) or "api").upper(),
        spec_sha256=spec.root.sha256,
        spec_file=spec.root.path.name,
        definitions=definitions,
        resources=_resources(operations, spec, warnings),
        security_schemes=tuple(security),
        servers=read_servers(data.get("servers")),
        webhooks=tuple(webhooks),
        facts=options.facts,
        component_names=tuple(schemas.component_names),
        fake=fake_data(spec, tuple(operations), definitions, tuple(webhooks), options.fake, options.source, warnings),
    )


def read_spec(
    spec: ResolvedSpec, *, openapi_version: str, options: GeneratorOptions, warnings: list[Diagnostic]
) -> tuple[SchemaReader, list[ir.Operation], list[ir.Webhook]]:
    """Component schemas, then operations, then webhooks and callbacks, in that (naming) order.

    The `SchemaReader` is returned with them: it knows the type of every schema it named, which is
    how the tests find the model of each example in a spec.
    """
    schemas = SchemaReader(spec, openapi_version, warnings, options.decimal, options.open_enums)
    schemas.read_components()
    operations = read_operations(spec, schemas, options, warnings)
    webhooks = _webhooks(spec, schemas, warnings)
    for rule in options.open_enums:
        # One options file serves every version: a schema or property this version lacks concerns another.
        if rule.pointer not in schemas.opened and _holds(spec.root.data, rule.pointer):
            warnings.append(
                Diagnostic(
                    f"generator option open_enums: {rule.target!r} is no enum; ignored", spec.root.locate(rule.pointer)
                )
            )
    return schemas, operations, webhooks


def _holds(data: Any, pointer: str) -> bool:
    """Whether the document has a value at `pointer`."""
    for token in split_pointer(pointer):
        if not isinstance(data, dict) or token not in data:
            return False
        data = data[token]
    return True


def _resources(
    operations: Sequence[ir.Operation], spec: ResolvedSpec, warnings: list[Diagnostic]
) -> tuple[ir.Resource, ...]:
    """Operations grouped by their first tag; a tag with a `parent` (OpenAPI 3.2) nests under it."""
    tags = spec.root.data.get("tags")
    declared = (
        [t for t in tags if isinstance(t, dict) and isinstance(t.get("name"), str)] if isinstance(tags, list) else []
    )
    docs = {
        t["name"]: t.get("description") if isinstance(t.get("description"), str) else t.get("summary") for t in declared
    }
    parents = _tag_parents(declared, spec, warnings)
    grouped: dict[str, list[ir.Operation]] = {}
    for operation in operations:
        grouped.setdefault(operation.tag, []).append(operation)
    for tag in list(grouped):  # a parent tag without operations of its own still gets a resource
        parent = parents.get(tag)
        while parent is not None and parent not in grouped:
            grouped[parent] = []
            parent = parents.get(parent)
    children: dict[str | None, list[str]] = {}
    for tag in grouped:
        children.setdefault(parents.get(tag), []).append(tag)
    classes = NameRegistry()

    def resource(tag: str, attribute: str) -> ir.Resource:
        members = tuple(grouped[tag])
        names = NameRegistry(_RESOURCE_RESERVED | {op.python_name for op in members})
        return ir.Resource(
            attribute=attribute,
            class_name=classes.claim(class_name(pascal_case(tag) + "Resource"), prefixes=("", "Async")),
            doc=docs.get(tag) if isinstance(docs.get(tag), str) else None,
            operations=members,
            children=tuple(resource(child, names.claim(_tag_attribute(child))) for child in children.get(tag, [])),
        )

    top = NameRegistry(_CLIENT_RESERVED)
    return tuple(resource(tag, top.claim(_tag_attribute(tag))) for tag in children.get(None, []))


def _tag_attribute(tag: str) -> str:
    return attribute_name(tag) if snake_case(tag) else "default"


def _tag_parents(declared: list[dict[str, Any]], spec: ResolvedSpec, warnings: list[Diagnostic]) -> dict[str, str]:
    """Tag name -> its parent's name, for parents that are declared tags and form no cycle."""
    names = {t["name"] for t in declared}
    parents: dict[str, str] = {}
    for index, tag in enumerate(declared):
        parent = tag.get("parent")
        if parent is None:
            continue
        where = spec.root.locate(f"/tags/{index}/parent")
        if not isinstance(parent, str) or parent not in names:
            warnings.append(
                Diagnostic(
                    f"tag {tag['name']!r} names an undeclared parent {parent!r}; its operations stay at the top level",
                    where,
                )
            )
            continue
        ancestor: str | None = parent
        seen = {tag["name"]}
        while ancestor is not None and ancestor not in seen:
            seen.add(ancestor)
            ancestor = parents.get(ancestor)
        if ancestor is not None:
            warnings.append(
                Diagnostic(
                    f"tag {tag['name']!r} is its own ancestor through `parent`; its operations stay at the top level",
                    where,
                )
            )
            continue
        parents[tag["name"]] = parent
    return parents


def _security_schemes(spec: ResolvedSpec, title: str, warnings: list[Diagnostic]) -> list[ir.SecurityScheme]:
    components = spec.root.data.get("components")
    raw = components.get("securitySchemes") if isinstance(components, dict) else None
    if not isinstance(raw, dict):
        return []
    prefix = (snake_case(title) or "api").upper()
    schemes: list[ir.SecurityScheme] = []
    arguments = NameRegistry(client_arguments())
    kinds: list[tuple[str, str, str, str]] = []
    for name in raw:
        node = spec.follow(spec.root_node().child("components", "securitySchemes", name))
        value = node.value if isinstance(node.value, dict) else {}
        scheme_type = value.get("type")
        if scheme_type == "apiKey":
            if value.get("in") not in ("header", "query", "cookie") or not isinstance(value.get("name"), str):
                raise GeneratorError(
                    "an apiKey security scheme needs `in` (header, query or cookie) and `name`", node.locate()
                )
            kinds.append((name, "apiKey", value["in"], value["name"]))
        elif scheme_type == "http" and str(value.get("scheme", "")).lower() == "basic":
            kinds.append((name, "basic", "header", "Authorization"))
        elif name in _refused_schemes(spec):
            warnings.append(
                Diagnostic(
                    f"security scheme {name!r} (http digest) is not supported: the client refuses, before sending, "
                    "a call whose every security requirement needs it",
                    node.locate(),
                )
            )
        elif scheme_type in ("http", "oauth2", "openIdConnect"):
            if scheme_type != "http" or str(value.get("scheme", "")).lower() != "bearer":
                warnings.append(
                    Diagnostic(
                        f"security scheme {name!r} ({scheme_type}) is sent as a bearer token you obtain yourself",
                        node.locate(),
                    )
                )
            kinds.append((name, "bearer", "header", "Authorization"))
        else:
            warnings.append(
                Diagnostic(f"security scheme {name!r} of type {scheme_type!r} is not supported; ignored", node.locate())
            )
    single_of_kind = {kind: sum(1 for k in kinds if k[1] == kind) == 1 for _, kind, _, _ in kinds}
    default_argument = {"apiKey": "api_key", "bearer": "bearer_token", "basic": "basic_auth"}
    for name, kind, location, param_name in kinds:
        argument = default_argument[kind] if single_of_kind[kind] else attribute_name(name)
        argument = arguments.claim(argument)
        schemes.append(ir.SecurityScheme(name, kind, location, param_name, argument, f"{prefix}_{argument.upper()}"))
    return schemes


def _refused_schemes(spec: ResolvedSpec) -> set[str]:
    """Security schemes the client cannot send as the spec says (HTTP digest, a challenge-response)."""
    components = spec.root.data.get("components")
    raw = components.get("securitySchemes") if isinstance(components, dict) else None
    return {
        str(name)
        for name, value in (raw.items() if isinstance(raw, dict) else ())
        if isinstance(value, dict) and value.get("type") == "http" and str(value.get("scheme", "")).lower() == "digest"
    }


def _drop_unknown_security(
    op: ir.Operation, known: set[str], spec: ResolvedSpec, warnings: list[Diagnostic]
) -> ir.Operation:
    from dataclasses import replace

    unknown = [s for s in op.security if s not in known]
    warnings.append(
        Diagnostic(
            f"operation uses undefined or unsupported security scheme(s) {', '.join(unknown)}; ignored",
            spec.root.locate(op.source),
        )
    )
    requirements = op.security_requirements
    if requirements is not None:
        requirements = tuple(tuple(s for s in r if s in known) for r in requirements if not r or set(r) & known)
    return replace(op, security=tuple(s for s in op.security if s in known), security_requirements=requirements)


def _webhooks(spec: ResolvedSpec, schemas: SchemaReader, warnings: list[Diagnostic]) -> list[ir.Webhook]:
    """Payload parsers for 3.1 `webhooks` and for operations' `callbacks` (both are requests the API sends you)."""
    names = NameRegistry(frozenset({"verify", "parse", "WebhookVerificationError"}))
    webhooks: list[ir.Webhook] = []
    raw = spec.root.data.get("webhooks")
    for key in raw if isinstance(raw, dict) else {}:
        item = spec.follow(spec.root_node().child("webhooks", key))
        webhooks += _payload_parsers(spec, schemas, warnings, item, str(key), names, None)
    for operation_id, name, expression, item in callback_nodes(spec):
        about = f"Callback `{name}` of `{operation_id}`: a request the API sends to `{expression}`."
        webhooks += _payload_parsers(spec, schemas, warnings, item, str(name), names, about)
    return webhooks


def _payload_parsers(
    spec: ResolvedSpec,
    schemas: SchemaReader,
    warnings: list[Diagnostic],
    item: Node,
    key: str,
    names: NameRegistry,
    about: str | None,
) -> list[ir.Webhook]:
    """One parser per method of a webhook (or callback) path item that sends a request body."""
    if not isinstance(item.value, dict):
        raise GeneratorError("a webhook or callback must be a path item (a mapping)", item.locate())
    found: list[ir.Webhook] = []
    for method in HTTP_METHODS:
        operation = item.value.get(method)
        if not isinstance(operation, dict) or "requestBody" not in operation:
            continue
        body = spec.follow(item.child(method, "requestBody"))
        content = body.value.get("content") if isinstance(body.value, dict) else None
        media = next((m for m in (content or {}) if "json" in m.lower()), None)
        payload: ir.TypeNode
        if (
            media is None
            or not isinstance(content, dict)
            or not isinstance(content[media], dict)
            or "schema" not in content[media]
        ):
            warnings.append(Diagnostic(f"{key!r} has no JSON body schema; its payload is parsed as Any", body.locate()))
            payload = ir.Primitive("Any")
        else:
            schema = body.child("content", media, "schema")
            context = pascal_case(key) + "Payload"
            payload = schemas.name_composite(schemas.type_of(schema, context), context, schema.pointer)
        description = body.value.get("description") if isinstance(body.value, dict) else None
        doc = "\n\n".join(t for t in (about, description if isinstance(description, str) else None) if t) or None
        suffix = f"_{method}" if found else ""
        found.append(ir.Webhook(key, names.claim(attribute_name(key + suffix)), payload, doc))
    if not found:
        warnings.append(
            Diagnostic(
                f"{key!r} sends no request body: there is no payload to parse, so no parser is generated", item.locate()
            )
        )
    return found
