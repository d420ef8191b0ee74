"""Generation: our generator against openapi-python-client and datamodel-code-generator.

Every repetition runs each tool once, in a rotating order, so that a slow moment of a shared
machine hits every tool alike; the report gives medians and the ratios of medians.
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import measure
from .peers import ensure_peers, peer_bin

ROOT = Path(__file__).resolve().parent.parent
SPECS = {
    "Runa 2024-02-05": ROOT / "specs" / "2024-02-05.yaml",
    "Train Travel": ROOT / "tests" / "corpus" / "valid" / "train-travel_openapi.yaml",
    "Stripe (4 MB)": ROOT / "tests" / "corpus" / "valid" / "stripe_spec3_2023-09-12.yaml",
}
OURS_COLD = "ours, cold"
OURS_WARM = "ours, warm cache"
OURS_CHECK = "ours, --check (never cached)"
OPC = "openapi-python-client"
DCG = "datamodel-code-generator (models only)"
TOOLS = (OURS_COLD, OURS_WARM, OURS_CHECK, OPC, DCG)
NO_CHECK_ON = ("Stripe (4 MB)",)  # --check is a cold generation plus a comparison: measured where it is quick


@dataclass
class Series:
    """The runs of one tool on one spec."""

    runs: list[measure.Run] = field(default_factory=list)
    outcome: str = ""

    def median(self, attribute: str) -> float:
        return statistics.median(getattr(run, attribute) for run in self.runs)


def environment(**extra: str) -> dict[str, str]:
    """The environment of every run: bytecode caching on (as for a user), nothing else special."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("PYTHONDONTWRITEBYTECODE", "RUNA_GENERATOR_CACHE")
    }
    env.update(extra)
    return env


def _ours(spec: Path, output: Path, cache: str, *extra: str) -> tuple[list[str], dict[str, str]]:
    command = [sys.executable, "-m", "generator", str(spec), "--output", str(output), *extra]
    if not re.search(r"\d{4}-\d{2}-\d{2}", spec.name):
        command += ["--api-version", "2024-01-01"]
    return command, environment(RUNA_GENERATOR_CACHE=cache)


def _opc(spec: Path, output: Path) -> tuple[list[str], dict[str, str]]:
    return [
        str(peer_bin("openapi-python-client")),
        "generate",
        "--path",
        str(spec),
        "--output-path",
        str(output / "client"),
        "--overwrite",
    ], environment()


def _dcg(spec: Path, output: Path) -> tuple[list[str], dict[str, str]]:
    # Stripe's spec needs a package (directory) output; the others fit one module.
    target = output / "models" if spec.stat().st_size > 1_000_000 else output / "models.py"
    command = [str(peer_bin("datamodel-codegen")), "--input", str(spec), "--input-file-type", "openapi"]
    return command + ["--output", str(target), "--output-model-type", "pydantic_v2.BaseModel"], environment()


def measure_generation(repeat: int, specs: dict[str, Path], log: Callable[[str], None]) -> dict[str, dict[str, Series]]:
    """spec name -> tool -> its runs."""
    ensure_peers()
    results: dict[str, dict[str, Series]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-gen-") as scratch:
        warm_cache = str(Path(scratch) / "warm-cache")
        for spec_name, spec in specs.items():
            tools = tuple(tool for tool in TOOLS if tool != OURS_CHECK or spec_name not in NO_CHECK_ON)
            series = {tool: Series() for tool in tools}
            results[spec_name] = series
            # One unmeasured run of each tool: bytecode compiled, files in the page cache, the
            # warm cache filled, and the package that --check compares with written.
            _run_tool(OURS_WARM, spec, Path(scratch), warm_cache, keep=Path(scratch) / "checked")
            for tool in tools:
                _run_tool(tool, spec, Path(scratch), warm_cache)
            for repetition in range(repeat):
                order = tools[repetition % len(tools) :] + tools[: repetition % len(tools)]
                for tool in order:
                    run, outcome = _run_tool(tool, spec, Path(scratch), warm_cache)
                    series[tool].runs.append(run)
                    series[tool].outcome = outcome
                    log(f"{spec_name:16} {tool:40} {run.wall:7.2f} s {run.tree_peak_mb:7.0f} MB  rc={run.returncode}")
    return results


def _run_tool(
    tool: str, spec: Path, scratch: Path, warm_cache: str, keep: Path | None = None
) -> tuple[measure.Run, str]:
    """One run of `tool`, into a fresh folder (removed after), or into `keep` (kept)."""
    output = keep or Path(tempfile.mkdtemp(dir=scratch, prefix="out-"))
    try:
        if tool == OURS_COLD:
            command, env = _ours(spec, output, "off")
        elif tool == OURS_CHECK:
            # Against the package an earlier run kept: --check turns the cache off itself.
            command, env = _ours(spec, scratch / "checked", warm_cache, "--check")
        elif tool == OURS_WARM:
            command, env = _ours(spec, output, warm_cache)
        elif tool == OPC:
            command, env = _opc(spec, output)
        else:
            command, env = _dcg(spec, output)
        run = measure.run(command, env=env, cwd=ROOT)
        return run, _outcome(tool, run, output)
    finally:
        if keep is None:
            shutil.rmtree(output, ignore_errors=True)


def _outcome(tool: str, run: measure.Run, output: Path) -> str:
    """What the tool made of the spec, in a few words: what it produced, dropped, or its crash."""
    text = run.stdout + run.stderr
    if tool == OURS_CHECK:
        return (
            "check ok (same package)"
            if run.returncode == 0 and "check ok" in text
            else f"failed (exit {run.returncode})"
        )
    if tool in (OURS_COLD, OURS_WARM):
        summary = re.search(r"(\d+) operations, (\d+) models, \d+ files, (\d+) warnings", text)
        if run.returncode or summary is None:
            return f"failed (exit {run.returncode})"
        return f"{summary[1]} operations, {summary[2]} models, {summary[3]} warnings"
    if tool == OPC:
        if run.returncode:
            return f"crashed (exit {run.returncode}): {_last_error(text)}"
        endpoints = len(list((output / "client").rglob("api/**/*.py"))) - len(
            list((output / "client").rglob("api/**/__init__.py"))
        )
        models = len(list((output / "client").rglob("models/*.py"))) - 1
        dropped_endpoints = text.count("Endpoint will not be generated")
        dropped_schemas = len(re.findall(r"Unable to parse (?:schema|this part)", text))
        omitted_responses = text.count("response will be omitted")
        return (
            f"{endpoints} operations, {models} model modules; dropped {dropped_endpoints} operations, "
            f"{dropped_schemas} schemas, {omitted_responses} responses"
        )
    if run.returncode:
        return f"crashed (exit {run.returncode}): {_last_error(text)}"
    classes = sum(
        len(re.findall(r"^class ", path.read_text(encoding="utf-8"), re.MULTILINE)) for path in output.rglob("*.py")
    )
    warnings = sorted({match for match in re.findall(r"(\w+Warning): ", text)})
    return f"{classes} classes" + (f"; warnings: {', '.join(warnings)}" if warnings else "")


def _last_error(text: str) -> str:
    lines = [
        line.strip()
        for line in text.strip().splitlines()
        if line.strip() and not line.strip().startswith(("│", "╰", "╭"))
    ]
    for line in reversed(lines):
        if re.match(r"\w+(Error|Exception)\b", line):
            return line[:160]
    return lines[-1][:160] if lines else ""
