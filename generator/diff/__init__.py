"""The diff tool: what changed between two versions of a spec, for the API and for the generated Python package.

Modules: api.py compares the two resolved documents (servers, security schemes, operations,
webhooks, components), each side read by read.py; operation.py holds what comparing one operation
shares, parameters.py compares its parameters, messages.py its request body, responses and their
headers, security.py the security requirements (scopes as sets); schema.py compares two schemas,
each read by view.py into one comparable view, with walk.py the comparison's state, values.py the
types, enums, bounds and defaults, unions.py the `oneOf`/`anyOf` branches and overlap.py whether a
value can match two of them; surface.py compares the generated package's classes, methods and
arguments; rules.py is the table every change reads its level from (README's level table);
changes.py is the `Change` record, words.py shows a changed text as the words that differ;
render.py writes Markdown or JSON; changelog.py the changelog of each dated spec; cli.py the `diff`
and `changelog` commands.
"""
