"""Discriminators of unions: the spec's `discriminator`, else a property every branch pins to one value.

A union of object models is told apart by one property (Runa's `type`); which property and which of its
values names which branch is read here, from the branches' schemas with their `allOf` parts folded in
(`objects.py`) and the models already built.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from .. import ir
from ..diagnostics import split_pointer
from ..resolve import Node, ResolvedSpec
from .objects import MergedObject, is_object


class DiscriminatorReader:
    """Reads the discriminator of a union whose branches the schema reader has typed."""

    def __init__(
        self,
        spec: ResolvedSpec,
        definitions: Mapping[str, ir.Definition],
        merge_object: Callable[[Node], MergedObject],
    ) -> None:
        self.spec = spec
        self.definitions = definitions
        self._merge_object = merge_object

    def _is_object(self, value: Any, node: Node) -> bool:
        return is_object(self.spec, value, node)

    def discriminator(self, node: Node, keyword: str, options: list[ir.TypeNode]) -> ir.Discriminator | None:
        """The spec's `discriminator`, else one inferred from a property every branch pins to one value."""
        if not all(self._is_object_ref(o) for o in options):
            return None
        branch_nodes = [self.spec.follow(node.child(keyword, i)) for i in range(len(node.value[keyword]))]
        branch_nodes = [b for b in branch_nodes if not (isinstance(b.value, dict) and b.value.get("type") == "null")]
        names = [o.name for o in options if isinstance(o, ir.ModelRef)]
        if len(branch_nodes) != len(names):
            return None
        explicit = node.value.get("discriminator")
        if isinstance(explicit, dict) and isinstance(explicit.get("propertyName"), str):
            return self._explicit_discriminator(node, explicit, branch_nodes, names)
        return self._inferred_discriminator(branch_nodes, names)

    def _is_object_ref(self, option: ir.TypeNode) -> bool:
        """Whether a union option names an object model (directly, through aliases, or one still being built)."""
        for _ in range(16):
            if not isinstance(option, ir.ModelRef):
                return False
            definition = self.definitions.get(option.name)
            if definition is None or isinstance(definition, ir.ObjectModel):
                return True
            if not isinstance(definition, ir.AliasModel):
                return False
            option = definition.type
        return False

    def _explicit_discriminator(
        self, node: Node, explicit: dict[str, Any], branches: list[Node], names: list[str]
    ) -> ir.Discriminator | None:
        prop = explicit["propertyName"]
        mapping: list[tuple[str, str]] = []
        by_key = {b.key: n for b, n in zip(branches, names)}
        raw_mapping: dict[str, Any] = explicit["mapping"] if isinstance(explicit.get("mapping"), dict) else {}
        for wire_value, ref in raw_mapping.items():
            target = self.spec.follow(
                Node(
                    node.document,
                    node.pointer + "/discriminator/mapping",
                    {"$ref": ref if "#" in str(ref) or "/" in str(ref) else f"#/components/schemas/{ref}"},
                )
            )
            if target.key in by_key:
                mapping.append((str(wire_value), by_key[target.key]))
        mapped = {n for _, n in mapping}
        for branch, name in zip(branches, names):
            if name in mapped:
                continue
            # Unmapped: OpenAPI's implicit value is the schema's name; a value the branch pins is
            # the only one it can validate, so both are accepted.
            pinned = self._pinned_property_value(branch, prop)
            tokens = split_pointer(branch.pointer)
            key = tokens[-1] if len(tokens) == 3 and tokens[:2] == ["components", "schemas"] else None
            tags = [str(v) for v in (pinned, key) if v is not None] or [name]
            taken = {wire for wire, _ in mapping}
            mapping += [(tag, name) for tag in dict.fromkeys(tags) if tag not in taken]
        return ir.Discriminator(prop, tuple(mapping), inferred=False)

    def _inferred_discriminator(self, branches: list[Node], names: list[str]) -> ir.Discriminator | None:
        if len(branches) < 2:
            return None
        candidates: list[str] | None = None
        for branch in branches:
            merged = self._merge_object(branch) if self._is_object(branch.value, branch) else None
            if merged is None:
                return None
            pinned = [
                p
                for p in merged.properties
                if p in merged.required and self._pinned_schema_value(merged.properties[p]) is not None
            ]
            candidates = pinned if candidates is None else [p for p in candidates if p in pinned]
        for prop in candidates or []:
            values = [self._pinned_property_value(b, prop) for b in branches]
            if len({str(v) for v in values}) == len(values):
                return ir.Discriminator(prop, tuple((str(v), n) for v, n in zip(values, names)), inferred=True)
        return None

    def _pinned_property_value(self, branch: Node, prop: str) -> Any:
        if not self._is_object(branch.value, branch):
            return None
        merged = self._merge_object(branch)
        return self._pinned_schema_value(merged.properties[prop]) if prop in merged.properties else None

    def _pinned_schema_value(self, node: Node) -> Any:
        value = self.spec.follow(node).value
        if not isinstance(value, dict):
            return None
        if "const" in value:
            return value["const"]
        enum = value.get("enum")
        if isinstance(enum, list) and len(enum) == 1 and isinstance(enum[0], (str, int)):
            return enum[0]
        if "allOf" in value and isinstance(value["allOf"], list) and len(value["allOf"]) == 1:
            return self._pinned_schema_value(self.spec.follow(node).child("allOf", 0))
        return None
