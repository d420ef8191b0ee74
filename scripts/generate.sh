#!/bin/sh
# Main job: set up (idempotent) and regenerate every spec in specs/ into generated/.
set -eu
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e .
# Every version in specs/ (which files are versions is generator/versions.py's to say, not this script's):
# all are generated before any package is written, so one bad spec leaves generated/ as it was.
.venv/bin/python -m generator specs
# The Markdown diff of each consecutive pair of dated specs: generated/CHANGELOG-<newer version>.md.
.venv/bin/python -m generator changelog specs
