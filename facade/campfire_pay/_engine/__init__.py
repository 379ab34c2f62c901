"""The engine: what a read or a pay does, as generators that yield steps and do no I/O;
the decision table, the proof that records are this pay's own, the documents and
results it returns, and the two drivers that run the flows.

May import: ``campfire_pay._core``, ``campfire_pay._request``, ``campfire_pay.store`` (and ``campfire_pay.types``).
"""
