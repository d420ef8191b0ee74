"""The diff tool: what changed between two versions of a spec, for the API and for the generated Python package.

Modules: api.py compares the two resolved documents (operations, parameters, bodies, responses,
security, servers, webhooks, components) with schema.py reading schemas; surface.py compares the
generated package's classes, methods and arguments; changes.py is the `Change` record and its
levels; render.py writes Markdown or JSON; changelog.py the changelog of each dated spec; cli.py the
`diff` and `changelog` commands.
"""
