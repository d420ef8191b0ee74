"""The view of `webhooks.py`: one `parse_...` function per webhook, laid out as black lays it out."""

from __future__ import annotations

from typing import Any

from .. import ir, layout
from ..pysource import docstring, literal, plain_annotation
from .context import quoted_text


def webhook_view(webhook: ir.Webhook) -> dict[str, Any]:
    annotation_text = plain_annotation(webhook.type)
    return {
        "name": webhook.python_name,
        # The parser's signature and first line as black lays them out (layout.py).
        "parse_signature": layout.laid_out(
            layout.of_def(
                f"parse_{webhook.python_name}",
                ["payload: bytes | str | Mapping[str, Any]", "*", "strict: bool = False"],
                annotation_text,
            ),
            0,
        ),
        "parse_value": layout.laid_out(
            layout.of_call(
                "_base_client.parse_value",
                [annotation_text, "_decode(payload)", f"operation={literal(webhook.key)}", "strict=strict"],
            ),
            4,
            f"value: {annotation_text} = ",
        ),
        "key_literal": literal(webhook.key),
        "key_text": quoted_text(webhook.key),
        "annotation": plain_annotation(webhook.type),
        "doc": docstring(
            f"Parse a `{webhook.key}` webhook payload (bytes, str or an already-decoded dict).\n\n{webhook.doc or ''}".strip()
            + "\n\nA payload that breaks the spec raises `errors.ResponseValidationError` with `strict=True`; "
            "otherwise it is returned with each deviation recorded (`deviations()`) and logged.",
            "    ",
        ),
    }
