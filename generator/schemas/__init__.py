"""JSON Schema -> IR types, in rooms of one job each.

`reader.py` (`SchemaReader`) names and builds the definitions and types; it asks `objects.py` what an
object schema holds with its `allOf` parts folded in, `discriminators.py` how a union's branches are
told apart, `scalars.py` what bounds a value and whether it is money, and `defaults.py` what a
`default` is as a value of the field's type. Scalar types themselves are `primitives.py`'s.
"""

from .reader import SchemaReader

__all__ = ["SchemaReader"]
