"""Webhook signature verification, checked against the `standardwebhooks` reference implementation."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from datetime import UTC, datetime, timedelta

import pytest
import standardwebhooks
from hypothesis import given, settings
from hypothesis import strategies as st

SECRET = "whsec_" + base64.b64encode(b"0123456789abcdef0123456789abcdef").decode()
NOW = datetime(2025, 3, 24, 12, 0, 0, tzinfo=UTC)
BODY = '{"event":"order.completion","data":{"id":"o1","status":"COMPLETED","note":"caf\u00e9"}}'


def signed_headers(body: str | bytes, *, msg_id="msg_1", when=NOW, secret=SECRET, prefix="svix-"):
    text = body.decode() if isinstance(body, bytes) else body
    signature = standardwebhooks.Webhook(secret).sign(msg_id, when, text)
    return {f"{prefix}id": msg_id, f"{prefix}timestamp": str(int(when.timestamp())), f"{prefix}signature": signature}


@pytest.fixture
def verify(pkg):
    return pkg.signing.verify


@pytest.fixture
def Invalid(pkg):
    return pkg.errors.WebhookVerificationError


@pytest.mark.parametrize("prefix", ["svix-", "webhook-"])
def test_accepts_a_delivery_signed_by_the_reference(verify, prefix):
    headers = signed_headers(BODY, prefix=prefix)
    assert verify(BODY.encode(), headers, SECRET, now=NOW) is None
    assert verify(BODY, headers, SECRET, now=NOW) is None


def test_header_names_are_case_insensitive(verify):
    headers = {name.upper(): value for name, value in signed_headers(BODY).items()}
    verify(BODY.encode(), headers, SECRET, now=NOW)


def test_secret_without_prefix_or_padding(verify):
    headers = signed_headers(BODY)
    verify(BODY, headers, SECRET.removeprefix("whsec_"), now=NOW)
    verify(BODY, headers, SECRET.rstrip("="), now=NOW)


def test_reference_accepts_what_we_accept(verify):
    headers = signed_headers(BODY, when=datetime.now(UTC))
    verify(BODY.encode(), headers, SECRET)
    standardwebhooks.Webhook(SECRET).verify(
        BODY.encode(), {k.replace("svix-", "webhook-"): v for k, v in headers.items()}
    )


def test_body_is_verified_as_raw_bytes_even_when_not_utf8(verify, Invalid):
    body = b'{"note":"\xff\xfe"}'
    key = base64.b64decode(SECRET.removeprefix("whsec_"))
    digest = hmac.new(key, b"msg_1." + str(int(NOW.timestamp())).encode() + b"." + body, hashlib.sha256).digest()
    headers = {
        "svix-id": "msg_1",
        "svix-timestamp": str(int(NOW.timestamp())),
        "svix-signature": "v1," + base64.b64encode(digest).decode(),
    }
    verify(body, headers, SECRET, now=NOW)
    with pytest.raises(Invalid):
        verify(body.decode("latin-1"), headers, SECRET, now=NOW)


def test_reserialised_json_fails(verify, Invalid):
    headers = signed_headers(BODY)
    reserialised = json.dumps(json.loads(BODY))  # same data, different bytes
    assert reserialised != BODY
    with pytest.raises(Invalid, match="no matching"):
        verify(reserialised.encode(), headers, SECRET, now=NOW)


@pytest.mark.parametrize(
    "tamper",
    [
        lambda body, h: (body + b" ", h),
        lambda body, h: (body.replace(b"o1", b"o2"), h),
        lambda body, h: (body, {**h, "svix-id": "msg_2"}),
        lambda body, h: (body, {**h, "svix-timestamp": str(int(h["svix-timestamp"]) + 1)}),
        lambda body, h: (body, {**h, "svix-signature": h["svix-signature"].replace("v1,", "v2,")}),
        lambda body, h: (body, {**h, "svix-signature": "v1," + base64.b64encode(b"x" * 32).decode()}),
        lambda body, h: (body, {**h, "svix-signature": "v1,not base64!"}),
        lambda body, h: (body, {**h, "svix-signature": "garbage"}),
        lambda body, h: (body, {**h, "svix-signature": h["svix-signature"][:-4] + "AAA="}),
    ],
)
def test_tampered_deliveries_fail(verify, Invalid, tamper):
    body, headers = tamper(BODY.encode(), signed_headers(BODY))
    with pytest.raises(Invalid):
        verify(body, headers, SECRET, now=NOW)


def test_wrong_secret_fails(verify, Invalid):
    other = "whsec_" + base64.b64encode(b"another secret of 32 bytes......").decode()
    with pytest.raises(Invalid):
        verify(BODY, signed_headers(BODY), other, now=NOW)


def test_one_matching_signature_among_several_is_enough(verify):
    headers = signed_headers(BODY)
    wrong = "v1," + base64.b64encode(b"y" * 32).decode()
    headers["svix-signature"] = f"v1a,xyz {wrong} {headers['svix-signature']} v2,abc"
    verify(BODY, headers, SECRET, now=NOW)


@pytest.mark.parametrize("missing", ["svix-id", "svix-timestamp", "svix-signature"])
def test_missing_headers_fail(verify, Invalid, missing):
    headers = signed_headers(BODY)
    del headers[missing]
    with pytest.raises(Invalid, match="missing"):
        verify(BODY, headers, SECRET, now=NOW)


def test_mixed_header_families_do_not_combine(verify, Invalid):
    headers = signed_headers(BODY)
    headers["webhook-id"] = headers.pop("svix-id")
    with pytest.raises(Invalid, match="missing"):
        verify(BODY, headers, SECRET, now=NOW)


@pytest.mark.parametrize(
    ("offset", "message"),
    [(timedelta(minutes=-5, seconds=-1), "too old"), (timedelta(minutes=5, seconds=1), "too new")],
)
def test_timestamp_outside_tolerance_fails(verify, Invalid, offset, message):
    headers = signed_headers(BODY, when=NOW + offset)
    with pytest.raises(Invalid, match=message):
        verify(BODY, headers, SECRET, now=NOW)
    verify(BODY, headers, SECRET, now=NOW, tolerance=timedelta(minutes=6))


@pytest.mark.parametrize("offset", [timedelta(minutes=-5), timedelta(minutes=5)])
def test_timestamp_at_the_tolerance_passes(verify, offset):
    verify(BODY, signed_headers(BODY, when=NOW + offset), SECRET, now=NOW)


@pytest.mark.parametrize("timestamp", ["abc", "1.5", "-100", "", "99999999999999999999", "１２３"])
def test_malformed_timestamp_fails(verify, Invalid, timestamp):
    headers = {**signed_headers(BODY), "svix-timestamp": timestamp}
    with pytest.raises(Invalid):
        verify(BODY, headers, SECRET, now=NOW)


def test_naive_now_is_utc(verify):
    verify(BODY, signed_headers(BODY), SECRET, now=NOW.replace(tzinfo=None))


def test_default_now_is_the_current_time(verify, Invalid):
    with pytest.raises(Invalid, match="too old"):
        verify(BODY, signed_headers(BODY), SECRET)  # NOW is in the past


@pytest.mark.parametrize("secret", ["whsec_", "whsec_!!!notbase64", ""])
def test_unusable_secret_is_a_configuration_error(verify, pkg, secret):
    with pytest.raises(pkg.errors.ClientConfigurationError):
        verify(BODY, signed_headers(BODY), secret, now=NOW)


@settings(max_examples=60, deadline=None, database=None)
@given(
    body=st.text(),
    msg_id=st.text(alphabet=st.characters(min_codepoint=33, max_codepoint=126), min_size=1),
    flip=st.booleans(),
)
def test_agrees_with_the_reference(pkg, body, msg_id, flip):
    now = datetime.now(UTC).replace(microsecond=0)
    headers = signed_headers(body, msg_id=msg_id, when=now)
    sent = (body + "!" if flip else body).encode()
    reference_ok = ours_ok = True
    try:
        standardwebhooks.Webhook(SECRET).verify(
            sent, {k.replace("svix-", "webhook-"): v for k, v in headers.items()}, json_parse=False
        )
    except standardwebhooks.WebhookVerificationError:
        reference_ok = False
    try:
        pkg.signing.verify(sent, headers, SECRET, now=now)
    except pkg.errors.WebhookVerificationError:
        ours_ok = False
    assert ours_ok == reference_ok == (not flip)
