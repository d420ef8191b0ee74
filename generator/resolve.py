"""Stage 3, resolve: make every `$ref` followable, including refs into other local files.

The result does not inline anything (recursive schemas are legal and would never end); it is a
`ResolvedSpec` whose `follow` turns a `$ref` into the node it points at. Every ref is checked
once here, so later stages never meet a dangling one. Chains of refs that only point at each
other (`A: {$ref: B}`, `B: {$ref: A}`) are refused: they describe no type at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from .diagnostics import GeneratorError, join_pointer, split_pointer
from .load import SpecDocument, load_document

_MAX_REF_CHAIN = 64
# Keywords whose values are literal data, never schemas: a "$ref" or a schema-like object inside is
# data (the resolver, the examples and the example check walk past them alike).
DATA_KEYWORDS = frozenset({"example", "examples", "default", "enum", "const"})


@dataclass(frozen=True, eq=False)
class Node:
    """A value inside one of the spec's documents, with its address."""

    document: SpecDocument
    pointer: str
    value: Any

    @property
    def key(self) -> tuple[str, str]:
        """A hashable identity: (file, pointer)."""
        return (str(self.document.path), self.pointer)

    def child(self, *tokens: str | int) -> Node:
        value = self.value
        for token in tokens:
            value = value[token]
        return Node(self.document, join_pointer(self.pointer, *tokens), value)

    def locate(self) -> Any:
        return self.document.locate(self.pointer)


@dataclass(frozen=True, eq=False)
class ResolvedSpec:
    """The root document plus every local document it references; all refs known to resolve."""

    root: SpecDocument
    documents: dict[str, SpecDocument] = field(default_factory=dict)

    def root_node(self) -> Node:
        return Node(self.root, "", self.root.data)

    def follow(self, node: Node) -> Node:
        """The node a `$ref` node points at, following chains of refs; other nodes unchanged."""
        seen: list[tuple[str, str]] = []
        while isinstance(node.value, dict) and isinstance(node.value.get("$ref"), str):
            if node.key in seen or len(seen) > _MAX_REF_CHAIN:
                chain = " -> ".join(p or "/" for _, p in seen)
                raise GeneratorError(
                    f"circular $ref: {chain} refers back to itself and describes nothing", node.locate()
                )
            seen.append(node.key)
            node = self.target(node)
        return node

    def target(self, node: Node) -> Node:
        """The node one `$ref` points at (without following further refs)."""
        ref = node.value["$ref"]
        document = self.document_of(node.document, ref, node)
        fragment = ref.partition("#")[2]
        pointer = "/" + fragment.lstrip("/") if fragment else ""
        value: Any = document.data
        for token in split_pointer(unquote(pointer)):
            if isinstance(value, dict) and token in value:
                value = value[token]
            elif isinstance(value, list) and token.isdigit() and int(token) < len(value):
                value = value[int(token)]
            else:
                raise GeneratorError(
                    f"dangling $ref {ref!r}: nothing at {pointer or '/'} in {document.path.name}", node.locate()
                )
        return Node(document, unquote(pointer), value)

    def document_of(self, source: SpecDocument, ref: str, node: Node) -> SpecDocument:
        file_part = ref.partition("#")[0]
        if not file_part:
            return source
        key = str(_local_path(source, file_part, node))
        if key not in self.documents:
            raise GeneratorError(f"$ref {ref!r} points at a file that was not loaded", node.locate())
        return self.documents[key]


def resolve_spec(root: SpecDocument, *, allow_external_refs: bool = False) -> ResolvedSpec:
    """Load every local file the spec references and check that each `$ref` resolves."""
    spec = ResolvedSpec(root, {str(root.path.resolve()): root})
    base_folder = root.path.resolve().parent
    pending = [root]
    ref_nodes: list[Node] = []
    while pending:  # first load every file referenced (a local ref may lead on to another file's)
        document = pending.pop()
        for node in _ref_nodes(document):
            ref_nodes.append(node)
            file_part = node.value["$ref"].partition("#")[0]
            if file_part:
                path = _local_path(document, file_part, node)
                if not allow_external_refs and not path.is_relative_to(base_folder):
                    raise GeneratorError(
                        f"$ref {node.value['$ref']!r} points outside the spec's folder ({base_folder}); "
                        "pass --allow-external-refs to allow it",
                        node.locate(),
                    )
                if str(path) not in spec.documents:
                    if not path.is_file():
                        raise GeneratorError(f"dangling $ref {node.value['$ref']!r}: no file {path}", node.locate())
                    loaded = load_document(path)
                    spec.documents[str(path)] = loaded
                    pending.append(loaded)
    for node in ref_nodes:
        spec.follow(node)  # raises on dangling targets and on ref-only cycles
    return spec


def _local_path(source: SpecDocument, file_part: str, node: Node) -> Path:
    if "://" in file_part:
        raise GeneratorError(f"remote $ref {file_part!r} is not supported: download it beside the spec", node.locate())
    return (source.path.resolve().parent / unquote(file_part)).resolve()


def _ref_nodes(document: SpecDocument) -> list[Node]:
    """Every mapping with a string `$ref` in the document, in document order (iteratively: no recursion limit)."""
    found: list[Node] = []
    stack: list[tuple[str, Any]] = [("", document.data)]
    seen: set[int] = set()
    while stack:
        pointer, value = stack.pop()
        if id(value) in seen:  # YAML anchors share objects; visit each once
            continue
        if isinstance(value, dict):
            seen.add(id(value))
            if isinstance(value.get("$ref"), str):
                found.append(Node(document, pointer, value))
            in_properties = pointer.endswith("/properties")
            for key in reversed(list(value)):
                if (
                    key in DATA_KEYWORDS
                    and not in_properties
                    and not (key == "examples" and isinstance(value[key], dict))
                ):
                    continue  # literal data, where a "$ref" key is just data
                if isinstance(key, str) and key.startswith("x-") and not in_properties:
                    continue  # extensions are opaque to OpenAPI (Train Travel's x-topics refer to Markdown files)
                stack.append((join_pointer(pointer, key), value[key]))
        elif isinstance(value, list):
            seen.add(id(value))
            for index in range(len(value) - 1, -1, -1):
                stack.append((join_pointer(pointer, index), value[index]))
    return found
