"""Python client for the Runa API, version 2023-07-27.

The public Runa API
"""

from typing import TYPE_CHECKING, Any

from . import errors
from ._base_client import new_idempotency_key
from ._files import File
from ._client import AsyncRunaClient, RunaClient

if TYPE_CHECKING:
    from . import models, webhooks
    from ._base_model import Deviation, deviations
    from ._deviations_log import write_deviations
    from ._stored import parse_response

API_VERSION = "2023-07-27"
"""The dated API version this package was generated for; sent as the version header on every request."""
GENERATOR_VERSION = "0.1.0"
"""Version of runa-client-generator that wrote this package."""
SPEC_SHA256 = "4e0e8e14d7600e79981b89a879271cbfe03cac4b5ee290ec0419ff98931c94e5"
"""sha256 of what this package was generated from: the spec file (2023-07-27.yaml) and any overlays applied to it."""

__version__ = API_VERSION

_MODULES = (
    "_base_client",
    "_base_model",
    "_body_dump",
    "_client",
    "_constraints",
    "_deviations",
    "_deviations_log",
    "_errors",
    "_exact",
    "_fake_answers",
    "_fake_api",
    "_fake_checks",
    "_fake_routing",
    "_fake_rules",
    "_fake_shapes",
    "_fake_state",
    "_files",
    "_http_request",
    "_item_misses",
    "_json_types",
    "_model",
    "_open_enum",
    "_outgoing",
    "_page_items",
    "_pagination",
    "_parse",
    "_parse_mode",
    "_relaxed_validators",
    "_request",
    "_response",
    "_retry",
    "_rust_regex",
    "_security",
    "_stored",
    "_testing",
    "_transport",
    "_types",
    "_unions",
    "_webhook_payload",
    "_webhook_signing",
    "_wire",
    "_wire_types",
    "models",
    "testing",
    "webhooks",
)

__all__ = [
    "API_VERSION",
    "Deviation",
    "File",
    "GENERATOR_VERSION",
    "SPEC_SHA256",
    "AsyncRunaClient",
    "RunaClient",
    "deviations",
    "errors",
    "models",
    "new_idempotency_key",
    "parse_response",
    "webhooks",
    "write_deviations",
]


def _import_on_first_use(name: str) -> Any:
    # The package's modules are imported on first use: importing the package builds no model
    # (pydantic's model machinery costs more to import than the rest of the client).
    import importlib

    if name in ("Deviation", "deviations"):
        return getattr(importlib.import_module(f"{__name__}._base_model"), name)
    if name == "write_deviations":
        return importlib.import_module(f"{__name__}._deviations_log").write_deviations
    if name == "parse_response":
        return importlib.import_module(f"{__name__}._stored").parse_response
    if name in _MODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


if not TYPE_CHECKING:  # type checkers see the imports above, and no other name
    __getattr__ = _import_on_first_use
