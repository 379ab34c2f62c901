"""A randomized history check of pays, in the spirit of Jepsen: run, record, then audit.

Several clients at once, sync (one thread each) and async (tasks on one event loop), make
random pays on shared invoices and bills: transactions, memos and manual payments, partial
and in full, installments that repeat the previous pay exactly, and deliberate copies of
another client's recent pay. Before about ``fault_rate`` of the pays a client arms random
faults of every class the sandbox has on that document: on the pay and on its read-back,
2xx answers that apply nothing (a portal's page, a replay, a misroute) included.

Each client records its history: every logical pay, its idempotency key and how it ended.
The audit then judges every history against the sandbox's own account (``Sandbox.audit``),
never against what a client said:

- no key was applied twice (one logical pay, at most one set of records);
- every success names only records that its own request created, and its pay was applied;
- every ``PaymentOutcomeUnknownError`` names its own key, and that pay was applied at most once;
- every other error is a pay that was never applied, even late;
- nothing escaped as anything but a ``CampfireError``;
- every applied pay carries a key some history holds (no pay went out under another key).

The invariants hold under any seed and any timing; the seed only picks the workload.
``run_history(config, seed)`` runs one configuration and returns its ``Verdict``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import inspect
import multiprocessing
import random
import tempfile
import threading
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from decimal import Decimal
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, Literal

from campfire_pay import (
    AsyncCampfire,
    Campfire,
    CampfireError,
    CreditMemoPayment,
    DebitMemoPayment,
    ManualPayment,
    PaymentOutcomeUnknownError,
    TransactionPayment,
)
from campfire_pay.sandbox import FAULT_KINDS, LedgerDocument, Sandbox
from campfire_pay.sandbox._faults import ANSWERS_WITHOUT_APPLYING

Outcome = Literal["success", "unknown", "failed", "escaped"]
AMOUNTS = tuple(Decimal(a) for a in ("5.00", "12.50", "20.00", "33.33", "40.00", "75.10"))
BIG = Decimal("1000000000.00")
ACCOUNT = (1000, "Cash")
SETTLE_SECONDS = 15.0


@dataclass(frozen=True)
class HistoryConfig:
    """One configuration of the check: the server, the client's settings, the workload."""

    name: str
    keys_honoured: bool  # the sandbox honours idempotency keys
    client_says_honoured: bool = False  # server_honours_idempotency_keys, where the client has it
    response_style: Literal["document", "ids"] = "document"
    clock_skew: float = 0.0  # the server's clock against the client's, in seconds
    sync_clients: int = 8
    async_clients: int = 8
    pays: int = 1000
    invoices: int = 100
    bills: int = 100
    fault_rate: float = 0.4
    installment_rate: float = 0.08  # repeat my previous pay exactly (a new logical pay)
    copy_rate: float = 0.08  # repeat another client's recent pay exactly
    in_full_rate: float = 0.03
    timeout: float = 0.3
    reconcile_grace: float = 0.05
    settle_time: float = 0.5
    deadline: float = 2.0
    max_answer_bytes: int = 256 * 1024  # small, so that oversize bodies and bombs stay cheap
    processes: int = 0  # 0: every client in this process; n: the clients split over n processes
    store: bool = False  # every client shares one SQLite intent store (``store=``)
    sole_writer: bool = False  # the clients declare that nothing else pays these documents
    foreign_lookalikes: bool = True  # arm look-alikes: another writer's identical pays
    resolve_after: float | None = None  # store only: pay each unknown again with its key, so long
    # after the client's last pay (the store resumes it from its mark: judged, never resent)


@dataclass
class Entry:
    """One logical pay in a client's history."""

    client: str
    key: str
    kind: str
    document_id: int
    what: str
    outcome: Outcome = "failed"
    payment_ids: tuple[int, ...] = ()
    reconciled: bool = False
    error: str = ""
    error_key: str | None = None
    seconds: float = 0.0
    resolved: Outcome | None = None  # how paying it again with its key ended (store only)
    resolved_ids: tuple[int, ...] = ()
    resolved_error: str = ""


@dataclass
class Verdict:
    """The counts of one run and every violation found (empty when the engine is sound)."""

    config: HistoryConfig
    seed: str
    seconds: float = 0.0
    counts: Counter[str] = field(default_factory=Counter)
    faults: Counter[str] = field(default_factory=Counter)
    violations: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One line of counts, the form the test prints."""
        c = self.counts
        share = c["unknown"] / c["pays"] if c["pays"] else 0.0
        return (
            f"[{self.config.name}] seed={self.seed} {c['pays']} pays in {self.seconds:.1f} s: "
            f"successes={c['success']} reconciled={c['reconciled']} "
            f"unknowns={c['unknown']} ({share:.1%}) failed={c['failed']} "
            f"escaped={c['escaped']} | double-applied={c['double_applied']} "
            f"false-successes={c['false_success']} unknown-applied-twice={c['unknown_twice']} "
            f"gap-lookalikes={c['gap_lookalike']} "
            f"false-failures={c['false_failure']} orphans={c['orphan']} | "
            f"faults fired={sum(self.faults.values())}"
            + (self._store_summary() if self.config.store else "")
        )

    def _store_summary(self) -> str:
        """The store's part: pays it refused before sending, and unknowns among pays sent."""
        c = self.counts
        sent = c["pays"] - c["refused_repeat"] - c["busy"]
        share = c["unknown"] / sent if sent else 0.0
        left = (c["unknown"] - c["resolved"]) / c["pays"] if c["pays"] else 0.0
        resolved = (
            f" resolved-later={c['resolved']} unknowns-after={left:.1%}"
            if self.config.resolve_after is not None
            else ""
        )
        return (
            f" | store: refused-repeat={c['refused_repeat']} busy={c['busy']} "
            f"unknowns-of-sent={share:.1%}{resolved} "
            f"false-resolutions={c['false_resolution']} store-mismatches={c['store_mismatch']}"
        )

    @property
    def unknown_share(self) -> float:
        """Unknown outcomes as a share of all pays."""
        return self.counts["unknown"] / self.counts["pays"] if self.counts["pays"] else 0.0


class _Board:
    """Recent pays of every client, for deliberate look-alikes between clients."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._recent: deque[tuple[str, int, dict[str, Any], str]] = deque(maxlen=32)

    def post(self, kind: str, doc_id: int, items: dict[str, Any], what: str) -> None:
        with self._lock:
            self._recent.append((kind, doc_id, items, what))

    def pick(self, rng: random.Random) -> tuple[str, int, dict[str, Any], str] | None:
        with self._lock:
            return rng.choice(self._recent) if self._recent else None


@dataclass
class _World:
    """The shared documents and money every client pays from."""

    sandbox: Sandbox
    documents: list[LedgerDocument]
    transactions: list[int]
    credit_memos: list[int]
    debit_memos: list[int]
    today: dt.date
    board: _Board = field(default_factory=_Board)
    store: str | None = None  # the intent store every client shares, if any


def _world(sandbox: Sandbox, config: HistoryConfig, rng: random.Random) -> _World:
    docs = [sandbox.add_invoice(_total(rng)) for _ in range(config.invoices)]
    docs += [sandbox.add_bill(_total(rng)) for _ in range(config.bills)]
    return _World(
        sandbox,
        docs,
        [sandbox.add_bank_transaction(BIG).id for _ in range(24)],
        [sandbox.add_credit_memo(BIG).id for _ in range(8)],
        [sandbox.add_debit_memo(BIG).id for _ in range(8)],
        sandbox.ledger.today,
    )


def _total(rng: random.Random) -> Decimal:
    """Mostly large enough never to be paid off by parts; some small, to be overpaid."""
    return Decimal(rng.choice(["150.00", "400.00", "100000.00", "100000.00", "100000.00"]))


# -- faults ------------------------------------------------------------------------------------

POST_FAULTS = FAULT_KINDS  # the 2xx answers that apply nothing included
# What can befall a read: no pay to apply, late or otherwise, no look-alike to copy, and no
# answer to a pay (a portal's page, a replay, a misroute, a 2xx that applied nothing).
GET_FAULTS = tuple(
    k
    for k in FAULT_KINDS
    if "apply" not in k and not k.startswith("lookalike") and k not in ANSWERS_WITHOUT_APPLYING
)
# Without another writer: what a declared sole writer (``sole_writer=True``) may meet.
OWN_POST_FAULTS = tuple(k for k in FAULT_KINDS if not k.startswith("lookalike"))


def _arm(
    world: _World, config: HistoryConfig, rng: random.Random, doc: LedgerDocument
) -> list[str]:
    """Arm one to three random faults on ``doc``'s pay and read-back; returns their names."""
    if rng.random() >= config.fault_rate:
        return []
    armed = []
    post_faults = POST_FAULTS if config.foreign_lookalikes else OWN_POST_FAULTS
    for _ in range(rng.choice((1, 1, 2, 3))):
        on_read = rng.random() < 0.35
        kind = rng.choice(GET_FAULTS if on_read else post_faults)
        path = f"/{doc.kind}/{doc.id}/" + ("" if on_read else "pay/")
        options: dict[str, Any] = {"path": path, "method": "GET" if on_read else None}
        if kind == "rate_limit":
            options["retry_after"] = rng.choice((0.02, 0.1, 0.3))
        elif kind == "delay":
            options["seconds"] = config.timeout + rng.choice((0.05, 0.3, 1.0))
        elif kind.endswith("apply_late"):
            options["seconds"] = rng.choice((0.05, 0.25, 0.6, 1.2))
            options["status"] = rng.choice((500, 502, 504))
        elif kind == "date_skew":
            options["seconds"] = rng.choice((-30, -10, -2, 2, 10, 30))
        elif kind == "lookalike_after":
            options["seconds"] = rng.choice((0.0, 0.0, 0.1, 0.4))
        elif kind == "drip":  # some end well inside the deadline, some never in time
            options["seconds"] = rng.choice((0.002, 0.01, 0.05))
            options["size"] = rng.choice((16, 64, 256))
        elif kind == "deep_json":
            options["size"] = rng.choice((5_000, 100_000))
        elif kind == "oversize":
            options["size"] = rng.choice((300_000, 2_000_000))
        elif kind == "gzip_bomb":
            options["size"] = 50_000_000
        elif kind == "echo_auth":
            options["status"] = rng.choice((401, 503))
        world.sandbox.faults.add(kind, rng.choice((1, 1, 1, 2)), **options)  # type: ignore[arg-type]
        armed.append(f"{kind}{'@GET' if on_read else ''}")
    return armed


# -- the workload ------------------------------------------------------------------------------


def _items(world: _World, rng: random.Random, doc: LedgerDocument) -> tuple[dict[str, Any], str]:
    """Random applications for ``doc``, as keyword arguments of ``pay``, and a description."""
    items: dict[str, Any] = {}
    parts = []
    choices = rng.sample(("transaction", "memo", "manual"), rng.choice((1, 1, 1, 2)))
    for choice in choices:
        amount = rng.choice(AMOUNTS)
        if choice == "transaction":
            txn = rng.choice(world.transactions)
            items["transactions"] = [TransactionPayment(amount, txn)]
            parts.append(f"txn {txn} {amount}")
        elif choice == "memo" and doc.kind == "invoice":
            memo = rng.choice(world.credit_memos)
            items["credit_memos"] = [CreditMemoPayment(memo, amount, world.today)]
            parts.append(f"credit memo {memo} {amount}")
        elif choice == "memo":
            memo = rng.choice(world.debit_memos)
            items["debit_memos"] = [DebitMemoPayment(memo, amount, world.today)]
            parts.append(f"debit memo {memo} {amount}")
        else:
            items["manual_payments"] = [ManualPayment(*ACCOUNT, amount, world.today)]
            parts.append(f"manual {amount}")
    return items, " + ".join(parts)


@dataclass
class _Plan:
    """One pay to make: a partial pay (``items``) or a pay in full (``in_full``)."""

    kind: str
    doc: LedgerDocument
    items: dict[str, Any]
    what: str
    in_full: dict[str, Any] | None = None


class _Client:
    """One client's workload and history; ``plan`` is the same for the sync and async kinds."""

    def __init__(self, name: str, world: _World, config: HistoryConfig, seed: str) -> None:
        self.name = name
        self.world = world
        self.config = config
        self.rng = random.Random(f"{seed}-{config.name}-{name}")
        self.history: list[Entry] = []
        self.plans: dict[str, _Plan] = {}
        self.faults: Counter[str] = Counter()
        self._last: _Plan | None = None

    def plan(self) -> _Plan:
        rng, world = self.rng, self.world
        roll = rng.random()
        if self._last is not None and roll < self.config.installment_rate:
            plan = _Plan(self._last.kind, self._last.doc, self._last.items, self._last.what)
            plan.what = f"installment: {plan.what}"
        elif roll < self.config.installment_rate + self.config.copy_rate and (
            copied := world.board.pick(rng)
        ):
            kind, doc_id, items, what = copied
            doc = next(d for d in world.documents if d.kind == kind and d.id == doc_id)
            plan = _Plan(kind, doc, items, f"copy: {what}")
        else:
            doc = rng.choice(world.documents)
            roll = rng.random()
            if roll < self.config.in_full_rate:
                txn = rng.choice(world.transactions)
                args: dict[str, Any] = (
                    {"transaction_id": txn} if rng.random() < 0.5 else {"account": ACCOUNT}
                )
                return _Plan(doc.kind, doc, {}, f"in full {args}", in_full=args)
            items, what = _items(world, rng, doc)
            plan = _Plan(doc.kind, doc, items, what)
            world.board.post(doc.kind, doc.id, items, what)
        self._last = plan
        return plan

    def begin(self, plan: _Plan) -> Entry:
        key = f"{self.config.name}-{self.name}-{len(self.history) + 1}"
        for fault in _arm(self.world, self.config, self.rng, plan.doc):
            self.faults[fault] += 1
        entry = Entry(self.name, key, plan.kind, plan.doc.id, plan.what)
        self.history.append(entry)
        self.plans[key] = plan
        return entry


def _ended(entry: Entry, result: Any = None, error: Exception | None = None) -> None:
    """Write how a pay ended into its history entry."""
    if isinstance(error, PaymentOutcomeUnknownError):
        entry.outcome = "unknown"
        entry.error_key = error.idempotency_key
        entry.error = str(error)[:300]
    elif error is not None:
        entry.outcome = "failed" if isinstance(error, CampfireError) else "escaped"
        entry.error = f"{type(error).__name__}: {str(error)[:300]}"
    else:
        entry.outcome = "success"
        entry.payment_ids = tuple(result.payment_ids)
        entry.reconciled = bool(result.reconciled)
        entry.error_key = result.idempotency_key


def _call(campfire: Campfire | AsyncCampfire, plan: _Plan, key: str, store: bool = False) -> Any:
    """The pay ``plan`` describes, with its key: a result, or an awaitable of one.

    With a store, an installment says it means to repeat (``allow_repeat``); a copy of another
    client's pay does not, and the store refuses it when that pay is applied or under way.
    """
    repeat = {"allow_repeat": True} if store and plan.what.startswith("installment") else {}
    if plan.in_full is None:
        return campfire.pay(plan.kind, plan.doc.id, idempotency_key=key, **plan.items, **repeat)  # type: ignore[arg-type]
    if plan.kind == "invoice":
        return campfire.pay_invoice_in_full(
            plan.doc.id, idempotency_key=key, **plan.in_full, **repeat
        )
    return campfire.pay_bill_in_full(plan.doc.id, idempotency_key=key, **plan.in_full, **repeat)


def _client_options(config: HistoryConfig, client_class: type) -> dict[str, Any]:
    """Short timeouts for the check; settings the client has only when it has them."""
    options: dict[str, Any] = {
        "timeout": config.timeout,
        "connect_timeout": config.timeout,
        "deadline": config.deadline,
        "max_retries": 2,
        "backoff": 0.02,
        "reconcile_grace": config.reconcile_grace,
    }
    accepted = inspect.signature(client_class.__init__).parameters
    if "settle_time" in accepted:
        options["settle_time"] = config.settle_time
    if "server_honours_idempotency_keys" in accepted:
        options["server_honours_idempotency_keys"] = config.client_says_honoured
    if "max_answer_bytes" in accepted:
        options["max_answer_bytes"] = config.max_answer_bytes
    if config.sole_writer:
        options["sole_writer"] = True
    return options


def _sync_client(client: _Client, count: int) -> None:
    sandbox = client.world.sandbox
    options = _client_options(client.config, Campfire)
    if client.world.store:
        options["store"] = client.world.store
    with Campfire(sandbox.api_key, base_url=sandbox.base_url, **options) as campfire:
        for _ in range(count):
            plan = client.plan()
            entry = client.begin(plan)
            started = time.monotonic()
            try:
                result = _call(campfire, plan, entry.key, bool(client.world.store))
            except Exception as error:
                _ended(entry, error=error)
            else:
                _ended(entry, result)
            entry.seconds = time.monotonic() - started
        if client.config.resolve_after is not None and client.world.store:
            time.sleep(client.config.resolve_after)
            for entry in _unknowns(client):
                try:
                    result = _call(campfire, client.plans[entry.key], entry.key, True)
                except Exception as error:
                    _resolved(entry, error=error)
                else:
                    _resolved(entry, result)


def _unknowns(client: _Client) -> list[Entry]:
    return [entry for entry in client.history if entry.outcome == "unknown"]


def _resolved(entry: Entry, result: Any = None, error: Exception | None = None) -> None:
    """How paying an unknown pay again with its own key ended: success, or still unknown."""
    if error is None:
        entry.resolved, entry.resolved_ids = "success", tuple(result.payment_ids)
    elif isinstance(error, CampfireError):
        entry.resolved = "unknown"  # unknown again, or refused: either way not resolved
        entry.resolved_error = f"{type(error).__name__}: {str(error)[:300]}"
    else:
        entry.resolved, entry.error = "escaped", f"{type(error).__name__}: {error}"


async def _async_client(client: _Client, count: int) -> None:
    sandbox = client.world.sandbox
    options = _client_options(client.config, AsyncCampfire)
    if client.world.store:
        options["store"] = client.world.store
    async with AsyncCampfire(sandbox.api_key, base_url=sandbox.base_url, **options) as campfire:
        for _ in range(count):
            plan = client.plan()
            entry = client.begin(plan)
            started = time.monotonic()
            try:
                result = await _call(campfire, plan, entry.key, bool(client.world.store))
            except Exception as error:
                _ended(entry, error=error)
            else:
                _ended(entry, result)
            entry.seconds = time.monotonic() - started
        if client.config.resolve_after is not None and client.world.store:
            await asyncio.sleep(client.config.resolve_after)
            for entry in _unknowns(client):
                try:
                    result = await _call(campfire, client.plans[entry.key], entry.key, True)
                except Exception as error:
                    _resolved(entry, error=error)
                else:
                    _resolved(entry, result)


def _run_async_clients(clients: list[_Client], count: int) -> None:
    async def main() -> None:
        await asyncio.gather(*(_async_client(c, count) for c in clients))

    asyncio.run(main())


# -- the run and the audit ---------------------------------------------------------------------


def run_history(config: HistoryConfig, seed: str) -> Verdict:
    """Run ``config`` against a fresh sandbox, then audit every history against its ledger."""
    verdict = Verdict(config, seed)
    rng = random.Random(f"{seed}-{config.name}-world")
    with (
        Sandbox(
            honor_idempotency_keys=config.keys_honoured, response_style=config.response_style
        ) as sandbox,
        tempfile.TemporaryDirectory() as scratch,
    ):
        sandbox.clock_skew = config.clock_skew
        world = _world(sandbox, config, rng)
        if config.store:
            world.store = str(Path(scratch) / "intents.sqlite3")
        started = time.monotonic()
        if config.processes:
            histories, _ = _run_processes(world, config, seed)
        else:
            histories, _ = _run_here(world, config, seed)
        sandbox.settle(SETTLE_SECONDS)  # every late apply has landed before the audit
        verdict.seconds = time.monotonic() - started
        sandbox.faults.clear()
        verdict.faults = Counter(sandbox.faults.fired)
        audit(sandbox, histories, verdict)
        if world.store:
            audit_store(world.store, histories, verdict)
    return verdict


def _shares(config: HistoryConfig, prefix: str = "") -> tuple[list[str], list[str]]:
    """The names of this process's clients (all of them, or one process's share)."""
    parts = max(config.processes, 1)
    return (
        [f"{prefix}s{i}" for i in range(config.sync_clients // parts)],
        [f"{prefix}a{i}" for i in range(config.async_clients // parts)],
    )


def _run_here(
    world: _World, config: HistoryConfig, seed: str, prefix: str = ""
) -> tuple[list[Entry], Counter[str]]:
    """Run this process's clients (threads, and one event loop); their histories and faults."""
    sync_names, async_names = _shares(config, prefix)
    total = config.sync_clients + config.async_clients
    count = -(-config.pays // total)  # each client's share, rounded up
    sync = [_Client(name, world, config, seed) for name in sync_names]
    aio = [_Client(name, world, config, seed) for name in async_names]
    threads = [threading.Thread(target=_sync_client, args=(c, count)) for c in sync]
    if aio:
        threads.append(threading.Thread(target=_run_async_clients, args=(aio, count)))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    faults: Counter[str] = Counter()
    for client in sync + aio:
        faults.update(client.faults)
    return [entry for client in sync + aio for entry in client.history], faults


# -- several OS processes ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Doc:
    """A document as a client process knows it: its kind and id."""

    kind: str
    id: int


class _RemoteFaults:
    """``Sandbox.faults`` seen from a client process: each fault is armed by the parent."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection
        self._lock = threading.Lock()

    def add(self, kind: str, count: int = 1, **options: Any) -> None:
        with self._lock:
            self._connection.send(("arm", kind, count, options))
            self._connection.recv()


class _RemoteSandbox:
    """What a client process needs of the sandbox: where it is, and arming faults on it."""

    def __init__(self, base_url: str, api_key: str, connection: Connection) -> None:
        self.base_url = base_url
        self.api_key = api_key
        self.faults = _RemoteFaults(connection)


def _process_main(
    index: int, config: HistoryConfig, seed: str, world: dict[str, Any], connection: Connection
) -> None:
    """One client process: its share of the clients, on documents the parent made."""
    remote = _World(
        _RemoteSandbox(world["base_url"], world["api_key"], connection),  # type: ignore[arg-type]
        [_Doc(kind, doc_id) for kind, doc_id in world["documents"]],  # type: ignore[misc]
        world["transactions"],
        world["credit_memos"],
        world["debit_memos"],
        world["today"],
        store=world["store"],
    )
    histories, faults = _run_here(remote, config, seed, prefix=f"p{index}")
    with remote.sandbox.faults._lock:  # type: ignore[attr-defined]
        connection.send(("done", histories, faults))


def _run_processes(
    world: _World, config: HistoryConfig, seed: str
) -> tuple[list[Entry], Counter[str]]:
    """Split the clients over ``config.processes`` OS processes; their histories and faults."""
    context = multiprocessing.get_context("spawn")  # the parent runs the sandbox's threads
    shared = {
        "base_url": world.sandbox.base_url,
        "api_key": world.sandbox.api_key,
        "documents": [(d.kind, d.id) for d in world.documents],
        "transactions": world.transactions,
        "credit_memos": world.credit_memos,
        "debit_memos": world.debit_memos,
        "today": world.today,
        "store": world.store,
    }
    histories: list[Entry] = []
    faults: Counter[str] = Counter()
    lock = threading.Lock()

    def serve(connection: Connection) -> None:
        while True:
            message = connection.recv()
            if message[0] == "arm":
                _, kind, count, options = message
                world.sandbox.faults.add(kind, count, **options)
                connection.send("armed")
                continue
            with lock:
                histories.extend(message[1])
                faults.update(message[2])
            return

    processes, servers = [], []
    for index in range(config.processes):
        ours, theirs = context.Pipe()
        process = context.Process(
            target=_process_main, args=(index, config, seed, shared, theirs), daemon=True
        )
        process.start()
        processes.append(process)
        servers.append(threading.Thread(target=serve, args=(ours,), daemon=True))
        servers[-1].start()
    for server in servers:
        server.join()
    for process in processes:
        process.join(30)
        assert process.exitcode == 0, f"a client process ended with {process.exitcode}"
    return histories, faults


GAP = 1.0  # seconds: at most this between a pay's read before its send and the send


def _in_the_gap(sandbox: Sandbox, key: str, strangers: list[int], creators: dict[int, Any]) -> bool:
    """True when every record a pay took that is not its own was made by another pay that
    reached the sandbox in the moment before this pay's send did (within ``GAP``), after
    the read that pay made before it: the one case no answer can tell (README, "Limit")."""
    sent = [
        r.received_at
        for r in sandbox.audit.requests
        if r.method == "POST" and r.idempotency_key == key and r.origin == "client"
    ]
    if not sent:
        return False
    first = min(sent)
    for pid in strangers:
        creator = creators.get(pid)
        if creator is None or not first - GAP <= creator.request.received_at <= first:
            return False
    return True


def audit(sandbox: Sandbox, histories: list[Entry], verdict: Verdict) -> None:
    """Judge every history entry against the sandbox's account; fill the verdict."""
    counts = verdict.counts
    applied = sandbox.audit.by_key()
    creators = sandbox.audit.creators()
    keys = {entry.key for entry in histories}

    def violation(kind: str, message: str) -> None:
        counts[kind] += 1
        if len(verdict.violations) < 20:
            verdict.violations.append(f"{kind}: {message}")

    for entry in histories:
        counts["pays"] += 1
        counts[entry.outcome] += 1
        times = len(applied.get(entry.key, ()))
        about = f"{entry.key} ({entry.kind} {entry.document_id}: {entry.what}) applied {times}x"
        if times > 1:
            violation("double_applied", f"{about}, ended {entry.outcome}: {entry.error}")
        if entry.outcome == "success":
            counts["reconciled"] += entry.reconciled
            strangers = [
                pid
                for pid in entry.payment_ids
                if (creator := creators.get(pid)) is None
                or creator.request.idempotency_key != entry.key
            ]
            if times == 0 and strangers and _in_the_gap(sandbox, entry.key, strangers, creators):
                # The README's stated limit, counted apart: another writer's identical pay
                # landed between this pay's read and its send, and the answer applied nothing.
                counts["gap_lookalike"] += 1
            elif times == 0 or strangers:
                violation(
                    "false_success", f"{about}; ids {entry.payment_ids}, not ours {strangers}"
                )
        elif entry.outcome == "unknown":
            if entry.error_key != entry.key:
                violation("unknown_wrong_key", f"{about}; the error names {entry.error_key!r}")
            if times > 1:
                violation("unknown_twice", about)
            if entry.resolved == "success":
                counts["resolved"] += 1
                strangers = [
                    pid
                    for pid in entry.resolved_ids
                    if (creator := creators.get(pid)) is None
                    or creator.request.idempotency_key != entry.key
                ]
                if times != 1 or strangers:
                    made_by = [
                        c.request.idempotency_key if (c := creators.get(p)) else None
                        for p in strangers
                    ]
                    violation(
                        "false_resolution",
                        f"{about}; ids {entry.resolved_ids}, not ours {strangers} "
                        f"(made by {made_by})",
                    )
            elif entry.resolved == "escaped":
                violation("escape", f"{about}; resolving it: {entry.error}")
        elif entry.outcome == "failed":
            if times > 0:
                violation("false_failure", f"{about}; raised {entry.error}")
        else:
            violation("escape", f"{about}; {entry.error}")
    for key, pays in applied.items():
        if pays[0].request.origin == "client" and key not in keys:
            violation("orphan", f"{len(pays)} pays applied under key {key!r}, no history has it")


def audit_store(location: str, histories: list[Entry], verdict: Verdict) -> None:
    """Judge the shared store against the histories: it must say what each pay's caller heard.

    A success is ``paid`` with exactly the records it named; an unknown outcome is kept
    ``unknown``; a pay refused as a repeat, or kept off a busy document, left no intent (or a
    ``failed`` one: nothing was sent); any other failure is ``failed``, never ``paid``.
    """
    from campfire_pay.store import FAILED, PAID, UNKNOWN, open_store, record_id

    counts = verdict.counts
    with open_store(location) as store:
        stored = {intent.key: intent for intent in store.intents()}
    for entry in histories:
        intent = stored.get(entry.key)
        if entry.error.startswith("RepeatIntentError"):
            counts["refused_repeat"] += 1
        elif entry.error.startswith("DocumentBusyError"):
            counts["busy"] += 1
        state = intent.state if intent is not None else None
        if entry.outcome == "success" or entry.resolved == "success":
            paid = entry.payment_ids if entry.outcome == "success" else entry.resolved_ids
            ids = {record_id(entry.kind, i) for i in paid}
            good = state == PAID and set(intent.record_ids) == ids  # type: ignore[union-attr]
        elif entry.outcome == "unknown":
            good = state == UNKNOWN
        else:
            good = state in (None, FAILED)
        if not good:
            counts["store_mismatch"] += 1
            if len(verdict.violations) < 20:
                verdict.violations.append(
                    f"store_mismatch: {entry.key} ended {entry.outcome} ({entry.error[:120]}), "
                    f"the store says {state}"
                )
