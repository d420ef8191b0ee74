"""What the templates receive is typed: every view of generator/render/ is a frozen dataclass (so
`mypy --strict generator` checks each name a template prints), never an untyped dict."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

import generator.render
from generator.pipeline import Request, read_api

from .support import RUNA

# The one mapping a template iterates as a mapping: `ClientConfig`'s arguments, field by field.
MAPPINGS = {"facts"}


def untyped_places(value: object, where: str) -> list[str]:
    """Every place under `value` holding a dict that is not one of `MAPPINGS`."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        assert type(value).__dataclass_params__.frozen, where  # type: ignore[attr-defined]
        found = []
        for field in dataclasses.fields(value):
            inner = getattr(value, field.name)
            if isinstance(inner, dict) and field.name in MAPPINGS:
                continue
            found += untyped_places(inner, f"{where}.{field.name}")
        return found
    if isinstance(value, dict):
        return [where]
    if isinstance(value, (list, tuple)):
        return [place for index, item in enumerate(value) for place in untyped_places(item, f"{where}[{index}]")]
    return []


@pytest.mark.parametrize("spec", RUNA, ids=lambda spec: spec.version)
def test_every_view_a_template_receives_is_a_frozen_dataclass(spec: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    received: dict[str, dict[str, Any]] = {}
    render = generator.render.render_template

    def recording(template: str, context: dict[str, Any]) -> str:
        received[template] = context
        return render(template, context)

    monkeypatch.setattr(generator.render, "render_template", recording)
    generator.render.render_package(read_api(Request(spec.path), validate=False).api, [])
    assert {"models.py.j2", "_client.py.j2", "README.md.j2", "testing.py.j2", "errors.py.j2"} <= set(received)
    untyped = [
        place
        for template, context in received.items()
        for name, value in context.items()
        for place in untyped_places(value, f"{template}:{name}")
    ]
    assert untyped == []


def test_an_untyped_view_is_found() -> None:
    @dataclasses.dataclass(frozen=True)
    class View:
        items: list[object]

    assert untyped_places(View([View([]), {"name": "x"}]), "v") == ["v.items[1]"]
