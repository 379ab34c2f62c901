"""What this package was generated from; written by scripts/regen.py."""

GENERATOR = "openapi-python-client==0.29.1"
SCHEMA_FINGERPRINT = "4cadaeaeb88b8fb8ae19013048f134ea2b0a103c77dc7b7d18463cfb4e5eb7e0"
