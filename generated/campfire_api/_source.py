"""What this package was generated from; written by scripts/regen.py."""

GENERATOR = "openapi-python-client==0.29.1"
SCHEMA_FINGERPRINT = "eefb37d6ee502b90377ab1f2cd1a9fdb208f537e95f2f965d04d41efbcf69a7e"
