"""Stand-ins for the settings modules of openapi-spec-validator and openapi-schema-validator.

Both packages read a few settings (cache sizes, which JSON Schema backend) from environment
variables through pydantic-settings, and importing pydantic-settings (with pydantic) is most of
importing the validator: ~0.2 s of ~0.25 s, the largest cost of the validation worker after the
validation itself, on every cold generation. The generator wants none of it: its findings are
cached by the document and the validator's versions (validate.py), so they must not change with
`OPENAPI_SPEC_VALIDATOR_*` or `OPENAPI_SCHEMA_VALIDATOR_*` variables. The stand-ins give the
packages' own defaults, with the pure-Python `jsonschema` backend, which "auto" chooses when
jsonschema-rs is not installed (the generator does not install it).

`install()` puts them in place only where the real modules are not imported yet (a process that
already has them keeps them). `tests/test_validator_settings.py` checks, against the real modules,
that the stand-ins offer every name the packages define there and give the same defaults.
"""

from __future__ import annotations

import sys
import types
from dataclasses import dataclass
from functools import cache

SPEC_SETTINGS = "openapi_spec_validator.settings"
SCHEMA_SETTINGS = "openapi_schema_validator.settings"


@dataclass(frozen=True)
class SpecValidatorSettings:
    """openapi-spec-validator's settings at their defaults (a fixed backend: see the module doc)."""

    resolved_cache_maxsize: int = 128
    schema_validator_backend: str = "jsonschema"


@dataclass(frozen=True)
class SchemaValidatorSettings:
    """openapi-schema-validator's settings at their defaults."""

    compiled_validator_cache_max_size: int = 128


@cache
def _schema_settings() -> SchemaValidatorSettings:
    return SchemaValidatorSettings()


def install() -> None:
    """The stand-ins in `sys.modules`, where the real settings modules are not imported yet."""
    if SPEC_SETTINGS not in sys.modules:
        spec = types.ModuleType(SPEC_SETTINGS, __doc__)
        defaults = SpecValidatorSettings()
        spec.ENV_PREFIX = "OPENAPI_SPEC_VALIDATOR_"  # type: ignore[attr-defined]
        spec.RESOLVED_CACHE_MAXSIZE_DEFAULT = defaults.resolved_cache_maxsize  # type: ignore[attr-defined]
        spec.SCHEMA_VALIDATOR_BACKEND_DEFAULT = "auto"  # type: ignore[attr-defined]
        spec.SCHEMA_VALIDATOR_BACKEND_ALLOWED = {"auto", "jsonschema", "jsonschema-rs"}  # type: ignore[attr-defined]
        spec.OpenAPISpecValidatorSettings = SpecValidatorSettings  # type: ignore[attr-defined]
        spec.get_resolved_cache_maxsize = lambda: defaults.resolved_cache_maxsize  # type: ignore[attr-defined]
        spec.get_schema_validator_backend = lambda: defaults.schema_validator_backend  # type: ignore[attr-defined]
        sys.modules[SPEC_SETTINGS] = spec
    if SCHEMA_SETTINGS not in sys.modules:
        schema = types.ModuleType(SCHEMA_SETTINGS, __doc__)
        schema.OpenAPISchemaValidatorSettings = SchemaValidatorSettings  # type: ignore[attr-defined]
        schema.get_settings = _schema_settings  # type: ignore[attr-defined]
        schema.reset_settings_cache = _schema_settings.cache_clear  # type: ignore[attr-defined]
        sys.modules[SCHEMA_SETTINGS] = schema
