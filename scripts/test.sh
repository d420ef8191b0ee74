#!/bin/sh
# Tests: set up (idempotent: Python deps, the pinned Prism mock server from npm) and run the suite.
set -eu
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
npm ci --prefix tests/prism --no-audit --no-fund --loglevel=error
# The independent judge of requests on the wire (openapi-core) has its own environment: it pins
# openapi-spec-validator < 0.9, which the generator has outgrown (tests/judge/requirements.txt).
[ -x tests/judge/.venv/bin/python ] || python3 -m venv tests/judge/.venv
tests/judge/.venv/bin/python -m pip install --quiet --disable-pip-version-check -r tests/judge/requirements.txt
# The project's own code: lint, format and types (generated code is checked by the tests themselves).
.venv/bin/python -m ruff check --quiet generator tests benchmarks
.venv/bin/python -m black --check --quiet generator tests benchmarks
.venv/bin/python -m mypy --strict generator
# --dist loadgroup: the corpus tests (xdist_group "corpus") share one worker, which generates and type-checks the corpus once.
.venv/bin/python -m pytest -n 2 --dist loadgroup "$@"
