from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.mark_paid_credit_memo import MarkPaidCreditMemo
    from ..models.mark_paid_debit_memo import MarkPaidDebitMemo
    from ..models.mark_paid_empty_transaction import MarkPaidEmptyTransaction
    from ..models.mark_paid_transaction import MarkPaidTransaction


T = TypeVar("T", bound="MarkPaid")


@_attrs_define
class MarkPaid:
    """
    Attributes:
        credit_memos (list[MarkPaidCreditMemo] | None | Unset):
        debit_memos (list[MarkPaidDebitMemo] | None | Unset):
        empty_transactions (list[MarkPaidEmptyTransaction] | None | Unset):
        transaction_match_id (int | None | Unset):
        transactions (list[MarkPaidTransaction] | None | Unset):
    """

    credit_memos: list[MarkPaidCreditMemo] | None | Unset = UNSET
    debit_memos: list[MarkPaidDebitMemo] | None | Unset = UNSET
    empty_transactions: list[MarkPaidEmptyTransaction] | None | Unset = UNSET
    transaction_match_id: int | None | Unset = UNSET
    transactions: list[MarkPaidTransaction] | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        credit_memos: list[dict[str, Any]] | None | Unset
        if isinstance(self.credit_memos, Unset):
            credit_memos = UNSET
        elif isinstance(self.credit_memos, list):
            credit_memos = []
            for credit_memos_type_0_item_data in self.credit_memos:
                credit_memos_type_0_item = credit_memos_type_0_item_data.to_dict()
                credit_memos.append(credit_memos_type_0_item)

        else:
            credit_memos = self.credit_memos

        debit_memos: list[dict[str, Any]] | None | Unset
        if isinstance(self.debit_memos, Unset):
            debit_memos = UNSET
        elif isinstance(self.debit_memos, list):
            debit_memos = []
            for debit_memos_type_0_item_data in self.debit_memos:
                debit_memos_type_0_item = debit_memos_type_0_item_data.to_dict()
                debit_memos.append(debit_memos_type_0_item)

        else:
            debit_memos = self.debit_memos

        empty_transactions: list[dict[str, Any]] | None | Unset
        if isinstance(self.empty_transactions, Unset):
            empty_transactions = UNSET
        elif isinstance(self.empty_transactions, list):
            empty_transactions = []
            for empty_transactions_type_0_item_data in self.empty_transactions:
                empty_transactions_type_0_item = empty_transactions_type_0_item_data.to_dict()
                empty_transactions.append(empty_transactions_type_0_item)

        else:
            empty_transactions = self.empty_transactions

        transaction_match_id: int | None | Unset
        if isinstance(self.transaction_match_id, Unset):
            transaction_match_id = UNSET
        else:
            transaction_match_id = self.transaction_match_id

        transactions: list[dict[str, Any]] | None | Unset
        if isinstance(self.transactions, Unset):
            transactions = UNSET
        elif isinstance(self.transactions, list):
            transactions = []
            for transactions_type_0_item_data in self.transactions:
                transactions_type_0_item = transactions_type_0_item_data.to_dict()
                transactions.append(transactions_type_0_item)

        else:
            transactions = self.transactions

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if credit_memos is not UNSET:
            field_dict["credit_memos"] = credit_memos
        if debit_memos is not UNSET:
            field_dict["debit_memos"] = debit_memos
        if empty_transactions is not UNSET:
            field_dict["empty_transactions"] = empty_transactions
        if transaction_match_id is not UNSET:
            field_dict["transaction_match_id"] = transaction_match_id
        if transactions is not UNSET:
            field_dict["transactions"] = transactions

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.mark_paid_credit_memo import MarkPaidCreditMemo  # noqa: PLC0415
        from ..models.mark_paid_debit_memo import MarkPaidDebitMemo  # noqa: PLC0415
        from ..models.mark_paid_empty_transaction import MarkPaidEmptyTransaction  # noqa: PLC0415
        from ..models.mark_paid_transaction import MarkPaidTransaction  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_credit_memos(data: object) -> list[MarkPaidCreditMemo] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                credit_memos_type_0 = []
                _credit_memos_type_0 = data
                for credit_memos_type_0_item_data in _credit_memos_type_0:
                    credit_memos_type_0_item = MarkPaidCreditMemo.from_dict(
                        credit_memos_type_0_item_data
                    )

                    credit_memos_type_0.append(credit_memos_type_0_item)

                return credit_memos_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[MarkPaidCreditMemo] | None | Unset, data)

        credit_memos = _parse_credit_memos(d.pop("credit_memos", UNSET))

        def _parse_debit_memos(data: object) -> list[MarkPaidDebitMemo] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                debit_memos_type_0 = []
                _debit_memos_type_0 = data
                for debit_memos_type_0_item_data in _debit_memos_type_0:
                    debit_memos_type_0_item = MarkPaidDebitMemo.from_dict(
                        debit_memos_type_0_item_data
                    )

                    debit_memos_type_0.append(debit_memos_type_0_item)

                return debit_memos_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[MarkPaidDebitMemo] | None | Unset, data)

        debit_memos = _parse_debit_memos(d.pop("debit_memos", UNSET))

        def _parse_empty_transactions(
            data: object,
        ) -> list[MarkPaidEmptyTransaction] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                empty_transactions_type_0 = []
                _empty_transactions_type_0 = data
                for empty_transactions_type_0_item_data in _empty_transactions_type_0:
                    empty_transactions_type_0_item = MarkPaidEmptyTransaction.from_dict(
                        empty_transactions_type_0_item_data
                    )

                    empty_transactions_type_0.append(empty_transactions_type_0_item)

                return empty_transactions_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[MarkPaidEmptyTransaction] | None | Unset, data)

        empty_transactions = _parse_empty_transactions(d.pop("empty_transactions", UNSET))

        def _parse_transaction_match_id(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        transaction_match_id = _parse_transaction_match_id(d.pop("transaction_match_id", UNSET))

        def _parse_transactions(data: object) -> list[MarkPaidTransaction] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                transactions_type_0 = []
                _transactions_type_0 = data
                for transactions_type_0_item_data in _transactions_type_0:
                    transactions_type_0_item = MarkPaidTransaction.from_dict(
                        transactions_type_0_item_data
                    )

                    transactions_type_0.append(transactions_type_0_item)

                return transactions_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[MarkPaidTransaction] | None | Unset, data)

        transactions = _parse_transactions(d.pop("transactions", UNSET))

        mark_paid = cls(
            credit_memos=credit_memos,
            debit_memos=debit_memos,
            empty_transactions=empty_transactions,
            transaction_match_id=transaction_match_id,
            transactions=transactions,
        )

        mark_paid.additional_properties = d
        return mark_paid

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
