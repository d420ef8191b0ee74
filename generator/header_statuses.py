"""Generator option `response_status_by_header` -> `ir.StatusByHeader` on the operations it names.

Runa's `POST /order` answers 200 (SyncCompletedOrder) to `X-Execution-Mode: sync` and 202
(AsyncAcceptedOrder) to `async` or no header; the spec cannot say so, its docs do. With the rule
in `specs/options/generator.yaml`, the generated method gets typing overloads on that argument.
"""

from __future__ import annotations

from dataclasses import replace

from . import ir
from .diagnostics import Diagnostic
from .options import HeaderStatusRule
from .resolve import ResolvedSpec


def with_status_by_header(
    spec: ResolvedSpec, operations: list[ir.Operation], rules: tuple[HeaderStatusRule, ...], warnings: list[Diagnostic]
) -> list[ir.Operation]:
    """`operations`, those named by a rule carrying its `StatusByHeader`; a rule that does not fit
    the spec (no such operation, header, status or header value) is reported and left out."""
    by_id = {op.operation_id: index for index, op in enumerate(operations)}
    result = list(operations)
    for rule in rules:
        index = by_id.get(rule.operation_id)
        if index is None:
            warnings.append(
                Diagnostic(
                    f"generator option response_status_by_header: no operation {rule.operation_id!r}; rule ignored"
                )
            )
            continue
        op = result[index]
        problem, selector = _selector(op, rule)
        if selector is None:
            warnings.append(
                Diagnostic(
                    f"generator option response_status_by_header ({rule.operation_id}, {rule.header}): {problem}; rule ignored",
                    spec.root.locate(op.source),
                )
            )
            continue
        result[index] = replace(op, status_by_header=selector)
    return result


def _selector(op: ir.Operation, rule: HeaderStatusRule) -> tuple[str, ir.StatusByHeader | None]:
    parameter = next(
        (p for p in op.parameters if p.location == "header" and p.wire_name.lower() == rule.header.lower()), None
    )
    if parameter is None:
        return f"the operation has no header parameter {rule.header!r}", None
    if parameter.required:
        return "the header is required, so there is nothing to choose", None
    documented = {r.status: r for r in op.success_responses}
    omitted = rule.when_omitted
    if omitted is None and parameter.has_default:
        omitted = dict(rule.statuses).get(str(parameter.default))
    for status in [s for _, s in rule.statuses] + ([omitted] if omitted else []):
        if status not in documented or documented[status].kind != "json":
            return f"status {status} is not a documented JSON success response", None
    if isinstance(parameter.type, ir.LiteralOf):
        allowed = {str(v) for v in parameter.type.values}
        unknown = [value for value, _ in rule.statuses if value not in allowed]
        if unknown:
            return f"{', '.join(map(repr, unknown))} is not one of the header's values", None
    return "", ir.StatusByHeader(parameter.python_name, rule.statuses, omitted)
