"""`python -m generator overlay-draft SPEC [--deviations LOG.jsonl ...] [--from-examples] -o draft.yaml`:
from what a client recorded, or from the spec's own examples that break it, to an Overlay 1.0 draft
that makes it legal, for a person to review (issue #23).

The log is JSON Lines written by a generated client, one deviation a line: `{operation, method, path,
status, pointer, kind, model, field, value, message}` (`pointer` from the response body's root). Each
finding is mapped to the schema it breaks by walking the operation's response schema along the
pointer (`$ref`s followed, `allOf` parts and `oneOf`/`anyOf` branches tried; where branches disagree
the one holding a model named `model` wins), so the action targets the component schema; an enum or
a pattern, the schema that states it as generation reads it (`keywords.all_of_parts`: through `$ref`s
and `allOf` wrappers). Findings
of one kind at one schema become one action, its `description` saying what was observed where:

- null where not nullable -> nullable (3.0 `nullable: true`; 3.1 a type list with "null", or
  `anyOf` the `$ref` (or an `allOf` wrapper's parts) and null);
- pattern miss -> the pattern widened (a quantifier stretched) to admit the observed values;
- unknown enum value -> the values added;
- undeclared field -> declared, with the JSON type observed;
- wrong type, where the values observed at a schema are scalars of JSON types it does not declare
  (Runa's amounts: strings where `type: number` is declared) -> the declared type widened with them
  (3.1 `type: [number, string]`, a type list appended to; 3.0 `anyOf` one branch per type, each
  `nullable` where the schema was), never replaced: a draft must not make conforming data fail.

Other kinds (a missing required field, a wrong type of non-scalar JSON types, or of the declared
JSON type: a date-time without its offset) need a person's judgement: they are listed on stderr,
not drafted. Nothing is applied: the draft is a file to review, then put in `overlays/` beside
the spec, where its `extends` (`../<spec file>`) is right.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .cli import exit_code
from .diagnostics import GeneratorError, Location, split_pointer
from .keywords import all_of_parts, json_type
from .load import load_document
from .naming import class_name
from .overlay import OVERLAY_FOLDER
from .payloads import answering_response
from .pysource import python_pattern
from .resolve import Node, ResolvedSpec, resolve_spec
from .validation.example_check import broken_examples, value_problems

_NULL = "null where not nullable"
_PATTERN = "pattern miss"
_ENUM = "unknown enum value"
_UNDECLARED = "undeclared field"
_WRONG = "wrong type"
_DRAFTED = (_NULL, _PATTERN, _ENUM, _UNDECLARED, _WRONG)
_SCALARS = frozenset({"string", "number", "integer", "boolean"})
_NEEDS_NOTHING = {  # kinds a client logs that no overlay action is for, and why
    "no exact union branch": "read as its nearest branch; that branch's own findings are drafted",
    "additional property": "an extra the spec allows, no violation",
}
_QUANTIFIER = re.compile(r"\{(\d+)(?:,(\d*))?\}")


@dataclass
class _Group:
    """Findings of one kind at one schema: one action."""

    pointer: str  # the schema in the spec (a property, or the component a `$ref` leads to)
    kind: str
    values: list[Any] = field(default_factory=list)
    places: dict[str, int] = field(default_factory=dict)  # "getSingleOrder 200 /items/*/payout/expiry_date" -> count


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator overlay-draft", description=__doc__.splitlines()[0])
    parser.add_argument("spec")
    parser.add_argument("--deviations", action="append", default=[], metavar="LOG.jsonl")
    parser.add_argument(
        "--from-examples", action="store_true", help="draft from the places where the spec's own examples break it"
    )
    parser.add_argument("-o", "--output", required=True)
    args = parser.parse_args(argv)
    if not args.deviations and not args.from_examples:
        parser.error("give --deviations LOG.jsonl, --from-examples, or both")
    logs = [Path(p) for p in args.deviations]
    return exit_code(lambda: _draft(Path(args.spec), logs, args.from_examples, Path(args.output)), subject=args.spec)


def _draft(spec_path: Path, logs: list[Path], from_examples: bool, output: Path) -> int:
    document = load_document(spec_path)
    findings = [finding for log in logs for finding in _read_log(log)]
    if from_examples:
        findings += example_findings(document.data)
    # `extends` as the overlays of `overlays/` beside the spec write it (where the README says to put
    # the draft): the spec's name, one folder up; `overlay.py` reads it from there.
    text = overlay_draft(resolve_spec(document), findings, extends=f"../{spec_path.name}")
    output.write_text(text, encoding="utf-8")
    print(f"wrote {output}: {text.count('- target:')} actions from {len(findings)} findings")
    print(f"review it, then put it in {spec_path.parent / OVERLAY_FOLDER}/ (its `extends` names the spec from there)")
    return 0


def _read_log(path: Path) -> Iterator[dict[str, Any]]:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                finding = json.loads(line)
            except json.JSONDecodeError as error:
                raise GeneratorError(f"not JSON: {error.msg}", Location(str(path), "", number)) from None
            if not isinstance(finding, dict) or not {"operation", "status", "pointer", "kind"} <= set(finding):
                raise GeneratorError(
                    "a deviation needs operation, status, pointer and kind", Location(str(path), "", number)
                )
            yield finding


def example_findings(spec: Any) -> list[dict[str, Any]]:
    """The places where `spec`'s own examples break its schemas, as findings (`example_check`)."""
    version = "3.0" if str(spec.get("openapi", "")).startswith("3.0") else "3.1"
    return [
        {"example": p.example, "schema": p.schema, "pointer": p.instance, "kind": p.kind, "value": p.value}
        for p in broken_examples(spec, version)
    ]


def overlay_draft(resolved: ResolvedSpec, findings: list[dict[str, Any]], *, extends: str) -> str:
    """The Overlay 1.0 draft (YAML text) that makes `findings` legal in the spec."""
    spec = resolved.root.data
    is_31 = not str(spec.get("openapi", "3.0")).startswith("3.0")
    groups: dict[tuple[str, str], _Group] = {}
    for finding in [leaf for given in findings for leaf in _through_unions(spec, given)]:
        kind = finding["kind"]
        if kind not in _DRAFTED:
            why = _NEEDS_NOTHING.get(kind, "a person's judgement")
            print(f"not drafted ({kind}: {why}): {_place(finding)}", file=sys.stderr)
            continue
        target = _schema_at(spec, finding)
        if target is None:
            print(f"no schema found for {_place(finding)}", file=sys.stderr)
            continue
        if kind in (_PATTERN, _ENUM, _WRONG):
            target = _defining(resolved, target, {_PATTERN: "pattern", _ENUM: "enum", _WRONG: "type"}[kind])
        group = groups.setdefault((target, kind), _Group(target, kind))
        group.values.append(finding.get("value"))
        place = _place(finding)
        group.places[place] = group.places.get(place, 0) + 1
    actions = [a for g in sorted(groups.values(), key=lambda g: (g.pointer, g.kind)) for a in _actions(spec, g, is_31)]
    draft = {
        "overlay": "1.0.0",
        "info": {"title": "Draft: what was observed, made legal (review every action)", "version": "0.1.0"},
        "extends": extends,
        "actions": actions or [{"target": "$.info", "description": "nothing to draft", "update": {}}],
    }
    return yaml.safe_dump(draft, sort_keys=False, allow_unicode=True, width=100)


def _through_unions(spec: dict[str, Any], finding: dict[str, Any]) -> list[dict[str, Any]]:
    """A value that fits no union branch, as the problems of the branch it fits best (a null expiry
    inside a completed order hides behind "fits none of CompletedOrder, IncompleteOrder")."""
    if finding["kind"] != "fits no union branch" or finding.get("value") is None:
        return [finding]
    root = finding["schema"] if "schema" in finding else _response_schema(spec, finding)
    found = list(_walk(spec, root, split_pointer(finding["pointer"]), 0)) if root is not None else []
    if not found:
        return [finding]
    version = "3.0" if str(spec.get("openapi", "")).startswith("3.0") else "3.1"
    leaves = value_problems(spec, version, found[0], finding["value"], "")
    return [
        {
            **finding,
            "schema": found[0],
            "pointer": p.instance,
            "kind": p.kind,
            "value": p.value,
            "via": finding["pointer"],
        }
        for p in leaves
    ] or [finding]


def _place(finding: dict[str, Any]) -> str:
    """Where a finding was observed: a response (operation, status, pointer pattern) or an example."""
    if "example" in finding:
        return f"the example {finding['example']}{finding['pointer']}"
    pattern = re.sub(r"/[0-9]+(?=/|$)", "/*", finding.get("via", "") + finding["pointer"])
    return f"{finding.get('operation')} {finding.get('status')} {pattern}"


# --- mapping a finding to its schema ---------------------------------------------------------------


def _response_schema(spec: dict[str, Any], finding: dict[str, Any]) -> str | None:
    for path, item in (spec.get("paths") or {}).items():
        for method, operation in (item or {}).items() if isinstance(item, dict) else ():
            if isinstance(operation, dict) and operation.get("operationId") == finding["operation"]:
                responses = operation.get("responses") or {}
                status = str(finding["status"])
                key = answering_response(responses, int(status)) if status.isdigit() else None
                if key is None:
                    return None  # no documented response describes it: no schema to draft against
                pointer = "/" + "/".join(_escape(t) for t in ("paths", path, method, "responses", key))
                response = _follow(spec, pointer)
                for media in (_value(spec, response) or {}).get("content", {}):
                    if "json" in media:
                        return f"{response}/content/{_escape(media)}/schema"
    return None


def _schema_at(spec: dict[str, Any], finding: dict[str, Any]) -> str | None:
    """The pointer of the schema in `spec` that the finding's value sits in (a property's own schema)."""
    root = finding["schema"] if "schema" in finding else _response_schema(spec, finding)
    if root is None:
        return None
    found = list(_walk(spec, root, split_pointer(finding["pointer"]), 0))
    if finding.get("kind") == _UNDECLARED:  # the object that does not declare it
        found = list(_walk(spec, root, split_pointer(finding["pointer"])[:-1], 0))
    model = finding.get("model")
    preferred = [p for p in found if model and _holder_name(p) == model]
    candidates = preferred or found
    return candidates[0] if candidates else None


def _walk(spec: dict[str, Any], pointer: str, tokens: list[str], depth: int) -> Iterator[str]:
    if depth > 64:
        return
    if not tokens:
        yield pointer
        return
    followed = _follow(spec, pointer)
    schema = _value(spec, followed)
    if not isinstance(schema, dict):
        return
    for keyword in ("allOf", "oneOf", "anyOf"):
        for index in range(len(schema.get(keyword) or [])):
            yield from _walk(spec, f"{followed}/{keyword}/{index}", tokens, depth + 1)
    token, rest = tokens[0], tokens[1:]
    if isinstance(schema.get("properties"), dict) and token in schema["properties"]:
        yield from _walk(spec, f"{followed}/properties/{_escape(token)}", rest, depth + 1)
    elif isinstance(schema.get("additionalProperties"), dict) and not token.isdigit():
        yield from _walk(spec, f"{followed}/additionalProperties", rest, depth + 1)
    if token.isdigit() and isinstance(schema.get("items"), dict):
        yield from _walk(spec, f"{followed}/items", rest, depth + 1)


def _holder_name(pointer: str) -> str | None:
    match = re.match(r"/components/schemas/([^/]+)", pointer)
    return class_name(match.group(1)) if match else None


def _defining(spec: ResolvedSpec, pointer: str, keyword: str) -> str:
    """The schema that states `keyword` for the one at `pointer`, read as the generator merges a schema
    (`all_of_parts`: its `$ref`s followed, its `allOf` parts folded in, the part that wins last): a
    property, the component its `$ref` leads to, or the part an `allOf` wrapper holds (`OrderStatus:
    allOf: [$ref: OrderStatusEnum]` states its enum in `OrderStatusEnum`)."""
    node = Node(spec.root, pointer, _value(spec.root.data, pointer))
    stating = [
        part
        for part in all_of_parts(spec, node)
        if isinstance(part.value, dict) and keyword in part.value and part.document is spec.root
    ]
    return stating[-1].pointer if stating else pointer


def _follow(spec: dict[str, Any], pointer: str) -> str:
    for _ in range(32):
        value = _value(spec, pointer)
        if not (isinstance(value, dict) and isinstance(value.get("$ref"), str) and value["$ref"].startswith("#")):
            return pointer
        pointer = value["$ref"][1:]
    return pointer


def _value(spec: Any, pointer: str) -> Any:
    for token in split_pointer(pointer):
        if isinstance(spec, dict):
            spec = spec.get(token)
        elif isinstance(spec, list) and token.isdigit() and int(token) < len(spec):
            spec = spec[int(token)]
        else:
            return None
    return spec


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _jsonpath(pointer: str) -> str:
    return "$" + "".join(
        f"[{int(t)}]" if t.isdigit() else "." + t if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", t) else f"[{t!r}]"
        for t in split_pointer(pointer)
    )


# --- actions ---------------------------------------------------------------------------------------


def _observed(group: _Group, what: str) -> str:
    places = "; ".join(f"{place} (x{count})" for place, count in sorted(group.places.items()))
    return f"Observed {what} at: {places}. Review before use."


def _actions(spec: dict[str, Any], group: _Group, is_31: bool) -> list[dict[str, Any]]:
    schema = _value(spec, group.pointer)
    schema = schema if isinstance(schema, dict) else {}
    target = _jsonpath(group.pointer)
    if group.kind == _NULL:
        note = _observed(group, "null")
        if "$ref" in schema:
            replacement = (
                {"anyOf": [{"$ref": schema["$ref"]}, {"type": "null"}]}
                if is_31
                # 3.0: `nullable` beside a `$ref` (or an `allOf` of it) is ignored; null is a branch of its own
                else {"anyOf": [{"$ref": schema["$ref"]}, {"type": "string", "nullable": True, "enum": [None]}]}
            )
            return [
                {"target": target + "['$ref']", "description": note, "remove": True},
                {"target": target, "description": note, "update": replacement},
            ]
        if not is_31:
            return [{"target": target, "description": note, "update": {"nullable": True}}]
        actions: list[dict[str, Any]] = []
        if isinstance(schema.get("allOf"), list):  # null must pass every part: the parts become a branch
            actions += [
                {"target": target + ".allOf", "description": note, "remove": True},
                {
                    "target": target,
                    "description": note,
                    "update": {"anyOf": [{"allOf": schema["allOf"]}, {"type": "null"}]},
                },
            ]
        declared = schema.get("type")
        if isinstance(declared, list):
            return actions + [{"target": target + ".type", "description": note, "update": ["null"]}]
        if isinstance(declared, str):
            return actions + [
                {"target": target + ".type", "description": note, "remove": True},
                {"target": target, "description": note, "update": {"type": [declared, "null"]}},
            ]
        return actions or [{"target": target, "description": note, "update": {"anyOf": [{"type": "null"}]}}]
    if group.kind == _PATTERN:
        values = sorted({str(v) for v in group.values})
        widened = widened_pattern(str(schema.get("pattern", "")), values)
        return [
            {
                "target": target,
                "description": _observed(group, f"values {values} outside `{schema.get('pattern')}`"),
                "update": {"pattern": widened},
            }
        ]
    if group.kind == _ENUM:
        listed = schema.get("enum") or []
        added = sorted({json.dumps(v) for v in group.values if v not in listed})
        return [
            {
                "target": target + ".enum",
                "description": _observed(group, "values the enum does not list"),
                "update": [json.loads(v) for v in added],
            }
        ]
    if group.kind == _WRONG:
        return _retyped(schema, group, target, is_31)
    names = sorted({f for f in (_undeclared_name(p) for p in group.places) if f})
    types = {}
    for place, value in zip(group.places, group.values, strict=False):
        name = _undeclared_name(place)
        if name:
            types[name] = json_type(value)
    update = {name: {"type": types.get(name, "string")} for name in names}
    key = "properties"
    return [{"target": target, "description": _observed(group, "undeclared fields"), "update": {key: update}}]


def _retyped(schema: dict[str, Any], group: _Group, target: str, is_31: bool) -> list[dict[str, Any]]:
    """A schema widened to the scalar JSON types observed where it declares another: what it declared
    stays legal (the draft never makes conforming data fail), and so does null where it was. Nothing
    (listed on stderr) when a value is no scalar or of the declared type (a format missed)."""
    observed = sorted({json_type(v) for v in group.values})
    stated = schema.get("type")
    declared = [stated] if isinstance(stated, str) else stated
    if (
        not set(observed) <= _SCALARS
        or not isinstance(declared, list)
        or not all(isinstance(t, str) for t in declared)
        or set(declared) & set(observed)
    ):
        print(f"not drafted ({group.kind}, JSON types {observed}): {target}", file=sys.stderr)
        return []
    shown = stated if isinstance(stated, str) else f"[{', '.join(declared)}]"
    note = _observed(group, f"JSON {' and '.join(observed)} values where `type: {shown}` is declared")
    if isinstance(stated, list):  # a 3.1 type list (null kept if there): the observed types appended
        return [{"target": target + ".type", "description": note, "update": observed}]
    if is_31:
        widened: dict[str, Any] = {"type": [*declared, *observed]}
    else:
        # 3.0 has no type lists: one branch per type, each nullable where the schema was (3.0's
        # `nullable` only adds null beside a `type` at its own level).
        nullable = {"nullable": True} if schema.get("nullable") is True else {}
        widened = {"anyOf": [{"type": t, **nullable} for t in [*declared, *observed]]}
    return [
        {"target": target + ".type", "description": note, "remove": True},
        {"target": target, "description": note, "update": widened},
    ]


def _undeclared_name(place: str) -> str | None:
    return place.rsplit("/", 1)[-1].split(" ")[0] or None


def widened_pattern(pattern: str, values: list[str]) -> str:
    """`pattern` with one quantifier stretched so it also admits `values` (`^[0-9]+\\.[0-9]{2}$` and
    `0.0130` -> `^[0-9]+\\.[0-9]{2,4}$`); else `pattern` or the values spelled out."""

    def admits(candidate: str) -> bool:
        try:
            compiled = re.compile(python_pattern(candidate))
        except re.error:
            return False
        return all(compiled.search(v) for v in values)

    for match in _QUANTIFIER.finditer(pattern):
        low = int(match.group(1))
        high = low if match.group(2) is None else (int(match.group(2)) if match.group(2) else None)
        if high is None:
            continue
        for wider in range(high + 1, high + 33):
            for lower in range(low, -1, -1):
                candidate = pattern[: match.start()] + f"{{{lower},{wider}}}" + pattern[match.end() :]
                if admits(candidate):
                    return candidate
    spelled = "|".join(f"^{re.escape(v)}$" for v in values)
    return f"(?:{pattern})|{spelled}" if pattern else spelled
