"""Server Objects -> URLs: the API's environments, and the servers a path or an operation overrides them with."""

from __future__ import annotations

from typing import Any

from . import ir
from .naming import NameRegistry, snake_case


def server_url(server: Any) -> str | None:
    """The URL of a Server Object with each `{variable}` replaced by its default (None: not a server)."""
    if not isinstance(server, dict) or not isinstance(server.get("url"), str):
        return None
    url: str = server["url"]
    variables = server.get("variables")
    for variable, spec in variables.items() if isinstance(variables, dict) else ():
        if isinstance(spec, dict) and "default" in spec:
            url = url.replace("{" + str(variable) + "}", str(spec["default"]))
    return url


def read_servers(raw: Any) -> tuple[ir.Server, ...]:
    """The document's `servers`, each named for the client's `environment` argument."""
    servers: list[ir.Server] = []
    names = NameRegistry()
    for index, server in enumerate(raw if isinstance(raw, list) else []):
        url = server_url(server)
        if url is None:
            continue
        label = snake_case(server.get("description") or "") if isinstance(server.get("description"), str) else ""
        servers.append(ir.Server(names.claim(label or f"server_{index + 1}"), url))
    return tuple(servers)


def override_urls(raw: Any) -> tuple[str, ...]:
    """The URLs of a path item's or an operation's `servers` (which replace the document's for it)."""
    return tuple(url for server in (raw if isinstance(raw, list) else []) if (url := server_url(server)) is not None)
