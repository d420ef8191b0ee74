"""One valid call of every operation of every Runa version, with realistic arguments.

`expected` names the model the response must parse into when the spec names it (a component);
for inline response schemas the test checks the type the operation declares for the status.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Call:
    resource: str
    operation: str
    kwargs: dict[str, Any] = field(default_factory=dict)
    expected: str | None = None
    extra_headers: dict[str, str] = field(default_factory=dict)

    @property
    def id(self) -> str:
        mode = self.kwargs.get("execution_mode")
        return f"{self.resource}.{self.operation}" + (f"[{mode}]" if mode else "")


NEW_ORDER_2024: dict[str, Any] = {
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
ESTIMATE_2024: dict[str, Any] = {
    "payment_method": {"type": "ACCOUNT_BALANCE", "currency": "USD"},
    "items": [{"face_value": 25, "products": {"type": "MULTIPLE", "values": ["AMZ-US", "AIRBNB-US"]}}],
}
NEW_ORDER_2023: dict[str, Any] = {
    "payment_method": {"type": "ACCOUNT_BALANCE", "currency": "USD"},
    "items": [
        {
            "face_value": 10,
            "distribution_method": {"type": "PAYOUT_LINK"},
            "products": {"type": "SINGLE", "value": "AMZ-US"},
        }
    ],
    "description": "Quarterly rewards",
}
ESTIMATE_2023: dict[str, Any] = {
    "payment_method": {"type": "ACCOUNT_BALANCE", "currency": "GBP"},
    "items": [{"face_value": 25, "products": {"type": "SINGLE", "value": "AMZ-US"}}],
}
ORDER_ID = "O-01H5WQGHKCBB85MQFM68S9KJ5Q"
ASYNC_ANSWER = {"Prefer": "code=202"}  # Prism answers the first 2xx unless told; Runa picks by mode

CALLS: dict[str, list[Call]] = {
    "2023-07-27": [
        Call("balance", "get_balance", {"currency": "USD"}),
        Call("products", "get_products", {"country_code": "US"}),
        Call(
            "orders",
            "get_list_of_orders",
            {"limit": 10},
            "PageableResultUnionCompletedOrderWithBasicDetailsIncompleteOrder",
        ),
        Call(
            "orders",
            "create_order",
            {"body": NEW_ORDER_2023, "execution_mode": "sync"},
            "SyncCompletedOrderWithFullDetails",
        ),
        Call("orders", "create_order", {"body": NEW_ORDER_2023, "execution_mode": "async"}, "OrderTask", ASYNC_ANSWER),
        Call("orders", "get_single_order", {"id": ORDER_ID}),
        Call("orders", "estimate_order_price", {"body": ESTIMATE_2023}, "OrderPriceResponse"),
    ],
    "2024-02-05": [
        Call("utility", "ping"),
        Call("balance", "get_balance", {"currency": "USD"}),
        Call("orders", "get_list_of_orders", {"limit": 10}),
        Call("orders", "create_order", {"body": NEW_ORDER_2024, "execution_mode": "sync"}, "SyncCompletedOrder"),
        Call(
            "orders",
            "create_order",
            {"body": NEW_ORDER_2024, "execution_mode": "async"},
            "AsyncAcceptedOrder",
            ASYNC_ANSWER,
        ),
        Call("orders", "get_single_order", {"id": ORDER_ID}),
        Call("orders", "estimate_order_price", {"body": ESTIMATE_2024}, "OrderPriceResponse"),
        Call(
            "products",
            "get_products",
            {"is_orderable": True, "countries_redeemable_in": ["US", "GB"], "categories": ["fashion"], "limit": 50},
        ),
        Call("products", "get_single_product", {"product_code": "AMZ-US", "content": "md"}, "Product"),
        Call("products", "list_products_countries"),
        Call("products", "list_products_categories"),
    ],
}
