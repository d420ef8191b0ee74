"""The generator's layout: its modules import each other without cycles (function-level imports included)."""

from __future__ import annotations

import ast
from pathlib import Path

GENERATOR = Path(__file__).resolve().parent.parent / "generator"


def module_name(path: Path) -> str:
    parts = path.relative_to(GENERATOR.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> dict[str, set[str]]:
    """Module -> the generator modules it imports anywhere in its body (a lazy import still ties the two)."""
    modules = {module_name(path): path for path in GENERATOR.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        imported: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
                names = [f"{target}.{alias.name}" for alias in node.names]
                submodules = [n for n in names if n in modules]
                # `from .. import ir` imports the module generator.ir; `from .x import f` imports generator.x.
                imported.update(submodules if submodules else [target])
            elif isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names if alias.name in modules)
        graph[name] = {m for m in imported if m in modules and m != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every cycle found by a depth-first walk, each as the path that closes it."""
    found: list[list[str]] = []
    state: dict[str, str] = {}  # "open" while on the stack, "done" after

    def visit(module: str, stack: list[str]) -> None:
        state[module] = "open"
        for dependency in sorted(graph[module]):
            if state.get(dependency) == "open":
                found.append(stack[stack.index(dependency) :] + [module, dependency])
            elif dependency not in state:
                visit(dependency, stack + [module])
        state[module] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module, [])
    return found


def test_generator_modules_import_each_other_without_cycles() -> None:
    graph = import_graph()
    assert "generator.diff.cli" in graph and "generator.diff.api" in graph["generator.diff.cli"]  # the graph is real
    assert cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c", "a"]]


def test_the_diff_tool_is_one_package_beside_the_pipeline_stages() -> None:
    flat = {path.name for path in GENERATOR.glob("*.py")}
    assert not flat & {"diff.py", "diff_schema.py", "diff_surface.py", "diff_render.py", "changelog.py", "changes.py"}
    assert {"load.py", "resolve.py", "build_ir.py", "format.py", "write.py"} <= flat
    assert (GENERATOR / "render" / "__init__.py").is_file() and "render.py" not in flat  # stage 5 is a package
    assert (GENERATOR / "diff" / "cli.py").is_file()


def test_the_validation_modules_are_one_package_beside_the_pipeline_stages() -> None:
    flat = {path.name for path in GENERATOR.glob("*.py")}
    validation = {path.name for path in (GENERATOR / "validation").glob("*.py")}
    modules = {
        "validate.py",
        "spec_validator.py",
        "validator_locations.py",
        "validator_settings.py",
        "example_check.py",
    }
    assert modules <= validation
    assert not flat & modules
