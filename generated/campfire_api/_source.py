"""What this package was generated from; written by scripts/regen.py."""

GENERATOR = "openapi-python-client==0.29.1"
SCHEMA_FINGERPRINT = "79f9512b4b05ed54ac281e0d06491d2583903b03817ecd5b7fcd9f4f6e22b4dc"
