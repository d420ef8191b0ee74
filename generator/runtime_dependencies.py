"""The generated packages' runtime dependencies: the range each declares, and the versions tested.

One reading for the package's `pyproject.toml`, its README and the tests that run the package at
both ends of each range (tests/test_dependency_ranges.py builds a virtual environment with every
`lowest`, and one with every `newest`, and fails when the index has a newer version in range).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RuntimeDependency:
    name: str
    lowest: str  # the range's lower bound: the lowest version allowed, and tested
    below: str  # the range's upper bound (excluded)
    newest: str  # the newest version the range allows, as tested

    @property
    def requirement(self) -> str:
        return f"{self.name}>={self.lowest},<{self.below}"


RUNTIME_DEPENDENCIES = (
    RuntimeDependency("httpx", lowest="0.27.0", below="1", newest="0.29.0"),
    RuntimeDependency("pydantic", lowest="2.11.0", below="3", newest="2.14.4"),
)
