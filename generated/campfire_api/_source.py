"""What this package was generated from; written by scripts/regen.py."""

GENERATOR = "openapi-python-client==0.29.1"
SCHEMA_FINGERPRINT = "1cadd5447e958a3f275aa4dd63d7631cf0cf4eca6af2c9465b4c339108c4e2b6"
