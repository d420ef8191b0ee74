"""Request building: path, query, headers, body, idempotency key — all checked before anything is sent."""

from __future__ import annotations

import dataclasses
import json
import re
import uuid
from datetime import UTC, date, datetime
from decimal import Decimal

import httpx
import pydantic
import pytest

from .conftest import API_KEY, Script, json_response


def test_path_parameters_are_quoted_so_they_cannot_change_the_path(make_client, pkg):
    client, script = make_client(json_response(200, {"id": "x", "status": "COMPLETED"}))
    client.orders.get_single_order(id="a/b?c=1#frag %")
    assert script.requests[0].url.raw_path == b"/v2/order/a%2Fb%3Fc%3D1%23frag%20%25"
    client.orders.get_single_order(id="..")
    assert script.requests[1].url.raw_path == b"/v2/order/%2E%2E"


@pytest.mark.parametrize(
    ("template", "sent"),
    [
        ("/order/{id}/../../etc", b"/v2/order/x/%2E%2E/%2E%2E/etc"),
        ("/order/./{id}/..", b"/v2/order/%2E/x/%2E%2E"),
        ("/order/{id}/..x/.y", b"/v2/order/x/..x/.y"),  # not dot segments: left as they are
    ],
)
def test_dot_segments_the_spec_spells_are_sent_not_resolved(make_client, pkg, template, sent):
    """httpx resolves "/a/../b" to "/b" (and "/v2/../x" leaves the base path): the spec's own dot
    segments are sent percent-encoded, so the operation is called where the spec says."""
    client, script = make_client(json_response(200, {"id": "x", "status": "COMPLETED"}))
    endpoint = dataclasses.replace(pkg.client._GET_SINGLE_ORDER, path=template)
    client.request(endpoint, path_params={"id": "x"})
    assert script.requests[0].url.raw_path == sent


@pytest.mark.parametrize("value", ["", None])
def test_empty_path_parameter_is_refused_before_sending(make_client, pkg, value):
    client, script = make_client()
    with pytest.raises(ValueError, match="'id'"):
        client.request(pkg.client._GET_SINGLE_ORDER, path_params={"id": value})
    assert script.requests == []


def test_path_parameter_enum_is_sent_by_value(make_client, pkg):
    client, script = make_client(json_response(200, {"id": "x", "status": "COMPLETED"}))
    client.request(pkg.client._GET_SINGLE_ORDER, path_params={"id": pkg.models.PaymentMethod.CARD})
    assert script.requests[0].url.path == "/v2/order/CARD"


def test_query_arrays_booleans_scalars_and_omitted_none(make_client, pkg):
    client, script = make_client(json_response(200, {"data": [], "pagination": {"cursors": {}}}))
    client.request(
        pkg.client._GET_PRODUCTS,
        query={
            "is_orderable": True,
            "archived": False,
            "countries": ["US", "GB"],
            "after": None,
            "method": pkg.models.PaymentMethod.CARD,
            "since": datetime(2001, 2, 3, 12, 30, tzinfo=UTC),
            "day": date(2001, 2, 3),
            "min": Decimal("10.50"),
            "ref": uuid.UUID(int=1),
            "limit": 10,
        },
    )
    assert script.requests[0].url.params.multi_items() == [
        ("is_orderable", "true"),
        ("archived", "false"),
        ("countries", "US"),
        ("countries", "GB"),
        ("method", "CARD"),
        ("since", "2001-02-03T12:30:00+00:00"),
        ("day", "2001-02-03"),
        ("min", "10.50"),
        ("ref", "00000000-0000-0000-0000-000000000001"),
        ("limit", "10"),
    ]


def test_standard_headers(make_client, pkg):
    client, script = make_client(json_response(200, {"currency": "USD", "amount": "1"}))
    client.request(pkg.client._GET_BALANCE)
    headers = script.requests[0].headers
    version = re.escape(pkg.client.CONFIG.package_version)
    assert re.fullmatch(rf"runa_fake/{version} httpx/0\.28\.1 python/3\.\d+\.\d+\S*", headers["user-agent"])
    assert headers["accept"] == "application/json"
    assert headers["x-api-version"] == pkg.client.CONFIG.api_version
    assert headers["x-api-key"] == API_KEY


def test_header_precedence_and_none_dropped(make_client, pkg):
    client, script = make_client(json_response(200, {}), default_headers={"X-Team": "default", "X-Other": "kept"})
    client.request(
        pkg.client._GET_BALANCE, headers={"X-Team": "generated", "X-Unset": None}, extra_headers={"x-team": "extra"}
    )
    headers = script.requests[0].headers
    assert headers.get_list("x-team") == ["extra"]
    assert headers["x-other"] == "kept"
    assert "x-unset" not in headers


@pytest.mark.parametrize("bad", ["a\r\nX-Injected: 1", "a\nb", "a\rb", "a\0b"])
@pytest.mark.parametrize("where", ["headers", "extra_headers"])
def test_header_values_with_cr_lf_nul_are_refused_before_sending(make_client, pkg, bad, where):
    client, script = make_client()
    with pytest.raises(ValueError, match="CR, LF or NUL") as caught:
        client.request(pkg.client._GET_BALANCE, **{where: {"X-Note": bad}})
    assert bad not in str(caught.value)
    assert script.requests == []


def test_default_headers_with_newline_are_refused_at_construction(make_client):
    with pytest.raises(ValueError, match="CR, LF or NUL"):
        make_client(default_headers={"X-Note": "a\nb"})


def test_api_key_with_newline_never_reaches_the_wire(make_client, pkg):
    client, script = make_client(api_key="key\r\nX-Evil: 1")
    with pytest.raises(ValueError) as caught:
        client.request(pkg.client._GET_BALANCE)
    assert "key" not in str(caught.value).replace("X-Api-Key", "")
    assert script.requests == []


def test_json_body_from_model_uses_aliases_and_only_set_fields(make_client, pkg):
    client, script = make_client(json_response(200, {"id": "o1", "status": "PROCESSING"}))
    body = pkg.models.NewOrder(payment_method="CARD", face_value=Decimal("5.00"), product_code="AMZ-US")
    order = client.orders.create_order(body=body)
    request = script.requests[0]
    assert request.headers["content-type"] == "application/json"
    assert json.loads(request.content) == {"payment_method": "CARD", "face_value": "5.00", "productCode": "AMZ-US"}
    assert isinstance(order, pkg.models.Order) and order.id == "o1"


def test_json_body_from_dict_is_validated_strictly_then_dumped(make_client, pkg):
    client, script = make_client(json_response(200, {"id": "o1", "status": "PROCESSING"}))
    client.orders.create_order(body={"payment_method": "CARD", "face_value": "5", "productCode": "AMZ-US"})
    assert json.loads(script.requests[0].content) == {
        "payment_method": "CARD",
        "face_value": "5",
        "productCode": "AMZ-US",
    }


@pytest.mark.parametrize(
    "body",
    [
        {"payment_method": "CASH", "face_value": "5", "productCode": "AMZ-US"},  # unknown enum value
        {"payment_method": "CARD", "face_value": "-1", "productCode": "AMZ-US"},  # constraint
        {"payment_method": "CARD", "face_value": "5"},  # missing required
        {"payment_method": "CARD", "face_value": "5", "productCode": "AMZ-US", "surprise": 1},  # extra="forbid"
    ],
)
def test_invalid_json_body_raises_validation_error_before_sending(make_client, body):
    client, script = make_client()
    with pytest.raises(pydantic.ValidationError):
        client.orders.create_order(body=body)
    assert script.requests == []


def test_idempotency_key_generated_once_as_uuid4_and_exposed(make_client):
    client, script = make_client(json_response(200, {"id": "o1", "status": "PROCESSING"}))
    raw = client.orders.with_raw_response.create_order(
        body={"payment_method": "CARD", "face_value": "5", "productCode": "X"}
    )
    sent = script.requests[0].headers["x-idempotency-key"]
    assert uuid.UUID(sent).version == 4
    assert raw.idempotency_key == sent
    raw_again = client.orders.with_raw_response.create_order(
        body={"payment_method": "CARD", "face_value": "5", "productCode": "X"}
    )
    assert raw_again.idempotency_key != sent  # a new call gets a new key


def test_callers_idempotency_key_wins(make_client):
    client, script = make_client(json_response(200, {"id": "o1", "status": "PROCESSING"}))
    raw = client.orders.with_raw_response.create_order(
        body={"payment_method": "CARD", "face_value": "5", "productCode": "X"}, idempotency_key="mine-1"
    )
    assert script.requests[0].headers["x-idempotency-key"] == "mine-1"
    assert raw.idempotency_key == "mine-1"


def test_no_idempotency_key_on_operations_without_one(make_client, pkg):
    client, script = make_client(json_response(200, {}))
    raw = client.request_raw(pkg.client._GET_BALANCE)
    assert "x-idempotency-key" not in script.requests[0].headers
    assert raw.idempotency_key is None


def test_timeout_per_call_and_default(make_client, pkg):
    client, script = make_client(json_response(200, {}), timeout=12.5)
    client.request(pkg.client._GET_BALANCE)
    client.request(pkg.client._GET_BALANCE, timeout=3.0)
    client.request(pkg.client._GET_BALANCE, timeout=None)
    timeouts = [r.extensions["timeout"] for r in script.requests]
    assert timeouts[0]["read"] == 12.5
    assert timeouts[1]["read"] == 3.0
    assert timeouts[2]["read"] is None


def test_default_timeout_is_60_seconds(pkg):
    client = pkg.client.RunaClient("key")
    assert client.timeout == 60.0 and client._http.timeout == httpx.Timeout(60.0)
    client.close()


def test_a_callers_http_client_keeps_its_own_timeout(pkg):
    script = Script([json_response(200, {})])
    client = pkg.client.RunaClient("key", http_client=httpx.Client(transport=httpx.MockTransport(script), timeout=7.5))
    client.request(pkg.client._GET_BALANCE)
    assert script.requests[0].extensions["timeout"] == {"connect": 7.5, "read": 7.5, "write": 7.5, "pool": 7.5}
    client = pkg.client.RunaClient("key", http_client=httpx.Client(transport=httpx.MockTransport(script)), timeout=2.0)
    client.request(pkg.client._GET_BALANCE)
    assert script.requests[1].extensions["timeout"]["read"] == 2.0


def _endpoint(pkg, body_kind, content_type=None, body_type=None):
    return pkg.base.Endpoint(
        operation_id="upload",
        method="POST",
        path="/upload",
        responses=(pkg.base.ResponseSpec("200", "empty", None),),
        body_kind=body_kind,
        body_type=body_type,
        body_content_type=content_type,
        security=("ApiKeyAuth",),
    )


def test_form_body(make_client, pkg):
    client, script = make_client(httpx.Response(200))
    client.request(_endpoint(pkg, "form"), body={"a": "x y", "flag": True, "many": [1, 2], "skip": None})
    request = script.requests[0]
    assert request.headers["content-type"] == "application/x-www-form-urlencoded"
    assert request.content == b"a=x+y&flag=true&many=1&many=2"


def test_multipart_body_files_and_fields(make_client, pkg):
    client, script = make_client(httpx.Response(200))
    client.request(_endpoint(pkg, "multipart"), body={"file": ("a.txt", b"hello"), "note": "hi", "count": 3})
    request = script.requests[0]
    assert request.headers["content-type"].startswith("multipart/form-data; boundary=")
    content = request.read()
    assert b'name="file"; filename="a.txt"' in content and b"hello" in content
    assert b'name="note"\r\n\r\nhi' in content and b'name="count"\r\n\r\n3' in content


def test_binary_and_text_bodies(make_client, pkg):
    client, script = make_client(httpx.Response(200))
    client.request(_endpoint(pkg, "binary", "image/png"), body=b"\x89PNG")
    client.request(_endpoint(pkg, "text"), body="héllo")
    assert (script.requests[0].headers["content-type"], script.requests[0].content) == ("image/png", b"\x89PNG")
    assert (script.requests[1].headers["content-type"], script.requests[1].content) == (
        "text/plain; charset=utf-8",
        "héllo".encode(),
    )


def test_not_given_sentinel(pkg):
    assert not pkg.base.NOT_GIVEN
    assert repr(pkg.base.NOT_GIVEN) == "NOT_GIVEN"
    assert isinstance(pkg.base.NOT_GIVEN, pkg.base.NotGiven)


def test_type_adapters_are_cached(pkg):
    kind = list[pkg.models.Product]
    assert pkg.parse._type_adapter(kind) is pkg.parse._type_adapter(kind)
