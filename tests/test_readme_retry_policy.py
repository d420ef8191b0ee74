"""The package README states the retry policy its client applies. Both sides are read from the generated
package: the numbers and methods from its README's text, the policy from the package itself (its runtime
modules' constants, its clients' defaults, its endpoints' `idempotent` flags and its retry decision), so
a constant changed in the runtime, the template or the generator's method list fails here unless the
README follows."""

from __future__ import annotations

import importlib
import inspect
import re

import httpx
import pytest

from generator.render.context import operations_by_access

from .packages import PackageFactory
from .support import CURRENT


def _stated(pattern: str, readme: str) -> tuple[str, ...]:
    found = re.search(pattern, readme, re.MULTILINE)
    assert found is not None, f"the README no longer says {pattern!r}"
    return found.groups()


@pytest.mark.slow  # generates and imports the current package
def test_the_readme_states_the_retry_policy_the_client_applies(generated_packages: PackageFactory) -> None:
    package = generated_packages.get(CURRENT.path)
    readme = (package.path / "README.md").read_text(encoding="utf-8")
    package_module = package.module  # on sys.path from here on
    retry = importlib.import_module(f"{package.name}._retry")
    base_client = importlib.import_module(f"{package.name}._base_client")
    client_module = importlib.import_module(f"{package.name}._client")
    api = package.result.api

    (max_retries,) = _stated(r"Transient failures are retried \(`max_retries=(\d+)` by\s+default\)", readme)
    for name in (api.client_name, "Async" + api.client_name):
        assert inspect.signature(getattr(package_module, name).__init__).parameters["max_retries"].default == int(
            max_retries
        )

    repeatable, statuses = _stated(
        r"^\| (.+) \(idempotent by HTTP semantics\).* \| a failed or dropped connection, a timeout, ([\d, ]+), 5xx",
        readme,
    )
    others, unprocessed, unprocessed_when_told = _stated(
        r"^\| any other call \((.+) without a key\) \| only what proves the request was not processed: "
        r"no connection, the request not completely written, (\d+), (\d+) with `Retry-After`",
        readme,
    )
    retried = {int(status) for status in statuses.split(", ")}
    assert retried == set(retry._RETRIED_STATUSES)
    config = client_module.CONFIG
    for status in range(200, 600):  # what the client's retry decision repeats, answer by answer
        assert retry._should_retry(config, httpx.Response(status)) == (status in retried or status >= 500), status
        # ... and, for a call that may not be repeated, which answers prove the request was not processed
        told = httpx.Response(status, headers={"Retry-After": "1"})
        assert retry._says_not_processed(config, httpx.Response(status)) == (status == int(unprocessed)), status
        assert retry._says_not_processed(config, told) == (str(status) in (unprocessed, unprocessed_when_told))

    max_retry_after, initial, longest = _stated(
        r"`Retry-After` \(at most (\S+) s\), else exponential backoff from (\S+) s to (\S+) s", readme
    )
    assert float(max_retry_after) == retry._MAX_RETRY_AFTER
    assert (float(initial), float(longest)) == (retry._INITIAL_RETRY_DELAY, retry._MAX_RETRY_DELAY)
    (timeout,) = _stated(r"^- `timeout` \(default (\S+) s", readme)
    assert float(timeout) == base_client.DEFAULT_TIMEOUT

    # Every endpoint whose method the README counts idempotent is retried as such; one of the other
    # methods only when the README names it documented free of side effects.
    idempotent_methods, other_methods = set(repeatable.split(", ")), set(others.split(" or "))
    listed = re.search(r"^Documented free of side effects despite their method.*:\n([^\n]*)\.$", readme, re.MULTILINE)
    side_effect_free = listed.group(1).split(", ") if listed else []
    endpoints = {
        value.operation_id: value for value in vars(client_module).values() if isinstance(value, client_module.Endpoint)
    }
    operations = operations_by_access(api.resources)
    assert operations and {op.operation_id for _, op in operations} == set(endpoints)
    for access, op in operations:
        endpoint = endpoints[op.operation_id]
        assert endpoint.method in idempotent_methods | other_methods, endpoint.method
        named = f"`{access}.{op.python_name}`" in side_effect_free
        assert endpoint.idempotent == (endpoint.method in idempotent_methods or named), op.operation_id
