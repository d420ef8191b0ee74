"""One valid call of every operation of every spec in specs/, derived from the spec itself.

The arguments are the ones the generated README shows (`generator/examples.py`: the spec's own
examples, else values built from the schemas), so a version Runa publishes tomorrow is called
end to end with no table to write. An operation whose success status is picked by a request
header (Runa's `X-Execution-Mode`) is called once per documented value, with Prism told which
status to answer (`Prefer: code=N`) when it is not the first one documented.

`expected` names the model the response must parse into when the spec names a component model for
that status; every call is also checked against the type the operation declares (test_prism.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from generator import ir
from generator.pipeline import ReadApi, Request, read_api

from ..support import runa_specs, spec_version


@dataclass(frozen=True)
class Call:
    resource: str  # attribute path from the client: "orders", or "orders.refunds" for a nested tag
    operation: str
    kwargs: dict[str, Any] = field(default_factory=dict)
    expected: str | None = None
    extra_headers: dict[str, str] = field(default_factory=dict)
    status: str | None = None  # the success status asked for; None: the first documented
    selector: str | None = None  # the header argument that picks the status, when there is one
    operation_id: str = ""

    @property
    def id(self) -> str:
        mode = self.kwargs.get(self.selector) if self.selector else None
        return f"{self.resource}.{self.operation}" + (f"[{mode}]" if mode is not None else "")

    def resource_of(self, client: Any) -> Any:
        for attribute in self.resource.split("."):
            client = getattr(client, attribute)
        return client


def operation_calls(api: ir.Api) -> list[Call]:
    """The calls of every operation of `api` (one per status-picking header value)."""
    models = {d.name for d in api.definitions if isinstance(d, ir.ObjectModel)}
    calls = []
    for access, operation in _operations_with_access(api):
        arguments = dict(operation.example_arguments)
        successes = operation.success_responses
        first = successes[0].status if successes else None

        def expected(status: str | None, operation: ir.Operation = operation) -> str | None:
            response = next((r for r in operation.responses if r.status == status), None)
            kind = response.type if response is not None else None
            return kind.name if isinstance(kind, ir.ModelRef) and kind.name in models else None

        selector = operation.status_by_header
        if selector is None:
            calls.append(
                Call(
                    access,
                    operation.python_name,
                    arguments,
                    expected(first),
                    status=first,
                    operation_id=operation.operation_id,
                )
            )
            continue
        for value, status in selector.statuses:
            headers = {"Prefer": f"code={status}"} if status != first else {}
            kwargs = {**arguments, selector.parameter: value}
            calls.append(
                Call(
                    access,
                    operation.python_name,
                    kwargs,
                    expected(status),
                    headers,
                    status,
                    selector.parameter,
                    operation.operation_id,
                )
            )
    return calls


def _operations_with_access(api: ir.Api) -> list[tuple[str, ir.Operation]]:
    found: list[tuple[str, ir.Operation]] = []

    def walk(resource: ir.Resource, prefix: str) -> None:
        access = f"{prefix}{resource.attribute}"
        found.extend((access, operation) for operation in resource.operations)
        for child in resource.children:
            walk(child, access + ".")

    for resource in api.resources:
        walk(resource, "")
    return found


@cache
def read_of(spec: Path) -> ReadApi:
    """The IR and resolved document of one spec of specs/, overlays applied (read once per process)."""
    return read_api(Request(spec=spec))


def calls_of(spec: Path) -> tuple[Call, ...]:
    """The calls of one spec of specs/."""
    return tuple(operation_calls(read_of(spec).api))


def all_calls() -> dict[str, tuple[Call, ...]]:
    """API version -> its calls, for every spec in specs/."""
    return {spec_version(spec): calls_of(spec) for spec in runa_specs()}


# Hand-written bodies of the tests that exercise one version's features (model vs dict bodies,
# retries, faults); the calls above need none.
NEW_ORDER: dict[str, Any] = {
    "payment_method": {"type": "ACCOUNT_BALANCE", "currency": "USD"},
    "items": [
        {
            "face_value": 10,
            "distribution_method": {"type": "EMAIL", "email_address": "fred@example.com"},
            "products": {"type": "SINGLE", "value": "AMZ-US"},
        }
    ],
    "description": "Quarterly rewards",
    "metadata": {"campaign": "summer_2024"},
}
ORDER_ID = "O-01H5WQGHKCBB85MQFM68S9KJ5Q"
