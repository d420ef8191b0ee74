"""What the fake API of `<package>.testing` needs from the spec, beside the rest of the IR.

- For each operation, the body of each documented JSON response: the spec's own examples (in
  their order), then a value built from the schema (`examples.schema_example`). The fake serves the
  first that passes the models' validation once the members that break the schema are left out
  (it records each one it leaves out): Runa's examples break its schemas (`help: null`), and the
  fake must never send what the client's strict validation refuses.
- For each object model, a JSON object built from its schema (its required members, from the spec's
  property examples): what the fake fills in for members a stored object does not give itself.
- The state rules of the generator options (`fake:`), kept only where this spec has the operations
  they name; a rule naming an operation this spec lacks is a located warning, never a silent no-op.

Values are bounded in size: a spec's example can be any size, and the fake does not need a large one.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from . import fake_ir, ir
from .diagnostics import Diagnostic, Location
from .examples import node_at, schema_example
from .resolve import Node, ResolvedSpec

_MAX_EXAMPLE_CHARS = 20_000  # a spec example larger than this is left to the schema-built value
_MAX_TEMPLATES = 2_000  # models with templates per package (Stripe's spec has ~4000 definitions)


def fake_data(
    spec: ResolvedSpec,
    operations: tuple[ir.Operation, ...],
    definitions: tuple[ir.Definition, ...],
    webhooks: tuple[ir.Webhook, ...],
    rules: fake_ir.FakeRules,
    options_file: Path | None,
    warnings: list[Diagnostic],
) -> fake_ir.FakeData:
    """The response bodies, model templates and state rules of the fake."""
    built: dict[tuple[str, str], object] = {}  # schema -> its built body: responses share schemas (errors)
    responses = tuple(
        (op.operation_id, tuple(_response_examples(spec, op, built))) for op in operations if op.operation_id
    )
    rules = _applicable(rules, operations, definitions, options_file, warnings)
    stateful = bool(rules.collections or rules.balance or rules.prices)
    # Templates serve only the state (objects projected onto response models): none for a stateless fake.
    models = [d for d in definitions if isinstance(d, ir.ObjectModel) and d.source][:_MAX_TEMPLATES] if stateful else []
    templates = []
    for model in models:
        node = node_at(spec, model.source)
        value = schema_example(spec, node, every_property=False) if node is not None else None
        if isinstance(value, dict) and _small(value):
            templates.append((model.name, value))
    return fake_ir.FakeData(rules, responses, tuple(templates), _seed_examples(spec, rules, operations, definitions))


def _seed_examples(
    spec: ResolvedSpec,
    rules: fake_ir.FakeRules,
    operations: tuple[ir.Operation, ...],
    definitions: tuple[ir.Definition, ...],
) -> tuple[tuple[str, object], ...]:
    """The item model of each seeded collection, built with every property from the spec's
    examples: a seeded item leaves out what a test does not care about, but the API's objects carry
    their optional members (a product its denominations), and a fake whose products have none
    accepts any face value where the API refuses it."""
    by_id = {op.operation_id: op for op in operations}
    aliases = {d.name: d.type for d in definitions if isinstance(d, ir.AliasModel)}
    models = {d.name: d for d in definitions if isinstance(d, ir.ObjectModel)}
    found: dict[str, object] = {}
    for collection in rules.collections:
        if collection.create is not None or collection.list is None:
            continue
        item = _listed_item(by_id[collection.list], aliases)
        item = item.inner if isinstance(item, ir.Nullable) else item
        model = models.get(item.name) if isinstance(item, ir.ModelRef) else None
        node = node_at(spec, model.source) if model is not None and model.source else None
        value = schema_example(spec, node, every_property=True) if node is not None else None
        if model is not None and isinstance(value, dict) and _small(value):
            found[model.name] = value
    return tuple(found.items())


def _response_examples(
    spec: ResolvedSpec, op: ir.Operation, built_by_schema: dict[tuple[str, str], object]
) -> list[fake_ir.ResponseExample]:
    found = []
    for response in op.responses:
        if response.kind != "json":
            continue
        media = _json_media(spec, op, response.status)
        values: list[object] = []
        for pointer in response.example_sources:
            node = node_at(spec, pointer)
            if node is None:
                continue
            node = spec.follow(node)
            value = node.value.get("value") if "/examples/" in pointer and isinstance(node.value, dict) else node.value
            if _small(value) and value not in values:
                values.append(value)
        own = len(values)
        if media is not None and isinstance(media.value, dict) and isinstance(media.value.get("schema"), dict):
            schema = spec.follow(media.child("schema"))
            if schema.key not in built_by_schema:
                built_by_schema[schema.key] = schema_example(spec, schema, every_property=True)
            built = built_by_schema[schema.key]
            if _small(built) and built not in values:
                values.append(built)
        if values:
            found.append(fake_ir.ResponseExample(response.status, tuple(values), own))
    return found


def _json_media(spec: ResolvedSpec, op: ir.Operation, status: str) -> Node | None:
    operation = node_at(spec, op.source)
    if operation is None or not isinstance(operation.value, dict):
        return None
    responses = operation.value.get("responses")
    if not isinstance(responses, dict) or status not in responses:
        return None
    response = spec.follow(operation.child("responses", status))
    content = response.value.get("content") if isinstance(response.value, dict) else None
    if not isinstance(content, dict):
        return None
    for media_type in content:
        base = str(media_type).split(";")[0].strip().lower()
        if base == "application/json" or base.endswith("+json"):
            return response.child("content", media_type)
    return None


def _small(value: object) -> bool:
    try:
        return len(json.dumps(value, default=str)) <= _MAX_EXAMPLE_CHARS
    except (TypeError, ValueError):
        return False


def _applicable(
    rules: fake_ir.FakeRules,
    operations: tuple[ir.Operation, ...],
    definitions: tuple[ir.Definition, ...],
    options_file: Path | None,
    warnings: list[Diagnostic],
) -> fake_ir.FakeRules:
    """`rules` without the parts that name an operation, a parameter, a status or a member of the
    catalogue's objects this spec does not have (each one warned): a rule is never a silent no-op."""
    where = str(options_file) if options_file is not None else "generator options"
    by_id = {op.operation_id: op for op in operations}
    models = {d.name: d for d in definitions if isinstance(d, ir.ObjectModel)}

    def warn(message: str, pointer: str) -> None:
        warnings.append(Diagnostic(f"fake: {message}", Location(where, pointer)))

    def missing(operation_id: str | None, pointer: str) -> bool:
        if operation_id is None or operation_id in by_id:
            return False
        warn(f"operation {operation_id!r} is not in this spec; the fake keeps no state for it", pointer)
        return True

    def has_parameter(operation_id: str, name: str, location: str, pointer: str) -> bool:
        if any(p.wire_name == name and p.location == location for p in by_id[operation_id].parameters):
            return True
        warn(f"{operation_id} has no {location} parameter {name!r}; the rule is left out", pointer)
        return False

    def query_parameter(operation_id: str | None, name: str | None, pointer: str) -> str | None:
        """`name` when the operation declares it as a query parameter (else warned: None)."""
        if operation_id is None or name is None:
            return None
        return name if has_parameter(operation_id, name, "query", pointer) else None

    aliases = {d.name: d.type for d in definitions if isinstance(d, ir.AliasModel)}
    collections = []
    for index, rule in enumerate(rules.collections):
        pointer = f"/fake/collections/{index}"
        if missing(rule.create, pointer + "/create"):
            continue
        fetch = None if missing(rule.fetch, pointer + "/fetch") else rule.fetch
        listing = None if missing(rule.list, pointer + "/list") else rule.list
        if rule.create is None and listing is None:
            continue  # a seeded collection this spec cannot list
        filters = tuple(
            f
            for i, f in enumerate(rule.filters)
            if listing is not None and has_parameter(listing, f.param, "query", f"{pointer}/filters/{i}/param")
        )
        limit = query_parameter(listing, rule.limit_param, pointer + "/limit_param")
        before = query_parameter(listing, rule.before_param, pointer + "/before_param")
        listed = _listed_item(by_id[listing], aliases) if listing is not None else None
        populated = []
        for member, condition, value in rule.populated_when:
            absent = [m for m in (member, condition) if not _has_member(models, listed, (m,))]
            if absent:
                warn(
                    f"the objects {listing or rule.create} lists have no member {absent[0]!r}; "
                    f"the condition on {member!r} is left out",
                    f"{pointer}/populated_when/{member}",
                )
            else:
                populated.append((member, condition, value))
        collections.append(
            replace(
                rule,
                fetch=fetch,
                list=listing,
                filters=filters,
                limit_param=limit,
                before_param=before,
                populated_when=tuple(populated),
            )
        )
    balance = rules.balance
    if balance is not None and missing(balance.operation, "/fake/balance/operation"):
        balance = None
    prices = rules.prices
    if prices is not None:
        kept = tuple(op for i, op in enumerate(prices.operations) if not missing(op, f"/fake/prices/operations/{i}"))
        catalogue = prices.catalogue if prices.catalogue in {c.list for c in collections} else None
        if prices.catalogue is not None and catalogue is None:
            warn(
                f"catalogue {prices.catalogue!r} is no collection of this spec; no item has a discount",
                "/fake/prices/catalogue",
            )
        prices = replace(prices, operations=kept, catalogue=catalogue) if kept else None
    lists = by_id[prices.catalogue] if prices is not None and prices.catalogue else None
    item = _listed_item(lists, aliases) if lists is not None else None
    if prices is not None and prices.product_aliases:
        named = tuple(path for path in prices.product_aliases if _has_member(models, item, path))
        for index, path in enumerate(prices.product_aliases):
            if path not in named:
                warn(
                    f"the catalogue's objects have no member {'.'.join(path)}; no product is named by it",
                    f"/fake/prices/product_aliases/{index}",
                )
        prices = replace(prices, product_aliases=named)
    if prices is not None and prices.fx is not None:
        answers = [r.type for op in prices.operations for r in by_id[op].success_responses]
        if not any(_has_member(models, kind, (prices.fx.by_currency,)) for kind in answers):
            warn(
                f"no answer of {', '.join(prices.operations)} has a member {prices.fx.by_currency!r}; "
                "items in another currency are paid 1:1",
                "/fake/prices/fx/by_currency",
            )
            prices = replace(prices, fx=None)
    refusals = []
    for index, refusal in enumerate(rules.refusals):
        pointer = f"/fake/refusals/{index}"
        if missing(refusal.operation, pointer + "/operation"):
            continue
        if refusal.status not in {r.status for r in by_id[refusal.operation].responses}:
            warn(
                f"{refusal.operation} documents no status {refusal.status}; the refusal is left out",
                pointer + "/status",
            )
            continue
        header = refusal.when_header
        if header is not None and not has_parameter(refusal.operation, header[0], "header", pointer + "/when_header"):
            continue
        if refusal.check == "params_exclusive":  # reads the query, not items or products
            where = pointer + "/params"
            if all([has_parameter(refusal.operation, name, "query", where) for name in refusal.params]):
                refusals.append(refusal)
            continue
        if prices is None or (refusal.check not in _CATALOGUE_FREE_CHECKS and prices.catalogue is None):
            warn("no items or catalogue of products to check against; the refusal is left out", pointer + "/check")
            continue
        # `members` are alternatives (the first present counts): one of them is enough here.
        members = [path for path in refusal.members if _has_member(models, item, path)]
        if refusal.members and not members:
            names = ", ".join(".".join(path) for path in refusal.members)
            warn(f"the catalogue's objects have no member {names}; the refusal is left out", pointer + "/members")
            continue
        refusals.append(replace(refusal, members=tuple(members)))
    quotes = []
    for index, quote in enumerate(rules.quotes):
        pointer = f"/fake/quotes/{index}"
        if missing(quote.operation, pointer + "/operation"):
            continue
        if not any(r.operation == quote.of for r in refusals):
            warn(f"no refusal of {quote.of} applies to this spec; the quote is left out", pointer + "/of")
            continue
        if quote.status not in {r.status for r in by_id[quote.operation].responses}:
            warn(f"{quote.operation} documents no status {quote.status}; the quote's refusals are left out", pointer)
            continue
        quotes.append(quote)
    return fake_ir.FakeRules(tuple(collections), balance, rules.idempotency, prices, tuple(refusals), tuple(quotes))


# The refusal checks that read only the request's items, not the products of the catalogue.
_CATALOGUE_FREE_CHECKS = ("items_at_most", "face_value_whole", "face_value_places")


def _listed_item(operation: ir.Operation, aliases: dict[str, ir.TypeNode]) -> ir.TypeNode | None:
    """The type of an object a list operation lists: its page's item, or its bare list's (named or not)."""
    if operation.pagination is not None:
        return operation.pagination.item_type
    success = operation.success_responses
    kind = success[0].type if success else None
    kind = aliases.get(kind.name, kind) if isinstance(kind, ir.ModelRef) else kind
    return kind.item if isinstance(kind, ir.ListOf) else None


def _has_member(models: dict[str, ir.ObjectModel], kind: ir.TypeNode | None, path: tuple[str, ...]) -> bool:
    """Whether objects of `kind` can hold a member at the wire `path` (through nullables, and any
    branch of a union)."""
    if not path:
        return True
    if isinstance(kind, ir.Nullable):
        return _has_member(models, kind.inner, path)
    if isinstance(kind, ir.ListOf):  # a member of each item
        return _has_member(models, kind.item, path)
    if isinstance(kind, ir.UnionOf):
        return any(_has_member(models, option, path) for option in kind.options)
    model = models.get(kind.name) if isinstance(kind, ir.ModelRef) else None
    field = next((f for f in model.fields if f.wire_name == path[0]), None) if model is not None else None
    return field is not None and _has_member(models, field.type, path[1:])
