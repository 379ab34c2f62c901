"""What this package was generated from; written by scripts/regen.py."""

GENERATOR = "openapi-python-client==0.29.1"
SCHEMA_FINGERPRINT = "1912be93cf619bb2027faf35c23bbcf4c743808f61e3572848bedd73fee193e9"
