"""What made a package, carried inside it: `_generated_from.json`.

A vendored copy has to be checkable where it lives, by someone who has the generator installed
and nothing else: not the generator's repository, not the folder the package was generated from.
So each package carries its inputs as they were given (the spec and the files its `$ref`s read,
the overlays applied, the options), each with its sha256, and the arguments that shaped it; never
a path of the machine it was made on. `python -m generator check PACKAGE_DIR` (check.py) lays
these files out again in a temporary folder and generates from them.

The file is part of the package like any other, so `--check` compares it too: a spec edited
since, an overlay added, another generator version all show as a difference.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any, get_args

from . import __version__, ir
from .diagnostics import GeneratorError, Location

MANIFEST_FILE = "_generated_from.json"
_FORMAT = 1  # the manifest's layout; a later generator reading an older one knows what it holds


def record(
    *,
    spec: Path,
    documents: Iterable[Path],
    folder_overlays: Iterable[Path],
    explicit_overlays: Iterable[Path],
    options: Path | None,
    package_name: str,
    import_name: str,
    api_version: str | None,
    strict: bool,
    allow_external_refs: bool,
) -> ir.Provenance:
    """The provenance of a package made from these files (read again here, bytes as given)."""
    folder = spec.resolve().parent
    sources = [_source("spec", spec, spec.name)]
    sources += [
        _source("document", path, Path(os.path.relpath(path.resolve(), folder)).as_posix())
        for path in sorted(documents, key=str)
    ]
    sources += [_source("overlay", path, path.name) for path in folder_overlays]
    sources += [_source("explicit_overlay", path, path.name) for path in explicit_overlays]
    if options is not None and options.is_file():
        sources.append(_source("options", options, options.name))
    return ir.Provenance(
        generator_version=__version__,
        package_name=package_name,
        import_name=import_name,
        api_version=api_version,
        strict=strict,
        allow_external_refs=allow_external_refs,
        sources=tuple(sources),
    )


def _source(role: ir.SourceRole, path: Path, name: str) -> ir.SourceFile:
    raw = path.read_bytes()
    return ir.SourceFile(role, name, hashlib.sha256(raw).hexdigest(), raw.decode("utf-8"))


def import_name(package: Path, package_name: str) -> str:
    """The dotted name `package` is imported by: its name, below every enclosing folder that is a
    regular package (has an `__init__.py`): `shop/_vendor/runa` -> `shop._vendor.runa`."""
    parts = [package_name]
    folder = package.resolve().parent
    while (folder / "__init__.py").is_file() and folder.name.isidentifier():
        parts.insert(0, folder.name)
        folder = folder.parent
    return ".".join(parts)


def manifest_json(provenance: ir.Provenance) -> str:
    """`_generated_from.json`: sorted keys, one source per entry, the texts as JSON strings (ASCII)."""
    data: dict[str, Any] = {
        "format": _FORMAT,
        "generator": {"name": "runa-client-generator", "version": provenance.generator_version},
        "package_name": provenance.package_name,
        "import_name": provenance.import_name,
        "api_version": provenance.api_version,
        "strict": provenance.strict,
        "allow_external_refs": provenance.allow_external_refs,
        "sources": [{"role": s.role, "name": s.name, "sha256": s.sha256, "text": s.text} for s in provenance.sources],
    }
    # ASCII only: a control character or a bidi override of a spec never appears unescaped in a package file.
    return json.dumps(data, indent=1, ensure_ascii=True, sort_keys=True) + "\n"


def read_manifest(package: Path) -> ir.Provenance:
    """The provenance a package carries; a GeneratorError when it has none or it is not intact
    (a source whose text no longer has its recorded sha256 was edited by hand)."""
    path = package / MANIFEST_FILE
    if not package.is_dir():
        raise GeneratorError(f"{package}: no such folder" if not package.exists() else f"{package}: not a folder")
    if not path.is_file():
        raise GeneratorError(
            f"{package} is not a package this generator made (no {MANIFEST_FILE}; packages made before it "
            "carried one are checked with `python -m generator SPEC --output DIR --package-name NAME --check`)",
            Location(str(path), ""),
        )
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        sources = tuple(
            ir.SourceFile(_role(s["role"]), _name(s["name"]), str(s["sha256"]), str(s["text"])) for s in data["sources"]
        )
        provenance = ir.Provenance(
            generator_version=str(data["generator"]["version"]),
            package_name=str(data["package_name"]),
            import_name=str(data["import_name"]),
            api_version=None if data["api_version"] is None else str(data["api_version"]),
            strict=bool(data["strict"]),
            allow_external_refs=bool(data["allow_external_refs"]),
            sources=sources,
        )
    except (ValueError, KeyError, TypeError) as error:
        raise GeneratorError(f"unreadable: {type(error).__name__}: {error}", Location(str(path), "")) from None
    if len(provenance.of_role("spec")) != 1:
        raise GeneratorError("names no spec (or more than one)", Location(str(path), "/sources"))
    for index, source in enumerate(provenance.sources):
        if hashlib.sha256(source.text.encode("utf-8")).hexdigest() != source.sha256:
            raise GeneratorError(
                f"the text of {source.role} {source.name!r} does not have its recorded sha256: edited by hand",
                Location(str(path), f"/sources/{index}/text"),
            )
    return provenance


def _role(value: object) -> ir.SourceRole:
    if value not in get_args(ir.SourceRole):
        raise ValueError(f"unknown source role {value!r}")
    return value  # type: ignore[return-value]


def _name(value: object) -> str:
    """A source's name as a relative path that stays inside the folder it is laid out in."""
    name = str(value)
    parts = Path(name).parts
    if not parts or Path(name).is_absolute() or any(part in ("", ".") for part in parts):
        raise ValueError(f"source name {name!r} is no relative path")
    return name
