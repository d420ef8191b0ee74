"""Where a YAML syntax error is: the line a person should look at, and the JSON pointer around it.

PyYAML marks two places. For a scanner error the `context_mark` is where the token it could not
finish began (a key missing its `:`, a quote never closed) and the `problem_mark` where it gave
up, often the next line or the end of the file; so the context is the line to show. For a parser
error the `context_mark` is where the enclosing block began, possibly hundreds of lines above,
and the `problem_mark` the token that does not fit there: the problem is the line to show.

The pointer comes from replaying the parser's events up to the error (only when there is one),
which knows which key or item was open when the text stopped making sense.
"""

from __future__ import annotations

from typing import Any

import yaml

from .diagnostics import join_pointer


def yaml_error_line(error: yaml.MarkedYAMLError) -> int | None:
    """The 1-based line of the problem, as explained above."""
    scanning = isinstance(error, yaml.scanner.ScannerError) and error.context_mark is not None
    mark = (error.context_mark if scanning else error.problem_mark) or error.problem_mark or error.context_mark
    return None if mark is None else int(mark.line) + 1


def yaml_error_message(error: yaml.MarkedYAMLError) -> str:
    """The problem in words, with PyYAML's context ("while scanning a simple key") and its other line."""
    problem = " ".join(str(error.problem or "syntax error").split())
    if not error.context:
        return problem
    shown = yaml_error_line(error)
    others = [m.line + 1 for m in (error.context_mark, error.problem_mark) if m is not None]
    other = next((line for line in others if line != shown), None)
    context = " ".join(str(error.context).split())
    if other is None:
        return f"{problem} ({context})"
    where = "that begins" if isinstance(error, yaml.parser.ParserError) else "noticed"
    return f"{problem} ({context} {where} at line {other})"


def yaml_error_pointer(text: str, loader: Any) -> str:
    """The JSON pointer of the key or item being read when parsing `text` fails ("" if at the root)."""
    # One frame per open mapping or sequence: a mapping's pending key (None while a key is expected),
    # a sequence's current index.
    frames: list[tuple[str, str | int | None]] = []

    def value_done() -> None:
        if frames:
            kind, token = frames[-1]
            frames[-1] = ("map", None) if kind == "map" else ("seq", int(token or 0) + 1)

    def pointer() -> str:
        return join_pointer("", *(token for _, token in frames if token is not None))

    try:
        for event in yaml.parse(text, Loader=loader):
            expecting_key = bool(frames) and frames[-1] == ("map", None)
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                if expecting_key:  # a complex key: the pointer cannot name it, so it names the mapping
                    frames[-1] = ("map", "?")
                frames.append(("map", None) if isinstance(event, yaml.MappingStartEvent) else ("seq", 0))
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                frames.pop()
                value_done()
            elif isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent)):
                if expecting_key:
                    frames[-1] = ("map", str(getattr(event, "value", "*")))
                else:
                    value_done()
    except yaml.YAMLError:
        return pointer()
    return ""
