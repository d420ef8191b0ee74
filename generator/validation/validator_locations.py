"""openapi-spec-validator's keyword validators, each finding given its place in the whole document.

Why: besides checking the document against the OpenAPI schema (findings located in the document),
the validator checks parts of it on their own: each Schema Object against the JSON Schema
meta-schema, each `default` against its schema, each operation's parameters, ids and tags. A
finding of such a check carries a path relative to the part checked, or none: the stock classes
report a `type: strng` in any schema of the document at `/type`, which the generator would show
at the document's line 2. Each keyword validator is handed the part it checks as a SchemaPath
(the route the validator took, `$ref`s included); here the findings it yields get that part's
place in the document put in front of their path, once (by the innermost keyword validator).

A part the validator reached through a `$ref` this cannot follow in the document (to another
file, to an `$anchor`, under an `$id`) is located at that `$ref`: where the document leads to it.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote

from jsonschema.exceptions import ValidationError  # type: ignore[import-untyped]
from jsonschema_path import SchemaPath
from openapi_spec_validator.validation.exceptions import DuplicateOperationIDError, ExtraParametersError

from ..diagnostics import split_pointer

Place = tuple[str | int, ...]

# Keyword validators whose findings are about a field of the part they are given, not the part:
# the value validator checks a Schema Object's `default` (its findings' paths start inside it).
_FIELD_OF_KEYWORD = {"default": ("default",)}
# Findings that name no path but are about one field of the part.
_FIELD_OF_FINDING: dict[type[Any], Place] = {
    DuplicateOperationIDError: ("operationId",),
    ExtraParametersError: ("required",),
}
_LOCATED = "_runa_located"  # set on a finding once its path is the document's
_MAX_REF_HOPS = 100  # a chain of `$ref`s longer than this (or a cycle) is not followed


def locating(keyword: str, stock: type[Any]) -> type[Any]:
    """The keyword validator class `stock` (registered as `keyword`), its findings located."""
    field = _FIELD_OF_KEYWORD.get(keyword, ())

    class Locating(stock):  # type: ignore[misc]
        def __call__(self, *args: Any, **kwargs: Any) -> Iterator[ValidationError]:
            part = next((arg for arg in args if isinstance(arg, SchemaPath)), None)
            for finding in super().__call__(*args, **kwargs):
                if part is not None and not getattr(finding, _LOCATED, False):
                    _locate(finding, part, field)
                yield finding

    Locating.__name__ = Locating.__qualname__ = stock.__name__
    return Locating


def _locate(finding: ValidationError, part: SchemaPath, field: Place) -> None:
    place, inside = _document_place(part)
    if inside:
        if not finding.path:
            field = field or _FIELD_OF_FINDING.get(type(finding), ())
        place = place + field + tuple(finding.path)
    finding.path = finding.relative_path = deque(place)
    setattr(finding, _LOCATED, True)


def _document_place(part: SchemaPath) -> tuple[Place, bool]:
    """Where the node `part` leads to sits in the document, and whether it is there (False: the
    path is that of the `$ref` through which the document leads out of itself to it)."""
    prefixes = (*reversed(part.parents), part)
    data = prefixes[0].read_value()
    node: Any = data
    place: Place = ()
    for prefix in prefixes[1:]:
        key = prefix.parts[-1]
        try:
            child = node[key]
        except (KeyError, IndexError, TypeError):
            return place, True
        place = (*place, key)
        target, target_place = _followed(data, child, place)
        resolved = prefix.read_value()
        if target is not resolved:  # the validator resolved it otherwise: the document leaves itself here
            return place, False
        node, place = resolved, target_place
    return place, True


def _followed(data: Any, node: Any, place: Place) -> tuple[Any, Place]:
    """`node` (at `place`), with the `$ref`s to JSON pointers in `data` it starts followed."""
    for _ in range(_MAX_REF_HOPS):
        ref = node.get("$ref") if isinstance(node, dict) else None
        if not isinstance(ref, str) or not (ref == "#" or ref.startswith("#/")):
            return node, place
        tokens = split_pointer(unquote(ref))
        target = _node_at(data, tokens)
        if target is None:
            return node, place
        node, place = target, tuple(tokens)
    return node, place


def _node_at(data: Any, tokens: list[str]) -> Any:
    node = data
    for token in tokens:
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return None
    return node
