"""The diff's levels (issue 28): each fault found against oasdiff's pairs, with its own small base/revision
pair, and the README's level table kept equal to the rule table the code reads its levels from."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from generator.diff.api import DiffReport, diff_specs
from generator.diff.changes import BREAKING, INFO, MAYBE
from generator.diff.cli import diff_main
from generator.diff.render import render_json, render_markdown
from generator.diff.rules import RULES, level_of, rules_table
from generator.diff.words import word_diff

from .support import FIXTURES, ROOT, SPECS, runa_specs

_HEAD = """openapi: 3.1.0
info: {title: Shop, version: '1'}
"""


def diff(tmp_path: Path, old: str, new: str) -> DiffReport:
    """The diff of two specs given from `paths:` on (the same `openapi` and `info` added to both)."""
    return diff_documents(tmp_path, _HEAD + textwrap.dedent(old), _HEAD + textwrap.dedent(new))


def diff_documents(tmp_path: Path, old: str, new: str) -> DiffReport:
    (tmp_path / "old-2024-01-01.yaml").write_text(old, encoding="utf-8")
    (tmp_path / "new-2024-02-01.yaml").write_text(new, encoding="utf-8")
    return diff_specs(tmp_path / "old-2024-01-01.yaml", tmp_path / "new-2024-02-01.yaml")


def kinds(report: DiffReport) -> set[tuple[str, str]]:
    return {(c.id, c.level) for c in report.changes}


# --- Security scopes are sets -----------------------------------------------------------------------

_SECURED = """
paths:
  /books:
    get:
      operationId: listBooks
      security: [{{oauth: {scopes}}}]
      responses: {{'200': {{description: ok}}}}
components:
  securitySchemes:
    oauth:
      type: oauth2
      flows: {{clientCredentials: {{tokenUrl: /token, scopes: {{read: r, write: w}}}}}}
"""


def test_requiring_fewer_scopes_is_not_breaking(tmp_path: Path) -> None:
    report = diff(tmp_path, _SECURED.format(scopes="[write, read]"), _SECURED.format(scopes="[write]"))
    assert kinds(report) == {("security-scopes-removed", INFO)}
    assert "`oauth` no longer needs scope `read`" in report.changes[0].message


def test_requiring_another_scope_is_breaking(tmp_path: Path) -> None:
    report = diff(tmp_path, _SECURED.format(scopes="[write]"), _SECURED.format(scopes="[write, read]"))
    assert kinds(report) == {("security-scopes-added", BREAKING)}
    assert "`oauth` now needs scope `read`" in report.changes[0].message


def test_scopes_listed_in_another_order_are_no_change(tmp_path: Path) -> None:
    report = diff(tmp_path, _SECURED.format(scopes="[write, read]"), _SECURED.format(scopes="[read, write]"))
    assert report.changes == ()


# --- oneOf whose branches overlap ------------------------------------------------------------------

_BODY = """
paths:
  /books:
    post:
      operationId: addBook
      requestBody:
        required: true
        content:
          application/json:
            schema: {body}
      responses: {{'200': {{description: ok}}}}
components:
  schemas:
    Book:
      type: object
      properties:
        title: {{type: string}}
        pages: {{type: integer}}
      required: [title]
    {extra}
"""


def body(schema: str, extra: str = "Other: {type: object}") -> str:
    return _BODY.format(body=schema, extra=extra)


def test_a_request_body_wrapped_in_overlapping_one_of_is_breaking(tmp_path: Path) -> None:
    # A Book with `pages` matches both branches; oneOf refuses a value matching two.
    long_book = (
        "LongBook: {type: object, properties: {title: {type: string}, pages: {type: integer}}, required: [pages]}"
    )
    report = diff(
        tmp_path,
        body("{$ref: '#/components/schemas/Book'}", long_book),
        body("{oneOf: [{$ref: '#/components/schemas/Book'}, {$ref: '#/components/schemas/LongBook'}]}", long_book),
    )
    [overlap] = [c for c in report.changes if c.id == "request-body-union-branches-overlap"]
    assert overlap.level == BREAKING
    assert "`Book` and `LongBook` overlap" in overlap.message


def test_one_of_branches_told_apart_by_a_fixed_value_do_not_overlap(tmp_path: Path) -> None:
    tagged = """Paper: {type: object, properties: {kind: {const: paper}, title: {type: string}}, required: [kind]}
    Ebook: {type: object, properties: {kind: {const: ebook}, title: {type: string}}, required: [kind]}"""
    report = diff(
        tmp_path,
        body("{$ref: '#/components/schemas/Paper'}", tagged),
        body("{oneOf: [{$ref: '#/components/schemas/Paper'}, {$ref: '#/components/schemas/Ebook'}]}", tagged),
    )
    assert ("request-body-union-branch-added", INFO) in kinds(report)
    assert not [c for c in report.changes if c.level != INFO]


def test_one_of_branches_of_other_types_or_members_the_old_body_lacks_do_not_overlap(tmp_path: Path) -> None:
    # A string is never a Book; and no old request carries `isbn`, which the second branch requires.
    isbn = "Isbn: {type: object, properties: {isbn: {type: string}}, required: [isbn]}"
    for branch in ("{type: string}", "{$ref: '#/components/schemas/Isbn'}"):
        report = diff(
            tmp_path,
            body("{$ref: '#/components/schemas/Book'}", isbn),
            body(f"{{oneOf: [{{$ref: '#/components/schemas/Book'}}, {branch}]}}", isbn),
        )
        assert not [c for c in report.changes if c.level != INFO], branch


def test_an_added_branch_overlapping_an_old_one_is_breaking(tmp_path: Path) -> None:
    loose = "Loose: {type: object, properties: {title: {type: string}}}"
    report = diff(
        tmp_path,
        body("{oneOf: [{$ref: '#/components/schemas/Book'}, {type: string}]}", loose),
        body(
            "{oneOf: [{$ref: '#/components/schemas/Book'}, {type: string}, {$ref: '#/components/schemas/Loose'}]}",
            loose,
        ),
    )
    assert ("request-body-union-branches-overlap", BREAKING) in kinds(report)
    assert [c.message for c in report.changes if c.id.endswith("overlap")] == [
        "request body: oneOf branches `Book` and `Loose` overlap: an old request can match both, and oneOf then refuses it"
    ]


def test_a_branch_added_to_a_one_of_whose_branches_already_overlapped_is_not_judged(tmp_path: Path) -> None:
    # Cat and Dog are open objects alike: no old request told them apart, so which were valid (and
    # whether Fox takes one away) is beyond the judgement; the branch added is reported as info.
    animals = (
        "Cat: {type: object, properties: {name: {type: string}}}\n"
        "    Dog: {type: object, properties: {name: {type: string}}}\n"
        "    Fox: {type: object, properties: {name: {type: string}}}"
    )
    one_of = "{oneOf: [%s]}"
    cat, dog, fox = (f"{{$ref: '#/components/schemas/{name}'}}" for name in ("Cat", "Dog", "Fox"))
    report = diff(tmp_path, body(one_of % f"{cat}, {dog}", animals), body(one_of % f"{cat}, {dog}, {fox}", animals))
    assert kinds(report) == {("request-body-union-branch-added", INFO)}


# --- Path parameters by position -------------------------------------------------------------------

_BOOK = """
paths:
  /books/{{{name}}}:
    get:
      operationId: getBook
      parameters:
        - {{name: {name}, in: path, required: true, schema: {{type: string}}{deprecated}}}
        - {{name: fields, in: query, schema: {{type: string}}{deprecated}}}
      responses: {{'200': {{description: ok}}}}
"""


def test_a_renamed_path_parameter_is_no_wire_change(tmp_path: Path) -> None:
    report = diff(tmp_path, _BOOK.format(name="bookId", deprecated=""), _BOOK.format(name="id", deprecated=""))
    assert kinds(report) == {("parameter-renamed", INFO)}
    assert report.changes[0].message == "path parameter `bookId` renamed `id`: the request is the same"
    # The Python argument is renamed: that belongs to the Python section.
    assert [c.level for c in report.python_changes if "book_id" in c.message] and all(
        c.operation == "client.default.get_book" for c in report.python_changes
    )


def test_a_header_parameter_spelt_in_another_case_is_no_change(tmp_path: Path) -> None:
    header = "\npaths:\n  /books:\n    get:\n      parameters:\n        - {name: %s, in: header, schema: {type: string}}\n      responses: {'200': {description: ok}}\n"
    assert diff(tmp_path, header % "X-Trace-Id", header % "x-trace-id").changes == ()


def test_a_deprecated_parameter_is_reported(tmp_path: Path) -> None:
    flags = (_BOOK.format(name="id", deprecated=""), _BOOK.format(name="id", deprecated=", deprecated: true"))
    report = diff(tmp_path, *flags)
    assert kinds(report) == {("parameter-deprecated", INFO)}
    assert {c.message for c in report.changes} == {
        "path parameter `id` is now deprecated",
        "query parameter `fields` is now deprecated",
    }
    assert kinds(diff(tmp_path, *reversed(flags))) == {("parameter-reactivated", INFO)}


# --- Response headers ------------------------------------------------------------------------------

_HEADERS = """
paths:
  /books:
    get:
      operationId: listBooks
      responses:
        '200':
          description: ok
          headers: {headers}
"""


def headers(spec: str) -> str:
    return _HEADERS.format(headers=spec)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "{X-Rate-Limit: {required: true, schema: {type: integer}}}",
            "{}",
            ("response-header-removed", BREAKING, "200 response header `X-Rate-Limit` removed (was required)"),
        ),
        (
            "{X-Rate-Limit: {schema: {type: integer}}}",
            "{}",
            ("response-header-removed", MAYBE, "200 response header `X-Rate-Limit` removed (was optional)"),
        ),
        ("{}", "{X-Trace: {schema: {type: string}}}", ("response-header-added", INFO, "`X-Trace` added")),
        (
            "{X-Rate-Limit: {required: true, schema: {type: integer}}}",
            "{x-rate-limit: {schema: {type: integer}}}",  # header names ignore case
            ("response-header-became-optional", BREAKING, "`x-rate-limit` became optional"),
        ),
        (
            "{X-Rate-Limit: {schema: {type: integer}}}",
            "{X-Rate-Limit: {schema: {type: string}}}",
            ("response-header-type-changed", BREAKING, "type changed from `integer` to `string`"),
        ),
        (
            "{X-Rate-Limit: {schema: {type: integer}}}",
            "{X-Rate-Limit: {deprecated: true, schema: {type: integer}}}",
            ("response-header-deprecated", INFO, "`X-Rate-Limit` is now deprecated"),
        ),
    ],
)
def test_response_headers_are_compared(tmp_path: Path, old: str, new: str, expected: tuple[str, str, str]) -> None:
    report = diff(tmp_path, headers(old), headers(new))
    assert [(c.id, c.level) for c in report.changes] == [expected[:2]]
    assert expected[2] in report.changes[0].message
    assert report.changes[0].json_pointer.startswith("/paths/~1books/get/responses/200/headers/")


# --- dependentRequired -----------------------------------------------------------------------------

_DEPENDENT = """
paths:
  /books:
    post:
      operationId: addBook
      requestBody:
        content: {{application/json: {{schema: {{$ref: '#/components/schemas/Book'}}}}}}
      responses:
        '200':
          description: ok
          content: {{application/json: {{schema: {{$ref: '#/components/schemas/Book'}}}}}}
components:
  schemas:
    Book:
      type: object
      properties: {{title: {{type: string}}, series: {{type: string}}, volume: {{type: integer}}}}
      dependentRequired: {dependent}
"""


def test_dependent_required_is_compared(tmp_path: Path) -> None:
    loose, tight = _DEPENDENT.format(dependent="{}"), _DEPENDENT.format(dependent="{series: [volume]}")
    assert kinds(diff(tmp_path, loose, tight)) == {
        ("request-body-dependent-required-added", BREAKING),
        ("response-body-dependent-required-added", INFO),
    }
    report = diff(tmp_path, tight, loose)
    assert kinds(report) == {
        ("request-body-dependent-required-removed", INFO),
        ("response-body-dependent-required-removed", BREAKING),
    }
    assert {c.message for c in report.changes} == {
        "request body: dependentRequired: `series` no longer needs `volume`",
        "200 response body: dependentRequired: `series` no longer needs `volume`",
    }


# --- Security schemes nobody uses ------------------------------------------------------------------

_SCHEMES = """
paths:
  /books:
    get:
      operationId: listBooks
      security: [{{key: []}}]
      responses: {{'200': {{description: ok}}}}
components:
  securitySchemes:
    key: {{type: apiKey, in: header, name: X-Key}}
{more}"""


def test_an_unused_security_scheme_removed_is_not_breaking(tmp_path: Path) -> None:
    old = _SCHEMES.format(more="    legacy: {type: http, scheme: basic}\n")
    report = diff(tmp_path, old, _SCHEMES.format(more=""))
    assert [(c.id, c.level, c.message) for c in report.changes] == [
        ("security-scheme-removed", INFO, "security scheme `legacy` removed (no operation used it)")
    ]


def test_a_used_security_scheme_removed_is_breaking(tmp_path: Path) -> None:
    old = _SCHEMES.format(more="")
    new = old.replace("security: [{key: []}]", "security: [{bearer: []}]").replace(
        "key: {type: apiKey, in: header, name: X-Key}", "bearer: {type: http, scheme: bearer}"
    )
    report = diff(tmp_path, old, new)
    assert ("security-scheme-removed", BREAKING) in kinds(report)
    assert ("security-requirement-removed", BREAKING) in kinds(report)


# --- Duplicate operationIds ------------------------------------------------------------------------

_TWO = """
paths:
  /books:
    get:
      operationId: listBooks
      responses: {{'200': {{description: ok}}}}
  /authors:
    get:
      operationId: {second}
      responses: {{'200': {{description: ok}}{more}}}
"""


def test_duplicate_operation_ids_are_diffed_and_the_python_part_left_out_with_why(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new = _TWO.format(second="listBooks", more=", '404': {description: none}")
    report = diff(tmp_path, _TWO.format(second="listAuthors", more=""), new)
    assert kinds(report) == {("operation-id-changed", MAYBE), ("response-non-success-status-added", INFO)}
    assert report.python_changes == ()
    assert report.python_left_out.startswith("no package can be generated from `new-2024-02-01.yaml` (")
    assert "new-2024-02-01.yaml:" in report.python_left_out  # the line of the second operationId
    assert "/paths/~1authors/get/operationId" in report.python_left_out
    assert "duplicate operationId 'listBooks'" in report.python_left_out
    assert "Left out: " + report.python_left_out in render_markdown(report)
    assert json.loads(render_json(report))["python_left_out"] == report.python_left_out
    # The command reads it (exit 0 or 1, never 2 for bad input).
    assert diff_main([str(tmp_path / "old-2024-01-01.yaml"), str(tmp_path / "new-2024-02-01.yaml")]) == 0
    assert "duplicate operationId" in capsys.readouterr().out


# --- Changed texts ---------------------------------------------------------------------------------

_DESCRIBED = """
paths:
  /products:
    get:
      operationId: listProducts
      parameters:
        - name: categories
          in: query
          description: {text}
          schema: {{type: string}}
      responses: {{'200': {{description: ok}}}}
"""
_LONG = (
    "Filter by product categories. To specify multiple categories repeat the param, for example "
    "categories=a&categories=b. The full list is at https://docs.example.com/{date}/categories and changes often."
)


def test_a_changed_text_shows_the_words_that_differ_and_the_json_has_both(tmp_path: Path) -> None:
    before, after = _LONG.format(date="2023-07-27"), _LONG.format(date="2024-02-05")
    report = diff(tmp_path, _DESCRIBED.format(text=json.dumps(before)), _DESCRIBED.format(text=json.dumps(after)))
    [change] = report.changes
    assert change.id == "parameter-description-changed" and change.level == INFO
    assert "is at https://docs.example.com/[-2023-07-27-]{+2024-02-05+}/categories and changes" in change.message
    assert change.message.count("Filter by product categories") == 0  # the common start is elided
    assert (change.old, change.new) == (before, after)
    [entry] = json.loads(render_json(report))["changes"]
    assert (entry["old"], entry["new"]) == (before, after)


# --- The level table -------------------------------------------------------------------------------


def test_readme_level_table_is_the_rule_table() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start, end = "<!-- diff-levels:start -->\n", "<!-- diff-levels:end -->"
    assert start in readme and end in readme, "README.md lacks the diff level table's markers"
    shown = readme[readme.index(start) + len(start) : readme.index(end)]
    assert shown == rules_table(), "run `python -m generator.diff.rules` and paste its table into README.md"


# A small spec holding every part a rule is about; each example edits one fact of it.
_BASE = _HEAD + """servers: [{url: 'https://shop.example.com', description: Production}]
paths:
  /items/{itemId}:
    post:
      operationId: putItem
      security: [{oauth: [read]}]
      parameters:
        - {name: itemId, in: path, required: true, schema: {type: string}}
        - {name: q, in: query, schema: {type: string}}
      requestBody:
        content:
          application/json: {schema: {$ref: '#/components/schemas/Item'}}
      responses:
        '200':
          description: ok
          headers:
            X-Rate: {schema: {type: integer}}
          content:
            application/json: {schema: {$ref: '#/components/schemas/Item'}}
        '400':
          description: bad
          content:
            application/json: {schema: {type: object}}
webhooks:
  itemChanged:
    post:
      requestBody:
        content:
          application/json: {schema: {$ref: '#/components/schemas/Item'}}
      responses: {'200': {description: ok}}
components:
  securitySchemes:
    oauth: {type: oauth2, flows: {clientCredentials: {tokenUrl: /token, scopes: {read: r, write: w}}}}
    spare: {type: http, scheme: basic}
  schemas:
    Item:
      type: object
      properties:
        name: {type: string}
        size: {type: number}
        shape:
          oneOf:
            - {type: object, properties: {kind: {const: round}}, required: [kind]}
            - {type: object, properties: {kind: {const: square}}, required: [kind]}
          discriminator: {propertyName: kind}
"""
_NO_BODY = (
    "      requestBody:\n        content:\n          application/json: {schema: {$ref: '#/components/schemas/Item'}}\n      responses:",
    "      responses:",
)
_REQUIRED_BODY = (
    "      requestBody:\n        content:",
    "      requestBody:\n        required: true\n        content:",
)
# (before, after) spellings in _BASE; applied forwards and backwards, each gives the rows of its change.
_EDITS = [
    ("operationId: putItem", "operationId: putItem\n      deprecated: true"),
    ("{name: q, in: query, schema: {type: string}}", "{name: q, in: query, required: true, schema: {type: string}}"),
    ("{name: q, in: query, schema: {type: string}}", "{name: q, in: query, deprecated: true, schema: {type: string}}"),
    ("itemId", "id"),
    ("title: Shop", "title: Market"),
    ("https://shop.example.com", "https://eu.shop.example.com"),
    ("operationId: putItem", "operationId: putItem\n      tags: [items]"),
    ("spare: {type: http, scheme: basic}", "spare: {type: apiKey, in: header, name: X-Spare}"),
    ("        size: {type: number}", "        Size: {type: number}"),
    (
        "{name: q, in: query, schema: {type: string}}",
        "{name: q, in: query, style: spaceDelimited, schema: {type: string}}",
    ),
    ("{name: q, in: query, schema: {type: string}}", "{name: q, in: query, explode: false, schema: {type: array}}"),
    ("    spare: {type: http, scheme: basic}\n", ""),
    _NO_BODY,
    _REQUIRED_BODY,
    (
        "          application/json: {schema: {$ref: '#/components/schemas/Item'}}\n      responses:\n        '200'",
        "          application/xml: {schema: {$ref: '#/components/schemas/Item'}}\n      responses:\n        '200'",
    ),
    (
        "            application/json: {schema: {$ref: '#/components/schemas/Item'}}\n        '400'",
        "            text/plain: {schema: {$ref: '#/components/schemas/Item'}}\n        '400'",
    ),
    ("            application/json: {schema: {type: object}}", "            text/plain: {schema: {type: object}}"),
    ("X-Rate: {schema: {type: integer}}", "X-Rate: {required: true, schema: {type: integer}}"),
    ("X-Rate: {schema: {type: integer}}", "X-Other: {schema: {type: integer}}"),
    (
        "X-Rate: {schema: {type: integer}}",
        "X-Rate: {deprecated: true, description: calls left, schema: {type: integer}}",
    ),
    (
        "          application/json: {schema: {$ref: '#/components/schemas/Item'}}\n      responses: {'200'",
        "          text/plain: {schema: {$ref: '#/components/schemas/Item'}}\n      responses: {'200'",
    ),
    ("security: [{oauth: [read]}]", "security: [{oauth: [read, write]}]"),
    ("security: [{oauth: [read]}]", "security: [{oauth: [read, write]}, {spare: []}, {}]"),
    ("security: [{oauth: [read]}]", "security: [{spare: []}]"),
    ("        size: {type: number}", "        size: {type: integer}"),
    ("        size: {type: number}", "        size: {type: number, deprecated: true}"),
    ("    Item:\n      type: object\n", "    Item:\n      type: object\n      dependentRequired: {size: [name]}\n"),
    ("discriminator: {propertyName: kind}", "discriminator: {propertyName: shape}"),
    ("          discriminator: {propertyName: kind}\n", ""),
    (
        "            - {type: object, properties: {kind: {const: round}}, required: [kind]}\n",
        "            - {type: object, properties: {kind: {const: round}}, required: [kind]}\n            - {type: object}\n",
    ),
]


_TWO_OF_EACH = "    keyA: {type: %s}\n    keyB: {type: apiKey, in: header, name: X-B}\n    spare2: {type: %s}\n"
# Changes that need two edits at once: (the edits of the old side, the edits of the new side).
_BOTH_EDITS = [
    # A required body added (a body removed, then put back as required).
    ([_NO_BODY], [_REQUIRED_BODY]),
    # Two credentials of each kind are named after their schemes: two swap kinds, their arguments stay.
    (
        [
            (
                "    spare: {type: http, scheme: basic}\n",
                "    spare: {type: http, scheme: basic}\n"
                + _TWO_OF_EACH % ("apiKey, in: header, name: X-A", "http, scheme: basic"),
            )
        ],
        [
            (
                "    spare: {type: http, scheme: basic}\n",
                "    spare: {type: apiKey, in: header, name: X-S}\n"
                + _TWO_OF_EACH % ("http, scheme: basic", "apiKey, in: header, name: X-A"),
            )
        ],
    ),
    # A scheme an operation used, removed with its use.
    ([], [("      security: [{oauth: [read]}]\n", ""), ("    oauth: {type: oauth2", "    other: {type: oauth2")]),
    # A value added to an open enum (x-extensible-enum): clients read unknown values already.
    (
        [
            (
                "        size: {type: number}\n",
                "        size: {type: number}\n        tone: {type: string, x-extensible-enum: [red]}\n",
            )
        ],
        [
            (
                "        size: {type: number}\n",
                "        size: {type: number}\n        tone: {type: string, x-extensible-enum: [red, blue]}\n",
            )
        ],
    ),
]


def _edited(text: str, edits: list[tuple[str, str]]) -> str:
    for before, after in edits:
        assert before in text, before
        text = text.replace(before, after)
    return text


def _examples() -> list[tuple[str, str]]:
    pairs = [(_BASE, _edited(_BASE, [edit])) for edit in _EDITS]
    pairs += [(new, old) for old, new in pairs]
    pairs += [(_edited(_BASE, old), _edited(_BASE, new)) for old, new in _BOTH_EDITS]
    pairs += [(_HEAD + headers("{X-Rate-Limit: {required: true, schema: {type: integer}}}"), _HEAD + headers("{}"))]
    return pairs


def _row(change_id: str, direction: str, level: str) -> tuple[str, str, str]:
    """The row a change was read from: its kind (`*-` for a schema change at a place), direction and level
    (rows of one kind and direction differ in level, so the level tells which)."""
    kind = change_id
    if not any(rule.kind == change_id for rule in RULES):
        for place in _PLACES:
            if change_id.startswith(place + "-"):
                kind = "*-" + change_id.removeprefix(place + "-")
                break
    [rule] = [
        r for r in RULES if r.kind == kind and r.direction in (direction, "request/response") and r.level == level
    ]
    return (rule.kind, rule.direction, rule.when)


_PLACES = (
    "request-body",
    "request-property",
    "response-body",
    "response-property",
    "response-header",
    "webhook-body",
    "webhook-property",
    "parameter",
)


@pytest.mark.slow  # reads Runa's specs and the fixtures: ~2 s
def test_every_row_of_the_table_is_reported_by_some_change(tmp_path: Path) -> None:
    reports = [
        diff_specs(*runa_specs()[:2]),
        diff_specs(
            runa_specs()[-1],
            FIXTURES / "diff" / "runa-synthetic-next.yaml",
            options_file=SPECS / "options" / "generator.yaml",
        ),
        diff_specs(FIXTURES / "diff" / "tree-old.yaml", FIXTURES / "diff" / "tree-new.yaml"),
    ]
    for index, (old, new) in enumerate(_examples()):
        folder = tmp_path / str(index)
        folder.mkdir()
        reports.append(diff_documents(folder, old, new))
    seen = {_row(c.id, c.direction, c.level) for report in reports for c in report.changes + report.python_changes}
    missing = [rule for rule in RULES if (rule.kind, rule.direction, rule.when) not in seen]
    assert not missing, "\n".join(f"{r.kind} {r.direction} {r.when}" for r in missing)


def test_rows_of_one_kind_differ_in_level_and_lookups_of_no_row_fail() -> None:
    keys = [(rule.kind, rule.direction, rule.level) for rule in RULES]
    assert len(keys) == len(set(keys))
    assert all(
        rule.when for rule in RULES if sum(1 for r in RULES if (r.kind, r.direction) == (rule.kind, rule.direction)) > 1
    )
    assert level_of("*-type-changed", "request", "wider") == INFO
    with pytest.raises(KeyError, match="add a row to RULES"):
        level_of("*-teleported", "request")


@pytest.mark.parametrize(
    ("before", "after", "shown"),
    [
        ("The number (1-100) of orders", "The number (1-500) of orders", "'The number (1-[-100-]{+500+}) of orders'"),
        ("orders.", "orders", "'orders[-.-]'"),
        ("a cat sat", "a dog sat", "'a [-cat-] {+dog+} sat'"),
        ("one two three", "one two three four", "'one two three {+four+}'"),
        ("  spaced   out ", "spaced out", "whitespace only"),
        (
            " ".join(f"w{n}" for n in range(30)),
            " ".join(f"w{n}" for n in range(30)).replace("w15", "x15"),
            "'… w11 w12 w13 w14 [-w15-] {+x15+} w16 w17 w18 w19 …'",
        ),
    ],
)
def test_word_diff_marks_the_changed_span_with_a_few_words_around(before: str, after: str, shown: str) -> None:
    assert word_diff(before, after) == shown


def test_a_changed_parameter_serialization_is_breaking_for_arrays(tmp_path: Path) -> None:
    tags = "\npaths:\n  /books:\n    get:\n      parameters:\n        - {name: tags, in: query, %s schema: {type: array, items: {type: string}}}\n      responses: {'200': {description: ok}}\n"
    report = diff(tmp_path, tags % "", tags % "explode: false,")
    assert [(c.id, c.level, c.message) for c in report.changes] == [
        (
            "parameter-serialization-changed",
            BREAKING,
            "query parameter `tags`: serialization changed from style=form, explode=true to style=form, explode=false",
        )
    ]


# --- Keywords beyond the view: subschemas compared, the rest as written -------------------------------


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("{type: array}", "{type: array, contains: {type: string}}", ("constraint-tightened", "`contains` added")),
        (
            "{type: array, contains: {type: string, minLength: 1}}",
            "{type: array, contains: {type: string, minLength: 3}}",
            ("constraint-tightened", "`tags.<contains>`: minLength changed from 1 to 3"),
        ),
        (
            "{type: array, prefixItems: [{type: string}]}",
            "{type: array, prefixItems: [{type: integer}]}",
            ("type-changed", "`tags.<prefixItems 0>`: type changed from `string` to `integer`"),
        ),
        ("{type: array, minContains: 1}", "{type: array, minContains: 2}", ("constraint-tightened", "minContains")),
        ("{type: array, items: {type: string}}", "{type: array}", ("constraint-loosened", "items schema removed")),
        ("{not: {type: string}}", "{not: {type: integer}}", ("constraint-changed", "`not` changed")),
    ],
)
def test_keywords_the_view_does_not_read_are_compared(
    tmp_path: Path, old: str, new: str, expected: tuple[str, str]
) -> None:
    template = _DEPENDENT.replace(
        "properties: {{title: {{type: string}}, series: {{type: string}}, volume: {{type: integer}}}}",
        "properties: {{tags: {tags}}}",
    ).replace("      dependentRequired: {dependent}\n", "")
    report = diff(tmp_path, template.format(tags=old), template.format(tags=new))
    request = [c for c in report.changes if c.direction == "request"]
    assert [c.id for c in request] == [f"request-property-{expected[0]}"], report.changes
    assert expected[1] in request[0].message
