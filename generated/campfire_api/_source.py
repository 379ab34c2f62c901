"""What this package was generated from; written by scripts/regen.py."""

GENERATOR = "openapi-python-client==0.29.1"
SCHEMA_FINGERPRINT = "3889930bc1840be4d1c92b1be72225d09db41d56e15112941939bed56d92a5a2"
