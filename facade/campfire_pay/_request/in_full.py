"""Paying a document in full: the arguments checked up front, the request built once due is known.

What is due is read from Campfire just before the pay, so the request cannot be built here;
everything that does not depend on it is checked here, before anything is sent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from campfire_pay._request import values as v
from campfire_pay._request.items import ManualPayment, TransactionPayment
from campfire_pay._request.pay_request import PayRequest, build_pay_request
from campfire_pay.types import Account, DateLike, IdLike, Kind

InFull = Callable[[Decimal], PayRequest]


def in_full_request(
    kind: Kind,
    document_id: IdLike,
    transaction_id: IdLike | None,
    account: Account | None,
    on: DateLike | None,
) -> tuple[int, InFull]:
    """The document's id and how to build its pay for an amount due.

    Raises ``PaymentValidationError`` naming every problem: exactly one of ``transaction_id``
    and ``account`` is required; ``on`` (a manual payment's date) defaults to today.
    """
    problems = v.Problems()
    doc_id = v.identifier(document_id, f"{kind}_id", problems)
    txn_id = v.optional_identifier(transaction_id, "transaction_id", problems)
    when = v.date(on, "on", problems) if on is not None else dt.date.today()
    if (transaction_id is None) == (account is None):
        problems.add("", "give transaction_id or account, exactly one")
    account_id, account_name = 0, ""
    if account is not None:
        if not (isinstance(account, tuple) and len(account) == 2):
            problems.add("account", "must be (account_id, account_name)")
        else:
            account_id = v.identifier(account[0], "account[0]", problems)
            account_name = v.text(account[1], "account[1]", problems) or ""
    problems.raise_if_any()

    def build(due: Decimal) -> PayRequest:
        if txn_id is not None:
            return build_pay_request(kind, doc_id, transactions=[TransactionPayment(due, txn_id)])
        return build_pay_request(
            kind, doc_id, manual_payments=[ManualPayment(account_id, account_name, due, when)]
        )

    return doc_id, build
