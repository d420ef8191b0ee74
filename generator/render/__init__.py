"""Stage 5, render: IR -> the text of every file of the package (unformatted).

The views compute every string a template prints (annotations, literals, escaped docs); templates
only lay them out. Each view is a frozen dataclass (mypy checks what a template receives), one module
per generated file's view, so each can be read alone:

- `environment.py`: the Jinja environment (StrictUndefined, templates compiled once).
- `runtime.py`: the static runtime modules copied verbatim (`RUNTIME_FILES`, the one list of them).
- `context.py`: what every template gets (`api`: names, servers, security, facts, retries, regeneration).
- `models.py`, `client.py`, `webhooks.py`, `errors.py`, `testing.py` (+ `_fake_data.json`): each file's view.
- `readme.py`: what only the package README shows (resources by access path, dispatch, the fake's rules).

This module strings them together; the rest of the generator imports from here.
"""

from __future__ import annotations

from .. import __version__, ir
from ..diagnostics import Diagnostic
from ..provenance import MANIFEST_FILE, manifest_json
from ..surface import method_of
from ..template_folder import TEMPLATES
from .client import client_imports, later, parameter_check_type, resource_view
from .context import api_view, dependencies_view
from .environment import render_template
from .errors import errors_view
from .models import DefinitionIndex, definition_view, ordered_definitions, unknown_variants
from .readme import dispatch_example, readme_resource_views
from .runtime import FAKE_DATA_FILE, RUNTIME_FILES, package_modules, runtime_texts
from .testing import fake_data_json, testing_view
from .webhooks import webhook_view

__all__ = ["FAKE_DATA_FILE", "RUNTIME_FILES", "TEMPLATES", "later", "parameter_check_type", "render_package"]


def render_package(api: ir.Api, warnings: list[Diagnostic]) -> dict[str, str]:
    """Relative path -> file text for the whole package."""
    ordered = ordered_definitions(api.definitions, warnings, api.spec_file)
    index = DefinitionIndex.of(api)
    methods = {op.operation_id: method_of(op) for op in api.operations}  # the signatures, worked out once
    context = {"api": api_view(api), "generator_version": __version__, "dependencies": dependencies_view()}
    fake = testing_view(api)  # testing.py's, and the README's section on it
    files = {
        "__init__.py": render_template("__init__.py.j2", {**context, "modules": package_modules()}),
        "models.py": render_template(
            "models.py.j2",
            {
                **context,
                "unknown_variants": unknown_variants(api),
                "open_enums": any(isinstance(d, ir.EnumModel) and d.unknown for d in api.definitions),
                "definitions": [definition_view(d, api, index) for d in ordered],
            },
        ),
        "_client.py": render_template(
            "_client.py.j2",
            {
                **context,
                "resources": [resource_view(r, methods) for r in api.all_resources],
                "top_resources": [resource_view(r, methods) for r in api.resources],
                "client_imports": client_imports(api),
            },
        ),
        "webhooks.py": render_template(
            "webhooks.py.j2", {**context, "webhooks": [webhook_view(w) for w in api.webhooks]}
        ),
        "errors.py": render_template("errors.py.j2", {**context, "errors": errors_view(api)}),
        "README.md": render_template(
            "README.md.j2",
            {
                **context,
                "resources": readme_resource_views(api.resources, methods),
                "webhooks": [webhook_view(w) for w in api.webhooks],
                "dispatch": dispatch_example(api),
                "errors": errors_view(api),
                "fake": fake,
            },
        ),
        "testing.py": render_template("testing.py.j2", {**context, "fake": fake}),
        FAKE_DATA_FILE: fake_data_json(api),
        "pyproject.toml": render_template("pyproject.toml.j2", context),
        "py.typed": "",
        MANIFEST_FILE: manifest_json(api.provenance),
    }
    return {**files, **runtime_texts()}
