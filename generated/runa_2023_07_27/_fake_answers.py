"""The fake's answers that come from the spec rather than from its state: an operation's success
status, the spec's example for a status, an error body of the status's documented schema that says
what the fake means, a fault scripted with `fail_next`, and the API's answers to a reused
idempotency key (the stored answer replayed, another body refused, a request still in progress).

Apart from `Fake` because the request checks, the faults, idempotency and the state all answer with
them: one place builds a spec-shaped answer, and it holds nothing but the shapes' templates.
Which documented response answers a status is the client's one reading of it
(`_response._documented_response`), so that the fake never answers a body the client reads as
another response's (a "default" error body as an undocumented success).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx

from ._fake_api import ApiDescription, FakeRequestError, Route, _fake_data
from ._fake_rules import Refusal
from ._fake_shapes import _problems, _Shapes

# Which documented response answers a status is the client's reading (`_documented_response`): the
# fake never shapes a 2xx by the `default` (error) schema the client would not parse it by.
from ._response import _documented_response

_NO_REQUEST = httpx.Request("GET", "http://fake.invalid/")
_TRANSPORT_ERRORS: Mapping[str, Callable[[httpx.Request], httpx.HTTPError]] = {
    "timeout": lambda request: httpx.ReadTimeout(
        "timed out (scripted by fail_next)", request=request
    ),
    "connect": lambda request: httpx.ConnectError(
        "connection refused (scripted by fail_next)", request=request
    ),
    "connect_timeout": lambda request: httpx.ConnectTimeout(
        "timed out connecting (scripted by fail_next)", request=request
    ),
    "disconnect": lambda request: httpx.RemoteProtocolError(
        "Server disconnected without sending a response. (scripted by fail_next)", request=request
    ),
}


@dataclass
class _Fault:
    status: int | None
    retry_after: float | None
    error: str | None
    error_type: str | None
    body: Any
    times: int


@dataclass
class _Answer:
    status: int
    body: Any
    headers: dict[str, str] = field(default_factory=dict)
    refusal: Refusal | None = None


class _Answers:
    """The spec's answers for one API, shaped by `shapes`."""

    def __init__(self, api: ApiDescription, shapes: _Shapes) -> None:
        self.API = api
        self._shapes = shapes

    def fault_answer(self, route: Route, fault: _Fault) -> _Answer:
        """The scripted answer: the body given, else the spec's own example for the status, else
        (or with an `error_type`) a body of the status's schema that says it was scripted."""
        assert fault.status is not None
        spec = _documented_response(route.endpoint, fault.status)
        own = _fake_data().own.get(route.python_name, {}).get(spec.status, 0) if spec else 0
        if fault.body is not None:
            answer = _Answer(fault.status, fault.body)
        elif own and fault.error_type is None:
            answer = self.example_answer(route, fault.status)
        else:
            error_type = fault.error_type or "scripted"
            message = f"HTTP {fault.status} scripted by fail_next in a test"
            answer = _Answer(
                fault.status, self.error_body(route, fault.status, error_type, message)
            )
        if fault.retry_after is not None:
            answer.headers["retry-after"] = _seconds_text(fault.retry_after)
        return answer

    def documented_error_status(self, error_type: str) -> int:
        rules = self.API.idempotency
        if rules is not None and error_type == rules.in_progress_type:
            return int(rules.in_progress_status)
        if rules is not None and error_type == rules.mismatch_type:
            return int(rules.mismatch_status)
        raise ValueError(
            f"give the status of error type {error_type!r}: fail_next(..., status=...)"
        )

    def error_body(
        self, route: Route, status: int, error_type: str, message: str | None = None
    ) -> Any:
        """A body of the status's documented schema that says what the fake means, in no other
        words: the schema's shape with its error type field set to `error_type`, the optional
        members left out, and every other text member set to `message` (a list emptied; a member
        that cannot be either keeps the schema's value)."""
        type_field = self.API.config.error_type_field or "type"
        message = message or f"{error_type} (answered by the fake)"
        candidates = self.status_examples(route, status) or [None]
        shape = copy.deepcopy(
            candidates[-1]
        )  # the schema-built body: every member, no example's words
        spec = _documented_response(route.endpoint, status)
        if not isinstance(shape, dict) or spec is None or spec.kind != "json":
            return {type_field: error_type, "message": message}
        body = {**shape, type_field: error_type} if type_field in shape else dict(shape)
        for name, value in shape.items():
            if name == type_field:
                continue
            without = {k: v for k, v in body.items() if k != name}
            if not _problems(spec.type, without):
                body = without
                continue
            meanings: list[Any] = (
                [message] if isinstance(value, str) else [[]] if isinstance(value, list) else []
            )
            for meant in meanings:
                if not _problems(spec.type, {**body, name: meant}):
                    body[name] = meant
        if _problems(spec.type, body):
            return self._shapes.valid_example(
                spec.type, [body, *candidates], f"{route.endpoint.operation_id} {status}"
            )
        return body

    def status_examples(self, route: Route, status: int) -> list[Any]:
        """The examples of the response that answers `status` as the client reads it
        (`_response._documented_response`: a "4XX" or "default" one too), the last built from its
        schema; [] when none answers it or it has none."""
        spec = _documented_response(route.endpoint, status)
        examples = _fake_data().examples.get(route.python_name, {})
        return examples.get(spec.status, []) if spec is not None else []

    def example_answer(self, route: Route, status: int) -> _Answer:
        candidates = self.status_examples(route, status)
        spec = _documented_response(route.endpoint, status)
        if not candidates or spec is None or spec.kind != "json":
            return _Answer(status, None)
        where = f"{route.endpoint.operation_id} {status}"
        return _Answer(status, self._shapes.valid_example(spec.type, candidates, where))

    def repeated(self, route: Route, seen: tuple[str, _Answer | None], fingerprint: str) -> _Answer:
        rules = self.API.idempotency
        stored_fingerprint, answer = seen
        if stored_fingerprint != fingerprint:
            if rules is None:
                raise FakeRequestError(
                    f"{route.endpoint.operation_id}: idempotency key reused with another body"
                )
            status = int(rules.mismatch_status)
            return _Answer(status, self.error_body(route, status, rules.mismatch_type))
        if answer is None:
            if rules is None:
                raise FakeRequestError(
                    f"{route.endpoint.operation_id}: idempotency key reused while in progress"
                )
            status = int(rules.in_progress_status)
            return _Answer(status, self.error_body(route, status, rules.in_progress_type))
        return copy.deepcopy(answer)  # a replay: the first response, errors included

    def success_status(self, route: Route, request: httpx.Request) -> int:
        """The status of a success: the header rule's (a documented success), else the first
        documented 2xx (a range as its first code), else 200, which the client reads by "default".
        """
        rule = route.endpoint.status_by_header
        status = rule.selected(request) if rule is not None else None
        if status is not None:
            return int(status)
        successes = [s.status for s in route.endpoint.responses if s.status.startswith("2")]
        first = successes[0] if successes else "200"
        return int(first.replace("X", "0"))


def _seconds_text(seconds: float) -> str:
    return str(int(seconds)) if float(seconds).is_integer() else str(seconds)
