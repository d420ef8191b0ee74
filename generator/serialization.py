"""How parameter values travel: OpenAPI's `style`, `explode`, `allowReserved` and `content`, read once.

The IR builder calls `parameter_serialization` for every parameter; the result (`ir.Serialization`)
is stored on the IR and the generated client hands it to the runtime, which applies it generically.
Combinations OpenAPI does not define (the _n/a_ cells of its Style Examples table, a style used in a
location that does not allow it, nested values no style describes) are a located warning here,
saying exactly what the client sends instead; nothing is silently something else.
"""

from __future__ import annotations

from typing import Any, Literal, get_args

from . import ir
from .diagnostics import Diagnostic
from .resolve import Node, ResolvedSpec

Shape = Literal["primitive", "array", "object", "any"]

# OpenAPI's Style Values table: the styles each location allows (3.2 adds `cookie` for cookies).
_ALLOWED_STYLES: dict[str, tuple[ir.ParameterStyle, ...]] = {
    "path": ("simple", "matrix", "label"),
    "query": ("form", "spaceDelimited", "pipeDelimited", "deepObject"),
    "header": ("simple",),
    "cookie": ("form", "cookie"),
}
_STYLES: frozenset[str] = frozenset(get_args(ir.ParameterStyle))


def default_style(location: ir.ParameterLocation) -> ir.ParameterStyle:
    return _ALLOWED_STYLES[location][0]


def media_kind(media_type: str) -> Literal["json", "text", "form", "other"]:
    """How a `content` media type writes a value: JSON text, plain text, form pairs, or unknown."""
    base = media_type.split(";")[0].strip().lower()
    if base == "application/json" or base.endswith("+json"):
        return "json"
    if base.startswith("text/"):
        return "text"
    if base == "application/x-www-form-urlencoded":
        return "form"
    return "other"


def value_shape(type_: ir.TypeNode, definitions: dict[str, ir.Definition]) -> tuple[Shape, bool]:
    """The shape of a value of `type_` (primitive, array, object, or "any" when it can be several),
    and whether its items or properties are themselves arrays or objects (nested)."""
    shape = _shape(type_, definitions, 0)
    if shape == "array":
        item = _unwrap(type_, definitions)
        items = item.item if isinstance(item, ir.ListOf) else ir.Primitive("Any")
        return shape, _shape(items, definitions, 0) in ("array", "object")
    if shape == "object":
        target = _unwrap(type_, definitions)
        values: list[ir.TypeNode] = []
        if isinstance(target, ir.MapOf):
            values = [target.value]
        elif isinstance(target, ir.ModelRef) and isinstance(definitions.get(target.name), ir.ObjectModel):
            model = definitions[target.name]
            assert isinstance(model, ir.ObjectModel)
            values = [f.type for f in model.fields] + ([model.extra] if model.extra is not None else [])
        return shape, any(_shape(v, definitions, 0) in ("array", "object") for v in values)
    return shape, False


def _unwrap(type_: ir.TypeNode, definitions: dict[str, ir.Definition]) -> ir.TypeNode:
    for _ in range(16):  # aliases of aliases, nullables
        if isinstance(type_, ir.Nullable):
            type_ = type_.inner
        elif isinstance(type_, ir.ModelRef) and isinstance(definitions.get(type_.name), ir.AliasModel):
            alias = definitions[type_.name]
            assert isinstance(alias, ir.AliasModel)
            type_ = alias.type
        else:
            break
    return type_


def _shape(type_: ir.TypeNode, definitions: dict[str, ir.Definition], depth: int) -> Shape:
    type_ = _unwrap(type_, definitions)
    if isinstance(type_, (ir.ListOf, ir.TupleOf)):
        return "array"
    if isinstance(type_, ir.MapOf):
        return "object"
    if isinstance(type_, ir.ModelRef):
        definition = definitions.get(type_.name)
        return "object" if isinstance(definition, ir.ObjectModel) else "primitive"
    if isinstance(type_, ir.UnionOf):
        shapes = {_shape(o, definitions, depth + 1) for o in type_.options if o != ir.Primitive("None")}
        return shapes.pop() if len(shapes) == 1 else "any"
    if isinstance(type_, ir.Primitive) and type_.name == "Any":
        return "any"
    return "primitive"


def parameter_serialization(
    node: Node,
    location: ir.ParameterLocation,
    shape: tuple[Shape, bool],
    openapi_version: str,
    warnings: list[Diagnostic],
    *,
    field: str | None = None,
) -> ir.Serialization:
    """The serialization of the parameter at `node` (its `style`, `explode`, `allowReserved`), with a
    located warning for every combination OpenAPI does not define, naming what is sent instead.

    With `field`, `node` is the Encoding Object of that form-body field (serialized like a query parameter).
    """
    value = node.value
    name = field if field is not None else value["name"]
    what = "form field" if field is not None else f"{location} parameter"
    kind, nested = shape

    def warn(message: str, key: str | None = None) -> None:
        where = node.child(key) if key is not None and key in value else node
        warnings.append(Diagnostic(f"{what} {name!r}: {message}", where.locate()))

    allowed = _ALLOWED_STYLES[location]
    if openapi_version in ("3.0", "3.1") and location == "cookie":
        allowed = ("form",)
    style: ir.ParameterStyle = allowed[0]
    raw_style = value.get("style")
    if raw_style is not None:
        if raw_style in allowed:
            style = raw_style
        else:
            known = "" if raw_style in _STYLES else " (not an OpenAPI style)"
            warn(
                f"style {raw_style!r}{known} is not allowed in the {location} (allowed: {', '.join(allowed)}); "
                f"sent as style {style!r}",
                "style",
            )
    raw_explode = value.get("explode")
    explode = raw_explode if isinstance(raw_explode, bool) else style in ("form", "cookie")
    allow_reserved = value.get("allowReserved") is True
    if allow_reserved and location != "query":
        warn("`allowReserved` applies to query parameters only; ignored", "allowReserved")
        allow_reserved = False

    if style in ("spaceDelimited", "pipeDelimited"):
        if kind == "primitive":
            warn(f"style {style!r} serializes arrays and objects, not a single value; sent as style 'form'", "style")
            style, explode = "form", True
        elif explode:
            warn(
                f"style {style!r} with `explode: true` is undefined (n/a in OpenAPI's Style Examples); "
                "sent as style 'form' with `explode: true` (one name=value pair per item)",
                "explode" if "explode" in value else "style",
            )
            style = "form"
    if style == "deepObject":
        if kind in ("primitive", "array"):
            warn(
                f"style 'deepObject' serializes objects, not {'an array' if kind == 'array' else 'a single value'}; sent as style 'form'",
                "style",
            )
            style, explode = "form", True
        elif not explode:
            warn(
                "style 'deepObject' with `explode: false` is undefined (n/a in OpenAPI's Style Examples); "
                "sent with `explode: true` (name[key]=value)",
                "explode" if "explode" in value else "style",
            )
            explode = True
    if nested:
        if style == "deepObject":
            warn(
                "nested arrays and objects have no deepObject form in OpenAPI; sent with nested brackets "
                "(name[key][sub]=value, arrays as name[key][0]=value), the convention of Rails, PHP and qs"
            )
        else:
            warn(
                f"items or properties that are arrays or objects have no {style!r} form in OpenAPI; each is sent as JSON text"
            )
    if location == "cookie" and style == "form" and explode and kind in ("array", "object"):
        warn(
            "a form-style cookie with `explode: true` has no cookie syntax in OpenAPI (it would join pairs with '&'); "
            "each item is sent as its own cookie pair (name=v1; name=v2), as OpenAPI 3.2's `cookie` style does"
        )
    return ir.Serialization(style=style, explode=explode, allow_reserved=allow_reserved)


def allows_null(type_: ir.TypeNode, definitions: dict[str, ir.Definition], depth: int = 0) -> bool:
    """Whether `null` is a value of `type_` (nullable, a null schema, a union with null, or an alias of one)."""
    if isinstance(type_, ir.Nullable) or type_ == ir.Primitive("None"):
        return True
    if isinstance(type_, ir.UnionOf):
        return any(allows_null(o, definitions, depth + 1) for o in type_.options)
    alias = definitions.get(type_.name) if isinstance(type_, ir.ModelRef) else None
    return isinstance(alias, ir.AliasModel) and depth < 16 and allows_null(alias.type, definitions, depth + 1)


def body_fields(type_: ir.TypeNode, definitions: dict[str, ir.Definition]) -> dict[str, ir.TypeNode] | None:
    """Wire name -> type of the properties of an object body (None when the body is not a known model)."""
    target = _unwrap(type_, definitions)
    model = definitions.get(target.name) if isinstance(target, ir.ModelRef) else None
    if not isinstance(model, ir.ObjectModel):
        return None
    return {f.wire_name: f.type for f in model.fields}


def part_encoding(
    spec: ResolvedSpec,
    entry: Node,
    name: str,
    body_kind: str,
    fields: dict[str, ir.TypeNode] | None,
    definitions: dict[str, ir.Definition],
    openapi_version: str,
    warnings: list[Diagnostic],
) -> ir.PartEncoding | None:
    """One `encoding` entry of a form (`body_kind` "form") or multipart body, checked: style-based
    entries of form bodies, content types, and part headers with a fixed value. None when ignored."""
    value = entry.value if isinstance(entry.value, dict) else {}
    what = f"{'form field' if body_kind == 'form' else 'multipart part'} {name!r}"

    def warn(message: str, where: Node) -> None:
        warnings.append(Diagnostic(f"{what}: {message}", where.locate()))

    if fields is not None and name not in fields:
        warn("the `encoding` entry names a property the body schema does not have; ignored", entry)
        return None
    field_type = (fields or {}).get(name, ir.Primitive("Any"))
    shape = value_shape(field_type, definitions)
    style_based = any(key in value for key in ("style", "explode", "allowReserved"))
    content_type = value.get("contentType") if isinstance(value.get("contentType"), str) else None
    if body_kind == "form":
        if "headers" in value:
            warn("`headers` of an encoding apply to multipart parts only; ignored", entry.child("headers"))
        if style_based:
            serialization = parameter_serialization(entry, "query", shape, openapi_version, warnings, field=name)
            return ir.PartEncoding(name, serialization=serialization)
        if content_type is None:
            return None  # OpenAPI's defaults: text, objects as JSON (what the client does without an entry)
        kind = media_kind(content_type)
        if kind == "json" or kind == "text":
            return ir.PartEncoding(name, content_type=content_type)
        warn(
            f"`contentType` {content_type!r} is not a type the client can write a form value in; sent as text (objects as JSON)",
            entry.child("contentType"),
        )
        return None
    if style_based and (value.get("style", "form") != "form" or value.get("explode", True) is not True):
        warn(
            "style-based serialization of a multipart part is not supported; the part is sent by its content type "
            "(arrays as one part per item)",
            entry,
        )
    if content_type is not None and shape[0] == "object" and media_kind(content_type) != "json":
        warn(f"`contentType` {content_type!r}: the client writes an object part as JSON (application/json)", entry)
        content_type = None
    return ir.PartEncoding(name, content_type=content_type, headers=_part_headers(spec, entry, warn))


def _part_headers(spec: ResolvedSpec, entry: Node, warn: Any) -> tuple[tuple[str, str], ...]:
    """Part headers whose value the spec fixes; a located warning for each the client cannot know."""
    raw = entry.value.get("headers") if isinstance(entry.value, dict) else None
    found: list[tuple[str, str]] = []
    for header in raw if isinstance(raw, dict) else {}:
        if str(header).lower() == "content-type":
            continue  # OpenAPI: described by `contentType`, ignored here
        node = spec.follow(entry.child("headers", header))
        schema = node.value.get("schema") if isinstance(node.value, dict) else None
        if isinstance(schema, dict) and "$ref" in schema:
            schema = spec.follow(node.child("schema")).value
        fixed = _fixed_value(schema)
        if fixed is None:
            warn(
                f"part header {header!r} has no value the spec fixes (const, one enum value or a default); not sent",
                node,
            )
        else:
            found.append((str(header), fixed))
    return tuple(found)


def _fixed_value(schema: Any) -> str | None:
    if not isinstance(schema, dict):
        return None
    for value in (
        schema.get("const"),
        schema["enum"][0] if isinstance(schema.get("enum"), list) and len(schema["enum"]) == 1 else None,
        schema.get("default"),
    ):
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, (str, int, float)):
            return str(value)
    return None
