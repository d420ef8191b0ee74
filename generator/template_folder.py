"""Where the templates are: one reading for every module that reads them (render/, reserved.py).

In the repository (and an editable install) `templates/` lies beside the `generator` package; a
wheel (or `pip install git+URL`) carries it inside, as `generator/_templates` (pyproject.toml).
"""

from __future__ import annotations

from pathlib import Path

_BESIDE = Path(__file__).resolve().parent.parent / "templates"
TEMPLATES = _BESIDE if (_BESIDE / "package").is_dir() else Path(__file__).resolve().parent / "_templates"
