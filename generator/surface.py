"""The generated package's Python surface, worked out once from the IR: methods, arguments, fields, types.

`render/client.py` writes these signatures and `diff/surface.py` compares them between two versions, so
what the changelog says a method returns is what the generated method is annotated to return (the
two used to compute it apart, and disagreed: render collapsed `Model | Any` to `Any`, the diff did not).
Each object keeps the IR types it came from, for comparisons that see through type aliases, and the
annotation text the generated code carries.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import ir
from .pysource import annotation, plain_annotation

_ANY = ir.Primitive("Any")
_NONE = ir.Primitive("None")
# What a success response without a JSON schema returns, by its kind.
_UNTYPED_RETURNS: dict[str, ir.TypeNode] = {
    "json": _ANY,
    "jsonl": ir.ListOf(_ANY),
    "text": ir.Primitive("str"),
    "bytes": ir.Primitive("bytes"),
    "any": _ANY,  # a `*/*` response without a schema: JSON when it says so, else its bytes
    "empty": _NONE,
}


@dataclass(frozen=True)
class Argument:
    """One argument of a generated method: a parameter, or `body`."""

    name: str  # the Python name
    wire_name: str  # the parameter's name on the wire ("body" for the body)
    location: str  # "path", "query", "header", "cookie" or "body"
    type: ir.TypeNode
    required: bool  # a positional-or-keyword argument without default
    annotation: str  # as written in the signature, `| None` included when it may be omitted
    source: str  # JSON pointer


@dataclass(frozen=True)
class Method:
    """One generated client method (the sync and async clients share it)."""

    name: str
    operation: ir.Operation
    parameters: tuple[Argument, ...]  # in the operation's order (the signature puts required ones first)
    body: Argument | None
    returns: tuple[ir.TypeNode, ...]  # one per distinct success type; just `Any` when any of them is Any
    return_annotation: str  # "models.Order | None"

    @property
    def arguments(self) -> tuple[Argument, ...]:
        return self.parameters + ((self.body,) if self.body is not None else ())


@dataclass(frozen=True)
class Attribute:
    """One field of a generated model."""

    name: str  # the Python name
    wire_name: str
    type: ir.TypeNode
    required: bool  # code that builds the model must pass it
    optional: bool  # it defaults to None (no default of its own, not required)
    annotation: str  # as written in `models.py` (constraints included), `| None` when optional
    source: str


def method_of(op: ir.Operation) -> Method:
    """The signature of the method generated for `op`."""
    parameters = tuple(_parameter(op, p) for p in op.parameters)
    body = _body(op, op.body) if op.body is not None else None
    returns = _returns(op)
    return_annotation = " | ".join(dict.fromkeys(plain_annotation(t) for t in returns))
    return Method(op.python_name, op, parameters, body, returns, return_annotation)


def decimal_base(model_name: str, sent_only: frozenset[str]) -> str:
    """The base of a model's money fields: `DecimalInput` (a Decimal or an int) in a model only ever
    sent (`directions.sent_only_definitions`), else `Decimal`."""
    return "DecimalInput" if model_name in sent_only else "Decimal"


def attribute_of(field: ir.Field, decimal: str = "Decimal") -> Attribute:
    """A model field as the generated class declares it (`decimal`: the base of its money, see
    `pysource.annotation`)."""
    optional = not field.required and not field.has_default
    text = annotation(field.type, decimal)
    if optional and not text.endswith("| None") and text not in ("None", "Any"):
        text += " | None"
    required = field.required and not field.has_default
    return Attribute(field.python_name, field.wire_name, field.type, required, optional, text, field.source)


def _parameter(op: ir.Operation, parameter: ir.Parameter) -> Argument:
    # The idempotency key is generated when not given: never a required argument.
    required = parameter.required and parameter.wire_name != op.idempotency_header
    text = plain_annotation(parameter.type)
    if not required and not text.endswith("| None"):
        text += " | None"
    return Argument(
        parameter.python_name, parameter.wire_name, parameter.location, parameter.type, required, text, parameter.source
    )


def _body(op: ir.Operation, body: ir.RequestBody) -> Argument:
    text = plain_annotation(body.type)
    if body.kind in ("json", "jsonl") and text != "Any":
        text += " | Mapping[str, Any]" if not text.startswith("list[") else " | list[Any]"
    if body.kind in ("form", "multipart") and text != "Any":
        text += " | Mapping[str, Any]"
    if not body.required:
        text += " | None"
    return Argument("body", "body", "body", body.type, body.required, text, op.source + "/requestBody")


def returned_type(response: ir.Response) -> ir.TypeNode:
    """What a method returns for one success response: its JSON type, else what its kind gives."""
    if response.type is not None and response.kind in ("json", "jsonl"):
        return response.type
    return _UNTYPED_RETURNS[response.kind]


def _returns(op: ir.Operation) -> tuple[ir.TypeNode, ...]:
    found: list[ir.TypeNode] = []
    for response in op.success_responses:
        returned = returned_type(response)
        if returned not in found:
            found.append(returned)
    if not found:
        return (_NONE,)
    if any(plain_annotation(t) == "Any" for t in found):
        return (_ANY,)  # `X | Any` says no more than `Any`
    return tuple(found)
