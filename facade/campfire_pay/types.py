"""The types that campfire-pay's public signatures use, importable for your own annotations.

For example, a function that forwards a document id and the items to pay:

```python
from campfire_pay import Campfire
from campfire_pay.types import IdLike, ItemsArg

def pay_from_bank(client: Campfire, invoice_id: IdLike, lines: ItemsArg) -> None:
    client.pay_invoice(invoice_id, transactions=lines)
```

Each alias accepts what the library checks and turns into an exact value before anything is
sent: an id as ``2553`` or ``"2553"``, an amount as ``Decimal("883.33")`` or ``"883.33"``.
"""

from __future__ import annotations

import datetime as dt
import os
import ssl
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, Literal, Union

__all__ = ["Account", "AmountLike", "DateLike", "IdLike", "ItemsArg", "Kind", "StoreLike", "Verify"]

IdLike = int | str
"""A Campfire record id: a positive ``int``, or its digits as a string (as read from a CSV)."""

AmountLike = Decimal | int | str | float
"""An amount of money, greater than 0 with at most 2 decimal places.

Checked digit by digit in a private decimal context; a ``float`` is accepted only when its
shortest repr has at most 2 places (``883.33`` yes, ``0.1 + 0.2`` no). Prefer ``Decimal`` or
a string.
"""

DateLike = dt.date | str
"""A calendar date: a ``datetime.date`` or an unambiguous date string (ISO 8601 always works)."""

Kind = Literal["invoice", "bill"]
"""Which kind of document a pay is for: an invoice (money in) or a bill (money out)."""

ItemsArg = Iterable[Any] | None
"""A list of payment items (``TransactionPayment``, ``ManualPayment``, ...), or ``None``.

``None`` leaves the list out of the request; any iterable is read once, so a generator works.
"""

Account = tuple[IdLike, str]
"""A ledger account as ``(account_id, account_name)``, e.g. ``(1000, "1000 - Operating Cash")``."""

Verify = bool | str | ssl.SSLContext
"""How TLS certificates are checked: ``True`` (the default), an ``ssl.SSLContext``, the path of a
CA bundle file, or ``False`` to turn checks off (logged as a warning)."""

StoreLike = Union[str, "os.PathLike[str]", Any]
"""Where a client keeps the intents of its pays: a SQLite file's path, a ``postgresql://`` URL,
or a store opened with ``campfire_pay.store.open_store`` (an ``IntentStore``, which several
clients may share)."""
