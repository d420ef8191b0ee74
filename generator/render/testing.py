"""The view of `testing.py` and its `_fake_data.json`: the fake's routes and state rules as the
runtime's constructor calls, and its example bodies and model templates as JSON data.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields, replace
from typing import Any

from .. import fake_ir, ir, layout
from ..pysource import annotation, comment_line, docstring, literal, plain_annotation, uses
from .client import endpoint_constant
from .readme import FakeRulesDocs, TestingReadmeView, fake_rules_docs, testing_readme_view


@dataclass(frozen=True)
class RouteView:
    constant: str  # the operation's `Endpoint` in `_client.py`
    python_name: str
    parameters: str  # `parameters=(Parameter(...), ...),` as black lays it out


@dataclass(frozen=True)
class FakeWebhookView:
    key: str
    type: str


@dataclass(frozen=True)
class TestingView:
    """`testing.py`'s fake (and what the README says about it)."""

    class_name: str
    credential_argument: str
    routes: list[RouteView]
    model_imports: list[str]
    webhooks: list[FakeWebhookView]
    collections: list[str]
    balance: str
    idempotency: str
    prices: str
    refusals: list[str]
    quotes: list[str]
    fx: bool  # the prices convert currencies (`Fx` is imported)
    readme: TestingReadmeView | None
    rules: FakeRulesDocs
    stateful: bool
    state_summary: str
    state_summary_doc: str


def testing_view(api: ir.Api) -> TestingView:
    """`testing.py`: the fake's routes and state rules, as literals (its JSON values: `fake_data_json`)."""
    fake = api.fake or fake_ir.FakeData(fake_ir.FakeRules(), (), ())
    used: set[str] = set()
    routes = []
    for op in api.operations:
        parameters = []
        for p in op.parameters:
            used |= uses(p.type)
            default = literal(p.default) if p.has_default else "None"
            type_ = layout.of_expression(annotation(p.type))
            arguments = [literal(p.wire_name), literal(p.location), literal(p.required), type_, default]
            parameters.append(layout.of_call("Parameter", arguments))
        routes.append(
            RouteView(
                constant=endpoint_constant(op),
                python_name=literal(op.python_name),
                # Laid out as black lays them out (layout.py), at their depth in the template.
                parameters=layout.laid_out(layout.of_tuple(parameters), 12, "parameters=", ","),
            )
        )
    rules = fake.rules
    readme = testing_readme_view(api, rules)
    scheme = api.security_schemes[0] if api.security_schemes else None
    credential = ("('user', 'test')" if scheme.kind == "basic" else '"test"') if scheme else ""
    return TestingView(
        class_name="Fake" + (api.client_name.removesuffix("Client") or "Api"),
        credential_argument=f"{scheme.argument}={credential}, " if scheme else "",
        routes=routes,
        model_imports=sorted(used),
        webhooks=[FakeWebhookView(key=literal(w.key), type=plain_annotation(w.type)) for w in api.webhooks],
        collections=[layout.laid_out(_rule_layout(c), 8, tail=",") for c in rules.collections],
        balance=_rule_argument("balance", rules.balance),
        idempotency=_rule_argument("idempotency", rules.idempotency),
        prices=_rule_argument("prices", rules.prices),
        refusals=[layout.laid_out(_rule_layout(r), 8, tail=",") for r in rules.refusals],
        quotes=[layout.laid_out(_rule_layout(q), 8, tail=",") for q in rules.quotes],
        fx=rules.prices is not None and rules.prices.fx is not None,
        readme=readme,
        rules=fake_rules_docs(api, rules),
        stateful=bool(rules.collections or rules.balance or rules.idempotency or rules.prices),
        state_summary=_state_summary(api, rules),
        state_summary_doc=docstring(_state_summary(api, rules) + ".", "    ")[3:-3],
    )


def fake_data_json(api: ir.Api) -> str:
    """`_fake_data.json`: the fake's example bodies (operation's Python name -> status -> bodies),
    model templates and the examples seeded items are filled from. JSON, not Python: values are data the fake reads on first use, and as source
    they were most of a large spec's package for black to format (Stripe: one 8 MB statement).
    ASCII only (any string survives, lone surrogates included); keys as text, as JSON has them."""
    fake = api.fake or fake_ir.FakeData(fake_ir.FakeRules(), (), ())
    names = {op.operation_id: op.python_name for op in api.operations}
    data = {
        "examples": {
            names[operation_id]: {e.status: [_json_keys(v) for v in e.values] for e in examples}
            for operation_id, examples in fake.responses
            if examples and operation_id in names
        },
        "templates": {name: _json_keys(value) for name, value in fake.templates},
        "seeds": {name: _json_keys(value) for name, value in fake.seed_examples},
        "own": {
            names[operation_id]: {e.status: e.own for e in examples if e.own}
            for operation_id, examples in fake.responses
            if any(e.own for e in examples) and operation_id in names
        },
    }
    return json.dumps(data, indent=1, ensure_ascii=True, default=str) + "\n"


def _json_keys(value: Any) -> Any:
    """`value` with every mapping key as text, spelled as the spec's loader read it (`str(key)`:
    a YAML key `1` becomes "1" here as in the generated literals before; json would write `true`
    for a boolean key where str() writes "True")."""
    if isinstance(value, dict):
        return {str(k): _json_keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_keys(v) for v in value]
    return value


# The runtime's class (`_fake_api.py`, `_fake_rules.py`; `testing` re-exports them) for each rule of the IR,
# and the fields that are mappings there.
_RULE_CLASSES = {
    fake_ir.FakeCollection: "Collection",
    fake_ir.FakeFilter: "Filter",
    fake_ir.FakePrices: "Prices",
    fake_ir.FakeFx: "Fx",
    fake_ir.FakeRefusal: "Refusal",
    fake_ir.FakeQuote: "Quote",
    fake_ir.FakeBalance: "Balance",
    fake_ir.FakeIdempotency: "IdempotencyErrors",
}
_PAIR_FIELDS = {"status_by_response", "advance", "webhooks", "item_members", "detail", "incomplete"}


def _rule_layout(rule: Any) -> layout.Bracketed:
    """The runtime's constructor call for a rule of the `fake:` options, `Name(field=value, ...)`,
    laid out as black lays it out; pairs become dicts (the runtime reads them as mappings)."""
    arguments: list[layout.Layout] = []
    for field in fields(rule):
        value = getattr(rule, field.name)
        argument = layout.of_value(dict(value)) if field.name in _PAIR_FIELDS else _rule_value(value)
        if isinstance(argument, layout.Bracketed):
            arguments.append(replace(argument, open=f"{field.name}={argument.open}"))
        else:
            arguments.append(f"{field.name}={argument}")
    return layout.of_call(_RULE_CLASSES[type(rule)], arguments)


def _rule_value(value: Any) -> layout.Layout:
    if isinstance(value, tuple):
        if not value:
            return "()"
        return layout.Bracketed("(", tuple(_rule_value(item) for item in value), ")", one_tuple=len(value) == 1)
    if type(value) in _RULE_CLASSES:
        return _rule_layout(value)
    return literal(value)


def _rule_argument(name: str, rule: Any) -> str:
    """`name=Rule(...),` at the depth of `ApiDescription`'s arguments (None when there is no rule)."""
    return layout.laid_out(_rule_layout(rule) if rule is not None else "None", 4, f"{name}=", ",")


def _state_summary(api: ir.Api, rules: fake_ir.FakeRules) -> str:
    """One sentence per kind of state, naming the operations as the client's methods."""
    names = {op.operation_id: f"`{op.python_name}`" for op in api.operations}
    parts = []
    for c in rules.collections:
        reads = " and ".join(names[op] for op in (c.fetch, c.list) if op)
        made = names[c.create] if c.create else f'`fake.seed("{names[c.list or ""].strip("`")}", items)`'
        verb = "creates" if c.create else "puts in"
        text = f"what {made} {verb} is read back by {reads}" if reads else f"{made} keeps what it creates"
        moves = ", ".join(f"{before} to {after}" for before, after in c.advance)
        parts.append(text + (f", and `fake.advance()` moves it from {moves}" if moves else ""))
    if rules.balance:
        parts.append(f"{names[rules.balance.operation]} reports a balance that pays for it")
    if rules.idempotency:
        parts.append(
            "a reused idempotency key replays the first answer (errors included), or answers "
            f"`{rules.idempotency.mismatch_type}` (another body) or `{rules.idempotency.in_progress_type}` (still in progress)"
        )
    return comment_line("; ".join(parts))
