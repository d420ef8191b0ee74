"""What the generated `errors.py` adds to the runtime's exceptions (`_errors.py`): the documented body
of each status's exception, and the API's error types as constants.

The runtime raises one exception class per status (`_response._STATUS_ERRORS`, every status
from 500 an `InternalServerError`); the generated module redefines those classes with `body`
annotated as the models the spec documents for their statuses across all operations (a union when
operations differ), or the body as received when it does not parse (`| RawBody`: its JSON value or
text; an honest type, so that mypy makes a user narrow before reading a model's field). The error types
are those the options name (retried types, the fake's answers) and the values an error model's
type field (`error_type_field`) enumerates in the spec.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from . import ir
from .pysource import plain_annotation

# The runtime's table (`_response._STATUS_ERRORS`; tests/test_error_surface.py keeps them equal).
STATUS_ERRORS: dict[int, str] = {
    400: "BadRequestError",
    401: "AuthenticationError",
    403: "PermissionDeniedError",
    404: "NotFoundError",
    409: "ConflictError",
    422: "UnprocessableEntityError",
    429: "RateLimitError",
}
SERVER_ERROR = "InternalServerError"  # every status from 500


@cache
def runtime_exports(runtime: Path) -> tuple[str, ...]:
    """The names `_errors.py` exports (its `__all__`), read from the runtime file itself."""
    module = ast.parse(runtime.read_text(encoding="utf-8"))
    for statement in module.body:
        if isinstance(statement, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__all__" for t in statement.targets
        ):
            return tuple(ast.literal_eval(statement.value))
    raise ValueError(f"{runtime} has no __all__")


@dataclass(frozen=True)
class TypedError:
    """One exception class of the runtime and the documented bodies of its statuses."""

    name: str
    statuses: tuple[int, ...]
    bodies: tuple[str, ...]  # annotations, reaching models through `models.`


def typed_errors(api: ir.Api) -> tuple[TypedError, ...]:
    """The exception classes whose statuses the spec documents with a JSON body, in table order."""
    bodies: dict[str, dict[str, None]] = {}
    statuses: dict[str, set[int]] = {}
    for operation in api.operations:
        for response in operation.responses:
            if not response.status.isdigit() or response.type is None or response.kind != "json":
                continue
            status = int(response.status)
            name = STATUS_ERRORS.get(status) or (SERVER_ERROR if status >= 500 else None)
            if name is not None:
                bodies.setdefault(name, {})[plain_annotation(response.type)] = None
                statuses.setdefault(name, set()).add(status)
    order = [*STATUS_ERRORS.values(), SERVER_ERROR]
    return tuple(
        TypedError(name, tuple(sorted(statuses[name])), tuple(sorted(bodies[name]))) for name in order if name in bodies
    )


def error_types(api: ir.Api) -> tuple[str, ...]:
    """Every error type the options or the spec enumerate, sorted."""
    found = set(api.facts.retry_error_types)
    rules = api.fake.rules if api.fake is not None else None
    if rules is not None and rules.balance is not None:
        found.add(rules.balance.insufficient_type)
    if rules is not None and rules.idempotency is not None:
        found |= {rules.idempotency.mismatch_type, rules.idempotency.in_progress_type}
    field_name = api.facts.error_type_field
    models = {d.name: d for d in api.definitions}
    for operation in api.operations:
        for response in operation.responses:
            model = models.get(response.type.name) if isinstance(response.type, ir.ModelRef) else None
            if not response.status.isdigit() or int(response.status) < 400 or not isinstance(model, ir.ObjectModel):
                continue
            for field in model.fields:
                if field.wire_name == field_name:
                    found |= _enumerated(field.type, models)
    return tuple(sorted(found))


def _enumerated(node: ir.TypeNode, models: dict[str, ir.Definition]) -> set[str]:
    """The string values a type allows, when it lists them (an enum, a literal); else none."""
    if isinstance(node, ir.Nullable):
        return _enumerated(node.inner, models)
    if isinstance(node, ir.LiteralOf):
        return {v for v in node.values if isinstance(v, str)}
    if isinstance(node, ir.ModelRef) and isinstance(enum := models.get(node.name), ir.EnumModel):
        return {m.value for m in enum.members if isinstance(m.value, str)}
    return set()
