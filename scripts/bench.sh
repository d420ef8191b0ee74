#!/bin/sh
# Benchmarks: our generator and generated client against openapi-python-client and
# datamodel-code-generator (installed on first use into benchmarks/.venv-peers, apart from the
# project's pins). Rewrites the tables of benchmarks/RESULTS.md. Arguments go to
# `python -m benchmarks` (e.g. `./scripts/bench.sh runtime --repeat 3`).
set -eu
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e .
exec .venv/bin/python -m benchmarks "$@"
