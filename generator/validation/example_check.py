"""The places where a spec's own examples break its own schemas (issue #23).

Runa's examples show what Runa sends (`fx: null`, `help: null`) where its schemas forbid it: the
examples are the better witness, and an overlay is the fix. Generation reports them as one grouped,
located warning; `python -m generator overlay-draft SPEC --from-examples` drafts that overlay.

Every `example` and `examples` is checked against the schema it illustrates (a Schema Object's own,
or the `schema` of the media type or parameter that holds it) with openapi-schema-validator (already
the validator's dependency), formats not checked. `$ref`s are followed inside the document; an
example whose schema reaches another file is left out. Each problem is given the deviation kind a
client would record for it, at the JSON pointer of the value inside the example.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from jsonschema.exceptions import ValidationError  # type: ignore[import-untyped]
from openapi_schema_validator import OAS30Validator, OAS31Validator
from referencing import Registry, Resource
from referencing.exceptions import Unresolvable
from referencing.jsonschema import DRAFT202012

from ..diagnostics import Diagnostic, escape_pointer_token, join_pointer
from ..load import SpecDocument
from ..resolve import DATA_KEYWORDS

_URI = "urn:spec"
_MAX_EXAMPLES = 5_000  # examples checked per spec: a bound on time (Stripe's spec)
_SCHEMA_KEYWORDS = frozenset(
    {"type", "properties", "items", "$ref", "allOf", "oneOf", "anyOf", "enum", "format", "pattern", "const"}
)


@dataclass(frozen=True)
class ExampleProblem:
    """One value inside an example that its schema refuses."""

    example: str  # JSON pointer of the example value in the spec
    schema: str  # JSON pointer of the schema it must fit
    instance: str  # JSON pointer, from the example's root, to the value refused
    kind: str  # as a client records it: "null where not nullable", "pattern miss", ...
    value: Any
    message: str

    @property
    def pointer(self) -> str:
        """Where the refused value sits in the spec."""
        return self.example + self.instance


def broken_examples(data: Any, openapi_version: str) -> list[ExampleProblem]:
    """Every problem of every example of the document `data`, in document order."""
    if not isinstance(data, dict):
        return []
    check = _Checker(data, openapi_version)
    problems: list[ExampleProblem] = []
    for count, (example, schema, value) in enumerate(_examples(data, "")):
        if count >= _MAX_EXAMPLES:
            break
        problems += check(example, schema, value)
    return problems


def value_problems(data: Any, openapi_version: str, schema: str, value: Any, where: str) -> list[ExampleProblem]:
    """The problems of one value (a response body, say) against the schema at `schema` in `data`:
    inside a union, those of the branch it fits best. `where` names the value in the results."""
    return _Checker(data, openapi_version)(where, schema, value) if isinstance(data, dict) else []


class _Checker:
    """Checks values against the schemas of one document (its `$ref`s resolved inside it)."""

    def __init__(self, data: dict[str, Any], openapi_version: str) -> None:
        self.registry: Registry[Any] = Registry().with_resource(
            _URI, Resource.from_contents(data, default_specification=DRAFT202012)
        )
        self.validator_class = OAS30Validator if openapi_version == "3.0" else OAS31Validator

    def __call__(self, example: str, schema: str, value: Any) -> list[ExampleProblem]:
        validator = self.validator_class({"$ref": f"{_URI}#{schema}"}, registry=self.registry)
        try:
            errors = list(validator.iter_errors(value))
        except (Unresolvable, RecursionError):
            return []
        except Exception:  # noqa: BLE001 - a schema the validator cannot use is validation's finding, not this one's
            return []
        problems: list[ExampleProblem] = []
        seen: set[tuple[str, str]] = set()
        for error in errors:
            for leaf in _leaves(error):
                for problem in _problems(example, schema, leaf):
                    if (problem.instance, problem.kind) not in seen:
                        seen.add((problem.instance, problem.kind))
                        problems.append(problem)
        return problems


def _examples(value: Any, pointer: str) -> Iterator[tuple[str, str, Any]]:
    """(example pointer, schema pointer, example value) of every example under `value`."""
    if isinstance(value, list):
        for index, item in enumerate(value):
            yield from _examples(item, join_pointer(pointer, index))
        return
    if not isinstance(value, dict):
        return
    holder = pointer + "/schema" if isinstance(value.get("schema"), dict) else None  # media type, parameter
    if holder is None and _SCHEMA_KEYWORDS & set(value):
        holder = pointer  # a Schema Object illustrates itself
    if holder is not None:
        if "example" in value:
            yield join_pointer(pointer, "example"), holder, value["example"]
        examples = value.get("examples")
        if isinstance(examples, list) and holder == pointer:  # 3.1 Schema Object: a list of values
            for index, item in enumerate(examples):
                yield join_pointer(pointer, "examples", index), holder, item
        elif isinstance(examples, dict):  # Example Objects by name (their `$ref`s are not followed)
            for name, item in examples.items():
                if isinstance(item, dict) and "value" in item:
                    yield join_pointer(pointer, "examples", name, "value"), holder, item["value"]
    for key, item in value.items():
        if key not in DATA_KEYWORDS:
            yield from _examples(item, join_pointer(pointer, key))


def _leaves(error: ValidationError) -> list[ValidationError]:
    """The errors that say what is wrong: inside a `oneOf`/`anyOf`, those of the branch the value fits
    best: the fewest required members missing (a missing one says the value is another branch; a
    wrong leaf says the branch is right and the leaf surprising), then the fewest errors."""
    if not error.context:
        return [error]
    branches: dict[int, list[ValidationError]] = {}
    for inner in error.context:
        branches.setdefault(int(inner.relative_schema_path[0]), []).append(inner)
    leaves = [[leaf for inner in group for leaf in _leaves(inner)] for group in branches.values()]
    return min(leaves, key=lambda found: (sum(e.validator == "required" for e in found), len(found)))


def _problems(example: str, schema: str, error: ValidationError) -> Iterator[ExampleProblem]:
    instance = "".join("/" + escape_pointer_token(token) for token in error.absolute_path)
    validator = str(error.validator)
    if validator == "additionalProperties" and isinstance(error.instance, dict):
        declared = error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
        for key, value in error.instance.items():
            if key not in declared:
                yield ExampleProblem(
                    example, schema, join_pointer(instance, key), "undeclared field", value, error.message
                )
        return
    kind = {
        "pattern": "pattern miss",
        "enum": "unknown enum value",
        "const": "unknown enum value",
        "required": "missing required field",
        "oneOf": "fits no union branch",
        "anyOf": "fits no union branch",
    }.get(validator)
    if validator in ("type", "nullable"):
        kind = "null where not nullable" if error.instance is None else "wrong type"
    yield ExampleProblem(example, schema, instance, kind or "constraint violated", error.instance, error.message)


_SHOWN = 8


def example_warning(document: SpecDocument, openapi_version: str) -> Diagnostic | None:
    """One warning, located at the first, listing where the spec's examples break its schemas."""
    try:
        problems = broken_examples(document.data, openapi_version)
    except RecursionError:  # nested deeper than the walk can go: validation and the limits speak for it
        return None
    if not problems:
        return None
    places = "; ".join(f"{p.pointer}: {p.kind} ({_short(p.value)})" for p in problems[:_SHOWN])
    more = f"; and {len(problems) - _SHOWN} more" if len(problems) > _SHOWN else ""
    return Diagnostic(
        f"{len(problems)} value(s) in the spec's own examples break its schemas; an overlay can make "
        f"them legal (`python -m generator overlay-draft {document.path.name} --from-examples -o draft.yaml` "
        f"drafts one to review): {places}{more}",
        document.locate(problems[0].pointer),
    )


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
