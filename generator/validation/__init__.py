"""Stage 2, validation: what the generator judges in a spec before building from it.

Modules: validate.py is the stage (openapi-spec-validator for the document's version, in a worker
process, findings cached; warnings or, with `--strict`, errors); spec_validator.py builds the
validator's classes once with crawled registries, validator_locations.py gives each finding its
place in the whole document, validator_settings.py stands in for the validator's settings modules
(no pydantic-settings to import, no `OPENAPI_*` variables read); example_check.py finds the spec's
own examples that break its schemas (one grouped warning, and `overlay-draft --from-examples`).
"""
