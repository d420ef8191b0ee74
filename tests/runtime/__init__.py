"""Tests of the static HTTP runtime (templates/runtime/)."""
