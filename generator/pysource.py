"""Python source text for values that come from the spec: literals, docstrings, annotations.

Spec text reaches generated code only through these functions: as a `repr` literal (always a
valid, exactly round-tripping literal; in the quotes black would choose), as an escaped docstring, or as an identifier made by
`naming`. Nothing else from the spec is ever pasted into code.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

from . import ir


def literal(value: Any) -> str:
    """A Python expression equal to a JSON value (str, number, bool, None, list, dict)."""
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, str):
        return string_literal(value)
    if isinstance(value, int):
        return repr(value)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return f"float({string_literal(str(value))})"
        return repr(value)
    if isinstance(value, Decimal):
        return f"Decimal({string_literal(str(value))})"
    if isinstance(value, list):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{literal(str(k))}: {literal(v)}" for k, v in value.items()) + "}"
    return string_literal(str(value))


def string_literal(text: str) -> str:
    """`repr(text)` in the quotes black would choose: double quotes unless they need more escapes.

    black rewrites the literal so anyway; emitting its choice keeps the piece unchanged by black's
    first pass, which then skips its second (format.py): formatting takes half the time."""
    written = repr(text)
    if written[0] == '"':
        return written  # repr chose double quotes itself: the text has a ' and no "
    if "'" not in text:
        return written if '"' in text else f'"{written[1:-1]}"'
    # Both quotes in the text: repr escaped each '; black takes double quotes when that escapes no more.
    if text.count('"') > text.count("'"):
        return written
    return '"' + written[1:-1].replace("\\'", "'").replace('"', '\\"') + '"'


def docstring(text: str | None, indent: str = "") -> str:
    """A triple-quoted docstring whose value is `text` exactly, safe whatever the text holds."""
    if not text:
        return ""
    escaped = []
    for char in text:
        if char == "\\":
            escaped.append("\\\\")
        elif char == '"':
            escaped.append('\\"')
        elif char == "\n":
            escaped.append("\n")
        elif char == "\t":
            escaped.append("    ")
        elif not char.isprintable() or char in "\u2028\u2029\x85":
            code = ord(char)
            escaped.append(
                f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"
            )
        else:
            escaped.append(char)
    body = "".join(escaped).replace("\n", "\n" + indent)
    if "\n" in body:
        # Trailing blank lines and indentation-only lines would be rewritten by black: keep them tidy.
        lines = [line.rstrip() for line in body.split("\n")]
        body = "\n".join(lines) + "\n" + indent
    return f'"""{body}"""'


def comment_line(text: str | None) -> str:
    """A single-line comment: control characters and newlines become spaces."""
    if not text:
        return ""
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())


def plain_annotation(node: ir.TypeNode, prefix: str = "models.") -> str:
    """An annotation for signatures outside `models`: definitions prefixed, constraints left to the models."""
    if isinstance(node, ir.Primitive):
        return {"None": "None", "Any": "Any"}.get(node.name, node.name)
    if isinstance(node, ir.ListOf):
        return f"list[{plain_annotation(node.item, prefix)}]"
    if isinstance(node, ir.TupleOf):
        return "list[Any]"
    if isinstance(node, ir.MapOf):
        return f"dict[str, {plain_annotation(node.value, prefix)}]"
    if isinstance(node, ir.LiteralOf):
        return f"Literal[{', '.join(literal(v) for v in node.values)}]"
    if isinstance(node, ir.ModelRef):
        return prefix + node.name
    if isinstance(node, ir.EnumMemberRef):
        return f"Literal[{prefix}{node.enum_name}.{node.member_name}, {literal(node.value)}]"
    if isinstance(node, ir.Nullable):
        inner = plain_annotation(node.inner, prefix)
        return inner if inner in ("None", "Any") else f"{inner} | None"
    if isinstance(node, ir.UnionOf):
        options = [plain_annotation(o, prefix) for o in node.options]
        return " | ".join(dict.fromkeys(options + ([prefix + node.unknown] if node.unknown else [])))
    raise TypeError(f"unknown IR type node {node!r}")


HELPER_MODULES = {"Field": "pydantic", "Tag": "pydantic", "ExactValues": "_exact"}
"""The module of each runtime helper an annotation may name that is not in `_base_model`."""


def _helper(name: str, qualified: bool) -> str:
    """A runtime helper of an annotation, through its module when `qualified` (pydantic's `Field` and
    `Tag`, `_exact.ExactValues`, the rest from the package's `_base_model`)."""
    if not qualified:
        return name
    return HELPER_MODULES.get(name, "_base_model") + "." + name


def annotation(node: ir.TypeNode, decimal: str = "Decimal", prefix: str = "", qualified: bool = False) -> str:
    """The Python annotation of an IR type, constraints included: for a generated module where every
    definition is in scope, or, with `prefix` ("models."), one that reaches them through it.

    `decimal` is the base of money fields: "Decimal", or "DecimalInput" in a model only ever sent
    (type checkers then accept an `int` too; the value is a `Decimal` either way).

    `qualified`: the runtime's helpers named through their modules (`_base_model.Pattern`,
    `pydantic.Field`), for `_client.py`, which imports neither with the package."""
    if isinstance(node, ir.Primitive) and node.name == "Decimal":
        return _decimal(node, decimal, qualified)
    if isinstance(node, ir.Primitive):
        base = {"None": "None", "Any": "Any"}.get(node.name, node.name)
        base = _helper(base, qualified) if base == "Duration" else base
        return _constrained(base, node.constraints, qualified)
    if isinstance(node, ir.ListOf):
        inner = annotation(node.item, decimal, prefix, qualified)
        return _constrained(f"list[{inner}]", node.constraints, qualified)
    if isinstance(node, ir.TupleOf):
        items = [annotation(i, decimal, prefix, qualified) for i in node.items]
        if node.rest is not None:
            return f"list[{' | '.join(dict.fromkeys(items + [annotation(node.rest, decimal, prefix, qualified)]))}]"
        return f"tuple[{', '.join(items)}]"
    if isinstance(node, ir.MapOf):
        return _constrained(
            f"dict[str, {annotation(node.value, decimal, prefix, qualified)}]", node.constraints, qualified
        )
    if isinstance(node, ir.LiteralOf):
        values = ", ".join(literal(v) for v in node.values)
        if _mixes_equal_kinds(node.values):
            return f"Annotated[Literal[{values}], {_helper('ExactValues', qualified)}({values})]"
        return f"Literal[{values}]"
    if isinstance(node, ir.ModelRef):
        return prefix + node.name
    if isinstance(node, ir.EnumMemberRef):
        # The member or its plain value: `type="ACCOUNT_BALANCE"` type-checks like the member does.
        return f"Literal[{prefix}{node.enum_name}.{node.member_name}, {literal(node.value)}]"
    if isinstance(node, ir.Nullable):
        inner = annotation(node.inner, decimal, prefix, qualified)
        return inner if inner in ("None", "Any") else f"{inner} | None"
    if isinstance(node, ir.UnionOf) and node.open_enum:
        # An open enum or a value it does not list yet: `_open_enum.UnknownEnumValue` takes only
        # values that are no member, so the smart union never has two branches to choose from.
        return " | ".join(
            [annotation(o, decimal, prefix, qualified) for o in node.options] + [prefix + str(node.unknown)]
        )
    if isinstance(node, ir.UnionOf):
        # The `Unknown...` member is a declared option (mypy sees it); `LenientUnion` and
        # `discriminator` give it the values that fit no other option, on responses only.
        unknown = [prefix + node.unknown] if node.unknown else []
        if node.discriminator is None:
            # pydantic's smart union, made lenient on responses by `LenientUnion` (see _base_model).
            options = list(dict.fromkeys(annotation(o, decimal, prefix, qualified) for o in node.options)) + unknown
            return (
                f"Annotated[{' | '.join(options)}, {_helper('LenientUnion', qualified)}]"
                if len(options) > 1
                else options[0]
            )
        branches = ", ".join(
            [
                f"Annotated[{annotation(o, decimal, prefix, qualified)}, {_helper('Tag', qualified)}({literal(annotation(o, decimal))})]"
                for o in node.options
            ]
            + unknown
        )
        mapping = (
            "{" + ", ".join(f"{literal(value)}: {literal(name)}" for value, name in node.discriminator.mapping) + "}"
        )
        return f"Annotated[Union[{branches}], {_helper('discriminator', qualified)}({literal(node.discriminator.property_name)}, {mapping})]"
    raise TypeError(f"unknown IR type node {node!r}")


def _mixes_equal_kinds(values: tuple[object, ...]) -> bool:
    """Whether booleans and numbers are mixed (Python takes `1.0` and `1` for `True`; JSON does not)."""
    kinds = {"bool" if isinstance(v, bool) else "number" for v in values if isinstance(v, (bool, int, float))}
    return len(kinds) > 1


def _decimal(node: ir.Primitive, base: str, qualified: bool = False) -> str:
    """Money: exact bounds, and its JSON type and pattern for `DecimalOnWire` (the pattern is checked
    on the decimal's text, a length is not a constraint of a number)."""
    constraints = node.constraints
    arguments = []
    for name in ("ge", "gt", "le", "lt", "multiple_of"):
        value = getattr(constraints, name)
        if value is not None:
            arguments.append(f"{name}={literal(Decimal(repr(value)) if isinstance(value, float) else value)}")
    wire = f"number={node.number_on_wire}" + (", whole=True" if node.whole else "")
    if constraints.pattern is not None:
        wire += f", pattern={literal(python_pattern(constraints.pattern))}, pattern_as_written={literal(constraints.pattern)}"
    parts = ([f"{_helper('Field', qualified)}({', '.join(arguments)})"] if arguments else []) + [
        f"{_helper('DecimalOnWire', qualified)}({wire})"
    ]
    return f"Annotated[{base}, {', '.join(parts)}]"


def _constrained(base: str, constraints: ir.Constraints, qualified: bool = False) -> str:
    if constraints.is_empty():
        return base
    arguments = []
    for name in ("min_length", "max_length", "ge", "gt", "le", "lt", "multiple_of"):
        value = getattr(constraints, name)
        if value is not None:
            arguments.append(f"{name}={literal(value)}")
    if constraints.min_items is not None:
        arguments.append(f"min_length={constraints.min_items}")
    if constraints.max_items is not None:
        arguments.append(f"max_length={constraints.max_items}")
    if constraints.min_properties is not None:
        arguments.append(f"min_length={constraints.min_properties}")
    if constraints.max_properties is not None:
        arguments.append(f"max_length={constraints.max_properties}")
    extra = []
    if constraints.pattern is not None:
        pattern = constraints.pattern  # checked as Python spells it, shown as the spec writes it
        extra.append(f"{_helper('Pattern', qualified)}({literal(python_pattern(pattern))}, {literal(pattern)})")
    if constraints.unique_items:
        extra.append(_helper("UniqueItems", qualified))
    if constraints.email:
        extra.append(_helper("EmailFormat", qualified))
    names_pattern = constraints.property_names_pattern
    names = {
        "pattern": python_pattern(names_pattern) if names_pattern is not None else None,
        "pattern_as_written": names_pattern,
        "min_length": constraints.property_names_min_length,
        "max_length": constraints.property_names_max_length,
    }
    if any(value is not None for value in names.values()):
        extra.append(
            f"{_helper('PropertyNames', qualified)}({', '.join(f'{key}={literal(value)}' for key, value in names.items() if value is not None)})"
        )
    parts = ([f"{_helper('Field', qualified)}({', '.join(arguments)})"] if arguments else []) + extra
    if not parts:
        return base
    return f"Annotated[{base}, {', '.join(parts)}]"


def python_pattern(pattern: str) -> str:
    """A JSON Schema `pattern` (an ECMA-262 regular expression, matched anywhere in the string) as a
    Python `re` pattern with the same meaning: `$` is the end of the text (Python's `$` also matches
    before a final newline), `\\d`, `\\w` and `\\b` are ASCII (flag `(?a)`), and named groups and their
    back references take Python's spelling. Runtime's `Pattern` searches with it."""
    out = ["(?a)"]
    index, in_class = 0, False
    while index < len(pattern):
        char = pattern[index]
        if char == "\\" and index + 1 < len(pattern):
            if not in_class and pattern.startswith("k<", index + 1) and (end := pattern.find(">", index + 3)) != -1:
                out.append(f"(?P={pattern[index + 3:end]})")
                index = end + 1
                continue
            out.append(pattern[index : index + 2])
            index += 2
            continue
        if in_class:
            in_class = char != "]"
            out.append("\\[" if char == "[" else char)  # a `[` in a class is literal in ECMA-262
        elif pattern.startswith(("[]", "[^]"), index):  # ECMA-262: the empty class, and any character
            out.append("(?!)" if pattern.startswith("[]", index) else "[\\s\\S]")
            index += 2 if pattern.startswith("[]", index) else 3
            continue
        elif char == "[":
            in_class = True
            out.append(char)
        elif char == "$":
            out.append("\\Z")
        elif pattern.startswith("(?<", index) and not pattern.startswith(("(?<=", "(?<!"), index):
            out.append("(?P<")
            index += 3
            continue
        else:
            out.append(char)
        index += 1
    return "".join(out)


def uses(node: ir.TypeNode) -> set[str]:
    """Definition names an annotation mentions (for ordering aliases)."""
    if isinstance(node, ir.ModelRef):
        return {node.name}
    if isinstance(node, ir.EnumMemberRef):
        return {node.enum_name}
    children: list[ir.TypeNode] = []
    if isinstance(node, (ir.ListOf,)):
        children = [node.item]
    elif isinstance(node, ir.TupleOf):
        children = list(node.items) + ([node.rest] if node.rest else [])
    elif isinstance(node, ir.MapOf):
        children = [node.value]
    elif isinstance(node, ir.Nullable):
        children = [node.inner]
    elif isinstance(node, ir.UnionOf):
        children = list(node.options)
    found: set[str] = set()
    if isinstance(node, ir.UnionOf) and node.open_enum and node.unknown:
        found.add(node.unknown)  # an open enum's `Unknown...` class, defined with its enum
    for child in children:
        found |= uses(child)
    return found
