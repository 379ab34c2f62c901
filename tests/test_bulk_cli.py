"""``campfire-pay bulk pay`` and the pay commands against the sandbox: honest exit codes, a
clear error for every bad input with nothing sent, an earlier journal imported, no proxy for
loopback."""

from __future__ import annotations

import shlex
import socket
import subprocess
import threading
from pathlib import Path

import pytest
from _cli_runner import cli_env, run_cli

from campfire_pay.bulk import journal_path, plan_csv
from campfire_pay.bulk._journal_codec import encode
from campfire_pay.sandbox import Sandbox

pytestmark = pytest.mark.slow  # the command line in child processes

HEADER = "kind,document_id,source,source_id,amount,date,reference\n"
AT = "2026-03-01T10:00:00+00:00"


def _clean(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr + result.stdout, result.stderr[-3000:]


def _one_invoice_row(sandbox: Sandbox, amount: str = "10.00") -> str:
    invoice = sandbox.add_invoice("1000.00")
    txn = sandbox.add_bank_transaction("1000.00")
    return f"invoice,{invoice.id},transaction,{txn.id},{amount},,r\n"


BAD_FILES: list[tuple[str, bytes, str]] = [
    ("latin-1", (HEADER + "invoice,990001,manual,9,1.00,2025-07-25,caf\u00e9\n").encode("latin-1"),
     "line 2: not UTF-8 text (byte 0xE9"),
    ("utf-16", (HEADER + "invoice,990001,manual,9,1.00,2025-07-25,x\n").encode("utf-16"),
     "line 1: the file is UTF-16"),
    ("huge cell", (HEADER + "invoice,990001,manual,9,1.00,2025-07-25," + "x" * 140_000 + "\n").encode(),
     "line 2: cannot be read as CSV (field larger than field limit"),
    ("5000-digit id", (HEADER + f"invoice,{'9' * 5000},manual,9,1.00,2025-07-25,x\n").encode(),
     "line 2: document_id: longer than 1000 characters (5000)"),
    ("800-digit id", (HEADER + f"invoice,{'9' * 800},manual,9,1.00,2025-07-25,x\n").encode(),
     "line 2: document_id: must be a positive integer id of at most 19 digits"),
    ("column twice", b"kind,document_id,source,source_id,amount,date,amount\n"
     b"invoice,990001,transaction,5,10.00,,990.00\n", "line 1: column(s) named twice: 'amount'"),
    ("time of day", (HEADER + "invoice,990001,manual,9,1.00,2025-07-25T23:30:00-05:00,x\n").encode(),
     "line 2: date: '2025-07-25T23:30:00-05:00' has a time of day"),
    ("many digits", (HEADER + "invoice,990001,manual,9,0.0100000000000000000000000000001,"
                     "2025-07-25,x\n").encode(), "line 2: amount: has 30 digits"),
    ("same row twice", (HEADER + "invoice,990001,manual,9,1.00,2025-07-25,a\n"
                        "invoice,0990001,manual,9,1.0,2025-07-25,b\n").encode(),
     "line 3: the same row as line 2"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "content", "message"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_input_is_named_and_nothing_is_sent(
    sandbox: Sandbox, env: dict[str, str], tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / "p.csv"
    path.write_bytes(content + _one_invoice_row(sandbox).encode())
    seen = sandbox.state.requests_seen
    refused = run_cli("bulk", "pay", str(path), env=env)
    _clean(refused)
    assert refused.returncode == 2
    assert message in refused.stderr
    assert "nothing was sent" in refused.stderr
    assert sandbox.state.requests_seen == seen
    skipping = run_cli("bulk", "pay", str(path), "--skip-invalid", env=env)
    _clean(skipping)
    unreadable = name in ("utf-16", "huge cell", "column twice")  # rows cannot be trusted
    assert skipping.returncode == (2 if unreadable else 1), skipping.stderr
    assert (sandbox.state.requests_seen == seen) is unreadable


def test_exit_codes_all_paid_and_some_not(
    sandbox: Sandbox, env: dict[str, str], tmp_path: Path
) -> None:
    path = tmp_path / "p.csv"
    path.write_text(HEADER + _one_invoice_row(sandbox) + _one_invoice_row(sandbox))
    paid = run_cli("bulk", "pay", str(path), env=env)
    _clean(paid)
    assert paid.returncode == 0, paid.stderr
    other = tmp_path / "q.csv"
    other.write_text(HEADER + _one_invoice_row(sandbox) + "invoice,999999,transaction,1,1.00,,x\n")
    some = run_cli("bulk", "pay", str(other), env=env)
    _clean(some)
    assert some.returncode == 1, some.stderr
    assert "failed" in some.stdout


@pytest.mark.parametrize(
    ("option", "said"),
    [
        (("--results", "no-such-dir/out"), "no-such-dir"),
        # the file is UTF-8: it has no UTF-16 byte order mark
        (("--encoding", "utf-16"), "not utf-16 text"),
    ],
)
def test_bad_bulk_options_are_refused_before_anything_is_sent(
    sandbox: Sandbox, env: dict[str, str], tmp_path: Path, option: tuple[str, str], said: str
) -> None:
    path = tmp_path / "payments.csv"
    path.write_text(HEADER + _one_invoice_row(sandbox))
    seen = sandbox.state.requests_seen
    name, value = option
    if name == "--results":
        value = str(tmp_path / value)
    result = run_cli("bulk", "pay", str(path), name, value, env=env)
    _clean(result)
    assert result.returncode == 2
    assert said in result.stderr
    assert sandbox.state.requests_seen == seen


def test_results_never_overwrite_the_input(
    sandbox: Sandbox, env: dict[str, str], tmp_path: Path
) -> None:
    path = tmp_path / "payments.csv"
    content = HEADER + _one_invoice_row(sandbox)
    path.write_text(content)
    seen = sandbox.state.requests_seen
    result = run_cli("bulk", "pay", str(path), "--results", str(tmp_path / "payments"), env=env)
    _clean(result)
    assert result.returncode == 2
    assert "would overwrite payments.csv" in result.stderr
    assert path.read_text() == content
    assert sandbox.state.requests_seen == seen


def test_an_earlier_journal_is_refused_with_the_command_that_imports_it(
    sandbox: Sandbox, env: dict[str, str], tmp_path: Path
) -> None:
    path = tmp_path / "march payments.csv"
    path.write_text(HEADER + _one_invoice_row(sandbox))
    plan = plan_csv(path)
    document = plan.documents[0]
    key = f"cfp-old-{document.key}"
    records = [
        {"event": "start", "format": 2, "run": "old", "input_sha256": plan.sha256, "at": AT},
        {"event": "intent", "document": document.key, "key": key, "mark": "", "at": AT,
         "lines": [2], "body": document.request().content().decode()},
        {"event": "outcome", "document": document.key, "status": "paid", "payment_ids": [4242],
         "reconciled": False, "error": "", "at": AT},
    ]  # fmt: skip
    journal_path(path).write_bytes(b"".join(encode(r) for r in records))
    seen = sandbox.state.requests_seen
    refused = run_cli("bulk", "pay", str(path), env=env)
    _clean(refused)
    assert refused.returncode == 3
    command = f"campfire-pay bulk import-journal '{journal_path(path)}'"
    assert command in refused.stderr
    assert sandbox.state.requests_seen == seen
    imported = run_cli(*shlex.split(command)[1:], env=env)
    assert imported.returncode == 0, imported.stderr
    assert "Imported run old" in imported.stdout
    again = run_cli("bulk", "pay", str(path), env=env)
    _clean(again)
    assert again.returncode == 0, again.stderr
    assert "Nothing sent: this file was run before (run old" in again.stdout
    assert sandbox.state.requests_seen == seen
    status = run_cli("bulk", "status", str(path), env=env)
    assert status.returncode == 0, status.stderr
    assert "paid" in status.stdout
    assert "applied, proven by its own new records" in status.stdout


def test_a_damaged_journal_is_a_clear_error(
    sandbox: Sandbox, env: dict[str, str], tmp_path: Path
) -> None:
    path = tmp_path / "p.csv"
    path.write_text(HEADER + _one_invoice_row(sandbox) + _one_invoice_row(sandbox))
    journal = journal_path(path)
    journal.write_bytes(b"\x00\x01garbage\xff\n")
    seen = sandbox.state.requests_seen
    result = run_cli("bulk", "pay", str(path), "--resume", env=env)
    _clean(result)
    assert result.returncode == 2
    assert "line 1 cannot be read (its checksum does not match)" in result.stderr
    assert "afresh" not in result.stderr
    assert sandbox.state.requests_seen == seen


@pytest.mark.parametrize(
    ("content", "works"),
    [
        (b"\xef\xbb\xbf{key}\r\n", True),
        (b"  {key}  \n\n", True),
        ("{key}\u00e9".encode("latin-1"), False),
        ("{key}\u00e9".encode(), False),
        (b"", False),
    ],
)
def test_api_key_files(sandbox: Sandbox, tmp_path: Path, content: bytes, works: bool) -> None:
    key_file = tmp_path / "key"
    key_file.write_bytes(content.replace(b"{key}", sandbox.api_key.encode()))
    invoice = sandbox.add_invoice("100.00")
    txn = sandbox.add_bank_transaction("100.00")
    result = run_cli(
        "invoice", "pay", str(invoice.id), "--transaction", f"{txn.id}=1.00",
        "--api-key-file", str(key_file), "--base-url", sandbox.base_url,
        env=cli_env(),
    )  # fmt: skip
    _clean(result)
    assert result.returncode == (0 if works else 2), result.stderr
    assert sandbox.api_key not in result.stdout + result.stderr


@pytest.mark.parametrize("key", ["", "caf\u00e9", "a\nb", "two words", "k" * 256])
def test_bad_idempotency_keys_are_refused_before_sending(
    sandbox: Sandbox, env: dict[str, str], key: str
) -> None:
    invoice = sandbox.add_invoice("100.00")
    txn = sandbox.add_bank_transaction("100.00")
    seen = sandbox.state.requests_seen
    result = run_cli(
        "invoice", "pay", str(invoice.id), "--transaction", f"{txn.id}=1.00",
        "--idempotency-key", key, env=env,
    )  # fmt: skip
    _clean(result)
    assert result.returncode == 2
    assert "--idempotency-key: must" in result.stderr
    assert sandbox.state.requests_seen == seen


def test_an_environment_proxy_never_sees_a_loopback_pay(
    sandbox: Sandbox, env: dict[str, str]
) -> None:
    """A dead proxy in HTTP_PROXY/ALL_PROXY: the pay still works and the proxy gets nothing."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.settimeout(0.2)
    reached: list[bytes] = []
    stop = threading.Event()

    def watch() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            reached.append(conn.recv(4096))
            conn.close()  # dead: never answers

    watcher = threading.Thread(target=watch)
    watcher.start()
    proxy = f"http://127.0.0.1:{listener.getsockname()[1]}"
    proxied = {k: v for k, v in env.items() if k.lower() != "no_proxy"}
    proxied.update(HTTP_PROXY=proxy, http_proxy=proxy, ALL_PROXY=proxy, all_proxy=proxy)
    try:
        invoice = sandbox.add_invoice("100.00")
        txn = sandbox.add_bank_transaction("100.00")
        result = run_cli(
            "invoice", "pay", str(invoice.id), "--transaction", f"{txn.id}=1.00", env=proxied
        )
    finally:
        stop.set()
        watcher.join()
        listener.close()
    _clean(result)
    assert result.returncode == 0, result.stderr
    assert len(sandbox.invoice(invoice.id).payments) == 1
    assert reached == [], "nothing may reach the proxy, least of all the Authorization header"


def test_a_wrong_key_traps_nothing_resume_pays_after_the_fix(
    sandbox: Sandbox, env: dict[str, str], tmp_path: Path
) -> None:
    """Every row refused with a wrong key is "failed, nothing applied": status says so, and
    --resume with the right key pays them all; a run after that sends nothing."""
    path = tmp_path / "p.csv"
    path.write_text(HEADER + _one_invoice_row(sandbox) + _one_invoice_row(sandbox))
    wrong = {**env, "CAMPFIRE_API_KEY": "sandbox_" + "0" * 32}
    refused = run_cli("bulk", "pay", str(path), env=wrong)
    _clean(refused)
    assert refused.returncode == 1
    status = run_cli("bulk", "status", str(path), env=env)
    assert status.returncode == 0, status.stderr
    assert "failed" in status.stdout
    assert "nothing applied" in status.stdout
    assert "line 2: invoice" in status.stdout
    assert sandbox.state.pays_applied == 0
    rerun = run_cli("bulk", "pay", str(path), env=env)  # without --resume: nothing is paid,
    _clean(rerun)  # and the exit code says so (a script must not read it as success)
    assert rerun.returncode == 1, rerun.stdout
    assert "Nothing sent: this file was run before" in rerun.stdout
    assert sandbox.state.pays_applied == 0
    resumed = run_cli("bulk", "pay", str(path), "--resume", env=env)
    _clean(resumed)
    assert resumed.returncode == 0, resumed.stderr
    assert sandbox.state.pays_applied == 2
    again = run_cli("bulk", "pay", str(path), env=env)
    assert again.returncode == 0
    assert "Nothing sent: this file was run before" in again.stdout
    assert sandbox.state.pays_applied == 2


@pytest.mark.parametrize("store", ["dir", "corrupt"])
def test_a_bad_store_and_a_bad_file_are_named_together(
    sandbox: Sandbox, env: dict[str, str], tmp_path: Path, store: str
) -> None:
    """Exit 2 naming every problem: the store that cannot be used and the file's bad lines."""
    path = tmp_path / "payments.csv"
    path.write_text(HEADER + "invoice,abc,transaction,1,-5.00,,\n")
    where = tmp_path / "store"
    if store == "dir":
        where.mkdir()
    else:
        where.write_bytes(b"not a database " * 100)
    seen = sandbox.state.requests_seen
    result = run_cli("bulk", "pay", str(path), "--store", str(where), env=env)
    _clean(result)
    assert result.returncode == 2
    assert ("directory" if store == "dir" else "not a database") in result.stderr
    assert "line 2" in result.stderr
    assert "document_id" in result.stderr
    assert "amount" in result.stderr
    assert "nothing was sent" in result.stderr
    assert sandbox.state.requests_seen == seen
