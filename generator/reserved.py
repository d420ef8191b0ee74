"""The names a generated client keeps for itself, read from the runtime client classes it extends.

A tag becomes a client attribute (`client.orders`) and a security scheme an `__init__` argument
(`api_key=`): neither may take a name the client already has (`with_options`, `close`,
`response_validation`, `total_timeout`, ...). The names are read from the source of the runtime's
client classes (`templates/runtime/_base_client.py`) rather than listed by hand, so an attribute
or argument added there is reserved with no edit here (tests/test_reserved_names.py checks the
generated client against them).
"""

from __future__ import annotations

import ast
import functools

from .template_folder import TEMPLATES

_BASE_CLIENT = TEMPLATES / "runtime" / "_base_client.py"
_CLIENT_CLASSES = ("_BaseAPIClient", "SyncAPIClient", "AsyncAPIClient")
# What the template's client classes add to the runtime's (templates/package/_client.py.j2).
_TEMPLATE_CLIENT_NAMES = frozenset({"_bind_resources"})


@functools.cache
def _client_classes() -> tuple[ast.ClassDef, ...]:
    module = ast.parse(_BASE_CLIENT.read_text(encoding="utf-8"))
    return tuple(node for node in module.body if isinstance(node, ast.ClassDef) and node.name in _CLIENT_CLASSES)


@functools.cache
def client_attributes() -> frozenset[str]:
    """Every attribute of the client classes: methods, class attributes and `self.<name> = ...`."""
    names: set[str] = set(_TEMPLATE_CLIENT_NAMES)
    for cls in _client_classes():
        for node in ast.walk(cls):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node in cls.body:
                names.add(node.name)
            elif isinstance(node, ast.AnnAssign | ast.Assign) and node in cls.body:
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                names.update(t.id for t in targets if isinstance(t, ast.Name))
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                if isinstance(node.value, ast.Name) and node.value.id == "self":
                    names.add(node.attr)
    return frozenset(names)


@functools.cache
def client_arguments() -> frozenset[str]:
    """The keyword arguments of the client classes' `__init__` (which the generated clients take too)."""
    names: set[str] = {"self"}
    for cls in _client_classes():
        for node in cls.body:
            if isinstance(node, ast.FunctionDef) and node.name == "__init__":
                names.update(argument.arg for argument in node.args.kwonlyargs)
    return frozenset(names - {"config", "credentials"})
