"""The discriminator of every `oneOf`/`anyOf` in Runa's spec: explicit, inferred or none.

`python -m tests.models.test_discriminator_table [SPEC]` prints the Markdown table of the issue note
(default: the spec the test reads, support.HAND_CHECKED's second); the test checks its table row by row.
"""

from __future__ import annotations

import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from generator import ir
from generator.pysource import annotation

from ..packages import PackageFactory
from ..support import HAND_CHECKED, UNDATED_VERSION
from .support import Package, iter_unions, package_of


@dataclass(frozen=True)
class Row:
    pointer: str
    kind: str  # "explicit (prop)", "inferred (prop)", "none (smart union)", or "one branch (+ null)"
    branches: str


def discriminator_table(package: Package) -> list[Row]:
    rows = []
    for pointer, _, type_ in iter_unions(package.spec, package.reader):
        union = type_.inner if isinstance(type_, ir.Nullable) else type_
        if isinstance(union, ir.ModelRef):  # a named union: the alias's type (a model: one branch)
            definition = next(d for d in package.api.definitions if d.name == union.name)
            if isinstance(definition, ir.AliasModel):
                union = definition.type.inner if isinstance(definition.type, ir.Nullable) else definition.type
        if not isinstance(union, ir.UnionOf):
            rows.append(Row(pointer, "one branch (+ null)", annotation(type_)))
            continue
        discriminator = union.discriminator
        branches = ", ".join(annotation(o) for o in union.options)
        if discriminator is None:
            rows.append(Row(pointer, "none (smart union)", branches))
        else:
            how = "inferred" if discriminator.inferred else "explicit"
            tags = ", ".join(f"{value}→{name}" for value, name in discriminator.mapping)
            rows.append(Row(pointer, f"{how} ({discriminator.property_name})", tags))
    return rows


def markdown(rows: list[Row]) -> str:
    lines = ["| JSON pointer | discriminator | branches (value → model) |", "|---|---|---|"]
    lines += [f"| `{r.pointer}` | {r.kind} | {r.branches} |" for r in rows]
    return "\n".join(lines)


EXPECTED = {
    "/paths/~1balance/get/responses/200/content/application~1json/schema/oneOf": "none (smart union)",
    "/paths/~1order/get/responses/200/content/application~1json/schema/properties/items/items/oneOf": "none (smart union)",
    "/paths/~1order~1{id}/get/responses/200/content/application~1json/schema/oneOf": "none (smart union)",
    "/webhooks/order.completion/post/requestBody/content/application~1json/schema/oneOf": "inferred (status)",
    "/components/schemas/CompletedOrderItem/properties/distribution_method/oneOf": "inferred (type)",
    "/components/schemas/CompletedOrderItem/properties/products/oneOf": "inferred (type)",
    "/components/schemas/NewOrderItemDetails/properties/distribution_method/oneOf": "inferred (type)",
    "/components/schemas/NewOrderItemDetails/properties/products/oneOf": "inferred (type)",
    "/components/schemas/OrderItemDiscount/properties/products/oneOf": "inferred (type)",
    "/components/schemas/OrderItemPriceRequest/properties/products/oneOf": "inferred (type)",
    "/components/schemas/ContentResources/oneOf": "none (smart union)",
    # specs/overlays/2024-02-05-as-it-answers.yaml: the fx details or null
    "/components/schemas/TransactionDetailEntry/properties/fx/anyOf": "one branch (+ null)",
}


def test_the_discriminator_of_every_union_of_runa(runa: Package) -> None:
    rows = discriminator_table(runa)
    print("\n" + markdown(rows))
    assert {r.pointer: r.kind for r in rows} == EXPECTED


def main() -> None:
    spec = Path(sys.argv[1]) if len(sys.argv) > 1 else HAND_CHECKED[1].path
    with tempfile.TemporaryDirectory() as folder:
        generated = PackageFactory(Path(folder)).get(spec, name="table_probe", api_version=UNDATED_VERSION)
        package = package_of(generated)
        print(markdown(discriminator_table(package)))


if __name__ == "__main__":
    main()
