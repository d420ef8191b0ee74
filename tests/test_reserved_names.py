"""The names a generated client keeps for itself (generator/reserved.py, read from the runtime's client
classes) are never taken by a tag's resource or a security scheme's argument."""

from __future__ import annotations

import inspect

import pytest
import yaml

from generator.reserved import client_arguments, client_attributes, template_attributes

from .packages import PackageFactory
from .support import CURRENT

# Tags and security schemes named like the client's own attributes and arguments.
HOSTILE_SPEC = {
    "openapi": "3.1.0",
    "info": {"title": "Clash", "version": "1"},
    "servers": [{"url": "https://example.com"}],
    "tags": [{"name": name} for name in ("With options", "Total timeout", "Response validation", "Close")],
    "components": {
        "securitySchemes": {
            "total_timeout": {"type": "apiKey", "in": "header", "name": "X-Total"},
            "key": {"type": "apiKey", "in": "header", "name": "X-Key"},
        }
    },
    "security": [{"total_timeout": [], "key": []}],
    "paths": {
        f"/{index}": {"get": {"operationId": f"op{index}", "tags": [tag], "responses": {"204": {"description": "ok"}}}}
        for index, tag in enumerate(("With options", "Total timeout", "Response validation", "Close"))
    },
}


@pytest.mark.slow  # generates and imports a package
def test_tags_and_schemes_named_like_the_clients_own_names_are_renamed(
    generated_packages: PackageFactory, tmp_path_factory: pytest.TempPathFactory
) -> None:
    spec = tmp_path_factory.mktemp("clash") / "clash.yaml"
    spec.write_text(yaml.safe_dump(HOSTILE_SPEC), encoding="utf-8")
    package = generated_packages.get(spec, name="clash_reserved", api_version="2000-01-01")
    module = package.module
    for kind in (module.ClashClient, module.AsyncClashClient):
        parameters = inspect.signature(kind.__init__).parameters
        assert client_arguments() - {"self"} <= set(parameters)  # none lost to a scheme's argument
        assert len([p for p in parameters if "total_timeout" in p]) == 2  # the scheme's, renamed
    made = module.ClashClient(**{p: "x" for p in _credentials(module.ClashClient)})
    assert inspect.ismethod(made.with_options) and inspect.ismethod(made.close)
    assert made.total_timeout is None and made.response_validation == "lenient"
    resources = [name for name, value in vars(made).items() if type(value).__module__.endswith("._client")]
    assert len(resources) == 4 and not set(resources) & client_attributes()


def _credentials(kind: type) -> list[str]:
    return [p for p in inspect.signature(kind.__init__).parameters if p not in client_arguments()]


@pytest.mark.slow  # generates the current Runa package
def test_every_attribute_of_a_generated_client_and_resource_is_reserved(generated_packages: PackageFactory) -> None:
    """Fails when the client or a resource gains an attribute that generator/reserved.py does not read
    (a tag could take it)."""
    package = generated_packages.get(CURRENT.path)
    api = package.result.api
    by_class = {r.class_name: r for r in api.all_resources}
    credentials = {s.argument: ("user", "password") if s.kind == "basic" else "k" for s in api.security_schemes}
    checked = 0
    for kind in (getattr(package.module, api.client_name), getattr(package.module, "Async" + api.client_name)):
        client = kind(**credentials)
        resources = {name for name, value in vars(client).items() if type(value).__module__.endswith("._client")}
        own = {name for name in dir(client) if not name.startswith("__")} - resources
        assert own <= client_attributes(), own - client_attributes()
        assert set(inspect.signature(kind.__init__).parameters) - set(credentials) <= client_arguments()
        for resource in _resources(client, resources):
            spec = by_class[type(resource).__name__.removeprefix("Async")]
            laid_out = {c.attribute for c in spec.children} | {op.python_name for op in spec.operations}
            laid_out |= {f"iter_{op.python_name}" for op in spec.operations if op.pagination is not None}
            own = {name for name in dir(resource) if not name.startswith("__")} - laid_out
            assert own <= template_attributes(), (spec.class_name, own - template_attributes())
            checked += 1
    assert checked == 2 * len(by_class)


def _resources(owner: object, attributes: set[str]) -> list[object]:
    """The resources bound to `owner` (by `attributes`), nested ones included."""
    found = []
    for name in sorted(attributes):
        resource = getattr(owner, name)
        children = {
            n
            for n, v in vars(resource).items()
            if type(v).__module__.endswith("._client")
            and not type(v).__name__.endswith("WithRawResponse")
            and not n.startswith("_")
        }
        found += [resource, *_resources(resource, children)]
    return found


def test_the_reserved_names_are_read_from_the_runtime_and_the_template() -> None:
    assert {"with_options", "close", "request", "total_timeout", "response_validation"} <= client_attributes()
    assert {"total_timeout", "response_validation", "http_client"} <= client_arguments()
    assert {"with_raw_response", "_client", "_bind_resources"} <= template_attributes() <= client_attributes()
