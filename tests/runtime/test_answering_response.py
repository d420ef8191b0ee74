"""The generator's reading of which documented response answers a status (`payloads.answering_response`,
used by the overlay drafts) is the client's (`_response._documented_response`), status by status."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from generator.payloads import answering_response

DOCUMENTED = [
    ("default",),
    ("200", "default"),
    ("2XX", "404", "default"),
    ("201", "2XX", "4XX", "default"),
    ("204", "5XX"),
    ("4XX",),
    (),
]


@pytest.mark.parametrize("documented", DOCUMENTED, ids=lambda keys: ",".join(keys) or "none")
def test_the_generator_and_the_client_pick_the_same_response(pkg: SimpleNamespace, documented: tuple[str, ...]) -> None:
    spec = pkg.base.ResponseSpec
    endpoint = pkg.base.Endpoint("op", "GET", "/x", tuple(spec(key, "json", None) for key in documented))
    for status in range(100, 600):
        client = pkg.response._documented_response(endpoint, status)
        assert answering_response(documented, status) == (client.status if client else None), status
