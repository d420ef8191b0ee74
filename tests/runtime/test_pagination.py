"""`paginate`: items across pages, stopping on an empty page or a missing cursor, raising on a repeated one."""

from __future__ import annotations

import pytest

from .conftest import json_response

pytestmark = pytest.mark.filterwarnings("error")


def page(codes, after):
    return json_response(
        200,
        {
            "data": [{"code": c, "name": c.upper()} for c in codes],
            "pagination": {"cursors": {"before": None, "after": after}},
        },
    )


def test_follows_cursors_until_an_empty_page(make_client, pkg):
    client, script = make_client(page(["a", "b"], "c1"), page(["c"], "c2"), page([], "c3"))
    items = list(client.products.iter_get_products(is_orderable=True, limit=2))
    assert [item.code for item in items] == ["a", "b", "c"]
    assert all(isinstance(item, pkg.models.Product) for item in items)
    assert [r.url.params.get("after") for r in script.requests] == [None, "c1", "c2"]
    assert all(r.url.params["is_orderable"] == "true" and r.url.params["limit"] == "2" for r in script.requests)


def test_a_repeated_cursor_raises_naming_the_operation_and_the_cursor(make_client, pkg):
    """Issue 23: a cycle is neither followed forever nor a silent end of the list."""
    client, script = make_client(page(["a"], "c1"), page(["b"], "c1"), page(["never"], "c9"))
    iterator = client.products.iter_get_products()
    assert [next(iterator).code, next(iterator).code] == ["a", "b"]  # the items received are all given
    with pytest.raises(pkg.errors.PaginationError) as caught:
        next(iterator)
    assert caught.value.operation == "getProducts" and caught.value.cursor == "c1"
    assert "getProducts" in str(caught.value) and "'c1'" in str(caught.value)
    assert isinstance(caught.value, pkg.errors.ClientError) and len(script.requests) == 2


def test_a_cycle_through_several_cursors_raises(make_client, pkg):
    client, script = make_client(page(["a"], "c1"), page(["b"], "c2"), page(["c"], "c1"), page(["never"], "c9"))
    with pytest.raises(pkg.errors.PaginationError, match="'c1'"):
        list(client.products.iter_get_products())
    assert [r.url.params.get("after") for r in script.requests] == [None, "c1", "c2"]


def test_the_callers_own_cursor_coming_back_raises(make_client, pkg):
    client, script = make_client(page(["a"], "start"), page(["never"], "c9"))
    with pytest.raises(pkg.errors.PaginationError, match="'start'"):
        list(client.products.iter_get_products(after="start"))
    assert script.requests[0].url.params["after"] == "start"
    assert len(script.requests) == 1


@pytest.mark.anyio
async def test_the_async_iteration_raises_too(make_async_client, pkg):
    client, script = make_async_client(page(["a"], "c1"), page(["b"], "c1"))
    seen = []
    with pytest.raises(pkg.errors.PaginationError, match="getProducts"):
        async for item in client.products.iter_get_products():
            seen.append(item.code)
    assert seen == ["a", "b"]


@pytest.mark.parametrize("after", [None, ""])
def test_stops_without_a_next_cursor(make_client, after):
    client, script = make_client(page(["a"], after), page(["never"], "c9"))
    assert [item.code for item in client.products.iter_get_products()] == ["a"]
    assert len(script.requests) == 1


def test_is_lazy(make_client):
    client, script = make_client(page(["a", "b"], "c1"), page(["c"], None))
    iterator = client.products.iter_get_products()
    assert script.requests == []
    assert next(iterator).code == "a"
    assert len(script.requests) == 1


def test_works_on_raw_json_pages(make_client, pkg):
    # A page that fails even lenient parsing comes back as a dict: paging still works.
    broken = json_response(200, {"data": [{"code": "a"}], "pagination": {"cursors": {"after": "c1"}}, "oops": 1})
    client, script = make_client(broken, page([], None))
    assert [item["code"] if isinstance(item, dict) else item.code for item in client.products.iter_get_products()] == [
        "a"
    ]
    assert len(script.requests) == 2


def test_errors_propagate(make_client, pkg):
    client, _ = make_client(page(["a"], "c1"), json_response(400, {"type": "pagination_error"}))
    iterator = client.products.iter_get_products()
    assert next(iterator).code == "a"
    with pytest.raises(pkg.errors.BadRequestError) as caught:
        next(iterator)
    assert caught.value.type == "pagination_error"


def test_unpaginated_endpoint_is_refused(make_client, pkg):
    client, _ = make_client()
    with pytest.raises(ValueError, match="not paginated"):
        next(client.paginate(pkg.client._GET_BALANCE))


@pytest.mark.anyio
async def test_async_pagination(make_async_client, pkg):
    client, script = make_async_client(page(["a", "b"], "c1"), page(["c"], None), page(["never"], None))
    codes = []
    async for item in client.products.iter_get_products():
        codes.append(item.code)
        if len(codes) > 5:
            break
    assert codes == ["a", "b", "c"]
    assert [r.url.params.get("after") for r in script.requests] == [None, "c1"]


@pytest.mark.anyio
async def test_async_pagination_stops_on_empty_page(make_async_client):
    client, script = make_async_client(page(["a"], "c1"), page([], "c2"))
    assert [item.code async for item in client.products.iter_get_products()] == ["a"]
    assert len(script.requests) == 2
