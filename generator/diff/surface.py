"""The generated Python package's surface, compared between two IRs: classes, fields, methods, parameters.

This is what a caller of the generated client feels, whatever the wire did: a schema renamed in
`components` is no API change but a Python class removed and another added. Methods, arguments,
return types and fields are read from `generator/surface.py`, the objects `render/` writes the
signatures from, so a change reported here is a change in the generated code.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from .. import ir
from ..diagnostics import join_pointer
from ..pysource import plain_annotation
from ..surface import Attribute, Method, attribute_of, method_of
from .changes import NONE, Change
from .rules import level_of


class _Recorder:
    def __init__(self, old: ir.Api, new: ir.Api, old_file: str, new_file: str) -> None:
        self.old_file, self.new_file = old_file, new_file
        self.old_aliases = {d.name: d.type for d in old.definitions if isinstance(d, ir.AliasModel)}
        self.new_aliases = {d.name: d.type for d in new.definitions if isinstance(d, ir.AliasModel)}
        self.changes: list[Change] = []

    def same_type(self, old: ir.TypeNode | None, new: ir.TypeNode | None) -> bool:
        """Equal once type aliases are seen through (`str` -> `OrderId`, an alias of `str`, is no change)."""
        if _type(old) == _type(new):
            return True
        if old is None or new is None:
            return False
        return _type(_expanded(old, self.old_aliases, 0)) == _type(_expanded(new, self.new_aliases, 0))

    def old_type(self, node: ir.TypeNode) -> str:
        return _shown(node, self.old_aliases)

    def new_type(self, node: ir.TypeNode) -> str:
        return _shown(node, self.new_aliases)

    def add(self, what: str, where: str, message: str, source: str, *, old: bool = False, when: str = "") -> None:
        """Record a change of kind `python-<what>`; its level is rules.py's."""
        self.changes.append(
            Change(
                id=f"python-{what}",
                level=level_of(f"python-{what}", NONE, when),
                area="python",
                direction=NONE,
                operation=where,
                operation_id="",
                json_pointer=source,
                source=f"{self.old_file if old else self.new_file}#{source}",
                message=message,
            )
        )


def surface_changes(old: ir.Api, new: ir.Api, *, old_file: str, new_file: str) -> list[Change]:
    """Every difference in what the two generated packages offer their callers."""
    record = _Recorder(old, new, old_file, new_file)
    _compare_definitions(old.definitions, new.definitions, record)
    _compare_client(old, new, record)
    _compare_webhooks(old.webhooks, new.webhooks, record)
    return record.changes


def _type(node: ir.TypeNode | None) -> str:
    return "None" if node is None else plain_annotation(node, prefix="")


def _shown(node: ir.TypeNode, aliases: dict[str, ir.TypeNode]) -> str:
    """The annotation in backticks; an alias also with what it stands for: `OrderDescription` (= `str | None`)."""
    text, expanded = _type(node), _type(_expanded(node, aliases, 0))
    return f"`{text}`" if text == expanded else f"`{text}` (= `{expanded}`)"


def _expanded(node: ir.TypeNode, aliases: dict[str, ir.TypeNode], depth: int) -> ir.TypeNode:
    """`node` with every reference to a type alias replaced by what it stands for."""
    if depth > 20:
        return node  # a recursive alias: compare by name from here on
    if isinstance(node, ir.ModelRef) and node.name in aliases:
        return _expanded(aliases[node.name], aliases, depth + 1)
    if isinstance(node, ir.ListOf):
        return replace(node, item=_expanded(node.item, aliases, depth + 1), constraints=ir.Constraints())
    if isinstance(node, ir.MapOf):
        return replace(node, value=_expanded(node.value, aliases, depth + 1), constraints=ir.Constraints())
    if isinstance(node, ir.Nullable):
        inner = _expanded(node.inner, aliases, depth + 1)
        return inner if isinstance(inner, ir.Nullable) else ir.Nullable(inner)
    if isinstance(node, ir.UnionOf):
        return ir.UnionOf(tuple(_expanded(o, aliases, depth + 1) for o in node.options))
    if isinstance(node, ir.Primitive):
        return ir.Primitive(node.name)
    return node


def _kind(definition: ir.Definition) -> str:
    return {ir.ObjectModel: "model", ir.EnumModel: "enum", ir.AliasModel: "type alias"}[type(definition)]


def _compare_definitions(old: Iterable[ir.Definition], new: Iterable[ir.Definition], record: _Recorder) -> None:
    before = {d.name: d for d in old}
    after = {d.name: d for d in new}
    for name in sorted(before.keys() - after.keys()):
        record.add(
            "class-removed",
            f"models.{name}",
            f"{_kind(before[name])} `{name}` removed",
            before[name].source,
            old=True,
        )
    for name in sorted(after.keys() - before.keys()):
        record.add("class-added", f"models.{name}", f"{_kind(after[name])} `{name}` added", after[name].source)
    for name in sorted(before.keys() & after.keys()):
        a, b = before[name], after[name]
        where = f"models.{name}"
        if type(a) is not type(b):
            record.add("class-kind-changed", where, f"`{name}` changed from a {_kind(a)} to a {_kind(b)}", b.source)
        elif isinstance(a, ir.ObjectModel) and isinstance(b, ir.ObjectModel):
            _compare_fields(name, a.fields, b.fields, record)
        elif isinstance(a, ir.EnumModel) and isinstance(b, ir.EnumModel):
            members_before = {m.value: m.python_name for m in a.members}
            members_after = {m.value: m.python_name for m in b.members}
            for value in sorted(members_before.keys() - members_after.keys(), key=str):
                record.add(
                    "enum-member-removed",
                    where,
                    f"enum `{name}`: member `{members_before[value]}` ({value!r}) removed",
                    b.source,
                )
            for value in sorted(members_after.keys() - members_before.keys(), key=str):
                record.add(
                    "enum-member-added",
                    where,
                    f"enum `{name}`: member `{members_after[value]}` ({value!r}) added",
                    b.source,
                )
        elif isinstance(a, ir.AliasModel) and isinstance(b, ir.AliasModel) and not record.same_type(a.type, b.type):
            record.add(
                "alias-type-changed",
                where,
                f"type alias `{name}` changed from {record.old_type(a.type)} to {record.new_type(b.type)}",
                b.source,
            )


def _compare_fields(model: str, old: tuple[ir.Field, ...], new: tuple[ir.Field, ...], record: _Recorder) -> None:
    before: dict[str, Attribute] = {f.python_name: attribute_of(f) for f in old}
    after: dict[str, Attribute] = {f.python_name: attribute_of(f) for f in new}
    where = f"models.{model}"
    for name in sorted(before.keys() - after.keys()):
        record.add("field-removed", where, f"model `{model}`: field `{name}` removed", before[name].source, old=True)
    for name in sorted(after.keys() - before.keys()):
        field = after[name]
        if field.required:
            record.add(
                "field-added-required",
                where,
                f"model `{model}`: required field `{name}: {_type(field.type)}` added (code that builds `{model}` must pass it)",
                field.source,
            )
        else:
            record.add(
                "field-added",
                where,
                f"model `{model}`: optional field `{name}: {_type(field.type)}` added",
                field.source,
            )
    for name in sorted(before.keys() & after.keys()):
        a, b = before[name], after[name]
        if not record.same_type(a.type, b.type):
            record.add(
                "field-type-changed",
                where,
                f"model `{model}`: field `{name}` changed type from {record.old_type(a.type)} to {record.new_type(b.type)}",
                b.source,
            )
        if a.required != b.required:
            what = "field-became-required" if b.required else "field-became-optional"
            text = "became required" if b.required else "became optional (it may be None or missing)"
            record.add(what, where, f"model `{model}`: field `{name}` {text}", b.source)
        if a.wire_name != b.wire_name:
            record.add(
                "field-wire-name-changed",
                where,
                f"model `{model}`: field `{name}` now maps to `{b.wire_name}` (was `{a.wire_name}`)",
                b.source,
            )


def _methods(api: ir.Api) -> dict[tuple[str, str], Method]:
    methods: dict[tuple[str, str], Method] = {}
    for resource in api.resources:
        for op in resource.operations:
            method = method_of(op)
            methods[(resource.attribute, method.name)] = method
            if op.pagination is not None:
                methods[(resource.attribute, "iter_" + method.name)] = method
    return methods


def _compare_client(old: ir.Api, new: ir.Api, record: _Recorder) -> None:
    client = new.client_name
    if old.client_name != new.client_name:
        record.add(
            "client-renamed",
            client,
            f"client class renamed from `{old.client_name}` to `{new.client_name}`",
            "",
        )
    _compare_named(
        {s.argument: s.kind for s in old.security_schemes},
        {s.argument: s.kind for s in new.security_schemes},
        record,
        f"{client}(...)",
        "credential argument",
        "credential",
    )
    _compare_named(
        {s.environment: s.url for s in old.servers},
        {s.environment: s.url for s in new.servers},
        record,
        f"{client}(environment=...)",
        "environment",
        "environment",
    )
    before_resources = {r.attribute for r in old.resources}
    after_resources = {r.attribute for r in new.resources}
    for name in sorted(before_resources - after_resources):
        record.add("resource-removed", f"client.{name}", f"`client.{name}` removed", "", old=True)
    for name in sorted(after_resources - before_resources):
        record.add("resource-added", f"client.{name}", f"`client.{name}` added", "")
    before, after = _methods(old), _methods(new)
    for key in sorted(before.keys() - after.keys()):
        record.add(
            "method-removed",
            f"client.{key[0]}.{key[1]}",
            f"method `client.{key[0]}.{key[1]}()` removed",
            before[key].operation.source,
            old=True,
        )
    for key in sorted(after.keys() - before.keys()):
        record.add(
            "method-added",
            f"client.{key[0]}.{key[1]}",
            f"method `client.{key[0]}.{key[1]}()` added",
            after[key].operation.source,
        )
    for key in sorted(before.keys() & after.keys()):
        _compare_method(
            f"client.{key[0]}.{key[1]}", before[key], after[key], paginated=key[1].startswith("iter_"), record=record
        )


def _compare_named(
    before: dict[str, str], after: dict[str, str], record: _Recorder, where: str, noun: str, stem: str
) -> None:
    for name in sorted(before.keys() - after.keys()):
        record.add(f"{stem}-removed", where, f"`{where}`: {noun} `{name}` removed", "", old=True)
    for name in sorted(after.keys() - before.keys()):
        record.add(f"{stem}-added", where, f"`{where}`: {noun} `{name}` added", "")
    for name in sorted(before.keys() & after.keys()):
        if before[name] != after[name]:
            record.add(
                f"{stem}-changed",
                where,
                f"`{where}`: {noun} `{name}` changed from `{before[name]}` to `{after[name]}`",
                "",
            )


def _arguments(method: Method) -> dict[str, tuple[ir.TypeNode, bool, str]]:
    """Method arguments: python name -> (type, required, source)."""
    return {a.name: (a.type, a.required, a.source) for a in method.arguments}


def _literal_values(node: ir.TypeNode) -> frozenset[object]:
    """The values of a `Literal[...]` type (optionally `| None`); empty for any other type."""
    if isinstance(node, ir.Nullable):
        inner = _literal_values(node.inner)
        return inner | {None} if inner else inner
    return frozenset(node.values) if isinstance(node, ir.LiteralOf) else frozenset()


def _returns(method: Method, aliases: dict[str, ir.TypeNode] | None = None) -> str:
    """What the method is annotated to return (type aliases expanded when `aliases` are given)."""
    returned = method.returns if aliases is None else tuple(_expanded(t, aliases, 0) for t in method.returns)
    return " | ".join(dict.fromkeys(_type(t) for t in returned))


def _compare_method(where: str, old: Method, new: Method, *, paginated: bool, record: _Recorder) -> None:
    before, after = _arguments(old), _arguments(new)
    method = f"`{where}()`"
    for name in sorted(before.keys() - after.keys()):
        record.add("parameter-removed", where, f"{method}: argument `{name}` removed", before[name][2], old=True)
    for name in sorted(after.keys() - before.keys()):
        annotation, required, source = after[name]
        if required:
            record.add(
                "parameter-added-required",
                where,
                f"{method}: required argument `{name}: {_type(annotation)}` added",
                source,
            )
        else:
            record.add(
                "parameter-added",
                where,
                f"{method}: optional argument `{name}: {_type(annotation)}` added",
                source,
            )
    for name in sorted(before.keys() & after.keys()):
        (old_type, old_required, _), (new_type, new_required, source) = before[name], after[name]
        if not record.same_type(old_type, new_type):
            # An argument that now accepts more literal values breaks no caller.
            wider = _literal_values(old_type) < _literal_values(new_type)
            record.add(
                "parameter-type-changed",
                where,
                f"{method}: argument `{name}` changed type from {record.old_type(old_type)} to {record.new_type(new_type)}",
                source,
                when="more literal values" if wider else "other",
            )
        if old_required != new_required:
            what = "parameter-became-required" if new_required else "parameter-became-optional"
            record.add(
                what,
                where,
                f"{method}: argument `{name}` became {'required' if new_required else 'optional'}",
                source,
            )
    old_pages, new_pages = old.operation.pagination, new.operation.pagination
    if paginated and old_pages is not None and new_pages is not None:
        if not record.same_type(old_pages.item_type, new_pages.item_type):
            text = f"{method}: yields `{_type(new_pages.item_type)}` (was `{_type(old_pages.item_type)}`)"
            record.add("return-type-changed", where, text, new.operation.source)
    elif _returns(old) != _returns(new) and _returns(old, record.old_aliases) != _returns(new, record.new_aliases):
        record.add(
            "return-type-changed",
            where,
            f"{method}: returns `{_returns(new)}` (was `{_returns(old)}`)",
            new.operation.source,
        )


def _compare_webhooks(old: tuple[ir.Webhook, ...], new: tuple[ir.Webhook, ...], record: _Recorder) -> None:
    before = {w.python_name: w for w in old}
    after = {w.python_name: w for w in new}
    for name in sorted(before.keys() - after.keys()):
        record.add(
            "webhook-removed",
            f"webhooks.{name}",
            f"webhook `{before[name].key}` (`{name}`) removed",
            join_pointer("/webhooks", before[name].key),
            old=True,
        )
    for name in sorted(after.keys() - before.keys()):
        record.add(
            "webhook-added",
            f"webhooks.{name}",
            f"webhook `{after[name].key}` (`{name}`) added",
            join_pointer("/webhooks", after[name].key),
        )
    for name in sorted(before.keys() & after.keys()):
        if not record.same_type(before[name].type, after[name].type):
            text = f"webhook `{name}` payload changed type from {record.old_type(before[name].type)} to {record.new_type(after[name].type)}"
            record.add("webhook-type-changed", f"webhooks.{name}", text, join_pointer("/webhooks", after[name].key))
