"""What this package was generated from; written by scripts/regen.py."""

GENERATOR = "openapi-python-client==0.29.1"
SCHEMA_FINGERPRINT = "19c1f56226044e1ddd3328917d5f2431d26c6c4fcc6a3cd55de31259116f50a7"
