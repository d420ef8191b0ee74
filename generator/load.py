"""Stage 1, load: read a YAML or JSON spec into plain Python data, keeping a way back to line numbers.

Data is read with the fastest parser (json, or PyYAML's C loader); the line of a JSON pointer is
looked up lazily by composing the text once more, so a clean 4 MB spec never pays for it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .diagnostics import GeneratorError, Location, split_pointer

# The C loader is ~10x faster; fall back to pure Python where libyaml is missing.
_SafeLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

SUPPORTED_SUFFIXES = (".yaml", ".yml", ".json")
# A YAML alias bomb ("billion laughs") expands a tiny file into an exponential tree: refuse
# documents whose alias count could do that long before the parser builds it.
MAX_YAML_ALIASES = 10_000


class LineIndex:
    """Maps JSON pointers of one document to 1-based line numbers, built on first use."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._root: yaml.Node | None = None
        self._failed = False

    def line_of(self, pointer: str) -> int | None:
        node = self._node_at(pointer)
        return None if node is None else node.start_mark.line + 1

    def _node_at(self, pointer: str) -> yaml.Node | None:
        if self._root is None and not self._failed:
            try:
                self._root = yaml.compose(self._text, Loader=_SafeLoader)
            except yaml.YAMLError:
                self._failed = True
        node: yaml.Node | None = self._root
        best = node
        for token in split_pointer(pointer):
            child = _child_node(node, token) if node is not None else None
            if child is None:
                break
            node = best = child
        return best


def _child_node(node: yaml.Node, token: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == token and isinstance(value, yaml.Node):
                return value
    elif isinstance(node, yaml.SequenceNode) and token.isdigit():
        index = int(token)
        if index < len(node.value):
            child: yaml.Node = node.value[index]
            return child
    return None


@dataclass(frozen=True)
class SpecDocument:
    """One loaded file: its data, its text's sha256, and a line index for located messages."""

    path: Path
    data: Any
    sha256: str
    lines: LineIndex = field(compare=False, repr=False)

    def locate(self, pointer: str) -> Location:
        return Location(str(self.path), pointer, self.lines.line_of(pointer))


def load_document(path: Path) -> SpecDocument:
    """Read and parse one spec file; any failure is a GeneratorError naming the file and line."""
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        raise GeneratorError(
            f"unsupported file type {path.suffix!r}: expected one of {', '.join(SUPPORTED_SUFFIXES)}",
            Location(str(path), ""),
        )
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise GeneratorError(f"cannot read the spec: {exc.strerror}", Location(str(path), "")) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise GeneratorError(f"the file is not UTF-8 (byte {exc.start})", Location(str(path), "")) from None
    data = _parse(path, text)
    return SpecDocument(path, data, hashlib.sha256(raw).hexdigest(), LineIndex(text))


def _parse(path: Path, text: str) -> Any:
    if path.suffix.lower() == ".json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise GeneratorError(f"invalid JSON: {exc.msg} (column {exc.colno})", Location(str(path), "", exc.lineno)) from None
        except RecursionError:
            raise GeneratorError("the JSON document is nested too deeply to read", Location(str(path), "")) from None
    if text.count("*") > MAX_YAML_ALIASES and _alias_count(text) > MAX_YAML_ALIASES:
        raise GeneratorError(
            f"the YAML document uses more than {MAX_YAML_ALIASES} aliases (a possible alias bomb); refusing to expand it",
            Location(str(path), ""),
        )
    try:
        return yaml.load(text, Loader=_SafeLoader)  # noqa: S506 - a safe loader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "syntax error"
        raise GeneratorError(f"invalid YAML: {problem}", Location(str(path), "", line)) from None
    except yaml.YAMLError as exc:
        raise GeneratorError(f"invalid YAML: {exc}", Location(str(path), "")) from None
    except RecursionError:
        raise GeneratorError("the YAML document is nested too deeply to read", Location(str(path), "")) from None


def _alias_count(text: str) -> int:
    count = 0
    try:
        for event in yaml.parse(text, Loader=_SafeLoader):
            if isinstance(event, yaml.AliasEvent):
                count += 1
    except yaml.YAMLError:
        return 0  # The real parse reports the syntax error with its line.
    return count
