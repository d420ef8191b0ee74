"""Python client for the Runa API, version 2023-07-27.

The public Runa API
"""

from . import errors, models, webhooks
from ._base_client import new_idempotency_key
from ._base_model import Deviation, deviations
from ._deviations_log import write_deviations
from ._files import File
from ._client import AsyncRunaClient, RunaClient

API_VERSION = "2023-07-27"
"""The dated API version this package was generated for; sent as the version header on every request."""
GENERATOR_VERSION = "0.1.0"
"""Version of runa-client-generator that wrote this package."""
SPEC_SHA256 = "d14e23d6b38c39d16ff78994e6a9ed73a5cd6b683da0edcc50eac22d7d8bc727"
"""sha256 of what this package was generated from: the spec file (2023-07-27.yaml) and any overlays applied to it."""

__version__ = API_VERSION

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
    "webhooks",
    "write_deviations",
]
