"""Whole `payplan` and `payplancharge` rows, as the PayPlans and PayPlanCharges resources show
them. The engine's own records (`records.PayPlan`, `records.PayPlanCharge`) carry only the
columns it reads; these extend them with every other column those resources emit.
"""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import IntEnum

from odpay.domain.enums import DynamicPayPlanTPOption
from odpay.domain.records import NO_DATE, NO_DATETIME, PayPlan, PayPlanCharge


class PaymentSchedule(IntEnum):
    """`payplan.PaySchedule` (static plans)."""

    Monthly = 0
    MonthlyDayOfWeek = 1
    Weekly = 2
    BiWeekly = 3
    Quarterly = 4


@dataclass(frozen=True, slots=True)
class PayPlanRow(PayPlan):
    # Redeclared for its default alone: a blank plan row awaits completion of TP procedures.
    DynamicPayPlanTPOption: int = DynamicPayPlanTPOption.AwaitComplete
    PayPlanDate: date = NO_DATE
    APR: Decimal = Decimal("0")
    Note: str = ""
    CompletedAmt: Decimal = Decimal("0.00")
    InsSubNum: int = 0
    PaySchedule: int = PaymentSchedule.Monthly
    NumberOfPayments: int = 0
    PayAmt: Decimal = Decimal("0.00")
    DownPayment: Decimal = Decimal("0.00")
    PlanCategory: int = 0
    ChargeFrequency: int = 3  # PayPlanFrequency.Monthly
    DatePayPlanStart: date = NO_DATE
    IsLocked: bool = False
    DateInterestStart: date = NO_DATE
    SheetDefNum: int = 0


@dataclass(frozen=True, slots=True)
class PayPlanChargeRow(PayPlanCharge):
    Note: str = ""
    SecDateTEntry: datetime = NO_DATETIME
    SecDateTEdit: datetime = NO_DATETIME
    StatementNum: int = 0
    IsDownPayment: bool = False
