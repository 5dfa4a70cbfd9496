"""Rows as Open Dental names them, frozen, with money already in whole cents.

The database layer builds these from rows; the engine reads them and never writes them.
Only the columns odpay uses are carried (schema.md section 3, columns marked R).
"""

from dataclasses import dataclass, fields
from datetime import date, datetime
from decimal import Decimal

from odpay.domain.enums import (
    DynamicPayPlanTPOption,
    PatientStatus,
    PaymentSource,
    PayPlanChargeType,
    PayPlanDebitType,
    PayPlanLinkType,
    ProcessStat,
    ProcStat,
)

NO_DATE = date(1, 1, 1)
NO_DATETIME = datetime(1, 1, 1)


@dataclass(frozen=True, slots=True)
class Patient:
    PatNum: int
    Guarantor: int
    PatStatus: int = PatientStatus.Patient
    PriProv: int = 0
    ClinicNum: int = 0
    LName: str = ""
    FName: str = ""

    @property
    def family_guarantor(self) -> int:
        """The family key: a Guarantor of 0 means the patient is their own guarantor."""
        return self.Guarantor or self.PatNum


@dataclass(frozen=True, slots=True)
class Procedure:
    ProcNum: int
    PatNum: int
    ProcDate: date
    ProcFee: Decimal
    ProcStatus: int = ProcStat.C
    ProvNum: int = 0
    ClinicNum: int = 0
    CodeNum: int = 0
    UnitQty: int = 1
    BaseUnits: int = 0
    Discount: Decimal = Decimal("0.00")
    DiscountPlanAmt: Decimal = Decimal("0.00")
    ProcCode: str = ""  # procedurecode.ProcCode through CodeNum; "" when the code is missing


@dataclass(frozen=True, slots=True)
class Adjustment:
    AdjNum: int
    PatNum: int
    AdjDate: date
    AdjAmt: Decimal
    ProvNum: int = 0
    ClinicNum: int = 0
    ProcNum: int = 0


@dataclass(frozen=True, slots=True)
class ClaimProc:
    ClaimProcNum: int
    ProcNum: int
    PatNum: int
    Status: int
    ClaimNum: int = 0
    ProvNum: int = 0
    ClinicNum: int = 0
    InsPayEst: Decimal = Decimal("0.00")
    InsPayAmt: Decimal = Decimal("0.00")
    WriteOff: Decimal = Decimal("0.00")
    WriteOffEst: Decimal = Decimal("-1.00")
    WriteOffEstOverride: Decimal = Decimal("-1.00")
    NoBillIns: bool = False
    PayPlanNum: int = 0


@dataclass(frozen=True, slots=True)
class PayPlan:
    PayPlanNum: int
    PatNum: int
    Guarantor: int
    PlanNum: int = 0
    IsClosed: bool = False
    IsDynamic: bool = True
    DynamicPayPlanTPOption: int = DynamicPayPlanTPOption.None_


@dataclass(frozen=True, slots=True)
class PayPlanCharge:
    PayPlanChargeNum: int
    PayPlanNum: int
    Guarantor: int
    PatNum: int
    ChargeDate: date
    Principal: Decimal
    Interest: Decimal = Decimal("0.00")
    ProvNum: int = 0
    ClinicNum: int = 0
    ChargeType: int = PayPlanChargeType.Debit
    ProcNum: int = 0
    FKey: int = 0
    LinkType: int = PayPlanLinkType.None_
    IsOffset: bool = False


@dataclass(frozen=True, slots=True)
class PayPlanLink:
    PayPlanLinkNum: int
    PayPlanNum: int
    LinkType: int
    FKey: int
    AmountOverride: Decimal = Decimal("0.00")
    SecDateTEntry: datetime = NO_DATETIME


@dataclass(frozen=True, slots=True)
class Definition:
    DefNum: int
    Category: int
    ItemName: str
    ItemValue: str = ""
    IsHidden: bool = False
    ItemOrder: int = 0


@dataclass(frozen=True, slots=True)
class Provider:
    ProvNum: int
    Abbr: str = ""
    ItemOrder: int = 0
    IsHidden: bool = False


@dataclass(frozen=True, slots=True)
class Payment:
    PayNum: int
    PayType: int
    PayDate: date
    PayAmt: Decimal
    PatNum: int
    CheckNum: str = ""
    BankBranch: str = ""
    PayNote: str = ""
    ClinicNum: int = 0
    DateEntry: date = NO_DATE
    DepositNum: int = 0
    Receipt: str = ""
    IsRecurringCC: bool = False
    SecUserNumEntry: int = 0
    SecDateTEdit: datetime = NO_DATETIME
    PaymentSource: int = PaymentSource.None_
    ProcessStatus: int = ProcessStat.OfficeProcessed
    RecurringChargeDate: date = NO_DATE
    IsCcCompleted: bool = False
    IsSplit: bool = False


@dataclass(frozen=True, slots=True)
class NewSplit:
    """A split the engine asks for; the service adds PayNum, DateEntry and the audit columns."""

    SplitAmt: Decimal
    PatNum: int
    DatePay: date
    ProvNum: int = 0
    ClinicNum: int = 0
    ProcNum: int = 0
    AdjNum: int = 0
    PayPlanNum: int = 0
    PayPlanChargeNum: int = 0
    PayPlanDebitType: int = PayPlanDebitType.Unknown
    UnearnedType: int = 0
    FSplitNum: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class PaySplit(NewSplit):
    """A stored split: a new split's columns, then its keys and dates (passed by name, since
    they follow columns with defaults)."""

    SplitNum: int
    PayNum: int
    DateEntry: date = NO_DATE
    SecDateTEdit: datetime = NO_DATETIME

    def as_new(self) -> NewSplit:
        """The split's own columns, without its keys and dates (a refund mirrors them)."""
        return NewSplit(*(getattr(self, column.name) for column in fields(NewSplit)))
