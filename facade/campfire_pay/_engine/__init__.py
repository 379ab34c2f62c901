"""The pay engine: what a read or a pay does, step by step, and the drivers that run it.

Flows (``flows``) are generators that yield steps (an HTTP call, a wait) and take back what
came of them; they do no I/O. Every way a pay attempt can end is a row of ``decisions``.
Two small drivers (``drivers``) run the same flows over a sync or an async httpx client.
"""
