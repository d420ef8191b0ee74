"""Hand-written stand-in for a generated `_client.py`, calling the runtime exactly as the generated code does."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator, Mapping
from typing import Any, Literal, cast

import httpx

from . import models
from ._base_client import (
    NOT_GIVEN,
    AsyncAPIClient,
    ClientConfig,
    Endpoint,
    NotGiven,
    Pagination,
    RawResponse,
    ResponseSpec,
    SecurityScheme,
    SyncAPIClient,
)

CONFIG = ClientConfig(
    package_name="runa_fake",
    package_version="2024-02-05",
    api_version="2024-02-05",
    version_header="X-Api-Version",
    env_prefix="RUNA",
    servers=(
        ("playground", "https://playground.runa.io/v2"),
        ("production", "https://api.runa.io/v2"),
    ),
    security_schemes=(SecurityScheme(name="ApiKeyAuth", kind="apiKey", location="header", param_name="X-Api-Key"),),
    error_type_field="type",
    retry_error_types=frozenset({"idempotency_in_progress"}),
    rate_limit_min_wait=5.0,
    retry_error_min_wait=2.0,
)

_ERRORS = (
    ResponseSpec("400", "json", models.Error),
    ResponseSpec("401", "json", models.Error),
    ResponseSpec("403", "json", models.Error),
    ResponseSpec("404", "json", models.Error),
    ResponseSpec("5XX", "json", models.Error),
)

PING = Endpoint(
    operation_id="ping",
    method="GET",
    path="/ping",
    responses=(ResponseSpec("200", "json", dict[str, Any]),),
    idempotent=True,
)
GET_BALANCE = Endpoint(
    operation_id="getBalance",
    method="GET",
    path="/balance",
    responses=(ResponseSpec("200", "json", models.Balance), *_ERRORS),
    idempotent=True,
    security=("ApiKeyAuth",),
)
GET_SINGLE_ORDER = Endpoint(
    operation_id="getSingleOrder",
    method="GET",
    path="/order/{id}",
    responses=(ResponseSpec("200", "json", models.Order), *_ERRORS),
    idempotent=True,
    security=("ApiKeyAuth",),
)
CREATE_ORDER = Endpoint(
    operation_id="createOrder",
    method="POST",
    path="/order",
    responses=(
        ResponseSpec("200", "json", models.Order),
        ResponseSpec("202", "json", models.Order),
        ResponseSpec("204", "empty", None),
        ResponseSpec("422", "json", dict[str, Any]),
        ResponseSpec("default", "json", models.Error),
    ),
    body_kind="json",
    body_type=models.NewOrder,
    idempotency_header="X-Idempotency-Key",
    security=("ApiKeyAuth",),
)
LIST_PRODUCTS = Endpoint(
    operation_id="getProducts",
    method="GET",
    path="/product",
    responses=(ResponseSpec("200", "json", models.ProductPage), *_ERRORS),
    idempotent=True,
    security=("ApiKeyAuth",),
    pagination=Pagination(cursor_param="after", cursor_path=("pagination", "cursors", "after"), items_attr="data"),
)


class OrdersResource:
    def __init__(self, client: SyncAPIClient) -> None:
        self._client = client
        self.with_raw_response = OrdersResourceWithRawResponse(client)

    def get_single_order(
        self,
        *,
        id: str,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
    ) -> models.Order:
        return cast(
            models.Order,
            self._client.request(
                GET_SINGLE_ORDER, path_params={"id": id}, extra_headers=extra_headers, timeout=timeout
            ),
        )

    def create_order(
        self,
        *,
        body: models.NewOrder | dict[str, Any],
        x_idempotency_key: str | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
    ) -> models.Order | None:
        return cast(
            "models.Order | None",
            self._client.request(
                CREATE_ORDER,
                headers={"X-Idempotency-Key": x_idempotency_key},
                body=body,
                extra_headers=extra_headers,
                timeout=timeout,
            ),
        )


class OrdersResourceWithRawResponse:
    def __init__(self, client: SyncAPIClient) -> None:
        self._client = client

    def create_order(
        self,
        *,
        body: models.NewOrder | dict[str, Any],
        x_idempotency_key: str | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> RawResponse:
        return self._client.request_raw(
            CREATE_ORDER, headers={"X-Idempotency-Key": x_idempotency_key}, body=body, extra_headers=extra_headers
        )


class ProductsResource:
    def __init__(self, client: SyncAPIClient) -> None:
        self._client = client

    def get_products(
        self,
        *,
        is_orderable: bool | None = None,
        countries: list[str] | None = None,
        after: str | None = None,
        limit: int | None = None,
    ) -> models.ProductPage:
        return cast(
            models.ProductPage,
            self._client.request(
                LIST_PRODUCTS,
                query={"is_orderable": is_orderable, "countries": countries, "after": after, "limit": limit},
            ),
        )

    def iter_get_products(
        self, *, is_orderable: bool | None = None, after: str | None = None, limit: int | None = None
    ) -> Iterator[models.Product]:
        return cast(
            "Iterator[models.Product]",
            self._client.paginate(LIST_PRODUCTS, query={"is_orderable": is_orderable, "after": after, "limit": limit}),
        )


class AsyncOrdersResource:
    def __init__(self, client: AsyncAPIClient) -> None:
        self._client = client

    async def get_single_order(
        self, *, id: str, timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN
    ) -> models.Order:
        return cast(models.Order, await self._client.request(GET_SINGLE_ORDER, path_params={"id": id}, timeout=timeout))

    async def create_order(
        self, *, body: models.NewOrder | dict[str, Any], x_idempotency_key: str | None = None
    ) -> models.Order | None:
        return cast(
            "models.Order | None",
            await self._client.request(CREATE_ORDER, headers={"X-Idempotency-Key": x_idempotency_key}, body=body),
        )


class AsyncProductsResource:
    def __init__(self, client: AsyncAPIClient) -> None:
        self._client = client

    def iter_get_products(self, *, after: str | None = None) -> AsyncIterator[models.Product]:
        return cast("AsyncIterator[models.Product]", self._client.paginate(LIST_PRODUCTS, query={"after": after}))


class RunaClient(SyncAPIClient):
    def __init__(
        self,
        api_key: str | None = None,
        *,
        environment: str | None = None,
        base_url: str | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        max_retries: int = 2,
        http_client: httpx.Client | None = None,
        default_headers: Mapping[str, str] | None = None,
        response_validation: Literal["lenient", "strict"] = "lenient",
    ) -> None:
        super().__init__(
            config=CONFIG,
            credentials={"ApiKeyAuth": api_key if api_key is not None else os.environ.get("RUNA_API_KEY")},
            environment=environment,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            http_client=http_client,
            default_headers=default_headers,
            response_validation=response_validation,
        )
        self._bind_resources()

    def _bind_resources(self) -> None:
        self.orders = OrdersResource(self)
        self.products = ProductsResource(self)


class AsyncRunaClient(AsyncAPIClient):
    def __init__(
        self,
        api_key: str | None = None,
        *,
        environment: str | None = None,
        base_url: str | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        max_retries: int = 2,
        http_client: httpx.AsyncClient | None = None,
        default_headers: Mapping[str, str] | None = None,
        response_validation: Literal["lenient", "strict"] = "lenient",
    ) -> None:
        super().__init__(
            config=CONFIG,
            credentials={"ApiKeyAuth": api_key if api_key is not None else os.environ.get("RUNA_API_KEY")},
            environment=environment,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            http_client=http_client,
            default_headers=default_headers,
            response_validation=response_validation,
        )
        self._bind_resources()

    def _bind_resources(self) -> None:
        self.orders = AsyncOrdersResource(self)
        self.products = AsyncProductsResource(self)
