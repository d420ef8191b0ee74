"""The runtime modules copied verbatim into every package (`templates/runtime/`).

`RUNTIME_FILES` is the one list of them: adding a runtime module is one line here (the package's
`__init__` imports each on first use, and the tests read this list).
"""

from __future__ import annotations

from ..template_folder import TEMPLATES

FAKE_DATA_FILE = "_fake_data.json"  # the name the runtime's `_testing.py` reads
RUNTIME_FILES = (
    "_base_client.py",
    "_types.py",
    "_request.py",
    "_http_request.py",
    "_response.py",
    "_parse.py",
    "_pagination.py",
    "_retry.py",
    "_base_model.py",
    "_parse_mode.py",
    "_deviations.py",
    "_model.py",
    "_relaxed_validators.py",
    "_unions.py",
    "_constraints.py",
    "_wire_types.py",
    "_json_types.py",
    "_errors.py",
    "_webhook_signing.py",
    "_webhook_payload.py",
    "_testing.py",
    "_fake_api.py",
    "_fake_routing.py",
    "_fake_checks.py",
    "_fake_answers.py",
    "_fake_state.py",
    "_fake_shapes.py",
    "_fake_rules.py",
    "_transport.py",
    "_wire.py",
    "_open_enum.py",
    "_deviations_log.py",
    "_files.py",
    "_outgoing.py",
    "_security.py",
    "_exact.py",
    "_page_items.py",
    "_item_misses.py",
    "_rust_regex.py",
    "_body_dump.py",
    "_stored.py",
)


def package_modules() -> list[str]:
    """The package's modules (the package's `__getattr__` imports them on first use)."""
    generated = ("models", "_client", "webhooks", "testing")
    return sorted([*generated, *(name.removesuffix(".py") for name in RUNTIME_FILES)])


def runtime_texts() -> dict[str, str]:
    """File name -> text of each runtime module, copied verbatim from `templates/runtime/`."""
    return {name: (TEMPLATES / "runtime" / name).read_text(encoding="utf-8") for name in RUNTIME_FILES}
