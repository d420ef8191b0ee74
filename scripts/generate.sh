#!/bin/sh
# Main job: set up (idempotent) and regenerate every spec in specs/ into generated/.
set -eu
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e .
for spec in specs/*.yaml specs/*.yml specs/*.json; do
  [ -e "$spec" ] || continue
  .venv/bin/python -m generator "$spec"
done
# The Markdown diff of each consecutive pair of dated specs: generated/CHANGELOG-<newer version>.md.
.venv/bin/python -m generator changelog specs
