"""What this package was generated from; written by scripts/regen.py."""

GENERATOR = "openapi-python-client==0.29.1"
SCHEMA_FINGERPRINT = "bedd39799772829e02d6613946eb0dfb96e38e8b41a647955adfcfe0f554ff7c"
