from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.accounting_bill_line import AccountingBillLine
    from ..models.accounting_bill_payment import AccountingBillPayment
    from ..models.file import File


T = TypeVar("T", bound="AccountingBill")


@_attrs_define
class AccountingBill:
    """
    Attributes:
        amortizations (str | Unset):
        amount_due (Decimal | Unset):
        amount_paid (Decimal | Unset):
        ap_account (int | None | Unset): Accounts Payable account for this bill
        ap_account_name (None | str | Unset): Return AP account name with number in 'number - name' format, similar to
            name_and_number.
        attachments (list[File] | Unset):
        bill_date (datetime.date | Unset):
        bill_number (str | Unset):
        bill_type (str | Unset): Known values: `BILL`, `PAYROLL`, `REIMBURSEMENT`.
        chat_id (int | None | Unset):
        chat_uuid (UUID | Unset):
        created_at (datetime.datetime | Unset):
        currency (str | Unset):
        customer (int | Unset):
        deleted_at (datetime.datetime | None | Unset):
        due_date (datetime.date | Unset):
        entity (int | Unset):
        entity_currency (str | Unset):
        entity_name (str | Unset):
        exchange_rate (Decimal | None | Unset):
        exchange_rate_book (Decimal | None | Unset):
        external_ramp_id (None | str | Unset):
        id (int | Unset):
        is_deleted (bool | Unset):  Default: False.
        ita_allocation_number (None | str | Unset):
        ita_bill_type (None | str | Unset): Israel tax compliance: bill classification type

            * `other` - Other
            * `equipment` - Equipment

            Known values: `other`, `equipment`.
        item_date (datetime.date | None | Unset):
        journal_entry (int | None | Unset):
        last_modified_at (datetime.datetime | Unset):
        lines (list[AccountingBillLine] | Unset):
        mailing_address (None | str | Unset):
        message_on_bill (None | str | Unset):
        migrated_journal_id (int | None | Unset):
        paid_date (datetime.date | None | Unset):
        past_due_days (int | None | Unset):
        payment_journal_entries (list[int] | Unset):
        payment_status (None | str | Unset): Known values: `partial`, `open`, `paid`, `payment_not_found`,
            `payment_pending`, `voided`.
        payment_term (int | None | Unset): Payment term for this bill
        payment_term_name (str | Unset):
        payments (list[AccountingBillPayment] | Unset):
        ramp_use_sandbox (str | Unset):
        search_text (None | str | Unset):
        search_vector (None | str | Unset):
        source (None | str | Unset):
        source_bill_data (Any | Unset):
        source_file (int | None | Unset):
        source_id (None | str | Unset):
        status (str | Unset):
        tax_behavior (None | str | Unset): Known values: `inclusive`, `exclusive`.
        tax_rate (int | None | Unset):
        terms (None | str | Unset): Known values: `custom`, `net_5`, `net_7`, `net_10`, `net_15`, `net_20`, `net_30`,
            `net_40`, `net_45`, `net_60`, `net_90`, `net_105`, `net_120`, `due_on_receipt`.
        total_amount (Decimal | Unset):
        vendor (int | None | Unset):
        vendor_name (str | Unset):
        voided_date (datetime.date | Unset):
        voided_journal_entry (int | None | Unset):
        voided_journal_entry_order (str | Unset):
        zip_metadata (str | Unset):
    """

    amortizations: str | Unset = UNSET
    amount_due: Decimal | Unset = UNSET
    amount_paid: Decimal | Unset = UNSET
    ap_account: int | None | Unset = UNSET
    ap_account_name: None | str | Unset = UNSET
    attachments: list[File] | Unset = UNSET
    bill_date: datetime.date | Unset = UNSET
    bill_number: str | Unset = UNSET
    bill_type: str | Unset = UNSET
    chat_id: int | None | Unset = UNSET
    chat_uuid: UUID | Unset = UNSET
    created_at: datetime.datetime | Unset = UNSET
    currency: str | Unset = UNSET
    customer: int | Unset = UNSET
    deleted_at: datetime.datetime | None | Unset = UNSET
    due_date: datetime.date | Unset = UNSET
    entity: int | Unset = UNSET
    entity_currency: str | Unset = UNSET
    entity_name: str | Unset = UNSET
    exchange_rate: Decimal | None | Unset = UNSET
    exchange_rate_book: Decimal | None | Unset = UNSET
    external_ramp_id: None | str | Unset = UNSET
    id: int | Unset = UNSET
    is_deleted: bool | Unset = False
    ita_allocation_number: None | str | Unset = UNSET
    ita_bill_type: None | str | Unset = UNSET
    item_date: datetime.date | None | Unset = UNSET
    journal_entry: int | None | Unset = UNSET
    last_modified_at: datetime.datetime | Unset = UNSET
    lines: list[AccountingBillLine] | Unset = UNSET
    mailing_address: None | str | Unset = UNSET
    message_on_bill: None | str | Unset = UNSET
    migrated_journal_id: int | None | Unset = UNSET
    paid_date: datetime.date | None | Unset = UNSET
    past_due_days: int | None | Unset = UNSET
    payment_journal_entries: list[int] | Unset = UNSET
    payment_status: None | str | Unset = UNSET
    payment_term: int | None | Unset = UNSET
    payment_term_name: str | Unset = UNSET
    payments: list[AccountingBillPayment] | Unset = UNSET
    ramp_use_sandbox: str | Unset = UNSET
    search_text: None | str | Unset = UNSET
    search_vector: None | str | Unset = UNSET
    source: None | str | Unset = UNSET
    source_bill_data: Any | Unset = UNSET
    source_file: int | None | Unset = UNSET
    source_id: None | str | Unset = UNSET
    status: str | Unset = UNSET
    tax_behavior: None | str | Unset = UNSET
    tax_rate: int | None | Unset = UNSET
    terms: None | str | Unset = UNSET
    total_amount: Decimal | Unset = UNSET
    vendor: int | None | Unset = UNSET
    vendor_name: str | Unset = UNSET
    voided_date: datetime.date | Unset = UNSET
    voided_journal_entry: int | None | Unset = UNSET
    voided_journal_entry_order: str | Unset = UNSET
    zip_metadata: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        amortizations = self.amortizations

        amount_due = self.amount_due

        amount_paid = self.amount_paid

        ap_account: int | None | Unset
        if isinstance(self.ap_account, Unset):
            ap_account = UNSET
        else:
            ap_account = self.ap_account

        ap_account_name: None | str | Unset
        if isinstance(self.ap_account_name, Unset):
            ap_account_name = UNSET
        else:
            ap_account_name = self.ap_account_name

        attachments: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.attachments, Unset):
            attachments = []
            for attachments_item_data in self.attachments:
                attachments_item = attachments_item_data.to_dict()
                attachments.append(attachments_item)

        bill_date: str | Unset = UNSET
        if not isinstance(self.bill_date, Unset):
            bill_date = self.bill_date.isoformat()

        bill_number = self.bill_number

        bill_type = self.bill_type

        chat_id: int | None | Unset
        if isinstance(self.chat_id, Unset):
            chat_id = UNSET
        else:
            chat_id = self.chat_id

        chat_uuid: str | Unset = UNSET
        if not isinstance(self.chat_uuid, Unset):
            chat_uuid = str(self.chat_uuid)

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

        due_date: str | Unset = UNSET
        if not isinstance(self.due_date, Unset):
            due_date = self.due_date.isoformat()

        entity = self.entity

        entity_currency = self.entity_currency

        entity_name = self.entity_name

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

        external_ramp_id: None | str | Unset
        if isinstance(self.external_ramp_id, Unset):
            external_ramp_id = UNSET
        else:
            external_ramp_id = self.external_ramp_id

        id = self.id

        is_deleted = self.is_deleted

        ita_allocation_number: None | str | Unset
        if isinstance(self.ita_allocation_number, Unset):
            ita_allocation_number = UNSET
        else:
            ita_allocation_number = self.ita_allocation_number

        ita_bill_type: None | str | Unset
        if isinstance(self.ita_bill_type, Unset):
            ita_bill_type = UNSET
        else:
            ita_bill_type = self.ita_bill_type

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

        last_modified_at: str | Unset = UNSET
        if not isinstance(self.last_modified_at, Unset):
            last_modified_at = self.last_modified_at.isoformat()

        lines: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.lines, Unset):
            lines = []
            for lines_item_data in self.lines:
                lines_item = lines_item_data.to_dict()
                lines.append(lines_item)

        mailing_address: None | str | Unset
        if isinstance(self.mailing_address, Unset):
            mailing_address = UNSET
        else:
            mailing_address = self.mailing_address

        message_on_bill: None | str | Unset
        if isinstance(self.message_on_bill, Unset):
            message_on_bill = UNSET
        else:
            message_on_bill = self.message_on_bill

        migrated_journal_id: int | None | Unset
        if isinstance(self.migrated_journal_id, Unset):
            migrated_journal_id = UNSET
        else:
            migrated_journal_id = self.migrated_journal_id

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

        payment_term: int | None | Unset
        if isinstance(self.payment_term, Unset):
            payment_term = UNSET
        else:
            payment_term = self.payment_term

        payment_term_name = self.payment_term_name

        payments: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.payments, Unset):
            payments = []
            for payments_item_data in self.payments:
                payments_item = payments_item_data.to_dict()
                payments.append(payments_item)

        ramp_use_sandbox = self.ramp_use_sandbox

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

        source: None | str | Unset
        if isinstance(self.source, Unset):
            source = UNSET
        else:
            source = self.source

        source_bill_data = self.source_bill_data

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

        status = self.status

        tax_behavior: None | str | Unset
        if isinstance(self.tax_behavior, Unset):
            tax_behavior = UNSET
        else:
            tax_behavior = self.tax_behavior

        tax_rate: int | None | Unset
        if isinstance(self.tax_rate, Unset):
            tax_rate = UNSET
        else:
            tax_rate = self.tax_rate

        terms: None | str | Unset
        if isinstance(self.terms, Unset):
            terms = UNSET
        else:
            terms = self.terms

        total_amount = self.total_amount

        vendor: int | None | Unset
        if isinstance(self.vendor, Unset):
            vendor = UNSET
        else:
            vendor = self.vendor

        vendor_name = self.vendor_name

        voided_date: str | Unset = UNSET
        if not isinstance(self.voided_date, Unset):
            voided_date = self.voided_date.isoformat()

        voided_journal_entry: int | None | Unset
        if isinstance(self.voided_journal_entry, Unset):
            voided_journal_entry = UNSET
        else:
            voided_journal_entry = self.voided_journal_entry

        voided_journal_entry_order = self.voided_journal_entry_order

        zip_metadata = self.zip_metadata

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if amortizations is not UNSET:
            field_dict["amortizations"] = amortizations
        if amount_due is not UNSET:
            field_dict["amount_due"] = amount_due
        if amount_paid is not UNSET:
            field_dict["amount_paid"] = amount_paid
        if ap_account is not UNSET:
            field_dict["ap_account"] = ap_account
        if ap_account_name is not UNSET:
            field_dict["ap_account_name"] = ap_account_name
        if attachments is not UNSET:
            field_dict["attachments"] = attachments
        if bill_date is not UNSET:
            field_dict["bill_date"] = bill_date
        if bill_number is not UNSET:
            field_dict["bill_number"] = bill_number
        if bill_type is not UNSET:
            field_dict["bill_type"] = bill_type
        if chat_id is not UNSET:
            field_dict["chat_id"] = chat_id
        if chat_uuid is not UNSET:
            field_dict["chat_uuid"] = chat_uuid
        if created_at is not UNSET:
            field_dict["created_at"] = created_at
        if currency is not UNSET:
            field_dict["currency"] = currency
        if customer is not UNSET:
            field_dict["customer"] = customer
        if deleted_at is not UNSET:
            field_dict["deleted_at"] = deleted_at
        if due_date is not UNSET:
            field_dict["due_date"] = due_date
        if entity is not UNSET:
            field_dict["entity"] = entity
        if entity_currency is not UNSET:
            field_dict["entity_currency"] = entity_currency
        if entity_name is not UNSET:
            field_dict["entity_name"] = entity_name
        if exchange_rate is not UNSET:
            field_dict["exchange_rate"] = exchange_rate
        if exchange_rate_book is not UNSET:
            field_dict["exchange_rate_book"] = exchange_rate_book
        if external_ramp_id is not UNSET:
            field_dict["external_ramp_id"] = external_ramp_id
        if id is not UNSET:
            field_dict["id"] = id
        if is_deleted is not UNSET:
            field_dict["is_deleted"] = is_deleted
        if ita_allocation_number is not UNSET:
            field_dict["ita_allocation_number"] = ita_allocation_number
        if ita_bill_type is not UNSET:
            field_dict["ita_bill_type"] = ita_bill_type
        if item_date is not UNSET:
            field_dict["item_date"] = item_date
        if journal_entry is not UNSET:
            field_dict["journal_entry"] = journal_entry
        if last_modified_at is not UNSET:
            field_dict["last_modified_at"] = last_modified_at
        if lines is not UNSET:
            field_dict["lines"] = lines
        if mailing_address is not UNSET:
            field_dict["mailing_address"] = mailing_address
        if message_on_bill is not UNSET:
            field_dict["message_on_bill"] = message_on_bill
        if migrated_journal_id is not UNSET:
            field_dict["migrated_journal_id"] = migrated_journal_id
        if paid_date is not UNSET:
            field_dict["paid_date"] = paid_date
        if past_due_days is not UNSET:
            field_dict["past_due_days"] = past_due_days
        if payment_journal_entries is not UNSET:
            field_dict["payment_journal_entries"] = payment_journal_entries
        if payment_status is not UNSET:
            field_dict["payment_status"] = payment_status
        if payment_term is not UNSET:
            field_dict["payment_term"] = payment_term
        if payment_term_name is not UNSET:
            field_dict["payment_term_name"] = payment_term_name
        if payments is not UNSET:
            field_dict["payments"] = payments
        if ramp_use_sandbox is not UNSET:
            field_dict["ramp_use_sandbox"] = ramp_use_sandbox
        if search_text is not UNSET:
            field_dict["search_text"] = search_text
        if search_vector is not UNSET:
            field_dict["search_vector"] = search_vector
        if source is not UNSET:
            field_dict["source"] = source
        if source_bill_data is not UNSET:
            field_dict["source_bill_data"] = source_bill_data
        if source_file is not UNSET:
            field_dict["source_file"] = source_file
        if source_id is not UNSET:
            field_dict["source_id"] = source_id
        if status is not UNSET:
            field_dict["status"] = status
        if tax_behavior is not UNSET:
            field_dict["tax_behavior"] = tax_behavior
        if tax_rate is not UNSET:
            field_dict["tax_rate"] = tax_rate
        if terms is not UNSET:
            field_dict["terms"] = terms
        if total_amount is not UNSET:
            field_dict["total_amount"] = total_amount
        if vendor is not UNSET:
            field_dict["vendor"] = vendor
        if vendor_name is not UNSET:
            field_dict["vendor_name"] = vendor_name
        if voided_date is not UNSET:
            field_dict["voided_date"] = voided_date
        if voided_journal_entry is not UNSET:
            field_dict["voided_journal_entry"] = voided_journal_entry
        if voided_journal_entry_order is not UNSET:
            field_dict["voided_journal_entry_order"] = voided_journal_entry_order
        if zip_metadata is not UNSET:
            field_dict["zip_metadata"] = zip_metadata

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.accounting_bill_line import AccountingBillLine  # noqa: PLC0415
        from ..models.accounting_bill_payment import AccountingBillPayment  # noqa: PLC0415
        from ..models.file import File  # noqa: PLC0415

        d = dict(src_dict)
        amortizations = d.pop("amortizations", UNSET)

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

        def _parse_ap_account(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        ap_account = _parse_ap_account(d.pop("ap_account", UNSET))

        def _parse_ap_account_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        ap_account_name = _parse_ap_account_name(d.pop("ap_account_name", UNSET))

        _attachments = d.pop("attachments", UNSET)
        attachments: list[File] | Unset = UNSET
        if _attachments is not UNSET:
            attachments = []
            for attachments_item_data in _attachments:
                attachments_item = File.from_dict(attachments_item_data)

                attachments.append(attachments_item)

        _bill_date = d.pop("bill_date", UNSET)
        bill_date: datetime.date | Unset
        if isinstance(_bill_date, Unset):
            bill_date = UNSET
        else:
            bill_date = datetime.date.fromisoformat(_bill_date)

        bill_number = d.pop("bill_number", UNSET)

        bill_type = d.pop("bill_type", UNSET)

        def _parse_chat_id(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        chat_id = _parse_chat_id(d.pop("chat_id", UNSET))

        _chat_uuid = d.pop("chat_uuid", UNSET)
        chat_uuid: UUID | Unset
        if isinstance(_chat_uuid, Unset):
            chat_uuid = UNSET
        else:
            chat_uuid = UUID(_chat_uuid)

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

        _due_date = d.pop("due_date", UNSET)
        due_date: datetime.date | Unset
        if isinstance(_due_date, Unset):
            due_date = UNSET
        else:
            due_date = datetime.date.fromisoformat(_due_date)

        entity = d.pop("entity", UNSET)

        entity_currency = d.pop("entity_currency", UNSET)

        entity_name = d.pop("entity_name", UNSET)

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

        def _parse_external_ramp_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        external_ramp_id = _parse_external_ramp_id(d.pop("external_ramp_id", UNSET))

        id = d.pop("id", UNSET)

        is_deleted = d.pop("is_deleted", UNSET)

        def _parse_ita_allocation_number(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        ita_allocation_number = _parse_ita_allocation_number(d.pop("ita_allocation_number", UNSET))

        def _parse_ita_bill_type(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        ita_bill_type = _parse_ita_bill_type(d.pop("ita_bill_type", UNSET))

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

        _last_modified_at = d.pop("last_modified_at", UNSET)
        last_modified_at: datetime.datetime | Unset
        if isinstance(_last_modified_at, Unset):
            last_modified_at = UNSET
        else:
            last_modified_at = datetime.datetime.fromisoformat(_last_modified_at)

        _lines = d.pop("lines", UNSET)
        lines: list[AccountingBillLine] | Unset = UNSET
        if _lines is not UNSET:
            lines = []
            for lines_item_data in _lines:
                lines_item = AccountingBillLine.from_dict(lines_item_data)

                lines.append(lines_item)

        def _parse_mailing_address(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        mailing_address = _parse_mailing_address(d.pop("mailing_address", UNSET))

        def _parse_message_on_bill(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        message_on_bill = _parse_message_on_bill(d.pop("message_on_bill", UNSET))

        def _parse_migrated_journal_id(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        migrated_journal_id = _parse_migrated_journal_id(d.pop("migrated_journal_id", UNSET))

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

        def _parse_payment_term(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        payment_term = _parse_payment_term(d.pop("payment_term", UNSET))

        payment_term_name = d.pop("payment_term_name", UNSET)

        _payments = d.pop("payments", UNSET)
        payments: list[AccountingBillPayment] | Unset = UNSET
        if _payments is not UNSET:
            payments = []
            for payments_item_data in _payments:
                payments_item = AccountingBillPayment.from_dict(payments_item_data)

                payments.append(payments_item)

        ramp_use_sandbox = d.pop("ramp_use_sandbox", UNSET)

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

        def _parse_source(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        source = _parse_source(d.pop("source", UNSET))

        source_bill_data = d.pop("source_bill_data", UNSET)

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

        status = d.pop("status", UNSET)

        def _parse_tax_behavior(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        tax_behavior = _parse_tax_behavior(d.pop("tax_behavior", UNSET))

        def _parse_tax_rate(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        tax_rate = _parse_tax_rate(d.pop("tax_rate", UNSET))

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

        def _parse_vendor(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        vendor = _parse_vendor(d.pop("vendor", UNSET))

        vendor_name = d.pop("vendor_name", UNSET)

        _voided_date = d.pop("voided_date", UNSET)
        voided_date: datetime.date | Unset
        if isinstance(_voided_date, Unset):
            voided_date = UNSET
        else:
            voided_date = datetime.date.fromisoformat(_voided_date)

        def _parse_voided_journal_entry(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        voided_journal_entry = _parse_voided_journal_entry(d.pop("voided_journal_entry", UNSET))

        voided_journal_entry_order = d.pop("voided_journal_entry_order", UNSET)

        zip_metadata = d.pop("zip_metadata", UNSET)

        accounting_bill = cls(
            amortizations=amortizations,
            amount_due=amount_due,
            amount_paid=amount_paid,
            ap_account=ap_account,
            ap_account_name=ap_account_name,
            attachments=attachments,
            bill_date=bill_date,
            bill_number=bill_number,
            bill_type=bill_type,
            chat_id=chat_id,
            chat_uuid=chat_uuid,
            created_at=created_at,
            currency=currency,
            customer=customer,
            deleted_at=deleted_at,
            due_date=due_date,
            entity=entity,
            entity_currency=entity_currency,
            entity_name=entity_name,
            exchange_rate=exchange_rate,
            exchange_rate_book=exchange_rate_book,
            external_ramp_id=external_ramp_id,
            id=id,
            is_deleted=is_deleted,
            ita_allocation_number=ita_allocation_number,
            ita_bill_type=ita_bill_type,
            item_date=item_date,
            journal_entry=journal_entry,
            last_modified_at=last_modified_at,
            lines=lines,
            mailing_address=mailing_address,
            message_on_bill=message_on_bill,
            migrated_journal_id=migrated_journal_id,
            paid_date=paid_date,
            past_due_days=past_due_days,
            payment_journal_entries=payment_journal_entries,
            payment_status=payment_status,
            payment_term=payment_term,
            payment_term_name=payment_term_name,
            payments=payments,
            ramp_use_sandbox=ramp_use_sandbox,
            search_text=search_text,
            search_vector=search_vector,
            source=source,
            source_bill_data=source_bill_data,
            source_file=source_file,
            source_id=source_id,
            status=status,
            tax_behavior=tax_behavior,
            tax_rate=tax_rate,
            terms=terms,
            total_amount=total_amount,
            vendor=vendor,
            vendor_name=vendor_name,
            voided_date=voided_date,
            voided_journal_entry=voided_journal_entry,
            voided_journal_entry_order=voided_journal_entry_order,
            zip_metadata=zip_metadata,
        )

        accounting_bill.additional_properties = d
        return accounting_bill

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
