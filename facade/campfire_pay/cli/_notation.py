"""Read the command line's compact payment notation into item mappings.

    --transaction 14728800=883.33       transaction 14728800, amount 883.33
    --transaction 14728800              (with --in-full) the whole amount due
    --credit-memo 4029=150@2025-07-25   credit memo 4029, amount 150, posted on 2025-07-25
    --debit-memo 343=1000.01@2025-07-25
    --manual 2553=100.00@2025-07-25     account 2553, amount 100.00, paid on 2025-07-25
    --manual "2553:Operating Cash=100.00@2025-07-25"   with the account's name

The values themselves are checked by the payment items, with the rest of the payment.
"""

from __future__ import annotations

from typing import Any

from campfire_pay._items import manual_account_name
from campfire_pay._kinds import KindFacts
from campfire_pay._values import Problems


def _split(text: str, option: str, problems: Problems, *, dated: bool) -> tuple[str, str, str]:
    """``ID=AMOUNT@DATE`` into its three parts (empty strings where absent)."""
    ident, eq, rest = text.partition("=")
    amount, at, when = rest.partition("@")
    if not eq or not ident.strip() or not amount.strip():
        shape = "ID=AMOUNT@DATE" if dated else "ID=AMOUNT"
        problems.add(option, f"{text!r} is not {shape}")
    elif dated and not at:
        problems.add(option, f"{text!r} has no @DATE (e.g. {ident}={amount}@2025-07-25)")
    elif not dated and at:
        problems.add(option, f"{text!r}: a transaction takes no date")
    return ident.strip(), amount.strip(), when.strip()


def transactions(values: list[str], problems: Problems) -> list[dict[str, Any]]:
    """``--transaction ID=AMOUNT`` values."""
    items = []
    for index, text in enumerate(values):
        ident, amount, _ = _split(text, f"--transaction[{index}]", problems, dated=False)
        items.append({"transaction_id": ident, "amount": amount})
    return items


def memos(values: list[str], facts: KindFacts, problems: Problems) -> list[dict[str, Any]]:
    """``--credit-memo`` or ``--debit-memo ID=AMOUNT@DATE`` values."""
    items = []
    for index, text in enumerate(values):
        option = f"--{facts.memo_word}-memo[{index}]"
        ident, amount, when = _split(text, option, problems, dated=True)
        items.append({facts.memo_id_field: ident, "amount": amount, "posted_at": when})
    return items


def manual(values: list[str], problems: Problems) -> list[dict[str, Any]]:
    """``--manual ACCOUNT[:NAME]=AMOUNT@DATE`` values.

    Without a name, the account id stands as its name (``manual_account_name``).
    """
    items = []
    for index, text in enumerate(values):
        account, amount, when = _split(text, f"--manual[{index}]", problems, dated=True)
        ident, _, name = account.partition(":")
        items.append(
            {
                "account_id": ident.strip(),
                "account_name": manual_account_name(ident, name),
                "amount": amount,
                "payment_date": when,
            }
        )
    return items


def in_full_source(
    transactions_given: list[str], manual_given: list[str], problems: Problems
) -> tuple[str | None, tuple[str, str] | None, str | None]:
    """For ``--in-full``: one ``--transaction ID`` or one ``--manual ACCOUNT[:NAME]@DATE``."""
    if len(transactions_given) + len(manual_given) != 1:
        problems.add("--in-full", "give exactly one --transaction ID or --manual ACCOUNT@DATE")
        return None, None, None
    if transactions_given:
        text = transactions_given[0]
        if "=" in text:
            problems.add(
                "--transaction", "with --in-full give only the id: the amount is what is due"
            )
        return text.strip(), None, None
    account, at, when = manual_given[0].partition("@")
    if "=" in account:
        problems.add(
            "--manual", "with --in-full give ACCOUNT[:NAME]@DATE: the amount is what is due"
        )
    ident, _, name = account.partition(":")
    return None, (ident.strip(), manual_account_name(ident, name)), (when.strip() if at else None)
