"""Packages generated for the tests, each once per session (and xdist worker), through the pipeline
users run, into a temporary folder (never into generated/), and imported on first use.

The `generated_packages` fixture of tests/conftest.py is the one way tests get a generated package
(tests/test_one_package_factory.py fails on another; only tests of the writer call it themselves):

    runa = generated_packages.get(CURRENT.path)                    # as `python -m generator` names it
    kit = generated_packages.get(spec, name="kit", api_version=UNDATED_VERSION)
    released = generated_packages.get(copy, name="released", options_file=..., overlays=(draft,))
    runa.module.RunaClient, runa.testing, runa.result.api, runa.result.warnings, runa.folder  # folder: sys.path, MYPYPATH

The same (spec, name, api_version, overlays, options_file) gives the same object all session long. Every package
lives in the one session folder (so one `sys.path` or MYPYPATH entry reaches them all; two packages
may not share a name), put on `sys.path` when a package is first imported; at the end of the session
the folder leaves `sys.path` and the packages leave `sys.modules`. A name already imported from
somewhere else is refused rather than silently shared.
"""

from __future__ import annotations

import functools
import importlib
import sys
from dataclasses import replace
from pathlib import Path
from types import ModuleType

from generator.pipeline import Request, Result, generate
from generator.write import write_package


class GeneratedPackage:
    """One generated package: the pipeline's `result` (IR, files, warnings), where it was written, its module."""

    def __init__(self, spec: Path, folder: Path, result: Result) -> None:
        self.spec = spec
        self.folder = folder
        self.result = result

    @property
    def name(self) -> str:
        return self.result.target.name

    @property
    def path(self) -> Path:
        """The package's own directory (`folder / name`)."""
        return self.result.target

    @functools.cached_property
    def module(self) -> ModuleType:
        loaded = sys.modules.get(self.name)
        if loaded is not None and not str(getattr(loaded, "__file__", "")).startswith(str(self.path)):
            raise RuntimeError(f"{self.name} is already imported from {loaded.__file__}: a test imported another copy")
        _on_sys_path(self.folder)
        return importlib.import_module(self.name)

    @property
    def testing(self) -> ModuleType:
        """The package's `testing` module (imported on demand, as users do)."""
        return importlib.import_module(f"{self.module.__name__}.testing")

    def __repr__(self) -> str:
        return f"GeneratedPackage({self.name!r} from {self.spec.name})"


class PackageFactory:
    """Generates each requested package once, into `root`."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._packages: dict[Request, GeneratedPackage] = {}

    def get(
        self,
        spec: Path,
        *,
        name: str | None = None,
        api_version: str | None = None,
        overlays: tuple[Path, ...] = (),
        options_file: Path | None = None,
    ) -> GeneratedPackage:
        """The package of `spec` (the `Request` options as `python -m generator` takes them), generated
        on the first call; a spec the generator refuses raises its `GeneratorError` each time."""
        key = Request(
            spec=spec.resolve(),
            output=self.root,
            package_name=name,
            api_version=api_version,
            overlays=overlays,
            options_file=options_file,
        )
        if key not in self._packages:
            result = generate(replace(key, spec=spec))
            taken = {p.name: p for p in self._packages.values()}
            if result.target.name in taken:
                raise ValueError(f"package name {result.target.name!r} is taken by {taken[result.target.name]}")
            write_package(result.files, result.target)
            self._packages[key] = GeneratedPackage(spec, self.root, result)
        return self._packages[key]

    def importable(self) -> None:
        """Puts the packages' folder on `sys.path` (as importing any of them does), for tests that import
        their modules by name."""
        _on_sys_path(self.root)

    def unload(self) -> None:
        """Takes every package's folder off `sys.path` and its modules out of `sys.modules`."""
        names = {package.name for package in self._packages.values()}
        while str(self.root) in sys.path:
            sys.path.remove(str(self.root))
        for module in [m for m in sys.modules if m.split(".")[0] in names]:
            del sys.modules[module]


def _on_sys_path(folder: Path) -> None:
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))
