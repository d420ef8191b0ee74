"""The consumer's side of errors: each status's exception types its `body` as the spec documents it,
`errors.ErrorType` names the error types the options and the spec enumerate, a rate limit carries its
`retry_after`, and every retry is logged at INFO on the package's logger (never a secret).
"""

from __future__ import annotations

import importlib
import json
import logging
import typing
from pathlib import Path
from typing import Any

import httpx
import pytest

from generator import ir
from generator.error_surface import SERVER_ERROR, STATUS_ERRORS, error_types, typed_errors
from generator.options import OPTIONS_FILE_NAME, load_options
from tests.packages import GeneratedPackage, PackageFactory

from .support import runa_specs

pytestmark = pytest.mark.slow  # generates and imports a whole package


@pytest.fixture
def newest(generated_packages: PackageFactory) -> GeneratedPackage:
    return generated_packages.get(runa_specs()[-1])


def submodule(package: GeneratedPackage, name: str) -> Any:
    assert package.module  # imported first: its folder on sys.path
    return importlib.import_module(f"{package.name}.{name}")


def first_operation_with_status(api: ir.Api, status: str) -> ir.Operation:
    return next(op for op in api.operations if any(r.status == status for r in op.responses))


def call(client: Any, api: ir.Api, operation: ir.Operation) -> Any:
    """The operation through `client` with its spec example's arguments."""
    resource = next(r for r in api.all_resources if operation in r.operations)
    target = client
    for attribute in resource_path(api, resource):
        target = getattr(target, attribute)
    return getattr(target, operation.python_name)(**dict(operation.example_arguments))


def resource_path(api: ir.Api, wanted: ir.Resource) -> list[str]:
    def walk(resources: tuple[ir.Resource, ...], prefix: list[str]) -> list[str] | None:
        for resource in resources:
            if resource is wanted:
                return [*prefix, resource.attribute]
            found = walk(resource.children, [*prefix, resource.attribute])
            if found:
                return found
        return None

    found = walk(api.resources, [])
    assert found is not None
    return found


def test_the_generators_status_table_is_the_runtimes(newest: GeneratedPackage) -> None:
    runtime = submodule(newest, "_response")
    assert {s: c.__name__ for s, c in runtime._STATUS_ERRORS.items()} == STATUS_ERRORS
    assert runtime.errors is newest.module.errors  # the generated module, whose classes the runtime raises


def test_each_status_error_types_its_body_as_documented_and_is_raised_with_it(newest: GeneratedPackage) -> None:
    api, errors, models = newest.result.api, newest.module.errors, newest.module.models
    typed = typed_errors(api)
    assert typed, "the spec documents no error body"
    for error in typed:
        hint = typing.get_type_hints(getattr(errors, error.name), localns={"models": models})["body"]
        assert {typing.get_args(hint)} != {()}, hint
        as_received = set(typing.get_args(errors.RawBody))
        assert {a.__name__ for a in typing.get_args(hint) if a not in as_received} == {
            b.removeprefix("models.") for b in error.bodies
        }
    testing = submodule(newest, "testing")
    fake = getattr(testing, "Fake" + api.client_name.removesuffix("Client"))()
    client = newest.module.__dict__[api.client_name](api_key="test", http_client=fake.http_client(), max_retries=0)
    limited = next(e for e in typed if e.name == STATUS_ERRORS[429])
    operation = first_operation_with_status(api, str(limited.statuses[0]))
    fake.fail_next(operation.operation_id, status=limited.statuses[0], retry_after=7)
    with pytest.raises(getattr(errors, limited.name)) as raised:
        call(client, api, operation)
    assert type(raised.value.body).__name__ in {b.removeprefix("models.") for b in limited.bodies}
    assert raised.value.retry_after == 7
    assert SERVER_ERROR in {e.name for e in typed} or not any(
        r.status.startswith("5") for op in api.operations for r in op.responses
    )


def runtime_classes(hint: Any) -> tuple[type, ...]:
    """The classes `isinstance` checks a value of annotation `hint` against (`list[Any]` -> list)."""
    found: list[type] = []
    for arg in typing.get_args(hint) or (hint,):
        if typing.get_args(arg) and typing.get_origin(arg) is not None:
            found.extend(runtime_classes(arg) if typing.get_origin(arg) is typing.Union else [typing.get_origin(arg)])
        else:
            found.append(type(None) if arg is None else arg)
    return tuple(found)


@pytest.mark.parametrize("strict", [False, True], ids=["lenient", "strict"])
def test_a_status_errors_body_is_always_of_its_annotated_type(newest: GeneratedPackage, strict: bool) -> None:
    """Whatever the server answers with a documented status (the trial's HTML 400, an empty body, JSON of
    another shape or kind), `body` is a value of the type its annotation says: mypy keeps the user
    from reading `.message` of a text."""
    api, errors, models = newest.result.api, newest.module.errors, newest.module.models
    error = typed_errors(api)[0]
    hint = typing.get_type_hints(getattr(errors, error.name), localns={"models": models})["body"]
    allowed = runtime_classes(hint)
    assert Any not in allowed, hint  # an honest type: mypy checks what is read from it
    operation = first_operation_with_status(api, str(error.statuses[0]))
    answers: list[tuple[bytes, str]] = [
        (b"<html>Bad gateway</html>", "text/html"),
        (b"", "application/json"),
        (b'{"unexpected": "shape"}', "application/json"),
        (b'["an", "array"]', "application/json"),
        (b"null", "application/json"),
        (b"7", "application/json"),
    ]
    for content, content_type in answers:

        def answer(
            request: httpx.Request, content: bytes = content, content_type: str = content_type
        ) -> httpx.Response:
            return httpx.Response(error.statuses[0], content=content, headers={"content-type": content_type})

        client = newest.module.__dict__[api.client_name](
            api_key="test",
            http_client=httpx.Client(transport=httpx.MockTransport(answer)),
            max_retries=0,
            response_validation="strict" if strict else "lenient",
        )
        with pytest.raises(getattr(errors, error.name)) as raised:
            call(client, api, operation)
        assert isinstance(raised.value.body, allowed), (content, raised.value.body, hint)


def test_error_types_of_the_options_are_constants(newest: GeneratedPackage) -> None:
    options = load_options(newest.spec.parent / OPTIONS_FILE_NAME)
    named = set(options.facts.retry_error_types)
    if options.fake.balance is not None:
        named.add(options.fake.balance.insufficient_type)
    if options.fake.idempotency is not None:
        named |= {options.fake.idempotency.mismatch_type, options.fake.idempotency.in_progress_type}
    constants = {v for k, v in vars(newest.module.errors.ErrorType).items() if k.isupper()}
    assert named and named <= constants


def test_error_types_an_error_schema_enumerates_are_constants(
    generated_packages: PackageFactory, tmp_path: Path
) -> None:
    spec = tmp_path / "errs-2024-01-01.json"
    spec.write_text(
        json.dumps(
            {
                "openapi": "3.1.0",
                "info": {"title": "Errs", "version": "1"},
                "paths": {
                    "/thing": {
                        "get": {
                            "operationId": "getThing",
                            "responses": {
                                "200": {"description": "ok"},
                                "409": {
                                    "description": "conflict",
                                    "content": {
                                        "application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}
                                    },
                                },
                            },
                        }
                    }
                },
                "components": {
                    "schemas": {
                        "Problem": {
                            "type": "object",
                            "required": ["type"],
                            "properties": {"type": {"type": "string", "enum": ["already-taken", "locked"]}},
                        }
                    }
                },
            }
        )
    )
    package = generated_packages.get(spec, name="errs_enumerated")
    assert error_types(package.result.api) == ("already-taken", "locked")
    error_type = package.module.errors.ErrorType
    assert (error_type.ALREADY_TAKEN, error_type.LOCKED) == ("already-taken", "locked")
    hint = typing.get_type_hints(package.module.errors.ConflictError, localns={"models": package.module.models})
    assert package.module.models.Problem in typing.get_args(hint["body"])


def test_every_retry_is_logged_at_info_without_secrets(
    newest: GeneratedPackage, caplog: pytest.LogCaptureFixture
) -> None:
    api = newest.result.api
    testing = submodule(newest, "testing")
    fake = getattr(testing, "Fake" + api.client_name.removesuffix("Client"))()
    secret = "sk_test_NEVER-IN-A-LOG-123"
    client = newest.module.__dict__[api.client_name](api_key=secret, http_client=fake.http_client(), max_retries=2)
    client._sleep = lambda seconds: None
    operation = next(op for op in api.operations if op.idempotent and not op.body)
    fake.fail_next(operation.operation_id, status=503, retry_after=0)
    fake.fail_next(operation.operation_id, error="connect")
    with caplog.at_level(logging.INFO, logger=newest.name):
        call(client, api, operation)
    retries = [r for r in caplog.records if r.name == newest.name and "retrying" in r.getMessage()]
    assert [r.levelno for r in retries] == [logging.INFO, logging.INFO]
    first, second = (r.getMessage() for r in retries)
    assert first.startswith(f"{operation.operation_id}: attempt 1 of 3 failed (503 Service Unavailable")
    assert second.startswith(f"{operation.operation_id}: attempt 2 of 3 failed (ConnectError)")
    assert all("retrying in " in m and secret not in m for m in (first, second))
