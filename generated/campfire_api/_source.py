"""What this package was generated from; written by scripts/regen.py."""

GENERATOR = "openapi-python-client==0.29.1"
SCHEMA_FINGERPRINT = "707daa228e34c2e93e4c0bc8b90d02e6babfe291462a1267fe4f9a77fac34320"
