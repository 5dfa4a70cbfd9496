"""Whole payplan and payplancharge rows: what a column the row was built without holds."""

from dataclasses import astuple
from datetime import date, datetime
from decimal import Decimal

from odpay.domain.payplans.rows import PaymentSchedule, PayPlanChargeRow, PayPlanRow


def test_a_plan_row_defaults_to_open_dentals_blank_dynamic_plan() -> None:
    row = PayPlanRow(PayPlanNum=7, PatNum=10, Guarantor=10)
    assert astuple(row) == (
        7, 10, 10, 0, False, True, 1, date(1, 1, 1), Decimal("0"), "", Decimal("0.00"), 0,
        PaymentSchedule.Monthly, 0, Decimal("0.00"), Decimal("0.00"), 0, 3, date(1, 1, 1),
        False, date(1, 1, 1), 0,
    )  # fmt: skip


def test_a_charge_row_defaults_to_an_unlinked_debit_without_interest() -> None:
    row = PayPlanChargeRow(1, 7, 10, 11, date(2024, 6, 1), Decimal("30.00"))
    assert astuple(row) == (
        1, 7, 10, 11, date(2024, 6, 1), Decimal("30.00"), Decimal("0.00"), 0, 0, 0, 0, 0, 0,
        False, "", datetime(1, 1, 1), datetime(1, 1, 1), 0, False,
    )  # fmt: skip
