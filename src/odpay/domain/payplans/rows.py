"""Whole `payplan` and `payplancharge` rows, as the PayPlans and PayPlanCharges resources show
them. The engine's own records (`records.PayPlan`, `records.PayPlanCharge`) carry only the
columns it reads; these carry every column those resources emit.
"""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import IntEnum

from odpay.domain.records import NO_DATE, NO_DATETIME, DynamicPayPlanTPOption


class PaymentSchedule(IntEnum):
    """`payplan.PaySchedule` (static plans)."""

    Monthly = 0
    MonthlyDayOfWeek = 1
    Weekly = 2
    BiWeekly = 3
    Quarterly = 4


@dataclass(frozen=True, slots=True)
class PayPlanRow:
    PayPlanNum: int
    PatNum: int
    Guarantor: int
    PayPlanDate: date = NO_DATE
    APR: Decimal = Decimal("0")
    Note: str = ""
    PlanNum: int = 0
    CompletedAmt: Decimal = Decimal("0.00")
    InsSubNum: int = 0
    PaySchedule: int = PaymentSchedule.Monthly
    NumberOfPayments: int = 0
    PayAmt: Decimal = Decimal("0.00")
    DownPayment: Decimal = Decimal("0.00")
    IsClosed: bool = False
    PlanCategory: int = 0
    IsDynamic: bool = True
    ChargeFrequency: int = 3  # PayPlanFrequency.Monthly
    DatePayPlanStart: date = NO_DATE
    IsLocked: bool = False
    DateInterestStart: date = NO_DATE
    DynamicPayPlanTPOption: int = DynamicPayPlanTPOption.AwaitComplete
    SheetDefNum: int = 0


@dataclass(frozen=True, slots=True)
class PayPlanChargeRow:
    PayPlanChargeNum: int
    PayPlanNum: int
    Guarantor: int
    PatNum: int
    ChargeDate: date
    Principal: Decimal
    Interest: Decimal = Decimal("0.00")
    Note: str = ""
    ProvNum: int = 0
    ClinicNum: int = 0
    ChargeType: int = 0
    ProcNum: int = 0
    SecDateTEntry: datetime = NO_DATETIME
    SecDateTEdit: datetime = NO_DATETIME
    StatementNum: int = 0
    FKey: int = 0
    LinkType: int = 0
    IsOffset: bool = False
    IsDownPayment: bool = False
