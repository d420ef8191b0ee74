"""Why an overlay action's target matches nothing, and the target that was probably meant.

A target that selects nothing is either a slip in the overlay (a schema name with the wrong case,
a typo) or a spec that changed under it; the generator cannot tell which, so it says both, and
when the spec holds a name close to the one the target missed it names the corrected target:
the deepest part of the target that still selects something shows which keys were there to pick.
"""

from __future__ import annotations

import difflib
from typing import Any

# difflib's ratio above which a key is offered as the one meant: a slip of a letter or two in a schema name.
_CLOSE_ENOUGH = 0.8


def unmatched_target_message(target: str, data: Any) -> str:
    """The explanation for an action whose (valid) JSONPath `target` selects nothing in `data`."""
    message = (
        f"target {target!r} matches nothing in the spec: either the target is wrong, or the spec changed "
        "under this overlay; correct, update or delete the action"
    )
    meant = _meant_target(target, data)
    return message if meant is None else f"{message} (did you mean {meant!r}?)"


def _meant_target(target: str, data: Any) -> str | None:
    """`target` with the first name it misses replaced by the closest key there, if that selects something."""
    import jsonpath_rfc9535
    from jsonpath_rfc9535.query import JSONPathQuery
    from jsonpath_rfc9535.selectors import NameSelector

    query = jsonpath_rfc9535.compile(target)
    segments = query.segments
    for depth in range(len(segments) - 1, -1, -1):
        values = [node.value for node in JSONPathQuery(env=query.env, segments=segments[:depth]).find(data)]
        if not values:
            continue
        selectors = segments[depth].selectors
        if len(selectors) != 1 or not isinstance(selectors[0], NameSelector):
            return None  # the first part that selects nothing is no plain name: nothing to correct
        missed = selectors[0].name
        keys = sorted({key for value in values if isinstance(value, dict) for key in value})
        for key in _close_keys(missed, keys):
            meant = _replaced(target, missed, key, data)
            if meant is not None:
                return meant
        return None
    return None


def _close_keys(missed: str, keys: list[str]) -> list[str]:
    """Keys equal to `missed` but for case first, then the closest by spelling."""
    same_but_case = [key for key in keys if key.casefold() == missed.casefold()]
    return same_but_case + difflib.get_close_matches(missed, keys, n=3, cutoff=_CLOSE_ENOUGH)


def _replaced(target: str, missed: str, key: str, data: Any) -> str | None:
    """`target` with one occurrence of `missed` spelled `key`, the first that selects something."""
    import jsonpath_rfc9535
    from jsonpath_rfc9535.exceptions import JSONPathError

    start = target.find(missed)
    while start >= 0:
        candidate = target[:start] + key + target[start + len(missed) :]
        try:
            if jsonpath_rfc9535.find(candidate, data):
                return candidate
        except JSONPathError:
            pass  # the key needs quoting where the name stood bare: not offered
        start = target.find(missed, start + 1)
    return None
