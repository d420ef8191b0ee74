"""An operation's request body and responses compared: media types, statuses, response headers and bodies.

Webhook payloads are compared here too (api.py), as responses: the client receives them.
"""

from __future__ import annotations

from ..diagnostics import join_pointer
from ..resolve import Node, ResolvedSpec
from .changes import REQUEST, RESPONSE
from .operation import Operation, OperationDiff, logical_pointer
from .parameters import parameter_schema_nodes
from .read import SpecVersion
from .schema import compare_schemas
from .walk import Where


def content_of(node: Node) -> dict[str, Node]:
    content = node.value.get("content") if isinstance(node.value, dict) else None
    if not isinstance(content, dict):
        return {}
    return {str(media): node.child("content", media) for media in content if isinstance(content[media], dict)}


def compare_request_body(a: Operation, b: Operation, diff: OperationDiff) -> None:
    has_old, has_new = "requestBody" in a.node.value, "requestBody" in b.node.value
    if not has_old and not has_new:
        return
    if not has_new:
        diff.add(
            "request-body-removed",
            "request body",
            "request body removed",
            a.node.child("requestBody"),
            direction=REQUEST,
            pointer=logical_pointer(a, "requestBody"),
        )
        return
    new_body = diff.new.spec.follow(b.node.child("requestBody"))
    required = new_body.value.get("required") is True
    if not has_old:
        diff.add(
            "request-body-added-required" if required else "request-body-added-optional",
            "request body",
            f"{'required' if required else 'optional'} request body added",
            new_body,
            direction=REQUEST,
            pointer=logical_pointer(b, "requestBody"),
        )
        return
    old_body = diff.old.spec.follow(a.node.child("requestBody"))
    if (old_body.value.get("required") is True) != required:
        diff.add(
            "request-body-became-required" if required else "request-body-became-optional",
            "request body",
            f"request body became {'required' if required else 'optional'}",
            new_body,
            direction=REQUEST,
            pointer=logical_pointer(b, "requestBody", "required"),
        )
    compare_content(
        content_of(old_body),
        content_of(new_body),
        diff,
        REQUEST,
        "request body",
        logical_pointer(b, "requestBody"),
        "request body",
    )


def compare_content(
    before: dict[str, Node],
    after: dict[str, Node],
    diff: OperationDiff,
    direction: str,
    subject: str,
    pointer: str,
    area: str,
    *,
    success: bool = True,
) -> None:
    prefix = {REQUEST: "request", RESPONSE: "response"}[direction] if area != "webhook" else "webhook"
    when = ("2xx" if success else "not 2xx") if prefix == "response" else ""
    for media in sorted(before.keys() - after.keys()):
        diff.add(
            f"{prefix}-media-type-removed",
            area,
            f"{subject}: media type `{media}` removed",
            before[media],
            when=when,
            direction=direction,
            pointer=join_pointer(pointer, "content", media),
        )
    for media in sorted(after.keys() - before.keys()):
        diff.add(
            f"{prefix}-media-type-added",
            area,
            f"{subject}: media type `{media}` added",
            after[media],
            direction=direction,
            pointer=join_pointer(pointer, "content", media),
        )
    several = len(after) > 1
    for media in sorted(before.keys() & after.keys()):
        old_schema, new_schema = before[media].value.get("schema"), after[media].value.get("schema")
        if old_schema is None or new_schema is None:
            continue
        noun = {"request": "request property", "response": "response property", "webhook": "webhook payload property"}[
            prefix
        ]
        context = diff.schema_context(
            direction,
            area,
            f"{subject} ({media})" if several else subject,
            f"{prefix}-body",
            f"{prefix}-property",
            noun,
        )
        compare_schemas(
            [before[media].child("schema")],
            [after[media].child("schema")],
            Where(join_pointer(pointer, "content", media, "schema")),
            context,
        )


def _is_success(status: str) -> bool:
    return status.upper().startswith("2")


def compare_responses(a: Operation, b: Operation, diff: OperationDiff) -> None:
    def responses(version: SpecVersion, op: Operation) -> dict[str, Node]:
        raw = op.node.value.get("responses")
        return {
            str(status): version.spec.follow(op.node.child("responses", status))
            for status in (raw if isinstance(raw, dict) else {})
        }

    before, after = responses(diff.old, a), responses(diff.new, b)
    for statuses, side, op, what in (
        (before.keys() - after.keys(), before, a, "removed"),
        (after.keys() - before.keys(), after, b, "added"),
    ):
        for status in sorted(statuses):
            success = _is_success(status)
            rule = f"response-{'success' if success else 'non-success'}-status-{what}"
            text = f"{'success ' if success else ''}response {status} {what}"
            if success and what == "added":
                text += ": a shape clients may not handle"
            pointer = logical_pointer(op, "responses", status)
            diff.add(rule, "response", text, side[status], direction=RESPONSE, pointer=pointer)
    for status in sorted(before.keys() & after.keys()):
        pointer = logical_pointer(b, "responses", status, "description")
        diff.words(
            "response-description-changed",
            "response",
            f"{status} response",
            before[status],
            after[status],
            pointer,
            RESPONSE,
        )
        _compare_headers(status, before[status], after[status], logical_pointer(b, "responses", status), diff)
        compare_content(
            content_of(before[status]),
            content_of(after[status]),
            diff,
            RESPONSE,
            f"{status} response body",
            logical_pointer(b, "responses", status),
            "response",
            success=_is_success(status),
        )


def _headers(spec: ResolvedSpec, response: Node) -> tuple[dict[str, Node], dict[str, str]]:
    """A response's documented headers by lower-cased name (HTTP header names ignore case), and
    each one's spelling."""
    raw = response.value.get("headers")
    found: dict[str, Node] = {}
    spelt: dict[str, str] = {}
    for name in raw if isinstance(raw, dict) else {}:
        node = spec.follow(response.child("headers", name))
        if isinstance(node.value, dict) and str(name).lower() != "content-type":  # (ignored by OpenAPI)
            found[str(name).lower()] = node
            spelt[str(name).lower()] = str(name)
    return found, spelt


def _compare_headers(status: str, old: Node, new: Node, pointer: str, diff: OperationDiff) -> None:
    (before, old_names), (after, new_names) = _headers(diff.old.spec, old), _headers(diff.new.spec, new)
    names = old_names | new_names
    for key in sorted(before.keys() - after.keys()):
        required = before[key].value.get("required") is True
        text = f"{status} response header `{names[key]}` removed (was {'required' if required else 'optional'})"
        place = join_pointer(pointer, "headers", names[key])
        when = "was required" if required else "was optional"
        diff.add("response-header-removed", "response", text, before[key], when=when, direction=RESPONSE, pointer=place)
    for key in sorted(after.keys() - before.keys()):
        text = f"{status} response header `{names[key]}` added"
        place = join_pointer(pointer, "headers", names[key])
        diff.add("response-header-added", "response", text, after[key], direction=RESPONSE, pointer=place)
    for key in sorted(before.keys() & after.keys()):
        was, now = before[key], after[key]
        subject = f"{status} response header `{names[key]}`"
        place = join_pointer(pointer, "headers", names[key])
        if (was.value.get("required") is True) != (now.value.get("required") is True):
            required = now.value.get("required") is True
            what = "response-header-became-required" if required else "response-header-became-optional"
            text = f"{subject} became {'required' if required else 'optional'}"
            diff.add(what, "response", text, now, direction=RESPONSE, pointer=join_pointer(place, "required"))
        diff.deprecation("response-header", "response", subject, was, now, join_pointer(place, "deprecated"), RESPONSE)
        diff.words(
            "response-header-description-changed",
            "response",
            subject,
            was,
            now,
            join_pointer(place, "description"),
            RESPONSE,
        )
        old_schema, new_schema = parameter_schema_nodes(was), parameter_schema_nodes(
            now
        )  # a header holds its schema as a parameter does
        if old_schema and new_schema:
            context = diff.schema_context(
                RESPONSE, "response", subject, "response-header", "response-header", "response header"
            )
            compare_schemas(old_schema, new_schema, Where(join_pointer(place, "schema")), context)
