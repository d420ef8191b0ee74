"""Stage 1b, overlays: local changes to a published spec that survive regeneration (OpenAPI Overlay 1.0).

An overlay is a list of actions, each a JSONPath (RFC 9535) `target` with an `update` or
`remove: true`. An update is merged into each selected object (objects recursively, arrays
concatenated, primitives replaced) and appended to each selected array (an array update is
concatenated, as Overlay 1.1 spells out). Overlays apply after loading and before validation, so
everything downstream sees one ordinary document.

Which overlays of the `overlays/` folder beside the spec apply, and why, is decided per overlay and
reported by every generation (`OverlayOutcome`): `extends` names the spec an overlay was written
for; the extension field `x-applies-to` (a version `2024-02-05`, a bound `>=2024-02-05`, `<2025-01-01`,
or `*`, alone or in a list; any entry that matches is enough) carries it over to other versions.
Without `x-applies-to` an overlay applies to the spec its `extends` names only. Each `--overlay FILE`
applies too, after the folder's, in the order given.

An action whose target selects nothing is an error, not a no-op, for the spec the overlay was
written for (and for --overlay files): the target is wrong or the spec changed under it
(overlay_targets.py says which name was probably meant), and silently dropping a local fix is
exactly what overlays exist to prevent. For another version reached by `x-applies-to`,
the overlay is left out as a whole and reported (with a warning): it "no longer applies".
When an overlay applies to a later version than it was written for, an `update` that replaces a
text Runa changed since (a description it improved upstream) is a warning naming both texts.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .diagnostics import Diagnostic, GeneratorError, join_pointer, printable
from .load import SpecDocument, load_document
from .overlay_targets import unmatched_target_message
from .versions import SPEC_SUFFIXES, parse_version, version_in_name

OVERLAY_FOLDER = "overlays"
APPLIES_TO = "x-applies-to"
_VERSION = re.compile(r"1\.0\.\d+")
_ACTION_FIELDS = frozenset({"target", "description", "update", "remove"})
_OVERLAY_FIELDS = frozenset({"overlay", "info", "extends", "actions"})
_BOUND = re.compile(r"(>=|<=|>|<|)\s*(\S+)")
_TEXT_SHOWN = 400


@dataclass(frozen=True)
class OverlayOutcome:
    """What became of one overlay for one spec: applied or not, and why (printed by every generation)."""

    path: Path
    applied: bool
    reason: str

    def __str__(self) -> str:
        return f"overlay {self.path}: {'applied' if self.applied else 'not applied'}: {self.reason}"


@dataclass(frozen=True)
class _Candidate:
    path: Path
    document: SpecDocument
    applies: bool
    reason: str
    written_for: Path | None  # the spec file `extends` names, beside the overlay's folder
    own: bool  # written for this very spec: a stale target is an error, never a skip


def overlay_files(spec: Path, explicit: Sequence[Path] = (), version: str | None = None) -> tuple[Path, ...]:
    """The overlays for `spec`: those of `overlays/` beside it that apply to it (sorted), then `explicit`."""
    found = [c.path for c in _folder_overlays(spec, version or version_in_name(spec.name)) if c.applies]
    seen = {p.resolve() for p in found}
    for path in explicit:
        if path.resolve() not in seen:
            seen.add(path.resolve())
            found.append(path)
    return tuple(found)


def apply_spec_overlays(
    document: SpecDocument, version: str | None, explicit: Sequence[Path], warnings: list[Diagnostic]
) -> tuple[SpecDocument, tuple[OverlayOutcome, ...]]:
    """`document` with the overlays that apply to it, and the outcome of every overlay of its folder
    and of `explicit` (each `--overlay`), in the order they were considered."""
    outcomes: list[OverlayOutcome] = []
    chosen: list[tuple[SpecDocument, SpecDocument | None]] = []  # (overlay, the spec it was written for)
    explicit_paths = {p.resolve() for p in explicit}
    data = document.data
    copied = False
    for candidate in _folder_overlays(document.path, version):
        if candidate.path.resolve() in explicit_paths:
            continue
        if not candidate.applies:
            outcomes.append(OverlayOutcome(candidate.path, False, candidate.reason))
            continue
        if not copied:
            data, copied = _unshared_copy(document.data, document), True
        base = None if candidate.own else _written_for(candidate, warnings)
        if candidate.own:
            data = apply_overlay(data, candidate.document)
        else:
            # Tried on a copy: an overlay carried over to a version whose spec lost a target is
            # left out whole (never half applied), reported, and the generation goes on.
            trial = _unshared_copy(data, document)
            found: list[Diagnostic] = []
            try:
                data = apply_overlay(trial, candidate.document, base=base, version=version, warnings=found)
            except GeneratorError as error:
                reason = f"no longer applies to {version}: {error}"
                outcomes.append(OverlayOutcome(candidate.path, False, reason))
                warnings.append(Diagnostic(f"overlay not applied: {reason}"))
                continue
            warnings.extend(found)
        chosen.append((candidate.document, base))
        outcomes.append(OverlayOutcome(candidate.path, True, candidate.reason))
    for path in explicit:
        if not copied:
            data, copied = _unshared_copy(document.data, document), True
        overlay = load_document(path)
        data = apply_overlay(data, overlay)
        chosen.append((overlay, None))
        outcomes.append(OverlayOutcome(path, True, "given with --overlay"))
    if not chosen:
        return document, tuple(outcomes)
    digest = hashlib.sha256(bytes.fromhex(document.sha256))
    for overlay, _ in chosen:
        digest.update(bytes.fromhex(overlay.sha256))
    return replace(document, data=data, sha256=digest.hexdigest()), tuple(outcomes)


def _folder_overlays(spec: Path, version: str | None) -> list[_Candidate]:
    folder = spec.parent / OVERLAY_FOLDER
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(p for p in folder.iterdir() if p.suffix.lower() in SPEC_SUFFIXES and p.is_file()):
        document = load_document(path)
        found.append(_decide(path, document, spec, version))
    return found


def _decide(path: Path, overlay: SpecDocument, spec: Path, version: str | None) -> _Candidate:
    """Whether the overlay at `path` applies to `spec` (API version `version`), and why."""
    extends = extends_name(overlay)
    written_for = (path.parent.parent / extends) if extends else None
    base_version = version_in_name(extends) if extends else None
    own = extends is not None and (extends == spec.name or (base_version is not None and base_version == version))
    rules = applies_to(overlay)
    if own:
        return _Candidate(path, overlay, True, f"it extends this spec ({extends})", written_for, True)
    if rules is None:
        if extends is None:
            reason = "it names no spec (`extends`) and no versions (`x-applies-to`): it applies only given as --overlay"
        elif version is not None and base_version is not None and version < base_version:
            reason = f"it extends {extends}, a later version"
        else:
            carry = f"`{APPLIES_TO}: '>={base_version}'`" if base_version else f"`{APPLIES_TO}`"
            # Both readings offered: nothing here says whether the overlay's facts outlived its version.
            only = f"; `{APPLIES_TO}: '{base_version}'` says it is for that version only" if base_version else ""
            reason = (
                f"it extends {extends} and has no `{APPLIES_TO}`; "
                f"add {carry} to carry it over to {version or 'this spec'} and later versions{only}"
            )
        return _Candidate(path, overlay, False, reason, written_for, False)
    shown = ", ".join(rules)
    since = f" (written for {base_version})" if base_version else ""
    if version is not None and any(_matches(rule, version) for rule in rules):
        return _Candidate(path, overlay, True, f"`{APPLIES_TO}: {shown}` includes {version}{since}", written_for, False)
    return _Candidate(
        path,
        overlay,
        False,
        f"`{APPLIES_TO}: {shown}` excludes {version or 'an undated spec'}{since}",
        written_for,
        False,
    )


def applies_to(overlay: SpecDocument) -> list[str] | None:
    """The overlay's `x-applies-to` entries (checked), or None when it has none."""
    data = overlay.data
    if not isinstance(data, dict) or APPLIES_TO not in data:
        return None
    raw = data[APPLIES_TO]
    rules = [raw] if isinstance(raw, str) else raw
    if not isinstance(rules, list) or not rules or not all(isinstance(r, str) for r in rules):
        raise GeneratorError(
            f"`{APPLIES_TO}` must be a version rule or a list of them ('2024-02-05', '>=2024-02-05', '<2025-01-01', '*')",
            overlay.locate("/" + APPLIES_TO),
        )
    for index, rule in enumerate(rules):
        if rule.strip() == "*":
            continue
        match = _BOUND.fullmatch(rule.strip())
        try:
            parse_version(match.group(2) if match else rule, what=f"`{APPLIES_TO}` entry {rule!r}:")
        except GeneratorError as error:
            pointer = "/" + APPLIES_TO + ("" if isinstance(raw, str) else f"/{index}")
            raise GeneratorError(error.diagnostic.message, overlay.locate(pointer)) from None
    return [r.strip() for r in rules]


def _matches(rule: str, version: str) -> bool:
    if rule == "*":
        return True
    match = _BOUND.fullmatch(rule)
    assert match is not None  # checked by applies_to
    operator, bound = match.groups()
    # ISO dates compare as strings.
    return {
        "": version == bound,
        ">=": version >= bound,
        "<=": version <= bound,
        ">": version > bound,
        "<": version < bound,
    }[operator]


def _written_for(candidate: _Candidate, warnings: list[Diagnostic]) -> SpecDocument | None:
    """The spec the overlay was written for, to compare texts with; a warning when it is gone."""
    if candidate.written_for is None:
        return None
    if not candidate.written_for.is_file():
        warnings.append(
            Diagnostic(
                f"overlay {candidate.path}: the spec it was written for ({candidate.written_for}) is not there, "
                "so texts Runa changed since cannot be told apart from the overlay's own"
            )
        )
        return None
    return load_document(candidate.written_for)


def extends_name(overlay: SpecDocument) -> str | None:
    """The base name of the file an overlay's `extends` names (None when it names none)."""
    data = overlay.data
    extends = data.get("extends") if isinstance(data, dict) else None
    if not isinstance(extends, str) or not extends.strip():
        return None
    path = extends.split("#", 1)[0].split("?", 1)[0].rstrip("/")
    return path.rsplit("/", 1)[-1] or None


def apply_overlays(document: SpecDocument, overlays: Sequence[Path]) -> SpecDocument:
    """The document with each overlay applied in order; unchanged (same object) when there are none.

    The result keeps the spec's path and line index, so messages still point into the spec; its
    sha256 covers the spec and every overlay, so the package's provenance changes with them.
    """
    if not overlays:
        return document
    data = _unshared_copy(document.data, document)
    digest = hashlib.sha256(bytes.fromhex(document.sha256))
    for path in overlays:
        overlay = load_document(path)
        data = apply_overlay(data, overlay)
        digest.update(bytes.fromhex(overlay.sha256))
    return replace(document, data=data, sha256=digest.hexdigest())


def apply_overlay(
    data: Any,
    overlay: SpecDocument,
    *,
    base: SpecDocument | None = None,
    version: str | None = None,
    warnings: list[Diagnostic] | None = None,
) -> Any:
    """Apply one loaded overlay document to `data` (changed in place where possible) and return it.

    With `base` (the spec the overlay was written for), each text an update replaces is compared
    with the text `base` had there; a difference (Runa changed it since) is a warning in `warnings`."""
    # Imported here: a spec without overlays (most runs) does not pay its ~0.1 s import.
    import jsonpath_rfc9535
    from jsonpath_rfc9535.exceptions import JSONPathError

    actions = _check_overlay(overlay)
    for index, action in enumerate(actions):
        pointer = join_pointer("/actions", index)
        target = action["target"]
        try:
            nodes = jsonpath_rfc9535.find(target, data)
        except JSONPathError as exc:
            raise GeneratorError(
                f"overlay action {index}: invalid JSONPath {target!r}: {exc}",
                overlay.locate(join_pointer(pointer, "target")),
            ) from None
        if not nodes:
            raise GeneratorError(
                f"overlay action {index}: {unmatched_target_message(target, data)}",
                overlay.locate(join_pointer(pointer, "target")),
            )
        locations = [tuple(node.location) for node in nodes]
        if action.get("remove") is True:
            data = _remove(data, locations, overlay, pointer, index)
        else:
            if base is not None and warnings is not None:
                for location in locations:
                    warnings.extend(
                        _changed_texts(
                            data,
                            base,
                            location,
                            action["update"],
                            overlay,
                            join_pointer(pointer, "update"),
                            index,
                            version,
                        )
                    )
            for location in locations:
                data = _update(data, location, action["update"], overlay, pointer, index)
    return data


def _changed_texts(
    data: Any,
    base: SpecDocument,
    location: tuple[str | int, ...],
    update: Any,
    overlay: SpecDocument,
    pointer: str,
    index: int,
    version: str | None,
) -> Iterator[Diagnostic]:
    """A warning for each text `update` replaces at `location` that differs from the written-for spec's."""
    if not isinstance(update, dict):
        return
    current = _value_or_none(data, location)
    if not isinstance(current, dict):
        return
    was_for = version_in_name(base.path.name) or base.path.name
    for key, value in update.items():
        now = current.get(key)
        if isinstance(value, dict) and isinstance(now, dict):
            yield from _changed_texts(
                data, base, (*location, key), value, overlay, join_pointer(pointer, key), index, version
            )
            continue
        if not (isinstance(value, str) and isinstance(now, str)) or now == value:
            continue
        before = _value_or_none(base.data, (*location, key))
        if before == now:
            continue
        said = f"said {_shown(before)}" if isinstance(before, str) else "had no text there"
        yield Diagnostic(
            f"overlay action {index} replaces a text Runa changed since {was_for}: at {_normalized((*location, key))} "
            f"{was_for} {said}, {version or 'this spec'} says {_shown(now)}; the overlay writes {_shown(value)}. "
            f"Keep the action only if it still improves on Runa's text (or narrow `{APPLIES_TO}`)",
            overlay.locate(join_pointer(pointer, key)),
        )


def _value_or_none(data: Any, location: tuple[str | int, ...]) -> Any:
    value = data
    for token in location:
        if isinstance(value, dict) and token in value:
            value = value[token]
        elif isinstance(value, list) and isinstance(token, int) and 0 <= token < len(value):
            value = value[token]
        else:
            return None
    return value


def _shown(text: str) -> str:
    one_line = printable(" ".join(text.split()))
    return repr(one_line if len(one_line) <= _TEXT_SHOWN else one_line[: _TEXT_SHOWN - 3] + "...")


def _check_overlay(overlay: SpecDocument) -> list[dict[str, Any]]:
    data = overlay.data
    if not isinstance(data, dict):
        raise GeneratorError("not an overlay: the top level is not a mapping", overlay.locate(""))
    version = data.get("overlay")
    if not isinstance(version, str) or not _VERSION.fullmatch(version):
        raise GeneratorError(
            f"not an OpenAPI Overlay 1.0 document: `overlay` is {version!r}, expected 1.0.x", overlay.locate("/overlay")
        )
    unknown = sorted(k for k in data if isinstance(k, str) and k not in _OVERLAY_FIELDS and not k.startswith("x-"))
    if unknown:
        raise GeneratorError(f"unknown overlay field {unknown[0]!r}", overlay.locate("/" + unknown[0]))
    info = data.get("info")
    if not isinstance(info, dict) or not isinstance(info.get("title"), str) or not isinstance(info.get("version"), str):
        raise GeneratorError("an overlay needs `info` with a string `title` and `version`", overlay.locate("/info"))
    actions = data.get("actions")
    if not isinstance(actions, list) or not actions:
        raise GeneratorError("an overlay needs a non-empty list of `actions`", overlay.locate("/actions"))
    for index, action in enumerate(actions):
        pointer = join_pointer("/actions", index)
        if not isinstance(action, dict):
            raise GeneratorError(f"overlay action {index} is not a mapping", overlay.locate(pointer))
        unknown = sorted(k for k in action if isinstance(k, str) and k not in _ACTION_FIELDS and not k.startswith("x-"))
        if unknown:
            raise GeneratorError(
                f"overlay action {index}: unknown field {unknown[0]!r}",
                overlay.locate(join_pointer(pointer, unknown[0])),
            )
        if not isinstance(action.get("target"), str) or not action["target"].startswith("$"):
            raise GeneratorError(
                f"overlay action {index}: `target` must be a JSONPath starting with $", overlay.locate(pointer)
            )
        if "remove" in action and not isinstance(action["remove"], bool):
            raise GeneratorError(
                f"overlay action {index}: `remove` must be true or false",
                overlay.locate(join_pointer(pointer, "remove")),
            )
        if action.get("remove") is not True and "update" not in action:
            raise GeneratorError(
                f"overlay action {index} has neither `update` nor `remove: true`", overlay.locate(pointer)
            )
    return actions


def _update(
    data: Any, location: tuple[str | int, ...], update: Any, overlay: SpecDocument, pointer: str, index: int
) -> Any:
    target = _value_at(data, location)
    where = _normalized(location)
    if isinstance(target, dict):
        if not isinstance(update, dict):
            raise GeneratorError(
                f"overlay action {index}: {where} is an object, so `update` must be an object",
                overlay.locate(join_pointer(pointer, "update")),
            )
        _merge(target, update, overlay, join_pointer(pointer, "update"), index, where)
    elif isinstance(target, list):
        target.extend(
            _unshared_copy(update, overlay) if isinstance(update, list) else [_unshared_copy(update, overlay)]
        )
    else:
        raise GeneratorError(
            f"overlay action {index}: {where} is a {type(target).__name__}, not an object or array; "
            "target its parent object and update the property there",
            overlay.locate(join_pointer(pointer, "target")),
        )
    return data


def _merge(
    target: dict[Any, Any], update: dict[Any, Any], overlay: SpecDocument, pointer: str, index: int, where: str
) -> None:
    """Overlay merge: objects recursively, arrays concatenated, primitives replaced."""
    for key, value in update.items():
        current = target.get(key)
        if key not in target or (_is_primitive(current) and _is_primitive(value)):
            target[key] = _unshared_copy(value, overlay)
        elif isinstance(current, dict) and isinstance(value, dict):
            _merge(current, value, overlay, join_pointer(pointer, key), index, f"{where}[{key!r}]")
        elif isinstance(current, list) and isinstance(value, list):
            current.extend(_unshared_copy(value, overlay))
        else:
            raise GeneratorError(
                f"overlay action {index}: cannot merge a {type(value).__name__} into the {type(current).__name__} at {where}[{key!r}]",
                overlay.locate(join_pointer(pointer, key)),
            )


def _remove(data: Any, locations: list[tuple[str | int, ...]], overlay: SpecDocument, pointer: str, index: int) -> Any:
    if any(not location for location in locations):
        raise GeneratorError(
            f"overlay action {index}: cannot remove the whole document ($)",
            overlay.locate(join_pointer(pointer, "target")),
        )
    # Remove array items from the highest index down so earlier removals do not shift later ones.
    for location in sorted(
        locations, key=lambda loc: (len(loc), loc[-1] if isinstance(loc[-1], int) else -1), reverse=True
    ):
        parent = _value_at(data, location[:-1])
        key = location[-1]
        if isinstance(parent, list) and isinstance(key, int) and key < len(parent):
            del parent[key]
        elif isinstance(parent, dict) and key in parent:
            del parent[key]
    return data


def _value_at(data: Any, location: tuple[str | int, ...]) -> Any:
    value = data
    for token in location:
        value = value[token]
    return value


def _normalized(location: tuple[str | int, ...]) -> str:
    return "$" + "".join(f"[{token}]" if isinstance(token, int) else f"[{token!r}]" for token in location)


def _is_primitive(value: Any) -> bool:
    return not isinstance(value, (dict, list))


def _unshared_copy(value: Any, source: SpecDocument) -> Any:
    """A deep copy in which no two places share an object (YAML anchors do), so an update lands once."""
    try:
        if isinstance(value, dict):
            return {key: _unshared_copy(item, source) for key, item in value.items()}
        if isinstance(value, list):
            return [_unshared_copy(item, source) for item in value]
        return value
    except RecursionError:
        raise GeneratorError("the document is nested too deeply to apply overlays", source.locate("")) from None
