"""The generated `webhooks` module of a Runa package: typed, discriminated payloads, and signatures
checked against the `standardwebhooks` package (the Standard Webhooks scheme Svix signs with)."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from standardwebhooks.webhooks import Webhook

from ..packages import GeneratedPackage
from ..support import HAND_CHECKED

VERSION = HAND_CHECKED[1].version  # the version whose operations and models these tests name

pytestmark = pytest.mark.slow  # see pyproject's `markers`

SECRET = "whsec_" + base64.b64encode(b"e2e-webhook-secret-0123456789abc").decode()
COMPLETED = {
    "id": "O-01H5WQGHKCBB85MQFM68S9KJ5Q",
    "status": "COMPLETED",
    "created_at": "2024-08-24T14:15:22Z",
    "payment_method": {"type": "ACCOUNT_BALANCE", "currency": "USD"},
    "currency": "USD",
    "total_price": "10.00",
    "total_discount": "0.00",
    "items": [],
}
FAILED = {"id": "O-01H5WQGHKCBB85MQFM68S9KJ5Q", "status": "FAILED"}


@pytest.fixture
def webhooks(packages: dict[str, GeneratedPackage]) -> Any:
    return packages[VERSION].module.webhooks


def signed(body: bytes, *, at: datetime | None = None, secret: str = SECRET) -> dict[str, str]:
    when = at or datetime.now(UTC)
    return {
        "svix-id": "msg_2a1B3c",
        "svix-timestamp": str(int(when.timestamp())),
        "svix-signature": Webhook(secret).sign("msg_2a1B3c", when, body.decode()),
    }


@pytest.mark.parametrize("form", [bytes, str, dict])
def test_order_completion_is_told_apart_by_status(
    webhooks: Any, packages: dict[str, GeneratedPackage], form: type
) -> None:
    models = packages[VERSION].module.models
    for payload, expected in ((COMPLETED, models.CompletedOrderWebhook), (FAILED, models.FailedOrderWebhook)):
        text = json.dumps(payload)
        given = {bytes: text.encode(), str: text, dict: payload}[form]
        event = webhooks.parse_order_completion(given)
        assert type(event) is expected and event.id == payload["id"]


def test_verify_accepts_what_standardwebhooks_signs(webhooks: Any, packages: dict[str, GeneratedPackage]) -> None:
    body = json.dumps(COMPLETED, indent=1).encode()  # any spacing: bytes as sent
    event = webhooks.verify_and_parse_order_completion(body, signed(body), SECRET)
    assert type(event) is packages[VERSION].module.models.CompletedOrderWebhook
    webhooks.verify(body, {k.upper(): v for k, v in signed(body).items()}, SECRET)  # header names are case-insensitive
    standard = {k.replace("svix-", "webhook-"): v for k, v in signed(body).items()}
    Webhook(SECRET).verify(body, standard)  # the oracle agrees (it reads the webhook-* names)
    webhooks.verify(body, standard, SECRET)  # and so do we


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(lambda body, headers: (json.dumps(json.loads(body)).encode(), headers), id="reserialised-body"),
        pytest.param(lambda body, headers: (body, {**headers, "svix-signature": "v1,AAAA"}), id="bad-signature"),
        pytest.param(
            lambda body, headers: (body, signed(body, at=datetime.now(UTC) - timedelta(minutes=6))), id="stale"
        ),
        pytest.param(
            lambda body, headers: (body, signed(body, at=datetime.now(UTC) + timedelta(minutes=6))), id="future"
        ),
        pytest.param(
            lambda body, headers: (body, signed(body, secret="whsec_" + base64.b64encode(b"x" * 32).decode())),
            id="other-secret",
        ),
        pytest.param(lambda body, headers: (body, {}), id="no-headers"),
    ],
)
def test_verify_rejects(webhooks: Any, packages: dict[str, GeneratedPackage], tamper: Any) -> None:
    body = json.dumps(FAILED, indent=2).encode()
    bad_body, bad_headers = tamper(body, signed(body))
    with pytest.raises(packages[VERSION].module.errors.WebhookVerificationError):
        webhooks.verify_and_parse_order_completion(bad_body, bad_headers, SECRET)


def test_product_update(webhooks: Any, packages: dict[str, GeneratedPackage]) -> None:
    body = json.dumps(
        {"product_code": "XYZ-US", "old_state": {"state": "LIVE"}, "new_state": {"state": "DISABLED"}}
    ).encode()
    update = webhooks.verify_and_parse_product_update(body, signed(body), SECRET)
    assert type(update) is packages[VERSION].module.models.ProductUpdateWebhook and update.product_code == "XYZ-US"
    assert set(webhooks.__all__) >= {
        "verify",
        "parse_order_completion",
        "parse_product_update",
        "WebhookVerificationError",
    }
