"""What this package was generated from; written by scripts/regen.py."""

GENERATOR = "openapi-python-client==0.29.1"
SCHEMA_FINGERPRINT = "9134c8e89a5a80d7e2270de29360d77fd3b0ec9cd30f581c37e0cf86fe54b577"
