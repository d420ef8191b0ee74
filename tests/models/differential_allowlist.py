"""Reviewed differences between our models and datamodel-code-generator's (test_differential.py).

Each key is (who rejects, the rejecting side's errors as (error type, field)): the instances that
one side accepts and the other rejects for that reason. Every entry must still be observed (a fixed
difference leaves the list), and every observed difference must be listed here, with its reason.
Both sides validate strictly (dcg has no lenient mode); on responses our models accept all of
these (see test_model_features.py, "lenient responses").
"""

from __future__ import annotations

WE_REJECT = "we reject, dcg accepts"
DCG_REJECTS = "dcg rejects, we accept"

_MONEY = (
    "money is Decimal (generator option `decimal`: order totals are amounts): a total that is not a decimal "
    "numeral is rejected; dcg types Runa's `total_price: {type: string}` as str. The generated instances "
    "of CompletedOrderWithFullDetails all carry random totals, so our narrowing of SyncCompletedOrder.status "
    "to COMPLETED (dcg keeps the whole OrderStatusEnum) shows only together with them"
)

ALLOWED: dict[tuple[str, frozenset[tuple[str, str]]], str] = {
    (DCG_REJECTS, frozenset({("missing", "type")})): (
        "our pinned discriminator: a property whose schema is a single-value enum (NewAccountPayment.type "
        "= ACCOUNT_BALANCE) defaults to its only value and is always sent, so users never write it; dcg "
        "makes it a required field"
    ),
    (WE_REJECT, frozenset({("unique_items", "values")})): (
        "`uniqueItems: true` (MultipleProduct.values): enforced by our UniqueItems; dcg types it as a " "plain list"
    ),
    (WE_REJECT, frozenset({("email", "email_address")})): (
        "`format: email`: checked by our EmailFormat (no extra dependency); dcg's EmailStr needs the "
        "optional email-validator package, which the test environment does not have, so the test maps "
        "dcg's email format to str"
    ),
    **{
        (WE_REJECT, frozenset(reasons)): _MONEY
        for reasons in (
            {("decimal_parsing", "total_price")},
            {("decimal_parsing", "total_discount"), ("decimal_parsing", "total_price")},
            {("decimal_parsing", "total_discount"), ("literal_error", "status")},
            {("decimal_parsing", "total_discount"), ("decimal_parsing", "total_price"), ("literal_error", "status")},
        )
    },
}
