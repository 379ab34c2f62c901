"""The pay engine: what a read or a pay does, step by step, and the drivers that run it.

Flows (``read``, ``pay``) are generators that yield steps (``steps``: an HTTP call, a wait)
and take back what came of them; they do no I/O. Every way a pay attempt can end is a row of
``decisions``; ``pay_state`` sorts each reply into its row and ``replies`` says what a reply
means. Two small drivers (``drivers``) run the same flows over a sync or an async httpx client,
reading every answer within its size cap and the call's deadline (``answers``),
and ``recorder`` records every request for history, hooks, logs and pace. Nothing in the core
(``campfire_pay._*``) imports the engine.
"""
