"""`python -m benchmarks [generation] [runtime] [imports]`: measure, then rewrite the tables of
`benchmarks/RESULTS.md` (between its `results` markers; the analysis around them is kept).

Generation compares our generator (cold: no cache; warm: its cache filled by an earlier run) with
openapi-python-client and datamodel-code-generator (installed on first use into
`benchmarks/.venv-peers`); run time compares the generated Runa client with bare httpx + json, a
plain-pydantic hand-written client and openapi-python-client's generated client;
imports times `import runa_2024_02_05`. Raw numbers go to `benchmarks/results.json`.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

from . import generation, runtime

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "RESULTS.md"
RAW = HERE / "results.json"
START, END = "<!-- results:start -->", "<!-- results:end -->"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n\n")[0])
    parser.add_argument("parts", nargs="*", metavar="generation|runtime|imports", help="what to measure (default: all)")
    parser.add_argument("--repeat", type=int, default=5, help="repetitions of each measurement (default 5)")
    parser.add_argument("--stripe-repeat", type=int, default=3, help="repetitions on Stripe's spec (default 3)")
    parser.add_argument("--no-stripe", action="store_true", help="leave out Stripe's 4 MB spec (the slow part)")
    parser.add_argument(
        "--report-only", action="store_true", help="rewrite RESULTS.md from results.json, measuring nothing"
    )
    args = parser.parse_args(argv)
    if args.report_only:
        write_results(json.loads(RAW.read_text()))
        return 0
    parts = args.parts or ["generation", "runtime", "imports"]
    if unknown := set(parts) - {"generation", "runtime", "imports"}:
        parser.error(f"unknown part(s): {', '.join(sorted(unknown))}")

    raw: dict[str, Any] = json.loads(RAW.read_text()) if RAW.exists() else {}
    raw["machine"] = machine()

    def log(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    if "generation" in parts:
        results = {}
        for name, spec in generation.SPECS.items():
            if name.startswith("Stripe") and args.no_stripe:
                continue
            repeat = args.stripe_repeat if name.startswith("Stripe") else args.repeat
            results.update(generation.measure_generation(repeat, {name: spec}, log))
        raw["generation"] = {
            spec: {
                tool: {"runs": [_run_dict(run) for run in series.runs], "outcome": series.outcome}
                for tool, series in tools.items()
            }
            for spec, tools in results.items()
        }
    if "runtime" in parts:
        raw["runtime"] = [asdict(comparison) for comparison in runtime.measure_runtime(args.repeat, log)]
        raw["runtime"] += [asdict(comparison) for comparison in runtime.measure_parsing(args.repeat, log)]
        raw["runtime"] += [asdict(comparison) for comparison in runtime.measure_fake(args.repeat, log)]
    if "imports" in parts:
        raw["imports"] = asdict(runtime.measure_imports(max(args.repeat, 15), log))
    raw["machine"]["load_after"] = os.getloadavg()
    RAW.write_text(json.dumps(raw, indent=1) + "\n")
    write_results(raw)
    print(f"wrote {RESULTS.relative_to(HERE.parent)} and {RAW.relative_to(HERE.parent)}", file=sys.stderr)
    return 0


def _run_dict(run: Any) -> dict[str, Any]:
    return {
        "wall": run.wall,
        "cpu": run.cpu,
        "tree_peak_mb": run.tree_peak_mb,
        "largest_process_mb": run.largest_process_mb,
        "returncode": run.returncode,
    }


def machine() -> dict[str, Any]:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        memory_gb = round(int(Path("/proc/meminfo").read_text().split()[1]) / 2**20)
    except (OSError, ValueError, IndexError):
        memory_gb = None
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": memory_gb,
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
        "date": time.strftime("%Y-%m-%d %H:%M %Z"),
        "load_before": os.getloadavg(),
    }


# --- the report -----------------------------------------------------------------------------------


def write_results(raw: dict[str, Any]) -> None:
    block = "\n".join([START, render(raw), END])
    text = RESULTS.read_text() if RESULTS.exists() else f"# Benchmarks\n\n{START}\n{END}\n"
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    RESULTS.write_text(head + block + tail)


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def _series(raw: dict[str, Any], spec: str, tool: str, key: str) -> float | None:
    runs = raw.get("generation", {}).get(spec, {}).get(tool, {}).get("runs", [])
    return _median([_value(run, key) for run in runs]) if runs else None


def _value(run: dict[str, Any], key: str) -> float:
    if key == "peak_mb":  # the larger of the sampled tree sum and the kernel's largest process
        return max(run["tree_peak_mb"], run["largest_process_mb"])
    return float(run[key])


def _verdict(ratio: float | None, target: float) -> str:
    if ratio is None:
        return "n/a"
    return f"{ratio:.2f}x ({'met' if ratio <= target else 'missed'}, target <= {target}x)"


def render(raw: dict[str, Any]) -> str:
    m = raw["machine"]
    lines = [
        f"Measured {m['date']} on {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB, Python {m['python']}, {m['system']}.",
        f"Load average before/after: {', '.join(f'{x:.1f}' for x in m['load_before'])} / {', '.join(f'{x:.1f}' for x in m.get('load_after', ()))}"
        " (a shared machine: every comparison alternates the tools within one run; medians, ratios of medians).",
        "",
    ]
    if "generation" in raw:
        lines += [
            "### Generation",
            "",
            "Peak memory: the largest sum of PSS over the process tree (sampled every 20 ms; a page a forked worker shares",
            "with its parent counts once), or the largest single process's `ru_maxrss` when that is larger (a short peak",
            "between samples). CPU: user + system of the whole tree.",
            "",
            "| spec | tool | wall (s) | CPU (s) | peak memory (MB) | of which largest process (MB) | outcome |",
            "|---|---|---:|---:|---:|---:|---|",
        ]
        for spec, tools in raw["generation"].items():
            for tool, data in tools.items():
                runs = data["runs"]
                lines.append(
                    f"| {spec} | {tool} | {_median([r['wall'] for r in runs]):.2f} | {_median([r['cpu'] for r in runs]):.2f} | "
                    f"{_median([_value(r, 'peak_mb') for r in runs]):.0f} | {_median([r['largest_process_mb'] for r in runs]):.0f} | {data['outcome']} |"
                )
        lines += ["", "Targets:", ""]
        runa, stripe = "Runa 2024-02-05", "Stripe (4 MB)"
        opc = _series(raw, runa, generation.OPC, "wall")
        cold, warm = _series(raw, runa, generation.OURS_COLD, "wall"), _series(raw, runa, generation.OURS_WARM, "wall")
        check = _series(raw, runa, generation.OURS_CHECK, "wall")
        lines += [
            f"- Runa generation, cold: {_verdict(cold / opc if cold and opc else None, 1.0)} openapi-python-client's wall time (aim 0.5x)",
            f"- Runa `--check`: {_verdict(check / cold if check and cold else None, 1.2)} our cold generation's wall time",
            f"- Runa generation, warm cache: {_verdict(warm / opc if warm and opc else None, 0.4)} openapi-python-client's wall time",
        ]
        for label, tool, target in (("cold", generation.OURS_COLD, 0.75), ("warm cache", generation.OURS_WARM, 1.0)):
            ours, dcg = _series(raw, stripe, tool, "wall"), _series(raw, stripe, generation.DCG, "wall")
            ours_mb, dcg_mb = _series(raw, stripe, tool, "peak_mb"), _series(raw, stripe, generation.DCG, "peak_mb")
            if ours and dcg and ours_mb and dcg_mb:
                lines.append(
                    f"- Stripe, everything generated, {label}: wall {_verdict(ours / dcg, target)} datamodel-code-generator's (models only); "
                    f"peak memory {_verdict(ours_mb / dcg_mb, 0.5)}"
                )
        lines.append("")
    if "runtime" in raw:
        lines += [
            "### Run time (generated Runa client on httpx.MockTransport vs the floor)",
            "",
            "Floors (each measured side by side with ours, in turn, in one run):",
            "",
            *(f"- {name}: {what}." for name, what in runtime.FLOORS.items()),
            "",
            "| call | floor | ours (us) | floor (us) | ratio | target |",
            "|---|---|---:|---:|---:|---|",
        ]
        for row in raw["runtime"]:
            ratio = row["ours_us"] / row["floor_us"]
            target = f"<= {row['target']}x: {'met' if ratio <= row['target'] else 'missed'}" if row["target"] else ""
            floor_name = row.get("floor", "bare httpx + json")
            lines.append(
                f"| {row['name']} | {floor_name} | {row['ours_us']:.0f} | {row['floor_us']:.0f} | {ratio:.2f}x | {target} |"
            )
        lines.append("")
    if "imports" in raw:
        imp = raw["imports"]
        verdict = "met" if imp["wall_ms"] < 150 else "missed"
        lines += [
            "### Import time of runa_2024_02_05",
            "",
            f"- `python -c \"import runa_2024_02_05\"` minus a bare interpreter: **{imp['wall_ms']:.0f} ms** (target < 150 ms: {verdict})",
            f"- `python -X importtime`: {imp['importtime_ms']:.0f} ms cumulative for the package (httpx and pydantic included)",
            (
                f"- of which `import httpx, pydantic` alone: {imp['dependencies_ms']:.0f} ms"
                if "dependencies_ms" in imp
                else ""
            ),
            f"- import + client + first `create_order` (models build on first use) minus a bare interpreter: {imp['first_call_ms']:.0f} ms",
            "",
        ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
