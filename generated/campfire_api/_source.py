"""What this package was generated from; written by scripts/regen.py."""

GENERATOR = "openapi-python-client==0.29.1"
SCHEMA_FINGERPRINT = "61fdd14adfc76a142f49808e7443b0ae5151dd97adc48dd0449b494c6d2c6c8e"
