"""The request side: loose input checked into exact values, the payment items the schema
allows, the per-kind table and one checked pay request. No I/O.

May import: ``campfire_pay._core`` (and ``campfire_pay.types``).
"""
