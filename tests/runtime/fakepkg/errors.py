"""What a generated package's `errors.py` is without documented error models: the runtime's `_errors`."""

from ._errors import *  # noqa: F403
from ._errors import __all__  # noqa: F401
