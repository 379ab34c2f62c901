"""A small demo company to seed a sandbox with."""

from __future__ import annotations

import datetime as dt

from campfire_pay.sandbox._server import Sandbox

CUSTOMERS = ("Northwind Traders", "Globex Corporation", "Initech")
VENDORS = ("Hooli Cloud", "Acme Office Supply", "Stark Legal LLP")


def seed_demo(sandbox: Sandbox) -> None:
    """Customers' invoices, vendors' bills, bank transactions and memos to pay them with."""
    today = sandbox.ledger.today
    for n, (customer, total) in enumerate(
        zip(CUSTOMERS, ("1200.00", "883.33", "4500.00"), strict=True), 1
    ):
        sandbox.add_invoice(total, customer=customer, due_date=today + dt.timedelta(days=15 * n))
        sandbox.add_bank_transaction(total, description=f"Payment from {customer}")
    for n, (vendor, total) in enumerate(
        zip(VENDORS, ("250.00", "9999.99", "1800.00"), strict=True), 1
    ):
        sandbox.add_bill(total, vendor=vendor, due_date=today + dt.timedelta(days=10 * n))
        sandbox.add_bank_transaction(total, description=f"Payment to {vendor}")
    sandbox.add_credit_memo("150.00")
    sandbox.add_debit_memo("1000.01")
