"""The one place where the library's Python names become the command line's flags.

The library speaks Python: its errors and problems name a parameter as a Python caller would
write it (``resume=True``, ``encoding='latin-1'``, ``allow_duplicate_rows=True``,
``api_key=...``) and a payment's fields by their paths (``transactions[0].amount``). A user of
the command line never wrote those; ``speak_flags()`` turns each into the flag that does the
same (``--resume``, ``--encoding latin-1``, ...), and ``option_problem()`` names a payment
field by the option the user typed and the text they gave it.

A new command that shows a library message passes it through ``speak_flags()``; a library
message that names a new parameter gets a row in ``PYTHON_TO_FLAG`` (a test checks that every
``name=`` a library module writes has one).
"""

from __future__ import annotations

import functools
import re

#: Each Python spelling (a pattern) and the flag that says the same on the command line.
PYTHON_TO_FLAG: tuple[tuple[str, str], ...] = (
    (r"\bresume=True\b", "--resume"),
    (r"\ballow_duplicate_rows=True\b", "--allow-duplicate-rows"),
    (r"\bencoding=(['\"])([^'\"]*)\1", r"--encoding \2"),
    (r"\bencoding=None\b", "--encoding"),
    (r"\bapi_key=\.\.\.", "--api-key-file FILE"),
    (r"\bprefix=(['\"])([^'\"]*)\1", r"--results \2"),
    (r"\bidempotency_key=(['\"])([^'\"]*)\1", r"--idempotency-key \2"),
    # The command line always gives a client; its key is what a user can give.
    (r"\(plan_csv\(\.\.\., client=\.\.\.\)\)", "(--api-key-file FILE or $CAMPFIRE_API_KEY)"),
    (r"\bclient=\.\.\.", "--api-key-file FILE"),
    # The command line has no option for the answer cap: it names the cap, and drops the
    # advice to raise it.
    (r"\bmax_answer_bytes=(\d+)", r"the cap of \1 bytes"),
    (r"; raise max_answer_bytes if such answers are expected", ""),
)


@functools.cache
def _compiled() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(pattern), flag) for pattern, flag in PYTHON_TO_FLAG)


#: A payment's lists, by their Python names, and the option that fills each.
LIST_OPTIONS = {
    "transactions": "--transaction",
    "credit_memos": "--credit-memo",
    "debit_memos": "--debit-memo",
    "manual_payments": "--manual",
}
#: A payment item's fields, by the part of the option's ``ID[:NAME]=AMOUNT@DATE`` they come from.
FIELD_WORDS = {
    "transaction_id": "ID",
    "credit_memo_id": "ID",
    "debit_memo_id": "ID",
    "account_id": "ACCOUNT",
    "account_name": "NAME",
    "amount": "AMOUNT",
    "posted_at": "DATE",
    "payment_date": "DATE",
}

#: The other parameters a problem can name, and the option (or argument) that gives each.
PARAMETER_OPTIONS = {
    "invoice_id": "INVOICE_ID",
    "bill_id": "BILL_ID",
    "transaction_id": "--transaction",  # pay in full
    "account": "--manual",
    "on": "--manual",
    "idempotency_key": "--idempotency-key",
}
_PATH = r"^(?P<name>[a-z_]+)(?:\[(?P<index>\d+)\])?(?:\.(?P<field>.+))?$"


def speak_flags(text: str) -> str:
    """``text`` with every Python parameter the library names replaced by its flag."""
    for pattern, flag in _compiled():
        text = pattern.sub(flag, text)
    return text


def option_problem(path: str, message: str, given: dict[str, list[str]]) -> str:
    """A payment problem at ``path`` (``transactions[1].amount``) in the user's words:
    ``--transaction 14728800=0: AMOUNT must be greater than 0``. ``given`` holds, per list
    or parameter, the texts the user typed that were sent to the library, in order."""
    found = re.match(_PATH, path)
    if not path or found is None:
        return f"{path}: {speak_flags(message)}" if path else speak_flags(message)
    name, index, field = found["name"], found["index"], found["field"]
    texts = given.get(name, [])
    if name in LIST_OPTIONS and index is not None:
        at = int(index)
        typed = f" {texts[at]}" if at < len(texts) else ""
        part = f"{FIELD_WORDS.get(field, field)} " if field else ""
        return f"{LIST_OPTIONS[name]}{typed}: {part}{message}"
    if name in PARAMETER_OPTIONS:
        typed = f" {texts[0]}" if len(texts) == 1 else ""
        return f"{PARAMETER_OPTIONS[name]}{typed}: {message}"
    return f"{path}: {speak_flags(message)}"
