"""Hand-written stand-in for a generated package `__init__.py`."""

from . import errors, models
from ._client import AsyncRunaClient, RunaClient

__all__ = ["AsyncRunaClient", "RunaClient", "errors", "models"]
