"""black's layout for the long literals the templates emit (the fake's examples, routes and rules).

black formats every generated file; when its first pass changes a piece it formats it a second
time (format.py), so text that is already laid out as black would lay it out costs half. These
functions lay out nested displays and calls as black's right-hand split does: a line that fits
stays on one line; otherwise it is split at its last bracket: a display of several items, or any
items after a magic trailing comma, one item a line with a trailing comma; a call's arguments on
one line of their own when they fit, else one a line; a single item alone on its line, without a
comma (a one-item tuple keeps its comma). Whatever these get wrong black puts right: the output
is black's either way (tests/corpus: black leaves every generated file unchanged), only slower.
"""

from __future__ import annotations

import ast
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeAlias

from .format import LINE_LENGTH
from .pysource import literal


@dataclass(frozen=True)
class Bracketed:
    """A display (list, dict, tuple) or a call's arguments, which black may split."""

    open: str  # "[", "{", "(" or a call's "Name("
    items: tuple[Layout, ...]
    close: str
    call: bool = False
    magic_comma: bool = False  # written with a trailing comma after several items: black keeps it exploded
    one_tuple: bool = False  # `(x,)`: its comma is not magic
    definition: bool = False  # a `def`'s parameters: black ends them with a comma once split


@dataclass(frozen=True)
class Keyed:
    """`key: value`, an item of a dict display."""

    key: str
    value: Layout


Layout: TypeAlias = "str | Bracketed | Keyed"


def of_value(value: Any) -> Layout:
    """The layout of a JSON-like value's literal (`pysource.literal`)."""
    if isinstance(value, dict):
        return Bracketed("{", tuple(Keyed(literal(str(k)), of_value(v)) for k, v in value.items()), "}")
    if isinstance(value, list):
        return Bracketed("[", tuple(of_value(v) for v in value), "]")
    return literal(value)


def of_expression(text: str) -> Layout:
    """The layout of an expression's text (an annotation, a call): its subscripts and calls split
    as black splits them (their arguments on one line, else one a line), the rest kept whole."""
    try:
        tree = ast.parse(text, mode="eval").body
    except (SyntaxError, ValueError, RecursionError):
        return text
    layout = _of_node(tree, text)
    return layout if _flat(layout) == text else text  # anything not written as black writes it: whole


def _segment(text: str, node: ast.expr) -> str:
    """`node`'s source, as `ast.get_source_segment` gives it; on one line of ASCII (every
    annotation), a slice: the standard function splits the whole text into lines on every call."""
    if "\n" not in text and text.isascii():
        return text[node.col_offset : node.end_col_offset]
    return ast.get_source_segment(text, node) or ""


def _of_node(node: ast.expr, text: str) -> Layout:
    source = _segment(text, node)
    if isinstance(node, ast.Subscript):
        items = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        head = _segment(text, node.value)
        return Bracketed(head + "[", tuple(_of_node(item, text) for item in items), "]", call=True)
    if isinstance(node, ast.Call) and not node.keywords:
        head = _segment(text, node.func)
        return Bracketed(head + "(", tuple(_of_node(arg, text) for arg in node.args), ")", call=True)
    if isinstance(node, ast.Dict) and all(key is not None for key in node.keys):
        return Bracketed(
            "{",
            tuple(Keyed(_segment(text, k), _of_node(v, text)) for k, v in zip(node.keys, node.values) if k is not None),
            "}",
        )
    if isinstance(node, ast.List):
        return Bracketed("[", tuple(_of_node(item, text) for item in node.elts), "]")
    return source


def of_tuple(items: Sequence[Layout]) -> Bracketed:
    """A tuple display written `(a, b, )`: a one-item tuple keeps its comma, more items are magic."""
    return Bracketed("(", tuple(items), ")", magic_comma=len(items) > 1, one_tuple=len(items) == 1)


def of_call(name: str, arguments: Sequence[Layout]) -> Bracketed:
    return Bracketed(f"{name}(", tuple(arguments), ")", call=True)


def of_def(name: str, parameters: Sequence[str], returns: str) -> Bracketed:
    """`def name(parameters) -> returns:` (split: one parameter a line, each with a comma)."""
    return Bracketed(f"def {name}(", tuple(parameters), f") -> {returns}:", definition=True)


def laid_out(layout: Layout, indent: int, head: str = "", tail: str = "") -> str:
    """`head`, the layout and `tail` at `indent`, in black's lines (joined by newlines)."""
    return "\n".join(_lines(layout, indent, head, tail))


def _flat(layout: Layout) -> str:
    if isinstance(layout, str):
        return layout
    if isinstance(layout, Keyed):
        return f"{layout.key}: {_flat(layout.value)}"
    return layout.open + ", ".join(map(_flat, layout.items)) + ("," if layout.one_tuple else "") + layout.close


def _has_magic_comma(layout: Layout) -> bool:
    if isinstance(layout, str):
        return False
    if isinstance(layout, Keyed):
        return _has_magic_comma(layout.value)
    return layout.magic_comma or any(map(_has_magic_comma, layout.items))


def _lines(layout: Layout, indent: int, head: str, tail: str) -> list[str]:
    if isinstance(layout, Keyed):
        return _lines(layout.value, indent, head + layout.key + ": ", tail)
    margin = " " * indent
    one_line = margin + head + _flat(layout) + tail
    if isinstance(layout, str) or not layout.items:
        return [one_line]
    if len(one_line) <= LINE_LENGTH and not _has_magic_comma(layout):
        return [one_line]
    inner = indent + 4
    lines = [margin + head + layout.open]
    items = layout.items
    if layout.one_tuple or layout.definition:
        lines += [line for item in items for line in _lines(item, inner, "", ",")]
    elif len(items) == 1 and not layout.magic_comma:
        lines += _lines(items[0], inner, "", "")
    elif layout.call and not layout.magic_comma and len(" " * inner + ", ".join(map(_flat, items))) <= LINE_LENGTH:
        if any(map(_has_magic_comma, items)):
            lines += [line for item in items for line in _lines(item, inner, "", ",")]
        else:
            lines.append(" " * inner + ", ".join(map(_flat, items)))
    else:
        lines += [line for item in items for line in _lines(item, inner, "", ",")]
    lines.append(margin + layout.close + tail)
    return lines


def return_line(annotation: str, indent: int) -> str:
    """`) -> annotation:` closing a split `def` at `indent`, as black writes it: one line when it fits,
    else split inside the annotation's last bracket (`Iterator[` ... `]:`), its contents on one line
    when they fit, else one top-level `|` option a line."""
    margin = " " * indent
    line = f"{margin}) -> {annotation}:"
    open_at = annotation.find("[")
    if len(line) <= LINE_LENGTH or open_at == -1 or not annotation.endswith("]"):
        return line
    outer, inner = annotation[: open_at + 1], annotation[open_at + 1 : -1]
    inner_margin = " " * (indent + 4)
    if len(inner_margin + inner) <= LINE_LENGTH:
        body = [inner_margin + inner]
    else:
        options = _top_level_options(inner)
        body = [inner_margin + options[0]] + [f"{inner_margin}| {option}" for option in options[1:]]
    return "\n".join([f"{margin}) -> {outer}", *body, f"{margin}]:"])


def _top_level_options(union: str) -> list[str]:
    """The options of `A | B[C | D] | E` split at the `|` outside brackets."""
    options: list[str] = []
    depth, start = 0, 0
    for index, char in enumerate(union):
        if char in "[(":
            depth += 1
        elif char in "])":
            depth -= 1
        elif char == "|" and depth == 0:
            options.append(union[start:index].strip())
            start = index + 1
    options.append(union[start:].strip())
    return options
