"""Responses: documented statuses parsed leniently, errors mapped to exceptions with a parsed body and `.type`."""

from __future__ import annotations

import warnings
from decimal import Decimal

import httpx
import pytest

from .conftest import json_response

ERROR_CLASSES = [
    (400, "BadRequestError"),
    (401, "AuthenticationError"),
    (403, "PermissionDeniedError"),
    (404, "NotFoundError"),
    (409, "ConflictError"),
    (410, "APIStatusError"),
    (418, "APIStatusError"),
    (422, "UnprocessableEntityError"),
    (429, "RateLimitError"),
    (500, "InternalServerError"),
    (502, "InternalServerError"),
    (504, "InternalServerError"),
]


@pytest.mark.parametrize(("status", "class_name"), ERROR_CLASSES)
def test_status_maps_to_exception_class(make_client, pkg, status, class_name):
    body = {"type": "some_error", "message": "Something is wrong", "help": "https://docs"}
    client, script = make_client(json_response(status, body, {"x-request-id": "req_42"}), max_retries=0)
    with pytest.raises(pkg.errors.APIStatusError) as caught:
        client.request(pkg.client._GET_SINGLE_ORDER, path_params={"id": "o-1"})
    error = caught.value
    assert type(error) is getattr(pkg.errors, class_name)
    assert isinstance(error, pkg.errors.APIError)
    assert error.status_code == status
    assert error.type == "some_error"
    assert error.request_id == "req_42"
    assert error.headers["x-request-id"] == "req_42"
    assert error.response.status_code == status
    assert error.attempts == 1
    assert error.idempotency_key is None
    assert f"GET /v2/order/o-1 returned {status}" in str(error)
    assert "some_error" in str(error) and "Something is wrong" in str(error)
    assert len(script.requests) == 1


@pytest.mark.parametrize("status", [400, 401, 404, 503])
def test_documented_error_body_is_parsed_into_its_model(make_client, pkg, status):
    client, _ = make_client(
        json_response(status, {"type": "not_found", "message": "No order", "extra": 1}), max_retries=0
    )
    with pytest.raises(pkg.errors.APIStatusError) as caught:
        client.orders.get_single_order(id="o-1")
    assert isinstance(caught.value.body, pkg.models.Error)
    assert caught.value.body.type == "not_found"
    assert caught.value.body.model_extra == {"extra": 1}


def test_default_response_documents_unlisted_error_statuses(make_client, pkg):
    client, _ = make_client(json_response(403, {"type": "ordering_restricted"}), max_retries=0)
    with pytest.raises(pkg.errors.PermissionDeniedError) as caught:
        client.orders.create_order(body={"payment_method": "CARD", "face_value": "5", "productCode": "X"})
    assert isinstance(caught.value.body, pkg.models.Error)
    assert caught.value.idempotency_key is not None


def test_error_body_that_fails_its_model_is_its_model_with_deviations_when_lenient(make_client, pkg):
    client, _ = make_client(json_response(404, {"code": 17}), max_retries=0)
    with pytest.raises(pkg.errors.NotFoundError) as caught:
        client.orders.get_single_order(id="o-1")
    body = caught.value.body
    assert isinstance(body, pkg.models.Error) and body.model_dump(by_alias=True, exclude_unset=True) == {"code": 17}
    assert [(d.pointer, d.kind) for d in pkg.parse.deviations(body)] == [
        ("/type", "missing required field"),
        ("/code", "additional property"),
    ]
    assert caught.value.type is None


def test_error_body_that_fails_its_model_is_kept_raw_when_strict(make_client, pkg):
    client, _ = make_client(json_response(404, {"code": 17}), max_retries=0, response_validation="strict")
    with pytest.raises(pkg.errors.NotFoundError) as caught:  # still the status error, not a validation error
        client.orders.get_single_order(id="o-1")
    assert caught.value.body == {"code": 17}  # no model that would contradict its own type
    assert caught.value.type is None


def test_error_body_that_is_not_json_is_kept_as_text(make_client, pkg):
    client, _ = make_client(
        httpx.Response(502, text="<html>Bad gateway</html>", headers={"content-type": "text/html"}), max_retries=0
    )
    with pytest.raises(pkg.errors.InternalServerError) as caught:
        client.orders.get_single_order(id="o-1")
    assert caught.value.body == "<html>Bad gateway</html>"
    assert caught.value.type is None
    assert "Bad gateway" in str(caught.value)


def test_error_type_field_is_configurable(make_client, pkg):
    client, _ = make_client(json_response(400, {"type": "bad_request"}), max_retries=0)
    object.__setattr__(
        client, "_config", pkg.base.ClientConfig(**{**vars(pkg.client.CONFIG), "error_type_field": None})
    )
    with pytest.raises(pkg.errors.BadRequestError) as caught:
        client.request(pkg.client._GET_BALANCE)
    assert caught.value.type is None


def test_redirects_are_not_followed(make_client, pkg):
    client, script = make_client(
        httpx.Response(302, headers={"location": "https://evil.example.com/steal"}), max_retries=0
    )
    with pytest.raises(pkg.errors.APIStatusError) as caught:
        client.request(pkg.client._GET_BALANCE)
    assert caught.value.status_code == 302
    assert len(script.requests) == 1


def test_success_parsed_by_exact_status(make_client, pkg):
    client, _ = make_client(
        json_response(202, {"id": "o1", "status": "PROCESSING", "total": "10.5", "new_field": True})
    )
    order = client.orders.create_order(body={"payment_method": "CARD", "face_value": "5", "productCode": "X"})
    assert isinstance(order, pkg.models.Order)
    assert order.total == Decimal("10.5")
    assert order.model_extra == {"new_field": True}


def test_status_range_is_matched_after_exact_codes(pkg):
    spec = pkg.base.ResponseSpec
    endpoint = pkg.base.Endpoint(
        "op", "GET", "/x", (spec("default", "json", None), spec("2XX", "text", None), spec("201", "bytes", None))
    )
    match = pkg.response._documented_response
    assert match(endpoint, 201).kind == "bytes"
    assert match(endpoint, 204).kind == "text"
    assert match(endpoint, 404).kind == "json"
    assert match(pkg.base.Endpoint("op", "GET", "/x", (spec("200", "json", None),)), 404) is None


def test_a_response_breaking_its_model_is_returned_with_the_field_unusable(make_client, pkg):
    client, _ = make_client(json_response(200, {"currency": "USD", "amount": "not-a-number"}))
    balance = client.request(pkg.client._GET_BALANCE)
    assert isinstance(balance, pkg.models.Balance) and balance.currency == "USD"
    with pytest.raises(pkg.errors.UnusableFieldError, match="not-a-number"):
        balance.amount  # noqa: B018 - reading it is the point
    (deviation,) = pkg.parse.deviations(balance)
    assert (deviation.pointer, deviation.kind, deviation.value) == ("/amount", "wrong type", "not-a-number")


def test_a_response_missing_a_required_field_is_returned_with_it_unusable(make_client, pkg):
    client, _ = make_client(json_response(200, {"amount": "1"}))
    balance = client.request(pkg.client._GET_BALANCE)
    assert balance.amount == Decimal("1") and not hasattr(balance, "currency")
    assert [(d.pointer, d.kind) for d in pkg.parse.deviations(balance)] == [("/currency", "missing required field")]
    assert balance.model_dump(mode="json", exclude_unset=True) == {"amount": "1"}  # as received


def test_a_response_that_cannot_be_given_its_type_at_all_raises_in_both_modes(make_client, pkg):
    for mode in ("lenient", "strict"):
        client, _ = make_client(json_response(200, [1, 2]), response_validation=mode)
        with pytest.raises(pkg.errors.ResponseValidationError) as caught:
            client.request(pkg.client._GET_BALANCE)
        assert caught.value.body == [1, 2] and caught.value.response.status_code == 200


def test_empty_and_undocumented_success(make_client, pkg):
    client, _ = make_client(
        httpx.Response(204),
        json_response(201, {"id": "o1"}),
        httpx.Response(201, content=b"\x00\x01", headers={"content-type": "application/octet-stream"}),
        httpx.Response(201),
    )
    body = {"payment_method": "CARD", "face_value": "5", "productCode": "X"}
    assert client.orders.create_order(body=body) is None
    assert client.orders.create_order(body=body) == {"id": "o1"}
    assert client.orders.create_order(body=body) == b"\x00\x01"
    assert client.orders.create_order(body=body) is None


def test_raw_response(make_client, pkg):
    version = pkg.client.CONFIG.api_version
    client, _ = make_client(json_response(202, {"id": "o1", "status": "PROCESSING"}, {"x-api-version": version}))
    raw = client.orders.with_raw_response.create_order(
        body={"payment_method": "CARD", "face_value": "5", "productCode": "X"}
    )
    assert raw.status_code == 202
    assert raw.headers["x-api-version"] == version
    assert isinstance(raw.http_response, httpx.Response)
    assert raw.attempts == 1
    assert raw.parse().id == "o1"


def test_raw_response_raises_like_request(make_client, pkg):
    client, _ = make_client(json_response(404, {"type": "not_found"}), max_retries=0)
    with pytest.raises(pkg.errors.NotFoundError):
        client.request_raw(pkg.client._GET_SINGLE_ORDER, path_params={"id": "x"})


def test_version_mismatch_warns_once_per_client_pointing_at_the_caller(make_client, pkg):
    reply = json_response(200, {"id": "o1", "status": "COMPLETED"}, {"X-Api-Version": "2099-01-01"})
    client, _ = make_client(reply)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        client.orders.get_single_order(id="a")
        client.orders.get_single_order(id="b")
    assert len(caught) == 1
    assert "2099-01-01" in str(caught[0].message) and pkg.client.CONFIG.api_version in str(caught[0].message)
    assert caught[0].filename == __file__
    other, _ = make_client(reply)
    with pytest.warns(UserWarning, match="2099-01-01"):
        other.orders.get_single_order(id="a")


def test_matching_version_does_not_warn(make_client, pkg):
    version = pkg.client.CONFIG.api_version
    client, _ = make_client(json_response(200, {"id": "o1", "status": "COMPLETED"}, {"X-Api-Version": version}))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        client.orders.get_single_order(id="a")


def test_default_describes_success_only_when_no_2xx_is_documented(pkg):
    spec = pkg.base.ResponseSpec
    only_default = pkg.base.Endpoint("op", "GET", "/x", (spec("default", "text", None),))
    with_success = pkg.base.Endpoint("op", "GET", "/x", (spec("200", "json", None), spec("default", "text", None)))
    match = pkg.response._documented_response
    assert match(only_default, 200).kind == "text"
    assert match(with_success, 201) is None
    assert match(with_success, 500).kind == "text"
