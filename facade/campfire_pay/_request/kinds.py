"""Everything that differs between paying an invoice and paying a bill, in one table.

Invoices and bills are paid the same way except for a handful of names and one rule (an
invoice turns an excess into a credit memo). Each difference is a field of :class:`KindFacts`,
so the code that validates, sends, matches and prints a pay reads the kind's record instead
of branching on ``kind == "invoice"``; a new difference gets a new field here, not a new
conditional somewhere else.
"""

from __future__ import annotations

import attrs

from campfire_pay._request.items import CreditMemoPayment, DebitMemoPayment
from campfire_pay.types import Kind


@attrs.frozen
class KindFacts:
    """The names and rules of one kind of document, as the API and the callers spell them."""

    kind: Kind
    #: "an invoice": the kind in messages.
    article: str
    #: The document's id field, in the pay body and in the caller's argument names.
    id_field: str
    #: The document's number field on a read document.
    number_field: str
    #: The field naming the other party on a read document.
    counterparty_field: str
    #: The memo's adjective: "credit" in "credit memo" and in the command line's memo option.
    memo_word: str
    #: A memo as a payment source: the payment record's field, the bulk file's ``source``.
    memo_source: str
    #: The memo list: the pay argument and its name on the wire.
    memos: str
    #: The item class of one memo application.
    memo_class: type[CreditMemoPayment] | type[DebitMemoPayment]
    #: The memo id field of one memo application.
    memo_id_field: str
    #: The other kind's memo list, which this kind refuses.
    refused_memos: str
    #: Campfire keeps an excess as a new credit memo, so a record may show less than was sent.
    excess_becomes_credit_memo: bool
    #: The generated operation that pays a document of this kind.
    pay_operation: str
    #: The generated operation that reads a document of this kind.
    retrieve_operation: str
    #: The plural: the namespace (``campfire.invoices``) and the bulk-search body's list.
    plural: str = ""
    #: The document's own date field (``invoice_date``), the list's default order.
    date_field: str = ""
    #: The list filter naming the other party (``client``, ``vendor``).
    counterparty_filter: str = ""
    #: The generated operations of the list, the search by number and the payments feed.
    list_operation: str = ""
    search_operation: str = ""
    payments_operation: str = ""
    #: The generated operations that void and delete one payment of a document.
    void_payment_operation: str = ""
    delete_payment_operation: str = ""


INVOICE = KindFacts(
    kind="invoice",
    article="an invoice",
    id_field="invoice_id",
    number_field="invoice_number",
    counterparty_field="client_name",
    memo_word="credit",
    memo_source="credit_memo",
    memos="credit_memos",
    memo_class=CreditMemoPayment,
    memo_id_field="credit_memo_id",
    refused_memos="debit_memos",
    excess_becomes_credit_memo=True,
    pay_operation="coa_api_v1_invoice_pay_create",
    retrieve_operation="coa_api_v1_invoice_retrieve",
    plural="invoices",
    date_field="invoice_date",
    counterparty_filter="client",
    list_operation="coa_api_v1_invoice_list",
    search_operation="coa_api_v1_invoice_bulk_search_create",
    payments_operation="coa_api_v1_invoice_payments_list",
    void_payment_operation="coa_api_v1_invoice_payment_void_create",
    delete_payment_operation="coa_api_v1_invoice_payment_void_destroy",
)

BILL = KindFacts(
    kind="bill",
    article="a bill",
    id_field="bill_id",
    number_field="bill_number",
    counterparty_field="vendor_name",
    memo_word="debit",
    memo_source="debit_memo",
    memos="debit_memos",
    memo_class=DebitMemoPayment,
    memo_id_field="debit_memo_id",
    refused_memos="credit_memos",
    excess_becomes_credit_memo=False,
    pay_operation="coa_api_v1_bill_pay_create",
    retrieve_operation="coa_api_v1_bill_retrieve_2",
    plural="bills",
    date_field="bill_date",
    counterparty_filter="vendor",
    list_operation="coa_api_v1_bill_retrieve",  # sic: Campfire's name for the bill list
    search_operation="coa_api_v1_bill_bulk_search_create",
    payments_operation="coa_api_v1_bill_payments_list",
    void_payment_operation="coa_api_v1_bill_payment_void_create",
    delete_payment_operation="coa_api_v1_bill_payment_void_destroy",
)

#: Each kind's record, in the order the API's docs list them.
BY_KIND: dict[Kind, KindFacts] = {"invoice": INVOICE, "bill": BILL}
KINDS: tuple[Kind, ...] = tuple(BY_KIND)


def check_kind(kind: object) -> Kind:
    """``kind`` itself when it names a kind of document; else a ``ValueError`` that says so.

    Every door that takes a kind from its caller (``pay``, ``get_document``,
    ``build_pay_request``) checks it here, before anything is built or sent.
    """
    for known in KINDS:
        if kind == known and isinstance(kind, str):
            return known
    raise ValueError(f"kind must be 'invoice' or 'bill', not {kind!r}")
