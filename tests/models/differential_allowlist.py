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

ALLOWED: dict[tuple[str, frozenset[tuple[str, str]]], str] = {
    (DCG_REJECTS, frozenset({("missing", "type")})): (
        "our pinned discriminator: a property whose schema is a single-value enum (NewAccountPayment.type "
        "= ACCOUNT_BALANCE) defaults to its only value and is always sent, so users never write it; dcg "
        "makes it a required field"
    ),
    (DCG_REJECTS, frozenset({("missing", "status")})): (
        "our narrowing: SyncCompletedOrder.status is narrowed by allOf to COMPLETED, its only value, so it "
        "defaults to it like any pinned property; dcg keeps the wide OrderStatusEnum, required"
    ),
    (WE_REJECT, frozenset({("literal_error", "status")})): (
        "our narrowing: SyncCompletedOrder = CompletedOrderWithFullDetails + `status: enum [COMPLETED]`; "
        "dcg drops the narrowing and accepts PROCESSING/FAILED (instances here come from the wider "
        "CompletedOrderWithFullDetails schema)"
    ),
    (WE_REJECT, frozenset({("unique_items", "values")})): (
        "`uniqueItems: true` (MultipleProduct.values): enforced by our UniqueItems; dcg types it as a " "plain list"
    ),
    (WE_REJECT, frozenset({("extra_forbidden", "*")})): (
        "an undeclared key in a request: refused (naming the closest declared key) unless the schema allows "
        "additional properties in so many words, which none of Runa's request schemas does; dcg follows "
        "JSON Schema's default and accepts it. Responses keep it on our side too (lenient)"
    ),
    (WE_REJECT, frozenset({("email", "email_address")})): (
        "`format: email`: checked by our EmailFormat (no extra dependency); dcg's EmailStr needs the "
        "optional email-validator package, which the test environment does not have, so the test maps "
        "dcg's email format to str"
    ),
    (WE_REJECT, frozenset({("money_float", "face_value")})): (
        "money is never a float on the wire (issue 23): a money field (the options' `decimal` rule) given a "
        "binary float is refused before sending, naming the field (pass a Decimal or a str); dcg types it "
        "as a plain number and accepts 0.1 + 0.2"
    ),
}
