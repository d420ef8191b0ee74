"""Python client for the Runa API, version 2024-02-05.

The public Runa API
"""

from . import errors, models, webhooks
from ._base_client import new_idempotency_key
from ._base_model import Deviation, deviations
from ._deviations_log import write_deviations
from ._files import File
from ._client import AsyncRunaClient, RunaClient

API_VERSION = "2024-02-05"
"""The dated API version this package was generated for; sent as the version header on every request."""
GENERATOR_VERSION = "0.1.0"
"""Version of runa-client-generator that wrote this package."""
SPEC_SHA256 = "77f4320a3f2f1709cef770eba00167c9d7956d94213f91b37dfb155954c436fe"
"""sha256 of what this package was generated from: the spec file (2024-02-05.yaml) and any overlays applied to it."""

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
