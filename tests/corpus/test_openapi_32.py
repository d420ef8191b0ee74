"""OpenAPI 3.2 (tests/fixtures/breadth/museum-streams-3.2.yaml): hierarchical tags become nested
resources, the QUERY method and `additionalOperations` are called as spelled, `in: querystring`
spreads a model over the query string, and `itemSchema` on JSON Lines / JSON text sequences
gives typed lists both ways. An event stream's `itemSchema` is named in a warning (returned as
text). The 3.1 subset is covered by the corpus.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from types import ModuleType
from typing import Any

import httpx
import pytest

from ..packages import PackageFactory
from ..support import UNDATED_VERSION
from .harness import WRITTEN

SPEC = WRITTEN / "museum-streams-3.2.yaml"
TICKET = "7c1b1c52-2a3a-4f5b-9d4c-0f6f0f3b7a11"


@pytest.fixture(scope="module")
def generated(generated_packages: PackageFactory) -> tuple[ModuleType, list[str]]:
    package = generated_packages.get(SPEC, name="museum_streams_client", api_version=UNDATED_VERSION)
    return package.module, [str(w) for w in package.result.warnings]


@pytest.fixture
def museum(generated: tuple[ModuleType, list[str]]) -> ModuleType:
    return generated[0]


def client(museum: ModuleType, handler: Callable[[httpx.Request], httpx.Response]) -> Any:
    def record(request: httpx.Request) -> httpx.Response:
        request.read()
        return handler(request)

    http = httpx.Client(transport=httpx.MockTransport(record))
    return museum.MuseumStreamsClient(bearer_token="t", environment="production", http_client=http, max_retries=0)


def test_the_fixture_is_strictly_valid_3_2_and_warns_only_about_what_it_cannot_express(
    generated: tuple[ModuleType, list[str]],
) -> None:
    from generator.load import load_document
    from generator.validation.validate import validate_document

    assert validate_document(load_document(SPEC), strict=True) == []
    stream, near = sorted(generated[1], key=lambda w: "prefixItems" in w)
    assert (
        "museum-streams-3.2.yaml:106 at /paths/~1exhibits~1events/get/responses/200/content/text~1event-stream/itemSchema"
        in stream
    )
    assert "returns the whole body (str) without splitting it into items" in stream
    assert "at /components/schemas/SearchQuery/properties/near: `prefixItems` followed by `items`" in near


def test_defs_and_prefix_items(museum: ModuleType) -> None:
    query = museum.models.SearchQuery(limit=3, near=[52.5, 13.4, "Berlin"])
    assert query.model_dump(exclude_unset=True) == {"limit": 3, "near": [52.5, 13.4, "Berlin"]}
    with pytest.raises(ValueError):
        museum.models.SearchQuery(limit=0)  # $defs/Limit: minimum 1


def test_child_tags_are_nested_resources(museum: ModuleType) -> None:
    c = client(museum, lambda r: httpx.Response(204))
    assert not hasattr(c, "tickets") and not hasattr(c, "exhibits")
    assert callable(c.museum.tickets.list_tickets) and callable(c.museum.exhibits.stream_exhibit_events)
    assert callable(c.search.search_tickets)
    assert callable(c.museum.tickets.with_raw_response.get_ticket)


def test_json_lines_response_is_a_typed_list(museum: ModuleType) -> None:
    lines = (
        f'{{"id": "{TICKET}", "kind": "general"}}\n{{"id": "{TICKET}", "kind": "event", "visit_date": "2025-10-01"}}\n'
    )
    tickets = client(
        museum, lambda r: httpx.Response(200, text=lines, headers={"content-type": "application/jsonl"})
    ).museum.tickets.list_tickets()
    assert [t.kind for t in tickets] == [museum.models.TicketKind.GENERAL, museum.models.TicketKind.EVENT]
    assert all(isinstance(t, museum.models.Ticket) for t in tickets)
    assert str(tickets[1].visit_date) == "2025-10-01"


def test_json_text_sequence_body_and_response(museum: ModuleType) -> None:
    seen: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        records = [json.loads(r) for r in request.content.split(b"\x1e") if r]
        body = b"".join(b"\x1e" + json.dumps({"id": TICKET, **r}).encode() + b"\n" for r in records)
        return httpx.Response(201, content=body, headers={"content-type": "application/json-seq"})

    bought = client(museum, handle).museum.tickets.buy_tickets(
        body=[museum.models.NewTicket(kind="event"), {"kind": "general", "visit_date": "2025-10-02"}]
    )
    request = seen[0]
    assert request.headers["content-type"] == "application/json-seq"
    assert request.content == b'\x1e{"kind":"event"}\n\x1e{"kind":"general","visit_date":"2025-10-02"}\n'
    assert [t.kind.value for t in bought] == ["event", "general"]


def test_query_method_sends_a_body(museum: ModuleType) -> None:
    seen: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=[{"id": TICKET, "kind": "general"}])

    found = client(museum, handle).search.search_tickets(body=museum.models.SearchQuery(text="dinosaurs", limit=5))
    assert seen[0].method == "QUERY" and json.loads(seen[0].content) == {"text": "dinosaurs", "limit": 5}
    assert found[0].id.hex == TICKET.replace("-", "")


def test_querystring_parameter_spreads_its_fields_over_the_query(museum: ModuleType) -> None:
    seen: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=[])

    c = client(museum, handle)
    c.search.search_by_query_string(criteria=museum.models.SearchQuery(text="fossils", limit=2))
    c.search.search_by_query_string(criteria={"text": "a b"})
    assert seen[0].url.query == b"text=fossils&limit=2"
    assert seen[1].url.query == b"text=a+b"


def test_additional_operation_uses_its_own_method(museum: ModuleType) -> None:
    seen: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(204)

    assert client(museum, handle).museum.tickets.link_ticket(ticket_id=TICKET, exhibit="t-rex") is None
    assert (
        seen[0].method == "LINK"
        and seen[0].url.path == f"/v1/tickets/{TICKET}"
        and seen[0].url.params["exhibit"] == "t-rex"
    )


def test_event_stream_is_returned_as_text_and_its_item_model_exists(museum: ModuleType) -> None:
    stream = "event: opened\ndata: hall 1\n\n"
    text = client(
        museum, lambda r: httpx.Response(200, text=stream, headers={"content-type": "text/event-stream"})
    ).museum.exhibits.stream_exhibit_events()
    assert text == stream
    assert museum.models.StreamExhibitEventsResponse200Item(data="hall 1").data == "hall 1"
