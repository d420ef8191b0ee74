"""What an operation sends and answers: its request body and its responses, read from their content.

Apart from the rest of an operation (`operations.py`: parameters, security, retries, pagination) because
this is where media types are chosen and ranked (JSON first, then forms, streams, text, bytes), and
each content's schema, encodings, headers and examples are read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from . import ir
from .diagnostics import Diagnostic, GeneratorError, split_pointer
from .parameters import parameter_schema
from .pysource import plain_annotation
from .resolve import Node, ResolvedSpec
from .schemas import SchemaReader
from .serialization import allows_null, body_fields, part_encoding

# Sequential JSON media types (OpenAPI 3.2 `itemSchema`): one JSON value per line (or per RS record).
_JSON_SEQUENCES = frozenset(
    {
        "application/jsonl",
        "application/x-ndjson",
        "application/ndjson",
        "application/x-jsonlines",
        "application/json-seq",
    }
)


class PayloadReader:
    """Reads the request body and the responses of the operation at `node`."""

    def __init__(
        self,
        spec: ResolvedSpec,
        schemas: SchemaReader,
        warnings: list[Diagnostic],
        node: Node,
        context: str,
        openapi_version: str,
    ) -> None:
        self.spec, self.schemas, self.warnings = spec, schemas, warnings
        self.node, self.context, self.openapi_version = node, context, openapi_version

    def body(self) -> ir.RequestBody | None:
        if "requestBody" not in self.node.value:
            return None
        node = self.spec.follow(self.node.child("requestBody"))
        content = node.value.get("content") if isinstance(node.value, dict) else None
        if not isinstance(content, dict) or not content:
            raise GeneratorError("a request body needs a non-empty `content` mapping", node.locate())
        media_type, kind = _pick_media_type(list(content), for_request=True)
        media = node.child("content", media_type)
        body_type: ir.TypeNode
        if kind == "binary":
            body_type = ir.Primitive("FileInput")
        elif kind == "text":
            body_type = ir.Primitive("str")
        else:
            body_type = self._media_schema_type(media, kind, self.context + "Body") or ir.Primitive("Any")
        required = node.value.get("required") is True
        return ir.RequestBody(
            kind,
            media_type,
            body_type,
            required,
            text_of(node.value.get("description")),
            encodings=self._encodings(media, kind, body_type) if kind in ("form", "multipart") else (),
            sends_null=required and kind == "json" and allows_null(body_type, self.schemas.definitions),
        )

    def _encodings(self, media: Node, kind: str, body_type: ir.TypeNode) -> tuple[ir.PartEncoding, ...]:
        """The body's `encoding` entries, as read by `serialization.part_encoding` (warnings located)."""
        raw = media.value.get("encoding") if isinstance(media.value, dict) else None
        if not isinstance(raw, dict):
            return ()
        fields = body_fields(body_type, self.schemas.definitions)
        encodings = []
        for name in raw:
            entry = self.spec.follow(media.child("encoding", name))
            encoding = part_encoding(
                self.spec, entry, str(name), kind, fields, self.schemas.definitions, self.openapi_version, self.warnings
            )
            if encoding is not None:
                encodings.append(encoding)
        return tuple(encodings)

    def _media_schema_type(self, media: Node, kind: str, context: str) -> ir.TypeNode | None:
        """The type of a media type's content: its `schema`, or for JSON sequences a list of its `itemSchema`."""
        value = media.value if isinstance(media.value, dict) else {}
        if kind == "jsonl" and "itemSchema" in value:
            item = media.child("itemSchema")
            item_type = self.schemas.name_composite(
                self.schemas.type_of(item, context + "Item"), context + "Item", item.pointer
            )
            return ir.ListOf(item_type)
        if "itemSchema" in value:
            item = media.child("itemSchema")
            item_type = self.schemas.name_composite(
                self.schemas.type_of(item, context + "Item"), context + "Item", item.pointer
            )
            self.warnings.append(
                Diagnostic(
                    f"{split_pointer(media.pointer)[-1]!r} is a stream of {plain_annotation(item_type)} items; the client returns the whole body "
                    f"({'str' if kind == 'text' else 'bytes'}) without splitting it into items",
                    item.locate(),
                )
            )
        if "schema" not in value:
            return ir.ListOf(ir.Primitive("Any")) if kind == "jsonl" else None
        schema = media.child("schema")
        return self.schemas.name_composite(self.schemas.type_of(schema, context), context, schema.pointer)

    def responses(self) -> tuple[ir.Response, ...]:
        raw = self.node.value.get("responses")
        if raw is None:
            self.warnings.append(
                Diagnostic("operation has no `responses`; its result is returned as raw JSON", self.node.locate())
            )
            return ()
        if not isinstance(raw, dict):
            raise GeneratorError("`responses` must be a mapping", self.node.child("responses").locate())
        statuses = [str(s) for s in raw]
        for status in statuses:
            if not re.fullmatch(r"[1-5](\d\d|XX)|default", status):
                raise GeneratorError(
                    f"invalid response status {status!r}: expected a code such as 200, a range such as 2XX, or default",
                    self.node.child("responses", status).locate(),
                )
        json_successes = [s for s in statuses if s.startswith("2") and self._response_kind(s) == "json"]
        responses: list[ir.Response] = []
        for status in statuses:
            key = status if status in raw else int(status)
            node = self.spec.follow(self.node.child("responses", key))
            if not isinstance(node.value, dict):
                raise GeneratorError("a response must be a mapping", node.locate())
            content = node.value.get("content") if isinstance(node.value.get("content"), dict) else {}
            headers = self._response_headers(node)
            if not content:
                responses.append(
                    ir.Response(status, "empty", None, text_of(node.value.get("description")), headers=headers)
                )
                continue
            media_type, kind = _pick_media_type(list(content), for_request=False)
            media = node.child("content", media_type)
            if kind == "json" and _is_wildcard(media_type):
                kind = self._wildcard_kind(media)
            response_type: ir.TypeNode | None = None
            suffix = (
                "Response"
                if status.startswith("2") and len(json_successes) == 1
                else ("Response" if status.startswith("2") else "Error") + status
            )
            if kind in ("json", "jsonl"):
                response_type = self._media_schema_type(media, kind, self.context + suffix) or ir.Primitive("Any")
            elif isinstance(media.value, dict) and "itemSchema" in media.value:
                self._media_schema_type(
                    media, kind, self.context + suffix
                )  # the item model exists; the warning says why it is not used
            responses.append(
                ir.Response(
                    status,
                    kind,
                    response_type,
                    text_of(node.value.get("description")),
                    _example_pointers(media),
                    headers,
                )
            )
        return tuple(responses)

    def _response_headers(self, response: Node) -> tuple[tuple[str, ir.TypeNode], ...]:
        """The declared headers of a response with a schema, for `RawResponse.declared_headers`."""
        raw = response.value.get("headers")
        if not isinstance(raw, dict):
            return ()
        headers = []
        for name in raw:
            header = self.spec.follow(response.child("headers", name))
            if str(name).lower() == "content-type" or not isinstance(header.value, dict):
                continue  # OpenAPI: a Content-Type header definition is ignored
            schema = parameter_schema(header)  # a Header Object reads as a parameter does
            header_type = (
                ir.Primitive("str") if schema is None else self.schemas.type_of(schema, self.context + "Header")
            )
            headers.append((str(name), header_type))
        return tuple(headers)

    def _wildcard_kind(self, media: Node) -> str:
        """How a `*/*` response is read: "bytes" when its schema is binary, "any"
        (JSON when the answer says it is JSON, else its bytes) without a schema, else "json"."""
        schema = media.value.get("schema") if isinstance(media.value, dict) else None
        if schema is None:
            return "any"
        followed = self.spec.follow(media.child("schema")).value
        if isinstance(followed, dict) and followed.get("type") == "string" and followed.get("format") == "binary":
            return "bytes"
        return "json"

    def _response_kind(self, status: str) -> str:
        raw = self.node.value["responses"]
        node = self.spec.follow(self.node.child("responses", status if status in raw else int(status)))
        content = (
            node.value.get("content")
            if isinstance(node.value, dict) and isinstance(node.value.get("content"), dict)
            else {}
        )
        return _pick_media_type(list(content), for_request=False)[1] if content else "empty"


def _pick_media_type(media_types: list[str], *, for_request: bool) -> tuple[str, str]:
    """The media type the client will use, and how it travels: json, form, multipart, binary, text or bytes."""

    def kind_of(media_type: str) -> str:
        base = media_type.split(";")[0].strip().lower()
        if base == "application/json" or base.endswith("+json") or base == "*/*" and not for_request:
            return "json"
        if base in _JSON_SEQUENCES or base.endswith(("+jsonl", "+json-seq")):
            return "jsonl"
        if base == "application/x-www-form-urlencoded":
            return "form"
        if base.startswith("multipart/"):
            return "multipart"
        if base.startswith("text/"):
            return "text"
        return "binary" if for_request else "bytes"

    preference = ["json", "form", "multipart", "jsonl", "text", "binary", "bytes"]
    ranked = sorted(media_types, key=lambda m: preference.index(kind_of(m)))
    return ranked[0], kind_of(ranked[0])


def _is_wildcard(media_type: str) -> bool:
    return media_type.split(";")[0].strip() == "*/*"


def _example_pointers(media: Node) -> tuple[str, ...]:
    if not isinstance(media.value, dict):
        return ()
    pointers = []
    if "example" in media.value:
        pointers.append(media.pointer + "/example")
    if isinstance(media.value.get("examples"), dict):
        pointers.extend(f"{media.pointer}/examples/{k}" for k in media.value["examples"])
    return tuple(pointers)


def answering_response(documented: Iterable[object], status: int) -> str | None:
    """Which documented response (its key: "201", "2XX" or "default") describes an answer of `status`,
    as the client and its fake read it (`_documented_response` of templates/runtime/_response.py; tests/runtime/
    test_answering_response.py keeps the two in step): the exact code, else its range, else "default",
    which never describes a 2xx when another 2xx is documented (it is nearly always the error model)."""
    by_status: dict[str, str] = {}
    for key in documented:
        by_status.setdefault(str(key).upper(), str(key))
    exact = by_status.get(str(status)) or by_status.get(f"{status // 100}XX")
    if exact is not None or (200 <= status < 300 and any(key.startswith("2") for key in by_status)):
        return exact
    return by_status.get("DEFAULT")


def text_of(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None
