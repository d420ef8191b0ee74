"""hypothesis-jsonschema instances of every request schema of Runa (the bodies of
createOrder and estimateOrderPrice, and every component schema they use) are accepted by our models
and sent back unchanged.

The JSON Schema given to hypothesis-jsonschema is the spec's schema with every `$ref` inlined and
`nullable` spelled as a `null` type (`support.json_schema`). Formats hypothesis-jsonschema cannot
generate are left out of it: none of Runa's request schemas has one (`decimal` and `html` appear in
responses only); `email` is generated (and our `EmailFormat` accepts what it generates).
Object schemas that say nothing about additional properties are closed (`support.closed_where_silent`):
the client refuses an undeclared key in a request unless the schema allows one in so many words
(test_an_undeclared_key_is_refused_on_requests shows the other side).
Patterns are generated without a final newline (hypothesis-jsonschema's ECMA-262 reading of `$`).
hypothesis-jsonschema 0.23.1 uses a hypothesis internal the pinned hypothesis changed (`many().more()`);
`support.hypothesis_jsonschema_on_this_hypothesis` adapts it, or no object could be generated.
"""

from __future__ import annotations

import importlib
import json
from typing import Any

import pydantic
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis_jsonschema import from_schema

from .support import (
    Package,
    closed_where_silent,
    hypothesis_jsonschema_on_this_hypothesis,
    json_schema,
    request_schemas,
    small_arrays,
)

pytestmark = pytest.mark.slow  # see pyproject's `markers`

hypothesis_jsonschema_on_this_hypothesis()

# Deterministic and small: hypothesis-jsonschema builds strategies while drawing (and hypothesis
# reads the source of every filter lambda it makes), so the two bodies take ~0.5 s per instance.
# Arrays are capped at 3 items for generation (`support.small_arrays`; still valid instances).
SETTINGS = settings(deadline=None, suppress_health_check=list(HealthCheck), database=None, derandomize=True)
BODY_EXAMPLES, COMPONENT_EXAMPLES = 10, 15


def _labels(package: Package) -> list[str]:
    return [label for label, _, _ in request_schemas(package)]


@pytest.fixture(scope="module")
def schemas(runa: Package) -> dict[str, tuple[Any, str]]:
    return {
        label: (closed_where_silent(small_arrays(json_schema(runa.spec, node))), annotation)
        for label, node, annotation in request_schemas(runa)
    }


def test_the_request_schemas_are_the_bodies_and_every_component_they_use(schemas: dict[str, tuple[Any, str]]) -> None:
    assert {
        "createOrder body",
        "estimateOrderPrice body",
        "NewOrderItemDetails",
        "RecipientDistribution",
        "UsageConfig",
        "OrderMetadata",
        "SingleProduct",
    } <= set(schemas)
    assert schemas["createOrder body"][1] == "NewOrderDetails"


LABELS = [
    "createOrder body", "estimateOrderPrice body", "NewOrderDetails", "NewAccountPayment", "AccountPaymentType", "CurrencyForAccount",
    "NewOrderItemDetails", "EmailDistribution", "EmailDistributionType", "DistributionEmailAddress", "RedemptionTemplateId",
    "LinkDistribution", "LinkDistributionType", "RecipientDistribution", "RecipientDistributionType", "SingleProductWithUsageConfig",
    "SingleProductType", "UsageConfig", "MultipleProduct", "MultipleProductType", "PayoutSelectionTemplate", "PayoutSelectionTemplateType",
    "PayoutSelectionTemplateId", "OrderDescription", "OrderMetadata", "OrderPriceRequest", "OrderItemPriceRequest", "SingleProduct",
]  # fmt: skip


def test_the_list_of_labels_is_the_walk_of_the_spec(runa: Package) -> None:
    assert _labels(runa) == LABELS  # the parametrization below is the walk, written out for test ids


# The bodies' own components (NewOrderDetails, OrderPriceRequest) are the bodies: generated once.
@pytest.mark.parametrize("label", [label for label in LABELS if label not in ("NewOrderDetails", "OrderPriceRequest")])
def test_generated_instances_are_accepted_and_sent_back_unchanged(
    runa: Package, schemas: dict[str, tuple[Any, str]], label: str
) -> None:
    schema, annotation = schemas[label]
    adapter = runa.adapter(annotation)

    @settings(SETTINGS, max_examples=BODY_EXAMPLES if label.endswith(" body") else COMPONENT_EXAMPLES)
    @given(from_schema(schema))
    def accepted(instance: Any) -> None:
        # as a caller's JSON reaches the client: numbers with a fraction keep their digits (a plain
        # binary float is refused as money, issue 23)
        wire = importlib.import_module(f"{runa.name}._base_model").loads(json.dumps(instance))
        parsed = adapter.validate_python(wire)  # strict: a request
        sent = json.loads(json.dumps(adapter.dump_python(parsed, mode="json", by_alias=True, exclude_unset=True)))
        assert sent == instance
        # The client's hookless validator of dict bodies (issue 27) reads the instance and each of
        # its mutants as the hooked validator does: the same refusals, the same values sent.
        for mutant in [wire, *_mutants(wire)]:
            assert _read(plain, mutant, adapter) == _read(adapter, mutant, adapter), mutant

    plain = _plain_request_validator(runa, annotation)
    assert plain is not None
    accepted()


def _plain_request_validator(package: Package, annotation: str) -> Any:
    parse = importlib.import_module(f"{package.name}._parse")
    return parse.plain_request_validator(package.evaluate(annotation))


def _read(validator: Any, value: Any, adapter: pydantic.TypeAdapter[Any]) -> Any:
    """What a validator makes of a request body: "refused", or the JSON it sends."""
    try:
        parsed = validator.validate_python(value)
    except pydantic.ValidationError:
        return "refused"
    return adapter.dump_json(parsed, by_alias=True, exclude_unset=True)


def _mutants(value: Any) -> list[Any]:
    """`value` changed in one place each: an undeclared key added to one of its objects, one key
    taken away, one discriminator-like string replaced, a key given by a changed spelling."""
    found: list[Any] = []
    if isinstance(value, dict):
        found.append({**value, "undeclared_key": 1})
        for key in value:
            found.append({k: v for k, v in value.items() if k != key})
            found.append({(k.upper() if k == key else k): v for k, v in value.items()})
            if isinstance(value[key], str):
                found.append({**value, key: "NOT_" + value[key]})
            found.extend({**value, key: inner} for inner in _mutants(value[key]))
    elif isinstance(value, list) and value:
        found.extend([inner, *value[1:]] for inner in _mutants(value[0]))
    return found


def test_an_undeclared_key_is_refused_on_requests(runa: Package) -> None:
    """Runa's request schemas never allow additional properties in so many words: a key the schema
    does not declare is refused, naming the closest declared one; a response keeps it."""
    adapter = runa.adapter("NewOrderItemDetails")
    item = {
        "face_value": 10,
        "distribution_method": {"type": "EMAIL", "email_address": "fred@example.com"},
        "products": {"type": "SINGLE", "value": "AMZ-US"},
    }
    adapter.validate_python(item)  # declared keys only: accepted
    with pytest.raises(pydantic.ValidationError) as caught:
        adapter.validate_python({**item, "facevalue": 10})
    assert [e["type"] for e in caught.value.errors()] == ["extra_forbidden"]
    assert "did you mean 'face_value'?" in str(caught.value)
