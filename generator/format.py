"""Stage 6, format: black, with the project's pinned version (byte-reproducible output).

Python files, and the ```python blocks of Markdown files (the README's examples), go through
black. Four things make it fast without changing a byte of the result:

- One pass instead of two. `black.format_str` formats a text a second time whenever its first
  pass changed it. The templates and `pysource` emit black's own layout (its quotes, its
  one-item tuples, a magic trailing comma's one item a line: `templates/macros/layout.j2`; long
  literals, calls and signatures split where black splits them: `layout.py`), so most pieces
  come out of the first pass unchanged; only those black had to change (a line too
  long, which black splits) take the second. black still formats everything: its output is the
  output, whatever the templates emit.

- Pieces. A large file is cut, at blank lines before a `class`, `def` or decorator at the top
  level or in a class body, into pieces of about `PIECE_SIZE` characters, and each piece is
  formatted alone (a piece that starts in a class body gets a stand-in `class _:` header, removed
  afterwards). black lays out such a statement from its own text, and always puts two blank lines
  before one at the top level and one in a body when the line above is neither a comment nor a
  decorator (the only cuts made), so the pieces joined give exactly black's output for the whole
  file. A piece that does not parse alone (a cut inside a string) sends the file to black whole;
  text black treats specially as a whole (`fmt:`/`yapf:` directives, `\\r`, `\\f`) is never cut.
  `tests/test_format.py` compares both ways on generated packages and on arbitrary Python.
- A cache (`cache.py`) of formatted pieces keyed by sha256 of (black version, options, text):
  regenerating after a spec change formats only the pieces that changed.
- Two processes when much is left to format: a worker (black only) and this one, each with
  half of the text. Meanwhile the garbage collector leaves the spec and IR alone (`gc.freeze`):
  black's syntax trees are cyclic, and collections over the whole heap took half of its time.
"""

from __future__ import annotations

import functools
import gc
import re
from collections.abc import Callable, Collection
from typing import NamedTuple

from .cache import DiskCache, key_of
from .diagnostics import GeneratorError
from .worker import FORK, Worker

LINE_LENGTH = 100
_TARGET_VERSION = "PY311"
PIECE_SIZE = 1_000
"""Characters per piece: about one class or function. black formats a piece a second time only
when its first pass changed it; the templates emit black's layout, so most pieces take one pass
and only those that did not (a long line black had to split) take two (Runa: 1.26 s of black's
CPU with 20 KB pieces, 0.85 s with these). Each call of black costs a little (~0.3 ms)."""
PARALLEL_THRESHOLD = 40_000 if FORK else 150_000
"""Characters left to format above which a worker process is worth its start-up: a few
milliseconds for a fork, ~0.15 s for a new interpreter that imports black (worker.py)."""

_PYTHON_BLOCK = re.compile(r"^```python\n(.*?)^```$", re.MULTILINE | re.DOTALL)
# A blank line, then a `class`/`def`/decorator at the top level or (group 1) one level in.
_CUT = re.compile(r"\n[ \t]*\n(?=(    )?(?:class |def |async def |@))")
_NEVER_CUT = re.compile(r"fmt:|yapf:|[\r\f]")
_CLASS_HEADER = "class _:\n"


def format_files(files: dict[str, str], verbatim: Collection[str] = ()) -> dict[str, str]:
    """Format every `.py` file and the Python blocks of `.md` files; other files pass through.

    `verbatim` files are stored already formatted (the static runtime: `tests/test_runtime_templates.py`
    proves black leaves them unchanged), so they pass through too: a third of the text of a small
    spec's package that black would otherwise read on every cold run. A syntax error here is a
    generator bug.
    """
    plans: dict[str, list[_Piece]] = {}
    for path, text in files.items():
        if path in verbatim:
            continue
        if path.endswith(".py"):
            plans[path] = _pieces(text)
        elif path.endswith(".md"):
            plans[path] = [_Piece(block.group(1), "", False) for block in _PYTHON_BLOCK.finditer(text)]
    formatted = _Formatted(DiskCache.open("black"))
    formatted.prepare({piece.text for pieces in plans.values() for piece in pieces})
    result: dict[str, str] = {}
    for path, text in files.items():
        if path in verbatim:
            result[path] = text
        elif path.endswith(".py"):
            joined = _join(plans.pop(path), formatted)
            result[path] = joined if joined is not None else _format_whole(text, path)
        elif path.endswith(".md"):
            blocks = iter(plans.pop(path))
            # The lambda runs inside this iteration (re.sub is eager), so binding the loop variables is safe.
            result[path] = _PYTHON_BLOCK.sub(
                lambda _: f"```python\n{_checked(formatted[next(blocks).text], path)}```", text  # noqa: B023
            )
        else:
            result[path] = text
    return result


class _Piece(NamedTuple):
    text: str
    """What black formats; a piece cut in a class body starts with `_CLASS_HEADER`."""
    separator: str
    """What goes between the formatted previous piece and this one."""
    in_class: bool


class _Failure(str):
    """What black said about a text it could not parse."""


def _pieces(text: str) -> list[_Piece]:
    """`text` cut into pieces of about PIECE_SIZE characters (see the module docstring)."""
    if len(text) <= PIECE_SIZE or _NEVER_CUT.search(text):
        return [_Piece(text, "", False)]
    pieces: list[_Piece] = []
    start, separator, in_class = 0, "", False
    for cut in _CUT.finditer(text, PIECE_SIZE):
        if cut.start() - start < PIECE_SIZE:
            continue
        head = text[start : cut.start()]
        # black ties a comment or a decorator to the statement below it: no cut there.
        if head.rstrip().rsplit("\n", 1)[-1].lstrip().startswith(("#", "@")):
            continue
        # black drops trailing blank lines anyway; ending exactly as black does lets a piece that
        # is already formatted be recognised as such after one pass (`black.format_str`).
        pieces.append(_Piece((_CLASS_HEADER if in_class else "") + head.rstrip(" \t\n") + "\n", separator, in_class))
        nested = cut.group(1) is not None
        start, separator, in_class = cut.end(), "\n" if nested else "\n\n", nested
    pieces.append(_Piece((_CLASS_HEADER if in_class else "") + text[start:], separator, in_class))
    return pieces


def _join(pieces: list[_Piece], formatted: _Formatted) -> str | None:
    """The formatted pieces put back together; None if one did not parse alone."""
    parts: list[str] = []
    for piece in pieces:
        text = formatted[piece.text]
        if isinstance(text, _Failure):
            return None
        if piece.in_class:
            if not text.startswith(_CLASS_HEADER):
                return None
            text = text[len(_CLASS_HEADER) :]
        parts += (piece.separator, text)
    return "".join(parts)


def format_python(text: str) -> str:
    """black's output for one Python text, with the generator's settings (no cache, no pieces)."""
    return _checked(_black_here([text])[0], "<text>")


def _checked(text: str, path: str) -> str:
    if isinstance(text, _Failure):
        raise GeneratorError(
            f"internal error: generated {path} is not valid Python ({text}); please report this with the spec"
        )
    return text


def _format_whole(text: str, path: str) -> str:
    return _checked(_black_here([text])[0], path)


class _Formatted:
    """black's output for each text (or a `_Failure`): what is not in the cache is formatted all
    at once by `prepare` (so it can be shared between processes); what is in the cache is read
    when asked for, so the formatted text of only one file at a time is held twice."""

    def __init__(self, cache: DiskCache | None) -> None:
        self.cache = cache
        self.computed: dict[str, str] = {}

    def prepare(self, texts: set[str]) -> None:
        cache = self.cache
        missing = [text for text in texts if cache is None or not cache.has(key_of(_black_settings(), text))]
        if not missing:
            return
        missing.sort(key=len, reverse=True)  # largest first, so both processes finish together
        parallel = sum(map(len, missing)) >= PARALLEL_THRESHOLD
        for text, result in zip(missing, _black_parallel(missing) if parallel else _black_here(missing)):
            self.computed[text] = result
            if cache is not None and not isinstance(result, _Failure):
                cache.put(key_of(_black_settings(), text), result.encode("utf-8", "surrogatepass"))

    def __getitem__(self, text: str) -> str:
        if text in self.computed:
            return self.computed[text]
        hit = self.cache.get(key_of(_black_settings(), text)) if self.cache is not None else None
        if hit is not None:
            return hit.decode("utf-8", "surrogatepass")  # checked: exactly what `put` wrote
        self.computed[text] = _black_here([text])[0]  # the entry went bad since `prepare`
        return self.computed[text]


# --- black ----------------------------------------------------------------------------------------


@functools.cache
def _black_settings() -> str:
    """Everything black's output depends on besides the text; part of every cache key (asked only
    when there is a cache: importing importlib.metadata costs ~20 ms of a cold run)."""
    try:
        from _black_version import version  # type: ignore[import-untyped]  # black's record of its version
    except ImportError:
        from importlib.metadata import version as installed

        version = installed("black")
    return f"black {version}, line length {LINE_LENGTH}, target {_TARGET_VERSION}, pieces v1"


def _formatter() -> Callable[[str], str]:
    import black  # here: a run that finds everything in the cache never imports black (~0.1 s)

    mode = black.Mode(line_length=LINE_LENGTH, target_versions={black.mode.TargetVersion[_TARGET_VERSION]})

    def format_one(text: str) -> str:
        try:
            return black.format_str(text, mode=mode)
        except black.parsing.InvalidInput as exc:
            return _Failure(str(exc))

    return format_one


def _black_here(texts: list[str]) -> list[str]:
    """black on each text in this process."""
    format_one = _formatter()
    gc.freeze()
    try:
        return [format_one(text) for text in texts]
    finally:
        gc.unfreeze()


def _black_parallel(texts: list[str]) -> list[str]:
    """black on each text, shared between this process and a worker process (`worker.py`).

    The texts (largest first) go to whichever side has less text so far; whatever the worker
    does not answer is done here.
    """
    shares: tuple[list[int], list[int]] = ([], [])
    sizes = [0, 0]
    for index, text in enumerate(texts):
        side = 0 if sizes[0] <= sizes[1] else 1
        shares[side].append(index)
        sizes[side] += len(text)
    here, there = shares
    _formatter()  # black imported before the worker starts: a forked worker has it already
    worker = Worker.start(_black_replies, [texts[index] for index in there])
    if worker is None:
        here = list(range(len(texts)))
    results: list[str | None] = [None] * len(texts)
    try:
        for index, result in zip(here, _black_here([texts[index] for index in here])):
            results[index] = result
    except BaseException:
        if worker is not None:
            worker.stop()
        raise
    replies = worker.result() if worker is not None else None
    for index, (failed, text) in zip(there, replies or []):
        results[index] = _Failure(text) if failed else text
    missing = [index for index, result in enumerate(results) if result is None]
    for index, result in zip(missing, _black_here([texts[index] for index in missing])):
        results[index] = result
    return [result for result in results if result is not None]


def _black_replies(texts: list[str]) -> list[tuple[bool, str]]:
    """The worker's job: (failed, black's output or what it said) for each text."""
    return [(isinstance(result, _Failure), str(result)) for result in _black_here(texts)]
