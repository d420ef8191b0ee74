"""What an API's docs add to its spec (generator options) reaches the generated client as data:
the waits of the retry loop, and typing overloads where a header picks the response status. Also
the README's example arguments, taken from the spec's examples."""

from __future__ import annotations

import ast
import textwrap
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest

from generator.diagnostics import GeneratorError
from generator.ir import RuntimeFacts
from generator.load import load_document
from generator.operations import HTTP_METHODS
from generator.options import HeaderStatusRule, load_options
from generator.pipeline import Request, generate
from generator.render import TEMPLATES

from .packages import PackageFactory
from .support import CURRENT, SPECS

SPEC = """
openapi: 3.1.0
info: {title: Shop, version: "1"}
servers: [{url: "https://api.example.com", description: Live}]
paths:
  /orders:
    post:
      operationId: createOrder
      parameters:
        - {name: X-Mode, in: header, schema: {type: string, enum: [now, later], default: later}}
        - {name: X-Idempotency-Key, in: header, required: true, schema: {type: string}}
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: "#/components/schemas/NewOrder"}
      responses:
        "200": {description: done, content: {application/json: {schema: {$ref: "#/components/schemas/Done"}}}}
        "202": {description: accepted, content: {application/json: {schema: {$ref: "#/components/schemas/Accepted"}}}}
  /orders/{order_code}:
    get:
      operationId: getOrder
      parameters:
        - {name: order_code, in: path, required: true, schema: {type: string}}
        - {name: verbose, in: query, schema: {type: boolean}, example: true}
        - {name: page, in: query, schema: {type: integer}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Done"}}}}
components:
  schemas:
    NewOrder:
      type: object
      required: [items, email, kind]
      properties:
        items: {type: array, minItems: 2, items: {type: object, required: [sku], properties: {sku: {type: string, example: SKU-1}, note: {type: string}}}}
        email: {type: string, format: email}
        kind: {oneOf: [{type: object, required: [type], properties: {type: {enum: [GIFT]}}}, {type: string}]}
        note: {type: string, example: not required, not shown}
        weird: {required: 5, type: object}
    Done: {type: object, properties: {order_code: {type: string, example: OC-7}}}
    Accepted: {type: object, properties: {id: {type: string}}}
"""


def generate_shop(tmp_path: Path, options: str) -> Any:
    (tmp_path / "shop-2024-01-01.yaml").write_text(SPEC, encoding="utf-8")
    _options_file(tmp_path).write_text(textwrap.dedent(options), encoding="utf-8")
    return generate(Request(spec=tmp_path / "shop-2024-01-01.yaml", output=tmp_path / "out"))


RULE = """
    idempotency_header: X-Idempotency-Key
    retry_error_types: [still_processing]
    retry_error_min_wait: 2.5
    rate_limit_min_wait: 5
    response_status_by_header:
      - {operation: createOrder, header: X-Mode, statuses: {now: "200", later: "202"}}
"""


def test_runa_options_are_read() -> None:
    options = load_options(SPECS / "options" / "generator.yaml")
    assert options.facts.retry_error_min_wait == 2.0 and options.facts.rate_limit_min_wait == 5.0
    assert options.response_status_by_header == (
        HeaderStatusRule("createOrder", "X-Execution-Mode", (("sync", "200"), ("async", "202")), "202"),
    )


@pytest.mark.parametrize(
    ("text", "pointer"),
    [
        ("retry_error_min_wait: soon\n", "/retry_error_min_wait"),
        ("rate_limit_min_wait: -1\n", "/rate_limit_min_wait"),
        ("response_status_by_header: {createOrder: 200}\n", "/response_status_by_header"),
        ("response_status_by_header: [{operation: createOrder, header: X-Mode}]\n", "/response_status_by_header/0"),
        (
            "response_status_by_header: [{operation: createOrder, statuses: {a: '200'}}]\n",
            "/response_status_by_header/0/header",
        ),
    ],
)
def test_bad_options_are_located_errors(tmp_path: Path, text: str, pointer: str) -> None:
    path = _options_file(tmp_path)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(GeneratorError) as caught:
        load_options(path)
    assert caught.value.diagnostic.location is not None and caught.value.diagnostic.location.pointer == pointer


def test_every_runtime_fact_is_a_client_config_argument_with_the_same_default() -> None:
    """The facts are declared once in the generator (ir.RuntimeFacts) and rendered field by field as
    `ClientConfig` arguments: the runtime, which must stay self-contained, takes the same names."""
    tree = ast.parse((TEMPLATES / "runtime" / "_types.py").read_text(encoding="utf-8"))
    config = next(node for node in tree.body if isinstance(node, ast.ClassDef) and node.name == "ClientConfig")
    runtime = {
        item.target.id: item.value
        for item in config.body
        if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name)
    }
    for fact in fields(RuntimeFacts):
        assert fact.name in runtime, f"ClientConfig has no field {fact.name!r}"
        default = runtime[fact.name]
        if default is None:
            continue  # required at run time: the generated CONFIG always passes it
        if isinstance(default, ast.Call) and ast.unparse(default.func) == "frozenset":
            runtime_default: object = frozenset(ast.literal_eval(default.args[0]) if default.args else ())
            assert runtime_default == frozenset(fact.default), fact.name  # type: ignore[arg-type]
        else:
            assert ast.literal_eval(default) == fact.default, fact.name


def test_waits_reach_the_client_config(tmp_path: Path) -> None:
    client = generate_shop(tmp_path, RULE).files["_client.py"]
    assert "retry_error_min_wait=2.5," in client and "rate_limit_min_wait=5.0," in client
    assert 'retry_error_types=frozenset({"still_processing"}),' in client


def test_header_picks_the_status_overloads(tmp_path: Path) -> None:
    result = generate_shop(tmp_path, RULE)
    operation = next(op for op in result.api.operations if op.operation_id == "createOrder")
    assert operation.status_by_header is not None
    assert operation.status_by_header.when_omitted == "202"  # from the parameter's default, "later"
    client = result.files["_client.py"]
    assert client.count("@overload") == 4  # two per method, sync and async
    assert 'mode: Literal["now"],' in client and 'mode: Literal["later"] | None = None,' in client
    assert ") -> models.Done: ..." in client and ") -> models.Accepted: ..." in client
    assert "from typing import Any, Literal, TYPE_CHECKING, cast, overload" in client


@pytest.mark.parametrize(
    ("rule", "problem"),
    [
        ("{operation: nope, header: X-Mode, statuses: {now: '200'}}", "no operation 'nope'"),
        ("{operation: createOrder, header: X-Other, statuses: {now: '200'}}", "no header parameter"),
        ("{operation: createOrder, header: X-Mode, statuses: {now: '201'}}", "status 201 is not a documented"),
        (
            "{operation: createOrder, header: X-Mode, statuses: {soon: '200'}}",
            "'soon' is not one of the header's values",
        ),
        ("{operation: createOrder, header: X-Idempotency-Key, statuses: {a: '200'}}", "required"),
    ],
)
def test_a_rule_that_does_not_fit_is_a_warning(tmp_path: Path, rule: str, problem: str) -> None:
    result = generate_shop(tmp_path, f"response_status_by_header: [{rule}]\n")
    assert [w for w in result.warnings if problem in str(w)], [str(w) for w in result.warnings]
    assert "@overload" not in result.files["_client.py"]


def test_a_plain_string_header_gets_a_catch_all_overload(tmp_path: Path) -> None:
    spec = SPEC.replace("schema: {type: string, enum: [now, later], default: later}", "schema: {type: string}")
    (tmp_path / "shop-2024-01-01.yaml").write_text(spec, encoding="utf-8")
    _options_file(tmp_path).write_text(
        "response_status_by_header: [{operation: createOrder, header: X-Mode, statuses: {now: '200', later: '202'}}]\n",
        encoding="utf-8",
    )
    client = generate(Request(spec=tmp_path / "shop-2024-01-01.yaml")).files["_client.py"]
    assert client.count("@overload") == 8  # now, later, None (nothing sent: unknown), any other str
    assert "mode: None = None," in client and ") -> models.Done | models.Accepted: ..." in client


def test_readme_examples_come_from_the_spec(tmp_path: Path) -> None:
    result = generate_shop(tmp_path, RULE)
    arguments = {op.operation_id: dict(op.example_arguments) for op in result.api.operations}
    assert arguments["createOrder"] == {
        "body": {"items": [{"sku": "SKU-1"}, {"sku": "SKU-1"}], "email": "user@example.com", "kind": {"type": "GIFT"}},
    }
    # order_code: no example of its own, but the response's `order_code` property has one; an
    # optional parameter is shown only with an example of its own (verbose), never made up (page).
    assert arguments["getOrder"] == {"order_code": "OC-7", "verbose": True}
    readme = result.files["README.md"]
    assert 'result = client.default.get_order(order_code="OC-7", verbose=True)' in readme


@pytest.mark.slow  # generates the whole Runa package
def test_runa_readme_shows_real_values(generated_packages: PackageFactory) -> None:
    """Each required parameter the spec gives an example of is called with that example, never a made-up value."""
    readme = generated_packages.get(CURRENT.path).result.files["README.md"]
    document = load_document(CURRENT.path).data
    shown = 0
    for item in document["paths"].values():
        for method in HTTP_METHODS:
            for parameter in item.get(method, {}).get("parameters", []):
                if "$ref" in parameter:  # '#/components/parameters/...'
                    parameter = document["components"]["parameters"][parameter["$ref"].split("/")[-1]]
                example = parameter.get("example", parameter.get("schema", {}).get("example"))
                if parameter.get("required") and isinstance(example, str) and parameter["in"] != "header":
                    assert f'{parameter["name"]}="{example}"' in readme
                    shown += 1
    assert shown > 0


def _options_file(folder: Path) -> Path:
    """Where the generator looks for options beside a spec in `folder`."""
    path = folder / "options" / "generator.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    return path
