"""What this package was generated from; written by scripts/regen.py."""

GENERATOR = "openapi-python-client==0.29.1"
SCHEMA_FINGERPRINT = "7325bcf9679d711d62df5b6599e4074bed7ced1fa8ad4084640c3b68de0d534e"
