"""The diff's levels as one table: a row per change kind and direction, with why it has that level.

The comparing code never writes a level: it names the kind it found (and, where one kind has two
levels, the case that picks the row) and reads the level here. README.md's "Levels of `diff`"
table is rendered from `RULES` (`python -m generator.diff.rules` prints it; a test keeps README
equal to it), so the documented level is the level reported.

Directions: `request` (the client sends the data: anything the old spec accepted must still be
accepted), `response` (the client receives it, webhooks included: anything the new spec allows
must have been expected before), `none` (an endpoint, a server, a credential). Kinds starting
with `*-` are schema changes, reported under the place they were found: `parameter-`,
`request-body-`, `request-property-`, `response-body-`, `response-property-`, `response-header-`,
`webhook-body-` or `webhook-property-` then the kind (`request-property-type-changed`).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

from .changes import BREAKING, INFO, MAYBE, NONE, REQUEST, RESPONSE

BOTH = "request/response"  # a schema rule whose level does not depend on who sends the data


@dataclass(frozen=True)
class Rule:
    kind: str  # a change id, or `*-<kind>` for a schema change at any place
    direction: str  # REQUEST, RESPONSE, NONE or BOTH
    level: str
    why: str
    when: str = ""  # the case this row covers, when one kind has several levels
    oasdiff: str = ""  # where oasdiff's level differs: its level, and why ours is what it is


def _rows(*rules: Rule) -> tuple[Rule, ...]:
    return rules


_R, _B = REQUEST, RESPONSE

_API_RULES = _rows(
    # --- Operations ---
    Rule(
        "operation-removed",
        NONE,
        BREAKING,
        "calls to it fail",
        oasdiff="info when it was deprecated first and its sunset date passed; calls fail all the same",
    ),
    Rule("operation-added", NONE, INFO, "nothing a client did changes"),
    Rule(
        "operation-id-changed",
        NONE,
        MAYBE,
        "the wire is unchanged, but generated method names come from it",
        oasdiff="info: oasdiff only sees the wire",
    ),
    Rule("operation-deprecated", NONE, INFO, "still served; a warning to move"),
    Rule("operation-reactivated", NONE, INFO, "no longer deprecated"),
    Rule("operation-summary-changed", NONE, INFO, "words only"),
    Rule("operation-description-changed", NONE, INFO, "words only"),
    # --- Parameters ---
    Rule(
        "parameter-removed",
        _R,
        BREAKING,
        "a request sending it may be refused, and the generated argument is gone",
        oasdiff="warn",
    ),
    Rule("parameter-added-required", _R, BREAKING, "old requests lack it"),
    Rule("parameter-added-optional", _R, INFO, "old requests still valid"),
    Rule("parameter-became-required", _R, BREAKING, "old requests may lack it"),
    Rule("parameter-became-optional", _R, INFO, "old requests still valid"),
    Rule(
        "parameter-renamed",
        _R,
        INFO,
        "a path parameter is matched by position: its name is not on the wire (the Python argument's rename "
        "is in the Python section)",
    ),
    Rule(
        "parameter-serialization-changed",
        _R,
        BREAKING,
        "style, explode or allowReserved changed: the server reads the old form another way",
        when="array or object",
    ),
    Rule(
        "parameter-serialization-changed",
        _R,
        INFO,
        "one value is written alike in every style but matrix and label",
        when="one value",
    ),
    Rule("parameter-deprecated", _R, INFO, "still accepted; a warning to stop sending it"),
    Rule("parameter-reactivated", _R, INFO, "no longer deprecated"),
    Rule("parameter-description-changed", _R, INFO, "words only"),
    # --- Request bodies ---
    Rule("request-body-removed", _R, BREAKING, "a body the client sends may be refused"),
    Rule("request-body-added-required", _R, BREAKING, "old requests have no body"),
    Rule("request-body-added-optional", _R, INFO, "old requests still valid"),
    Rule("request-body-became-required", _R, BREAKING, "old requests may have no body"),
    Rule("request-body-became-optional", _R, INFO, "old requests still valid"),
    Rule("request-media-type-removed", _R, BREAKING, "requests in that media type are refused"),
    Rule("request-media-type-added", _R, INFO, "another way to send the same"),
    # --- Responses ---
    Rule("response-success-status-removed", _B, BREAKING, "clients handling it lose it"),
    Rule(
        "response-success-status-added",
        _B,
        MAYBE,
        "a success the client did not expect (the generated client raises on an undocumented status)",
        oasdiff="info: oasdiff assumes clients accept any 2xx",
    ),
    Rule("response-non-success-status-removed", _B, INFO, "an error no longer documented"),
    Rule("response-non-success-status-added", _B, INFO, "errors were possible before; now documented"),
    Rule("response-description-changed", _B, INFO, "words only"),
    Rule("response-media-type-removed", _B, BREAKING, "clients asking for it get nothing they can read", when="2xx"),
    Rule(
        "response-media-type-removed",
        _B,
        INFO,
        "an error body's form",
        when="not 2xx",
        oasdiff="error",
    ),
    Rule("response-media-type-added", _B, INFO, "the client asks for the one it reads"),
    Rule("response-header-removed", _B, BREAKING, "clients reading it get nothing", when="was required"),
    Rule("response-header-removed", _B, MAYBE, "clients reading it may get nothing", when="was optional"),
    Rule("response-header-added", _B, INFO, "clients may ignore it"),
    Rule("response-header-became-optional", _B, BREAKING, "clients reading it may get nothing"),
    Rule("response-header-became-required", _B, INFO, "always sent now"),
    Rule("response-header-deprecated", _B, INFO, "still sent; a warning"),
    Rule("response-header-reactivated", _B, INFO, "no longer deprecated"),
    Rule("response-header-description-changed", _B, INFO, "words only"),
    # --- Webhooks (the client receives them: compared like responses) ---
    Rule("webhook-removed", NONE, BREAKING, "handlers for it get nothing, and its Python type is gone"),
    Rule("webhook-added", NONE, INFO, "a new event to subscribe to"),
    Rule("webhook-media-type-removed", _B, BREAKING, "payloads in that form stop"),
    Rule("webhook-media-type-added", _B, INFO, "payloads may come in another form"),
    # --- Security ---
    Rule(
        "security-requirement-removed",
        _R,
        BREAKING,
        "clients meeting only that alternative are refused (anonymous access removed: clients without credentials)",
        when="refused",
        oasdiff="info for security added to an operation that had none",
    ),
    Rule(
        "security-requirement-removed",
        _R,
        INFO,
        "every client meeting it meets a remaining alternative (it asks no more)",
        when="still in",
    ),
    Rule("security-requirement-added", _R, INFO, "another way in; the old ones still work"),
    Rule(
        "security-scopes-removed",
        _R,
        INFO,
        "scopes compared as sets: a token with the old scopes has the new ones",
    ),
    Rule(
        "security-scopes-added",
        _R,
        BREAKING,
        "tokens without the new scope are refused",
        when="refused",
    ),
    Rule(
        "security-scopes-added",
        _R,
        INFO,
        "a remaining alternative asks no more than the old one",
        when="still in",
    ),
    Rule(
        "security-scheme-removed",
        NONE,
        BREAKING,
        "the generated client's credential for it is gone",
        when="used",
        oasdiff="info: the operations' requirements carry the wire change; ours also drops a credential",
    ),
    Rule("security-scheme-removed", NONE, INFO, "no operation used it: nothing on the wire changes", when="unused"),
    Rule("security-scheme-added", NONE, INFO, "a new way to authenticate"),
    Rule(
        "security-scheme-changed",
        NONE,
        BREAKING,
        "a client sending credentials the old way (header name, scheme, flow) is refused",
        oasdiff="info",
    ),
    # --- Servers and components ---
    Rule("server-removed", NONE, BREAKING, "clients configured for it must move"),
    Rule("server-added", NONE, INFO, "another place to call"),
    Rule(
        "server-description-changed",
        NONE,
        MAYBE,
        "the generated client names its environments after it",
    ),
    Rule("schema-removed", NONE, INFO, "a component alone is no wire change (its uses are reported where used)"),
    Rule("schema-added", NONE, INFO, "a component alone is no wire change"),
    # --- Schemas, at any place ---
    Rule("*-type-changed", _R, INFO, "the new type accepts every old value", when="wider"),
    Rule("*-type-changed", _R, BREAKING, "old values may be refused", when="narrower or other"),
    Rule("*-type-changed", _B, INFO, "every new value was expected", when="narrower"),
    Rule("*-type-changed", _B, BREAKING, "values of an unexpected type may arrive", when="wider or other"),
    Rule("*-enum-value-removed", _R, BREAKING, "requests with it are refused"),
    Rule("*-enum-value-removed", _B, INFO, "no longer sent"),
    Rule("*-enum-value-added", _R, INFO, "one more value accepted"),
    Rule(
        "*-enum-value-added",
        _B,
        MAYBE,
        "a value clients may not handle (the generated client keeps it as an unknown member)",
        when="closed",
    ),
    Rule(
        "*-enum-value-added",
        _B,
        INFO,
        "an open enum (`x-extensible-enum` or the `open_enums` option): clients already handle unknown values",
        when="open",
        oasdiff="info for x-extensible-enum",
    ),
    Rule(
        "*-constraint-tightened",
        _R,
        BREAKING,
        "old values may be refused (and the generated client checks requests before sending)",
        oasdiff="warn for some (maxLength set): oasdiff leaves them to the server; the generated client refuses before sending",
    ),
    Rule("*-constraint-tightened", _B, INFO, "every new value was expected"),
    Rule("*-constraint-loosened", _R, INFO, "every old value still accepted"),
    Rule(
        "*-constraint-loosened",
        _B,
        MAYBE,
        "values outside the old bounds may arrive; the generated models do not check response bounds",
        oasdiff="error for bounds (maxLength increased), info for a pattern removed",
    ),
    Rule(
        "*-constraint-changed",
        BOTH,
        MAYBE,
        "neither wider nor narrower (a pattern rewritten): it depends on the values",
    ),
    Rule(
        "*-dependent-required-added",
        _R,
        BREAKING,
        "a request with the first member and without the ones it now needs is refused",
    ),
    Rule("*-dependent-required-added", _B, INFO, "the members now always come together"),
    Rule("*-dependent-required-removed", _R, INFO, "fewer requests refused"),
    Rule("*-dependent-required-removed", _B, BREAKING, "a member clients relied on coming along may be missing"),
    Rule(
        "*-default-changed", BOTH, INFO, "a default where none was: an omitted value meant nothing before", when="added"
    ),
    Rule(
        "*-default-changed",
        BOTH,
        MAYBE,
        "an omitted value now means something else",
        when="removed or changed",
        oasdiff="error for request parameters, info elsewhere",
    ),
    Rule("*-deprecated", BOTH, INFO, "still there; a warning"),
    Rule("*-reactivated", BOTH, INFO, "no longer deprecated"),
    Rule("*-description-changed", BOTH, INFO, "words only"),
    Rule("*-added-required", _R, BREAKING, "old requests lack it"),
    Rule("*-added-optional", _R, INFO, "old requests still valid"),
    Rule("*-added", _B, INFO, "clients ignore what they do not know (the generated models keep it as an extra)"),
    Rule(
        "*-removed",
        _R,
        MAYBE,
        "the server no longer reads it: sending it may be ignored or refused",
    ),
    Rule("*-removed", _B, BREAKING, "clients reading it get nothing", when="was required"),
    Rule("*-removed", _B, MAYBE, "clients reading it may get nothing", when="was optional"),
    Rule("*-became-required", _R, BREAKING, "old requests may lack it"),
    Rule("*-became-required", _B, INFO, "always sent now"),
    Rule("*-became-optional", _R, INFO, "old requests still valid"),
    Rule("*-became-optional", _B, BREAKING, "clients reading it may get nothing"),
    Rule("*-union-branch-removed", _R, BREAKING, "requests of that shape are refused"),
    Rule("*-union-branch-removed", _B, INFO, "no longer sent"),
    Rule("*-union-branch-added", _R, INFO, "another accepted shape"),
    Rule(
        "*-union-branch-added",
        _B,
        MAYBE,
        "a shape clients may not handle (the generated client keeps it as an unknown member)",
        oasdiff="error for oneOf, info for anyOf",
    ),
    Rule(
        "*-union-branches-overlap",
        _R,
        BREAKING,
        "a oneOf refuses a value matching two branches, and an old request can match both (judged from the "
        "branches' types, required members and fixed values)",
        oasdiff="error for a body wrapped in oneOf whatever its branches; info for a branch added",
    ),
    Rule("*-union-kind-changed", BOTH, INFO, "oneOf/anyOf: the accepted values are judged branch by branch"),
    Rule(
        "*-discriminator-added",
        BOTH,
        INFO,
        "a hint naming the property that tells branches apart: the accepted values are the same",
    ),
    Rule("*-discriminator-removed", BOTH, INFO, "the branches still tell themselves apart by their schemas"),
    Rule(
        "*-discriminator-changed",
        BOTH,
        MAYBE,
        "the property that tells the branches apart changed",
        oasdiff="info",
    ),
)

# --- The generated Python package (what a caller's code meets, whatever the wire did) ---
_PYTHON_RULES = _rows(
    Rule("python-class-removed", NONE, BREAKING, "code importing or building it fails"),
    Rule("python-class-added", NONE, INFO, "nothing existing changes"),
    Rule("python-class-kind-changed", NONE, BREAKING, "a model became an enum or an alias (or back): its uses change"),
    Rule("python-alias-type-changed", NONE, BREAKING, "what the alias stands for changed"),
    Rule("python-enum-member-removed", NONE, BREAKING, "code naming the member fails"),
    Rule("python-enum-member-added", NONE, INFO, "a `match` without a default case may miss it; nothing fails"),
    Rule("python-field-removed", NONE, BREAKING, "code reading it fails"),
    Rule("python-field-added-required", NONE, MAYBE, "code that builds the model must pass it; readers are unaffected"),
    Rule("python-field-added", NONE, INFO, "optional: nothing existing changes"),
    Rule("python-field-type-changed", NONE, BREAKING, "code using its value may no longer type-check or work"),
    Rule("python-field-became-required", NONE, MAYBE, "code that builds the model must pass it"),
    Rule("python-field-became-optional", NONE, MAYBE, "code reading it must handle None"),
    Rule("python-field-wire-name-changed", NONE, INFO, "the attribute keeps its name; only its alias changed"),
    Rule("python-client-renamed", NONE, BREAKING, "imports of the client class fail"),
    Rule("python-credential-removed", NONE, BREAKING, "code passing that credential argument fails"),
    Rule("python-credential-added", NONE, INFO, "another way to authenticate"),
    Rule(
        "python-credential-changed",
        NONE,
        BREAKING,
        "the argument stays, but it carries another kind of credential: what callers pass must change",
    ),
    Rule("python-environment-removed", NONE, BREAKING, "code choosing it fails"),
    Rule("python-environment-added", NONE, INFO, "another environment to choose"),
    Rule("python-environment-changed", NONE, INFO, "the name stays; its URL changed"),
    Rule("python-resource-removed", NONE, BREAKING, "code using `client.<resource>` fails"),
    Rule("python-resource-added", NONE, INFO, "nothing existing changes"),
    Rule("python-method-removed", NONE, BREAKING, "calls to it fail"),
    Rule("python-method-added", NONE, INFO, "nothing existing changes"),
    Rule("python-parameter-removed", NONE, BREAKING, "calls passing that argument fail"),
    Rule("python-parameter-added-required", NONE, BREAKING, "calls without it fail"),
    Rule("python-parameter-added", NONE, INFO, "optional: existing calls still work"),
    Rule(
        "python-parameter-type-changed",
        NONE,
        INFO,
        "it accepts every value it did, and more",
        when="more literal values",
    ),
    Rule("python-parameter-type-changed", NONE, BREAKING, "calls passing the old type may fail", when="other"),
    Rule("python-parameter-became-required", NONE, BREAKING, "calls without it fail"),
    Rule("python-parameter-became-optional", NONE, INFO, "existing calls still work"),
    Rule("python-return-type-changed", NONE, BREAKING, "code using the result may no longer type-check or work"),
    Rule("python-webhook-removed", NONE, BREAKING, "code parsing that event fails"),
    Rule("python-webhook-added", NONE, INFO, "a new event type to parse"),
    Rule("python-webhook-type-changed", NONE, BREAKING, "code using the parsed payload may no longer work"),
)

RULES = _API_RULES + _PYTHON_RULES
_INDEX = {(rule.kind, rule.direction, rule.when): rule for rule in RULES}


def rule_for(kind: str, direction: str, when: str = "") -> Rule:
    """The row for a change; a missing row is a programming error (every kind reported is documented)."""
    found = _INDEX.get((kind, direction, when)) or _INDEX.get((kind, BOTH, when))
    if found is None:
        raise KeyError(f"no level rule for {kind!r} ({direction}, {when or 'no case'}): add a row to RULES")
    return found


def level_of(kind: str, direction: str, when: str = "") -> str:
    return rule_for(kind, direction, when).level


_LEVEL_TEXT = {BREAKING: "**breaking**", MAYBE: "**maybe-breaking**", INFO: "info"}


def rules_table() -> str:
    """The Markdown table of README.md's "Levels of `diff`" section."""
    lines = [
        "| change | direction | level | why | oasdiff |",
        "| --- | --- | --- | --- | --- |",
    ]
    for rule in RULES:
        kind = f"`{rule.kind}`" + (f" ({rule.when})" if rule.when else "")
        lines.append(f"| {kind} | {rule.direction} | {_LEVEL_TEXT[rule.level]} | {rule.why} | {rule.oasdiff} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(rules_table())
