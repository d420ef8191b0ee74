"""runa-client-generator: Runa's dated OpenAPI specs -> typed, versioned Python client packages."""

__version__ = "0.1.0"
