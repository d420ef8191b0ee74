"""The names a generated client keeps for itself, read from the runtime client classes it extends.

A tag becomes a client attribute (`client.orders`) and a security scheme an `__init__` argument
(`api_key=`): neither may take a name the client already has (`with_options`, `close`,
`response_validation`, `total_timeout`, ...). The names are read from the source of the runtime's
client classes (`templates/runtime/_base_client.py`) and from the template that extends them and
lays out the resources (`templates/package/_client.py.j2`) rather than listed by hand, so an
attribute or argument added there is reserved with no edit here (tests/test_reserved_names.py
checks the generated clients and resources against them).
"""

from __future__ import annotations

import ast
import functools
import re

from .template_folder import TEMPLATES

_BASE_CLIENT = TEMPLATES / "runtime" / "_base_client.py"
_CLIENT_CLASSES = ("_BaseAPIClient", "SyncAPIClient", "AsyncAPIClient")
_CLIENT_TEMPLATE = TEMPLATES / "package" / "_client.py.j2"
# A name `_client.py.j2` defines as written (`def _bind_resources(`, `self.with_raw_response =`); a name
# laid out from the IR (`def {{ op.name }}(`, `self.{{ c.attribute }} =`) is the spec's, not the template's.
_TEMPLATE_NAME = re.compile(r"^\s*def (\w+)\(|\bself\.(\w+) =", re.MULTILINE)


@functools.cache
def _client_classes() -> tuple[ast.ClassDef, ...]:
    module = ast.parse(_BASE_CLIENT.read_text(encoding="utf-8"))
    return tuple(node for node in module.body if isinstance(node, ast.ClassDef) and node.name in _CLIENT_CLASSES)


@functools.cache
def client_attributes() -> frozenset[str]:
    """Every attribute of the client classes: methods, class attributes and `self.<name> = ...`."""
    names: set[str] = set(template_attributes())
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
def template_attributes() -> frozenset[str]:
    """The names the template's own classes (clients, resources and their raw-response twins) define
    as written: what a resource keeps for itself (`with_raw_response`, `_client`) and what the
    generated clients add to the runtime's (`_bind_resources`). Read from the template for both
    levels alike, since a Jinja file has no class structure to read."""
    text = _CLIENT_TEMPLATE.read_text(encoding="utf-8")
    return frozenset(method or attribute for method, attribute in _TEMPLATE_NAME.findall(text))


@functools.cache
def client_arguments() -> frozenset[str]:
    """The keyword arguments of the client classes' `__init__` (which the generated clients take too)."""
    names: set[str] = {"self"}
    for cls in _client_classes():
        for node in cls.body:
            if isinstance(node, ast.FunctionDef) and node.name == "__init__":
                names.update(argument.arg for argument in node.args.kwonlyargs)
    return frozenset(names - {"config", "credentials"})
