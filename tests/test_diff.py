"""`python -m generator diff` and `changelog`: levels of every change kind, hand-checked Runa entries, output, exit codes."""

from __future__ import annotations

import difflib
import json
import shutil
from pathlib import Path

import pytest

from generator.diff.api import DiffReport, diff_specs
from generator.diff.changelog import changelogs
from generator.diff.changes import BREAKING, INFO, MAYBE, Change, is_documentation
from generator.diff.cli import diff_main as main
from generator.diff.render import render_json, render_markdown

from .support import FIXTURES, GENERATED, HAND_CHECKED, SPECS, run_generator, runa_specs, spec_version

DIFF = FIXTURES / "diff"
OLD, BASE = HAND_CHECKED  # the real pair checked by hand; the made-up versions derive from BASE
SYNTHETIC = DIFF / "runa-synthetic-next.yaml"
OPTIONS = SPECS / "options" / "generator.yaml"  # the synthetic spec lives in tests/, so it is told Runa's options


@pytest.fixture(scope="module")
def runa() -> DiffReport:
    return diff_specs(OLD.path, BASE.path)


@pytest.fixture(scope="module")
def synthetic() -> DiffReport:
    return diff_specs(BASE.path, SYNTHETIC, options_file=OPTIONS)


def matching(changes: tuple[Change, ...], id: str, operation: str, fragment: str) -> list[Change]:
    return [c for c in changes if c.id == id and c.operation == operation and fragment in c.message]


# --- Hand-checked entries of the real 2023-07-27 -> 2024-02-05 diff -------------------------------
# Each was checked by reading both files in specs/; the comment says what was seen.
RUNA_HAND_CHECKED = [
    # 2023 /product GET takes a required query parameter `country_code`; 2024 has no such parameter.
    ("parameter-removed", BREAKING, "GET /product", "query parameter `country_code` removed"),
    # 2023 CompletedOrderItem lists `redemption_url` (deprecated) under `required`; 2024 dropped the property.
    ("response-property-removed", BREAKING, "POST /order", "`items[].redemption_url`: removed (was always present)"),
    # 2023 `limit` of GET /order is {type: integer}; 2024 adds minimum 1, maximum 500 and default 100.
    ("parameter-constraint-tightened", BREAKING, "GET /order", "query parameter `limit`: maximum added: 500"),
    ("parameter-constraint-tightened", BREAKING, "GET /order", "query parameter `limit`: minimum added: 1"),
    ("parameter-default-changed", INFO, "GET /order", "query parameter `limit`: default added: `100`"),
    # 2023 CompletedOrderWithBasicDetails.total_discount is a number (its recorded answers send 1.0);
    # 2024 a string ('1'). (total_price was a string already: 2023's as-it-answers overlay.)
    (
        "response-property-type-changed",
        BREAKING,
        "GET /order",
        "`items[](CompletedOrderWithBasicDetails).total_discount`: type changed from `number` to `string`",
    ),
    # 2023 NewOrderItemDetails.distribution_method is anyOf [EmailDistribution, LinkDistribution]; 2024 oneOf adds RecipientDistribution.
    (
        "request-property-union-branch-added",
        INFO,
        "POST /order",
        "`items[].distribution_method`: oneOf branch `RecipientDistribution` (type=RECIPIENT) added",
    ),
    # 2023 NewAccountPayment.currency is the 19-code Currency enum; 2024 CurrencyForAccount, pattern ^[A-Z]{3}$,
    # which all 19 codes match: a loosening, not a new constraint.
    ("request-property-constraint-loosened", INFO, "POST /order", "`payment_method.currency`: enum removed"),
    # 2023 GET /balance `currency` is {type: string}; 2024 refers to CurrencyForAccount with pattern ^[A-Z]{3}$.
    (
        "parameter-constraint-tightened",
        BREAKING,
        "GET /balance",
        "query parameter `currency`: pattern added: `^[A-Z]{3}$`",
    ),
    # 2023 OrderPriceResponse.currency is allOf CurrencyEnum; 2024 a plain string: codes outside the old enum may arrive.
    ("response-property-constraint-loosened", MAYBE, "POST /order/estimate", "`currency`: enum removed"),
    # 2023 has no /ping; 2024 adds GET /ping (operationId ping).
    ("operation-added", INFO, "GET /ping", "GET /ping added"),
]


@pytest.mark.parametrize(
    ("id", "level", "operation", "fragment"), RUNA_HAND_CHECKED, ids=[f"{c[0]}:{c[2]}" for c in RUNA_HAND_CHECKED]
)
def test_runa_hand_checked_entries(runa: DiffReport, id: str, level: str, operation: str, fragment: str) -> None:
    found = matching(runa.changes, id, operation, fragment)
    assert found, f"no {id} on {operation} containing {fragment!r}"
    assert {c.level for c in found} == {level}


def test_runa_schema_moved_behind_or_out_of_a_ref_is_no_change(runa: DiffReport) -> None:
    # GET /order's 200 body is a $ref to PageableResult_Union_... in 2023 and the same object inline in
    # 2024; `pagination` moved from allOf-of-a-ref to the same. Neither the body nor pagination changed
    # shape (Runa did reword `pagination.page`'s description: a documentation change, listed apart).
    order_list = [c for c in runa.changes if c.operation == "GET /order" and not is_documentation(c)]
    assert not [c for c in order_list if c.id == "response-body-type-changed"]
    assert not [c for c in order_list if "pagination" in c.message]
    assert not [c for c in runa.changes if c.id == "operation-removed"]


def test_runa_python_surface_entries(runa: DiffReport) -> None:
    python = runa.python_changes
    assert (
        matching(python, "python-parameter-removed", "client.products.get_products", "argument `country_code` removed")[
            0
        ].level
        == BREAKING
    )
    assert (
        matching(python, "python-field-removed", "models.CompletedOrderItem", "field `redemption_url` removed")[0].level
        == BREAKING
    )
    assert matching(python, "python-method-added", "client.utility.ping", "ping()` added")[0].level == INFO
    # `id: str` became `id: OrderId`, an alias of str: no change for a caller.
    assert not matching(python, "python-field-type-changed", "models.IncompleteOrder", "field `id`")


def test_committed_changelogs_match_the_specs() -> None:
    expected = changelogs(SPECS)
    assert set(expected) == {f"CHANGELOG-{spec_version(spec)}.md" for spec in runa_specs()[1:]}
    on_disk = {p.name: p.read_text(encoding="utf-8") for p in GENERATED.glob("CHANGELOG-*.md")}
    assert set(on_disk) == set(expected), "run ./scripts/generate.sh"
    for name, text in expected.items():
        diff = list(
            difflib.unified_diff(
                on_disk[name].splitlines(),
                text.splitlines(),
                f"committed/{name}",
                f"regenerated/{name}",
                lineterm="",
                n=1,
            )
        )
        assert not diff, "changelog is stale; run ./scripts/generate.sh and commit:\n" + "\n".join(diff[:60])


# --- The synthetic next version: every change kind, its expected level ----------------------------
# (id, level, operation, fragment of the message); "" is API-wide.
SYNTHETIC_EXPECTED = [
    ("server-removed", BREAKING, "", "`https://playground.runa.io/v2` removed"),
    ("server-added", INFO, "", "`https://eu.api.runa.io/v2` added"),
    ("server-description-changed", MAYBE, "", "renamed from 'Production' to 'Production US'"),
    ("security-scheme-changed", BREAKING, "", "`ApiKeyAuth`: `name` changed from 'X-Api-Key' to 'X-Runa-Key'"),
    ("security-scheme-added", INFO, "", "`BearerAuth` added"),
    ("operation-removed", BREAKING, "GET /product/categories", "removed"),
    ("operation-added", INFO, "POST /order/{id}/cancel", "added"),
    ("operation-id-changed", MAYBE, "GET /product/countries", "from `listProductsCountries` to `listCountries`"),
    ("operation-deprecated", INFO, "GET /balance", "now deprecated"),
    ("parameter-added-required", BREAKING, "GET /product/{product_code}", "required query parameter `currency` added"),
    ("parameter-added-optional", INFO, "GET /order", "optional query parameter `status` added"),
    ("parameter-removed", BREAKING, "GET /product", "query parameter `categories` removed"),
    ("parameter-type-changed", BREAKING, "GET /product", "`is_orderable`: type changed from `boolean` to `string`"),
    ("parameter-became-required", BREAKING, "GET /balance", "query parameter `currency` became required"),
    ("parameter-constraint-tightened", BREAKING, "GET /order", "`limit`: maximum changed from 500 to 100"),
    ("parameter-constraint-loosened", INFO, "GET /product", "`limit`: maximum changed from 500 to 1000"),
    (
        "parameter-enum-value-removed",
        BREAKING,
        "GET /product/{product_code}",
        "`content`: enum values no longer accepted: `html`",
    ),
    ("parameter-enum-value-added", INFO, "POST /order", "`X-Execution-Mode`: enum values added: `batch`"),
    ("parameter-default-changed", MAYBE, "GET /order", "`limit`: default changed from `100` to `50`"),
    ("request-property-added-required", BREAKING, "POST /order", "`reference`: added (required)"),
    ("request-property-added-optional", INFO, "POST /order", "`items[].message`: added (optional)"),
    ("request-property-removed", MAYBE, "POST /order", "`metadata`: removed"),
    (
        "request-property-type-changed",
        BREAKING,
        "POST /order",
        "`items[].face_value`: type changed from `number` to `string`",
    ),
    ("request-property-became-required", BREAKING, "POST /order", "`description`: became required"),
    ("request-property-became-optional", INFO, "POST /order/estimate", "`payment_method`: became optional"),
    (
        "request-property-constraint-tightened",
        BREAKING,
        "POST /order",
        "`description`: maxLength changed from 128 to 64",
    ),
    (
        "request-property-constraint-tightened",
        BREAKING,
        "POST /order/estimate",
        "`items[].products(SingleProduct).value`: minLength changed from 1 to 2",
    ),
    (
        "request-property-constraint-tightened",
        BREAKING,
        "POST /order",
        "distribution_method(EmailDistribution).template_id`: pattern added: `^DT-[0-9A-Z]{26}$`",
    ),
    (
        "request-property-constraint-tightened",
        BREAKING,
        "POST /order/estimate",
        "`items[].face_value`: minimum added: 1",
    ),
    (
        "request-property-constraint-tightened",
        BREAKING,
        "POST /order",
        "`payment_method.currency`: enum added: only `USD`, `GBP`, `EUR` accepted",
    ),
    ("request-property-constraint-loosened", INFO, "POST /order", "`items`: maxItems changed from 200 to 250"),
    (
        "request-property-constraint-changed",
        MAYBE,
        "POST /order",
        "usage_config.spend_rules_template_id`: pattern changed",
    ),
    (
        "response-property-constraint-changed",
        MAYBE,
        "POST /order",
        "usage_config.spend_rules_template_id`: pattern changed",
    ),
    (
        "request-property-union-branch-added",
        INFO,
        "POST /order",
        "oneOf branch `CategoryProduct` (type=CATEGORY) added",
    ),
    (
        "request-property-union-branch-removed",
        BREAKING,
        "POST /order",
        "oneOf branch `PayoutSelectionTemplate` (type=TEMPLATE) removed",
    ),
    ("request-body-became-optional", INFO, "POST /order/estimate", "request body became optional"),
    ("response-property-added", INFO, "GET /product", "`catalog[].brand`: added (optional)"),
    (
        "response-property-removed",
        BREAKING,
        "GET /product",
        "`catalog[].discount_multiplier`: removed (was always present)",
    ),
    ("response-property-removed", MAYBE, "GET /product", "`catalog[].availability`: removed (was optional)"),
    (
        "response-property-became-optional",
        BREAKING,
        "GET /product/{product_code}",
        "`customer_service`: became optional",
    ),
    ("response-property-became-required", INFO, "POST /order", "`items[].payout.expiry_date`: became required"),
    (
        "response-property-type-changed",
        BREAKING,
        "GET /order",
        "`pagination.page.limit`: type changed from `integer` to `string`",
    ),
    (
        "response-property-enum-value-added",
        MAYBE,
        "GET /product",
        "`catalog[].state`: new enum values clients may not handle: `RETIRED`",
    ),
    (
        "response-property-enum-value-removed",
        INFO,
        "GET /product",
        "`catalog[].payout_type`: enum values no longer sent: `payment`",
    ),
    ("response-property-constraint-loosened", MAYBE, "GET /balance", "`(Single balance).balance`: pattern removed"),
    ("response-property-constraint-tightened", INFO, "GET /order", "maxLength changed from 128 to 64"),
    (
        "response-property-default-changed",
        INFO,
        "GET /product",
        "`catalog[].gift_card.redeemable_at`: default added: `all`",
    ),
    ("response-property-union-branch-added", MAYBE, "GET /product", "oneOf branch `ContentResourcesPdf` added"),
    (
        "response-property-union-branch-removed",
        INFO,
        "POST /order",
        "oneOf branch `UnknownProduct` (type=UNKNOWN) removed",
    ),
    ("response-body-union-kind-changed", INFO, "GET /order/{id}", "oneOf became anyOf"),
    ("response-success-status-added", MAYBE, "GET /order/{id}", "success response 202 added"),
    ("response-success-status-removed", BREAKING, "POST /order", "success response 202 removed"),
    ("response-non-success-status-added", INFO, "GET /order/{id}", "response 429 added"),
    ("response-non-success-status-removed", INFO, "GET /product/{product_code}", "response 400 removed"),
    ("security-requirement-added", INFO, "POST /order", "security alternative `BearerAuth` added"),
    (
        "security-requirement-removed",
        BREAKING,
        "POST /order/estimate",
        "`ApiKeyAuth` removed: clients using it are refused",
    ),
    ("security-requirement-removed", INFO, "GET /ping", "`ApiKeyAuth` removed (clients using it still get in)"),
    ("security-requirement-added", INFO, "GET /ping", "anonymous access added"),
    ("webhook-removed", BREAKING, "webhook product.update", "`product.update` removed"),
    ("webhook-added", INFO, "webhook order.refund", "`order.refund` added"),
    ("webhook-property-added", INFO, "webhook order.completion", "`(FailedOrderWebhook).reason`: added (optional)"),
    ("schema-added", INFO, "", "`CategoryProduct` added"),
]


@pytest.mark.parametrize(
    ("id", "level", "operation", "fragment"),
    SYNTHETIC_EXPECTED,
    ids=[f"{c[0]}:{c[2]}:{i}" for i, c in enumerate(SYNTHETIC_EXPECTED)],
)
def test_synthetic_change_levels(synthetic: DiffReport, id: str, level: str, operation: str, fragment: str) -> None:
    found = matching(synthetic.changes, id, operation, fragment)
    assert found, f"no {id} on {operation or 'the API'} containing {fragment!r}"
    assert {c.level for c in found} == {level}


def test_synthetic_raises_no_unexpected_alarm(synthetic: DiffReport) -> None:
    # Every breaking or maybe-breaking API change is one of the expected ones (the same schema change
    # may show under several operations: those repeats are the same expected id and level).
    expected = {(id, level) for id, level, _, _ in SYNTHETIC_EXPECTED}
    unexpected = [c for c in synthetic.changes if c.level != INFO and (c.id, c.level) not in expected]
    assert not unexpected, "\n".join(f"{c.level} {c.id} {c.operation}: {c.message}" for c in unexpected)


def test_synthetic_schema_moved_behind_a_ref_is_no_change(synthetic: DiffReport) -> None:
    # /ping's 200 schema is inline in 2024-02-05 and `$ref: PingResponse` in the synthetic version. (Only
    # the words differ: specs/overlays documents 2024-02-05's, and no overlay reaches tests/fixtures/diff.)
    ping = [c for c in synthetic.changes if c.operation == "GET /ping" and not is_documentation(c)]
    assert ping and all(c.area == "security" for c in ping)
    assert not [c for c in synthetic.python_changes if "PingResponse" in c.message or c.operation.endswith(".ping")]


SYNTHETIC_PYTHON = [
    ("python-method-removed", BREAKING, "client.products.list_products_categories"),
    ("python-method-removed", BREAKING, "client.products.list_products_countries"),  # operationId renamed
    ("python-method-added", INFO, "client.products.list_countries"),
    ("python-method-added", INFO, "client.orders.cancel_order"),
    ("python-parameter-added-required", BREAKING, "client.products.get_single_product"),
    ("python-parameter-removed", BREAKING, "client.products.get_products"),
    ("python-parameter-type-changed", INFO, "client.orders.create_order"),  # execution_mode accepts 'batch' too
    ("python-parameter-became-required", BREAKING, "client.balance.get_balance"),
    ("python-return-type-changed", BREAKING, "client.orders.create_order"),
    ("python-field-removed", BREAKING, "models.Product"),
    ("python-field-added", INFO, "models.Product"),
    ("python-field-became-optional", MAYBE, "models.Product"),
    ("python-field-added-required", MAYBE, "models.NewOrderDetails"),
    ("python-field-type-changed", BREAKING, "models.Page"),
    ("python-enum-member-added", INFO, "models.ProductState"),
    ("python-enum-member-removed", BREAKING, "models.ProductPayoutType"),
    ("python-class-removed", BREAKING, "models.ListProductsCategoriesResponse"),
    ("python-class-added", INFO, "models.CategoryProduct"),
    ("python-webhook-removed", BREAKING, "webhooks.product_update"),
    ("python-environment-removed", BREAKING, "RunaClient(environment=...)"),
    ("python-credential-added", INFO, "RunaClient(...)"),
]


@pytest.mark.parametrize(("id", "level", "where"), SYNTHETIC_PYTHON, ids=[f"{c[0]}:{c[2]}" for c in SYNTHETIC_PYTHON])
def test_synthetic_python_surface_levels(synthetic: DiffReport, id: str, level: str, where: str) -> None:
    found = [c for c in synthetic.python_changes if c.id == id and c.operation == where]
    assert found, f"no {id} at {where}"
    assert level in {c.level for c in found}


def test_recursive_schemas_terminate_and_report_a_deep_change_once() -> None:
    report = diff_specs(DIFF / "tree-old.yaml", DIFF / "tree-new.yaml")
    added = [c for c in report.changes if c.id.endswith("property-added") or c.id.endswith("property-added-optional")]
    assert sorted((c.operation, c.message) for c in added) == [
        ("GET /tree", "response property `label`: added (optional)"),
        ("POST /tree", "request property `label`: added (optional)"),
    ]
    # Category was renamed Node: no API change beyond `label`, but the Python class name changed.
    assert {c.id for c in report.changes} == {
        "response-property-added",
        "request-property-added-optional",
        "schema-added",
        "schema-removed",
    }
    assert matching(report.python_changes, "python-class-removed", "models.Category", "")[0].level == BREAKING


# --- Output formats and exit codes --------------------------------------------------------------


def test_json_is_stable_sorted_and_complete(synthetic: DiffReport) -> None:
    first = render_json(synthetic)
    again = render_json(diff_specs(BASE.path, SYNTHETIC, options_file=OPTIONS))
    assert first == again
    document = json.loads(first)
    assert json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n" == first
    assert document["summary"]["api"] == {
        level: sum(1 for c in document["changes"] if c["level"] == level) for level in (BREAKING, MAYBE, INFO)
    }
    assert document["old"]["file"] == BASE.path.name and document["new"]["file"] == "runa-synthetic-next.yaml"
    change = document["changes"][0]
    assert set(change) == {
        "id",
        "level",
        "area",
        "direction",
        "operation",
        "operation_id",
        "json_pointer",
        "source",
        "message",
        "old",
        "new",
    }
    keys = [
        (c["operation"], {BREAKING: 0, MAYBE: 1, INFO: 2}[c["level"]], c["json_pointer"], c["id"], c["message"])
        for c in document["changes"]
    ]
    assert keys == sorted(keys)


def test_markdown_leads_with_the_summary_then_groups_by_operation(runa: DiffReport) -> None:
    text = render_markdown(runa)
    assert (
        text.index("## Summary") < text.index("## API changes by operation") < text.index("## Python package changes")
    )
    counts = {level: sum(1 for c in runa.changes if c.level == level) for level in (BREAKING, MAYBE, INFO)}
    assert f"| API | {counts[BREAKING]} | {counts[MAYBE]} | {counts[INFO]} |" in text
    assert "### `GET /product` (getProducts)" in text
    section = text.split("### `GET /product` (getProducts)")[1].split("\n### ")[0]
    assert "- **breaking** · parameter: query parameter `country_code` removed" in section


@pytest.mark.slow  # CLI runs
def test_exit_codes_follow_fail_on(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = str(OLD.path), str(BASE.path)
    assert main([old, new]) == 1  # breaking changes, default --fail-on breaking
    assert main([old, new, "--fail-on", "never", "--format", "json"]) == 0
    assert main([new, new, "--fail-on", "maybe"]) == 0
    assert "No changes." in capsys.readouterr().out
    # Only additions (an optional response and request property): info, so even --fail-on maybe passes.
    tree = (DIFF / "tree-old.yaml").read_text(encoding="utf-8")
    grown = tree.replace(
        "        name:\n          type: string\n",
        "        name:\n          type: string\n        label:\n          type: string\n",
    )
    assert grown != tree
    (tmp_path / "tree-grown.yaml").write_text(grown, encoding="utf-8")
    assert main([str(DIFF / "tree-old.yaml"), str(tmp_path / "tree-grown.yaml"), "--fail-on", "maybe"]) == 0
    assert main([str(BASE.path), str(SYNTHETIC), "--options", str(OPTIONS), "--fail-on", "maybe"]) == 1


@pytest.mark.slow  # CLI runs
def test_command_line_dispatch_help_and_bad_input() -> None:
    helped = run_generator("diff", "--help")
    assert helped.returncode == 0
    assert "0 no change at or above --fail-on, 1 a change at or above --fail-on" in " ".join(
        helped.stdout.replace("-\n", "-").split()
    )
    bad = run_generator("diff", BASE.path, FIXTURES / "bad" / "dangling-ref-2024-01-01.yaml")
    assert bad.returncode == 2, bad.stdout + bad.stderr
    assert "dangling-ref-2024-01-01.yaml:15" in bad.stderr and "/paths/~1ping/get/responses/200" in bad.stderr
    assert "Traceback" not in bad.stderr and bad.stdout == ""
    missing = run_generator("diff", BASE.path, SPECS / "2099-01-01.yaml")
    assert missing.returncode == 2 and "2099-01-01.yaml" in missing.stderr


# --- Completeness: every changed location, words as collapsed info, dates in order -----------------

NEXT = FIXTURES / "next_version" / "runa_2025-06-01_openapi.yaml"  # made up: see its header


@pytest.fixture(scope="module")
def next_version() -> DiffReport:
    return diff_specs(BASE.path, NEXT)


def test_a_schema_reached_at_two_places_is_reported_at_both(next_version: DiffReport) -> None:
    # ProductUpdateState (webhook product.update) holds price_multiplier; old_state and new_state both use it.
    found = {
        c.json_pointer.rsplit("/properties/", 2)[-2].rsplit("/", 1)[-1]
        for c in next_version.changes
        if c.operation == "webhook product.update" and "price_multiplier" in c.message
    }
    assert found == {"old_state", "new_state"}
    messages = [c.message for c in next_version.changes if c.operation == "webhook product.update"]
    assert any("`new_state.price_multiplier`: pattern changed" in m for m in messages)
    assert any("`old_state.price_multiplier`: pattern changed" in m for m in messages)


def test_documentation_changes_are_info_and_folded_away(next_version: DiffReport) -> None:
    [balance] = [c for c in next_version.changes if c.id == "operation-description-changed"]
    assert balance.level == INFO and balance.operation == "GET /balance"
    assert balance.message.startswith("description changed: 'Retrieves the account [-balance. Returns")
    assert balance.old is not None and balance.new is not None and balance.old != balance.new
    markdown = render_markdown(next_version)
    section = markdown[markdown.index("### `GET /balance`") :]
    section = section[: section.index("\n### ")]
    assert "<details><summary>1 documentation change (info)</summary>" in section
    assert section.index("<details>") < section.index("description changed:") < section.index("</details>")


@pytest.mark.slow  # reads and compares both Runa versions
def test_schema_description_changes_are_listed() -> None:
    old = diff_specs(DIFF / "tree-old.yaml", DIFF / "tree-old.yaml")
    assert old.changes == ()
    report = diff_specs(OLD.path, BASE.path)
    words = [c for c in report.changes if c.id.endswith("-description-changed")]
    assert words and all(c.level == INFO for c in words)


def test_reversed_dates_are_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(BASE.path), str(OLD.path)]) == 2
    error = capsys.readouterr().err
    assert f"{BASE.path.name} (version {BASE.version}) is newer than {OLD.path.name} (version {OLD.version})" in error
    assert "swap them" in error


@pytest.mark.slow  # CLI runs
def test_changelog_command_errors_and_exit_codes(tmp_path: Path) -> None:
    missing = run_generator("changelog", tmp_path / "nope")
    assert missing.returncode == 2 and "nope is not a folder of specs" in missing.stderr
    assert "Traceback" not in missing.stderr
    empty = run_generator("changelog", tmp_path)
    assert empty.returncode == 2 and "holds no spec" in empty.stderr
    (tmp_path / "notes.yaml").write_text("openapi: 3.1.0\n", encoding="utf-8")
    undated = run_generator("changelog", tmp_path)
    assert undated.returncode == 2 and "notes.yaml: the file name has no YYYY-MM-DD date" in undated.stderr
    (tmp_path / "notes.yaml").unlink()
    shutil.copy(BASE.path, tmp_path / f"runa_{BASE.version}_openapi{BASE.path.suffix}")
    single = run_generator("changelog", tmp_path, "--output", tmp_path / "out")
    assert single.returncode == 0 and "is the only version" in single.stdout


def test_changelog_includes_a_spec_kept_under_its_downloaded_name(tmp_path: Path) -> None:
    shutil.copy(BASE.path, tmp_path / BASE.path.name)
    shutil.copytree(SPECS / "overlays", tmp_path / "overlays")
    shutil.copytree(SPECS / "options", tmp_path / "options")
    shutil.copy(NEXT, tmp_path / "runa_2025-06-01_openapi.yaml")
    assert set(changelogs(tmp_path)) == {"CHANGELOG-2025-06-01.md"}
