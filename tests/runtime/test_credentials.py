"""Credentials, base URL resolution, and keeping the key out of every text a user may log."""

from __future__ import annotations

import dataclasses
import logging

import httpx
import pytest

from .conftest import API_KEY, json_response


def _transport(script_requests):
    def handle(request):
        script_requests.append(request)
        return httpx.Response(200, json={})

    return httpx.Client(transport=httpx.MockTransport(handle))


def test_missing_api_key_is_a_clear_configuration_error(pkg):
    with pytest.raises(pkg.errors.ClientConfigurationError, match=r"ApiKeyAuth.*api_key=.*RUNA_API_KEY"):
        pkg.client.RunaClient()


def test_empty_api_key_counts_as_missing(pkg, monkeypatch):
    monkeypatch.setenv("RUNA_API_KEY", "")
    with pytest.raises(pkg.errors.ClientConfigurationError):
        pkg.client.RunaClient()


def test_api_key_from_environment(pkg, monkeypatch):
    monkeypatch.setenv("RUNA_API_KEY", "from-env")
    sent = []
    client = pkg.client.RunaClient(http_client=_transport(sent))
    client.request(pkg.client._GET_BALANCE)
    assert sent[0].headers["x-api-key"] == "from-env"


def test_operations_without_security_send_no_key(pkg):
    sent = []
    client = pkg.client.RunaClient(API_KEY, http_client=_transport(sent))
    # Every operation of the spec needs the key (so the client asks for it, above): this one, as if it did not.
    client.request(dataclasses.replace(pkg.client._PING, security=()))
    assert "x-api-key" not in sent[0].headers


def test_configuration_errors_are_client_errors(pkg):
    assert issubclass(pkg.errors.ClientConfigurationError, pkg.errors.ClientError)
    assert issubclass(pkg.errors.APIError, pkg.errors.ClientError)
    assert issubclass(pkg.errors.WebhookVerificationError, pkg.errors.ClientError)
    assert not issubclass(pkg.errors.ClientConfigurationError, pkg.errors.APIError)


@pytest.mark.parametrize(
    ("kwargs", "env", "expected"),
    [
        ({}, None, "https://playground.runa.io/v2"),
        ({"environment": "production"}, None, "https://api.runa.io/v2"),
        ({}, "https://proxy.example.com/v2/", "https://proxy.example.com/v2"),
        # the argument wins: code naming an environment never goes where a shell's variable points
        ({"environment": "production"}, "https://proxy.example.com/v2/", "https://api.runa.io/v2"),
        ({"environment": "playground"}, "https://api.runa.io/v2", "https://playground.runa.io/v2"),
        ({"environment": "production"}, "", "https://api.runa.io/v2"),
        (
            {"environment": "production", "base_url": "https://arg.example.com/v2"},
            "https://proxy.example.com",
            "https://arg.example.com/v2",
        ),
    ],
)
def test_base_url_precedence(pkg, monkeypatch, kwargs, env, expected):
    if env is not None:
        monkeypatch.setenv("RUNA_BASE_URL", env)
    sent = []
    client = pkg.client.RunaClient(API_KEY, http_client=_transport(sent), **kwargs)
    assert client.base_url == expected
    client.request(pkg.client._GET_BALANCE)
    assert str(sent[0].url) == expected + "/balance"


def test_an_environment_variable_an_argument_overrides_is_a_warning(pkg, monkeypatch, caplog):
    monkeypatch.setenv("RUNA_BASE_URL", "https://proxy.example.com/v2")
    with caplog.at_level(logging.WARNING):
        pkg.client.RunaClient(API_KEY, environment="production")
    (record,) = [r for r in caplog.records if "RUNA_BASE_URL" in r.getMessage()]
    assert record.levelno == logging.WARNING and "ignored" in record.getMessage()
    assert "https://api.runa.io/v2" in record.getMessage()
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        pkg.client.RunaClient(API_KEY, base_url="https://arg.example.com/v2")
        pkg.client.RunaClient(API_KEY)  # the variable used: nothing to say
    assert not [r for r in caplog.records if "RUNA_BASE_URL" in r.getMessage()]


def test_unknown_environment_lists_the_names(pkg):
    with pytest.raises(pkg.errors.ClientConfigurationError, match=r"'staging'.*'playground', 'production'"):
        pkg.client.RunaClient(API_KEY, environment="staging")


@pytest.mark.parametrize("url", ["http://api.runa.io/v2", "http://10.0.0.1:8080", "http://127.example.com"])
def test_credentials_are_never_sent_over_plain_http(pkg, url):
    with pytest.raises(pkg.errors.ClientConfigurationError, match="plain http") as caught:
        pkg.client.RunaClient(API_KEY, base_url=url)
    assert API_KEY not in str(caught.value)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:4010",
        "http://127.1.2.3/v2",
        "http://localhost:4010",
        "http://[::1]:4010",
        "https://api.runa.io/v2",
    ],
)
def test_plain_http_is_fine_to_loopback(pkg, url):
    assert pkg.client.RunaClient(API_KEY, base_url=url).base_url == url.rstrip("/")


def test_plain_http_from_environment_variable_is_checked_too(pkg, monkeypatch):
    monkeypatch.setenv("RUNA_BASE_URL", "http://api.runa.io/v2")
    with pytest.raises(pkg.errors.ClientConfigurationError):
        pkg.client.RunaClient(API_KEY)


@pytest.mark.parametrize("url", ["api.runa.io/v2", "ftp://api.runa.io", "https://"])
def test_base_url_must_be_absolute_http(pkg, url):
    with pytest.raises(pkg.errors.ClientConfigurationError, match="absolute"):
        pkg.client.RunaClient(API_KEY, base_url=url)


def test_negative_max_retries_is_refused(pkg):
    with pytest.raises(pkg.errors.ClientConfigurationError, match="max_retries"):
        pkg.client.RunaClient(API_KEY, max_retries=-1)


def test_key_is_not_in_repr_or_vars(pkg):
    client = pkg.client.RunaClient(API_KEY)
    assert API_KEY not in repr(client)
    assert "playground.runa.io" in repr(client)
    assert API_KEY not in repr(vars(client))


def test_key_is_not_in_status_error_text_even_when_the_server_echoes_it(make_client, pkg):
    client, _ = make_client(
        json_response(401, {"type": "invalid_api_key", "message": f"API key {API_KEY} is not valid"})
    )
    with pytest.raises(pkg.errors.AuthenticationError) as caught:
        client.request(pkg.client._GET_BALANCE)
    error = caught.value
    for text in (str(error), repr(error), error.message, str(error.args)):
        assert API_KEY not in text
        assert "X-Api-Key" not in text and "x-api-key" not in text
    assert "[redacted]" in str(error)
    assert error.response.request.headers["x-api-key"] == API_KEY  # the request itself is intact for debugging


def test_key_is_not_in_connection_error_text(make_client, pkg):
    client, _ = make_client(
        httpx.ConnectError(f"cannot connect, headers were {{'x-api-key': '{API_KEY}'}}"), max_retries=0
    )
    with pytest.raises(pkg.errors.APIConnectionError) as caught:
        client.request(pkg.client._GET_BALANCE)
    assert API_KEY not in str(caught.value) and API_KEY not in repr(caught.value)


def _query_key_client(pkg, handler, scheme_kind="apiKey", location="query", credential="q-secret-987"):
    base = pkg.base
    scheme = base.SecurityScheme(
        name="Key",
        kind=scheme_kind,
        location=location,
        param_name="api_key" if location != "header" else "Authorization",
    )
    config = base.ClientConfig(
        package_name="p",
        package_version="1",
        api_version="2024-01-01",
        version_header=None,
        env_prefix="P",
        servers=(("main", "https://api.example.com"),),
        security_schemes=(scheme,),
    )
    endpoint = base.Endpoint(
        operation_id="get",
        method="GET",
        path="/thing",
        responses=(base.ResponseSpec("200", "json", None),),
        security=("Key",),
    )
    client = base.SyncAPIClient(
        config=config,
        credentials={"Key": credential},
        environment=None,
        base_url=None,
        timeout=5.0,
        max_retries=0,
        http_client=httpx.Client(transport=httpx.MockTransport(handler)),
        default_headers=None,
    )
    return client, endpoint


def test_api_key_in_query_and_cookie(pkg):
    sent = []
    client, endpoint = _query_key_client(pkg, lambda r: sent.append(r) or httpx.Response(200, json={}))
    client.request(endpoint, query={"x": 1})
    assert sent[0].url.params.multi_items() == [("x", "1"), ("api_key", "q-secret-987")]
    client, endpoint = _query_key_client(
        pkg, lambda r: sent.append(r) or httpx.Response(200, json={}), location="cookie"
    )
    client.request(endpoint)
    assert sent[1].headers["cookie"] == "api_key=q-secret-987"


def test_query_key_is_not_in_error_text(pkg):
    client, endpoint = _query_key_client(pkg, lambda r: httpx.Response(500, text="boom"))
    with pytest.raises(pkg.errors.InternalServerError) as caught:
        client.request(endpoint)
    assert "q-secret-987" not in str(caught.value)
    assert "GET /thing" in str(caught.value)


def test_bearer_and_basic(pkg):
    sent = []
    client, endpoint = _query_key_client(
        pkg, lambda r: sent.append(r) or httpx.Response(200, json={}), "bearer", "header", "tok"
    )
    client.request(endpoint)
    client, endpoint = _query_key_client(
        pkg, lambda r: sent.append(r) or httpx.Response(200, json={}), "basic", "header", ("user", "pa:ss")
    )
    client.request(endpoint)
    assert sent[0].headers["authorization"] == "Bearer tok"
    assert sent[1].headers["authorization"] == "Basic dXNlcjpwYTpzcw=="
    assert "pa:ss" not in repr(vars(client))


def test_basic_credentials_are_redacted_in_every_form(pkg):
    body = "echo: Basic dXNlcjpwYTpzcw== / dXNlcjpwYTpzcw== / pa:ss"
    client, endpoint = _query_key_client(
        pkg, lambda r: httpx.Response(400, json={"message": body}), "basic", "header", ("user", "pa:ss")
    )
    with pytest.raises(pkg.errors.BadRequestError) as caught:
        client.request(endpoint)
    text = str(caught.value)
    assert "dXNlcjpwYTpzcw" not in text and "pa:ss" not in text
    assert "GET /thing" in text  # the user name alone is not a secret, and short words survive


@pytest.mark.parametrize("key", ["test", "e", "k"])
def test_a_short_placeholder_key_is_redacted_as_a_word_only(make_client, pkg, key):
    """The README's `api_key="test"` must not turn "latest" into "la[redacted]": a key that short is
    no real secret, and the message has to stay readable. As a word it still goes."""
    message = f"see the latest catalogue at https://playground.runa.io/test; key={key}&; idempotency key"
    client, _ = make_client(json_response(400, {"type": "bad", "message": message}), api_key=key, max_retries=0)
    with pytest.raises(pkg.errors.BadRequestError) as caught:
        client.request(pkg.client._GET_BALANCE)
    text = str(caught.value)
    assert "the latest catalogue" in text and "idempotency key" in text and "[redacted]]" not in text
    assert f"key={key}&" not in text and "key=[redacted]&" in text


def test_key_cut_by_message_truncation_does_not_leak_a_prefix(make_client, pkg):
    padding = "x" * 495
    client, _ = make_client(json_response(400, {"type": "bad_request", "message": padding + API_KEY}), max_retries=0)
    with pytest.raises(pkg.errors.BadRequestError) as caught:
        client.request(pkg.client._GET_BALANCE)
    assert API_KEY[:5] not in str(caught.value)
