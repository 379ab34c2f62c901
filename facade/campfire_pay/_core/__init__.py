"""The core: values and rules every layer shares (defaults, errors, exact JSON, the
server's clock, keys, settings, logging, the token bucket). No I/O.

May import: nothing of the package (and ``campfire_pay.types``).
"""
