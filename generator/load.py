"""Stage 1, load: read a YAML or JSON spec into plain Python data, keeping a way back to line numbers.

Data is read with the fastest parser (json, or PyYAML's C loader); the line of a JSON pointer is
looked up lazily by composing the text once more, so a clean 4 MB spec never pays for it.
"""

from __future__ import annotations

import gc
import hashlib
import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .cache import DiskCache, key_of
from .diagnostics import GeneratorError, Location, join_pointer, split_pointer
from .yaml_errors import yaml_error_line, yaml_error_message, yaml_error_pointer

# The C loader is ~10x faster; fall back to pure Python where libyaml is missing.
_SafeLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Yaml12Loader(_SafeLoader):  # type: ignore[misc]
    """PyYAML with YAML 1.2 core-schema scalars, as OpenAPI documents are written: `18:00`, `yes`,
    `on` and `2024-01-01` stay strings (YAML 1.1 read them as 1080, True, True and a date)."""


_YAML11_ONLY = {
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:timestamp",
}
_Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag not in _YAML11_ONLY]
    for first, resolvers in _SafeLoader.yaml_implicit_resolvers.items()
}
_Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^(?:[-+]?(?:0|[1-9][0-9]*)|0x[0-9a-fA-F]+)$"), list("-+0123456789")
)
_Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)(?:[eE][-+]?[0-9]+)?|[-+]?[0-9]+[eE][-+]?[0-9]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+0123456789."),
)

SUPPORTED_SUFFIXES = (".yaml", ".yml", ".json")
# Limits that keep time and memory bounded whatever the input (see README, "Hostile input").
# Generation time grows with the spec (black formats ~2.5 MB of spec into models in ~20 s), so a
# spec beyond this size is refused up front rather than left to run for many minutes.
MAX_SPEC_BYTES = 16 * 1024 * 1024
# Mappings and lists nested deeper than this are refused; 200 levels of nested schemas (about
# 400 levels of data: each schema level is a schema plus its `properties` or `allOf`) still pass.
MAX_NESTING_DEPTH = 500
# A YAML alias bomb ("billion laughs") is a tiny file whose aliases expand into an exponential
# tree; PyYAML shares the aliased objects, but every later stage walks the expanded tree. Aliases
# may add at most this many nodes to the document as written.
MAX_ALIAS_EXPANSION = 1_000_000


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
    """Read and parse one spec file; any failure is a GeneratorError naming the file and line.

    Mapping keys are made strings (OpenAPI is JSON: YAML's `200:` means "200"), and documents too
    large, too deeply nested, alias-expanding or self-containing are refused here, before any
    later stage walks them.
    """
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        raise GeneratorError(
            f"unsupported file type {path.suffix!r}: expected one of {', '.join(SUPPORTED_SUFFIXES)}",
            Location(str(path), ""),
        )
    if path.exists() and not path.is_file():
        # A FIFO would block the open forever; /dev/zero never ends.
        raise GeneratorError("the spec is not a regular file", Location(str(path), ""))
    try:
        with path.open("rb") as file:  # bounded read, whatever the file turns out to be
            raw = file.read(MAX_SPEC_BYTES + 1)
    except OSError as exc:
        raise GeneratorError(f"cannot read the spec: {exc.strerror or exc}", Location(str(path), "")) from None
    if len(raw) > MAX_SPEC_BYTES:
        raise GeneratorError(
            f"the file is larger than {MAX_SPEC_BYTES // (1024 * 1024)} MB, the most this generator reads; "
            "split it into files joined by $ref, or trim it with an overlay",
            Location(str(path), ""),
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise GeneratorError(f"the file is not UTF-8 (byte {exc.start})", Location(str(path), "")) from None
    lines = LineIndex(text)
    digest = hashlib.sha256(raw).hexdigest()
    return SpecDocument(path, _checked_data(path, text, digest, lines), digest, lines)


def _checked_data(path: Path, text: str, digest: str, lines: LineIndex) -> Any:
    """The data, parsed and checked; a YAML document seen before is read from the cache as the
    JSON of its checked data (PyYAML builds a node for every value first: loading Stripe's 4 MB
    spec takes ~0.8 s and leaves ~70 MB of freed nodes behind; the JSON ~0.1 s and ~15 MB)."""
    cache = DiskCache.open("parsed") if path.suffix.lower() != ".json" else None
    key = key_of(_loader_identity(), digest)
    if cache is not None and (hit := cache.get(key)) is not None:
        try:
            with _collector_paused():
                return json.loads(hit)
        except ValueError:
            pass
    with _collector_paused():
        data = _parse(path, text)
    _check_tree(
        data,
        may_share=path.suffix.lower() != ".json",
        locate=lambda pointer: Location(str(path), pointer, lines.line_of(pointer)),
    )
    if cache is not None and _is_plain_json(data):
        cache.put(key, json.dumps(data, ensure_ascii=False).encode())
    return data


def _loader_identity() -> str:
    """What the checked data depends on besides the file: this code and PyYAML's version."""
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest() + f"; PyYAML {yaml.__version__}"


def _is_plain_json(data: Any) -> bool:
    """Whether JSON gives `data` back exactly: only JSON types, and no container reached twice
    (YAML aliases share containers, which JSON would copy)."""
    seen: set[int] = set()
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, (dict, list)):
            if id(value) in seen:
                return False
            seen.add(id(value))
            stack.extend(value.values() if isinstance(value, dict) else value)
        elif not (value is None or isinstance(value, (str, int, float))):
            return False
    return True


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off while a parser builds the document: everything it makes
    lives on, and the collector, run over and over the growing tree, was 60% of the time taken to
    load a 4 MB spec."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _parse(path: Path, text: str) -> Any:
    if path.suffix.lower() == ".json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise GeneratorError(
                f"invalid JSON: {exc.msg} (column {exc.colno})", Location(str(path), "", exc.lineno)
            ) from None
        except RecursionError:
            raise GeneratorError(
                "the JSON document is nested too deeply to read",
                Location(str(path), "", _json_line_at_depth(text, MAX_NESTING_DEPTH)),
            ) from None
        except ValueError as exc:  # an integer longer than Python's 4300-digit conversion limit
            raise GeneratorError(f"invalid JSON: {exc}", Location(str(path), "")) from None
    try:
        return yaml.load(text, Loader=_Yaml12Loader)  # noqa: S506 - a safe loader
    except yaml.MarkedYAMLError as exc:
        where = Location(str(path), yaml_error_pointer(text, _SafeLoader), yaml_error_line(exc))
        raise GeneratorError(f"invalid YAML: {yaml_error_message(exc)}", where) from None
    except yaml.YAMLError as exc:
        raise GeneratorError(f"invalid YAML: {exc}", Location(str(path), "")) from None
    except RecursionError:
        raise GeneratorError("the YAML document is nested too deeply to read", Location(str(path), "")) from None
    except ValueError as exc:  # an integer longer than Python's 4300-digit conversion limit
        raise GeneratorError(f"invalid YAML: {exc}", Location(str(path), "")) from None


def _json_line_at_depth(text: str, depth: int) -> int | None:
    """The line where JSON text first nests deeper than `depth` (strings skipped), for the message."""
    level = 0
    for match in re.finditer(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', text):
        token = match.group()
        if token in "[{":
            level += 1
            if level > depth:
                return text.count("\n", 0, match.start()) + 1
        elif token in "]}":
            level -= 1
    return None


def _json_key(key: object) -> str:
    """A mapping key as JSON spells it: YAML reads `200:`, `true:` and `null:` as non-strings."""
    if isinstance(key, bool):
        return "true" if key else "false"
    if key is None:
        return "null"
    if isinstance(key, (int, float)):
        return json.dumps(key)
    isoformat = getattr(key, "isoformat", None)
    return str(isoformat()) if callable(isoformat) else str(key)


def _check_tree(data: Any, *, may_share: bool, locate: Callable[[str], Location]) -> None:
    """One iterative pass over the parsed data (no recursion, whatever the depth).

    Makes every mapping key a string, then refuses a document that nests deeper than
    MAX_NESTING_DEPTH, contains itself (a YAML alias inside its own anchor), or whose YAML aliases
    expand it by more than MAX_ALIAS_EXPANSION nodes. Shared (aliased) containers are measured once.
    """
    if not isinstance(data, (dict, list)):
        return
    measured: dict[int, tuple[int, int]] = {}  # id -> (nodes once expanded, height)
    written = 0  # nodes as written: each container counted once
    open_path: set[int] = set()
    stack: list[tuple[Any, str, bool]] = [(data, "", False)]
    while stack:
        value, pointer, children_done = stack.pop()
        if children_done:
            size, height = 1, 0
            for child in value.values() if isinstance(value, dict) else value:
                child_size, child_height = measured.get(id(child), (1, 0))
                size += child_size
                height = max(height, child_height)
            measured[id(value)] = (min(size, 2 * MAX_ALIAS_EXPANSION + written), height + 1)
            open_path.discard(id(value))
            continue
        if id(value) in measured:
            continue
        if id(value) in open_path:
            raise GeneratorError(
                "the document contains itself (a YAML alias inside its own anchor), so it never ends", locate(pointer)
            )
        if isinstance(value, dict):
            if not all(isinstance(key, str) for key in value):
                _stringify_keys(value, pointer, locate)
            for key in value:
                if not key.isascii() and _SURROGATE.search(key):
                    raise _surrogate_error(key, locate(pointer))
            children: list[tuple[str, Any]] = list(value.items())
        else:
            children = list(enumerate(value))  # type: ignore[arg-type]
        written += 1
        open_path.add(id(value))
        stack.append((value, pointer, True))
        for token, child in reversed(children):
            if isinstance(child, (dict, list)):
                stack.append((child, join_pointer(pointer, token), False))
            else:
                written += 1
                if isinstance(child, str) and not child.isascii() and _SURROGATE.search(child):
                    raise _surrogate_error(child, locate(join_pointer(pointer, token)))
    size, height = measured.get(id(data), (1, 0))
    if height > MAX_NESTING_DEPTH:
        raise GeneratorError(
            f"the document nests mappings and lists more than {MAX_NESTING_DEPTH} levels deep, more than this generator reads",
            locate(_pointer_at_depth(data, measured, MAX_NESTING_DEPTH)),
        )
    if may_share and size - written > MAX_ALIAS_EXPANSION:
        raise GeneratorError(
            f"the YAML document's aliases expand it by more than {MAX_ALIAS_EXPANSION:,} nodes (an alias bomb?); refusing to expand it",
            locate(""),
        )


_SURROGATE = re.compile("[\ud800-\udfff]")


def _surrogate_error(text: str, where: Location) -> GeneratorError:
    """JSON's `\\ud800` escapes can spell half a UTF-16 pair: a string no UTF-8 file or HTTP message can hold."""
    return GeneratorError(f"the string {text[:60]!r} holds a lone UTF-16 surrogate, which is not a character", where)


def _stringify_keys(mapping: dict[Any, Any], pointer: str, locate: Callable[[str], Location]) -> None:
    items = [(_json_key(key), value) for key, value in mapping.items()]
    seen: set[str] = set()
    for key, _ in items:
        if key in seen:
            raise GeneratorError(
                f"the mapping has the key {key!r} twice (once spelled as a non-string)", locate(pointer)
            )
        seen.add(key)
    mapping.clear()
    mapping.update(items)


def _pointer_at_depth(data: Any, measured: dict[int, tuple[int, int]], depth: int) -> str:
    """The pointer of a container `depth` levels down along the deepest path (for the message)."""
    pointer, value = "", data
    for _ in range(depth):
        children = list(value.items()) if isinstance(value, dict) else list(enumerate(value))
        deepest = max(
            ((token, child) for token, child in children if isinstance(child, (dict, list))),
            key=lambda item: measured.get(id(item[1]), (1, 0))[1],
            default=None,
        )
        if deepest is None:
            break
        pointer, value = join_pointer(pointer, deepest[0]), deepest[1]
    return pointer
