"""Issue 29, items 5 and 6: security requirements read as the spec says (AND within a requirement,
`{}` optional, `security: []` anonymous, HTTP digest refused rather than sent wrong), and no
credential in plain text on the client or in httpx's own log lines."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import quote

import pytest

from .conftest import Recorder

SECRETS = {"header_key": "hk-1", "cookie_key": "ck/2 +&=", "query_key": "qk/3 +&=ü"}


@pytest.fixture(scope="module")
def security(probe: Any) -> Any:
    return probe("security")


def api(security: Any, recorder: Recorder, **credentials: Any) -> Any:
    return recorder.client(security.module, "SecurityProbeClient", **credentials).default


def test_every_scheme_of_a_requirement_is_sent_together(security: Any) -> None:
    recorder = Recorder()
    api(security, recorder, **SECRETS).needs_both()
    request = recorder.requests[-1]
    assert request.headers["x-key"] == "hk-1" and request.headers["cookie"].startswith("session=")
    assert "api_key" not in request.url.params


def test_a_requirement_with_a_credential_missing_is_refused(security: Any) -> None:
    recorder = Recorder()
    with pytest.raises(security.module.errors.ClientConfigurationError, match=r"needsBoth.*together.*cookieKey"):
        api(security, recorder, header_key="hk-1").needs_both()
    assert recorder.requests == []


def test_an_optional_requirement_goes_anonymous_without_the_key_and_sends_it_when_given(security: Any) -> None:
    recorder = Recorder()
    api(security, recorder, header_key="hk-1").maybe_key()
    assert "api_key" not in recorder.requests[-1].url.params and "x-key" not in recorder.requests[-1].headers
    api(security, recorder, query_key="qk").maybe_key()
    assert recorder.requests[-1].url.params["api_key"] == "qk"


def test_a_client_without_credentials_can_call_an_operation_without_security(security: Any) -> None:
    recorder = Recorder()
    client = api(security, recorder)
    client.login()
    assert "api_key" not in recorder.requests[-1].url.params
    with pytest.raises(security.module.errors.ClientConfigurationError, match="keyed.*queryKey"):
        client.keyed()  # the global requirement still holds elsewhere
    assert len(recorder.requests) == 1


def test_http_digest_is_a_located_warning_and_refused_before_sending(security: Any) -> None:
    (warning,) = [w for w in security.result.warnings if "digest" in w.message]
    assert "/components/securitySchemes/digestAuth" in str(warning.location)
    recorder = Recorder()
    with pytest.raises(security.module.errors.ClientConfigurationError, match=r"digestOnly.*digestAuth.*digest"):
        api(security, recorder, **SECRETS).digest_only()
    assert recorder.requests == []


def test_no_credential_in_plain_text_on_the_client_after_calls(security: Any) -> None:
    recorder = Recorder()
    client = api(security, recorder, **SECRETS, bearer_token="bt-4", basic_auth=("ada", "pw-5"))
    client.needs_both()
    client.keyed()
    client.maybe_key()
    top = client._client
    dumped = repr(vars(top)) + repr({k: vars(v) for k, v in vars(top).items() if hasattr(v, "__dict__")})
    for secret in [*SECRETS.values(), "bt-4", "pw-5"]:
        assert secret not in dumped and quote(secret, safe="") not in dumped


def test_httpx_log_lines_do_not_show_a_query_key(
    security: Any, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    recorder = Recorder()
    # httpx's logger as a user's DEBUG setup leaves it, whatever an earlier test in this worker did to it
    monkeypatch.setattr(logging.getLogger("httpx"), "disabled", False)
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="httpx")
    api(security, recorder, **SECRETS).keyed()
    sent = recorder.requests[-1].url
    assert sent.params["api_key"] == SECRETS["query_key"]
    httpx_lines = [r.getMessage() for r in caplog.records if r.name.startswith("httpx")]
    # httpx did log the request (matched by its prefix: a live client of another test, with a secret
    # such as "key", redacts its secret in every httpx line, this one's path included)
    assert any(line.startswith("HTTP Request: GET") for line in httpx_lines)
    encoded = str(sent).split("api_key=")[1]
    for line in httpx_lines:
        assert SECRETS["query_key"] not in line and encoded not in line and quote(SECRETS["query_key"]) not in line


def test_the_fake_reads_security_requirements_as_the_client_does(security: Any) -> None:
    from importlib import import_module

    fake = import_module(f"{security.module.__name__}.testing").FakeSecurityProbe()
    anonymous = security.module.SecurityProbeClient(http_client=fake.http_client())
    anonymous.default.maybe_key()  # `{}`: allowed without a key
    anonymous.default.login()  # `security: []`
    both = security.module.SecurityProbeClient(http_client=fake.http_client(), header_key="h", cookie_key="c")
    both.default.needs_both()
    assert [call.operation_id for call in fake.calls] == ["maybeKey", "login", "needsBoth"]
