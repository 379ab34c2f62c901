"""What this package was generated from; written by scripts/regen.py."""

GENERATOR = "openapi-python-client==0.29.1"
SCHEMA_FINGERPRINT = "a7e64e599b75dab0f9026bd51a6bcf38acf60844583afe48b95ebd3893ca3ac5"
