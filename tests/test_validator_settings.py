"""The validator's settings stand-ins (generator/validation/validator_settings.py) against the real modules.

Each check runs in a fresh interpreter: one imports the real settings modules (pydantic-settings
and all) with no OPENAPI_* variable set, the other the generator's validator with the stand-ins.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

# What each settings module defines (not what it imports), and the defaults the packages read.
_DESCRIBE = """
import json, sys, types
{setup}
import openapi_spec_validator.settings as spec, openapi_schema_validator.settings as schema

def defined(module):  # public names, less modules and what the real ones import from their libraries
    return sorted(
        name for name, value in vars(module).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
        and not str(getattr(value, "__module__", "")).startswith(("pydantic", "functools"))
    )

from openapi_spec_validator.schemas.backend import get_validator_backend
json.dump({{
    "spec names": defined(spec),
    "schema names": defined(schema),
    "resolved_cache_maxsize": spec.get_resolved_cache_maxsize(),
    "settings object": spec.OpenAPISpecValidatorSettings().resolved_cache_maxsize,
    "backend": get_validator_backend(),
    "compiled cache": schema.get_settings().compiled_validator_cache_max_size,
    "pydantic_settings imported": "pydantic_settings" in sys.modules,
}}, sys.stdout)
"""


def _describe(setup: str) -> dict[str, object]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("OPENAPI_")}
    completed = subprocess.run(
        [sys.executable, "-c", _DESCRIBE.format(setup=setup)],
        capture_output=True,
        text=True,
        env=environment,
        check=True,
    )
    return dict(json.loads(completed.stdout))


def test_stand_ins_offer_every_name_and_default_of_the_real_settings() -> None:
    real = _describe("")
    ours = _describe("from generator.validation import spec_validator")
    assert real.pop("pydantic_settings imported") is True
    assert ours.pop("pydantic_settings imported") is False  # what they are for
    for names in ("spec names", "schema names"):
        missing = set(real.pop(names)) - set(ours.pop(names))
        assert not missing, f"{names}: the stand-in lacks {missing}"
    assert ours == real  # the same defaults, the same backend


def test_a_process_that_already_has_the_real_settings_keeps_them() -> None:
    ours = _describe(
        "import openapi_spec_validator.settings, openapi_schema_validator.settings\nfrom generator.validation import spec_validator"
    )
    assert ours["pydantic_settings imported"] is True
