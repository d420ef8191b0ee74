"""Security requirements compared as what they ask of a client: schemes, each with a set of scopes.

An operation's security is a list of alternatives (any one is enough), each a set of schemes
(all needed), each with the scopes its token must carry. A client that met an old alternative
still gets in when some new alternative asks no more of it: no scheme it lacks, and for each
scheme no scope beyond the ones it had. So `[write, read]` -> `[write]` is a loosening, and the
order scopes are listed in means nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..operations import operation_nodes
from ..resolve import Node, ResolvedSpec

Requirement = frozenset[tuple[str, frozenset[str]]]  # (scheme name, scopes) pairs, all needed


@dataclass(frozen=True)
class Security:
    alternatives: frozenset[Requirement]  # any one is enough; {frozenset()}: anonymous access
    node: Node  # where it is written (the operation's `security`, the root's, or the root)


@dataclass(frozen=True)
class SecurityChange:
    id: str
    when: str  # the case of rules.py's row
    message: str


def effective_security(spec: ResolvedSpec, operation: Node) -> Security:
    """The operation's own `security`, else the document's, else anonymous access."""
    if "security" in operation.value:
        node = operation.child("security")
    else:
        node = spec.root_node()
        if "security" not in node.value:
            return Security(frozenset({frozenset()}), node)
        node = node.child("security")
    alternatives = frozenset(_requirements(node.value))
    return Security(alternatives or frozenset({frozenset()}), node)


def _requirements(value: Any) -> Iterator[Requirement]:
    for requirement in value if isinstance(value, list) else []:
        if isinstance(requirement, dict):
            yield frozenset(
                (str(name), frozenset(map(str, scopes)) if isinstance(scopes, list) else frozenset())
                for name, scopes in requirement.items()
            )


def asks_no_more(new: Requirement, old: Requirement) -> bool:
    """Whether a client meeting `old` meets `new`: every scheme of `new` in `old`, with no scope more."""
    had = dict(old)
    return all(name in had and scopes <= had[name] for name, scopes in new)


def security_changes(before: frozenset[Requirement], after: frozenset[Requirement]) -> list[SecurityChange]:
    """Each old alternative gone (refused, or still in through another), each new one; an alternative
    whose schemes stay and whose scopes change is one change of scopes."""
    found: list[SecurityChange] = []
    added = set(after - before)
    for requirement in sorted(before - after, key=_order):
        still_in = any(asks_no_more(alternative, requirement) for alternative in after)
        partner = next((r for r in sorted(added, key=_order) if _schemes(r) == _schemes(requirement)), None)
        if partner is not None and requirement:
            added.discard(partner)
            found.append(_scopes_changed(requirement, partner, still_in))
        elif not requirement:
            found.append(
                SecurityChange(
                    "security-requirement-removed",
                    "refused",
                    "anonymous access removed: authentication is now required",
                )
            )
        elif still_in:
            text = f"security alternative {_text(requirement)} removed (clients using it still get in)"
            found.append(SecurityChange("security-requirement-removed", "still in", text))
        else:
            text = f"security alternative {_text(requirement)} removed: clients using it are refused"
            found.append(SecurityChange("security-requirement-removed", "refused", text))
    for requirement in sorted(added, key=_order):
        text = (
            "anonymous access added: no authentication needed"
            if not requirement
            else f"security alternative {_text(requirement)} added"
        )
        found.append(SecurityChange("security-requirement-added", "", text))
    return found


def _scopes_changed(old: Requirement, new: Requirement, still_in: bool) -> SecurityChange:
    had, has = dict(old), dict(new)
    more = {name: has[name] - had[name] for name in has if has[name] - had[name]}
    fewer = {name: had[name] - has[name] for name in had if had[name] - has[name]}
    parts = [f"`{name}` now needs scope {_scopes(scopes)}" for name, scopes in sorted(more.items())]
    parts += [f"`{name}` no longer needs scope {_scopes(scopes)}" for name, scopes in sorted(fewer.items())]
    text = "security scopes changed: " + "; ".join(parts)
    if not more:
        return SecurityChange("security-scopes-removed", "", text + " (tokens with the old scopes still get in)")
    if still_in:
        return SecurityChange("security-scopes-added", "still in", text + " (another alternative still lets them in)")
    return SecurityChange("security-scopes-added", "refused", text + ": tokens without it are refused")


def schemes_used(spec: ResolvedSpec) -> set[str]:
    """The security schemes some requirement names: the document's or an operation's."""
    root = spec.root_node()
    used = {name for requirement in _requirements(root.value.get("security")) for name, _ in requirement}
    paths = root.value.get("paths")
    for path in paths if isinstance(paths, dict) else {}:
        if str(path).startswith("x-"):
            continue  # a specification extension, not a path
        item = spec.follow(root.child("paths", path))
        if not isinstance(item.value, dict):
            continue
        for _, node in operation_nodes(item):
            if isinstance(node.value, dict):
                used |= {name for requirement in _requirements(node.value.get("security")) for name, _ in requirement}
    return used


def _schemes(requirement: Requirement) -> frozenset[str]:
    return frozenset(name for name, _ in requirement)


def _order(requirement: Requirement) -> list[tuple[str, list[str]]]:
    return sorted((name, sorted(scopes)) for name, scopes in requirement)


def _text(requirement: Requirement) -> str:
    return " and ".join(
        f"`{name}`" + (f" [{', '.join(sorted(scopes))}]" if scopes else "") for name, scopes in sorted(requirement)
    )


def _scopes(scopes: frozenset[str]) -> str:
    return ", ".join(f"`{scope}`" for scope in sorted(scopes))
