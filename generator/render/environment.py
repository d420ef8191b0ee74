"""The Jinja environment every view renders through: StrictUndefined (a view missing a name is an
error, never an empty string), no HTML escaping (views escape spec text themselves), and the
templates compiled once into `templates/__pycache__`.
"""

from __future__ import annotations

from typing import Any

import jinja2

from ..format import LINE_LENGTH
from ..template_folder import TEMPLATES


class _TemplateBytecode(jinja2.FileSystemBytecodeCache):
    """The templates compiled once, as Python keeps its modules compiled in `__pycache__`.

    Compiling the templates (Jinja's parser and code generator) was 60% of rendering Runa's
    package, on every run. Entries are keyed by each template's source and Jinja's and Python's
    versions, so an edited template is compiled again; nothing of a spec is in them. Where the
    folder cannot be written (a read-only install), templates are compiled in memory as before."""

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


def _template_bytecode() -> jinja2.BytecodeCache | None:
    folder = TEMPLATES / "__pycache__"
    try:
        folder.mkdir(exist_ok=True)
    except OSError:
        return None
    return _TemplateBytecode(str(folder))


_environment = jinja2.Environment(
    # package/: one template per generated file; macros/: what they share (layout.j2: black's layout).
    loader=jinja2.FileSystemLoader([str(TEMPLATES / "package"), str(TEMPLATES / "macros")]),
    bytecode_cache=_template_bytecode(),
    undefined=jinja2.StrictUndefined,
    keep_trailing_newline=True,
    trim_blocks=True,
    lstrip_blocks=True,
    autoescape=False,  # noqa: S701 - we emit Python, not HTML; every spec string is pre-escaped
)
_environment.globals["LINE_LENGTH"] = LINE_LENGTH  # layout.j2 lays out as black would at this width


def render_template(template: str, context: dict[str, Any]) -> str:
    return _environment.get_template(template).render(**context)
