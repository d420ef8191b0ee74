"""One side of a diff: a spec read through the pipeline's own stages, without validation.

Apart from api.py because every comparing module (operation.py, parameters.py, messages.py) reads
the two sides it compares from this record.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .. import ir
from ..diagnostics import DuplicateOperationId
from ..load import SpecDocument
from ..pipeline import Request, read_api, read_resolved
from ..resolve import ResolvedSpec
from ..versions import version_in_name

_UNDATED = "0001-01-01"  # the IR needs a version; an undated spec shows under its file name instead


@dataclass(frozen=True)
class SpecVersion:
    """One side of a diff: the overlaid document, its resolved form and the IR built from it."""

    path: Path
    document: SpecDocument
    spec: ResolvedSpec
    api: ir.Api | None  # None when no package can be built from it (two operations share an operationId)
    api_version: str
    no_package: str = ""  # why there is no IR: the located error that stops generation

    @property
    def title(self) -> str:
        if self.api is not None:
            return self.api.title
        info = self.document.data.get("info") if isinstance(self.document.data, dict) else None
        title = info.get("title") if isinstance(info, dict) else None
        return title if isinstance(title, str) else self.path.stem


def read_version(path: Path, *, options_file: Path | None = None, allow_external_refs: bool = False) -> SpecVersion:
    """One spec read by the pipeline's own `read_api` (overlays, resolution, IR), without validation:
    the diff reads, it does not judge. An undated file name still reads (its version shows as its name)."""
    api_version = version_in_name(path.name) or ""
    request = Request(
        spec=path,
        package_name="api",
        api_version=api_version or _UNDATED,
        allow_external_refs=allow_external_refs,
        options_file=options_file,
    )
    try:
        read = read_api(request, validate=False)
    except DuplicateOperationId as error:
        # The API still reads: compare it, and say why the generated package's part is left out.
        document, spec = read_resolved(request)
        return SpecVersion(path, document, spec, None, api_version, str(error))
    return SpecVersion(path, read.document, read.spec, read.api, api_version)
