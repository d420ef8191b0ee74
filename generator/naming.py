"""Python identifiers from spec names: always valid, never reserved, distinct and deterministic."""

from __future__ import annotations

import builtins
import keyword
import re
import unicodedata

# Names a pydantic model reserves or that would shadow its machinery.
PYDANTIC_RESERVED = frozenset(
    {
        "model_config", "model_fields", "model_computed_fields", "model_extra", "model_fields_set",
        "model_construct", "model_copy", "model_dump", "model_dump_json", "model_json_schema",
        "model_parametrized_name", "model_post_init", "model_rebuild", "model_validate",
        "model_validate_json", "model_validate_strings", "dict", "json", "copy", "parse_obj",
        "parse_raw", "parse_file", "from_orm", "construct", "schema", "schema_json", "validate",
        "update_forward_refs", "fields", "register",
    }
)  # fmt: skip
# Builtins that a field or parameter name would shadow inside generated bodies, plus our own names.
# Names a field must not take because generated annotations use them (a field named `date` would
# shadow the `date` type inside its class body); `type` and `id` are fine and stay as they are.
SHADOWED_BUILTINS = frozenset(
    {
        "list",
        "dict",
        "tuple",
        "str",
        "int",
        "float",
        "bool",
        "bytes",
        "object",
        "date",
        "datetime",
        "time",
        "timedelta",
        "discriminator",
    }
)
GENERATED_MODULE_NAMES = frozenset(
    {
        "Any", "Annotated", "BaseModel", "ClassVar", "Decimal", "Enum", "Field", "Literal", "Optional",
        "Union", "UUID", "date", "datetime", "time", "timedelta", "ConfigDict", "RootModel",
        "TypeAdapter", "Model", "LenientModel", "Duration", "typing", "pydantic", "Tag", "EmailFormat", "PropertyNames",
        "UniqueItems", "LenientUnion", "Pattern", "TypeAlias", "StrEnum", "IntEnum", "FloatEnum", "DecimalInput",
        "DecimalOnWire", "UnknownVariant", "FileInput", "ExactValues",
    }
)  # fmt: skip


def words(text: str) -> list[str]:
    """Split any spelling (camelCase, snake_case, kebab-case, spaces, dots) into ASCII words."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    ascii_text = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", ascii_text)
    ascii_text = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1 \2", ascii_text)
    return [w for w in re.split(r"[^A-Za-z0-9]+", ascii_text) if w]


def snake_case(text: str) -> str:
    return "_".join(w.lower() for w in words(text))


def pascal_case(text: str) -> str:
    return "".join(w[:1].upper() + w[1:] for w in words(text))


def safe_identifier(candidate: str, *, fallback: str, reserved: frozenset[str] = frozenset()) -> str:
    """A valid, non-keyword identifier: a digit start gets the fallback prefix, a reserved name a `_` suffix."""
    name = candidate or fallback
    if name[0].isdigit():
        name = f"{fallback}_{name}"
    if keyword.iskeyword(name) or keyword.issoftkeyword(name) or name in reserved:
        name += "_"
    return name


def attribute_name(wire_name: str) -> str:
    """A model field or parameter name: snake_case, with reserved names suffixed by `_`."""
    base = snake_case(wire_name)
    if base.startswith("model_"):
        base = "field_" + base  # pydantic reserves the whole model_ namespace
    return safe_identifier(base, fallback="field", reserved=PYDANTIC_RESERVED | SHADOWED_BUILTINS)


def class_name(text: str) -> str:
    base = pascal_case(text)
    return safe_identifier(base, fallback="Model", reserved=GENERATED_MODULE_NAMES | frozenset(dir(builtins)))


def enum_member_name(value: object, *, typed: bool = False) -> str:
    """An UPPER_SNAKE member name that reads as its value: `-1` is `VALUE_MINUS_1`, `1.5` is `VALUE_1_5`.

    In an enum that mixes strings and numbers (`typed`), numbers say their kind (`INT_1`, `FLOAT_1_5`),
    so the string "1" (`VALUE_1`) and the number 1 (`INT_1`) are told apart by name too.
    """
    if value is None:
        return "NONE"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    text = str(value)
    base = "_".join(w.upper() for w in words(text)) or "VALUE"
    if text.startswith("-") and text[1:2].isdigit():
        base = "MINUS_" + base
    if typed and isinstance(value, (int, float)):
        base = ("INT_" if isinstance(value, int) else "FLOAT_") + base
    elif base[0].isdigit() or base.startswith("MINUS_"):
        base = f"VALUE_{base}"
    reserved = frozenset({"MRO", "NAME", "VALUE"}) | frozenset(dir(str))
    return base + "_" if keyword.iskeyword(base) or base.lower() in reserved or base in reserved else base


class NameRegistry:
    """Hands out distinct names in one namespace; the first claimant keeps the plain name.

    Collisions (`my-model` and `my_model`, `A` and `a` on a case-insensitive file system) get
    numbered suffixes in claim order, and claim order is spec order, so output is deterministic.
    """

    def __init__(self, taken: frozenset[str] = frozenset(), *, case_insensitive: bool = False) -> None:
        self._case_insensitive = case_insensitive
        self._used = {self._fold(n) for n in taken}

    def _fold(self, name: str) -> str:
        return name.lower() if self._case_insensitive else name

    def claim(self, name: str, *, prefixes: tuple[str, ...] = ("",), separator: str = "") -> str:
        """`name`, or `name2`, `name3`, ...: the first whose every `prefix + candidate` is still free
        (a resource class claims both `XResource` and `AsyncXResource`); all of those become taken.
        `separator` goes before the number (enum members: `VALUE_1_2`, not `VALUE_12`)."""
        candidate, counter = name, 2
        while any(self._fold(prefix + candidate) in self._used for prefix in prefixes):
            candidate = f"{name}{separator}{counter}" if not name.endswith("_") else f"{name}{counter}_"
            counter += 1
        self._used.update(self._fold(prefix + candidate) for prefix in prefixes)
        return candidate
