"""``campfire-pay payments export``: Campfire's payments feed out as CSV or JSON Lines.

The feed is read a page at a time and each page written as it comes, so memory stays flat
however long the feed is. The columns are the feed item's fields in the schema, in Campfire's
names; voided payments are included with their ``voided_date``.

With ``--state FILE`` a rerun exports only what is new or changed since the last one: the file
keeps the ``last_modified_at`` and id of the last payment written, a fingerprint of each payment
written at that same instant (one changed there later, whatever its id, is news), and the
feed's cursor when a run stopped part-way. A payment voided since shows up again, with its ``voided_date``. The state
is saved (atomically) after each page is written and flushed, so a run cut short repeats at most
its last page, never skips one.
"""

# No ``from __future__ import annotations``: typer reads the command's annotations at runtime.
# Defining the command imports typer only: the client, the schema, the kinds' facts, json
# and the redaction are imported when it runs, so that ``--help`` and Tab completion stay fast.
import contextlib
import datetime as dt
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

import typer

from campfire_pay.cli._exits import EXIT_BAD_INPUT, err, fail
from campfire_pay.cli._help import examples
from campfire_pay.cli._literal import say
from campfire_pay.cli._lookup import checked, connect, json_line
from campfire_pay.cli._options import ApiKeyFile, BaseUrl

if TYPE_CHECKING:
    from campfire_pay._clients.resources import Documents
    from campfire_pay._engine.paging import PaymentPage, SyncedPayment
    from campfire_pay.types import Kind

payments_app = typer.Typer(
    help="Export Campfire's payments feed.",
    epilog=examples(
        "campfire-pay payments export --kind invoice > payments.csv",
        "campfire-pay payments export --kind bill --format jsonl --state bills.state",
    ),
    no_args_is_help=True,
    rich_markup_mode=None,
)
STATE_VERSION = 1
EXIT_REFUSED = 3
# Pages of 250 payments (about 70 kB of JSON): few enough requests, and small enough answers
# that the allocator reuses their memory rather than growing with the length of the feed.
PAGE_SIZE = 250
_FORMULA_START = ("=", "+", "@", "\t", "\r")


def columns(kind: "Kind") -> list[str]:
    """The feed item's fields in the schema, in its order: the CSV's header."""
    from campfire_pay._engine.operations import optional_operation
    from campfire_pay._request.embedded_schema import resolve, schema
    from campfire_pay._request.kinds import BY_KIND

    operation = optional_operation(BY_KIND[kind].payments_operation)
    if operation is None:
        return []
    answer = schema()["paths"][operation.path][operation.method]["responses"]
    for code, response in answer.items():
        if str(code).startswith("2"):
            node = response.get("content", {}).get("application/json", {}).get("schema", {})
            results = resolve(resolve(node).get("properties", {}).get("results", {}))
            return list(resolve(results.get("items", {})).get("properties", {}))
    return []


def _cell(value: Any) -> str:
    """A CSV cell: text that a spreadsheet would run as a formula is quoted with ``'``; any
    API key in it is masked."""
    if value is None:
        return ""
    from campfire_pay._core.redaction import redact

    text = redact(str(value))
    formula = text.startswith(_FORMULA_START) or (text.startswith("-") and not _number(text))
    return "'" + text if formula else text


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def read_state(path: Path, kind: "Kind") -> dict[str, Any] | None:
    """The saved state, checked; None when the file does not exist yet."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as error:
        fail(EXIT_BAD_INPUT, f"campfire-pay: cannot read the state file {path}: {error}")
    try:
        import json

        state = json.loads(text)
    except ValueError:
        fail(
            EXIT_BAD_INPUT,
            f"campfire-pay: the state file {path} is not JSON; delete it to start over",
        )
    fields = {"version": int, "kind": str, "last_modified_at": str, "last_id": int}
    if not isinstance(state, dict) or any(type(state.get(n)) is not t for n, t in fields.items()):
        fail(EXIT_BAD_INPUT, f"campfire-pay: the state file {path} is not an export state")
    if state["kind"] != kind or state["version"] != STATE_VERSION:
        fail(EXIT_BAD_INPUT, f"campfire-pay: the state file {path} is for {state['kind']} payments")
    return state


def save_state(path: Path, state: dict[str, Any]) -> None:
    """Write ``state`` whole or not at all (a temporary file renamed over the old one)."""
    import tempfile

    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent or Path("."))
    with os.fdopen(handle, "w", encoding="utf-8") as file:
        import json

        json.dump(state, file)
        file.flush()
        os.fsync(file.fileno())
    Path(temporary).replace(path)


@contextlib.contextmanager
def state_lock(path: Path | None) -> Iterator[None]:
    """Hold ``<state>.lock`` for the run: two exports on one state would each move it on and
    skip what the other wrote. A second run is refused at once (exit 3)."""
    if path is None:
        yield
        return
    import fcntl

    lock = path.with_name(path.name + ".lock")
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fail(EXIT_REFUSED, f"campfire-pay: {path} is in use by another export; try again later")
        yield
    finally:
        os.close(fd)


def _key(payment: "SyncedPayment") -> tuple[dt.datetime, int]:
    stamp = dt.datetime.fromisoformat(payment.last_modified_at.replace("Z", "+00:00"))
    return (stamp if stamp.tzinfo else stamp.replace(tzinfo=dt.UTC)), payment.id


def _fingerprint(payment: "SyncedPayment") -> str:
    """What a payment was when written: the same id changed since is written again."""
    import hashlib
    import json

    text = json.dumps(payment.raw, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _written(payment: "SyncedPayment", after: Any, at_mark: dict[str, str] | None) -> bool:
    """True when an earlier run (or this one) wrote the payment as it is now."""
    if after is None:
        return False
    key = _key(payment)
    if at_mark is None:  # a state saved before fingerprints were kept: the mark alone
        return bool(key <= after)
    if key[0] != after[0]:
        return bool(key[0] < after[0])
    return at_mark.get(str(payment.id)) == _fingerprint(payment)


def export(
    kind: "Kind",
    since: str | None,
    form: Literal["csv", "jsonl"],
    state_file: Path | None,
    api_key_file: Path | None,
    base_url: str | None,
) -> int:
    """Write the feed to stdout; the number of payments written."""
    import csv

    state = read_state(state_file, kind) if state_file else None
    cursor = _cursor_of(state)
    if state is not None:
        if since:
            say(err(), f"campfire-pay: continuing from {state_file}; --since is not used")
        # Part-way: the same filter and its cursor. Done: changes since the last one written.
        since = state.get("since") if cursor else state["last_modified_at"]
    after = _key_of(state)
    at_mark = _at_mark_of(state)
    written = 0
    writer = csv.writer(sys.stdout, lineterminator="\n") if form == "csv" else None
    names = columns(kind)
    with connect(api_key_file, base_url) as campfire:
        namespace = campfire.invoices if kind == "invoice" else campfire.bills
        pages = namespace.payment_pages(since=since, page_size=PAGE_SIZE, resume=cursor)  # checked
        if cursor is not None and state is not None:
            pages = _cursor_or_mark(pages, namespace, state["last_modified_at"])
        header = writer is not None  # written with the first page: a failed start prints none
        for page in pages:
            if header and writer is not None:
                writer.writerow(names)
                header = False
            for payment in page.payments:
                if _written(payment, after, at_mark):
                    continue  # written by an earlier run, and unchanged since
                if writer is not None:
                    writer.writerow([_cell(payment.raw.get(name)) for name in names])
                else:
                    json_line(payment.raw)
                written += 1
                key = _key(payment)
                if after is None or at_mark is None or key[0] != after[0]:
                    at_mark = {}
                at_mark[str(payment.id)] = _fingerprint(payment)
                after = key if after is None or key > after else after
            sys.stdout.flush()
            if state_file is not None and after is not None:
                stamp = after[0].isoformat()
                save_state(
                    state_file,
                    {
                        "version": STATE_VERSION,
                        "kind": kind,
                        "last_modified_at": stamp,
                        "last_id": after[1],
                        "cursor": _storable(page.next_cursor),
                        "since": since,
                        "at_mark": at_mark,
                    },
                )
    return written


def _cursor_or_mark(
    pages: "Iterator[PaymentPage]", namespace: "Documents", mark: str
) -> "Iterator[PaymentPage]":
    """The pages from a saved cursor; from the saved mark instead when Campfire refuses the
    cursor (expired, or from another server): payments already written are skipped either way."""
    from campfire_pay._core.errors import BadRequestError

    try:
        first = next(pages)
    except StopIteration:
        return
    except BadRequestError:
        say(err(), "campfire-pay: the saved cursor was refused; continuing from the saved mark")
        yield from namespace.payment_pages(since=mark, page_size=PAGE_SIZE)
        return
    yield first
    yield from pages


def _key_of(state: dict[str, Any] | None) -> tuple[dt.datetime, int] | None:
    if state is None:
        return None
    try:
        stamp = dt.datetime.fromisoformat(state["last_modified_at"])
    except ValueError:
        fail(EXIT_BAD_INPUT, "campfire-pay: the state file's last_modified_at is not a date-time")
    return (stamp if stamp.tzinfo else stamp.replace(tzinfo=dt.UTC)), state["last_id"]


def _storable(cursor: str | None) -> str | None:
    """The cursor to keep in the state file; None (a rerun goes on from the saved mark
    instead) when it holds a credential, as a server echoing the key could make it."""
    from campfire_pay._core.redaction import redact

    return cursor if cursor is None or redact(cursor) == cursor else None


def _at_mark_of(state: dict[str, Any] | None) -> dict[str, str] | None:
    """The fingerprints of the payments written at the saved instant; None when not kept."""
    marks = state.get("at_mark") if state is not None else None
    if not isinstance(marks, dict):
        return None
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in marks.items()):
        return None
    return marks


def _cursor_of(state: dict[str, Any] | None) -> str | None:
    """The feed's cursor where an earlier run stopped part-way; None when it ran to the end."""
    if state is None or not isinstance(state.get("cursor"), str) or not state["cursor"]:
        return None
    if state.get("since") is not None and not isinstance(state.get("since"), str):
        return None
    cursor: str = state["cursor"]
    return cursor


@payments_app.command(
    "export",
    help="Write the payments feed as CSV or JSON Lines to stdout.",
    epilog=examples(
        "campfire-pay payments export --kind invoice > payments.csv",
        "campfire-pay payments export --kind bill --since 2025-07-01 --format jsonl",
        "campfire-pay payments export --kind invoice --state invoices.state >> payments.csv",
    ),
)
def export_command(
    kind: Annotated[str, typer.Option("--kind", metavar="KIND", help="invoice or bill.")],
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            metavar="WHEN",
            help="Only payments changed on or after (ISO 8601 date or time).",
        ),
    ] = None,
    form: Annotated[str, typer.Option("--format", metavar="FORMAT", help="csv or jsonl.")] = "csv",
    state: Annotated[
        Path | None,
        typer.Option(
            "--state",
            metavar="FILE",
            dir_okay=False,
            help="Keep the sync's place here; a rerun exports only what changed.",
        ),
    ] = None,
    api_key_file: ApiKeyFile = None,
    base_url: BaseUrl = None,
) -> None:
    from campfire_pay.cli._outputs import Output, output_problem

    problems = []
    if kind not in ("invoice", "bill"):
        problems.append(f"--kind: must be invoice or bill, not {kind!r}")
    if form not in ("csv", "jsonl"):
        problems.append(f"--format: must be csv or jsonl, not {form!r}")
    if state is not None:  # the state and its lock are written: checked before any request
        keep = (api_key_file,) if api_key_file is not None else ()
        lock = state.with_name(state.name + ".lock")
        for output in (
            Output(state, "--state", str(state), keep),
            Output(lock, "--state", str(state), (*keep, state)),
        ):
            problem = output_problem(output)
            if problem is not None and problem not in problems:
                problems.append(problem)
    if problems:
        fail(EXIT_BAD_INPUT, "campfire-pay: nothing was sent:", *problems)
    with state_lock(state):
        count = checked(lambda: export(kind, since, form, state, api_key_file, base_url))  # type: ignore[arg-type]
    say(err(), f"campfire-pay: {count} {kind} payments exported")
