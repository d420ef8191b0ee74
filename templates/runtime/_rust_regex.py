"""The spec patterns that pydantic's Rust regex engine reads exactly as Python's `re` does.

A pattern checked with `regex_engine="python-re"` costs a call into Python's `re` per string; the
Rust engine checks it without one. The two engines differ on much (Unicode classes, `$`, flags,
lookarounds, back references), so only a small grammar is translated, whose meaning is the same in
both: ASCII literals, classes of ASCII ranges and characters, `{m}`, `{m,n}`, `+`, `*`, `?`, an
anchor `^` first and `\\Z` last (`(?a)`, the generator's ASCII flag, changes nothing there). Such a
pattern matches ASCII only, and a string the Rust engine cannot read (a lone surrogate) is refused
by both engines alike before any match. Every other pattern keeps Python's `re`
(`tests/runtime/test_page_items.py` compares both engines).
"""

from __future__ import annotations

import re

_LITERAL = r"[A-Za-z0-9_#@%:,'\"/ =<>!-]|\\[.\-+*?(){}\[\]^$|#]"
_CLASS_ITEM = r"[0-9]-[0-9]|[A-Z]-[A-Z]|[a-z]-[a-z]|[A-Za-z0-9_#@.:,/ ]|\\[.\-\]\[^\\]"
_ATOM = rf"(?:{_LITERAL}|\[(?:{_CLASS_ITEM})+\])"
_QUANTIFIER = r"(?:\{[0-9]+(?:,[0-9]+)?\}|[+*?])?"
_TRANSLATED = re.compile(
    rf"(?:\(\?a\))?(?P<start>\^)?(?P<body>(?:{_ATOM}{_QUANTIFIER})*)(?P<end>\\Z)?"
)


def rust_pattern(pattern: str) -> str | None:
    """`pattern` (a spec pattern as the generator spells it for Python's `re`) spelled for the
    Rust engine, searched alike; None when it is outside the translated grammar."""
    match = _TRANSLATED.fullmatch(pattern)
    if match is None:
        return None
    for low, high in re.findall(r"\{([0-9]+)(?:,([0-9]+))?\}", match["body"]):
        if int(low) > int(high or low) or int(high or low) > 1000:
            return None  # (an error in Python's `re`, or beyond the Rust engine's size limit)
    start = "^" if match["start"] else ""
    end = "\\z" if match["end"] else ""
    return start + match["body"] + end


RUST_NUMERAL = r"^-?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?\z"
"""`_wire_types._DECIMAL_TEXT`, matched from the start, spelled for the Rust engine."""
