"""Hand-written stand-ins for generated models: just enough to exercise the runtime. Response models
build on the runtime's `Model` (lenient parsing, deviations), as generated ones do."""

from __future__ import annotations

from decimal import Decimal
from enum import Enum

from pydantic import BaseModel, ConfigDict, Field

from ._base_model import Model


class PaymentMethod(str, Enum):
    ACCOUNT_BALANCE = "ACCOUNT_BALANCE"
    CARD = "CARD"


class Error(Model):
    type: str
    message: str | None = None
    help: str | None = None


class NewOrder(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    payment_method: PaymentMethod
    face_value: Decimal = Field(gt=0)
    product_code: str = Field(alias="productCode")
    external_ref: str | None = Field(default=None, alias="externalRef")


class Order(Model):
    id: str
    status: str
    total: Decimal | None = None


class Balance(Model):
    """`amount` is a Decimal; a response with junk in it is returned with `amount` unusable."""

    currency: str
    amount: Decimal


class Product(Model):
    code: str
    name: str


class Cursors(Model):
    before: str | None = None
    after: str | None = None


class PageInfo(Model):
    cursors: Cursors


class ProductPage(Model):
    data: list[Product]
    pagination: PageInfo
