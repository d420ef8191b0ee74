"""Overlays (OpenAPI Overlay 1.0): merge rules, remove, stale targets, discovery, and Runa's own overlay."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from generator import pipeline
from generator.diagnostics import GeneratorError
from generator.load import load_document
from generator.overlay import apply_overlay, apply_overlays, overlay_files
from generator.pipeline import Request, generate
from generator.versions import DatedSpec

from .support import FIXTURES, ROOT, RUNA, SPECS, run_generator

OVERLAYS = FIXTURES / "overlay"
SHOP = OVERLAYS / "shop-2024-01-01.yaml"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_update_merges_objects_concatenates_arrays_replaces_primitives_and_remove_deletes() -> None:
    spec = load_document(SHOP)
    data = apply_overlay(spec.data, load_document(OVERLAYS / "shop-docs.yaml"))
    item = data["components"]["schemas"]["Item"]
    assert item["description"] == "One item for sale."  # new property inserted
    assert item["required"] == ["id", "tags"]  # arrays concatenated
    assert item["x-tags"] == ["a", "b"]
    assert item["properties"]["id"] == {
        "type": "string",
        "description": "The item's identifier.",
    }  # merged, not replaced
    assert item["properties"]["tags"] == {"type": "array", "items": {"type": "string"}}  # untouched sibling kept
    assert data["paths"]["/items"]["get"]["responses"]["200"]["description"] == "The items."
    names = [p["name"] for p in data["paths"]["/items"]["get"]["parameters"]]
    assert names == ["limit", "sort"]  # `sort` appended to the array, `dummy` removed


def test_array_targets_take_an_entry_or_an_array_and_remove_deletes_map_entries(tmp_path: Path) -> None:
    overlay = write(
        tmp_path / "arrays.yaml",
        "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n"
        "- {target: $.servers, update: {url: 'https://b.example'}}\n"
        "- {target: $.servers, update: [{url: 'https://c.example'}, {url: 'https://d.example'}]}\n"
        "- {target: '$.components.schemas.Item.properties.tags', remove: true}\n",
    )
    data = apply_overlay(load_document(SHOP).data, load_document(overlay))
    assert [s["url"] for s in data["servers"]] == [
        "https://shop.example/v1",
        "https://b.example",
        "https://c.example",
        "https://d.example",
    ]
    assert list(data["components"]["schemas"]["Item"]["properties"]) == ["id"]


def test_apply_overlays_leaves_the_loaded_document_alone_and_changes_its_sha256() -> None:
    spec = load_document(SHOP)
    before = repr(spec.data)
    overlaid = apply_overlays(spec, [OVERLAYS / "shop-docs.yaml"])
    assert repr(spec.data) == before
    assert overlaid.path == spec.path  # messages still point at the spec
    assert overlaid.sha256 != spec.sha256
    assert apply_overlays(spec, []) is spec  # no overlay: the very same document, same sha256


def test_stale_target_is_an_error_naming_overlay_action_and_line() -> None:
    spec = load_document(SHOP)
    with pytest.raises(GeneratorError) as raised:
        apply_overlay(spec.data, load_document(OVERLAYS / "shop-stale.yaml"))
    message = str(raised.value)
    assert "shop-stale.yaml:11 at /actions/1/target" in message  # line 11 holds the second target
    assert "$.paths['/orders'].get" in message and "matches nothing" in message


@pytest.mark.slow  # CLI runs
def test_stale_overlay_on_the_command_line_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    result = run_generator(SHOP, "--overlay", OVERLAYS / "shop-stale.yaml", "--output", tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "shop-stale.yaml:11 at /actions/1/target" in result.stderr
    assert "Traceback" not in result.stderr
    assert not any(tmp_path.iterdir())


@pytest.mark.parametrize(
    ("overlay", "fragment"),
    [
        ("overlay: 2.0.0\ninfo: {title: t, version: '1'}\nactions: [{target: $, update: {}}]\n", "expected 1.0.x"),
        (
            "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions: [{target: '$.[', update: {}}]\n",
            "invalid JSONPath",
        ),
        (
            "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions: [{target: $.info}]\n",
            "neither `update` nor `remove: true`",
        ),
        (
            "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions: [{target: $.info, udpate: {}}]\n",
            "unknown field 'udpate'",
        ),
        (
            "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions: [{target: $.info.title, update: x}]\n",
            "not an object or array",
        ),
        (
            "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions: [{target: $.info, update: {title: {a: 1}}}]\n",
            "cannot merge a dict into the str",
        ),
    ],
)
def test_malformed_overlays_are_located_errors(tmp_path: Path, overlay: str, fragment: str) -> None:
    path = write(tmp_path / "bad-overlay.yaml", overlay)
    with pytest.raises(GeneratorError) as raised:
        apply_overlay(load_document(SHOP).data, load_document(path))
    assert fragment in str(raised.value)
    assert "bad-overlay.yaml:" in str(raised.value)


def test_overlays_apply_before_validation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The 200 response has no `description`: --strict refuses the spec alone and accepts it overlaid.
    monkeypatch.setattr(pipeline, "format_files", lambda files, **_: files)  # black is not under test here
    with pytest.raises(GeneratorError, match="description"):
        generate(Request(spec=SHOP, strict=True, output=tmp_path))
    files = generate(Request(spec=SHOP, strict=True, output=tmp_path, overlays=(OVERLAYS / "shop-docs.yaml",))).files
    assert "One item for sale." in files["models.py"] and "The item's identifier." in files["models.py"]


def test_discovery_applies_matching_overlays_in_sorted_order_then_explicit_ones(tmp_path: Path) -> None:
    spec = tmp_path / "shop-2024-01-01.yaml"
    shutil.copy(SHOP, spec)
    overlay = "overlay: 1.0.0\ninfo: {{title: t, version: '1'}}\n{extends}actions: [{{target: $.info, update: {{description: {text}}}}}]\n"
    write(tmp_path / "overlays" / "b.yaml", overlay.format(extends="extends: ./shop-2024-01-01.yaml\n", text="b"))
    write(
        tmp_path / "overlays" / "a.yaml",
        overlay.format(extends="extends: https://example.com/specs/shop-2024-01-01.yaml\n", text="a"),
    )
    write(tmp_path / "overlays" / "other.yaml", overlay.format(extends="extends: shop-2025-01-01.yaml\n", text="other"))
    write(tmp_path / "overlays" / "none.yaml", overlay.format(extends="", text="none"))
    explicit = write(tmp_path / "mine.yaml", overlay.format(extends="", text="explicit"))
    found = overlay_files(spec, [explicit, tmp_path / "overlays" / "a.yaml"])
    assert [p.name for p in found] == ["a.yaml", "b.yaml", "mine.yaml"]  # no duplicate, no stranger
    assert apply_overlays(load_document(spec), found).data["info"]["description"] == "explicit"


def runa_overlay() -> tuple[Path, DatedSpec, str]:
    """Runa's documentation overlay (specs/overlays/), the spec its `extends` names, and its `x-applies-to`."""
    (overlay,) = sorted((SPECS / "overlays").glob("*-docs.yaml"))
    text = yaml.safe_load(overlay.read_text(encoding="utf-8"))
    extended = next(dated for dated in RUNA if dated.path == (overlay.parent / text["extends"]).resolve())
    return overlay, extended, text["x-applies-to"]


def test_runa_overlay_is_kept_by_every_regeneration(monkeypatch: pytest.MonkeyPatch) -> None:
    # Runa's documentation overlay extends one spec: generating that spec applies it without being asked,
    # so every regeneration (scripts/generate.sh, --check) keeps it. Older specs do not get it.
    overlay, extended, _ = runa_overlay()
    assert overlay in overlay_files(extended.path)
    assert all(overlay not in overlay_files(dated.path) for dated in RUNA if dated.version < extended.version)
    monkeypatch.setattr(pipeline, "format_files", lambda files, **_: files)  # black is not under test here
    files = generate(Request(spec=extended.path)).files
    models = files["models.py"]
    assert "Always `pong`." in models
    assert "More payout types may be added in the future" in models and "addedin" not in models
    assert "One plan of a subscription product." in models
    spec_sha = hashlib.sha256(extended.path.read_bytes()).hexdigest()
    assert spec_sha not in files["__init__.py"]  # provenance covers the overlay too


# --- Which versions an overlay applies to (`extends`, `x-applies-to`), reported per overlay ---------

DOCS = """overlay: 1.0.0
info: {{title: docs, version: '1'}}
extends: ../shop-2024-01-01.yaml
{applies}actions:
- target: $.components.schemas.Item
  update:
    description: One item for sale (local text).
"""


def shop_versions(tmp_path: Path, applies: str, later_description: str | None = "Runa's new text.") -> Path:
    """specs/ with shop 2024-01-01, a later 2024-06-01 (Item documented upstream when asked) and one overlay."""
    shutil.copy(SHOP, tmp_path / "shop-2024-01-01.yaml")
    later = SHOP.read_text(encoding="utf-8")
    if later_description is not None:
        later = later.replace("      x-tags: [a]", f"      x-tags: [a]\n      description: {later_description}")
    write(tmp_path / "shop-2024-06-01.yaml", later)
    write(tmp_path / "overlays" / "docs.yaml", DOCS.format(applies=applies))
    return tmp_path


def outcome(result: pipeline.Result) -> str:
    [only] = result.overlays
    return f"{'applied' if only.applied else 'not applied'}: {only.reason}"


@pytest.mark.parametrize(
    ("applies", "old", "new"),
    [
        (
            "",
            "applied: it extends this spec",
            "not applied: it extends shop-2024-01-01.yaml and has no `x-applies-to`; add `x-applies-to: '>=2024-01-01'`"
            " to carry it over to 2024-06-01 and later versions; `x-applies-to: '2024-01-01'` says it is for that"
            " version only",
        ),
        (
            "x-applies-to: '2024-01-01'\n",  # for its own version only: no hint to carry it over
            "applied: it extends this spec",
            "not applied: `x-applies-to: 2024-01-01` excludes 2024-06-01 (written for 2024-01-01)",
        ),
        (
            "x-applies-to: '>=2024-01-01'\n",
            "applied: it extends this spec",
            "applied: `x-applies-to: >=2024-01-01` includes 2024-06-01 (written for 2024-01-01)",
        ),
        (
            "x-applies-to: ['2024-06-01']\n",
            "applied: it extends this spec",
            "applied: `x-applies-to: 2024-06-01` includes 2024-06-01",
        ),
        (
            "x-applies-to: '<2024-06-01'\n",
            "applied: it extends this spec",
            "not applied: `x-applies-to: <2024-06-01` excludes 2024-06-01",
        ),
        (
            "x-applies-to: ['<2024-01-01', '>2024-05-31']\n",
            "applied: it extends this spec",
            "applied: `x-applies-to: <2024-01-01, >2024-05-31` includes 2024-06-01",
        ),
        ("x-applies-to: '*'\n", "applied: it extends this spec", "applied: `x-applies-to: *` includes 2024-06-01"),
    ],
)
def test_applicability_is_decided_and_reported_per_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, applies: str, old: str, new: str
) -> None:
    monkeypatch.setattr(pipeline, "format_files", lambda files, **_: files)  # black is not under test here
    folder = shop_versions(tmp_path, applies)
    first = generate(Request(spec=folder / "shop-2024-01-01.yaml", output=tmp_path / "out"))
    later = generate(Request(spec=folder / "shop-2024-06-01.yaml", output=tmp_path / "out"))
    assert outcome(first).startswith(old) and outcome(later).startswith(new)
    assert ("One item for sale (local text)." in later.files["models.py"]) == later.overlays[0].applied


@pytest.mark.slow  # CLI runs
def test_overlay_naming_no_spec_is_reported_not_skipped_silently(tmp_path: Path) -> None:
    folder = shop_versions(tmp_path, "")
    write(folder / "overlays" / "docs.yaml", DOCS.format(applies="").replace("extends: ../shop-2024-01-01.yaml\n", ""))
    result = run_generator(folder / "shop-2024-06-01.yaml", "--output", tmp_path / "out", "--quiet")
    assert result.returncode == 0, result.stderr
    assert f"overlay {folder / 'overlays' / 'docs.yaml'}: not applied: it names no spec (`extends`)" in result.stdout


def test_update_replacing_a_text_runa_changed_is_a_warning_naming_both_texts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "format_files", lambda files, **_: files)
    folder = shop_versions(tmp_path, "x-applies-to: '>=2024-01-01'\n")
    shop = folder / "shop-2024-01-01.yaml"
    shop.write_text(shop.read_text().replace("      x-tags: [a]", "      x-tags: [a]\n      description: Old text."))
    later = generate(Request(spec=folder / "shop-2024-06-01.yaml", output=tmp_path / "out"))
    [warning] = [str(w) for w in later.warnings if "Runa changed" in str(w)]
    assert "docs.yaml:8 at /actions/0/update/description" in warning
    assert "2024-01-01 said 'Old text.', 2024-06-01 says \"Runa's new text.\"" in warning
    assert "the overlay writes 'One item for sale (local text).'" in warning
    unchanged = generate(Request(spec=folder / "shop-2024-01-01.yaml", output=tmp_path / "out"))
    assert not [w for w in unchanged.warnings if "Runa changed" in str(w)]  # its own version: no comparison


def test_text_added_upstream_since_is_a_warning_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "format_files", lambda files, **_: files)
    folder = shop_versions(tmp_path, "x-applies-to: '>=2024-01-01'\n")
    later = generate(Request(spec=folder / "shop-2024-06-01.yaml", output=tmp_path / "out"))
    [warning] = [str(w) for w in later.warnings if "Runa changed" in str(w)]
    assert '2024-01-01 had no text there, 2024-06-01 says "Runa\'s new text."' in warning


def test_carried_over_overlay_whose_target_is_gone_no_longer_applies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "format_files", lambda files, **_: files)
    folder = shop_versions(tmp_path, "x-applies-to: '>=2024-01-01'\n", later_description=None)
    later_spec = folder / "shop-2024-06-01.yaml"
    later_spec.write_text(
        later_spec.read_text().replace("    Item:", "    Thing:").replace("schemas/Item", "schemas/Thing")
    )
    result = generate(Request(spec=later_spec, output=tmp_path / "out"))
    assert outcome(result).startswith("not applied: no longer applies to 2024-06-01: ")
    assert "docs.yaml:6 at /actions/0/target" in outcome(result)
    assert [w for w in result.warnings if "overlay not applied" in str(w)]
    with pytest.raises(GeneratorError, match="matches nothing"):  # for its own version it stays an error
        own = folder / "shop-2024-01-01.yaml"
        own.write_text(later_spec.read_text())
        generate(Request(spec=own, output=tmp_path / "out"))


@pytest.mark.slow  # a CLI run each
@pytest.mark.parametrize("applies", ["x-applies-to: 2024\n", "x-applies-to: ['>=2024-13-01']\n", "x-applies-to: []\n"])
def test_malformed_applies_to_is_a_located_error(tmp_path: Path, applies: str) -> None:
    folder = shop_versions(tmp_path, applies)
    result = run_generator(folder / "shop-2024-06-01.yaml", "--output", tmp_path / "out")
    assert result.returncode == 2 and "docs.yaml:4 at /x-applies-to" in result.stderr, result.stderr


@pytest.mark.slow  # CLI runs
def test_runa_overlay_reports_for_every_version() -> None:
    overlay, extended, applies = runa_overlay()
    said = f"overlay specs/overlays/{overlay.name}: "
    for dated in RUNA:
        out = run_generator(dated.path.relative_to(ROOT), "--check", "--quiet").stdout
        if dated.version < extended.version:
            assert f"{said}not applied: `x-applies-to: {applies}` excludes {dated.version}" in out
        elif dated == extended:
            assert f"{said}applied: it extends this spec ({dated.path.name})" in out
        else:  # a later version: applied, unless Runa changed the spec under it
            assert f"{said}applied: `x-applies-to: {applies}` includes {dated.version}" in out or (
                f"{said}not applied: no longer applies to {dated.version}: " in out
            )


def _unmatched(data: object, target: str, tmp_path: Path) -> str:
    overlay = write(
        tmp_path / "mine.yaml",
        f'overlay: 1.0.0\ninfo: {{title: mine, version: "1"}}\nactions:\n  - target: "{target}"\n    update: {{x: 1}}\n',
    )
    with pytest.raises(GeneratorError) as raised:
        apply_overlay(data, load_document(overlay))
    return str(raised.value)


@pytest.mark.parametrize("slip", [str.swapcase, lambda name: name[:-1], lambda name: name[:2] + name[3:]])
def test_a_target_that_matches_nothing_blames_no_one_and_names_the_close_schema(
    tmp_path: Path, slip: Callable[[str], str]
) -> None:
    data = load_document(SHOP).data
    name = max(data["components"]["schemas"], key=len)
    message = _unmatched(data, f"$.components.schemas.{slip(name)}.properties", tmp_path)
    assert "matches nothing in the spec: either the target is wrong, or the spec changed" in message
    assert f"did you mean '$.components.schemas.{name}.properties'?" in message


def test_a_target_far_from_every_name_gets_no_guess(tmp_path: Path) -> None:
    data = load_document(SHOP).data
    message = _unmatched(data, "$.components.schemas.Zzzzzzzzzzzzzzz", tmp_path)
    assert "matches nothing in the spec: either the target is wrong" in message and "did you mean" not in message
