"""Rows as Open Dental names them, frozen, with money already in whole cents.

The database layer builds these from rows; the engine reads them and never writes them.
Only the columns odpay uses are carried (schema.md section 3, columns marked R).
"""

from dataclasses import dataclass, fields
from datetime import date, datetime
from decimal import Decimal
from enum import IntEnum

NO_DATE = date(1, 1, 1)
NO_DATETIME = datetime(1, 1, 1)


class ProcStat(IntEnum):
    TP = 1
    C = 2
    EC = 3
    EO = 4
    R = 5
    D = 6
    Cn = 7
    TPi = 8


class PatientStatus(IntEnum):
    Patient = 0
    NonPatient = 1
    Inactive = 2
    Archived = 3
    Deleted = 4
    Deceased = 5
    Prospective = 6


class ClaimProcStatus(IntEnum):
    NotReceived = 0
    Received = 1
    Preauth = 2
    Adjustment = 3
    Supplemental = 4
    CapClaim = 5
    Estimate = 6
    CapComplete = 7
    CapEstimate = 8
    InsHist = 9


class PayPlanDebitType(IntEnum):
    Unknown = 0
    Principal = 1
    Interest = 2


class PayPlanChargeType(IntEnum):
    Debit = 0
    Credit = 1


class PayPlanLinkType(IntEnum):
    None_ = 0
    Adjustment = 1
    Procedure = 2
    OrthoCase = 3


class DynamicPayPlanTPOption(IntEnum):
    None_ = 0
    AwaitComplete = 1
    TreatAsComplete = 2


class DefCat(IntEnum):
    """definition.Category: every category of Open Dental 25.4, by its stored value."""

    AccountColors = 0
    AdjTypes = 1
    ApptConfirmed = 2
    ApptProcsQuickAdd = 3
    BillingTypes = 4
    ClaimFormats = 5
    DunningMessages = 6
    FeeSchedNamesOld = 7
    MedicalNotes = 8
    OperatoriesOld = 9
    PaymentTypes = 10
    ProcCodeCats = 11
    ProgNoteColors = 12
    RecallUnschedStatus = 13
    ServiceNotes = 14
    DiscountTypes = 15
    Diagnosis = 16
    AppointmentColors = 17
    ImageCats = 18
    ApptPhoneNotes = 19
    TxPriorities = 20
    MiscColors = 21
    ChartGraphicColors = 22
    ContactCategories = 23
    LetterMergeCats = 24
    BlockoutTypes = 25
    ProcButtonCats = 26
    CommLogTypes = 27
    SupplyCats = 28
    PaySplitUnearnedType = 29
    Prognosis = 30
    ClaimCustomTracking = 31
    InsurancePaymentType = 32
    TaskPriorities = 33
    FeeColors = 34
    ProviderSpecialties = 35
    ClaimPaymentTracking = 36
    AccountQuickCharge = 37
    InsuranceVerificationStatus = 38
    Regions = 39
    ClaimPaymentGroups = 40
    AutoNoteCats = 41
    WebSchedNewPatApptTypes = 42
    ClaimErrorCode = 43
    ClinicSpecialty = 44
    JobPriorities = 45
    CarrierGroupNames = 46
    PayPlanCategories = 47
    AutoDeposit = 48
    InsuranceFilingCodeGroup = 49
    TimeCardAdjTypes = 50
    WebSchedExistingApptTypes = 51
    CertificationCategories = 52
    EClipboardImageCapture = 53
    TaskCategories = 54
    OperatoryTypes = 55


class PaymentSource(IntEnum):
    """payment.PaymentSource (Open Dental's CreditCardSource); 24 has no name."""

    None_ = 0
    XServer = 1
    XWeb = 2
    PayConnect = 3
    XServerPayConnect = 4
    XWebPortalLogin = 5
    PaySimple = 6
    PaySimpleACH = 7
    PayConnectPortal = 8
    PayConnectPortalLogin = 9
    CareCredit = 10
    EdgeExpressRCM = 11
    EdgeExpressCNP = 12
    API = 13
    EdgeExpressPaymentPortal = 14
    EdgeExpressPaymentPortalGuest = 15
    PayConnectPaymentPortal = 16
    PayConnectPaymentPortalGuest = 17
    PaySimplePaymentPortal = 18
    PaySimplePaymentPortalGuest = 19
    PaySimplePaymentPortalACH = 20
    XWebPaymentPortal = 21
    XWebPaymentPortalGuest = 22
    MeetInTheCloudTerminal = 23
    MeetInTheCloudPaymentPortal = 25
    MeetInTheCloudPaymentPortalGuest = 26


class ProcessStat(IntEnum):
    OfficeProcessed = 0
    OnlineProcessed = 1
    OnlinePending = 2


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
