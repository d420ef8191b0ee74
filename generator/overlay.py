"""Stage 1b, overlays: local changes to a published spec that survive regeneration (OpenAPI Overlay 1.0).

An overlay is a list of actions, each a JSONPath (RFC 9535) `target` with an `update` or
`remove: true`. An update is merged into each selected object (objects recursively, arrays
concatenated, primitives replaced) and appended to each selected array (an array update is
concatenated, as Overlay 1.1 spells out). Overlays apply after loading and before validation, so
everything downstream sees one ordinary document.

An action whose target selects nothing is an error, not a no-op: the upstream spec changed under
it, and silently dropping a local fix is exactly what overlays exist to prevent.

Which overlays apply: every `overlays/*.yaml` beside the spec whose `extends` names the spec file
(by base name), in sorted order, then each `--overlay FILE` in the order given.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from .diagnostics import GeneratorError, join_pointer
from .load import SpecDocument, load_document

OVERLAY_FOLDER = "overlays"
_VERSION = re.compile(r"1\.0\.\d+")
_ACTION_FIELDS = frozenset({"target", "description", "update", "remove"})
_OVERLAY_FIELDS = frozenset({"overlay", "info", "extends", "actions"})


def overlay_files(spec: Path, explicit: Sequence[Path] = ()) -> tuple[Path, ...]:
    """The overlays for `spec`: `overlays/*.yaml` beside it that extend it (sorted), then `explicit`."""
    found: list[Path] = []
    folder = spec.parent / OVERLAY_FOLDER
    if folder.is_dir():
        for path in sorted(
            p for p in folder.iterdir() if p.suffix.lower() in (".yaml", ".yml", ".json") and p.is_file()
        ):
            if extends_name(load_document(path)) == spec.name:
                found.append(path)
    seen = {p.resolve() for p in found}
    for path in explicit:
        if path.resolve() not in seen:
            seen.add(path.resolve())
            found.append(path)
    return tuple(found)


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


def apply_overlay(data: Any, overlay: SpecDocument) -> Any:
    """Apply one loaded overlay document to `data` (changed in place where possible) and return it."""
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
                f"overlay action {index}: target {target!r} matches nothing in the spec; "
                "the upstream spec changed under this overlay: update or delete the action",
                overlay.locate(join_pointer(pointer, "target")),
            )
        locations = [tuple(node.location) for node in nodes]
        if action.get("remove") is True:
            data = _remove(data, locations, overlay, pointer, index)
        else:
            for location in locations:
                data = _update(data, location, action["update"], overlay, pointer, index)
    return data


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
