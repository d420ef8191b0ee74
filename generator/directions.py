"""Request shapes of the models whose properties differ by direction (`readOnly`, `writeOnly`).

A `readOnly` property is only ever sent by the server, a `writeOnly` one only by the client. One class
cannot type both directions honestly (a required `id` the client must not send, a required `password`
the server never returns), so a model keeps its name as the *response* shape (readOnly properties as
declared, writeOnly ones optional: a response never holds them), and where a request body holds a
model that differs, itself or through the models inside it, the body takes its *request* shape
`<Name>Request`: no readOnly properties, writeOnly ones as declared, inner models in their request
shapes. Models that do not differ have one class for both directions, as before.
"""

from __future__ import annotations

from collections import deque
from dataclasses import replace

from . import ir
from .naming import NameRegistry
from .pysource import uses


def split_by_direction(
    definitions: tuple[ir.Definition, ...], operations: list[ir.Operation], class_names: NameRegistry
) -> tuple[tuple[ir.Definition, ...], list[ir.Operation]]:
    """The definitions with request shapes added after the models they shape, and the operations
    whose request bodies use them."""
    by_name = {d.name: d for d in definitions}
    differing = _differing(by_name)
    request_names: dict[str, str] = {}
    for op in operations if differing else ():  # (no walks where no model differs: most specs)
        if op.body is not None:
            for name in _reachable([op.body.type], by_name):
                if name in differing and name not in request_names:
                    request_names[name] = class_names.claim(name + "Request")
    result: list[ir.Definition] = []
    for definition in definitions:
        result.append(_response_shape(definition))
        if definition.name in request_names:
            result.append(_request_shape(definition, request_names))
    operations = [_operation_as_sent(op, request_names) for op in operations]
    return tuple(result), operations


def _operation_as_sent(op: ir.Operation, request_names: dict[str, str]) -> ir.Operation:
    """Parameters and the body typed as sent: request shapes, no `Unknown...` members."""
    body = replace(op.body, type=_as_sent(op.body.type, request_names)) if op.body is not None else None
    parameters = tuple(replace(p, type=_as_sent(p.type, request_names)) for p in op.parameters)
    return replace(op, body=body, parameters=parameters)


def _differs_itself(definition: ir.Definition) -> bool:
    return isinstance(definition, ir.ObjectModel) and any(
        f.read_only or (f.write_only and f.required) for f in definition.fields
    )


def _used_names(definition: ir.Definition) -> set[str]:
    if isinstance(definition, ir.ObjectModel):
        types = [f.type for f in definition.fields] + ([definition.extra] if definition.extra is not None else [])
        return set().union(*(uses(t) for t in types)) if types else set()
    if isinstance(definition, ir.AliasModel):
        return uses(definition.type)
    return set()


def _differing(by_name: dict[str, ir.Definition]) -> set[str]:
    """Names of the definitions whose request shape differs from their response shape (to a fixpoint:
    a model holding one that differs differs too, through cycles as well)."""
    differing = {name for name, d in by_name.items() if _differs_itself(d)}
    used = {name: _used_names(d) for name, d in by_name.items()}
    changed = True
    while changed:
        changed = False
        for name in by_name:
            if name not in differing and used[name] & differing:
                differing.add(name)
                changed = True
    return differing


def _reachable(types: list[ir.TypeNode], by_name: dict[str, ir.Definition]) -> list[str]:
    """Definitions any of `types` refers to, directly or through other definitions, in a stable
    order (one walk from all of them: Stripe's ~4000 definitions are densely linked)."""
    found: dict[str, None] = {}  # ordered, and a set
    pending = deque(name for type_ in types for name in sorted(uses(type_)))
    while pending:
        name = pending.popleft()
        if name in found or name not in by_name:
            continue
        found[name] = None
        pending += sorted(_used_names(by_name[name]))
    return list(found)


def _response_shape(definition: ir.Definition) -> ir.Definition:
    """A response never holds a writeOnly property: it is optional there, whatever `required` says."""
    if not isinstance(definition, ir.ObjectModel) or not any(f.write_only and f.required for f in definition.fields):
        return definition
    fields = tuple(replace(f, required=False) if f.write_only else f for f in definition.fields)
    return replace(definition, fields=fields)


def _request_shape(definition: ir.Definition, names: dict[str, str]) -> ir.Definition:
    name = names[definition.name]
    doc = f"The request shape of `{definition.name}`: " + (
        "without its read-only properties, with its write-only ones."
        if isinstance(definition, ir.ObjectModel)
        else "the models it holds in their request shapes."
    )
    doc = f"{definition.doc}\n\n{doc}" if definition.doc else doc
    if isinstance(definition, ir.ObjectModel):
        fields = tuple(
            replace(f, type=_as_sent(f.type, names), default_value=_renamed_default(f.default_value, names))
            for f in definition.fields
            if not f.read_only
        )
        extra = _as_sent(definition.extra, names) if definition.extra is not None else None
        return replace(definition, name=name, fields=fields, extra=extra, doc=doc, request_shape_of=definition.name)
    if isinstance(definition, ir.AliasModel):
        return replace(
            definition, name=name, type=_as_sent(definition.type, names), doc=doc, request_shape_of=definition.name
        )
    return definition


def _renamed_default(value: ir.DefaultValue | None, names: dict[str, str]) -> ir.DefaultValue | None:
    """A default of a renamed model is validated into the request shape."""
    if isinstance(value, ir.ModelDefault):
        return ir.ModelDefault(names.get(value.model_name, value.model_name), value.value)
    if isinstance(value, ir.ListDefault):
        return replace(value, items=tuple(_renamed_default(i, names) or i for i in value.items))
    if isinstance(value, ir.MapDefault):
        return ir.MapDefault(tuple((k, _renamed_default(v, names) or v) for k, v in value.items))
    return value


def _as_sent(type_: ir.TypeNode, names: dict[str, str]) -> ir.TypeNode:
    """`type_` as the client sends it: every reference to a renamed definition points at its request
    shape, and its unions have no `Unknown...` member (only a received value can fit no option)."""
    if isinstance(type_, ir.ModelRef):
        return ir.ModelRef(names.get(type_.name, type_.name))
    if isinstance(type_, ir.ListOf):
        return replace(type_, item=_as_sent(type_.item, names))
    if isinstance(type_, ir.MapOf):
        return replace(type_, value=_as_sent(type_.value, names))
    if isinstance(type_, ir.TupleOf):
        rest = _as_sent(type_.rest, names) if type_.rest is not None else None
        return ir.TupleOf(tuple(_as_sent(i, names) for i in type_.items), rest)
    if isinstance(type_, ir.Nullable):
        return ir.Nullable(_as_sent(type_.inner, names))
    if isinstance(type_, ir.UnionOf) and type_.open_enum:
        return type_  # its `Unknown...` class is sent only when the caller builds one in so many words
    if isinstance(type_, ir.UnionOf):
        discriminator = type_.discriminator
        if discriminator is not None:
            mapping = tuple((value, names.get(branch, branch)) for value, branch in discriminator.mapping)
            discriminator = replace(discriminator, mapping=mapping)
        return ir.UnionOf(tuple(_as_sent(o, names) for o in type_.options), discriminator, unknown=None)
    return type_  # Primitive, LiteralOf, EnumMemberRef: nothing named that could differ


def sent_only_definitions(api: ir.Api) -> frozenset[str]:
    """Names of the definitions reachable from request parameters or bodies and never from a
    response or webhook payload: their money fields take an `int` as well as a `Decimal`."""
    by_name = {definition.name: definition for definition in api.definitions}
    sent: list[ir.TypeNode] = []
    received: list[ir.TypeNode] = []
    for operation in api.operations:
        sent += [p.type for p in operation.parameters] + ([operation.body.type] if operation.body else [])
        received += [response.type for response in operation.responses if response.type is not None]
    received += [webhook.type for webhook in api.webhooks]
    # One walk from all roots of each side: one walk per root went through Stripe's ~4000 densely
    # linked definitions 2,575 times (8 s of rendering).
    return frozenset(_reachable(sent, by_name)) - frozenset(_reachable(received, by_name))
