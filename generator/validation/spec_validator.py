"""openapi-spec-validator's validator classes, with every JSON Schema validator's registry crawled once.

Why: a `referencing` registry is immutable, and a validator's resolver starts from a registry
in which its own schema is not yet crawled. Each `$dynamicRef` (the OAS 3.1/3.2 schemas use
`$dynamicRef: "#meta"` for every Schema Object) asks that registry for an anchor, and a registry
that has not been crawled crawls its whole content again to find it, then forgets the result.
On Runa's 3.1 spec that was 112 crawls of the OpenAPI meta-schema, half of the validation time.
On top of that, the stock per-schema check (`check_openapi_schema`) builds a new meta-schema
validator, with a new uncrawled registry, for every Schema Object of the document.

Here each such validator is built once with a resolver on a crawled registry: the same schemas,
the same keywords, the same error objects, so the same findings (`tests/test_spec_validator.py`
compares them with the stock classes' on every corpus spec), except that each finding of a keyword
validator is given its place in the whole document (validator_locations.py: the stock classes give
it relative to the part checked, `/type` for a wrong type in any Schema Object). Versions are pinned in pyproject:
the few private names used below (`_resolver`, `_registry`, `_base_uri`, the schema keyword
validator's dialect look-ups) are checked by that test on every upgrade.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from . import validator_settings

validator_settings.install()  # before the validator's imports: no pydantic-settings (validator_settings.py)

import openapi_spec_validator  # noqa: E402
from jsonschema.exceptions import SchemaError  # type: ignore[import-untyped]  # noqa: E402
from jsonschema.validators import validator_for  # type: ignore[import-untyped]  # noqa: E402
from openapi_schema_validator._specifications import REGISTRY as OPENAPI_SPECIFICATIONS  # noqa: E402
from openapi_schema_validator.validators import check_openapi_schema  # noqa: E402

from .validator_locations import locating  # noqa: E402

_CLASS_NAMES = {
    "3.0": "OpenAPIV30SpecValidator",
    "3.1": "OpenAPIV31SpecValidator",
    "3.2": "OpenAPIV32SpecValidator",
}


@cache
def spec_validator_class(minor: str) -> Any:
    """The validator class for OpenAPI `minor` ("3.0", "3.1", "3.2"): the stock one, its JSON
    Schema validators given crawled registries (3.0's meta-schemas have no anchors to look up)."""
    stock = getattr(openapi_spec_validator, _CLASS_NAMES[minor])
    keyword_validators = dict(stock.keyword_validators)
    attributes = {}
    if minor != "3.0":
        keyword_validators["schema"] = _schema_keyword_validator(keyword_validators["schema"])
        attributes["schema_validator"] = _crawled(stock.schema_validator)
    attributes["keyword_validators"] = {name: locating(name, cls) for name, cls in keyword_validators.items()}
    return type(stock.__name__, (stock,), attributes)


def _crawled(validator: Any) -> Any:
    """`validator` with its resolver's registry crawled (a validator of another backend as it is)."""
    resolver = getattr(validator, "_resolver", None)
    if resolver is None or not hasattr(validator, "evolve"):
        return validator
    registry = resolver._registry.crawl()
    return validator.evolve(_resolver=registry.resolver(base_uri=resolver._base_uri))


def _schema_keyword_validator(stock: Any) -> Any:
    """The keyword validator for Schema Objects, its meta-schema checks built once per dialect."""

    class SchemaValidator(stock):  # type: ignore[misc]
        def _get_schema_checker(self, schema: Any, schema_value: Any) -> Callable[[Any], None]:
            validator_cls = self._get_validator_class_for_dialect(self._get_schema_dialect_id(schema, schema_value))
            if (
                validator_cls is None
                or getattr(validator_cls.check_schema, "__func__", None) is not check_openapi_schema
            ):
                checker: Callable[[Any], None] = super()._get_schema_checker(schema, schema_value)
                return checker
            return _meta_schema_checker(validator_cls, self.schema_validator_format_checker)

    SchemaValidator.__name__ = SchemaValidator.__qualname__ = stock.__name__
    return SchemaValidator


@cache
def _meta_schema_checker(validator_cls: Any, format_checker: Any) -> Callable[[Any], None]:
    """What `check_openapi_schema(validator_cls, schema, format_checker)` does, with its
    meta-schema validator built once, on a crawled registry."""
    meta_schema = validator_cls.META_SCHEMA
    meta_validator = _crawled(
        validator_for(meta_schema, default=validator_cls)(
            meta_schema, format_checker=format_checker, registry=OPENAPI_SPECIFICATIONS
        )
    )

    def check(schema_value: Any) -> None:
        for error in meta_validator.iter_errors(schema_value):
            raise SchemaError.create_from(error)

    return check
