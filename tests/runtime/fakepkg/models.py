"""Hand-written stand-ins for generated models (no `_base_model.py`): just enough to exercise the runtime."""

from __future__ import annotations

from decimal import Decimal
from enum import Enum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, ValidatorFunctionWrapHandler, field_validator


class PaymentMethod(str, Enum):
    ACCOUNT_BALANCE = "ACCOUNT_BALANCE"
    CARD = "CARD"


class Error(BaseModel):
    model_config = ConfigDict(extra="allow")
    type: str
    message: str | None = None
    help: str | None = None


class NewOrder(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    payment_method: PaymentMethod
    face_value: Decimal = Field(gt=0)
    product_code: str = Field(alias="productCode")
    external_ref: str | None = Field(default=None, alias="externalRef")


class Order(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: str
    status: str
    total: Decimal | None = None


class Balance(BaseModel):
    """`amount` is a Decimal on requests, but kept raw on responses when the server sends junk (like the real models)."""

    model_config = ConfigDict(extra="allow")
    currency: str
    amount: Decimal

    @field_validator("amount", mode="wrap")
    @classmethod
    def _lenient_amount(cls, value: Any, handler: ValidatorFunctionWrapHandler, info: ValidationInfo) -> Any:
        try:
            return handler(value)
        except ValueError:
            if isinstance(info.context, dict) and info.context.get("lenient"):
                return value
            raise


class Product(BaseModel):
    code: str
    name: str


class Cursors(BaseModel):
    before: str | None = None
    after: str | None = None


class PageInfo(BaseModel):
    cursors: Cursors


class ProductPage(BaseModel):
    data: list[Product]
    pagination: PageInfo
