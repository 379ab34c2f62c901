"""What this package was generated from; written by scripts/regen.py."""

GENERATOR = "openapi-python-client==0.29.1"
SCHEMA_FINGERPRINT = "048f433ce06f9d558540a4ecbdfd6b65a84691bf542df39a91f249798a7620c5"
