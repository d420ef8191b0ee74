"""Generator options: what an API's docs add to its spec, as data (`options/generator.yaml` beside the spec).

Runa's best-practices pages say things the spec cannot (retry `idempotency_in_progress` with the
same key, wait 5 s after a 429, the version header is not a per-call choice). They live in
`specs/options/generator.yaml`, not in templates, so another API gets its own facts the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, get_args

import yaml

from . import fake_ir
from .diagnostics import GeneratorError, Location
from .ir import RuntimeFacts

# In a folder of its own, so `specs/*.yaml` holds only specs.
OPTIONS_FILE_NAME = "options/generator.yaml"


@dataclass(frozen=True)
class PaginationRule:
    cursor_param: str  # query parameter that takes the next cursor
    cursor_path: tuple[str, ...]  # wire path of the next cursor in a page
    items_field: str | None  # wire name of the page's list of items; None: the page's only list


@dataclass(frozen=True)
class HeaderStatusRule:
    """An operation answers a different documented status depending on a request header."""

    operation_id: str
    header: str  # wire name of the header parameter
    statuses: tuple[tuple[str, str], ...]  # (header value, success status it gets)
    when_omitted: str | None  # status when the header is not sent; None: from the parameter's default


@dataclass(frozen=True)
class DecimalRule:
    """Which numbers are money (exact `Decimal`, never a binary float), whatever their JSON type.

    A schema is read as `Decimal` when its `format` is one of `formats`, when it is a string whose
    `pattern` admits only decimal numerals (`^[0-9]+\\.[0-9]{2}$`; with `patterns`), or when it is the
    number or plain string of an object property named in `properties`. Its JSON type is kept on the
    wire: a number stays a number (with the exact digits), a string a string.
    """

    formats: tuple[str, ...] = ("decimal",)
    patterns: bool = False
    properties: tuple[str, ...] = ()  # a name (any object's property) or `Schema.property[.property]`

    @property
    def names(self) -> frozenset[str]:
        """The plain property names: money wherever an object has them."""
        return frozenset(p for p in self.properties if "." not in p)

    @property
    def pointers(self) -> frozenset[str]:
        """The JSON pointers of the properties named through their component (`Schema.property`)."""
        return frozenset(schema_pointer(p) for p in self.properties if "." in p)


@dataclass(frozen=True)
class OpenEnumRule:
    """An enum the API's docs say will grow: `Schema` (a component) or `Schema.property`, with the
    docs' words that say so. An unknown value received there is read, typed, and no deviation."""

    target: str
    evidence: str | None = None

    @property
    def pointer(self) -> str:
        """The JSON pointer of the schema it names (`/components/schemas/Schema[/properties/property]`)."""
        return schema_pointer(self.target)


def schema_pointer(target: str) -> str:
    """The JSON pointer of `Schema` or `Schema.property[.property...]` (a component, then properties
    of properties): `/components/schemas/Schema/properties/property/...`."""
    schema, *properties = target.split(".")
    escape = str.maketrans({"~": "~0", "/": "~1"})
    return "/components/schemas/" + "".join(
        [schema.translate(escape), *("/properties/" + p.translate(escape) for p in properties)]
    )


@dataclass(frozen=True)
class GeneratorOptions:
    facts: RuntimeFacts = RuntimeFacts()  # what the client needs at run time: one key of the file per field
    idempotency_header: str | None = None  # else any header named (X-)Idempotency-Key
    pagination: PaginationRule | None = None
    response_status_by_header: tuple[HeaderStatusRule, ...] = ()
    fake: fake_ir.FakeRules = fake_ir.FakeRules()
    source: Path | None = None  # the options file read, for locating warnings
    # Operation ids documented safe to repeat despite their method.
    side_effect_free_operations: frozenset[str] = frozenset()
    idempotency_key_on_unsafe_operations: bool = False  # every unsafe operation takes `idempotency_header`
    decimal: DecimalRule = DecimalRule()
    open_enums: tuple[OpenEnumRule, ...] = ()


_KNOWN_KEYS = {field.name for field in fields(RuntimeFacts)} | {
    "fake",
    "idempotency_header",
    "pagination",
    "side_effect_free_operations",
    "idempotency_key_on_unsafe_operations",
    "decimal",
    "response_status_by_header",
    "open_enums",
}


def load_options(path: Path | None) -> GeneratorOptions:
    """Read an options file; no file means no extra facts (plain OpenAPI behaviour)."""
    if path is None or not path.is_file():
        return GeneratorOptions()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise GeneratorError(f"cannot read generator options: {exc}", Location(str(path), "")) from None
    if not isinstance(data, dict):
        raise GeneratorError("generator options must be a mapping", Location(str(path), ""))
    unknown = set(data) - _KNOWN_KEYS
    if unknown:
        raise GeneratorError(
            f"unknown generator options: {', '.join(sorted(unknown))}", Location(str(path), "/" + sorted(unknown)[0])
        )
    pagination = data.get("pagination")
    rule = None
    if isinstance(pagination, dict):
        rule = PaginationRule(
            cursor_param=_str(pagination.get("cursor_param"), path, "/pagination/cursor_param"),
            cursor_path=tuple(_str(pagination.get("cursor_path"), path, "/pagination/cursor_path").split(".")),
            items_field=(
                _str(pagination["items_field"], path, "/pagination/items_field")
                if "items_field" in pagination
                else None
            ),
        )
    return GeneratorOptions(
        facts=RuntimeFacts(
            version_header=data.get("version_header"),
            error_type_field=data.get("error_type_field", "type"),
            retry_error_types=tuple(data.get("retry_error_types") or ()),
            rate_limit_min_wait=_seconds(data, "rate_limit_min_wait", path),
            retry_error_min_wait=_seconds(data, "retry_error_min_wait", path),
        ),
        idempotency_header=data.get("idempotency_header"),
        pagination=rule,
        response_status_by_header=_header_status_rules(data.get("response_status_by_header"), path),
        fake=_fake_rules(data.get("fake"), path),
        source=path,
        side_effect_free_operations=frozenset(_strings(data, "side_effect_free_operations", path)),
        idempotency_key_on_unsafe_operations=_flag(data, "idempotency_key_on_unsafe_operations", path),
        decimal=_decimal_rule(data.get("decimal"), path),
        open_enums=_open_enum_rules(data.get("open_enums"), path),
    )


def _open_enum_rules(raw: Any, path: Path) -> tuple[OpenEnumRule, ...]:
    """`open_enums: [{schema: Product.payout_type, evidence: "..."}]` (or a plain `Schema[.property]`)."""
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise GeneratorError("open_enums must be a list", Location(str(path), "/open_enums"))
    rules = []
    for index, item in enumerate(raw):
        pointer = f"/open_enums/{index}"
        if isinstance(item, str):
            rules.append(OpenEnumRule(_str(item, path, pointer)))
            continue
        entry = _mapping(item, {"schema", "evidence"}, path, pointer)
        evidence = entry.get("evidence")
        rules.append(
            OpenEnumRule(
                _str(entry.get("schema"), path, pointer + "/schema"),
                _str(evidence, path, pointer + "/evidence") if evidence is not None else None,
            )
        )
    return tuple(rules)


# The keys of each `fake:` entry: "text", "text?" (optional), "path" (dotted wire path), "pairs" (a
# mapping), "flag" (true/false), "count" (a whole number), "texts" (a list), "paths" (one dotted path
# or a list of them), "filters" (a list of {param, field, match}), "header" ({name: value}),
# "conditions" ({member: {member: value}}).
_COLLECTION_KEYS = {
    "create": "text?",
    "fetch": "text?",
    "list": "text?",
    "id_field": "text",
    "id_prefix": "text?",
    "newest_first": "flag",
    "status_field": "text?",
    "status_by_response": "pairs",
    "advance": "pairs",
    "webhooks": "pairs",
    "created_field": "text?",
    "completed_field": "text?",
    "completed_status": "text?",
    "limit_param": "text?",
    "limit_path": "path",
    "before_param": "text?",
    "before_path": "path",
    "filters": "filters",
    "incomplete": "pairs",
    "incomplete_message": "text?",
    "completed_stamps": "paths",
    "items": "path",
    "item_id": "text?",
    "item_id_prefix": "text?",
    "item_link": "path",
    "item_link_base": "text?",
    "populated_when": "conditions",
}
_BALANCE_KEYS = {
    "operation": "text",
    "amount_field": "text",
    "currency_field": "text",
    "currency_param": "text?",
    "insufficient_status": "text",
    "insufficient_type": "text",
    "docs": "text?",
    "refunded": "texts",
}
_IDEMPOTENCY_KEYS = {
    "mismatch_status": "text",
    "mismatch_type": "text",
    "in_progress_status": "text",
    "in_progress_type": "text",
}
_PRICES_KEYS = {
    "operations": "texts",
    "items": "path",
    "face_value": "text",
    "product": "path",
    "catalogue": "text?",
    "discount": "text?",
    "item_price": "text",
    "item_members": "pairs",
    "total_price": "text?",
    "total_discount": "text?",
    "currency_from": "path",
    "currency_field": "text?",
    "places": "count",
    "docs": "text?",
    "products": "path",
    "several_discount": "text?",
    "product_aliases": "paths",
}
_FX_KEYS = {
    "by_currency": "text",
    "value": "text",
    "fx": "text",
    "rate": "text",
    "symbol": "text",
    "fee": "path",
    "fee_currency": "path",
    "docs": "text?",
}
_REFUSAL_KEYS = {
    "operation": "text",
    "check": "text",
    "status": "text",
    "type": "text",
    "docs": "text",
    "members": "paths",
    "limit": "count",
    "when_header": "header",
    "kinds": "texts",
    "params": "texts",
}
_QUOTE_KEYS = {
    "operation": "text",
    "of": "text",
    "status": "text",
    "type": "text",
    "docs": "text",
    "details": "text?",
    "detail": "pairs",
}
_CHECKS: tuple[str, ...] = get_args(fake_ir.FakeCheck)
_ITEM_KINDS: tuple[str, ...] = get_args(fake_ir.ItemKind)
_FILTER_MATCHES = ("equals", "any", "only_when_true")


def _fake_rules(raw: Any, path: Path) -> fake_ir.FakeRules:
    """The `fake:` section: the state `<package>.testing` keeps (see specs/options/generator.yaml)."""
    if raw is None:
        return fake_ir.FakeRules()
    section = _mapping(raw, {"collections", "balance", "idempotency", "prices", "refusals", "quotes"}, path, "/fake")
    collections = []
    for index, item in enumerate(_list(section, "collections", path)):
        pointer = f"/fake/collections/{index}"
        collection = fake_ir.FakeCollection(**_entry(item, _COLLECTION_KEYS, path, pointer))
        if collection.create is None and collection.list is None:
            raise GeneratorError("a collection needs `create` or `list` (seeded)", Location(str(path), pointer))
        collections.append(collection)
    prices = _prices(section.get("prices"), path)
    refusals = []
    for index, item in enumerate(_list(section, "refusals", path)):
        pointer = f"/fake/refusals/{index}"
        refusal = fake_ir.FakeRefusal(**_entry(item, _REFUSAL_KEYS, path, pointer))
        if refusal.check not in _CHECKS:
            raise GeneratorError(f"check must be one of {', '.join(_CHECKS)}", Location(str(path), pointer + "/check"))
        if refusal.check == "params_exclusive":
            if len(refusal.params) < 2:
                raise GeneratorError(
                    "check params_exclusive needs two `params` or more", Location(str(path), pointer + "/params")
                )
            refusals.append(refusal)
            continue
        if prices is None:
            raise GeneratorError(
                f"check {refusal.check} reads items and products as `fake.prices` names them: give `prices`",
                Location(str(path), pointer + "/check"),
            )
        if not set(refusal.kinds) <= set(_ITEM_KINDS) or not refusal.kinds:
            raise GeneratorError(
                f"kinds must be some of {', '.join(_ITEM_KINDS)}", Location(str(path), pointer + "/kinds")
            )
        if (
            refusal.check not in ("items_at_most", "product_known", "face_value_whole", "face_value_places")
            and not refusal.members
        ):
            raise GeneratorError(f"check {refusal.check} needs `members`", Location(str(path), pointer + "/members"))
        if refusal.check == "items_at_most" and refusal.limit is None:
            raise GeneratorError("check items_at_most needs `limit`", Location(str(path), pointer + "/limit"))
        refusals.append(refusal)
    quotes = []
    for index, item in enumerate(_list(section, "quotes", path)):
        quote = fake_ir.FakeQuote(**_entry(item, _QUOTE_KEYS, path, f"/fake/quotes/{index}"))
        if not {role for role, _ in quote.detail} <= {"type", "message", "location"}:
            where = Location(str(path), f"/fake/quotes/{index}/detail")
            raise GeneratorError("detail maps type, message and location to members", where)
        if not any(r.operation == quote.of for r in refusals):
            raise GeneratorError(f"no refusal of {quote.of} to quote", Location(str(path), f"/fake/quotes/{index}/of"))
        quotes.append(quote)
    return fake_ir.FakeRules(
        collections=tuple(collections),
        balance=(
            fake_ir.FakeBalance(**_entry(section["balance"], _BALANCE_KEYS, path, "/fake/balance"))
            if section.get("balance") is not None
            else None
        ),
        idempotency=(
            fake_ir.FakeIdempotency(**_entry(section["idempotency"], _IDEMPOTENCY_KEYS, path, "/fake/idempotency"))
            if section.get("idempotency") is not None
            else None
        ),
        prices=prices,
        refusals=tuple(refusals),
        quotes=tuple(quotes),
    )


def _prices(raw: Any, path: Path) -> fake_ir.FakePrices | None:
    """The `fake.prices` section (None when absent)."""
    if raw is None:
        return None
    fx_raw = raw.get("fx") if isinstance(raw, dict) else None
    values = _entry(
        {k: v for k, v in raw.items() if k != "fx"} if isinstance(raw, dict) else raw,
        _PRICES_KEYS,
        path,
        "/fake/prices",
    )
    fx = fake_ir.FakeFx(**_entry(fx_raw, _FX_KEYS, path, "/fake/prices/fx")) if fx_raw is not None else None
    several = values.pop("several_discount") or "none"
    if several == "least":
        return fake_ir.FakePrices(**values, several_discount="least", fx=fx)
    if several != "none":
        where = Location(str(path), "/fake/prices/several_discount")
        raise GeneratorError("several_discount must be least or none", where)
    return fake_ir.FakePrices(**values, fx=fx)


def _list(section: dict[str, Any], key: str, path: Path) -> list[Any]:
    value = section.get(key) or []
    if not isinstance(value, list):
        raise GeneratorError(f"fake.{key} must be a list", Location(str(path), f"/fake/{key}"))
    return value


def _mapping(raw: Any, known: set[str], path: Path, pointer: str) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise GeneratorError("expected a mapping", Location(str(path), pointer))
    unknown = sorted(set(map(str, raw)) - known)
    if unknown:
        raise GeneratorError(f"unknown keys: {', '.join(unknown)}", Location(str(path), f"{pointer}/{unknown[0]}"))
    return raw


def _entry(raw: Any, keys: dict[str, str], path: Path, pointer: str) -> dict[str, Any]:
    """Keyword arguments of one `fake:` entry, checked against `keys`."""
    data = _mapping(raw, set(keys), path, pointer)
    values: dict[str, Any] = {}
    for key, kind in keys.items():
        value = data.get(key)
        where = f"{pointer}/{key}"
        if value is None and kind == "text?":
            values[key] = None
            continue
        if value is None and kind not in ("text", "pairs", "path"):
            continue
        if kind == "pairs":
            if value is not None and not isinstance(value, dict):
                raise GeneratorError("expected a mapping of values", Location(str(path), where))
            values[key] = tuple((str(k), _str(str(v), path, where)) for k, v in (value or {}).items())
        elif kind == "path":
            values[key] = tuple(_str(value, path, where).split(".")) if value is not None else ()
        elif kind == "paths":
            items = value if isinstance(value, list) else [value]
            values[key] = tuple(tuple(_str(item, path, f"{where}").split(".")) for item in items)
        elif kind == "texts":
            if not isinstance(value, list):
                raise GeneratorError("expected a list of strings", Location(str(path), where))
            values[key] = tuple(_str(item, path, f"{where}/{index}") for index, item in enumerate(value))
        elif kind == "flag":
            if not isinstance(value, bool):
                raise GeneratorError("expected true or false", Location(str(path), where))
            values[key] = value
        elif kind == "count":
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise GeneratorError("expected a whole number", Location(str(path), where))
            values[key] = value
        elif kind == "header":
            if not isinstance(value, dict) or len(value) != 1:
                raise GeneratorError("expected {header name: value}", Location(str(path), where))
            ((name, sent),) = value.items()
            values[key] = (_str(name, path, where), _str(str(sent), path, where))
        elif kind == "conditions":
            values[key] = _conditions(value, path, where)
        elif kind == "filters":
            values[key] = tuple(
                _filter(item, path, f"{where}/{index}") for index, item in enumerate(_listed(value, path, where))
            )
        else:
            values[key] = _str(str(value) if isinstance(value, int) else value, path, where)
    return values


def _listed(value: Any, path: Path, pointer: str) -> list[Any]:
    if not isinstance(value, list):
        raise GeneratorError("expected a list", Location(str(path), pointer))
    return value


def _conditions(raw: Any, path: Path, pointer: str) -> tuple[tuple[str, str, str], ...]:
    """`{member: {member: value}}`: each member counts only while the other member has that value."""
    if not isinstance(raw, dict):
        raise GeneratorError("expected {member: {member: value}}", Location(str(path), pointer))
    found = []
    for member, condition in raw.items():
        where = f"{pointer}/{member}"
        if not isinstance(condition, dict) or len(condition) != 1:
            raise GeneratorError("expected one {member: value} the member counts when", Location(str(path), where))
        ((name, value),) = condition.items()
        found.append((_str(member, path, where), _str(name, path, where), _str(value, path, f"{where}/{name}")))
    return tuple(found)


def _filter(raw: Any, path: Path, pointer: str) -> fake_ir.FakeFilter:
    data = _mapping(raw, {"param", "field", "match"}, path, pointer)
    match = data.get("match", "equals")
    if match not in _FILTER_MATCHES:
        raise GeneratorError(
            f"match must be one of {', '.join(_FILTER_MATCHES)}", Location(str(path), pointer + "/match")
        )
    param = _str(data.get("param"), path, pointer + "/param")
    return fake_ir.FakeFilter(param, _str(data.get("field", param), path, pointer + "/field"), match)


def _decimal_rule(raw: Any, path: Path) -> DecimalRule:
    if raw is None:
        return DecimalRule()
    if not isinstance(raw, dict) or set(raw) - {"formats", "patterns", "properties"}:
        raise GeneratorError(
            "`decimal` must be a mapping with `formats`, `patterns` and/or `properties`",
            Location(str(path), "/decimal"),
        )
    lists: dict[str, tuple[str, ...]] = {}
    for key in ("formats", "properties"):
        value = raw.get(key, list(getattr(DecimalRule(), key)))
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise GeneratorError(f"`decimal.{key}` must be a list of strings", Location(str(path), f"/decimal/{key}"))
        lists[key] = tuple(value)
    patterns = raw.get("patterns", False)
    if not isinstance(patterns, bool):
        raise GeneratorError("`decimal.patterns` must be true or false", Location(str(path), "/decimal/patterns"))
    return DecimalRule(formats=lists["formats"], patterns=patterns, properties=lists["properties"])


def _header_status_rules(raw: Any, path: Path) -> tuple[HeaderStatusRule, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise GeneratorError(
            "response_status_by_header must be a list", Location(str(path), "/response_status_by_header")
        )
    rules = []
    for index, item in enumerate(raw):
        pointer = f"/response_status_by_header/{index}"
        if not isinstance(item, dict) or not isinstance(item.get("statuses"), dict) or not item["statuses"]:
            raise GeneratorError(
                "expected {operation, header, statuses: {value: status}, when_omitted}", Location(str(path), pointer)
            )
        statuses = tuple((str(value), str(status)) for value, status in item["statuses"].items())
        omitted = item.get("when_omitted")
        rules.append(
            HeaderStatusRule(
                operation_id=_str(item.get("operation"), path, pointer + "/operation"),
                header=_str(item.get("header"), path, pointer + "/header"),
                statuses=statuses,
                when_omitted=None if omitted is None else str(omitted),
            )
        )
    return tuple(rules)


def _strings(data: dict[str, Any], key: str, path: Path) -> list[str]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise GeneratorError(f"{key} must be a list of strings", Location(str(path), "/" + key))
    return [_str(item, path, f"/{key}/{index}") for index, item in enumerate(value)]


def _flag(data: dict[str, Any], key: str, path: Path) -> bool:
    value = data.get(key, False)
    if not isinstance(value, bool):
        raise GeneratorError(f"{key} must be true or false", Location(str(path), "/" + key))
    return value


def _seconds(data: dict[str, Any], key: str, path: Path) -> float:
    value = data.get(key, 0.0)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 3600:
        raise GeneratorError(f"{key} must be a number of seconds between 0 and 3600", Location(str(path), "/" + key))
    return float(value)


def _str(value: Any, path: Path, pointer: str) -> str:
    if not isinstance(value, str) or not value:
        raise GeneratorError("expected a non-empty string", Location(str(path), pointer))
    return value


def option_location(path: Path | None, pointer: str) -> Location:
    """Where the option at `pointer` (`/pagination/cursor_path`) sits in the options file, its line
    read from PyYAML's node marks (None when the file or the key cannot be read)."""
    if path is None:
        return Location("generator options", pointer)
    line = None
    try:
        node: Any = yaml.compose(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        node = None
    for token in pointer.strip("/").split("/"):
        if not isinstance(node, yaml.MappingNode):
            break
        found = next(((key, value) for key, value in node.value if key.value == token), None)
        if found is None:
            break
        line, node = found[0].start_mark.line + 1, found[1]
    return Location(str(path), pointer, line)
