"""Parameters on the wire: OpenAPI's styles, applied to path, query, header and cookie values.

The generator decides, once per parameter, how it travels (`ParameterSpec`: style, explode,
allowReserved, or a `content` media type); this module applies that to the caller's value, whatever
its shape: a scalar, a list, or an object (a mapping or a model). It follows the Style Examples
table of the OpenAPI Specification (3.0 to 3.2) cell by cell:

    matrix  ;color=blue,black,brown    ;R=100;G=200;B=150 (explode)
    label   .blue.black.brown          .R=100.G=200.B=150 (explode)
    simple  blue,black,brown           R=100,G=200,B=150 (explode)
    form    color=blue,black,brown     color=blue&color=black&color=brown (explode)
    spaceDelimited / pipeDelimited     color=blue%20black%20brown / color=blue%7Cblack%7Cbrown
    deepObject                         color%5BR%5D=100&color%5BG%5D=200

Values are percent-encoded as RFC 6570 says (delimiters stay literal, so a comma inside a value is
`%2C` and never splits it); `allowReserved` lets RFC 3986 reserved characters and existing %XX
triples through. Headers are not percent-encoded (HTTP is not a URI) and must be ASCII; cookies
are percent-encoded in `form` style, and checked, never escaped, in OpenAPI 3.2's `cookie` style.
Nested arrays and objects, which no style describes (the generator warns), travel as JSON text,
or with nested brackets in deepObject. Every refusal is a ValueError naming the parameter.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from enum import Enum
from typing import Any, Literal
from urllib.parse import quote, urlencode

import pydantic
import pydantic_core

Location = Literal["path", "query", "header", "cookie"]

# RFC 3986 reserved characters let through by `allowReserved`, less those a query string cannot carry
# as data (`#`, `[`, `]`) and those form decoders read as delimiters (`&`, `=`, `+`).
_RESERVED_IN_QUERY = ":/?@!$'()*,;"
_PERCENT_TRIPLE = re.compile(r"(%[0-9A-Fa-f]{2})")
# RFC 6265 cookie-octet: printable ASCII except space, '"', ',', ';' and '\'.
_COOKIE_OCTETS = re.compile(r"[!#-+\--:<-\[\]-~]*")
_HEADER_FORBIDDEN = re.compile(r"[\r\n\0]")


@dataclass(frozen=True)
class ParameterSpec:
    """How one parameter travels: its OpenAPI `style` and `explode`, `allowReserved`, and for a
    parameter described with `content`, the media type its value is written in."""

    name: str
    location: Location
    style: str
    explode: bool
    allow_reserved: bool = False
    content_type: str | None = None
    type: Any = None
    """The parameter's schema as a Python type (constraints, enum values): a value given is checked
    against it before anything is sent. None: nothing to check beyond the signature's type."""


@dataclass(frozen=True)
class PartEncoding:
    """A form or multipart body's `encoding` entry for one property: style-based (`style` set: form
    bodies, serialized like a query parameter), or a media type (`content_type`) and, for a
    multipart part, headers the spec fixes."""

    name: str
    style: str | None = None
    explode: bool = True
    allow_reserved: bool = False
    content_type: str | None = None
    headers: tuple[tuple[str, str], ...] = ()


_DEFAULTS: dict[str, tuple[str, bool]] = {
    "path": ("simple", False),
    "query": ("form", True),
    "header": ("simple", False),
    "cookie": ("form", True),
}


def default_spec(name: str, location: Location) -> ParameterSpec:
    """OpenAPI's defaults for a parameter the endpoint does not describe (simple in paths and headers,
    form with explode in queries and cookies)."""
    style, explode = _DEFAULTS[location]
    return ParameterSpec(name, location, style, explode)


def text(value: Any) -> str:
    """The text of a scalar: enums by value, booleans as true/false, dates in ISO 8601, None as ''."""
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, (datetime, time)) and value.utcoffset() is None:
        # RFC 3339 requires the offset; guessing one (UTC? local?) would send another instant.
        kind = "date-time" if isinstance(value, datetime) else "time"
        raise ValueError(
            f"the {kind} {value.isoformat()} has no UTC offset, which RFC 3339 requires; give it one "
            "(datetime.now(timezone.utc), value.replace(tzinfo=timezone.utc))"
        )
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    return str(value)


# --- the value's shape ------------------------------------------------------------------------


def _shaped(spec: ParameterSpec, value: Any) -> tuple[str, Any]:
    """("primitive", scalar), ("array", [items]) or ("object", [(key, value)]); None properties are
    left out (not set), None items refused."""
    try:
        return _shape(spec, value)
    except ValueError as error:
        if str(error).startswith(f"{spec.location} parameter"):
            raise
        raise ValueError(f"{spec.location} parameter {spec.name!r}: {error}") from None


def _shape(spec: ParameterSpec, value: Any) -> tuple[str, Any]:
    if isinstance(value, (datetime, time)):
        text(value)  # refuses a naive value here, where the parameter's name is known
    if spec.content_type is not None:
        return "primitive", _content_text(spec, value)
    if isinstance(value, pydantic.BaseModel):
        value = value.model_dump(mode="json", by_alias=True, exclude_unset=True)
    if isinstance(value, Mapping):
        return "object", [(text(k), v) for k, v in value.items() if v is not None]
    if isinstance(value, (list, tuple)):
        if any(item is None for item in value):
            # No style has a null (RFC 6570 would drop it, changing the list): refused, never dropped.
            raise ValueError(
                f"{spec.location} parameter {spec.name!r}: a None item cannot be sent in a {spec.style} list"
            )
        for item in value:
            if isinstance(item, (datetime, time)):
                text(item)
        return "array", list(value)
    return "primitive", value


def _is_json(media_type: str) -> bool:
    base = media_type.split(";")[0].strip().lower()
    return base == "application/json" or base.endswith("+json")


def _is_form(media_type: str) -> bool:
    return media_type.split(";")[0].strip().lower() == "application/x-www-form-urlencoded"


def _content_text(spec: ParameterSpec, value: Any) -> str:
    """A `content` parameter's value written in its media type (JSON for JSON types, else text)."""
    if _is_json(spec.content_type or ""):
        data = pydantic_core.to_jsonable_python(value, by_alias=True, exclude_none=False)
        # A header cannot carry non-ASCII: there JSON escapes it (\\uXXXX), which any JSON reader undoes.
        ensure_ascii = spec.location == "header"
        return json.dumps(data, ensure_ascii=ensure_ascii, separators=(",", ":"))
    return text(value)


def form_body(fields: Mapping[str, Any], encodings: Mapping[str, PartEncoding]) -> str:
    """An application/x-www-form-urlencoded body. A field with a style-based `encoding` is serialized
    like a query parameter of that style (deepObject: `metadata%5Bemail%5D=...`); the others are
    content-based (RFC 1866): text, arrays as repeated fields, objects (or a JSON `contentType`) as JSON.
    """
    pieces: list[str] = []
    for name, value in fields.items():
        if value is None:
            continue
        encoding = encodings.get(name)
        if encoding is not None and encoding.style is not None:
            spec = ParameterSpec(
                name, "query", encoding.style, encoding.explode, encoding.allow_reserved
            )
            pieces += query_pairs(spec, value)
        elif encoding is not None and encoding.content_type and _is_json(encoding.content_type):
            data = pydantic_core.to_jsonable_python(value, by_alias=True)
            pieces.append(
                urlencode([(name, json.dumps(data, ensure_ascii=False, separators=(",", ":")))])
            )
        else:
            pieces += [urlencode([pair]) for pair in form_field_pairs(name, value)]
    return "&".join(pieces)


def form_field_pairs(name: str, value: Any) -> list[tuple[str, str]]:
    """(name, text) pairs of one field of a form body without an `encoding` (OpenAPI's defaults:
    arrays as repeated fields, objects as JSON text), for `urlencode` (RFC 1866: spaces as '+')."""
    if isinstance(value, (list, tuple)):
        return [(name, _scalar(item)) for item in value if item is not None]
    return [(name, _scalar(value))]


def _scalar(value: Any) -> str:
    """A scalar item's text; an array or object item (no style describes one) as JSON text."""
    if isinstance(value, (Mapping, list, tuple, pydantic.BaseModel)):
        data = pydantic_core.to_jsonable_python(value, by_alias=True)
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text(value)


# --- percent-encoding --------------------------------------------------------------------------


def _encoder(spec: ParameterSpec) -> Callable[[str], str]:
    if spec.location == "header":
        return _unchanged
    if spec.location == "cookie" and spec.style == "cookie":
        return lambda value: _cookie_octets(spec, value)
    if spec.allow_reserved and spec.location == "query":
        return _encode_reserved
    return _encode


def _unchanged(value: str) -> str:
    return value


def _encode(value: str) -> str:
    return quote(value, safe="")


def _encode_reserved(value: str) -> str:
    """RFC 6570 reserved expansion: reserved characters and %XX triples pass; the rest is encoded."""
    parts = _PERCENT_TRIPLE.split(value)
    return "".join(
        part if i % 2 else quote(part, safe=_RESERVED_IN_QUERY) for i, part in enumerate(parts)
    )


def _cookie_octets(spec: ParameterSpec, value: str) -> str:
    if not _COOKIE_OCTETS.fullmatch(value):
        raise ValueError(
            f"cookie parameter {spec.name!r} (style 'cookie', sent unescaped) has a character a cookie cannot "
            "carry (space, '\"', ',', ';', '\\', a control or non-ASCII character): escape the value yourself"
        )
    return value


# --- path ------------------------------------------------------------------------------------


def path_value(spec: ParameterSpec, value: Any) -> str:
    """The text that replaces `{name}` in the path: simple, label or matrix style."""
    kind, data = _shaped(spec, value)
    name = spec.name
    style = spec.style if spec.style in ("simple", "label", "matrix") else "simple"
    rendered = _expand(style, spec.explode, name, kind, data, _encode)
    if rendered == "" or (kind == "primitive" and text(data) == ""):
        raise ValueError(f"path parameter {name!r} needs a non-empty value")
    # Quote dot segments too: no value may change which path is called.
    return "%2E" * len(rendered) if rendered in (".", "..") else rendered


def _expand(
    style: str, explode: bool, name: str, kind: str, data: Any, encode: Callable[[str], str]
) -> str:
    """RFC 6570 expansion of one value in simple, label or matrix style."""
    if kind == "primitive":
        item = encode(_scalar(data))
        return {
            "simple": item,
            "label": "." + item,
            "matrix": f";{name}" + ("=" + item if item else ""),
        }[style]
    if kind == "array":
        items = [encode(_scalar(v)) for v in data]
        if not items:
            return {"simple": "", "label": ".", "matrix": f";{name}"}[style]
        if style == "simple":
            return ",".join(items)
        if style == "label":
            return "." + ("." if explode else ",").join(items)
        return "".join(f";{name}={v}" for v in items) if explode else f";{name}=" + ",".join(items)
    pairs = [(encode(k), encode(_scalar(v))) for k, v in data]
    if not pairs:
        return {"simple": "", "label": ".", "matrix": f";{name}"}[style]
    if explode:
        joined = {"simple": ",", "label": ".", "matrix": ";"}[style].join(
            f"{k}={v}" for k, v in pairs
        )
        return {"simple": joined, "label": "." + joined, "matrix": ";" + joined}[style]
    flat = ",".join(f"{k},{v}" for k, v in pairs)
    return {"simple": flat, "label": "." + flat, "matrix": f";{name}={flat}"}[style]


# --- query string and form bodies --------------------------------------------------------------


def query_pairs(spec: ParameterSpec, value: Any) -> list[str]:
    """The `name=value` pieces of the query string for one parameter, already percent-encoded."""
    if spec.content_type is not None and _is_form(spec.content_type):
        # `in: querystring` (OpenAPI 3.2) as form-urlencoded content: the object's fields are the pairs,
        # encoded as RFC 1866 says (spaces as '+'), arrays repeated, nested objects as JSON text.
        fields = _shaped(ParameterSpec(spec.name, spec.location, "form", True), value)[1]
        if not isinstance(fields, list) or not all(isinstance(pair, tuple) for pair in fields):
            raise TypeError(
                f"query string {spec.name!r} must be a mapping or a model, not {type(value).__name__}"
            )
        return [urlencode([pair]) for key, item in fields for pair in form_field_pairs(key, item)]
    kind, data = _shaped(spec, value)
    encode = _encoder(spec)
    name = _encode(spec.name)
    style, explode = spec.style, spec.explode
    if style == "deepObject" and kind == "object":
        return [f"{key}={encode(item)}" for key, item in _deep_pairs(name, data)]
    if kind == "primitive":
        return [f"{name}={encode(_scalar(data))}"]
    if kind == "array":
        items = [encode(_scalar(v)) for v in data]
        if not items:
            return [f"{name}="]
        if style in ("spaceDelimited", "pipeDelimited") and not explode:
            return [f"{name}=" + ("%20" if style == "spaceDelimited" else "%7C").join(items)]
        return [f"{name}={v}" for v in items] if explode else [f"{name}=" + ",".join(items)]
    pairs = [(_encode(k), encode(_scalar(v))) for k, v in data]
    if not pairs:
        return [f"{name}="]
    if style in ("spaceDelimited", "pipeDelimited") and not explode:
        delimiter = "%20" if style == "spaceDelimited" else "%7C"
        return [f"{name}=" + delimiter.join(f"{k}{delimiter}{v}" for k, v in pairs)]
    if explode:
        return [f"{k}={v}" for k, v in pairs]
    return [f"{name}=" + ",".join(f"{k},{v}" for k, v in pairs)]


def _deep_pairs(prefix: str, pairs: list[tuple[str, Any]]) -> list[tuple[str, str]]:
    """deepObject pairs, nesting with brackets (name[key][sub], arrays name[key][0]): percent-encoded
    names, raw values."""
    return [
        pair for key, value in pairs for pair in _deep_value(f"{prefix}%5B{_encode(key)}%5D", value)
    ]


def _deep_value(name: str, value: Any) -> list[tuple[str, str]]:
    if isinstance(value, pydantic.BaseModel):
        value = value.model_dump(mode="json", by_alias=True, exclude_unset=True)
    if isinstance(value, Mapping):
        return _deep_pairs(name, [(text(k), v) for k, v in value.items() if v is not None])
    if isinstance(value, (list, tuple)):
        return [
            pair for i, item in enumerate(value) for pair in _deep_value(f"{name}%5B{i}%5D", item)
        ]
    return [(name, text(value))]


# --- headers and cookies -----------------------------------------------------------------------


def header_value(spec: ParameterSpec, value: Any) -> str:
    """A header parameter's value (simple style, not percent-encoded); ASCII without CR, LF or NUL."""
    kind, data = _shaped(spec, value)
    rendered = _expand("simple", spec.explode, spec.name, kind, data, _unchanged)
    check_header(spec.name, rendered)
    return rendered


def check_header(name: str, value: str) -> None:
    """Refuse a header value HTTP cannot carry, naming the header (the value may be a credential)."""
    if _HEADER_FORBIDDEN.search(name) or _HEADER_FORBIDDEN.search(value):
        raise ValueError(f"header or cookie {name!r} contains a CR, LF or NUL character")
    if not value.isascii() or not name.isascii():
        raise ValueError(
            f"header {name!r} has a non-ASCII character: HTTP header values are ASCII "
            "(encode the value, e.g. percent- or base64-encode it, as the API expects)"
        )


def cookie_pairs(spec: ParameterSpec, value: Any) -> list[str]:
    """The `name=value` pairs of one cookie parameter: form style (percent-encoded) or 3.2's cookie style.

    Exploded arrays and objects are one pair per item (`color=blue; color=black`), as the cookie
    syntax separates pairs with `; ` (OpenAPI's form examples join them with `&`, which a cookie cannot).
    """
    kind, data = _shaped(spec, value)
    encode = _encoder(spec)
    name = spec.name
    if not _COOKIE_OCTETS.fullmatch(name) or "=" in name:
        raise ValueError(f"cookie parameter {name!r}: the name is not a cookie token")
    if kind == "primitive":
        return [f"{name}={encode(_scalar(data))}"]
    if kind == "array":
        items = [encode(_scalar(v)) for v in data]
        return [f"{name}={v}" for v in items] if spec.explode else [f"{name}=" + ",".join(items)]
    pairs = [(encode(k), encode(_scalar(v))) for k, v in data]
    if spec.explode:
        return [f"{k}={v}" for k, v in pairs]
    return [f"{name}=" + ",".join(f"{k},{v}" for k, v in pairs)]


# --- response headers ----------------------------------------------------------------------------


def declared_headers(
    declared: tuple[tuple[str, Any], ...], headers: Mapping[str, str]
) -> dict[str, Any]:
    """The declared headers present in `headers`, each read as its schema's type (simple style:
    an array is comma-separated); a value that does not fit raises ValueError naming the header."""
    values: dict[str, Any] = {}
    for name, kind in declared:
        raw = headers.get(name)
        if raw is None:
            continue
        adapter = pydantic.TypeAdapter(kind)
        try:
            values[name] = adapter.validate_strings(raw)
        except pydantic.ValidationError:
            try:
                values[name] = adapter.validate_python([item.strip() for item in raw.split(",")])
            except pydantic.ValidationError as error:
                raise ValueError(
                    f"response header {name!r} does not fit its schema: {error}"
                ) from None
    return values
