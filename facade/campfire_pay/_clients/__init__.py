"""The clients: ``AsyncCampfire`` (hand-written), ``Campfire`` (written from it by
``scripts/unasync.py``), the settings they share, and their resources.

May import: ``campfire_pay._core``, ``campfire_pay._request``, ``campfire_pay._engine``, ``campfire_pay.store`` (and ``campfire_pay.types``).
"""
