"""Whether a request to the fake is one the spec allows: its query parameters documented, the
version header, every parameter and the JSON body validated by the package's own models, and a
credential of a scheme the operation accepts. A violation raises `FakeRequestError` (an
`AssertionError`) in the calling test; a missing credential is the API's 401, answered by `Fake`.

Apart from `Fake` because it only reads the request and the API's description: it holds no state
and builds no answer.
"""

from __future__ import annotations

import http.cookies
from typing import Any

import httpx
import pydantic

from ._types import _type_adapter
from ._base_model import loads
from ._fake_api import ApiDescription, FakeRequestError, Route
from ._fake_shapes import _is_list, _pointer


class _NotJson:
    pass


_NOT_JSON: Any = _NotJson()


class _RequestChecks:
    """The checks of one API's requests."""

    def __init__(self, api: ApiDescription) -> None:
        self.API = api

    def check(
        self, route: Route, request: httpx.Request, path_params: dict[str, str], body: Any
    ) -> bool:
        """Raise `FakeRequestError` for a request the spec does not allow; False when no credential
        was sent (the API answers 401), else True."""
        endpoint = route.endpoint
        where = endpoint.operation_id
        query = request.url.params
        declared_query = {p.name for p in route.parameters if p.location == "query"}
        for name in query.keys():
            if name not in declared_query and not self._is_credential("query", name):
                raise FakeRequestError(f"{where}: query parameter {name!r} is not documented")
        config = self.API.config
        if (
            config.version_header
            and request.headers.get(config.version_header) != config.api_version
        ):
            sent = request.headers.get(config.version_header)
            raise FakeRequestError(
                f"{where}: header {config.version_header} is {sent!r}, not {config.api_version!r}"
            )
        for parameter in route.parameters:
            raw: Any
            if parameter.location == "path":
                raw = path_params.get(parameter.name)
            elif parameter.location == "query":
                values = query.get_list(parameter.name)
                raw = values if _is_list(parameter.type) else (values[-1] if values else None)
                raw = None if raw == [] else raw
            elif parameter.location == "header":
                raw = request.headers.get(parameter.name)
                if raw is not None and _is_list(parameter.type):
                    raw = [item.strip() for item in raw.split(",")]
            else:
                raw = _cookies(request).get(parameter.name)
            pointer = f"{parameter.location} parameter {parameter.name!r}"
            if raw is None:
                if parameter.required:
                    raise FakeRequestError(f"{where}: {pointer} is required but was not sent")
                continue
            try:
                pydantic.TypeAdapter(parameter.type).validate_python(raw)
            except pydantic.ValidationError as error:
                raise FakeRequestError(f"{where}: {pointer}: {_reasons(error, '')}") from None
        if endpoint.body_kind is not None:
            self._check_body(route, request, body)
        elif request.content:
            raise FakeRequestError(f"{where}: the operation takes no request body")
        requirements = endpoint.security_requirements
        if requirements is None:
            requirements = tuple((name,) for name in endpoint.security)
        # Security Requirement Objects: any one requirement, each with all its schemes ({} : none).
        return not requirements or any(
            all(self._has_credential(request, name) for name in requirement)
            for requirement in requirements
        )

    def _check_body(self, route: Route, request: httpx.Request, body: Any) -> None:
        endpoint = route.endpoint
        where = endpoint.operation_id
        if not request.content:
            raise FakeRequestError(f"{where}: request body: required but none was sent")
        if endpoint.body_kind != "json" or endpoint.body_type is None:
            return
        if body is _NOT_JSON:
            raise FakeRequestError(f"{where}: request body: not JSON")
        sent_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if sent_type != (endpoint.body_content_type or "application/json"):
            raise FakeRequestError(
                f"{where}: request body: content type {sent_type!r} is not documented"
            )
        try:
            _type_adapter(endpoint.body_type).validate_python(body)
        except pydantic.ValidationError as error:
            raise FakeRequestError(f"{where}: request body {_reasons(error, '')}") from None

    def _is_credential(self, location: str, name: str) -> bool:
        return any(
            s.location == location and s.param_name == name
            for s in self.API.config.security_schemes
        )

    def _has_credential(self, request: httpx.Request, scheme_name: str) -> bool:
        scheme = next((s for s in self.API.config.security_schemes if s.name == scheme_name), None)
        if scheme is None:
            return True
        if scheme.kind in ("bearer", "basic"):
            authorization: str = request.headers.get("authorization", "")
            return authorization.lower().startswith(scheme.kind + " ")
        if scheme.location == "query":
            return bool(request.url.params.get(scheme.param_name))
        if scheme.location == "cookie":
            return bool(_cookies(request).get(scheme.param_name))
        return bool(request.headers.get(scheme.param_name))


def _decoded_body(request: httpx.Request) -> Any:
    if not request.content:
        return None
    try:
        return loads(request.content)  # amounts keep the digits sent: "10.10" is not 10.1
    except ValueError:
        return _NOT_JSON


def _cookies(request: httpx.Request) -> dict[str, str]:
    jar: http.cookies.SimpleCookie = http.cookies.SimpleCookie()
    jar.load(request.headers.get("cookie", ""))
    return {name: morsel.value for name, morsel in jar.items()}


def _reasons(error: pydantic.ValidationError, prefix: str) -> str:
    return "; ".join(f"{prefix}{_pointer(e['loc']) or '/'}: {e['msg']}" for e in error.errors()[:5])
