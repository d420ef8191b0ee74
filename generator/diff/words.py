"""Changed texts shown as the words that differ: `... the param. See [-2023-07-27-]{+2024-02-05+} for ...`.

A description changed in one date reads the same on both sides when each is cut to a fixed
length; the span from the first to the last changed word, with a few words around it, shows what
changed. Insertions and deletions are marked as git's word diff marks them (`{+new+}`, `[-old-]`).
"""

from __future__ import annotations

import difflib
import os

_CONTEXT = 4  # words shown on each side of the changed span
_SPAN = 40  # changed words shown at most on each side; the middle of a longer span is elided
_SHOWN = 80  # characters of a whole text shown when it was added or removed
_SHARED = 4  # characters two versions of a word must share to be shown as one word changed


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
        if i2 - i1 == 1 and j2 - j1 == 1:  # one word for another: mark the characters that differ
            pieces.append(_word_change(old[first_old + i1], new[first_new + j1]))
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


def _word_change(before: str, after: str) -> str:
    """`docs/[-2023-07-27-]{+2024-02-05+}/x`: a URL whose date changed shows the date, not two URLs."""
    head = _shared_start(before, after)
    tail = _shared_start(before[head:][::-1], after[head:][::-1])
    if head + tail < _SHARED:
        return f"[-{before}-] {{+{after}+}}"
    middle_old, middle_new = before[head : len(before) - tail], after[head : len(after) - tail]
    marked = (f"[-{middle_old}-]" if middle_old else "") + (f"{{+{middle_new}+}}" if middle_new else "")
    return before[:head] + marked + before[len(before) - tail :]


def _shared_start(before: str, after: str) -> int:
    """How many leading characters two words share, cut back to where a run of letters and digits
    ends in both (`2023-07-27` and `2024-02-05` share `202`, shown as sharing nothing)."""
    shared = len(os.path.commonprefix([before, after]))
    while shared > 0 and not (_boundary(before, shared) and _boundary(after, shared)):
        shared -= 1
    return shared


def _boundary(word: str, index: int) -> bool:
    return index in (0, len(word)) or not (word[index - 1].isalnum() and word[index].isalnum())


def _elided(words: list[str]) -> str:
    if len(words) <= _SPAN:
        return " ".join(words)
    half = _SPAN // 2
    return " ".join(words[:half] + ["…"] + words[-half:])
