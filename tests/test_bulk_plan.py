"""Planning a bulk file: canonical ids, refused duplicates, exact amounts, strict dates and
encodings, rows that stay whole. Pure: nothing here talks to a server."""

from __future__ import annotations

import decimal
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from campfire_pay._request.values import Problems, amount
from campfire_pay.bulk import plan_csv, render_problems, results_problem
from campfire_pay.bulk._checks import check_row
from campfire_pay.bulk._columns import COLUMNS, Header
from campfire_pay.bulk._packed import pack, unpack

HEADER = "kind,document_id,source,source_id,amount,date,reference\n"


def _plan(tmp_path: Path, body: str, **options: object) -> tuple[object, list[str]]:
    path = tmp_path / "p.csv"
    path.write_bytes((HEADER + body).encode())
    checked = plan_csv(path, **options)  # type: ignore[arg-type]
    return checked, list(render_problems(checked.problems))


def test_leading_zeros_name_the_same_document(tmp_path: Path) -> None:
    checked, problems = _plan(
        tmp_path,
        "invoice,28,transaction,5,10.00,,a\ninvoice,028,manual,0001000,200.00,2025-07-25,b\n",
    )
    assert problems == []
    [document] = checked.documents  # type: ignore[attr-defined]
    assert document.key == "invoice:28"
    assert document.lines == (2, 3)
    assert document.total == Decimal("210.00")
    assert document.request().json()["empty_transactions"][0]["account_id"] == 1000


def test_a_column_named_twice_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text(
        "kind,document_id,source,source_id,amount,date,amount\n"
        "invoice,1,transaction,5,10.00,,990.00\n"
    )
    checked = plan_csv(path)
    assert checked.documents == ()
    assert not checked.complete
    assert "line 1: column(s) named twice: 'amount'" in list(render_problems(checked.problems))


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("manual,1000,10.00,2025-07-25", "manual,1000,10,2025-07-25"),
        ("transaction,5,10.00,", "transaction,005,10.0,"),
        ("credit_memo,7,3.00,2025-07-25", "credit_memo,7,3.00,2025-07-25"),
    ],
)
def test_duplicate_rows_are_refused_alike_for_every_source(
    tmp_path: Path, first: str, second: str
) -> None:
    checked, problems = _plan(tmp_path, f"invoice,1,{first},a\ninvoice,1,{second},b\n")
    assert checked.documents == ()  # type: ignore[attr-defined]
    assert any(p.startswith("line 3: the same row as line 2") for p in problems), problems


def test_duplicate_manual_rows_stand_when_the_flag_says_they_are_meant(tmp_path: Path) -> None:
    body = "invoice,1,manual,1000,10.00,2025-07-25,a\ninvoice,1,manual,1000,10.00,2025-07-25,b\n"
    checked, problems = _plan(tmp_path, body, allow_duplicate_rows=True)
    assert problems == []
    assert checked.documents[0].total == Decimal("20.00")  # type: ignore[attr-defined]
    # a transaction still takes one amount per document, flag or not
    body = "invoice,1,transaction,5,10.00,,a\ninvoice,1,transaction,5,10.00,,b\n"
    checked, problems = _plan(tmp_path, body, allow_duplicate_rows=True)
    assert problems == ["line 3: source_id: transaction 5 is already used by line 2 of this "
                        "document; put the whole amount in one row"]  # fmt: skip


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("0.0100000000000000000000000000001", "amount: has 30 digits; at most 28 are allowed"),
        ("1.234", "amount: must have at most 2 decimal places, got 1.234"),
        ("1e999999999", "amount: must be less than 10**18"),
        ("NaN", "amount: must be a finite number"),
    ],
)
def test_amounts_are_checked_exactly(tmp_path: Path, cell: str, message: str) -> None:
    _, problems = _plan(tmp_path, f"invoice,1,transaction,5,{cell},,a\n")
    assert problems == [f"line 2: {message}"]


def test_the_callers_decimal_context_changes_nothing(tmp_path: Path) -> None:
    with decimal.localcontext() as context:
        context.prec = 3
        context.traps[decimal.InvalidOperation] = False
        problems = Problems()
        assert amount("1.234", "amount", problems) == Decimal("1.234")
        assert [str(p) for p in problems.items] == [
            "amount: must have at most 2 decimal places, got 1.234"
        ]
        checked, listed = _plan(
            tmp_path, "invoice,1,transaction,5,12345.67,,a\ninvoice,1,manual,9,0.01,2025-07-25,b\n"
        )
        assert listed == []
        assert checked.documents[0].total == Decimal("12345.68")  # type: ignore[attr-defined]
        assert checked.documents[0].request().total == Decimal("12345.68")  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "when", ["2025-07-25T23:30:00-05:00", "2025-07-25 00:00", "July 25 2025 10am"]
)
def test_a_date_with_a_time_of_day_is_refused(tmp_path: Path, when: str) -> None:
    _, problems = _plan(tmp_path, f"invoice,1,manual,9,1.00,{when},a\n")
    assert len(problems) == 1
    assert "has a time of day; give the date alone" in problems[0]


def test_huge_ids_get_a_clear_error(tmp_path: Path) -> None:
    _, problems = _plan(tmp_path, f"invoice,{'9' * 999},transaction,{'1' * 999},1.00,,a\n")
    assert problems == [
        "line 2: document_id: must be a positive integer id of at most 19 digits",
        "line 2: source_id: must be a positive integer id of at most 19 digits",
    ]


@pytest.mark.parametrize("separator", ["\u2028", "\x85", "\x0b", "\x0c", "\x1c", "\u2029"])
def test_line_separators_inside_a_cell_do_not_split_the_row(tmp_path: Path, separator: str) -> None:
    body = (
        f"invoice,1,transaction,5,1.00,,first{separator}half\n"
        "invoice,2,transaction,6,2.00,,next\n"
        "invoice,3,transaction,7,-1,,bad\n"
    )
    checked, problems = _plan(tmp_path, body)
    assert problems == ["line 4: amount: must be greater than 0"]
    assert checked.row_count == 3  # type: ignore[attr-defined]
    from campfire_pay.bulk import result_rows

    rows = list(result_rows(checked, []))  # type: ignore[arg-type]
    assert rows[0]["reference"] == f"first{separator}half"
    assert [r["line"] for r in rows] == [2, 3, 4]


def test_utf8_with_a_bom_is_read(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_bytes(
        b"\xef\xbb\xbf" + (HEADER + "invoice,1,manual,9,1.00,2025-07-25,caf\u00e9\n").encode()
    )
    checked = plan_csv(path)
    assert checked.problems == {}
    assert len(checked.documents) == 1


def test_latin1_is_refused_with_its_line_unless_its_encoding_is_given(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    body = (
        HEADER
        + "invoice,1,manual,9,1.00,2025-07-25,ok\ninvoice,2,manual,9,1.00,2025-07-25,caf\u00e9\n"
    )
    path.write_bytes(body.encode("latin-1"))
    problems = list(render_problems(plan_csv(path).problems))
    assert problems == [
        "line 3: not UTF-8 text (byte 0xE9 at column 39): save the file as UTF-8, or give "
        "the file's encoding (e.g. encoding='latin-1')"
    ]
    given = plan_csv(path, encoding="latin-1")
    assert given.problems == {}
    assert len(given.documents) == 2
    unknown = plan_csv(path, encoding="klingon")
    assert list(render_problems(unknown.problems)) == [
        "encoding='klingon': unknown encoding 'klingon' (e.g. utf-8, latin-1, cp1252, utf-16)"
    ]


def test_utf16_is_named(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_bytes((HEADER + "invoice,1,manual,9,1.00,2025-07-25,x\n").encode("utf-16"))
    checked = plan_csv(path)
    assert not checked.complete
    assert list(render_problems(checked.problems)) == [
        "line 1: the file is UTF-16, not UTF-8: save it as UTF-8, or give its encoding "
        "(encoding='utf-16')"
    ]
    assert len(plan_csv(path, encoding="utf-16").documents) == 1


def test_oversized_cells_are_refused(tmp_path: Path) -> None:
    _, problems = _plan(tmp_path, f"invoice,1,transaction,5,1.00,,{'x' * 5000}\n")
    assert problems == ["line 2: reference: longer than 1000 characters (5000)"]
    checked, problems = _plan(tmp_path, f"invoice,1,transaction,5,1.00,,{'x' * 200_000}\n")
    assert not checked.complete  # type: ignore[attr-defined]
    assert problems[0].startswith("line 2: cannot be read as CSV (field larger than field limit")


def test_results_never_overwrite_the_input(tmp_path: Path) -> None:
    csv_file = tmp_path / "payments.csv"
    csv_file.write_text(HEADER)
    assert "would overwrite payments.csv" in str(results_problem(tmp_path / "payments", csv_file))
    roundabout = tmp_path / "sub" / ".." / "payments"
    assert results_problem(roundabout, csv_file) is not None
    linked = tmp_path / "link.csv"
    linked.symlink_to(csv_file)
    assert results_problem(tmp_path / "link", csv_file) is not None
    json_input = tmp_path / "payments.json"
    json_input.write_text(HEADER)
    assert results_problem(tmp_path / "payments", json_input) is not None
    assert results_problem(tmp_path / "out", csv_file) is None


ids = st.sampled_from(["28", "028", "0", "", " 7", "1e3", "9" * 19, "9" * 18, "١٢"])
row_strategy = st.tuples(
    st.sampled_from(["invoice", "bill", "Invoice", ""]),
    st.one_of(ids, st.text(max_size=3)),
    st.sampled_from(["transaction", "credit_memo", "debit_memo", "manual", "wire", ""]),
    st.one_of(ids, st.text(max_size=3)),
    st.sampled_from(["1.5", "10.00", "0.00", "0", "00.5", "1.234", "99999999999999999.99",
                     "9999999999999999.99", "-1", " 2", "1E+2", "0.01"]),
    st.sampled_from(["", "2025-07-25", "2025-02-30", "2025-7-25", "2025-07-25T10:00", "20250725"]),
    st.sampled_from(["", "Cash", " Cash", "x" * 1001]),
)  # fmt: skip


@given(row_strategy)
def test_the_fast_path_agrees_with_the_full_check(cells: tuple[str, ...]) -> None:
    """A row the fast path takes is one the full check takes, with the same canonical values."""
    row = list(cells)
    header = Header([*COLUMNS, "account_name"])
    plain = header.plain(2, row)
    found, checked = check_row(header.values(row))
    if plain is None:
        return
    assert found == []
    assert checked is not None
    kind, document_id, source, source_id, amount, date, name = checked
    assert plain[0] == f"{kind}:{document_id}"
    assert unpack(plain[1]) == unpack(pack(2, source, source_id, amount, date, name))
