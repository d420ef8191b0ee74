"""The peers, installed in their own virtual environment so the project's pins stay untouched."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
PEERS_VENV = HERE / ".venv-peers"
PEERS = {"openapi-python-client": "0.29.1", "datamodel-code-generator": "0.89.0"}


def peer_bin(name: str) -> Path:
    return PEERS_VENV / "bin" / name


def ensure_peers() -> None:
    """Create `benchmarks/.venv-peers` with the pinned peers (once; later runs reuse it)."""
    python = PEERS_VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(PEERS_VENV)], check=True)
    wanted = [f"{name}=={version}" for name, version in PEERS.items()]
    installed = subprocess.run(
        [str(python), "-m", "pip", "freeze"], capture_output=True, text=True, check=True
    ).stdout.lower()
    if all(pin.lower() in installed for pin in wanted):
        return
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *wanted], check=True)


def peer_versions() -> dict[str, str]:
    return dict(PEERS)
