from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.accounting_invoice_line import AccountingInvoiceLine
    from ..models.accounting_invoice_payment import AccountingInvoicePayment
    from ..models.file import File


T = TypeVar("T", bound="AccountingInvoice")


@_attrs_define
class AccountingInvoice:
    """
    Attributes:
        amount_due (Decimal | Unset):
        amount_paid (Decimal | Unset):
        anrok_connection (int | None | Unset):
        attachments (list[File] | Unset):
        auto_send_invoice (bool | None | Unset):
        auto_send_invoice_at (datetime.date | None | Unset):
        auto_sent_at (datetime.date | None | Unset):
        avalara_connection (int | None | Unset):
        avalara_connection_company (str | Unset):
        avalara_connection_name (str | Unset):
        bad_debt_journal_entry (int | None | Unset):
        billing_address (None | str | Unset):
        client (int | None | Unset):
        client_email (str | Unset):
        client_invoice_message (str | Unset):
        client_name (str | Unset):
        client_use_stripe_auto_bill (bool | Unset):
        contract (int | None | Unset):
        contract_name (str | Unset):
        created_at (datetime.datetime | Unset):
        currency (str | Unset):
        customer (int | Unset):
        deleted_at (datetime.datetime | None | Unset):
        discount (Decimal | None | Unset): Discount amount for the invoice
        due_date (datetime.date | Unset):
        entity (int | Unset):
        entity_currency (str | Unset):
        entity_invoice_message (str | Unset):
        entity_name (str | Unset):
        entity_transfer_journal_entry (int | None | Unset):
        exchange_rate (Decimal | None | Unset):
        exchange_rate_book (Decimal | None | Unset):
        id (int | Unset):
        integration_context (Any | Unset):
        integration_id (None | str | Unset):
        invoice_date (datetime.date | Unset):
        invoice_number (str | Unset):
        is_deleted (bool | Unset):  Default: False.
        item_date (datetime.date | None | Unset):
        journal_entry (int | None | Unset):
        journal_entry_intercompany (str | Unset):
        last_modified_at (datetime.datetime | Unset):
        last_sent_at (datetime.datetime | None | Unset):
        lines (list[AccountingInvoiceLine] | Unset):
        location_of_sale (None | str | Unset):
        message_on_invoice (None | str | Unset):
        paid_date (datetime.date | None | Unset):
        past_due_days (int | None | Unset):
        payment_journal_entries (list[int] | Unset):
        payment_status (None | str | Unset): Known values: `open`, `sent`, `partial`, `paid`, `uncollectible`, `voided`.
        payments (list[AccountingInvoicePayment] | Unset):
        period_end (datetime.date | None | Unset):
        period_start (datetime.date | None | Unset):
        purchase_order_number (None | str | Unset):
        ref_number (None | str | Unset):
        reminder_sent_dates (Any | Unset): Dictionary tracking when reminders were sent for each day overdue (e.g.,
            {'5': '2024-01-15', '10': '2024-01-20'})
        revenue_transactions (list[int] | Unset):
        search_text (None | str | Unset):
        search_vector (None | str | Unset):
        sent_date (datetime.date | None | Unset):
        shipping_address (None | str | Unset):
        shipping_date (datetime.date | None | Unset):
        source (None | str | Unset):
        source_file (int | None | Unset):
        source_id (None | str | Unset):
        sphere_connection (int | None | Unset):
        status (str | Unset):
        stripe_connection (int | None | Unset):
        stripe_connection_billing_portal_enabled (bool | Unset):
        stripe_connection_entity (int | Unset):
        stripe_connection_name (str | Unset):
        stripe_invoice_id (None | str | Unset):
        stripe_payment_intent_id (None | str | Unset):
        stripe_payment_link (None | str | Unset):
        stripe_payment_link_id (None | str | Unset):
        stripe_pdf_url (None | str | Unset):
        tax_rate (int | None | Unset):
        tax_rate_name (str | Unset):
        tax_rate_value (Decimal | Unset):
        terms (None | str | Unset): Known values: `custom`, `net_5`, `net_7`, `net_10`, `net_15`, `net_20`, `net_30`,
            `net_40`, `net_45`, `net_60`, `net_90`, `net_105`, `net_120`, `due_on_receipt`.
        total_amount (Decimal | Unset):
        uncollectible_date (datetime.date | None | Unset):
        use_stripe_auto_bill (bool | None | Unset):
        vat_number (None | str | Unset):
        voided_date (datetime.date | None | Unset):
        voided_journal_entry (int | None | Unset):
        voided_journal_entry_order (str | Unset):
        warning_message (None | str | Unset):
    """

    amount_due: Decimal | Unset = UNSET
    amount_paid: Decimal | Unset = UNSET
    anrok_connection: int | None | Unset = UNSET
    attachments: list[File] | Unset = UNSET
    auto_send_invoice: bool | None | Unset = UNSET
    auto_send_invoice_at: datetime.date | None | Unset = UNSET
    auto_sent_at: datetime.date | None | Unset = UNSET
    avalara_connection: int | None | Unset = UNSET
    avalara_connection_company: str | Unset = UNSET
    avalara_connection_name: str | Unset = UNSET
    bad_debt_journal_entry: int | None | Unset = UNSET
    billing_address: None | str | Unset = UNSET
    client: int | None | Unset = UNSET
    client_email: str | Unset = UNSET
    client_invoice_message: str | Unset = UNSET
    client_name: str | Unset = UNSET
    client_use_stripe_auto_bill: bool | Unset = UNSET
    contract: int | None | Unset = UNSET
    contract_name: str | Unset = UNSET
    created_at: datetime.datetime | Unset = UNSET
    currency: str | Unset = UNSET
    customer: int | Unset = UNSET
    deleted_at: datetime.datetime | None | Unset = UNSET
    discount: Decimal | None | Unset = UNSET
    due_date: datetime.date | Unset = UNSET
    entity: int | Unset = UNSET
    entity_currency: str | Unset = UNSET
    entity_invoice_message: str | Unset = UNSET
    entity_name: str | Unset = UNSET
    entity_transfer_journal_entry: int | None | Unset = UNSET
    exchange_rate: Decimal | None | Unset = UNSET
    exchange_rate_book: Decimal | None | Unset = UNSET
    id: int | Unset = UNSET
    integration_context: Any | Unset = UNSET
    integration_id: None | str | Unset = UNSET
    invoice_date: datetime.date | Unset = UNSET
    invoice_number: str | Unset = UNSET
    is_deleted: bool | Unset = False
    item_date: datetime.date | None | Unset = UNSET
    journal_entry: int | None | Unset = UNSET
    journal_entry_intercompany: str | Unset = UNSET
    last_modified_at: datetime.datetime | Unset = UNSET
    last_sent_at: datetime.datetime | None | Unset = UNSET
    lines: list[AccountingInvoiceLine] | Unset = UNSET
    location_of_sale: None | str | Unset = UNSET
    message_on_invoice: None | str | Unset = UNSET
    paid_date: datetime.date | None | Unset = UNSET
    past_due_days: int | None | Unset = UNSET
    payment_journal_entries: list[int] | Unset = UNSET
    payment_status: None | str | Unset = UNSET
    payments: list[AccountingInvoicePayment] | Unset = UNSET
    period_end: datetime.date | None | Unset = UNSET
    period_start: datetime.date | None | Unset = UNSET
    purchase_order_number: None | str | Unset = UNSET
    ref_number: None | str | Unset = UNSET
    reminder_sent_dates: Any | Unset = UNSET
    revenue_transactions: list[int] | Unset = UNSET
    search_text: None | str | Unset = UNSET
    search_vector: None | str | Unset = UNSET
    sent_date: datetime.date | None | Unset = UNSET
    shipping_address: None | str | Unset = UNSET
    shipping_date: datetime.date | None | Unset = UNSET
    source: None | str | Unset = UNSET
    source_file: int | None | Unset = UNSET
    source_id: None | str | Unset = UNSET
    sphere_connection: int | None | Unset = UNSET
    status: str | Unset = UNSET
    stripe_connection: int | None | Unset = UNSET
    stripe_connection_billing_portal_enabled: bool | Unset = UNSET
    stripe_connection_entity: int | Unset = UNSET
    stripe_connection_name: str | Unset = UNSET
    stripe_invoice_id: None | str | Unset = UNSET
    stripe_payment_intent_id: None | str | Unset = UNSET
    stripe_payment_link: None | str | Unset = UNSET
    stripe_payment_link_id: None | str | Unset = UNSET
    stripe_pdf_url: None | str | Unset = UNSET
    tax_rate: int | None | Unset = UNSET
    tax_rate_name: str | Unset = UNSET
    tax_rate_value: Decimal | Unset = UNSET
    terms: None | str | Unset = UNSET
    total_amount: Decimal | Unset = UNSET
    uncollectible_date: datetime.date | None | Unset = UNSET
    use_stripe_auto_bill: bool | None | Unset = UNSET
    vat_number: None | str | Unset = UNSET
    voided_date: datetime.date | None | Unset = UNSET
    voided_journal_entry: int | None | Unset = UNSET
    voided_journal_entry_order: str | Unset = UNSET
    warning_message: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        amount_due = self.amount_due

        amount_paid = self.amount_paid

        anrok_connection: int | None | Unset
        if isinstance(self.anrok_connection, Unset):
            anrok_connection = UNSET
        else:
            anrok_connection = self.anrok_connection

        attachments: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.attachments, Unset):
            attachments = []
            for attachments_item_data in self.attachments:
                attachments_item = attachments_item_data.to_dict()
                attachments.append(attachments_item)

        auto_send_invoice: bool | None | Unset
        if isinstance(self.auto_send_invoice, Unset):
            auto_send_invoice = UNSET
        else:
            auto_send_invoice = self.auto_send_invoice

        auto_send_invoice_at: None | str | Unset
        if isinstance(self.auto_send_invoice_at, Unset):
            auto_send_invoice_at = UNSET
        elif isinstance(self.auto_send_invoice_at, datetime.date):
            auto_send_invoice_at = self.auto_send_invoice_at.isoformat()
        else:
            auto_send_invoice_at = self.auto_send_invoice_at

        auto_sent_at: None | str | Unset
        if isinstance(self.auto_sent_at, Unset):
            auto_sent_at = UNSET
        elif isinstance(self.auto_sent_at, datetime.date):
            auto_sent_at = self.auto_sent_at.isoformat()
        else:
            auto_sent_at = self.auto_sent_at

        avalara_connection: int | None | Unset
        if isinstance(self.avalara_connection, Unset):
            avalara_connection = UNSET
        else:
            avalara_connection = self.avalara_connection

        avalara_connection_company = self.avalara_connection_company

        avalara_connection_name = self.avalara_connection_name

        bad_debt_journal_entry: int | None | Unset
        if isinstance(self.bad_debt_journal_entry, Unset):
            bad_debt_journal_entry = UNSET
        else:
            bad_debt_journal_entry = self.bad_debt_journal_entry

        billing_address: None | str | Unset
        if isinstance(self.billing_address, Unset):
            billing_address = UNSET
        else:
            billing_address = self.billing_address

        client: int | None | Unset
        if isinstance(self.client, Unset):
            client = UNSET
        else:
            client = self.client

        client_email = self.client_email

        client_invoice_message = self.client_invoice_message

        client_name = self.client_name

        client_use_stripe_auto_bill = self.client_use_stripe_auto_bill

        contract: int | None | Unset
        if isinstance(self.contract, Unset):
            contract = UNSET
        else:
            contract = self.contract

        contract_name = self.contract_name

        created_at: str | Unset = UNSET
        if not isinstance(self.created_at, Unset):
            created_at = self.created_at.isoformat()

        currency = self.currency

        customer = self.customer

        deleted_at: None | str | Unset
        if isinstance(self.deleted_at, Unset):
            deleted_at = UNSET
        elif isinstance(self.deleted_at, datetime.datetime):
            deleted_at = self.deleted_at.isoformat()
        else:
            deleted_at = self.deleted_at

        discount: Decimal | None | Unset
        if isinstance(self.discount, Unset):
            discount = UNSET
        else:
            discount = self.discount

        due_date: str | Unset = UNSET
        if not isinstance(self.due_date, Unset):
            due_date = self.due_date.isoformat()

        entity = self.entity

        entity_currency = self.entity_currency

        entity_invoice_message = self.entity_invoice_message

        entity_name = self.entity_name

        entity_transfer_journal_entry: int | None | Unset
        if isinstance(self.entity_transfer_journal_entry, Unset):
            entity_transfer_journal_entry = UNSET
        else:
            entity_transfer_journal_entry = self.entity_transfer_journal_entry

        exchange_rate: Decimal | None | Unset
        if isinstance(self.exchange_rate, Unset):
            exchange_rate = UNSET
        else:
            exchange_rate = self.exchange_rate

        exchange_rate_book: Decimal | None | Unset
        if isinstance(self.exchange_rate_book, Unset):
            exchange_rate_book = UNSET
        else:
            exchange_rate_book = self.exchange_rate_book

        id = self.id

        integration_context = self.integration_context

        integration_id: None | str | Unset
        if isinstance(self.integration_id, Unset):
            integration_id = UNSET
        else:
            integration_id = self.integration_id

        invoice_date: str | Unset = UNSET
        if not isinstance(self.invoice_date, Unset):
            invoice_date = self.invoice_date.isoformat()

        invoice_number = self.invoice_number

        is_deleted = self.is_deleted

        item_date: None | str | Unset
        if isinstance(self.item_date, Unset):
            item_date = UNSET
        elif isinstance(self.item_date, datetime.date):
            item_date = self.item_date.isoformat()
        else:
            item_date = self.item_date

        journal_entry: int | None | Unset
        if isinstance(self.journal_entry, Unset):
            journal_entry = UNSET
        else:
            journal_entry = self.journal_entry

        journal_entry_intercompany = self.journal_entry_intercompany

        last_modified_at: str | Unset = UNSET
        if not isinstance(self.last_modified_at, Unset):
            last_modified_at = self.last_modified_at.isoformat()

        last_sent_at: None | str | Unset
        if isinstance(self.last_sent_at, Unset):
            last_sent_at = UNSET
        elif isinstance(self.last_sent_at, datetime.datetime):
            last_sent_at = self.last_sent_at.isoformat()
        else:
            last_sent_at = self.last_sent_at

        lines: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.lines, Unset):
            lines = []
            for lines_item_data in self.lines:
                lines_item = lines_item_data.to_dict()
                lines.append(lines_item)

        location_of_sale: None | str | Unset
        if isinstance(self.location_of_sale, Unset):
            location_of_sale = UNSET
        else:
            location_of_sale = self.location_of_sale

        message_on_invoice: None | str | Unset
        if isinstance(self.message_on_invoice, Unset):
            message_on_invoice = UNSET
        else:
            message_on_invoice = self.message_on_invoice

        paid_date: None | str | Unset
        if isinstance(self.paid_date, Unset):
            paid_date = UNSET
        elif isinstance(self.paid_date, datetime.date):
            paid_date = self.paid_date.isoformat()
        else:
            paid_date = self.paid_date

        past_due_days: int | None | Unset
        if isinstance(self.past_due_days, Unset):
            past_due_days = UNSET
        else:
            past_due_days = self.past_due_days

        payment_journal_entries: list[int] | Unset = UNSET
        if not isinstance(self.payment_journal_entries, Unset):
            payment_journal_entries = self.payment_journal_entries

        payment_status: None | str | Unset
        if isinstance(self.payment_status, Unset):
            payment_status = UNSET
        else:
            payment_status = self.payment_status

        payments: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.payments, Unset):
            payments = []
            for payments_item_data in self.payments:
                payments_item = payments_item_data.to_dict()
                payments.append(payments_item)

        period_end: None | str | Unset
        if isinstance(self.period_end, Unset):
            period_end = UNSET
        elif isinstance(self.period_end, datetime.date):
            period_end = self.period_end.isoformat()
        else:
            period_end = self.period_end

        period_start: None | str | Unset
        if isinstance(self.period_start, Unset):
            period_start = UNSET
        elif isinstance(self.period_start, datetime.date):
            period_start = self.period_start.isoformat()
        else:
            period_start = self.period_start

        purchase_order_number: None | str | Unset
        if isinstance(self.purchase_order_number, Unset):
            purchase_order_number = UNSET
        else:
            purchase_order_number = self.purchase_order_number

        ref_number: None | str | Unset
        if isinstance(self.ref_number, Unset):
            ref_number = UNSET
        else:
            ref_number = self.ref_number

        reminder_sent_dates = self.reminder_sent_dates

        revenue_transactions: list[int] | Unset = UNSET
        if not isinstance(self.revenue_transactions, Unset):
            revenue_transactions = self.revenue_transactions

        search_text: None | str | Unset
        if isinstance(self.search_text, Unset):
            search_text = UNSET
        else:
            search_text = self.search_text

        search_vector: None | str | Unset
        if isinstance(self.search_vector, Unset):
            search_vector = UNSET
        else:
            search_vector = self.search_vector

        sent_date: None | str | Unset
        if isinstance(self.sent_date, Unset):
            sent_date = UNSET
        elif isinstance(self.sent_date, datetime.date):
            sent_date = self.sent_date.isoformat()
        else:
            sent_date = self.sent_date

        shipping_address: None | str | Unset
        if isinstance(self.shipping_address, Unset):
            shipping_address = UNSET
        else:
            shipping_address = self.shipping_address

        shipping_date: None | str | Unset
        if isinstance(self.shipping_date, Unset):
            shipping_date = UNSET
        elif isinstance(self.shipping_date, datetime.date):
            shipping_date = self.shipping_date.isoformat()
        else:
            shipping_date = self.shipping_date

        source: None | str | Unset
        if isinstance(self.source, Unset):
            source = UNSET
        else:
            source = self.source

        source_file: int | None | Unset
        if isinstance(self.source_file, Unset):
            source_file = UNSET
        else:
            source_file = self.source_file

        source_id: None | str | Unset
        if isinstance(self.source_id, Unset):
            source_id = UNSET
        else:
            source_id = self.source_id

        sphere_connection: int | None | Unset
        if isinstance(self.sphere_connection, Unset):
            sphere_connection = UNSET
        else:
            sphere_connection = self.sphere_connection

        status = self.status

        stripe_connection: int | None | Unset
        if isinstance(self.stripe_connection, Unset):
            stripe_connection = UNSET
        else:
            stripe_connection = self.stripe_connection

        stripe_connection_billing_portal_enabled = self.stripe_connection_billing_portal_enabled

        stripe_connection_entity = self.stripe_connection_entity

        stripe_connection_name = self.stripe_connection_name

        stripe_invoice_id: None | str | Unset
        if isinstance(self.stripe_invoice_id, Unset):
            stripe_invoice_id = UNSET
        else:
            stripe_invoice_id = self.stripe_invoice_id

        stripe_payment_intent_id: None | str | Unset
        if isinstance(self.stripe_payment_intent_id, Unset):
            stripe_payment_intent_id = UNSET
        else:
            stripe_payment_intent_id = self.stripe_payment_intent_id

        stripe_payment_link: None | str | Unset
        if isinstance(self.stripe_payment_link, Unset):
            stripe_payment_link = UNSET
        else:
            stripe_payment_link = self.stripe_payment_link

        stripe_payment_link_id: None | str | Unset
        if isinstance(self.stripe_payment_link_id, Unset):
            stripe_payment_link_id = UNSET
        else:
            stripe_payment_link_id = self.stripe_payment_link_id

        stripe_pdf_url: None | str | Unset
        if isinstance(self.stripe_pdf_url, Unset):
            stripe_pdf_url = UNSET
        else:
            stripe_pdf_url = self.stripe_pdf_url

        tax_rate: int | None | Unset
        if isinstance(self.tax_rate, Unset):
            tax_rate = UNSET
        else:
            tax_rate = self.tax_rate

        tax_rate_name = self.tax_rate_name

        tax_rate_value = self.tax_rate_value

        terms: None | str | Unset
        if isinstance(self.terms, Unset):
            terms = UNSET
        else:
            terms = self.terms

        total_amount = self.total_amount

        uncollectible_date: None | str | Unset
        if isinstance(self.uncollectible_date, Unset):
            uncollectible_date = UNSET
        elif isinstance(self.uncollectible_date, datetime.date):
            uncollectible_date = self.uncollectible_date.isoformat()
        else:
            uncollectible_date = self.uncollectible_date

        use_stripe_auto_bill: bool | None | Unset
        if isinstance(self.use_stripe_auto_bill, Unset):
            use_stripe_auto_bill = UNSET
        else:
            use_stripe_auto_bill = self.use_stripe_auto_bill

        vat_number: None | str | Unset
        if isinstance(self.vat_number, Unset):
            vat_number = UNSET
        else:
            vat_number = self.vat_number

        voided_date: None | str | Unset
        if isinstance(self.voided_date, Unset):
            voided_date = UNSET
        elif isinstance(self.voided_date, datetime.date):
            voided_date = self.voided_date.isoformat()
        else:
            voided_date = self.voided_date

        voided_journal_entry: int | None | Unset
        if isinstance(self.voided_journal_entry, Unset):
            voided_journal_entry = UNSET
        else:
            voided_journal_entry = self.voided_journal_entry

        voided_journal_entry_order = self.voided_journal_entry_order

        warning_message: None | str | Unset
        if isinstance(self.warning_message, Unset):
            warning_message = UNSET
        else:
            warning_message = self.warning_message

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if amount_due is not UNSET:
            field_dict["amount_due"] = amount_due
        if amount_paid is not UNSET:
            field_dict["amount_paid"] = amount_paid
        if anrok_connection is not UNSET:
            field_dict["anrok_connection"] = anrok_connection
        if attachments is not UNSET:
            field_dict["attachments"] = attachments
        if auto_send_invoice is not UNSET:
            field_dict["auto_send_invoice"] = auto_send_invoice
        if auto_send_invoice_at is not UNSET:
            field_dict["auto_send_invoice_at"] = auto_send_invoice_at
        if auto_sent_at is not UNSET:
            field_dict["auto_sent_at"] = auto_sent_at
        if avalara_connection is not UNSET:
            field_dict["avalara_connection"] = avalara_connection
        if avalara_connection_company is not UNSET:
            field_dict["avalara_connection_company"] = avalara_connection_company
        if avalara_connection_name is not UNSET:
            field_dict["avalara_connection_name"] = avalara_connection_name
        if bad_debt_journal_entry is not UNSET:
            field_dict["bad_debt_journal_entry"] = bad_debt_journal_entry
        if billing_address is not UNSET:
            field_dict["billing_address"] = billing_address
        if client is not UNSET:
            field_dict["client"] = client
        if client_email is not UNSET:
            field_dict["client_email"] = client_email
        if client_invoice_message is not UNSET:
            field_dict["client_invoice_message"] = client_invoice_message
        if client_name is not UNSET:
            field_dict["client_name"] = client_name
        if client_use_stripe_auto_bill is not UNSET:
            field_dict["client_use_stripe_auto_bill"] = client_use_stripe_auto_bill
        if contract is not UNSET:
            field_dict["contract"] = contract
        if contract_name is not UNSET:
            field_dict["contract_name"] = contract_name
        if created_at is not UNSET:
            field_dict["created_at"] = created_at
        if currency is not UNSET:
            field_dict["currency"] = currency
        if customer is not UNSET:
            field_dict["customer"] = customer
        if deleted_at is not UNSET:
            field_dict["deleted_at"] = deleted_at
        if discount is not UNSET:
            field_dict["discount"] = discount
        if due_date is not UNSET:
            field_dict["due_date"] = due_date
        if entity is not UNSET:
            field_dict["entity"] = entity
        if entity_currency is not UNSET:
            field_dict["entity_currency"] = entity_currency
        if entity_invoice_message is not UNSET:
            field_dict["entity_invoice_message"] = entity_invoice_message
        if entity_name is not UNSET:
            field_dict["entity_name"] = entity_name
        if entity_transfer_journal_entry is not UNSET:
            field_dict["entity_transfer_journal_entry"] = entity_transfer_journal_entry
        if exchange_rate is not UNSET:
            field_dict["exchange_rate"] = exchange_rate
        if exchange_rate_book is not UNSET:
            field_dict["exchange_rate_book"] = exchange_rate_book
        if id is not UNSET:
            field_dict["id"] = id
        if integration_context is not UNSET:
            field_dict["integration_context"] = integration_context
        if integration_id is not UNSET:
            field_dict["integration_id"] = integration_id
        if invoice_date is not UNSET:
            field_dict["invoice_date"] = invoice_date
        if invoice_number is not UNSET:
            field_dict["invoice_number"] = invoice_number
        if is_deleted is not UNSET:
            field_dict["is_deleted"] = is_deleted
        if item_date is not UNSET:
            field_dict["item_date"] = item_date
        if journal_entry is not UNSET:
            field_dict["journal_entry"] = journal_entry
        if journal_entry_intercompany is not UNSET:
            field_dict["journal_entry_intercompany"] = journal_entry_intercompany
        if last_modified_at is not UNSET:
            field_dict["last_modified_at"] = last_modified_at
        if last_sent_at is not UNSET:
            field_dict["last_sent_at"] = last_sent_at
        if lines is not UNSET:
            field_dict["lines"] = lines
        if location_of_sale is not UNSET:
            field_dict["location_of_sale"] = location_of_sale
        if message_on_invoice is not UNSET:
            field_dict["message_on_invoice"] = message_on_invoice
        if paid_date is not UNSET:
            field_dict["paid_date"] = paid_date
        if past_due_days is not UNSET:
            field_dict["past_due_days"] = past_due_days
        if payment_journal_entries is not UNSET:
            field_dict["payment_journal_entries"] = payment_journal_entries
        if payment_status is not UNSET:
            field_dict["payment_status"] = payment_status
        if payments is not UNSET:
            field_dict["payments"] = payments
        if period_end is not UNSET:
            field_dict["period_end"] = period_end
        if period_start is not UNSET:
            field_dict["period_start"] = period_start
        if purchase_order_number is not UNSET:
            field_dict["purchase_order_number"] = purchase_order_number
        if ref_number is not UNSET:
            field_dict["ref_number"] = ref_number
        if reminder_sent_dates is not UNSET:
            field_dict["reminder_sent_dates"] = reminder_sent_dates
        if revenue_transactions is not UNSET:
            field_dict["revenue_transactions"] = revenue_transactions
        if search_text is not UNSET:
            field_dict["search_text"] = search_text
        if search_vector is not UNSET:
            field_dict["search_vector"] = search_vector
        if sent_date is not UNSET:
            field_dict["sent_date"] = sent_date
        if shipping_address is not UNSET:
            field_dict["shipping_address"] = shipping_address
        if shipping_date is not UNSET:
            field_dict["shipping_date"] = shipping_date
        if source is not UNSET:
            field_dict["source"] = source
        if source_file is not UNSET:
            field_dict["source_file"] = source_file
        if source_id is not UNSET:
            field_dict["source_id"] = source_id
        if sphere_connection is not UNSET:
            field_dict["sphere_connection"] = sphere_connection
        if status is not UNSET:
            field_dict["status"] = status
        if stripe_connection is not UNSET:
            field_dict["stripe_connection"] = stripe_connection
        if stripe_connection_billing_portal_enabled is not UNSET:
            field_dict["stripe_connection_billing_portal_enabled"] = (
                stripe_connection_billing_portal_enabled
            )
        if stripe_connection_entity is not UNSET:
            field_dict["stripe_connection_entity"] = stripe_connection_entity
        if stripe_connection_name is not UNSET:
            field_dict["stripe_connection_name"] = stripe_connection_name
        if stripe_invoice_id is not UNSET:
            field_dict["stripe_invoice_id"] = stripe_invoice_id
        if stripe_payment_intent_id is not UNSET:
            field_dict["stripe_payment_intent_id"] = stripe_payment_intent_id
        if stripe_payment_link is not UNSET:
            field_dict["stripe_payment_link"] = stripe_payment_link
        if stripe_payment_link_id is not UNSET:
            field_dict["stripe_payment_link_id"] = stripe_payment_link_id
        if stripe_pdf_url is not UNSET:
            field_dict["stripe_pdf_url"] = stripe_pdf_url
        if tax_rate is not UNSET:
            field_dict["tax_rate"] = tax_rate
        if tax_rate_name is not UNSET:
            field_dict["tax_rate_name"] = tax_rate_name
        if tax_rate_value is not UNSET:
            field_dict["tax_rate_value"] = tax_rate_value
        if terms is not UNSET:
            field_dict["terms"] = terms
        if total_amount is not UNSET:
            field_dict["total_amount"] = total_amount
        if uncollectible_date is not UNSET:
            field_dict["uncollectible_date"] = uncollectible_date
        if use_stripe_auto_bill is not UNSET:
            field_dict["use_stripe_auto_bill"] = use_stripe_auto_bill
        if vat_number is not UNSET:
            field_dict["vat_number"] = vat_number
        if voided_date is not UNSET:
            field_dict["voided_date"] = voided_date
        if voided_journal_entry is not UNSET:
            field_dict["voided_journal_entry"] = voided_journal_entry
        if voided_journal_entry_order is not UNSET:
            field_dict["voided_journal_entry_order"] = voided_journal_entry_order
        if warning_message is not UNSET:
            field_dict["warning_message"] = warning_message

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.accounting_invoice_line import AccountingInvoiceLine  # noqa: PLC0415
        from ..models.accounting_invoice_payment import AccountingInvoicePayment  # noqa: PLC0415
        from ..models.file import File  # noqa: PLC0415

        d = dict(src_dict)
        _amount_due = d.pop("amount_due", UNSET)
        amount_due: Decimal | Unset
        if isinstance(_amount_due, Unset):
            amount_due = UNSET
        else:
            amount_due = Decimal(str(_amount_due))

        _amount_paid = d.pop("amount_paid", UNSET)
        amount_paid: Decimal | Unset
        if isinstance(_amount_paid, Unset):
            amount_paid = UNSET
        else:
            amount_paid = Decimal(str(_amount_paid))

        def _parse_anrok_connection(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        anrok_connection = _parse_anrok_connection(d.pop("anrok_connection", UNSET))

        _attachments = d.pop("attachments", UNSET)
        attachments: list[File] | Unset = UNSET
        if _attachments is not UNSET:
            attachments = []
            for attachments_item_data in _attachments:
                attachments_item = File.from_dict(attachments_item_data)

                attachments.append(attachments_item)

        def _parse_auto_send_invoice(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        auto_send_invoice = _parse_auto_send_invoice(d.pop("auto_send_invoice", UNSET))

        def _parse_auto_send_invoice_at(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                auto_send_invoice_at_type_0 = datetime.date.fromisoformat(data)

                return auto_send_invoice_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        auto_send_invoice_at = _parse_auto_send_invoice_at(d.pop("auto_send_invoice_at", UNSET))

        def _parse_auto_sent_at(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                auto_sent_at_type_0 = datetime.date.fromisoformat(data)

                return auto_sent_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        auto_sent_at = _parse_auto_sent_at(d.pop("auto_sent_at", UNSET))

        def _parse_avalara_connection(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        avalara_connection = _parse_avalara_connection(d.pop("avalara_connection", UNSET))

        avalara_connection_company = d.pop("avalara_connection_company", UNSET)

        avalara_connection_name = d.pop("avalara_connection_name", UNSET)

        def _parse_bad_debt_journal_entry(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        bad_debt_journal_entry = _parse_bad_debt_journal_entry(
            d.pop("bad_debt_journal_entry", UNSET)
        )

        def _parse_billing_address(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        billing_address = _parse_billing_address(d.pop("billing_address", UNSET))

        def _parse_client(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        client = _parse_client(d.pop("client", UNSET))

        client_email = d.pop("client_email", UNSET)

        client_invoice_message = d.pop("client_invoice_message", UNSET)

        client_name = d.pop("client_name", UNSET)

        client_use_stripe_auto_bill = d.pop("client_use_stripe_auto_bill", UNSET)

        def _parse_contract(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        contract = _parse_contract(d.pop("contract", UNSET))

        contract_name = d.pop("contract_name", UNSET)

        _created_at = d.pop("created_at", UNSET)
        created_at: datetime.datetime | Unset
        if isinstance(_created_at, Unset):
            created_at = UNSET
        else:
            created_at = datetime.datetime.fromisoformat(_created_at)

        currency = d.pop("currency", UNSET)

        customer = d.pop("customer", UNSET)

        def _parse_deleted_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                deleted_at_type_0 = datetime.datetime.fromisoformat(data)

                return deleted_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        deleted_at = _parse_deleted_at(d.pop("deleted_at", UNSET))

        def _parse_discount(data: object) -> Decimal | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not (isinstance(data, (int, str, Decimal)) and not isinstance(data, bool)):
                    raise TypeError()
                discount_type_0 = Decimal(str(data))

                return discount_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Decimal | None | Unset, data)

        discount = _parse_discount(d.pop("discount", UNSET))

        _due_date = d.pop("due_date", UNSET)
        due_date: datetime.date | Unset
        if isinstance(_due_date, Unset):
            due_date = UNSET
        else:
            due_date = datetime.date.fromisoformat(_due_date)

        entity = d.pop("entity", UNSET)

        entity_currency = d.pop("entity_currency", UNSET)

        entity_invoice_message = d.pop("entity_invoice_message", UNSET)

        entity_name = d.pop("entity_name", UNSET)

        def _parse_entity_transfer_journal_entry(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        entity_transfer_journal_entry = _parse_entity_transfer_journal_entry(
            d.pop("entity_transfer_journal_entry", UNSET)
        )

        def _parse_exchange_rate(data: object) -> Decimal | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not (isinstance(data, (int, str, Decimal)) and not isinstance(data, bool)):
                    raise TypeError()
                exchange_rate_type_0 = Decimal(str(data))

                return exchange_rate_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Decimal | None | Unset, data)

        exchange_rate = _parse_exchange_rate(d.pop("exchange_rate", UNSET))

        def _parse_exchange_rate_book(data: object) -> Decimal | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not (isinstance(data, (int, str, Decimal)) and not isinstance(data, bool)):
                    raise TypeError()
                exchange_rate_book_type_0 = Decimal(str(data))

                return exchange_rate_book_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Decimal | None | Unset, data)

        exchange_rate_book = _parse_exchange_rate_book(d.pop("exchange_rate_book", UNSET))

        id = d.pop("id", UNSET)

        integration_context = d.pop("integration_context", UNSET)

        def _parse_integration_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        integration_id = _parse_integration_id(d.pop("integration_id", UNSET))

        _invoice_date = d.pop("invoice_date", UNSET)
        invoice_date: datetime.date | Unset
        if isinstance(_invoice_date, Unset):
            invoice_date = UNSET
        else:
            invoice_date = datetime.date.fromisoformat(_invoice_date)

        invoice_number = d.pop("invoice_number", UNSET)

        is_deleted = d.pop("is_deleted", UNSET)

        def _parse_item_date(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                item_date_type_0 = datetime.date.fromisoformat(data)

                return item_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        item_date = _parse_item_date(d.pop("item_date", UNSET))

        def _parse_journal_entry(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        journal_entry = _parse_journal_entry(d.pop("journal_entry", UNSET))

        journal_entry_intercompany = d.pop("journal_entry_intercompany", UNSET)

        _last_modified_at = d.pop("last_modified_at", UNSET)
        last_modified_at: datetime.datetime | Unset
        if isinstance(_last_modified_at, Unset):
            last_modified_at = UNSET
        else:
            last_modified_at = datetime.datetime.fromisoformat(_last_modified_at)

        def _parse_last_sent_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_sent_at_type_0 = datetime.datetime.fromisoformat(data)

                return last_sent_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        last_sent_at = _parse_last_sent_at(d.pop("last_sent_at", UNSET))

        _lines = d.pop("lines", UNSET)
        lines: list[AccountingInvoiceLine] | Unset = UNSET
        if _lines is not UNSET:
            lines = []
            for lines_item_data in _lines:
                lines_item = AccountingInvoiceLine.from_dict(lines_item_data)

                lines.append(lines_item)

        def _parse_location_of_sale(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        location_of_sale = _parse_location_of_sale(d.pop("location_of_sale", UNSET))

        def _parse_message_on_invoice(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        message_on_invoice = _parse_message_on_invoice(d.pop("message_on_invoice", UNSET))

        def _parse_paid_date(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                paid_date_type_0 = datetime.date.fromisoformat(data)

                return paid_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        paid_date = _parse_paid_date(d.pop("paid_date", UNSET))

        def _parse_past_due_days(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        past_due_days = _parse_past_due_days(d.pop("past_due_days", UNSET))

        payment_journal_entries = cast(list[int], d.pop("payment_journal_entries", UNSET))

        def _parse_payment_status(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        payment_status = _parse_payment_status(d.pop("payment_status", UNSET))

        _payments = d.pop("payments", UNSET)
        payments: list[AccountingInvoicePayment] | Unset = UNSET
        if _payments is not UNSET:
            payments = []
            for payments_item_data in _payments:
                payments_item = AccountingInvoicePayment.from_dict(payments_item_data)

                payments.append(payments_item)

        def _parse_period_end(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                period_end_type_0 = datetime.date.fromisoformat(data)

                return period_end_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        period_end = _parse_period_end(d.pop("period_end", UNSET))

        def _parse_period_start(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                period_start_type_0 = datetime.date.fromisoformat(data)

                return period_start_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        period_start = _parse_period_start(d.pop("period_start", UNSET))

        def _parse_purchase_order_number(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        purchase_order_number = _parse_purchase_order_number(d.pop("purchase_order_number", UNSET))

        def _parse_ref_number(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        ref_number = _parse_ref_number(d.pop("ref_number", UNSET))

        reminder_sent_dates = d.pop("reminder_sent_dates", UNSET)

        revenue_transactions = cast(list[int], d.pop("revenue_transactions", UNSET))

        def _parse_search_text(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        search_text = _parse_search_text(d.pop("search_text", UNSET))

        def _parse_search_vector(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        search_vector = _parse_search_vector(d.pop("search_vector", UNSET))

        def _parse_sent_date(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                sent_date_type_0 = datetime.date.fromisoformat(data)

                return sent_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        sent_date = _parse_sent_date(d.pop("sent_date", UNSET))

        def _parse_shipping_address(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        shipping_address = _parse_shipping_address(d.pop("shipping_address", UNSET))

        def _parse_shipping_date(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                shipping_date_type_0 = datetime.date.fromisoformat(data)

                return shipping_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        shipping_date = _parse_shipping_date(d.pop("shipping_date", UNSET))

        def _parse_source(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        source = _parse_source(d.pop("source", UNSET))

        def _parse_source_file(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        source_file = _parse_source_file(d.pop("source_file", UNSET))

        def _parse_source_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        source_id = _parse_source_id(d.pop("source_id", UNSET))

        def _parse_sphere_connection(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        sphere_connection = _parse_sphere_connection(d.pop("sphere_connection", UNSET))

        status = d.pop("status", UNSET)

        def _parse_stripe_connection(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        stripe_connection = _parse_stripe_connection(d.pop("stripe_connection", UNSET))

        stripe_connection_billing_portal_enabled = d.pop(
            "stripe_connection_billing_portal_enabled", UNSET
        )

        stripe_connection_entity = d.pop("stripe_connection_entity", UNSET)

        stripe_connection_name = d.pop("stripe_connection_name", UNSET)

        def _parse_stripe_invoice_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        stripe_invoice_id = _parse_stripe_invoice_id(d.pop("stripe_invoice_id", UNSET))

        def _parse_stripe_payment_intent_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        stripe_payment_intent_id = _parse_stripe_payment_intent_id(
            d.pop("stripe_payment_intent_id", UNSET)
        )

        def _parse_stripe_payment_link(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        stripe_payment_link = _parse_stripe_payment_link(d.pop("stripe_payment_link", UNSET))

        def _parse_stripe_payment_link_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        stripe_payment_link_id = _parse_stripe_payment_link_id(
            d.pop("stripe_payment_link_id", UNSET)
        )

        def _parse_stripe_pdf_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        stripe_pdf_url = _parse_stripe_pdf_url(d.pop("stripe_pdf_url", UNSET))

        def _parse_tax_rate(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        tax_rate = _parse_tax_rate(d.pop("tax_rate", UNSET))

        tax_rate_name = d.pop("tax_rate_name", UNSET)

        _tax_rate_value = d.pop("tax_rate_value", UNSET)
        tax_rate_value: Decimal | Unset
        if isinstance(_tax_rate_value, Unset):
            tax_rate_value = UNSET
        else:
            tax_rate_value = Decimal(str(_tax_rate_value))

        def _parse_terms(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        terms = _parse_terms(d.pop("terms", UNSET))

        _total_amount = d.pop("total_amount", UNSET)
        total_amount: Decimal | Unset
        if isinstance(_total_amount, Unset):
            total_amount = UNSET
        else:
            total_amount = Decimal(str(_total_amount))

        def _parse_uncollectible_date(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                uncollectible_date_type_0 = datetime.date.fromisoformat(data)

                return uncollectible_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        uncollectible_date = _parse_uncollectible_date(d.pop("uncollectible_date", UNSET))

        def _parse_use_stripe_auto_bill(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        use_stripe_auto_bill = _parse_use_stripe_auto_bill(d.pop("use_stripe_auto_bill", UNSET))

        def _parse_vat_number(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        vat_number = _parse_vat_number(d.pop("vat_number", UNSET))

        def _parse_voided_date(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                voided_date_type_0 = datetime.date.fromisoformat(data)

                return voided_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        voided_date = _parse_voided_date(d.pop("voided_date", UNSET))

        def _parse_voided_journal_entry(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        voided_journal_entry = _parse_voided_journal_entry(d.pop("voided_journal_entry", UNSET))

        voided_journal_entry_order = d.pop("voided_journal_entry_order", UNSET)

        def _parse_warning_message(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        warning_message = _parse_warning_message(d.pop("warning_message", UNSET))

        accounting_invoice = cls(
            amount_due=amount_due,
            amount_paid=amount_paid,
            anrok_connection=anrok_connection,
            attachments=attachments,
            auto_send_invoice=auto_send_invoice,
            auto_send_invoice_at=auto_send_invoice_at,
            auto_sent_at=auto_sent_at,
            avalara_connection=avalara_connection,
            avalara_connection_company=avalara_connection_company,
            avalara_connection_name=avalara_connection_name,
            bad_debt_journal_entry=bad_debt_journal_entry,
            billing_address=billing_address,
            client=client,
            client_email=client_email,
            client_invoice_message=client_invoice_message,
            client_name=client_name,
            client_use_stripe_auto_bill=client_use_stripe_auto_bill,
            contract=contract,
            contract_name=contract_name,
            created_at=created_at,
            currency=currency,
            customer=customer,
            deleted_at=deleted_at,
            discount=discount,
            due_date=due_date,
            entity=entity,
            entity_currency=entity_currency,
            entity_invoice_message=entity_invoice_message,
            entity_name=entity_name,
            entity_transfer_journal_entry=entity_transfer_journal_entry,
            exchange_rate=exchange_rate,
            exchange_rate_book=exchange_rate_book,
            id=id,
            integration_context=integration_context,
            integration_id=integration_id,
            invoice_date=invoice_date,
            invoice_number=invoice_number,
            is_deleted=is_deleted,
            item_date=item_date,
            journal_entry=journal_entry,
            journal_entry_intercompany=journal_entry_intercompany,
            last_modified_at=last_modified_at,
            last_sent_at=last_sent_at,
            lines=lines,
            location_of_sale=location_of_sale,
            message_on_invoice=message_on_invoice,
            paid_date=paid_date,
            past_due_days=past_due_days,
            payment_journal_entries=payment_journal_entries,
            payment_status=payment_status,
            payments=payments,
            period_end=period_end,
            period_start=period_start,
            purchase_order_number=purchase_order_number,
            ref_number=ref_number,
            reminder_sent_dates=reminder_sent_dates,
            revenue_transactions=revenue_transactions,
            search_text=search_text,
            search_vector=search_vector,
            sent_date=sent_date,
            shipping_address=shipping_address,
            shipping_date=shipping_date,
            source=source,
            source_file=source_file,
            source_id=source_id,
            sphere_connection=sphere_connection,
            status=status,
            stripe_connection=stripe_connection,
            stripe_connection_billing_portal_enabled=stripe_connection_billing_portal_enabled,
            stripe_connection_entity=stripe_connection_entity,
            stripe_connection_name=stripe_connection_name,
            stripe_invoice_id=stripe_invoice_id,
            stripe_payment_intent_id=stripe_payment_intent_id,
            stripe_payment_link=stripe_payment_link,
            stripe_payment_link_id=stripe_payment_link_id,
            stripe_pdf_url=stripe_pdf_url,
            tax_rate=tax_rate,
            tax_rate_name=tax_rate_name,
            tax_rate_value=tax_rate_value,
            terms=terms,
            total_amount=total_amount,
            uncollectible_date=uncollectible_date,
            use_stripe_auto_bill=use_stripe_auto_bill,
            vat_number=vat_number,
            voided_date=voided_date,
            voided_journal_entry=voided_journal_entry,
            voided_journal_entry_order=voided_journal_entry_order,
            warning_message=warning_message,
        )

        accounting_invoice.additional_properties = d
        return accounting_invoice

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
