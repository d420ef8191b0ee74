"""Which operation of the API a request to the fake calls: its method and path matched against the
documented paths, with any server URL of the spec (or none) in front.

Apart from `Fake` because it is a job of its own, fixed once the API is known: the fake asks it for
a route by request or by name and never changes it.
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import quote, unquote

import httpx

from ._fake_api import ApiDescription, FakeRequestError, Route

_PATH_PARAMETER = re.compile(r"\{([^{}]+)\}")


class _Routes:
    """The routes of one API, each with the pattern of its path."""

    def __init__(self, api: ApiDescription) -> None:
        self.API = api
        # A literal segment wins over a parameter (`/product/categories` before `/product/{code}`).
        by_specificity = sorted(
            api.routes,
            key=lambda r: [part.startswith("{") for part in r.endpoint.path.split("/")],
        )
        self._routes = [(route, _path_pattern(route.endpoint.path)) for route in by_specificity]
        self._server_paths = sorted(
            {quote(httpx.URL(url).path.rstrip("/")) for _, url in api.config.servers} - {""},
            key=len,
            reverse=True,
        )

    def named(self, operation: str) -> Route:
        for route in self.API.routes:
            if operation in (route.python_name, route.endpoint.operation_id):
                return route
        names = ", ".join(sorted(r.python_name for r in self.API.routes))
        raise ValueError(f"{self.API.name} has no operation {operation!r}; it has: {names}")

    def match(self, request: httpx.Request) -> tuple[Route, dict[str, str]]:
        # Matched as sent (percent-encoded), so that an encoded "/" stays inside its parameter.
        path = request.url.raw_path.split(b"?")[0].decode("ascii", "replace")
        candidates = [path] + [
            path[len(p) :] for p in self._server_paths if path.startswith(p + "/")
        ]
        for route, pattern in self._routes:
            if route.endpoint.method != request.method:
                continue
            for candidate in candidates:
                found = pattern.fullmatch(candidate)
                if found is not None:
                    return route, {
                        name: unquote(value) for name, value in found.groupdict().items()
                    }
        raise FakeRequestError(
            f"{request.method} {path}: no operation of {self.API.name} has this method and path"
        )


def _path_pattern(template: str) -> re.Pattern[str]:
    parts = _PATH_PARAMETER.split(template)
    regex = "".join(
        re.escape(part) if i % 2 == 0 else f"(?P<{_group(part)}>[^/]+)"
        for i, part in enumerate(parts)
    )
    return re.compile(regex)


def _group(name: str) -> str:
    return name if name.isidentifier() else "p_" + hashlib.sha1(name.encode()).hexdigest()[:8]
