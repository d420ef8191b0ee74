"""The generator emits black's layout, so black's first pass changes nothing and it skips its second
(format.py). black's output is the output either way (tests/corpus: black leaves every generated
file unchanged); these tests keep the speed that comes from emitting its layout."""

from __future__ import annotations

import black
import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator import format as fmt
from generator import layout, pipeline
from generator.pipeline import Request
from generator.pysource import string_literal
from generator.render import RUNTIME_FILES

from .support import runa_specs

MODE = black.Mode(line_length=fmt.LINE_LENGTH, target_versions={black.mode.TargetVersion.PY311})
# Text with quotes, backslashes and escapes: where black's choice of quotes is decided.
QUOTEY = st.text(alphabet=st.sampled_from(["'", '"', "\\", "a", " ", "\n", "\t", "\x00", "é"]), max_size=12)


@given(st.text(max_size=30) | QUOTEY)
def test_a_string_literal_is_exactly_its_text(text: str) -> None:
    assert eval(string_literal(text)) == text  # noqa: S307 - a literal we made


@given(st.text(max_size=30) | QUOTEY)
def test_a_string_literal_is_in_the_quotes_black_chooses(text: str) -> None:
    line = f"x = {string_literal(text)}\n"
    assert black.format_str(line, mode=MODE) == line


def test_the_repr_of_a_plain_string_is_not_what_black_writes() -> None:
    """The test above can fail: black rewrites repr's single quotes."""
    assert black.format_str("x = 'a'\n", mode=MODE) != "x = 'a'\n"
    assert string_literal("a") == '"a"'


@pytest.fixture(scope="module")
def rendered() -> dict[str, str]:
    """The Python files of the newest Runa package, before black (the static runtime is stored formatted)."""
    captured: dict[str, str] = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pipeline, "format_files", lambda files, **_: captured.update(files) or files)
        pipeline.generate(Request(spec=runa_specs()[-1]))
    return {path: text for path, text in captured.items() if path.endswith(".py") and path not in RUNTIME_FILES}


def _changed_pieces(text: str) -> tuple[list[str], list[str]]:
    """The pieces format.py cuts `text` into (one class or function each), and those black changes."""
    pieces = [piece.text for piece in fmt._pieces(text)]
    return pieces, [piece for piece in pieces if black.format_str(piece, mode=MODE) != piece]


@pytest.mark.parametrize("path", ["_client.py", "__init__.py", "testing.py", "webhooks.py"])
def test_black_changes_no_piece_of_the_client(rendered: dict[str, str], path: str) -> None:
    pieces, changed = _changed_pieces(rendered[path])
    assert pieces
    assert changed == []


def test_black_changes_few_pieces_of_the_models(rendered: dict[str, str]) -> None:
    """Only classes with a line black has to split (a long annotation, a long union) change."""
    pieces, changed = _changed_pieces(rendered["models.py"])
    assert len(pieces) > 20
    assert len(changed) * 3 <= len(pieces), changed[:3]


LONG = "a value long enough to push any line it is on past black's limit of one hundred columns"
VALUES = [
    {"id": "O-1", "status": "PROCESSING", "items": [{"face_value": "10.00", "currency": "USD"}] * 3},
    [LONG],
    [LONG, LONG],
    {"short": [1, 2], "nested": {"deeper": {"deepest": [LONG, {"k": None, "b": True, "f": 1.5}]}}},
    {"empty": {}, "none": [], "text": LONG},
]


@pytest.mark.parametrize("value", VALUES, ids=range(len(VALUES)))
@pytest.mark.parametrize("shape", ["display", "one-tuple", "tuple", "call", "keyed"])
def test_laid_out_values_are_what_black_makes_of_them(value: object, shape: str) -> None:
    item = layout.of_value(value)
    laid = {
        "display": lambda: layout.laid_out(item, 4, "x = "),
        "one-tuple": lambda: layout.laid_out(layout.of_tuple([item]), 4, "x = "),
        "tuple": lambda: layout.laid_out(layout.of_tuple([item, item]), 4, "x = "),
        "call": lambda: layout.laid_out(layout.of_call("f", ['"first"', item, "flag=True"]), 4, "x = "),
        "keyed": lambda: "    x = {\n" + layout.laid_out(layout.Keyed('"key"', item), 8, tail=",") + "\n    }",
    }[shape]()
    text = f"def f():\n{laid}\n"
    assert black.format_str(text, mode=MODE) == text


def test_a_laid_out_def_is_what_black_makes_of_it() -> None:
    short = layout.laid_out(layout.of_def("parse", ["payload: bytes"], "int"), 0) + "\n    return 1\n"
    long = layout.laid_out(layout.of_def("parse_" + "x" * 80, ["payload: bytes | str"], "models.Thing"), 0)
    for text in (short, long + "\n    return 1\n"):
        assert black.format_str(text, mode=MODE) == text
    assert "\n" in long


MEMBERS = ", ".join(f'"member_number_{n}"' for n in range(12))
ANNOTATIONS = [
    f"Literal[{MEMBERS}]",
    'Annotated[Union[Annotated[FirstVariantOfAVeryLongName, Tag("FirstVariantOfAVeryLongName")], '
    'Annotated[SecondVariantOfAVeryLongName, Tag("SecondVariantOfAVeryLongName")]], '
    'discriminator("kind", {"first": "FirstVariantOfAVeryLongName", "second": "SecondVariantOfAVeryLongName"})]',
    "list[dict[str, AnArrayWithACircularRefInItemsObjectAdditionalPropertiesA]]",
    'Annotated[str, Pattern("(?a)^[A-Z]{3}\\\\Z")]',
    "int",
]


@pytest.mark.parametrize("text", ANNOTATIONS, ids=range(len(ANNOTATIONS)))
@pytest.mark.parametrize("head", ["    field: ", "AliasOfSomethingWithAQuiteLongName: TypeAlias = "])
def test_laid_out_annotations_are_what_black_makes_of_them(text: str, head: str) -> None:
    indent = len(head) - len(head.lstrip())
    laid = layout.laid_out(layout.of_expression(text), indent, head.lstrip())
    source = ("class A:\n" if indent else "") + laid + "\n"
    assert black.format_str(source, mode=MODE) == source
    assert layout.of_expression(text) == text or "\n" in laid or len(laid) <= fmt.LINE_LENGTH


@pytest.mark.parametrize("text", ["a | b", "f(x=1)", "not valid python (", 'x["a, b"]'])
def test_an_expression_it_does_not_split_stays_whole(text: str) -> None:
    assert layout.laid_out(layout.of_expression(text), 0) == text
