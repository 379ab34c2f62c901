"""Every validation rule: all problems at once, with paths, and nothing sent."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from _shared import seed_request_example

from campfire_pay import (
    Campfire,
    CreditMemoPayment,
    DebitMemoPayment,
    ManualPayment,
    PaymentValidationError,
    TransactionPayment,
)
from campfire_pay._request.items import FORMERLY_ACCEPTED, manual_account_name
from campfire_pay._request.pay_request import build_pay_request
from campfire_pay._request.vocabulary import item_vocabulary
from campfire_pay.sandbox import Sandbox


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Sandbox]:
    with Sandbox() as sb:
        yield sb


@pytest.fixture(scope="module")
def campfire(sandbox: Sandbox) -> Iterator[Campfire]:
    with Campfire(sandbox.api_key, base_url=sandbox.base_url) as client:
        yield client


def _problems(call: Any, sandbox: Sandbox) -> dict[str, str]:
    seen = sandbox.state.requests_seen
    with pytest.raises(PaymentValidationError) as caught:
        call()
    assert sandbox.state.requests_seen == seen, "a request reached the server"
    return {p.path: p.message for p in caught.value.problems}


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        (0, "must be greater than 0"),
        ("-1.00", "must be greater than 0"),
        ("1.001", "at most 2 decimal places"),
        (0.1 + 0.2, "a float here is binary"),
        (float("nan"), "finite"),
        (float("inf"), "finite"),
        ("NaN", "finite"),
        (True, "must be a decimal amount"),
        ("12,00", "must be a decimal amount"),
        ("1_000", "must be a decimal amount"),
        (None, "is required"),
        (Decimal(10) ** 18, "less than 10**18"),
        ([1], "must be a decimal amount"),
    ],
)
def test_bad_amounts(campfire: Campfire, sandbox: Sandbox, amount: Any, message: str) -> None:
    problems = _problems(
        lambda: campfire.pay_invoice(1, transactions=[{"transaction_id": 5, "amount": amount}]),
        sandbox,
    )
    assert message in problems["transactions[0].amount"]


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (883.33, Decimal("883.33")),
        (150, Decimal("150")),
        ("0.01", Decimal("0.01")),
        (Decimal("99.90"), Decimal("99.90")),
        ("  12.5 ", Decimal("12.5")),
        (" 1000.000 ", Decimal("1000.000")),
    ],
)
def test_good_amounts_are_exact(amount: Any, expected: Decimal) -> None:
    assert TransactionPayment(amount, 1).amount == expected


@pytest.mark.parametrize(
    ("amount", "sent"),
    [
        (Decimal("1E+2"), b"100"),
        ("2.5e3", b"2500"),
        (Decimal("99.90"), b"99.90"),
        ("0.01", b"0.01"),
        (999999999999999999, b"999999999999999999"),
        ("123456789012345678.99", b"123456789012345678.99"),
    ],
)
def test_amounts_are_sent_as_plain_exact_digits(amount: Any, sent: bytes) -> None:
    request = build_pay_request("invoice", 1, transactions=[TransactionPayment(amount, 7)])
    assert (
        request.content()
        == b'{"invoice_id":1,"transactions":[{"transaction_id":7,"amount":%s}]}' % sent
    )
    assert request.json()["transactions"][0]["amount"] == Decimal(sent.decode())


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (0, "positive integer id"),
        (-4, "positive integer id"),
        (True, "positive integer id"),
        ("12a", "positive integer id"),
        ("١٢", "positive integer id"),
        (3.0, "positive integer id"),
        (2**63, "positive integer id"),
    ],
)
def test_bad_ids(campfire: Campfire, sandbox: Sandbox, value: Any, message: str) -> None:
    problems = _problems(
        lambda: campfire.pay_bill(value, transactions=[{"transaction_id": value, "amount": 1}]),
        sandbox,
    )
    assert message in problems["bill_id"]
    assert message in problems["transactions[0].transaction_id"]


def test_numeric_string_ids_become_integers() -> None:
    item = ManualPayment("2553", "Cash", "1.00", "2025-07-25")
    assert item.account_id == 2553


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (dt.datetime(2025, 7, 25, 10, 0), "not a datetime"),
        ("07/08/2025", "ambiguous"),
        ("July 2025", "ambiguous or incomplete"),
        ("2025-02-30", "must be a date"),
        ("yesterday-ish", "must be a date"),
        (20250725, "must be a date or a date string"),
    ],
)
def test_bad_dates(campfire: Campfire, sandbox: Sandbox, value: Any, message: str) -> None:
    problems = _problems(
        lambda: campfire.pay_invoice(
            1, credit_memos=[{"credit_memo_id": 2, "amount": 1, "posted_at": value}]
        ),
        sandbox,
    )
    assert message in problems["credit_memos[0].posted_at"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-07-25", dt.date(2025, 7, 25)),
        ("25 July 2025", dt.date(2025, 7, 25)),
        ("July 25, 2025", dt.date(2025, 7, 25)),
        ("25/07/2025", dt.date(2025, 7, 25)),
    ],
)
def test_unambiguous_date_strings(text: str, expected: dt.date) -> None:
    assert CreditMemoPayment(1, 1, text).posted_at == expected


def test_every_problem_is_reported_at_once(campfire: Campfire, sandbox: Sandbox) -> None:
    problems = _problems(
        lambda: campfire.pay_bill(
            "x",
            transactions=[
                {"transaction_id": 5, "amount": "10.00"},
                {"transaction_id": 6, "transaction_ids": [7], "amount": 0},
                {"amount": 3},
                {"transaction_ids": [8, 8], "amount": 1, "colour": "red"},
                "not an item",
            ],
            manual_payments=[{"account_id": 1, "amount": 5, "payment_date": "2025-13-01"}],
        ),
        sandbox,
    )
    assert problems == {
        "bill_id": "must be a positive integer id, not 'x'",
        "transactions[1].transaction_ids": "give transaction_id or transaction_ids, not both",
        "transactions[1].amount": "must be greater than 0",
        "transactions[2].transaction_id": "give transaction_id or transaction_ids",
        "transactions[3].colour": problems["transactions[3].colour"],
        "transactions[3].transaction_ids": "names an id twice",
        "transactions[4]": "must be a TransactionPayment or a mapping, not str",
        "manual_payments[0].account_name": "is required",
        "manual_payments[0].payment_date": problems["manual_payments[0].payment_date"],
    }
    assert not any("empty_transactions" in path for path in problems), "the user's names only"
    assert problems["transactions[3].colour"].startswith("unknown field")


def test_error_message_names_each_problem_with_its_path(campfire: Campfire) -> None:
    with pytest.raises(PaymentValidationError) as caught:
        campfire.pay_invoice(
            3, transactions=[{"transaction_id": 1, "amount": 1}, {"transaction_id": 2, "amount": 0}]
        )
    text = str(caught.value)
    assert "transactions[1].amount: must be greater than 0" in text
    assert "nothing was sent" in text
    assert isinstance(caught.value, ValueError)


def test_memos_only_where_they_belong(campfire: Campfire, sandbox: Sandbox) -> None:
    memo = {"credit_memo_id": 1, "amount": 1, "posted_at": "2025-07-25"}
    debit = {"debit_memo_id": 1, "amount": 1, "posted_at": "2025-07-25"}
    on_bill = _problems(lambda: campfire.pay("bill", 1, credit_memos=[memo]), sandbox)
    on_invoice = _problems(lambda: campfire.pay("invoice", 1, debit_memos=[debit]), sandbox)
    assert on_bill["credit_memos"] == "not allowed on a bill"
    assert on_invoice["debit_memos"] == "not allowed on an invoice"
    wrong_type = _problems(
        lambda: campfire.pay_invoice(1, credit_memos=[DebitMemoPayment(1, 1, "2025-07-25")]),
        sandbox,
    )
    assert wrong_type["credit_memos[0]"].startswith("must be a CreditMemoPayment")


def test_at_least_one_list_is_required(campfire: Campfire, sandbox: Sandbox) -> None:
    for call in (
        lambda: campfire.pay_invoice(1),
        lambda: campfire.pay_invoice(1, transactions=[], credit_memos=[], manual_payments=[]),
        lambda: campfire.pay_bill(1, transactions=iter(())),
    ):
        problems = _problems(call, sandbox)
        assert list(problems) == [""]
        assert problems[""].startswith("give at least one of transactions")


def test_no_id_twice_in_one_call(campfire: Campfire, sandbox: Sandbox) -> None:
    problems = _problems(
        lambda: campfire.pay_invoice(
            1,
            transactions=[TransactionPayment(1, 9), TransactionPayment(2, transaction_ids=[8, 9])],
            credit_memos=[
                CreditMemoPayment(4, 1, "2025-07-25"),
                CreditMemoPayment(4, 2, "2025-07-26"),
            ],
        ),
        sandbox,
    )
    assert "already used by transactions[0]" in problems["transactions[1].transaction_id"]
    assert "already used by credit_memos[0]" in problems["credit_memos[1].credit_memo_id"]


def test_items_validate_on_construction() -> None:
    with pytest.raises(PaymentValidationError) as caught:
        ManualPayment(0, "", "-1", "nope", currency="dollars")
    assert {p.path for p in caught.value.problems} == {
        "account_id",
        "account_name",
        "amount",
        "payment_date",
        "currency",
    }
    with pytest.raises(PaymentValidationError):
        TransactionPayment("1.00")
    with pytest.raises(PaymentValidationError):
        DebitMemoPayment(1, "1.00", dt.datetime(2025, 1, 1, 1))


def test_items_are_frozen() -> None:
    item = TransactionPayment("1.00", 1)
    with pytest.raises(AttributeError):
        item.amount = Decimal(2)  # type: ignore[misc]


@pytest.mark.parametrize(("kind", "seed"), [("invoice", "000_"), ("bill", "001_")])
def test_preview_equals_the_seed_bodies(campfire: Campfire, kind: str, seed: str) -> None:
    """The docs example, less the item fields the committed schema does not list, is sent as is."""
    example = _schema_fields_only(seed_request_example(seed))
    memos = "credit_memos" if kind == "invoice" else "debit_memos"
    arguments: dict[str, Any] = {
        "transactions": example["transactions"],
        memos: example[memos],
    }
    if "empty_transactions" in example:
        arguments["manual_payments"] = example["empty_transactions"]
    preview_call = (
        campfire.preview_invoice_payment if kind == "invoice" else campfire.preview_bill_payment
    )
    sent = preview_call(example[f"{kind}_id"], **arguments)

    def ids_as_integers(value: Any, key: str = "") -> Any:
        if isinstance(value, dict):
            return {k: ids_as_integers(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [ids_as_integers(v) for v in value]
        if key.endswith("_id") and isinstance(value, str):
            return int(value)
        return value

    exact = json.loads(json.dumps(example), parse_float=Decimal)
    expected = ids_as_integers(exact)
    assert sent == expected
    assert list(sent) == list(expected), "the same fields, in the same order"
    for item, seed_item in zip(sent["transactions"], example["transactions"], strict=True):
        assert str(item["amount"]) == repr(seed_item["amount"]), "amounts keep their decimals"


def _schema_fields_only(example: dict[str, Any]) -> dict[str, Any]:
    kept = dict(example)
    for name in ("transactions", "credit_memos", "debit_memos", "empty_transactions"):
        vocabulary = item_vocabulary(name)
        if name in kept and vocabulary is not None:
            kept[name] = [
                {k: v for k, v in item.items() if k in vocabulary.fields} for item in kept[name]
            ]
    return kept


def test_the_docs_fields_the_schema_does_not_list_are_refused_naming_the_change(
    campfire: Campfire, sandbox: Sandbox
) -> None:
    fields = item_vocabulary("transactions")
    assert fields is not None
    dropped = [n for n in FORMERLY_ACCEPTED["transactions"] if n not in fields.fields]
    if not dropped:
        pytest.skip("the committed schema lists every field campfire-pay accepted before")
    item = {"transaction_id": 1, "amount": 1, dropped[0]: "x"}
    problems = _problems(lambda: campfire.pay_invoice(1, transactions=[item]), sandbox)
    message = problems[f"transactions[0].{dropped[0]}"]
    assert "Campfire's schema dropped it from MarkPaidTransaction" in message
    with pytest.raises(PaymentValidationError, match="schema dropped it"):
        TransactionPayment(1, 1, **{dropped[0]: "x"})


def test_keyword_fields_are_checked_against_the_schema() -> None:
    manual = item_vocabulary("empty_transactions")
    assert manual is not None
    memo = manual.fields["memo"]
    assert memo.kind == "string"
    item = ManualPayment(1, "Cash", "5.00", "2025-07-25", memo="rent", tag_ids=["3", 4])
    assert item.to_json()["memo"] == "rent"
    assert item.to_json()["tag_ids"] == [3, 4]
    with pytest.raises(PaymentValidationError) as caught:
        ManualPayment(1, "Cash", "5.00", "2025-07-25", memo=5, tag_ids=[1, 0], department_id=0)
    assert {p.path for p in caught.value.problems} == {"memo", "tag_ids[1]", "department_id"}
    with pytest.raises(PaymentValidationError, match="unknown field"):
        ManualPayment(1, "Cash", "5.00", "2025-07-25", colour="red")


def test_a_fields_max_length_comes_from_the_schema() -> None:
    for name in ("transactions", "empty_transactions"):
        vocabulary = item_vocabulary(name)
        assert vocabulary is not None
        limited = [spec for spec in vocabulary.fields.values() if spec.max_length]
        for spec in limited:
            cls = TransactionPayment if name == "transactions" else ManualPayment
            core = (1, 1) if cls is TransactionPayment else (1, "Cash", 1, "2025-07-25")
            with pytest.raises(PaymentValidationError, match=f"at most {spec.max_length}"):
                cls(*core, **{spec.name: "x" * (spec.max_length + 1)})  # type: ignore[arg-type]


def _sample(spec: Any) -> Any:
    """A valid value for a field as the schema declares it."""
    if spec.kind == "integer":
        return 7
    if spec.kind == "number":
        return Decimal("1.25")
    if spec.kind == "string":
        return "2025-07-25" if spec.format == "date" else "x"
    if spec.kind == "array":
        return [7]
    return True if spec.kind == "boolean" else "x"


@pytest.mark.parametrize("kind", ["invoice", "bill"])
def test_every_field_the_schema_lists_is_sent(campfire: Campfire, kind: str) -> None:
    """Fields the schema adds (withholding_amount, external_id in 2026-07) need no hand edit."""
    memo_list = "credit_memos" if kind == "invoice" else "debit_memos"
    core = {
        "transactions": {"transaction_id": 1, "amount": "2.00"},
        memo_list: {f"{memo_list[:-6]}_memo_id": 2, "amount": "1.00", "posted_at": "2025-07-25"},
        "empty_transactions": {"account_id": 3, "account_name": "Cash", "amount": "1.00",
                               "payment_date": "2025-07-25"},
    }  # fmt: skip
    items: dict[str, dict[str, Any]] = {}
    for name, item in core.items():
        vocabulary = item_vocabulary(name)
        assert vocabulary is not None
        extra = {
            field: _sample(spec)
            for field, spec in vocabulary.fields.items()
            if field not in item and field not in ("transaction_ids", "currency")
        }
        items[name] = {**item, **extra}
    preview = (
        campfire.preview_invoice_payment if kind == "invoice" else campfire.preview_bill_payment
    )
    sent = preview(
        9,
        transactions=[items["transactions"]],
        **{memo_list: [items[memo_list]]},
        manual_payments=[items["empty_transactions"]],
    )
    for name, item in items.items():
        assert set(sent[name][0]) == set(item), name


@pytest.mark.parametrize(
    ("account_id", "name", "sent"),
    [
        (2553, None, "2553"),
        ("2553", "", "2553"),
        (" 2553 ", "  ", "2553"),
        ("2553", " Operating Cash ", "Operating Cash"),
    ],
)
def test_a_manual_payment_without_an_account_name_sends_its_account_id(
    account_id: int | str, name: str | None, sent: str
) -> None:
    assert manual_account_name(account_id, name) == sent


@pytest.mark.parametrize("kind", ["INVOICE", "Invoice ", None, 5, ["invoice"]])
def test_an_unknown_kind_is_named_with_every_other_problem(
    campfire: Campfire, sandbox: Sandbox, kind: Any
) -> None:
    """A pay of no known kind is a PaymentValidationError (still a ValueError) that names
    the kind beside the other problems of the call, not a bare ValueError naming one."""
    problems = _problems(
        lambda: campfire.pay(kind, "x", transactions=[{"amount": "abc", "transaction_id": -2}]),
        sandbox,
    )
    assert set(problems) == {
        "kind",
        "document_id",
        "transactions[0].transaction_id",
        "transactions[0].amount",
    }
    assert "'invoice' or 'bill'" in problems["kind"]
    with pytest.raises(ValueError, match="kind"):
        build_pay_request(kind, 1, transactions=[{"amount": "1.00", "transaction_id": 2}])
