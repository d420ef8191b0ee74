"""The diff tool: what changed between two versions of a spec, for the API and for the generated Python package.

Modules: api.py compares the two resolved documents (operations, parameters, bodies, responses and
their headers, servers, webhooks, components), security.py the security requirements (scopes as
sets), schema.py two schemas, each read by view.py into one comparable view, overlap.py whether a
value can match two `oneOf` branches; surface.py compares the generated package's classes, methods
and arguments; rules.py is the table every change reads its level from (README's level table);
changes.py is the `Change` record, words.py shows a changed text as the words that differ;
render.py writes Markdown or JSON; changelog.py the changelog of each dated spec; cli.py the `diff`
and `changelog` commands.
"""
