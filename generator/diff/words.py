"""Changed texts shown as the words that differ: `... the param. See [-2023-07-27-]{+2024-02-05+} for ...`.

A description changed in one date reads the same on both sides when each is cut to a fixed
length; the span from the first to the last changed word, with a few words around it, shows what
changed. Insertions and deletions are marked as git's word diff marks them (`{+new+}`, `[-old-]`).
"""

from __future__ import annotations

import difflib

_CONTEXT = 4  # words shown on each side of the changed span
_SPAN = 40  # changed words shown at most on each side; the middle of a longer span is elided
_SHOWN = 80  # characters of a whole text shown when it was added or removed


def word_diff(before: str, after: str) -> str:
    """The changed span of two texts as one quoted line, with context words and `…` where cut."""
    old, new = before.split(), after.split()
    if old == new:
        return "whitespace only"
    blocks = [b for b in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes() if b[0] != "equal"]
    first_old, first_new = blocks[0][1], blocks[0][3]
    last_old, last_new = blocks[-1][2], blocks[-1][4]
    start_old = max(first_old - _CONTEXT, 0)
    end_old = min(last_old + _CONTEXT, len(old))
    pieces = ["…"] if start_old > 0 else []
    pieces += old[start_old:first_old]
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(
        a=old[first_old:last_old], b=new[first_new:last_new], autojunk=False
    ).get_opcodes():
        if tag == "equal":
            pieces += old[first_old + i1 : first_old + i2]
            continue
        if i2 > i1:
            pieces.append("[-" + _elided(old[first_old + i1 : first_old + i2]) + "-]")
        if j2 > j1:
            pieces.append("{+" + _elided(new[first_new + j1 : first_new + j2]) + "+}")
    pieces += old[last_old:end_old]
    if end_old < len(old):
        pieces.append("…")
    return repr(" ".join(pieces))


def quoted_span(text: str) -> str:
    """A whole text on one line, shortened to a readable length."""
    line = " ".join(text.split())
    return repr(line if len(line) <= _SHOWN else line[: _SHOWN - 1] + "…")


def _elided(words: list[str]) -> str:
    if len(words) <= _SPAN:
        return " ".join(words)
    half = _SPAN // 2
    return " ".join(words[:half] + ["…"] + words[-half:])
