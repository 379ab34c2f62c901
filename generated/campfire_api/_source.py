"""What this package was generated from; written by scripts/regen.py."""

GENERATOR = "openapi-python-client==0.29.1"
SCHEMA_FINGERPRINT = "91a43fa50409835e19c2e6c3e44de89f95db79b858171214591f16f31283f285"
