"""The command line at its edges: text not ours shown as given, outputs checked before money
moves, the library speaking Python and the command line speaking flags, lines that copy whole.

The helpers are driven directly; the commands run as child processes against the sandbox.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import tokenize
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import typer.main
from _cli_runner import ENTRY_POINT, cli_env, run_cli
from rich.table import Table

from campfire_pay._core.spreadsheet import one_line, spreadsheet_safe
from campfire_pay._request.kinds import BY_KIND
from campfire_pay.cli._app import app
from campfire_pay.cli._documents import KIND_COMMANDS
from campfire_pay.cli._flags import PYTHON_TO_FLAG, option_problem, speak_flags
from campfire_pay.cli._literal import console, literal, say, shown
from campfire_pay.sandbox import Sandbox

FACADE = Path(__file__).parents[1] / "facade" / "campfire_pay"
HEADER = "kind,document_id,source,source_id,amount,date,reference\n"

# Text that rich would read as markup or emoji, were it not shown literally.
NOT_OURS = [
    "[/b]",
    "[final]",
    "row-[final]",
    "batch[/x]",
    "Smith [/b] Ltd",
    "Acme [holding] GmbH",
    "pay [v2].csv",
    "[bold red]loud[/]",
    ":thumbs_up: :smile:",
    "[link=https://example.invalid]x[/link]",
]


# --- the literal-text helper ------------------------------------------------------------


@pytest.mark.parametrize("text", NOT_OURS)
def test_a_message_and_a_table_cell_show_text_as_given(text: str) -> None:
    screen = console()
    with screen.capture() as said:
        say(screen, f"key {text} end")
    assert said.get() == f"key {text} end\n"
    table = Table(title=literal(text))
    table.add_column(literal(text))
    table.add_row(literal(text))
    with screen.capture() as drawn:
        screen.print(table)
    assert drawn.get().count(text) == 3


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("a\x1b[2Jb", "a\\x1b[2Jb"),  # would clear the screen
        ("paid\rfailed", "paid\\x0dfailed"),  # would overwrite the line
        ("x\x07\x08\x7f\x9b", "x\\x07\\x08\\x7f\\x9b"),
        ("Acme \u202eDTL", "Acme \\u202eDTL"),  # would show right to left
        ("tab\there\nnext", "tab\there\nnext"),
        ("Zürich 東京 — ok", "Zürich 東京 — ok"),
    ],
)
def test_the_terminal_does_not_act_on_text_not_ours(text: str, written: str) -> None:
    assert shown(text) == written
    assert literal(text).plain == written


@pytest.mark.parametrize("columns", ["40", "80"])
def test_say_never_wraps_a_line(monkeypatch: pytest.MonkeyPatch, columns: str) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    screen = console()
    assert screen.width == int(columns)
    line = (
        "  export CAMPFIRE_API_KEY=sandbox_" + "0123456789abcdef" * 4 + "   # a throwaway local key"
    )
    with screen.capture() as said:
        say(screen, line, f"campfire-pay: 'a quoted {'x' * 90} value' is wrong")
    assert said.get().splitlines() == [line, f"campfire-pay: 'a quoted {'x' * 90} value' is wrong"]


# --- spreadsheet cells, one-line reasons ------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("883.33", "883.33"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
        (12, "12"),
    ],
)
def test_cells_that_a_spreadsheet_would_run_are_neutralised(cell: object, written: str) -> None:
    assert spreadsheet_safe(cell) == written


def test_one_line_keeps_every_line_of_a_reason() -> None:
    reason = "Campfire refused it. Fix these and send again:\n  transaction 3: 10.00 requested\n"
    assert (
        one_line(reason)
        == "Campfire refused it. Fix these and send again: transaction 3: 10.00 requested"
    )


# --- two vocabularies -------------------------------------------------------------------


def _all_commands() -> Iterator[tuple[str, Any]]:
    def walk(name: str, command: Any) -> Iterator[tuple[str, Any]]:
        yield name, command
        if hasattr(command, "commands"):
            for sub_name, sub in command.commands.items():
                yield from walk(f"{name} {sub_name}", sub)

    yield from walk("campfire-pay", typer.main.get_command(app))


def _cli_flags() -> set[str]:
    return {
        opt
        for _, command in _all_commands()
        for param in command.params
        for opt in param.opts
        if opt.startswith("--") and opt != "--help"
    }


def _library_modules() -> list[Path]:
    return [p for p in sorted(FACADE.rglob("*.py")) if "cli" not in p.relative_to(FACADE).parts]


def test_no_library_module_names_a_flag() -> None:
    flags = _cli_flags()
    assert {"--resume", "--encoding", "--results", "--allow-duplicate-rows"} <= flags
    found = []
    for path in _library_modules():
        text = path.read_text(encoding="utf-8")
        found += [
            f"{path.relative_to(FACADE)}: {flag}"
            for flag in flags
            if re.search(rf"(?<![\w-]){re.escape(flag)}(?![\w-])", text)
        ]
    assert found == []


def test_the_checker_finds_a_flag_planted_in_a_library_message() -> None:
    planted = 'raise ValueError("pass --resume to finish it")'
    assert any(re.search(rf"(?<![\w-]){re.escape(f)}(?![\w-])", planted) for f in _cli_flags())


def _message_parameters() -> set[str]:
    """Every ``name=`` a library module writes inside a message: a one-line string with a
    space in it that is not a repr (``<Pace ...>``) nor a Markdown table row."""
    names = set()
    for path in _library_modules():
        with path.open("rb") as handle:
            for token in tokenize.tokenize(handle.readline):
                text = re.sub(r"^[rbfuRBFU]*", "", token.string)
                if token.type != tokenize.STRING or " " not in text:
                    continue
                if text[:3] in ('"""', "'''") or text[1:2] in ("<", "|"):
                    continue
                names |= set(re.findall(r"\b([a-z][a-z_]*)=(?:True|\.\.\.|['\"{])", text))
    return names


def test_every_parameter_a_library_message_names_has_its_flag() -> None:
    mapped = {re.sub(r"\\b|=.*", "", pattern) for pattern, _ in PYTHON_TO_FLAG}
    found = _message_parameters()
    assert {"resume", "encoding", "allow_duplicate_rows", "api_key", "idempotency_key"} <= found
    assert found <= mapped


@pytest.mark.parametrize(
    ("python", "flags"),
    [
        ("j.journal holds a run over this file: resume it (resume=True) to finish it.",
         "j.journal holds a run over this file: resume it (--resume) to finish it."),
        ("save it as UTF-8, or give its encoding (encoding='utf-16')",
         "save it as UTF-8, or give its encoding (--encoding utf-16)"),
        ("encoding='klingon': unknown encoding 'klingon'", "--encoding klingon: unknown encoding 'klingon'"),
        ("the same row as line 2; allow them with allow_duplicate_rows=True if both are meant",
         "the same row as line 2; allow them with --allow-duplicate-rows if both are meant"),
        ("No Campfire API key: pass api_key=... or set CAMPFIRE_API_KEY.",
         "No Campfire API key: pass --api-key-file FILE or set CAMPFIRE_API_KEY."),
        ("prefix='out/x': there is no directory out", "--results out/x: there is no directory out"),
        ("needs a client to find them (plan_csv(..., client=...))",
         "needs a client to find them (--api-key-file FILE or $CAMPFIRE_API_KEY)"),
        ("not read: the answer is larger than max_answer_bytes=64 (inflated); raise "
         "max_answer_bytes if such answers are expected. Read it back",
         "not read: the answer is larger than the cap of 64 bytes (inflated). Read it back"),
    ],
)  # fmt: skip
def test_python_names_become_flags(python: str, flags: str) -> None:
    assert speak_flags(python) == flags


def test_a_payment_problem_is_named_by_the_option_and_text_typed() -> None:
    given = {"transactions": ["5=0", "6=1"], "manual_payments": ["9=1@x"]}
    assert option_problem("transactions[1].amount", "must be > 0", given) == (
        "--transaction 6=1: AMOUNT must be > 0"
    )
    assert option_problem("manual_payments[0]", "twice", given) == "--manual 9=1@x: twice"
    assert option_problem("invoice_id", "must be a positive integer id", given) == (
        "INVOICE_ID: must be a positive integer id"
    )
    in_full = {"transaction_id": ["abc"], "account": ["x@2025-01-01"], "on": ["x@2025-01-01"]}
    assert (
        option_problem("transaction_id", "must be an id", in_full)
        == "--transaction abc: must be an id"
    )
    assert (
        option_problem("account[0]", "must be an id", in_full)
        == "--manual x@2025-01-01: must be an id"
    )
    assert (
        option_problem("on", "must be a date", in_full) == "--manual x@2025-01-01: must be a date"
    )
    assert option_problem("", "give one (resume=True)", {}) == "give one (--resume)"
    dated = {"manual_payments": ["5=1@2025-13-01"]}
    assert option_problem("manual_payments[0].payment_date", "must be a date", dated) == (
        "--manual 5=1@2025-13-01: DATE must be a date"
    )


def test_the_command_rows_agree_with_the_kind_facts() -> None:
    for row in KIND_COMMANDS:
        facts = BY_KIND[row.kind]
        assert (row.article, row.memo_word) == (facts.article, facts.memo_word)
        assert row.facts is facts
        assert row.read.__name__ == f"get_{row.kind}"
        assert row.pay_in_full.__name__ == f"pay_{row.kind}_in_full"


def test_help_shows_real_metavars_and_an_example_for_every_command() -> None:
    for name, command in _all_commands():
        with command.context_class(command, info_name=name) as ctx:
            text = command.get_help(ctx)
        assert re.search(r"Examples:\n +campfire-pay ", text), name
        for vague in ("<int>", "<str>", "INTEGER", "TEXT", "FLOAT", "PATH", "[default: 0]"):
            assert vague not in text, (name, vague)
    pay = _help("invoice", "pay")
    for part in ("INVOICE_ID", "--transaction ID=AMOUNT", "--credit-memo ID=AMOUNT@DATE",
                  "--manual ACCOUNT[:NAME]=AMOUNT@DATE", "--api-key-file FILE"):  # fmt: skip
        assert part in pay
    root = _help()
    assert re.search(r"-v, --verbose\s+Log each request", root)
    assert "-vv" in root


def test_every_flag_is_spelled_in_lower_case() -> None:
    # typer names an option after its metavar when the two agree (``--STATUS STATUS``)
    assert [flag for flag in _cli_flags() if flag != flag.lower()] == []


def _help(*words: str) -> str:
    command: Any = typer.main.get_command(app)
    for word in words:
        command = command.commands[word]
    with command.context_class(command, info_name=" ".join(("campfire-pay", *words))) as ctx:
        return command.get_help(ctx)


# --- start-up: what each kind of invocation loads (times are in scripts/bench_startup.py) --

_LOADED = """
import os, sys
sys.argv = ["campfire-pay", *{argv!r}]
exit_now = os._exit
def loaded(code=0):
    print(sorted(m for m in {heavy!r} if m in sys.modules), file=sys.stderr, flush=True)
    exit_now(code)
os._exit = loaded  # a command that only printed ends at once
from campfire_pay.cli import main
try:
    main()
except SystemExit:
    loaded()
"""
HEAVY = (
    "typer",
    "rich",
    "httpx",
    "attrs",
    "campfire_pay._request.items",
    "campfire_pay.bulk",
    "asyncio",
)


@pytest.mark.parametrize(
    ("argv", "completing", "loaded"),
    [
        (["--version"], False, []),
        (["--help"], False, ["typer"]),
        (["bulk", "pay", "--help"], False, ["typer"]),
        (["bulk", "resolve", "--help"], False, ["typer"]),
        (["bulk", "status", "--help"], False, ["typer"]),
        (["bulk", "import-journal", "--help"], False, ["typer"]),
        (["payments", "export", "--help"], False, ["typer"]),
        (["invoice", "find", "--help"], False, ["typer"]),
        (["bill", "void-payment", "--help"], False, ["typer"]),
        ([], True, ["typer"]),
    ],
)
def test_an_invocation_loads_only_what_it_needs(
    argv: list[str], completing: bool, loaded: list[str]
) -> None:
    env = cli_env()
    if completing:
        env.update(
            _CAMPFIRE_PAY_COMPLETE="complete_bash",
            COMP_WORDS="campfire-pay invoice ",
            COMP_CWORD="2",
        )
    done = subprocess.run(
        [sys.executable, "-c", _LOADED.format(argv=argv, heavy=HEAVY)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.stderr.strip().splitlines()[-1] == repr(loaded), done.stderr


def test_completion_and_help_see_every_group_and_command() -> None:
    env = cli_env()
    env.update(_CAMPFIRE_PAY_COMPLETE="complete_bash", COMP_WORDS="campfire-pay ", COMP_CWORD="1")
    top = run_cli(env=env)
    assert top.stdout.split() == ["resolve", "invoice", "bill", "bulk", "payments", "sandbox"]
    env.update(COMP_WORDS="campfire-pay -v bill ", COMP_CWORD="3")
    assert run_cli(env=env).stdout.split() == [
        "pay", "show", "find", "list", "void-payment", "delete-payment", "resolve"
    ]  # fmt: skip
    env.update(COMP_WORDS="campfire-pay payments ", COMP_CWORD="2")
    assert run_cli(env=env).stdout.split() == ["export"]
    env.update(COMP_WORDS="campfire-pay bulk ", COMP_CWORD="2")
    assert run_cli(env=env).stdout.split() == ["pay", "status", "import-journal", "resolve"]
    env.update(COMP_WORDS="campfire-pay bulk pay --res", COMP_CWORD="3")
    assert set(run_cli(env=env).stdout.split()) == {"--resume", "--results"}
    root = run_cli("--help", env=cli_env())
    assert root.returncode == 0
    assert root.stdout.rstrip().endswith("campfire-pay -v bulk pay payments.csv")  # all of it
    for group in ("resolve", "invoice", "bill", "bulk", "payments", "sandbox"):
        assert re.search(rf"^\s+{group}\s+\S", root.stdout, re.MULTILINE), root.stdout


# --- the commands, as a user runs them --------------------------------------------------


def _clean(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr + result.stdout, result.stderr[-3000:]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "printed"),
    [
        ("Smith [/b] Ltd", "Smith [/b] Ltd"),
        ("Acme [holding] GmbH", "Acme [holding] GmbH"),
        ("[final]", "[final]"),
        ("Evil\x1b[2J Corp", "Evil\\x1b[2J Corp"),
    ],
)
def test_show_prints_a_name_as_given(
    sandbox: Sandbox, env: dict[str, str], name: str, printed: str
) -> None:
    invoice = sandbox.add_invoice("10.00", customer=name)
    table = run_cli("invoice", "show", str(invoice.id), env=env)
    _clean(table)
    assert table.returncode == 0, table.stderr
    assert printed in table.stdout
    assert "\x1b" not in table.stdout
    bill = sandbox.add_bill("10.00", vendor=name)
    assert printed in run_cli("bill", "show", str(bill.id), env=env).stdout
    as_json = run_cli("invoice", "show", str(invoice.id), "--json", env=env)
    counterparty = BY_KIND["invoice"].counterparty_field
    assert json.loads(as_json.stdout)[counterparty] == name  # JSON: the value itself


@pytest.mark.slow
@pytest.mark.parametrize("key", ["row-[final]", "batch[/x]", "k[bold]", "a:smile:b"])
def test_a_pay_shows_its_key_as_given(sandbox: Sandbox, env: dict[str, str], key: str) -> None:
    invoice = sandbox.add_invoice("100.00")
    txn = sandbox.add_bank_transaction("100.00")
    paid = run_cli(
        "invoice", "pay", str(invoice.id), "--transaction", f"{txn.id}=1.00",
        "--idempotency-key", key, env=env,
    )  # fmt: skip
    _clean(paid)
    assert paid.returncode == 0, paid.stderr
    assert re.search(rf"idempotency_key\s*│\s*{re.escape(key)}\s*│", paid.stdout), paid.stdout


@pytest.mark.slow
def test_a_missing_file_is_named_as_given(env: dict[str, str], tmp_path: Path) -> None:
    result = run_cli("bulk", "pay", "pay [v2].csv", env=env, cwd=tmp_path)
    _clean(result)
    assert result.returncode == 2
    assert "'pay [v2].csv' does not exist" in result.stderr


@pytest.mark.slow
def test_one_mistake_is_one_problem(sandbox: Sandbox, env: dict[str, str]) -> None:
    seen = sandbox.state.requests_seen
    result = run_cli("invoice", "pay", "1", "--transaction", "2", env=env)
    _clean(result)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "1 problem; nothing was sent:",
        "  --transaction 2: not ID=AMOUNT",
    ]
    two = run_cli("invoice", "pay", "1", "-t", "2", "-t", "3=abc", env=env)
    assert two.stderr.splitlines()[0] == "2 problems; nothing was sent:"
    assert "--transaction 3=abc: AMOUNT must be a decimal amount" in two.stderr
    in_full = run_cli("invoice", "pay", "1", "--in-full", "--transaction", "abc", env=env)
    assert in_full.stderr.splitlines() == [
        "1 problem; nothing was sent:",
        "  --transaction abc: must be a positive integer id, not 'abc'",
    ]
    bad_date = run_cli("invoice", "pay", "1", "--in-full", "--manual", "2553@2025-13-01", env=env)
    assert "  --manual 2553@2025-13-01: must be a date such as" in bad_date.stderr
    assert sandbox.state.requests_seen == seen


@pytest.mark.slow
def test_without_a_key_the_message_names_the_options(sandbox: Sandbox) -> None:
    result = run_cli(
        "invoice", "pay", "1", "--transaction", "1=1", env=cli_env(None, sandbox.base_url)
    )
    _clean(result)
    assert result.returncode == 2
    assert "--api-key-file FILE or set CAMPFIRE_API_KEY" in result.stderr
    assert "api_key=" not in result.stderr


@pytest.mark.slow
def test_a_bulk_file_named_with_brackets_and_cells_that_look_like_formulas(
    sandbox: Sandbox, env: dict[str, str], tmp_path: Path
) -> None:
    rows = []
    references = ["=1+1", "\t=1+1", "+SUM(A1)", "-2+3", "@cmd", "plain [b]"]
    for reference in references:
        invoice = sandbox.add_invoice("100.00")
        txn = sandbox.add_bank_transaction("100.00")
        rows.append(["invoice", invoice.id, "transaction", txn.id, "10.00", "", reference])
    short = sandbox.add_bank_transaction("5.00")  # too little: Campfire refuses with a list
    refused = sandbox.add_invoice("100.00")
    rows.append(["invoice", refused.id, "transaction", short.id, "10.00", "", "x"])
    path = tmp_path / "pay [v2].csv"
    with path.open("w", newline="") as handle:
        handle.write(HEADER)
        csv.writer(handle).writerows(rows)
    result = run_cli("bulk", "pay", path.name, env=env, cwd=tmp_path)
    _clean(result)
    assert result.returncode == 1, result.stderr
    assert "results: pay [v2].csv.results.csv, pay [v2].csv.results.json" in result.stdout
    written = (tmp_path / "pay [v2].csv.results.csv").read_text()
    assert len(written.splitlines()) == len(rows) + 1  # one line per row: no reason cut or split
    results = list(csv.DictReader(io.StringIO(written)))
    assert [r["reference"] for r in results[:6]] == [
        "'=1+1", "'=1+1", "'+SUM(A1)", "'-2+3", "'@cmd", "plain [b]"
    ]  # fmt: skip
    reason = results[6]["error"]
    assert results[6]["status"] == "failed"
    assert "Fix these and send again: Exceeds the remaining balance" in reason, reason
    assert reason.rstrip().endswith("5.00 remains.")
    as_json = json.loads((tmp_path / "pay [v2].csv.results.json").read_text())
    assert as_json[0]["reference"] == "=1+1"  # a script gets the value; only the CSV is guarded
    assert sandbox.invoice(refused.id).amount_paid == Decimal("0.00")


# --- outputs checked before the first request -------------------------------------------


def _bulk_file(sandbox: Sandbox, tmp_path: Path) -> Path:
    invoice = sandbox.add_invoice("100.00")
    txn = sandbox.add_bank_transaction("100.00")
    path = tmp_path / "p.csv"
    path.write_text(HEADER + f"invoice,{invoice.id},transaction,{txn.id},10.00,,r\n")
    return path


def _unwritable(kind: str, tmp_path: Path, csv_file: Path) -> tuple[list[str], dict[str, str], str]:
    """Options and environment making one output unwritable, and what the message must say."""
    journal = csv_file.with_name(csv_file.name + ".journal")
    store = tmp_path / "store.sqlite3"
    if kind == "results is a directory":
        (tmp_path / "out.csv").mkdir()
        return ["--results", str(tmp_path / "out")], {}, "a directory"
    if kind == "results is a dangling link":
        (tmp_path / "out.csv").symlink_to(tmp_path / "nowhere" / "x.csv")
        return ["--results", str(tmp_path / "out")], {}, "a link to nothing"
    if kind == "results is the input":
        return ["--results", str(tmp_path / "p")], {}, "would overwrite p.csv"
    if kind == "results is an old journal":
        journal.write_text("")  # as an earlier campfire-pay left it: there
        (tmp_path / "out.json").symlink_to(journal)
        return ["--results", str(tmp_path / "out")], {}, "would overwrite p.csv.journal"
    if kind == "results is the store":
        store.write_bytes(b"")
        (tmp_path / "out.json").symlink_to(store)
        return (
            ["--results", str(tmp_path / "out"), "--store", str(store)], {},
            "would overwrite store.sqlite3",
        )  # fmt: skip
    if kind == "results in a folder not ours":
        return ["--results", "/proc/1/out"], {}, "cannot create a file in /proc/1"
    if kind == "results in no folder":
        return ["--results", str(tmp_path / "missing" / "out")], {}, "there is no directory"
    if kind == "store is a directory":
        store.mkdir()
        return ["--store", str(store)], {}, f"--store {store}: a directory"
    if kind == "store is a dangling link":
        store.symlink_to(tmp_path / "gone" / "s")
        return ["--store", str(store)], {}, f"--store {store}: a link to nothing"
    if kind == "store is the input":
        return ["--store", str(csv_file)], {}, "p.csv would overwrite p.csv"
    if kind == "store in a folder not ours":
        return ["--store", "/proc/1/deep/s.sqlite3"], {}, "cannot create a file in /proc/1"
    if kind == "$CAMPFIRE_STORE is a directory":
        store.mkdir()
        return [], {"CAMPFIRE_STORE": str(store)}, f"$CAMPFIRE_STORE {store}: a directory"
    raise AssertionError(kind)


UNWRITABLE = [
    "results is a directory",
    "results is a dangling link",
    "results is the input",
    "results is an old journal",
    "results is the store",
    "results in a folder not ours",
    "results in no folder",
    "store is a directory",
    "store is a dangling link",
    "store is the input",
    "store in a folder not ours",
    "$CAMPFIRE_STORE is a directory",
]


@pytest.mark.slow
@pytest.mark.parametrize("kind", UNWRITABLE)
@pytest.mark.parametrize("dry_run", [False, True], ids=["pay", "dry-run"])
def test_an_unwritable_output_is_refused_before_anything_is_sent(
    sandbox: Sandbox, env: dict[str, str], tmp_path: Path, kind: str, dry_run: bool
) -> None:
    csv_file = _bulk_file(sandbox, tmp_path)
    options, more_env, said = _unwritable(kind, tmp_path, csv_file)
    seen = sandbox.state.requests_seen
    result = run_cli(
        "bulk", "pay", str(csv_file), *options, *(["--dry-run"] if dry_run else []),
        env={**env, **more_env},
    )  # fmt: skip
    _clean(result)
    assert result.returncode == 2, result.stderr
    assert said in result.stderr
    assert "nothing was sent" in result.stderr
    assert sandbox.state.requests_seen == seen


@pytest.mark.slow
@pytest.mark.parametrize("left", ["a directory", "a dangling link"])
def test_what_is_not_a_journal_where_an_old_one_would_be_is_refused_before_anything_is_sent(
    sandbox: Sandbox, env: dict[str, str], tmp_path: Path, left: str
) -> None:
    # The journal is no longer written; one left by an earlier campfire-pay is read, so what
    # stands in its place is bad input, never a crash after the pays
    csv_file = _bulk_file(sandbox, tmp_path)
    journal = csv_file.with_name("p.csv.journal")
    if left == "a directory":
        journal.mkdir()
    else:
        journal.symlink_to(tmp_path / "gone" / "j")
    seen = sandbox.state.requests_seen
    result = run_cli("bulk", "pay", str(csv_file), env=env)
    _clean(result)
    assert result.returncode == 2, result.stderr
    assert f"{journal}: cannot be read as a journal" in result.stderr
    assert "Nothing was sent" in result.stderr
    assert sandbox.state.requests_seen == seen
    assert not (tmp_path / "p.csv.results.csv").exists()


@pytest.mark.slow
def test_results_that_fail_to_write_after_the_pays_name_the_run_in_the_store(
    sandbox: Sandbox, env: dict[str, str], tmp_path: Path
) -> None:
    csv_file = _bulk_file(sandbox, tmp_path)
    store = tmp_path / "runs [1].sqlite3"  # text not ours, named literally
    for suffix in (".csv", ".json"):  # writable when checked, but the disk is full
        (tmp_path / f"out{suffix}").symlink_to("/dev/full")
    result = run_cli(
        "bulk", "pay", str(csv_file), "--results", str(tmp_path / "out"), "--store", str(store),
        env=env,
    )  # fmt: skip
    _clean(result)
    assert result.returncode == 1
    assert "could not be written (No space left on device)" in result.stderr
    kept = re.search(r"kept in run (\S+) in (.+?); ", result.stderr.replace("\n", " "))
    assert kept is not None, result.stderr
    assert kept.group(2) == str(store)
    status = run_cli("bulk", "status", str(csv_file), "--store", str(store), env=env)
    assert status.returncode == 0, status.stderr
    assert f"run {kept.group(1)} (file p.csv)" in status.stdout  # the run the message named
    assert not csv_file.with_name("p.csv.journal").exists()  # the store keeps it, not a journal
    again = run_cli("bulk", "pay", str(csv_file), "--resume", "--store", str(store), env=env)
    _clean(again)
    assert again.returncode == 0, again.stderr
    assert "paid" in (tmp_path / "p.csv.results.csv").read_text()
    invoice_id = int(csv_file.read_text().splitlines()[1].split(",")[1])
    assert len(sandbox.invoice(invoice_id).payments) == 1  # written now, paid once


def _to_full_stdout(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    with open("/dev/full", "w") as full:
        return subprocess.run(
            [str(ENTRY_POINT), *args], env=env, stdout=full, stderr=subprocess.PIPE,
            text=True, timeout=60, check=False,
        )  # fmt: skip


@pytest.mark.slow
def test_every_command_with_its_output_unwritable_ends_with_a_message(
    sandbox: Sandbox, env: dict[str, str], tmp_path: Path
) -> None:
    invoice = sandbox.add_invoice("100.00")
    txn = sandbox.add_bank_transaction("100.00")
    bill = sandbox.add_bill("10.00")
    csv_file = _bulk_file(sandbox, tmp_path)
    commands = [
        ["--version"],
        ["--help"],
        ["invoice", "--help"],
        ["invoice", "show", str(invoice.id)],
        ["invoice", "show", str(invoice.id), "--json"],
        ["bill", "show", str(bill.id)],
        ["invoice", "pay", str(invoice.id), "--transaction", f"{txn.id}=1.00", "--dry-run"],
        ["bulk", "pay", str(csv_file), "--dry-run"],
        ["bulk", "pay", str(csv_file)],
        ["sandbox", "serve", "--port", "0"],
    ]
    for command in commands:
        result = _to_full_stdout(*command, env=env)
        assert "Traceback" not in result.stderr, (command, result.stderr)
        assert result.returncode == 1, (command, result.stderr)
        assert "No space left on device" in result.stderr, (command, result.stderr)
    before = len(sandbox.invoice(invoice.id).payments)
    paid = _to_full_stdout(
        "invoice", "pay", str(invoice.id), "--transaction", f"{txn.id}=2.00", env=env
    )
    assert paid.returncode == 1
    assert "Traceback" not in paid.stderr
    assert len(sandbox.invoice(invoice.id).payments) == before + 1
    assert f"invoice {invoice.id} was paid (payment ids" in paid.stderr
    assert f"campfire-pay invoice show {invoice.id}" in paid.stderr


# --- lines that copy whole --------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("columns", ["40", "80"])
def test_the_export_lines_never_wrap(columns: str) -> None:
    env = {**cli_env(), "COLUMNS": columns}
    process = subprocess.Popen(
        [str(ENTRY_POINT), "sandbox", "serve", "--port", "0", "--seed", "demo"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert process.stdout is not None
        lines = [process.stdout.readline() for _ in range(3)]
    finally:
        process.terminate()
        process.communicate(timeout=30)
    assert re.fullmatch(r"  export CAMPFIRE_BASE_URL=http://127\.0\.0\.1:\d+\n", lines[1])
    assert re.fullmatch(r"  export CAMPFIRE_API_KEY=\S+   # a throwaway local key\n", lines[2]), (
        lines
    )


@pytest.mark.slow
@pytest.mark.parametrize("columns", ["40", "80"])
def test_messages_never_break_inside_a_quoted_value(
    sandbox: Sandbox, tmp_path: Path, columns: str
) -> None:
    env = {**cli_env(sandbox.api_key, sandbox.base_url), "COLUMNS": columns}
    amount = "1" * 30 + ".5"
    bad = run_cli(
        "invoice", "pay", "1", "--transaction", f"1={amount}", "--manual", "2553=1", env=env
    )
    assert bad.returncode == 2
    lines = bad.stderr.splitlines()
    assert any(f"--transaction 1={amount}:" in line for line in lines), lines
    assert any("--manual 2553=1: has no @DATE (e.g. 2553=1@2025-07-25)" in line for line in lines)
    deep = tmp_path / ("a-rather-long-folder-name-" * 3) / "out"
    csv_file = _bulk_file(sandbox, tmp_path)
    refused = run_cli("bulk", "pay", str(csv_file), "--results", str(deep), env=env)
    assert refused.returncode == 2
    assert (
        f"--results {deep}: there is no directory {deep.parent}" in refused.stderr.splitlines()[0]
    )


def test_a_refusal_names_the_python_parameter_that_resolves_it() -> None:
    import inspect

    from campfire_pay.bulk import JournalExistsError, run_plan

    assert JournalExistsError.parameter in inspect.signature(run_plan).parameters
    assert speak_flags(f"({JournalExistsError.parameter}=True)") == "(--resume)"


@pytest.mark.parametrize("said", ["[/b] refused", "batch[/x] is taken", "a\x1b[31mred"])
def test_the_servers_words_are_shown_literally(
    capsys: pytest.CaptureFixture[str], said: str
) -> None:
    from campfire_pay._core.errors import ConflictError
    from campfire_pay.cli._exits import guarded

    def refused() -> None:
        raise ConflictError(said, status_code=409, request_id="req_[1]")

    with pytest.raises(typer.Exit) as ended:
        guarded(refused)
    assert ended.value.exit_code == 1
    printed = capsys.readouterr().err
    assert shown(said) in printed
    assert "request id: req_[1]" in printed


@pytest.mark.slow
def test_sandbox_serve_on_a_taken_or_impossible_port_says_so() -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        busy = run_cli("sandbox", "serve", "--port", str(port), env=cli_env(), timeout=30)
    _clean(busy)
    assert busy.returncode == 1
    assert f"cannot serve on 127.0.0.1:{port} (Address already in use)" in busy.stderr
    impossible = run_cli("sandbox", "serve", "--port", "99999", env=cli_env(), timeout=30)
    _clean(impossible)
    assert impossible.returncode == 2
    assert "99999 is not in the range 0<=x<=65535" in impossible.stderr


@pytest.mark.slow
def test_what_is_sent_to_campfire_is_not_neutralised(
    sandbox: Sandbox, env: dict[str, str], tmp_path: Path
) -> None:
    invoice = sandbox.add_invoice("100.00")
    path = tmp_path / "p.csv"
    path.write_text(
        "kind,document_id,source,source_id,amount,date,reference,account_name\n"
        f"invoice,{invoice.id},manual,2553,10.00,2025-07-25,=1+1,=SUM(1)\n"
    )
    where = tmp_path / "store.sqlite3"
    result = run_cli("bulk", "pay", str(path), "--store", str(where), env=env)
    _clean(result)
    assert result.returncode == 0, result.stderr
    from campfire_pay.store import open_store

    store = open_store(where)
    try:
        bodies = [intent.canonical for intent in store.intents()]  # the lines that were sent
    finally:
        store.close()
    assert len(bodies) == 1
    sent = json.loads(bodies[0])
    names = [item["account_name"] for items in sent.values() if isinstance(items, list)
             for item in items if "account_name" in item]  # fmt: skip
    # As given (the store folds names to lower case for its repeat guard): only the file
    # written for people is guarded.
    assert names == ["=sum(1)"]
    written = list(csv.DictReader(io.StringIO((tmp_path / "p.csv.results.csv").read_text())))
    assert written[0]["reference"] == "'=1+1"


def test_the_store_commands_exit_with_the_codes_of_bulk() -> None:
    # spelled in the command module so that defining the commands loads nothing heavy
    from campfire_pay import bulk
    from campfire_pay.cli import _bulk_store

    assert (_bulk_store.EXIT_BAD_INPUT, _bulk_store.EXIT_REFUSED) == (
        bulk.EXIT_BAD_INPUT,
        bulk.EXIT_REFUSED,
    )
