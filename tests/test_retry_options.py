"""Generator options of the retry policy (issue #17): operations documented free of side effects,
and an idempotency key on every unsafe operation; what reaches each generated `Endpoint`."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from generator.diagnostics import GeneratorError
from generator.options import load_options
from generator.pipeline import Request, generate

from .packages import PackageFactory
from .support import CURRENT, SPECS

SPEC = """
openapi: 3.1.0
info: {title: Pay, version: "1"}
servers: [{url: "https://api.example.com"}]
paths:
  /charges:
    get: {operationId: listCharges, responses: {"200": {description: ok}}}
    post: {operationId: createCharge, responses: {"200": {description: ok}}}
  /charges/{id}:
    parameters: [{name: id, in: path, required: true, schema: {type: string}}]
    put: {operationId: replaceCharge, responses: {"200": {description: ok}}}
    patch:
      operationId: updateCharge
      parameters: [{name: idempotency_key, in: query, schema: {type: string}}]
      responses: {"200": {description: ok}}
    delete: {operationId: deleteCharge, responses: {"200": {description: ok}}}
  /charges/quote:
    post: {operationId: quoteCharge, responses: {"200": {description: ok}}}
  /refunds:
    post:
      operationId: createRefund
      parameters: [{name: Idempotency-Key, in: header, required: true, schema: {type: string}}]
      responses: {"200": {description: ok}}
"""


def generate_pay(tmp_path: Path, options: str) -> tuple[dict[str, str], list[str]]:
    (tmp_path / "pay-2024-01-01.yaml").write_text(SPEC, encoding="utf-8")
    options_file = tmp_path / "options" / "generator.yaml"
    options_file.parent.mkdir(exist_ok=True)
    options_file.write_text(textwrap.dedent(options), encoding="utf-8")
    result = generate(Request(spec=tmp_path / "pay-2024-01-01.yaml"))
    return result.files, [str(w) for w in result.warnings]


def endpoint_fields(client: str) -> dict[str, dict[str, str]]:
    """operation id -> the `idempotency_header` and `idempotent` of its generated Endpoint."""
    fields = {}
    for block in re.findall(r"= Endpoint\((.*?)\n\)", client, re.DOTALL):
        operation = re.search(r'operation_id="([^"]+)"', block)
        assert operation is not None
        fields[operation.group(1)] = {
            name: re.search(rf"    {name}=(.*),", block).group(1)  # type: ignore[union-attr]
            for name in ("idempotency_header", "idempotent")
        }
    return fields


def test_idempotency_follows_the_http_method(tmp_path: Path) -> None:
    files, _ = generate_pay(tmp_path, "{}\n")
    fields = endpoint_fields(files["_client.py"])
    assert {op: f["idempotent"] for op, f in fields.items()} == {
        "listCharges": "True",
        "createCharge": "False",
        "replaceCharge": "True",
        "updateCharge": "False",
        "deleteCharge": "True",
        "quoteCharge": "False",
        "createRefund": "False",
    }
    assert fields["createRefund"]["idempotency_header"] == '"Idempotency-Key"'  # recognised by name
    assert fields["createCharge"]["idempotency_header"] == "None"


def test_side_effect_free_operations_are_idempotent(tmp_path: Path) -> None:
    files, warnings = generate_pay(tmp_path, "side_effect_free_operations: [quoteCharge, noSuchOperation]\n")
    fields = endpoint_fields(files["_client.py"])
    assert fields["quoteCharge"]["idempotent"] == "True" and fields["createCharge"]["idempotent"] == "False"
    assert [w for w in warnings if "side_effect_free_operations: no operation 'noSuchOperation'" in w]
    assert "Documented free of side effects despite their method" in files["README.md"]
    assert "`default.quote_charge`" in files["README.md"]


def test_a_key_on_every_unsafe_operation(tmp_path: Path) -> None:
    files, _ = generate_pay(
        tmp_path, "idempotency_key_on_unsafe_operations: true\nside_effect_free_operations: [quoteCharge]\n"
    )
    fields = endpoint_fields(files["_client.py"])
    keyed = {op for op, f in fields.items() if f["idempotency_header"] != "None"}
    assert keyed == {"createCharge", "updateCharge", "createRefund"}  # not the idempotent ones, nor quoteCharge
    assert fields["createCharge"]["idempotency_header"] == '"Idempotency-Key"'  # the IETF draft's name
    client = files["_client.py"]
    assert "idempotency_key: str | None = None," in client  # a parameter the caller may pass
    # updateCharge already has a query parameter of that name: the header's is named apart.
    assert "idempotency_key_: str | None = None," in client
    assert '"Idempotency-Key": idempotency_key_' in client


def test_the_key_header_is_the_configured_one(tmp_path: Path) -> None:
    files, _ = generate_pay(tmp_path, "idempotency_key_on_unsafe_operations: true\nidempotency_header: X-Request-Key\n")
    fields = endpoint_fields(files["_client.py"])
    assert fields["createCharge"]["idempotency_header"] == '"X-Request-Key"'


def test_runa_marks_the_price_estimate(generated_packages: PackageFactory) -> None:
    options = load_options(SPECS / "options" / "generator.yaml")
    assert options.side_effect_free_operations == {"estimateOrderPrice"}
    assert not options.idempotency_key_on_unsafe_operations  # Runa takes a key on order creation only
    fields = endpoint_fields(generated_packages.get(CURRENT.path).result.files["_client.py"])
    assert fields["estimateOrderPrice"]["idempotent"] == "True"
    assert fields["createOrder"] == {"idempotency_header": '"X-Idempotency-Key"', "idempotent": "False"}


@pytest.mark.parametrize(
    ("text", "pointer"),
    [
        ("side_effect_free_operations: quoteCharge\n", "/side_effect_free_operations"),
        ("side_effect_free_operations: [quoteCharge, 7]\n", "/side_effect_free_operations/1"),
        ("idempotency_key_on_unsafe_operations: yes please\n", "/idempotency_key_on_unsafe_operations"),
    ],
)
def test_bad_retry_options_are_located_errors(tmp_path: Path, text: str, pointer: str) -> None:
    path = tmp_path / "generator.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(GeneratorError) as caught:
        load_options(path)
    assert caught.value.diagnostic.location is not None and caught.value.diagnostic.location.pointer == pointer
