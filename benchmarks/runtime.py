"""Run time of a generated client against the floor: the same request made with bare httpx + json.

The Runa 2024-02-05 package is generated into a temporary folder and imported; every call goes
to an `httpx.MockTransport` answering canned bodies, so only client-side work is measured. The
floor of a page parse is `json.loads` plus plain pydantic validation of the same models (the
generated `models.py` on a bare `BaseModel`: no lenient wrap validator, no deferred build).
"""

from __future__ import annotations

import importlib
import json
import logging
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from .generation import ROOT, environment
from .peers import ensure_peers, peer_bin

PACKAGE = "runa_2024_02_05"
BASE_URL = "https://api.runa.test/v2"
API_KEY = "bench-key"


@dataclass(frozen=True)
class Comparison:
    name: str
    ours_us: float
    floor_us: float
    target: float | None
    floor: str = "bare httpx + json"
    """Which floor (`FLOORS`): what the same call costs done another way."""

    @property
    def ratio(self) -> float:
        return self.ours_us / self.floor_us


SNAPSHOT = False
"""Copy the committed `generated/` package instead of generating one (`--snapshot`)."""


def generate_package(folder: Path) -> Path:
    """Generate the Runa package into `folder` (through the warm cache when there is one)."""
    if SNAPSHOT:
        shutil.copytree(ROOT / "generated" / PACKAGE, folder / PACKAGE)
        return folder / PACKAGE
    subprocess.run(
        [sys.executable, "-m", "generator", str(ROOT / "specs" / "2024-02-05.yaml"), "--output", str(folder)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        env=environment(),
    )
    return folder / PACKAGE


def plain_models(package: Path, folder: Path) -> ModuleType:
    """The package's models on plain pydantic (the floor of response parsing).

    The same `models.py`, whose `._base_model` is the package's with the lenient machinery taken
    out: `Model` is a bare `BaseModel` (same config, no wrap validator, no deferred build),
    discriminated unions use pydantic's own callable `Discriminator` over their declared branches
    (no `Unknown...` member), other unions are pydantic's smart union over their declared branches. Field constraints (`Pattern`, `EmailFormat`, ...) stay: they are the models.
    """
    plain = folder / "runa_plain_models"
    plain.mkdir()
    (plain / "__init__.py").write_text("")
    (plain / "_base_model.py").write_text(
        f"import {PACKAGE}._base_model as _real\n"
        "from pydantic import BaseModel, ConfigDict\n\n"
        "globals().update({name: value for name, value in vars(_real).items() if not name.startswith('__')})\n\n\n"
        "class Model(BaseModel):\n"
        '    model_config = ConfigDict(extra="allow", validate_by_name=True, validate_by_alias=True, serialize_by_alias=True)\n\n\n'
        "class _Tagged:\n"
        "    # pydantic's own Discriminator over the declared branches (the `Unknown...` member, which\n"
        "    # only the lenient machinery fills, left out)\n"
        "    def __init__(self, picker):\n"
        "        self.picker = picker\n\n"
        "    def __get_pydantic_core_schema__(self, source, handler):\n"
        "        import typing\n"
        "        tagged = [a for a in typing.get_args(source) if typing.get_origin(a) is typing.Annotated]\n"
        "        return handler.generate_schema(typing.Annotated[typing.Union[tuple(tagged)], self.picker])\n\n\n"
        "def discriminator(wire_name, tags):\n"
        "    union = _real.discriminator(wire_name, tags)\n"
        "    return _Tagged(getattr(union, 'picker', union))\n\n\n"
        "class _Declared:\n"
        "    # pydantic's smart union over the declared branches (the `Unknown...` member left out: as a\n"
        "    # model that takes anything it would make every item try one more branch)\n"
        "    def __get_pydantic_core_schema__(self, source, handler):\n"
        "        import typing\n"
        "        declared = [a for a in typing.get_args(source) if not getattr(a, '__name__', '').startswith('Unknown')]\n"
        "        return handler.generate_schema(typing.Union[tuple(declared)])\n\n\n"
        "LenientUnion = _Declared()\n"
    )
    shutil.copy(package / "models.py", plain / "models.py")
    for module in set(re.findall(r"^from \.(_\w+) import", (package / "models.py").read_text(), re.MULTILINE)):
        if module != "_base_model":  # other runtime helpers (`_open_enum`): the package's own
            (plain / f"{module}.py").write_text(f"from {PACKAGE}.{module} import *  # noqa: F403\n")
    return importlib.import_module("runa_plain_models.models")


# --- canned data ----------------------------------------------------------------------------------


def order_body(items: int) -> dict[str, Any]:
    """A `NewOrderDetails` request body with `items` email-distributed single-product items."""
    return {
        "payment_method": {"type": "ACCOUNT_BALANCE", "currency": "USD"},
        "items": [
            {
                "face_value": 10,
                "distribution_method": {"type": "EMAIL", "email_address": f"user{index}@example.com"},
                "products": {"type": "SINGLE", "value": "AMZ-US"},
            }
            for index in range(items)
        ],
        "description": "benchmark order",
    }


def _order_item(index: int) -> dict[str, Any]:
    return {
        "id": f"I-{index:08d}",
        "distribution_method": {"type": "EMAIL", "email_address": f"user{index}@example.com"},
        "products": {"type": "SINGLE", "value": "AMZ-US"},
        "face_value": "10.00",
        "price": "10.00",
        "currency": "USD",
        "payout": {
            "status": "ACTIVE",
            "status_updated_at": "2024-02-05T10:00:00Z",
            "url": f"https://spend.runa.io/{index:08d}",
            "expiry_date": "2025-02-05T10:00:00Z",
        },
    }


def completed_order(items: int) -> dict[str, Any]:
    """A `SyncCompletedOrder` response body (what `create_order(execution_mode="sync")` returns),
    as the spec allows it: Runa's own example has `expiry_date: null` and `fx: null`, which the
    schemas do not allow, and a response that breaks the spec takes the lenient path (validated
    again, each deviation recorded and logged), which is not what this measures."""
    return {
        "id": "O-0000000001",
        "status": "COMPLETED",
        "created_at": "2024-02-05T10:00:00Z",
        "completed_at": "2024-02-05T10:00:01Z",
        "description": "benchmark order",
        "payment_method": {"type": "ACCOUNT_BALANCE", "currency": "USD"},
        "currency": "USD",
        "total_price": f"{10 * items}.00",
        "total_discount": "0.00",
        "items": [_order_item(index) for index in range(items)],
        "transaction_detail": {"USD": {"value": f"{10 * items}.00"}},
        "metadata": {"customer": "42"},
    }


def orders_page(orders: int) -> dict[str, Any]:
    """A `get_list_of_orders` page of `orders` orders (completed ones and, every tenth, an incomplete one)."""
    items: list[dict[str, Any]] = []
    for index in range(orders):
        if index % 10 == 9:
            items.append({"id": f"O-{index:010d}", "status": "PROCESSING", "message": "Order is being processed"})
        else:
            items.append(
                {
                    "id": f"O-{index:010d}",
                    "status": "COMPLETED",
                    "created_at": "2024-02-05T10:00:00Z",
                    "completed_at": "2024-02-05T10:00:01Z",
                    "description": None,
                    "payment_method": {"type": "ACCOUNT_BALANCE", "currency": "USD"},
                    "currency": "USD",
                    "total_price": "10.00",
                    "total_discount": "0.00",
                }
            )
    return {"items": items, "pagination": {"cursors": {"after": "O-next"}, "page": {"limit": orders}}}


RECORDED = ROOT / "tests" / "fixtures" / "recorded" / "2024-02-05"


def catalogue(products: int, *, deviating: bool = False) -> dict[str, Any]:
    """Runa's catalogue as it answers (`getProducts`): the recorded page of `tests/fixtures/recorded`
    (the spec's example with what Runa sends: four-decimal multipliers, an undeclared `request_id`),
    its products repeated under their own codes up to `products`. `deviating`: every product's
    `discount_multiplier` written with five decimals, which no version of the pattern allows (one
    leaf of each product deviates)."""
    records = json.loads((RECORDED / "getProducts.json").read_text())
    page = next(record["body"] for record in records if record["status"] == 200)
    recorded = page["catalog"]
    items = []
    for index in range(products):
        item = json.loads(json.dumps(recorded[index % len(recorded)]))
        item["code"] = f"{item['code']}-{index:05d}"
        if deviating:
            item["discount_multiplier"] = item["discount_multiplier"] + "1"
        items.append(item)
    return {**page, "catalog": items}


def peer_client(folder: Path) -> ModuleType:
    """openapi-python-client's client for the same spec (the peer of the generation benchmark),
    generated into `folder` as the package `runa_opc` and imported here (httpx and attrs: ours)."""
    ensure_peers()
    subprocess.run(
        [str(peer_bin("openapi-python-client")), "generate", "--path", str(ROOT / "specs" / "2024-02-05.yaml")]
        + ["--output-path", str(folder / "runa_opc"), "--meta", "none"],
        check=True,
        capture_output=True,
        env=environment(),
    )
    return importlib.import_module("runa_opc.api.products.get_products")


def measure_parsing(repeat: int, log: Callable[[str], None]) -> list[Comparison]:
    """`get_products` on Runa's catalogue as it answers (`catalogue`): ours against
    openapi-python-client's client on the same bytes, and ours on deviating pages against ours on
    the conforming one (whole calls on `httpx.MockTransport`)."""
    import httpx

    folder = Path(tempfile.mkdtemp(prefix="bench-parsing-"))
    try:
        generate_package(folder)
        sys.path.insert(0, str(folder))
        runa = importlib.import_module(PACKAGE)
        peer = peer_client(folder)
        peer_client_module = importlib.import_module("runa_opc.client")
        bodies = {
            "conforming": json.dumps(catalogue(500)).encode(),
            "every product deviating": json.dumps(catalogue(500, deviating=True)).encode(),
        }
        large = catalogue(LARGE_PAGE)
        bodies["large conforming"] = json.dumps(large).encode()
        large["catalog"][LARGE_PAGE // 2]["discount_multiplier"] += "1"
        bodies["large, one deviating"] = json.dumps(large).encode()
        del large
        answer = {"key": "conforming"}

        def handler(request: httpx.Request) -> httpx.Response:
            return httpx.Response(200, content=bodies[answer["key"]], headers={"content-type": "application/json"})

        transport = httpx.MockTransport(handler)
        ours = runa.RunaClient(api_key=API_KEY, base_url=BASE_URL, http_client=httpx.Client(transport=transport))
        theirs = peer_client_module.Client(base_url=BASE_URL, httpx_args={"transport": transport})
        logging.getLogger(PACKAGE).setLevel(logging.ERROR)  # the deviating pages log one line per call

        def ours_call() -> Any:
            return ours.products.get_products()

        def peer_call() -> Any:
            return peer.sync(client=theirs)

        def on(key: str, call: Callable[[], object]) -> Callable[[], object]:
            def answered() -> object:
                answer["key"] = key
                return call()

            return answered

        for key in bodies:
            answer["key"] = key
            kinds = {d.kind for d in runa.deviations(ours_call())}
            assert kinds <= {"additional property", "pattern miss"} and ("pattern miss" in kinds) == ("deviat" in key)
        answer["key"] = "conforming"
        assert len(peer_call().catalog) == 500
        name = "get_products, Runa's catalogue as it answers (500 products, 2.2 MB)"
        ours_us, peer_us, deviating_us = alternate_all(
            [on("conforming", ours_call), on("conforming", peer_call), on("every product deviating", ours_call)],
            repeat,
        )
        results = [
            Comparison(name, ours_us, peer_us, 1.0, "openapi-python-client"),
            Comparison(
                "get_products, every product deviating in one leaf", deviating_us, ours_us, 1.5, "ours, conforming page"
            ),
        ]
        large_us, one_us = alternate_all(
            [on("large conforming", ours_call), on("large, one deviating", ours_call)], max(1, repeat // 2)
        )
        results.append(
            Comparison(
                f"get_products, one deviating product among {LARGE_PAGE:,}",
                one_us,
                large_us,
                None,
                "ours, conforming page",
            )
        )
        for result in results:
            log(f"{result.name}: {result.ours_us:.0f} us vs {result.floor_us:.0f} us ({result.floor})")
        return results
    finally:
        sys.path[:] = [entry for entry in sys.path if entry != str(folder)]
        shutil.rmtree(folder, ignore_errors=True)


LARGE_PAGE = 5_000
"""Products of the large page (40,000 of Runa's recorded products would be 170 MB of JSON)."""


def measure_fake(repeat: int, log: Callable[[str], None]) -> list[Comparison]:
    """The fake (`testing.FakeRuna`) answering a consumer's paging through a seeded catalogue
    (Runa's 500 recorded-style products, `limit=100`): the same client paging through the same
    pages canned on `httpx.MockTransport`, so the ratio is what the fake's answering costs. The
    seeding is timed too (logged: it has no floor)."""
    import httpx

    folder = Path(tempfile.mkdtemp(prefix="bench-fake-"))
    try:
        generate_package(folder)
        sys.path.insert(0, str(folder))
        # The package the other measurements imported lived in a folder since removed: import this one.
        for name in [name for name in sys.modules if name == PACKAGE or name.startswith(PACKAGE + ".")]:
            del sys.modules[name]
        runa = importlib.import_module(PACKAGE)
        testing = importlib.import_module(f"{PACKAGE}.testing")
        products = catalogue(500)["catalog"]
        started = time.process_time()
        fake = testing.FakeRuna()
        fake.seed("get_products", products)
        seeded_ms = (time.process_time() - started) * 1000
        pages: dict[str, bytes] = {}

        def keep(response: httpx.Response) -> None:
            pages[str(response.request.url)] = response.read()

        faked = runa.RunaClient(api_key=API_KEY, http_client=fake.http_client(event_hooks={"response": [keep]}))

        def through_fake() -> int:
            return sum(1 for _ in faked.products.iter_get_products(limit=100))

        assert through_fake() == len(products) and len(pages) > 1
        canned = runa.RunaClient(
            api_key=API_KEY,
            http_client=httpx.Client(
                transport=httpx.MockTransport(
                    lambda request: httpx.Response(
                        200, content=pages[str(request.url)], headers={"content-type": "application/json"}
                    )
                )
            ),
        )

        def through_canned() -> int:
            return sum(1 for _ in canned.products.iter_get_products(limit=100))

        assert through_canned() == len(products)
        logging.getLogger(PACKAGE).setLevel(logging.ERROR)
        fake_us, canned_us = alternate(through_fake, through_canned, repeat)
        name = f"fake: iter_get_products through {len(products)} seeded products (limit 100)"
        log(f"{name}: {fake_us:.0f} us vs {canned_us:.0f} us (canned pages); seeding them: {seeded_ms:.0f} ms")
        return [Comparison(name, fake_us, canned_us, None, "canned pages")]
    finally:
        sys.path[:] = [entry for entry in sys.path if entry != str(folder)]
        shutil.rmtree(folder, ignore_errors=True)


# --- measuring ------------------------------------------------------------------------------------


def per_call_us(function: Callable[[], object], *, budget: float = 0.25) -> float:
    """Median over 7 rounds of the mean CPU time of one call, in microseconds (rounds of ~`budget`
    s). CPU time of this process, not wall time: everything runs in-process (the transport is a
    mock), and on a shared machine wall time also counts the other processes' turns."""
    function()
    started = time.process_time()
    calls = 0
    while time.process_time() - started < 0.05:
        function()
        calls += 1
    per_round = max(1, int(calls * budget / 0.05))
    rounds = []
    for _ in range(7):
        started = time.process_time()
        for _ in range(per_round):
            function()
        rounds.append((time.process_time() - started) / per_round * 1e6)
    return statistics.median(rounds)


FLOORS = {
    "bare httpx + json": "the same request with bare httpx: `json.dumps` of the body as a dict, "
    "`json.loads` of the answer (no models, no validation, no exact money)",
    "plain pydantic + httpx": "what a careful hand-written client does: the body as a plain pydantic "
    "model (`model_validate` of a dict body), `model_dump_json` of it, httpx, `model_validate_json` "
    "of the answer into plain pydantic models (the generated `models.py` on a bare `BaseModel`; money "
    "written as floats)",
    "json.loads + plain pydantic": "`json.loads` + `model_validate` into the plain pydantic models",
    "openapi-python-client": "the client openapi-python-client 0.29.1 generates from the same spec "
    "(attrs classes, `from_dict`; no validation of patterns), on the same bytes",
    "ours, conforming page": "our client on the same page with every product conforming",
    "canned pages": "the same client paging through the pages the fake answered, canned on `httpx.MockTransport`",
}


def alternate(ours: Callable[[], object], floor: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Medians of `per_call_us` of both, measured alternately `repeat` times."""
    ours_us, floor_us = alternate_all([ours, floor], repeat)
    return ours_us, floor_us


def alternate_all(functions: list[Callable[[], object]], repeat: int) -> list[float]:
    """Medians of `per_call_us` of each, measured in turn `repeat` times (side by side in one run)."""
    times: list[list[float]] = [[] for _ in functions]
    for _ in range(repeat):
        for function, series in zip(functions, times):
            series.append(per_call_us(function))
    return [statistics.median(series) for series in times]


def measure_runtime(repeat: int, log: Callable[[str], None]) -> list[Comparison]:
    import httpx

    folder = Path(tempfile.mkdtemp(prefix="bench-runtime-"))
    try:
        package_dir = generate_package(folder)
        sys.path.insert(0, str(folder))
        runa = importlib.import_module(PACKAGE)
        plain = plain_models(package_dir, folder)

        canned = {
            ("POST", 1): json.dumps(completed_order(1)).encode(),
            ("POST", 200): json.dumps(completed_order(200)).encode(),
            ("GET", 500): json.dumps(orders_page(500)).encode(),
        }
        answer = {"key": ("POST", 1)}
        headers = {"content-type": "application/json", "x-api-version": "2024-02-05"}

        def handler(request: httpx.Request) -> httpx.Response:
            return httpx.Response(200, content=canned[answer["key"]], headers=headers)

        http = httpx.Client(transport=httpx.MockTransport(handler))
        client = runa.RunaClient(api_key=API_KEY, base_url=BASE_URL, http_client=http)
        models = runa.models

        def order_headers() -> dict[str, str]:
            """What a hand-written client sends with a sync order: a fresh idempotency key each call."""
            return {
                "X-Api-Key": API_KEY,
                "X-Api-Version": "2024-02-05",
                "X-Idempotency-Key": str(uuid.uuid4()),
                "X-Execution-Mode": "sync",
                "Content-Type": "application/json",
                "Accept": "application/json",
            }

        def floor_create(body: dict[str, Any]) -> Any:
            response = http.post(
                f"{BASE_URL}/order",
                content=json.dumps(body, separators=(",", ":")).encode(),
                headers=order_headers(),
            )
            return json.loads(response.content)

        def floor_page_call() -> Any:
            response = http.get(
                f"{BASE_URL}/order",
                params={"limit": 500},
                headers={"X-Api-Key": API_KEY, "X-Api-Version": "2024-02-05", "Accept": "application/json"},
            )
            return plain.GetListOfOrdersResponse.model_validate(json.loads(response.content))

        def pydantic_floor_create(body: Any) -> Any:
            # `body`: a plain model, or a dict validated into one first (as a hand-written client would).
            model = body if isinstance(body, plain.NewOrderDetails) else plain.NewOrderDetails.model_validate(body)
            response = http.post(
                f"{BASE_URL}/order",
                content=model.model_dump_json(by_alias=True, exclude_unset=True).encode(),
                headers=order_headers(),
            )
            return plain.SyncCompletedOrder.model_validate_json(response.content)

        results: list[Comparison] = []

        for items, target in ((1, 1.2), (200, 1.5)):
            body = order_body(items)
            model = models.NewOrderDetails.model_validate(body)
            plain_model = plain.NewOrderDetails.model_validate(body)
            answer["key"] = ("POST", items)
            for label, given, plain_given in (("model", model, plain_model), ("dict", body, body)):

                def ours_create(given: Any = given) -> Any:
                    return client.orders.create_order(body=given, execution_mode="sync")

                def pydantic_floor(plain_given: Any = plain_given) -> Any:
                    return pydantic_floor_create(plain_given)

                def bare_floor(body: dict[str, Any] = body) -> Any:
                    return floor_create(body)

                result = ours_create()
                assert type(result).__name__ == "SyncCompletedOrder" and len(result.items) == items, result
                assert not runa.deviations(result), runa.deviations(result)  # the conforming path is measured
                assert len(pydantic_floor().items) == items
                ours_us, pydantic_us, bare_us = alternate_all([ours_create, pydantic_floor, bare_floor], repeat)
                name = f"create_order, sync, {items} item{'s' if items > 1 else ''} (body: {label})"
                results.append(Comparison(name, ours_us, pydantic_us, target, "plain pydantic + httpx"))
                results.append(Comparison(name, ours_us, bare_us, None))
                log(f"{name}: {ours_us:.0f} us vs {pydantic_us:.0f} us (pydantic) / {bare_us:.0f} us (bare)")

        answer["key"] = ("GET", 500)
        page = client.orders.get_list_of_orders(limit=500)
        assert len(page.items) == 500 and type(page).__name__ == "GetListOfOrdersResponse", page
        assert not runa.deviations(page), runa.deviations(page)
        assert floor_page_call().items[9].__class__.__name__ == "IncompleteOrder"
        raw = client.orders.with_raw_response.get_list_of_orders(limit=500)
        body_bytes = canned[("GET", 500)]

        def ours_parse() -> Any:
            return raw.parse()

        def floor_parse() -> Any:
            return plain.GetListOfOrdersResponse.model_validate(json.loads(body_bytes))

        ours_us, floor_us = alternate(ours_parse, floor_parse, repeat)
        results.append(
            Comparison(
                "get_list_of_orders, parse a 500-order page", ours_us, floor_us, 2.0, "json.loads + plain pydantic"
            )
        )
        log(f"{results[-1].name}: {ours_us:.0f} us vs {floor_us:.0f} us")
        ours_us, floor_us = alternate(lambda: client.orders.get_list_of_orders(limit=500), floor_page_call, repeat)
        results.append(
            Comparison(
                "get_list_of_orders, whole call, 500-order page", ours_us, floor_us, None, "json.loads + plain pydantic"
            )
        )
        log(f"{results[-1].name}: {ours_us:.0f} us vs {floor_us:.0f} us")
        return results
    finally:
        sys.path[:] = [entry for entry in sys.path if entry != str(folder)]
        shutil.rmtree(folder, ignore_errors=True)


# --- import time ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportTimes:
    wall_ms: float
    """Median wall time of `python -c "import PACKAGE"` minus that of `python -c "pass"`."""
    importtime_ms: float
    """Median cumulative time of the package in `python -X importtime` (dependencies included)."""
    first_call_ms: float
    """Median wall time of import + building a client + one create_order (models built lazily), minus a bare interpreter."""
    dependencies_ms: float
    """Median wall time of `import httpx, pydantic` alone, minus a bare interpreter (the part no generated code can save)."""


def measure_imports(repeat: int, log: Callable[[str], None]) -> ImportTimes:
    folder = Path(tempfile.mkdtemp(prefix="bench-import-"))
    try:
        generate_package(folder)
        env = environment(PYTHONPATH=str(folder))
        first_call = (
            f"import httpx, json\nimport {PACKAGE} as runa\n"
            "body = json.dumps(" + repr(completed_order(1)) + ").encode()\n"
            "http = httpx.Client(transport=httpx.MockTransport(lambda r: httpx.Response(200, content=body, headers={'content-type': 'application/json'})))\n"
            f"client = runa.RunaClient(api_key='k', base_url='{BASE_URL}', http_client=http)\n"
            "client.orders.create_order(body=runa.models.NewOrderDetails.model_validate("
            + repr(order_body(1))
            + "), execution_mode='sync')\n"
        )
        # Compile bytecode once, as any installed package has it.
        subprocess.run([sys.executable, "-c", first_call], env=env, check=True)

        def wall(code: str) -> float:
            started = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], env=env, check=True)
            return (time.perf_counter() - started) * 1000

        bare, imported, called, cumulative, dependencies = [], [], [], [], []
        for _ in range(repeat):
            bare.append(wall("pass"))
            imported.append(wall(f"import {PACKAGE}"))
            called.append(wall(first_call))
            dependencies.append(wall("import httpx, pydantic"))
            trace = subprocess.run(
                [sys.executable, "-X", "importtime", "-c", f"import {PACKAGE}"],
                env=env,
                check=True,
                capture_output=True,
                text=True,
            ).stderr
            cumulative.append(int(re.search(rf"\|\s*(\d+) \| {PACKAGE}$", trace, re.MULTILINE)[1]) / 1000)  # type: ignore[index]
        times = ImportTimes(
            wall_ms=statistics.median(imported) - statistics.median(bare),
            importtime_ms=statistics.median(cumulative),
            first_call_ms=statistics.median(called) - statistics.median(bare),
            dependencies_ms=statistics.median(dependencies) - statistics.median(bare),
        )
        log(f"import: {times}")
        return times
    finally:
        shutil.rmtree(folder, ignore_errors=True)
