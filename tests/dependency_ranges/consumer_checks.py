"""The generated package's runtime, run by a Python of another virtual environment (other httpx and
pydantic versions): `python consumer_checks.py PACKAGE CALLS_JSON`, from the folder holding PACKAGE.

Only the standard library, httpx, pydantic and the package: what a consuming repository has. Every
operation through the package's fake (conforming requests and answers), sync and async; a scripted
rate limit retried; a documented error raised as its typed exception; and a union response that
fits none of its branches: lenient gives the `Unknown...` member with its deviation, strict raises.
Prints one line per check; any failure is an exception (exit 1).
"""

from __future__ import annotations

import asyncio
import importlib
import json
import sys
from typing import Any

import httpx


def method(client: Any, call: dict[str, Any]) -> Any:
    """The client's method of `call` (`client.orders.get_single_order`)."""
    for attribute in call["resource"].split("."):
        client = getattr(client, attribute)
    return getattr(client, call["operation"])


def main(package_name: str, calls_json: str) -> None:
    calls = json.loads(calls_json)
    package = importlib.import_module(package_name)
    testing = importlib.import_module(f"{package_name}.testing")
    errors, client_class = package.errors, next(
        v for k, v in vars(package).items() if k.endswith("Client") and not k.startswith("Async")
    )
    async_class = getattr(package, "Async" + client_class.__name__)
    fake_class = getattr(testing, "Fake" + client_class.__name__.removesuffix("Client"))

    fake = fake_class()
    client = client_class(api_key="test", http_client=fake.http_client())
    answered: dict[str, int] = {}
    for call in calls["operations"]:
        try:
            method(client, call)(**call["kwargs"])
            answered["result"] = answered.get("result", 0) + 1
        except errors.APIStatusError as error:  # the fake's state says no (an unknown id): a documented error
            answered[type(error).__name__] = answered.get(type(error).__name__, 0) + 1
    print(f"fake: {len(calls['operations'])} operations answered and parsed: {answered}")

    first = calls["operations"][0]
    client._sleep = lambda seconds: None
    fake.fail_next(first["operation_id"], status=429, retry_after=0)
    method(client, first)(**first["kwargs"])
    assert [c.status for c in fake.calls[-2:]][0] == 429, fake.calls[-2:]
    fake.fail_next(first["operation_id"], status=400)
    try:
        method(client.with_options(max_retries=0), first)(**first["kwargs"])
    except errors.BadRequestError as error:
        assert error.status_code == 400
    else:
        raise AssertionError("a scripted 400 raised nothing")
    print("fake: a 429 retried, a 400 raised as errors.BadRequestError")

    async def run_async() -> None:
        async with async_class(api_key="test", http_client=fake.async_http_client()) as async_client:
            for call in calls["operations"]:
                try:
                    await method(async_client, call)(**call["kwargs"])
                except errors.APIStatusError:
                    pass

    asyncio.run(run_async())
    print("fake: every operation through the async client")

    for call in calls["unions"]:
        received = "surely none of the union's objects"
        status = int(call["status"])
        transport = httpx.MockTransport(lambda _, status=status, body=received: httpx.Response(status, json=body))
        lenient = client_class(api_key="test", http_client=httpx.Client(transport=transport))
        result = method(lenient, call)(**call["kwargs"])
        assert type(result).__name__ == call["unknown"], type(result)
        assert result.raw == received and package.deviations(result), package.deviations(result)
        strict = client_class(
            api_key="test", http_client=httpx.Client(transport=transport), response_validation="strict"
        )
        try:
            method(strict, call)(**call["kwargs"])
        except errors.ResponseValidationError as error:
            assert error.problems, error
        else:
            raise AssertionError("strict parsing accepted a union value that fits no branch")
        print(f"union: {call['operation']} lenient -> {call['unknown']}, strict -> ResponseValidationError")
    import pydantic

    print(f"ok with httpx {httpx.__version__}, pydantic {pydantic.VERSION}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
