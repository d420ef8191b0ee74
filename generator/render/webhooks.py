"""The view of `webhooks.py`: one `parse_...` function per webhook, laid out as black lays it out."""

from __future__ import annotations

from dataclasses import dataclass

from .. import ir, layout
from ..pysource import docstring, literal, plain_annotation
from .context import quoted_text


@dataclass(frozen=True)
class WebhookView:
    """One webhook as `webhooks.py.j2` and the README print it."""

    name: str
    parse_signature: str  # `def parse_<name>(...) -> T:` as black lays it out
    parse_value: str  # the parser's first line, as black lays it out
    key_literal: str
    key_text: str  # the key inside a docstring
    annotation: str
    doc: str


def webhook_view(webhook: ir.Webhook) -> WebhookView:
    annotation_text = plain_annotation(webhook.type)
    return WebhookView(
        name=webhook.python_name,
        # The parser's signature and first line as black lays them out (layout.py).
        parse_signature=layout.laid_out(
            layout.of_def(
                f"parse_{webhook.python_name}",
                ["payload: bytes | str | Mapping[str, Any]", "*", "strict: bool = False"],
                annotation_text,
            ),
            0,
        ),
        parse_value=layout.laid_out(
            layout.of_call(
                "_parse_payload",  # private: `dir(webhooks)` lists only the parsers of the API's events
                [annotation_text, "payload", f"event={literal(webhook.key)}", "strict=strict"],
            ),
            4,
            f"value: {annotation_text} = ",
        ),
        key_literal=literal(webhook.key),
        key_text=quoted_text(webhook.key),
        annotation=plain_annotation(webhook.type),
        doc=docstring(
            f"Parse a `{webhook.key}` webhook payload (bytes, str or an already-decoded dict).\n\n{webhook.doc or ''}".strip()
            + "\n\nA payload that breaks the spec raises `errors.WebhookPayloadError` (a `ResponseValidationError`)"
            " with `strict=True`; otherwise it is returned with each deviation recorded (`deviations()`) and"
            " logged. A payload that is no event at all (a JSON list, say) raises `WebhookPayloadError` in both"
            " modes; an empty or non-JSON one degrades as a response's body does.",
            "    ",
        ),
    )
