"""Print the corpus table of the breadth issue as markdown: for each spec, what our generator does
(operations, models, warnings, seconds, `mypy --strict`) and, when openapi-python-client is
installed, what it does on the same spec in the same run (crash, or the parts it drops).

    python -m tests.corpus.report                 # every spec but Stripe
    python -m tests.corpus.report --stripe        # Stripe too (about a minute more)
    python -m tests.corpus.report --peer /path/to/openapi-python-client

Our numbers come from the command line's summary line (seconds as it reports them: the pipeline,
without interpreter start-up); mypy runs once over all the packages.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from ..support import mypy_all
from .harness import ROOT, api_version_for, invalid_specs, package_name, valid_specs

_SUMMARY = re.compile(r"^(\d+) operations, (\d+) models, (\d+) files, (\d+) warnings, ([\d.]+)s -> ")


@dataclass
class Ours:
    exit_code: int
    operations: str = ""
    models: str = ""
    warnings: str = ""
    seconds: str = ""
    message: str = ""


def run_ours(spec: Path, output: Path) -> Ours:
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            str(spec),
            "--output",
            str(output),
            "--package-name",
            package_name(spec),
            *(["--api-version", version] if (version := api_version_for(spec)) else []),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    match = _SUMMARY.match(completed.stdout.strip().splitlines()[-1]) if completed.stdout.strip() else None
    if completed.returncode != 0 or match is None:
        last = (completed.stderr.strip().splitlines() or [""])[-1]
        return Ours(completed.returncode, message=last)
    operations, models, _, warnings, seconds = match.groups()
    return Ours(0, operations, models, warnings, seconds)


def run_peer(peer: str, spec: Path, output: Path) -> str:
    """What openapi-python-client does with `spec`: a crash, or how many endpoints/parts it drops."""
    started = time.perf_counter()
    try:
        completed = subprocess.run(
            [
                peer,
                "generate",
                "--path",
                str(spec),
                "--meta",
                "none",
                "--output-path",
                str(output / package_name(spec)),
                "--overwrite",
            ],
            capture_output=True,
            text=True,
            timeout=600,
        )
    except subprocess.TimeoutExpired:
        return "timeout (600 s)"
    seconds = time.perf_counter() - started
    text = completed.stdout + completed.stderr
    if "Traceback" in text:
        lines = text.splitlines()
        start = max(
            (i for i, line in enumerate(lines) if re.match(r"^\w+(Error|Exception): ", line)), default=len(lines) - 1
        )
        error = " ".join(line.strip() for line in lines[start:] if line.strip())
        return f"crash (traceback): {error[:100]}, {seconds:.1f}s"
    if completed.returncode != 0:
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        reason = lines[1] if len(lines) > 1 and lines[0].startswith("Error(s)") else (lines or [""])[-1]
        fields = [lines[i + 1] for i, line in enumerate(lines[:-1]) if re.search(r"validation errors? for", line)]
        detail = f" ({fields[0]}: {lines[lines.index(fields[0]) + 1].split('[')[0].strip()})" if fields else ""
        return f"no client: {reason[:60]}{detail}, {seconds:.1f}s"
    endpoints = text.count("Endpoint will not be generated")
    warnings = len(re.findall(r"^WARNING parsing ", text, re.MULTILINE)) - endpoints
    schemas = len(re.findall(r"^Unable to (?:parse|process) ", text, re.MULTILINE))
    parts = [
        f"{endpoints} endpoint(s) dropped" if endpoints else "",
        f"{warnings} response/body part(s) dropped" if warnings else "",
        f"{schemas} schema(s) dropped" if schemas else "",
    ]
    return (", ".join(p for p in parts if p) or "nothing dropped") + f", {seconds:.1f}s"


def peer_version(peer: str) -> str:
    try:
        return (
            subprocess.run([peer, "--version"], capture_output=True, text=True, timeout=60).stdout.strip().split()[-1]
        )
    except (OSError, subprocess.SubprocessError, IndexError):
        return "?"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.corpus.report", description=__doc__.split("\n\n")[0])
    parser.add_argument("--stripe", action="store_true", help="include Stripe's 4 MB spec")
    parser.add_argument(
        "--peer", default=shutil.which("openapi-python-client"), help="openapi-python-client executable to compare with"
    )
    args = parser.parse_args(argv)
    peer: str | None = args.peer
    with tempfile.TemporaryDirectory(prefix="corpus-report-") as temporary:
        folder = Path(temporary)
        specs = valid_specs(include_slow=args.stripe)
        ours = {spec: run_ours(spec, folder / "ours") for spec in specs}
        packages = [package_name(s) for s, o in ours.items() if o.exit_code == 0]
        mypy, _ = mypy_all(folder / "ours", packages) if packages else ({}, "")
        theirs = {spec: run_peer(peer, spec, folder / "peer") for spec in specs} if peer else {}
        peer_header = f" openapi-python-client {peer_version(peer)} |" if peer else ""
        print(f"| spec | operations | models | warnings | seconds | mypy --strict |{peer_header}")
        print("|---|---:|---:|---:|---:|---|" + ("---|" if peer else ""))
        for spec, result in ours.items():
            name = spec.name if spec.parent.name == "valid" else f"{spec.name} (written)"
            if result.exit_code != 0:
                row = f"| {name} | fails: exit {result.exit_code} {result.message[:80]} | | | | |"
            else:
                errors = mypy.get(package_name(spec), [])
                checked = "ok" if not errors else f"{len(errors)} errors"
                row = f"| {name} | {result.operations} | {result.models} | {result.warnings} | {result.seconds} | {checked} |"
            print(row + (f" {theirs[spec]} |" if peer else ""))
        print()
        print(f"| invalid spec | ours |{peer_header}")
        print("|---|---|" + ("---|" if peer else ""))
        for spec in invalid_specs():
            result = run_ours(spec, folder / "ours-invalid")
            outcome = (
                f"exit 2: {result.message.split(': ', 2)[-1][:90]}"
                if result.exit_code == 2
                else f"exit {result.exit_code}, {result.warnings} warnings"
            )
            print(
                f"| {spec.name} | {outcome} |" + (f" {run_peer(peer, spec, folder / 'peer-invalid')} |" if peer else "")
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
