"""Requests are checked against the spec before anything is sent (issue: honest types, part 6).

Through the generated Runa clients (sync and async) against the scripted server: a parameter value its
schema refuses (`limit` above its maximum, a value outside an enum), an undeclared key in a body given
as a dict or as model keywords, and a union member no branch accepts each raise a `ValidationError`
that names the model (or the operation's parameters), lists the allowed values or the closest declared
key, and nothing reaches the server. Valid calls still go through, so each refusal is the check's.
"""

from __future__ import annotations

import asyncio
import copy
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pydantic
import pytest

from ..packages import GeneratedPackage
from ..scripted_server import ScriptedServer, Step
from ..support import HAND_CHECKED
from .calls import NEW_ORDER
from .conftest import API_KEY

pytestmark = pytest.mark.timeout(60)

VERSION = HAND_CHECKED[1].version  # the version whose operations and models these tests name
MODES = ["sync", "async"]
PAGE = {"items": [], "pagination": {"cursors": {"before": None, "after": None}, "has_more": False}}


def call(module: Any, mode: str, url: str, operation: Callable[[Any], Any]) -> Any:
    """`operation(client.orders or client.products)` through a fresh client in `mode`."""
    if mode == "sync":
        with module.RunaClient(api_key=API_KEY, base_url=url, max_retries=0) as client:
            return operation(client)

    async def main() -> Any:
        async with module.AsyncRunaClient(api_key=API_KEY, base_url=url, max_retries=0) as client:
            return await operation(client)

    return asyncio.run(main())


def refused(module: Any, mode: str, server: ScriptedServer, operation: Callable[[Any], Any]) -> str:
    """The message of the ValidationError `operation` raises; the server must have seen nothing."""
    with pytest.raises(pydantic.ValidationError) as caught:
        call(module, mode, server.url, operation)
    assert server.received == []  # refused before sending
    return str(caught.value)


def new_order(**changes: Any) -> dict[str, Any]:
    body = copy.deepcopy(NEW_ORDER)
    body.update(changes)
    return body


@pytest.mark.parametrize("mode", MODES)
def test_a_query_value_above_its_maximum_is_refused(
    packages: dict[str, GeneratedPackage], scripted_server: Callable[..., ScriptedServer], mode: str
) -> None:
    module = packages[VERSION].module
    server = scripted_server(Step(200, PAGE))
    message = refused(module, mode, server, lambda c: c.orders.get_list_of_orders(limit=1000))
    assert "getListOfOrders parameters" in message and "query.limit" in message
    assert "less than or equal to 500" in message
    call(module, mode, server.url, lambda c: c.orders.get_list_of_orders(limit=500))  # the maximum itself goes
    assert [r.path for r in server.received] == ["/v2/order?limit=500"]


@pytest.mark.parametrize("mode", MODES)
def test_a_value_outside_an_enum_is_refused_listing_the_allowed_values(
    packages: dict[str, GeneratedPackage], scripted_server: Callable[..., ScriptedServer], mode: str
) -> None:
    module = packages[VERSION].module
    server = scripted_server(Step(200, {}))
    product = module.models
    assert product  # the operation reads a product's content in one of three formats
    message = refused(
        module, mode, server, lambda c: c.products.get_single_product(product_code="AMZ-US", content="pdf")
    )
    assert "query.content" in message and "'url', 'md' or 'html'" in message


@pytest.mark.parametrize("mode", MODES)
def test_a_misspelt_body_key_is_refused_naming_the_closest_declared_key(
    packages: dict[str, GeneratedPackage], scripted_server: Callable[..., ScriptedServer], mode: str
) -> None:
    module = packages[VERSION].module
    server = scripted_server(Step(200, {}))
    body = new_order(descripton="for Fred")
    message = refused(module, mode, server, lambda c: c.orders.create_order(body=body, execution_mode="sync"))
    assert message.startswith("1 validation error for NewOrderDetails")
    assert "NewOrderDetails has no field 'descripton'; did you mean 'description'?" in message


def test_a_misspelt_model_keyword_is_refused_naming_the_closest_field(packages: dict[str, GeneratedPackage]) -> None:
    models = packages[VERSION].module.models
    with pytest.raises(pydantic.ValidationError) as caught:
        models.NewOrderDetails(**new_order(descripton="for Fred"))
    assert "NewOrderDetails has no field 'descripton'; did you mean 'description'?" in str(caught.value)
    with pytest.raises(pydantic.ValidationError) as nested:  # inside an item too, with its location
        models.NewOrderDetails(**new_order(items=[{**NEW_ORDER["items"][0], "face_vlaue": 10}]))
    assert "items.0.face_vlaue" in str(nested.value) and "did you mean 'face_value'?" in str(nested.value)


@pytest.mark.parametrize("mode", MODES)
def test_an_unknown_union_member_is_refused_listing_the_branches(
    packages: dict[str, GeneratedPackage], scripted_server: Callable[..., ScriptedServer], mode: str
) -> None:
    module = packages[VERSION].module
    server = scripted_server(Step(200, {}))
    item = {**NEW_ORDER["items"][0], "distribution_method": {"type": "FAX"}}
    body = new_order(items=[item])
    message = refused(module, mode, server, lambda c: c.orders.create_order(body=body, execution_mode="sync"))
    assert message.startswith("1 validation error for NewOrderDetails")  # the model, not a validator hook
    assert "items.0.distribution_method" in message and "'EMAIL', 'PAYOUT_LINK', 'RECIPIENT'" in message


@pytest.mark.parametrize("mode", MODES)
def test_a_valid_body_is_sent(
    packages: dict[str, GeneratedPackage], scripted_server: Callable[..., ScriptedServer], mode: str
) -> None:
    """The refusals above are the checks', not a client that sends nothing."""
    module = packages[VERSION].module
    server = scripted_server(Step(400, {"type": "bad_request", "message": "no"}))
    with pytest.raises(module.errors.BadRequestError):
        call(module, mode, server.url, lambda c: c.orders.create_order(body=new_order(), execution_mode="sync"))
    assert len(server.received) == 1


def test_a_model_changed_after_it_was_made_is_checked_as_it_changes(packages: dict[str, GeneratedPackage]) -> None:
    """An assignment or a `model_copy(update=...)` is checked as the constructor checks (pydantic's
    own leave both unchecked: a float amount, a description too long, were sent as they were)."""
    models = packages[VERSION].module.models
    body = models.NewOrderDetails.model_validate(new_order())
    item = body.items[0]
    for target, name, value, problem in (
        (item, "face_value", 10.5, "money must be exact"),
        (body, "description", "x" * 1000, "at most"),
        (body, "items", [], "at least 1 item"),
    ):
        with pytest.raises(pydantic.ValidationError, match=problem):
            setattr(target, name, value)
        with pytest.raises(pydantic.ValidationError, match=problem):
            target.model_copy(update={name: value})
    changed = body.model_copy(update={"description": "for Fred"})
    assert changed.description == "for Fred" and body.description == NEW_ORDER["description"]
    item.face_value = Decimal("12.50")
    assert item.face_value == Decimal("12.50") and "face_value" in item.model_fields_set
