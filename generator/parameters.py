"""Which parameters an operation takes and what schema each has: the one reading shared by the IR
(operations.py), the diff (diff/api.py) and the README examples (examples.py), as keywords.py is for
a schema's keywords.

Before this module each read them its own way: the IR told header names apart by case (so a path
item's `X-Trace` and the operation's `x-trace` were two headers), the diff did not; the IR took the
first `content` entry's schema of a parameter, the diff the first entry that has one.
"""

from __future__ import annotations

from collections.abc import Iterable

from .diagnostics import GeneratorError
from .resolve import Node, ResolvedSpec

# Where a parameter can be (`querystring`: OpenAPI 3.2's whole query string).
PARAMETER_LOCATIONS = ("path", "query", "header", "cookie", "querystring")


def parameter_key(location: str, name: str) -> tuple[str, str]:
    """What makes a parameter one: its place and name, a header's name in any case (RFC 9110 5.1)."""
    return (location, name.lower() if location == "header" else name)


def parameter_nodes(spec: ResolvedSpec, owner: Node, *, strict: bool) -> list[Node]:
    """The parameters listed by an operation or path item, `$ref`s followed.

    `strict` (the IR's reading): a `parameters` that is no list is a GeneratorError; else none.
    """
    raw = owner.value.get("parameters", []) if isinstance(owner.value, dict) else []
    if not isinstance(raw, list):
        if strict:
            raise GeneratorError("`parameters` must be a list", owner.child("parameters").locate())
        return []
    return [spec.follow(owner.child("parameters", index)) for index in range(len(raw))]


def effective_parameters(nodes: Iterable[Node], *, strict: bool) -> dict[tuple[str, str], Node]:
    """The parameters that apply, by `parameter_key`: `nodes` in order (the path item's, then the
    operation's own), a later one replacing an earlier one of the same key in its place.

    `strict` (the IR's reading): a parameter without a string `name` and an `in` of
    PARAMETER_LOCATIONS is a GeneratorError; else it is left out (the diff and the examples read
    specs the IR already judged).
    """
    found: dict[tuple[str, str], Node] = {}
    for node in nodes:
        value = node.value
        if (
            not isinstance(value, dict)
            or not isinstance(value.get("name"), str)
            or value.get("in") not in PARAMETER_LOCATIONS
        ):
            if strict:
                raise GeneratorError(
                    "a parameter needs a string `name` and `in` of path, query, header or cookie", node.locate()
                )
            continue
        found[parameter_key(value["in"], value["name"])] = node
    return found


def parameter_schema(node: Node) -> Node | None:
    """A parameter's schema: its `schema`, else that of its `content` entry (OpenAPI allows one; of
    several, the first, the media type the client sends it in)."""
    if isinstance(node.value.get("schema"), (dict, bool)):
        return node.child("schema")
    content = node.value.get("content")
    if isinstance(content, dict) and content:
        media_type, media = next(iter(content.items()))
        if isinstance(media, dict) and isinstance(media.get("schema"), (dict, bool)):
            return node.child("content", media_type, "schema")
    return None
