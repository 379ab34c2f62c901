"""What this package was generated from; written by scripts/regen.py."""

GENERATOR = "openapi-python-client==0.29.1"
SCHEMA_FINGERPRINT = "8a92ef8f3a96a6160d8c45e777903c514af171b871a640687ff5ad6ba9ac2d25"
