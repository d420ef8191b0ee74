"""Base of every generated model: strict when you build a request, lenient when parsing a response.

Requests are validated completely (constraints, enums, formats) before anything is sent.
Responses are parsed with the context `{"lenient": True}`: a field the server sent in a shape
the spec does not allow (a `null`, an unknown enum value, a too-long string) is kept as the raw
value instead of failing the whole response, and undeclared fields are kept as extras.

Unions: a discriminated union picks its branch by the discriminator value (an unknown value is kept
raw on responses). Any other union is pydantic's smart union (the branch the value fits exactly,
else the one with the most fields set); on responses a branch that fits without salvaging anything
always wins over one that needs salvaging, and otherwise the branch with the fewest problems is
salvaged (`LenientUnion`).

The one import of the model layer: generated models, the client and the tests import from here,
and the client binds these names on its first request or parse (`_base_client`). Each job is a
module of its own: `_parse_mode` (strict or lenient), `_deviations` (what breaks the spec, listed
and logged), `_model` (`Model`, `UnknownVariant`), `_relaxed_validators` (a field read again without
its constraints), `_unions`, `_constraints` (`Pattern`, `PropertyNames`, ...) and `_wire_types`
(`Duration`, exact decimals).
"""

from __future__ import annotations

from ._constraints import EmailFormat, Pattern, PropertyNames, UniqueItems
from ._constraints import _error_details as _error_details
from ._deviations import (
    ADDITIONAL,
    CONSTRAINT,
    EMPTY_BODY,
    MISSING,
    NEAREST_BRANCH,
    NO_BRANCH,
    NOT_JSON,
    NULL,
    PATTERN,
    UNDECLARED,
    UNEXPECTED_STATUS,
    UNKNOWN_DISCRIMINATOR,
    UNKNOWN_ENUM,
    WRONG_TYPE,
    Deviation,
    deviations,
    extras_logged,
    log_deviations,
)
from ._deviations import _LOGGER as _LOGGER
from ._deviations import _deviations_of as _deviations_of
from ._deviations import _wire_name as _wire_name
from ._model import Model, UnknownVariant
from ._parse_mode import LENIENT, is_lenient
from ._unions import LenientUnion, discriminator, hollow_value
from ._wire_types import (
    DecimalInput,
    DecimalOnWire,
    Duration,
    FloatEnum,
    JSONFloat,
    WireNumber,
    loads,
)

__all__ = [
    "ADDITIONAL",
    "CONSTRAINT",
    "EMPTY_BODY",
    "LENIENT",
    "MISSING",
    "NEAREST_BRANCH",
    "NO_BRANCH",
    "NOT_JSON",
    "NULL",
    "PATTERN",
    "UNDECLARED",
    "UNEXPECTED_STATUS",
    "UNKNOWN_DISCRIMINATOR",
    "UNKNOWN_ENUM",
    "WRONG_TYPE",
    "DecimalInput",
    "DecimalOnWire",
    "Deviation",
    "Duration",
    "EmailFormat",
    "FloatEnum",
    "JSONFloat",
    "LenientUnion",
    "Model",
    "Pattern",
    "PropertyNames",
    "UniqueItems",
    "UnknownVariant",
    "WireNumber",
    "deviations",
    "discriminator",
    "extras_logged",
    "hollow_value",
    "is_lenient",
    "loads",
    "log_deviations",
]
