"""Read the command line's compact payment notation into item mappings.

    --transaction 14728800=883.33       transaction 14728800, amount 883.33
    --transaction 14728800              (with --in-full) the whole amount due
    --credit-memo 4029=150@2025-07-25   credit memo 4029, amount 150, posted on 2025-07-25
    --debit-memo 343=1000.01@2025-07-25
    --manual 2553=100.00@2025-07-25     account 2553, amount 100.00, paid on 2025-07-25
    --manual "2553:Operating Cash=100.00@2025-07-25"   with the account's name

A text not in this shape is one problem, named by its option and the text as typed
(``--transaction 2: not ID=AMOUNT``), and is left out of what the payment items check, so
that one mistake is reported once. The values themselves are checked by the payment items,
with the rest of the payment.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs

from campfire_pay._request.items import manual_account_name
from campfire_pay._request.kinds import KindFacts
from campfire_pay._request.values import Problems


@attrs.define
class Parsed:
    """The items read from one option, and the texts they came from (in the same order)."""

    items: list[dict[str, Any]] = attrs.field(factory=list)
    texts: list[str] = attrs.field(factory=list)
    #: True when some text given was not in the option's shape (reported already).
    malformed: bool = False


def _split(
    text: str, option: str, problems: Problems, *, dated: bool
) -> tuple[str, str, str] | None:
    """``ID=AMOUNT@DATE`` into its three parts, or None (a problem added) when not that."""
    ident, eq, rest = text.partition("=")
    amount, at, when = rest.partition("@")
    where = f"{option} {text}"
    if not eq or not ident.strip() or not amount.strip():
        shape = "ID=AMOUNT@DATE" if dated else "ID=AMOUNT"
        problems.add(where, f"not {shape}")
    elif dated and not at:
        problems.add(where, f"has no @DATE (e.g. {ident}={amount}@2025-07-25)")
    elif not dated and at:
        problems.add(where, "a transaction takes no date")
    else:
        return ident.strip(), amount.strip(), when.strip()
    return None


def _parse_each(
    values: list[str],
    option: str,
    problems: Problems,
    *,
    dated: bool,
    item: Callable[[tuple[str, str, str]], dict[str, Any]],
) -> Parsed:
    """Each of ``option``'s values split and made an item; a malformed one is a problem."""
    parsed = Parsed()
    for text in values:
        split = _split(text, option, problems, dated=dated)
        if split is None:
            parsed.malformed = True
            continue
        parsed.items.append(item(split))
        parsed.texts.append(text)
    return parsed


def transactions(values: list[str], problems: Problems) -> Parsed:
    """``--transaction ID=AMOUNT`` values."""
    return _parse_each(
        values,
        "--transaction",
        problems,
        dated=False,
        item=lambda split: {"transaction_id": split[0], "amount": split[1]},
    )


def memos(values: list[str], facts: KindFacts, problems: Problems) -> Parsed:
    """``--credit-memo`` or ``--debit-memo ID=AMOUNT@DATE`` values."""

    def memo(split: tuple[str, str, str]) -> dict[str, Any]:
        ident, amount, when = split
        return {facts.memo_id_field: ident, "amount": amount, "posted_at": when}

    return _parse_each(values, f"--{facts.memo_word}-memo", problems, dated=True, item=memo)


def manual(values: list[str], problems: Problems) -> Parsed:
    """``--manual ACCOUNT[:NAME]=AMOUNT@DATE`` values.

    Without a name, the account id stands as its name (``manual_account_name``).
    """

    def payment(split: tuple[str, str, str]) -> dict[str, Any]:
        account, amount, when = split
        ident, _, name = account.partition(":")
        return {
            "account_id": ident.strip(),
            "account_name": manual_account_name(ident, name),
            "amount": amount,
            "payment_date": when,
        }

    return _parse_each(values, "--manual", problems, dated=True, item=payment)


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
                f"--transaction {text}",
                "with --in-full give only the id: the amount is what is due",
            )
        return text.strip(), None, None
    account, at, when = manual_given[0].partition("@")
    if "=" in account:
        problems.add(
            f"--manual {manual_given[0]}",
            "with --in-full give ACCOUNT[:NAME]@DATE: the amount is what is due",
        )
    ident, _, name = account.partition(":")
    return None, (ident.strip(), manual_account_name(ident, name)), (when.strip() if at else None)
