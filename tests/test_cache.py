"""The on-disk cache (`generator/cache.py`) and what uses it: a hit is exactly what recomputing gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import cache, load
from generator.load import load_document
from generator.pipeline import Request, generate
from generator.validation import validate

from .support import ROOT, runa_specs

pytestmark = pytest.mark.slow  # see pyproject's `markers`


@pytest.fixture
def cache_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("RUNA_GENERATOR_CACHE", str(folder))
    return folder


def test_where_the_cache_lives(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("RUNA_GENERATOR_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.cache_root() == tmp_path / "runa-client-generator"
    for off in ("off", "0", "", "false"):
        monkeypatch.setenv("RUNA_GENERATOR_CACHE", off)
        assert cache.cache_root() is None
        assert cache.DiskCache.open("black") is None


def test_entries_round_trip_and_damage_is_a_miss(cache_dir: Path) -> None:
    disk = cache.DiskCache.open("test")
    assert disk is not None
    key = cache.key_of("tool 1.0", "input")
    assert key != cache.key_of("tool 1.0input") != cache.key_of("tool 1.0in", "put")
    assert disk.get(key) is None and not disk.has(key)
    disk.put(key, b"value\n")
    assert disk.has(key) and disk.get(key) == b"value\n"
    (entry,) = [p for p in (cache_dir / "test").rglob("*") if p.is_file() and not p.name.startswith(".")]
    entry.write_bytes(entry.read_bytes()[:-1] + b"X")
    assert disk.get(key) is None


def test_an_unwritable_cache_only_costs_time(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("RUNA_GENERATOR_CACHE", str(blocker / "cache"))
    disk = cache.DiskCache.open("test")
    assert disk is not None
    disk.put("ab" * 32, b"x")
    assert disk.get("ab" * 32) is None


def test_a_yaml_spec_seen_before_is_read_from_the_cache_as_the_same_data(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = next(s for s in reversed(runa_specs()) if s.suffix in (".yaml", ".yml"))  # JSON is parsed, never cached
    first = load_document(spec)

    def no_yaml(*args: object) -> None:
        raise AssertionError("parsed the YAML again")

    monkeypatch.setattr(load, "_parse", no_yaml)
    second = load_document(spec)
    assert second.data == first.data and second.sha256 == first.sha256


def test_yaml_with_shared_containers_is_not_cached(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = tmp_path / "aliases-2024-01-01.yaml"
    spec.write_text("openapi: 3.1.0\nx-a: &shared {type: string}\nx-b: *shared\n")
    data = load_document(spec).data
    assert data["x-a"] is data["x-b"]
    assert not any((cache_dir / "parsed").rglob("*/*"))


def test_validation_findings_are_cached(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = ROOT / "tests" / "corpus" / "valid" / "train-travel_openapi.yaml"
    first = generate(Request(spec=spec, api_version="2024-01-01"))

    def no_validator(*args: object) -> None:
        raise AssertionError("validated again")

    monkeypatch.setattr(validate, "_run_validator", no_validator)
    monkeypatch.setattr(validate.Worker, "start", no_validator)  # nor in a worker process
    second = generate(Request(spec=spec, api_version="2024-01-01"))
    assert [str(w) for w in second.warnings] == [str(w) for w in first.warnings]
    assert second.files == first.files


def test_generation_is_byte_identical_with_and_without_the_cache(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = runa_specs()[-1]
    cold = generate(Request(spec=spec)).files
    warm = generate(Request(spec=spec)).files
    monkeypatch.setenv("RUNA_GENERATOR_CACHE", "off")
    uncached = generate(Request(spec=spec)).files
    assert cold == warm == uncached
