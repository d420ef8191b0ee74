"""Following an operation's cursor from page to page, for both clients' `paginate`.

Apart from `_base_client` because it is bookkeeping on parsed pages only: it never sends or
parses, and a cursor given twice (a cycle) is an error rather than a silent stop or a loop.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from . import errors
from ._wire import text as _text

if TYPE_CHECKING:
    from ._types import Endpoint, RequestOptions

_EMPTY: Mapping[str, Any] = {}


class _Pages:
    """Cursor bookkeeping of `paginate` for both clients: never asks for the same cursor twice (a
    cursor given again raises `errors.PaginationError`)."""

    def __init__(self, endpoint: Endpoint, options: RequestOptions) -> None:
        if endpoint.pagination is None:
            raise ValueError(f"{endpoint.operation_id} is not paginated")
        self._pagination = endpoint.pagination
        self._operation = endpoint.operation_id
        self._options = options
        self._query = dict(options.get("query", _EMPTY))
        first = self._query.get(self._pagination.cursor_param)
        self._seen = {_text(first)} if first is not None else set()
        self._done = False
        self._cycle: errors.PaginationError | None = None

    def next_options(self) -> RequestOptions | None:
        """Options of the next page's request, or None when there is no next page; raises the
        `PaginationError` of a cycle once the items of the page that closed it are given."""
        if self._cycle is not None:
            raise self._cycle
        if self._done:
            return None
        return {**self._options, "query": dict(self._query)}

    def items(self, page: Any) -> list[Any]:
        """The items of `page`; remembers its cursor for the next request."""
        items = list(_attribute(page, self._pagination.items_attr) or ())
        cursor = page
        for name in self._pagination.cursor_path:
            cursor = _attribute(cursor, name)
        if not items or cursor is None or cursor == "":
            self._done = True
        elif _text(cursor) in self._seen:
            # Stopping would cut the list short without a word, going on would repeat it forever.
            asked = self._query.get(self._pagination.cursor_param)
            where = "the first page" if asked is None else f"the page after cursor {_text(asked)!r}"
            self._cycle = errors.PaginationError(
                f"{self._operation}: {where} gives the cursor {_text(cursor)!r} again (already"
                " followed): a cycle, the list would repeat or end early",
                operation=self._operation,
                cursor=_text(cursor),
            )
        else:
            self._seen.add(_text(cursor))
            self._query[self._pagination.cursor_param] = cursor
        return items


def _attribute(value: Any, name: str) -> Any:
    return value.get(name) if isinstance(value, Mapping) else getattr(value, name, None)
