"""Short constructors so domain tests read like allocation.md's worked examples.

Money is given as text (`fee="100"`), dates as ISO text (`on="2024-01-05"`); every row takes
Open Dental's column names. The practice is the blank one (allocation.md §13 set-up).
"""

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from odpay.domain.allocation import PaymentRequest, auto_split
from odpay.domain.entries import AccountEntry, EntryKind
from odpay.domain.enums import (
    ClaimProcStatus,
    DefCat,
    PayPlanChargeType,
    PayPlanDebitType,
    PayPlanLinkType,
    ProcStat,
)
from odpay.domain.family import Family
from odpay.domain.ledger import Ledger, build_ledger
from odpay.domain.money import to_cents
from odpay.domain.prefs import Prefs
from odpay.domain.records import (
    Adjustment,
    ClaimProc,
    Definition,
    NewSplit,
    Patient,
    PayPlan,
    PayPlanCharge,
    PayPlanLink,
    PaySplit,
    Procedure,
    Provider,
)

TODAY = date(2024, 6, 15)
PREFS = Prefs()
UNEARNED = 283  # PrepaymentUnearnedType of the blank practice
TP_UNEARNED = 299
DPP_UNEARNED = 308
BLANK_DEFINITIONS = (
    Definition(DefNum=283, Category=DefCat.PaySplitUnearnedType, ItemName="Prepayment"),
    Definition(DefNum=299, Category=DefCat.PaySplitUnearnedType, ItemName="TP", ItemValue="X"),
    Definition(DefNum=308, Category=DefCat.PaySplitUnearnedType, ItemName="DPP", ItemValue="X"),
)
BLANK_PROVIDERS = (Provider(ProvNum=1, Abbr="DOC1"),)


def d(text: str) -> date:
    return date.fromisoformat(text)


def money(text: str | int) -> Decimal:
    return to_cents(str(text))


def patient(PatNum: int, Guarantor: int = 0, PriProv: int = 1, **cols: Any) -> Patient:
    return Patient(PatNum=PatNum, Guarantor=Guarantor or PatNum, PriProv=PriProv, **cols)


def proc(
    ProcNum: int,
    PatNum: int,
    fee: str = "100",
    on: str = "2024-01-05",
    ProvNum: int = 1,
    status: ProcStat = ProcStat.C,
    **cols: Any,
) -> Procedure:
    return Procedure(
        ProcNum=ProcNum,
        PatNum=PatNum,
        ProcDate=d(on),
        ProcFee=money(fee),
        ProcStatus=status,
        ProvNum=ProvNum,
        **cols,
    )


def adj(
    AdjNum: int, PatNum: int, amt: str, on: str = "2024-01-05", ProvNum: int = 1, **cols: Any
) -> Adjustment:
    return Adjustment(
        AdjNum=AdjNum, PatNum=PatNum, AdjDate=d(on), AdjAmt=money(amt), ProvNum=ProvNum, **cols
    )


def claimproc(
    ClaimProcNum: int,
    ProcNum: int,
    PatNum: int,
    Status: ClaimProcStatus = ClaimProcStatus.Estimate,
    **cols: Any,
) -> ClaimProc:
    amounts = ("InsPayEst", "InsPayAmt", "WriteOff", "WriteOffEst", "WriteOffEstOverride")
    converted = {k: money(str(v)) if k in amounts else v for k, v in cols.items()}
    return ClaimProc(
        ClaimProcNum=ClaimProcNum,
        ProcNum=ProcNum,
        PatNum=PatNum,
        Status=Status,
        **converted,  # type: ignore[arg-type]
    )


def split(
    SplitNum: int,
    PatNum: int,
    amt: str,
    on: str = "2024-03-01",
    PayNum: int = 0,
    ProvNum: int = 1,
    **cols: Any,
) -> PaySplit:
    return PaySplit(
        SplitNum=SplitNum,
        PayNum=PayNum or 9000 + SplitNum,
        SplitAmt=money(amt),
        PatNum=PatNum,
        DatePay=d(on),
        ProvNum=ProvNum,
        **cols,
    )


def plan(PayPlanNum: int, PatNum: int, Guarantor: int, **cols: Any) -> PayPlan:
    return PayPlan(PayPlanNum=PayPlanNum, PatNum=PatNum, Guarantor=Guarantor, **cols)


def charge(
    PayPlanChargeNum: int,
    PayPlanNum: int,
    PatNum: int,
    Guarantor: int,
    on: str,
    principal: str,
    interest: str = "0",
    ProvNum: int = 1,
    credit: bool = False,
    **cols: Any,
) -> PayPlanCharge:
    return PayPlanCharge(
        PayPlanChargeNum=PayPlanChargeNum,
        PayPlanNum=PayPlanNum,
        Guarantor=Guarantor,
        PatNum=PatNum,
        ChargeDate=d(on),
        Principal=money(principal),
        Interest=money(interest),
        ProvNum=ProvNum,
        ChargeType=PayPlanChargeType.Credit if credit else PayPlanChargeType.Debit,
        **cols,
    )


def link(
    PayPlanLinkNum: int,
    PayPlanNum: int,
    FKey: int,
    kind: PayPlanLinkType = PayPlanLinkType.Procedure,
    override: str = "0",
    entered: str = "2024-01-01",
) -> PayPlanLink:
    return PayPlanLink(
        PayPlanLinkNum=PayPlanLinkNum,
        PayPlanNum=PayPlanNum,
        LinkType=kind,
        FKey=FKey,
        AmountOverride=money(override),
        SecDateTEntry=datetime.fromisoformat(entered),
    )


def family(payer: Patient, *others: Patient, **rows: Sequence[object]) -> Family:
    """The payer's family; rows are given by Family field name, in any order (sorted here)."""
    keys = {
        "procedures": "ProcNum",
        "adjustments": "AdjNum",
        "claimprocs": "ClaimProcNum",
        "paysplits": "SplitNum",
        "payplans": "PayPlanNum",
        "payplancharges": "PayPlanChargeNum",
        "payplanlinks": "PayPlanLinkNum",
    }
    sorted_rows = {
        name: tuple(sorted(values, key=lambda row: getattr(row, keys[name])))
        for name, values in rows.items()
    }
    members = tuple(sorted((payer, *others), key=lambda p: p.PatNum))
    return Family(
        payer=payer,
        members=members,
        definitions=BLANK_DEFINITIONS,
        providers=BLANK_PROVIDERS,
        **sorted_rows,  # type: ignore[arg-type]
    )


def pay(
    fam: Family,
    amt: str,
    prefs: Prefs = PREFS,
    on: date = TODAY,
    ClinicNum: int = 0,
    procNums: tuple[int, ...] = (),
    **flags: object,
) -> list[NewSplit]:
    """POST /payments by the family's payer, as the service calls the engine."""
    request = PaymentRequest(
        PatNum=fam.payer.PatNum,
        PayAmt=money(amt),
        PayDate=on,
        ClinicNum=ClinicNum,
        procNums=procNums,
        **flags,  # type: ignore[arg-type]
    )
    return auto_split(fam, prefs, request, TODAY)


def new(amt: str, PatNum: int, on: date = TODAY, **cols: Any) -> NewSplit:
    """An expected split: amount, patient and the columns that are not 0."""
    return NewSplit(SplitAmt=money(amt), PatNum=PatNum, DatePay=on, **cols)


def unearned(amt: str, PatNum: int, on: date = TODAY, **cols: Any) -> NewSplit:
    return NewSplit(SplitAmt=money(amt), PatNum=PatNum, DatePay=on, UnearnedType=UNEARNED, **cols)


def ledger(fam: Family, prefs: Prefs = PREFS, leave_out_pay_num: int = 0) -> Ledger:
    return build_ledger(fam, prefs, TODAY, leave_out_pay_num)


def owed(entries: list[AccountEntry]) -> list[tuple[str, int, Decimal]]:
    """Each entry as (kind, pk, amount), in ledger order: the ledger at a glance."""
    return [(entry.kind.name, entry.pk, entry.amount) for entry in entries]


def pieces(entries: list[AccountEntry]) -> list[tuple[int, str, Decimal, int, int, int]]:
    """Plan pieces as (charge, debit type, amount, ProvNum, ProcNum, AdjNum)."""
    return [
        (
            e.PayPlanChargeNum,
            PayPlanDebitType(e.PayPlanDebitType).name,
            e.amount,
            e.ProvNum,
            e.ProcNum,
            e.AdjNum,
        )
        for e in entries
        if e.kind is EntryKind.PlanPiece
    ]


def amount_of(entries: list[AccountEntry], kind: EntryKind, pk: int) -> Decimal:
    return next(e.amount for e in entries if e.kind is kind and e.pk == pk)


def as_paid(splits: list[NewSplit], PayNum: int, first_split_num: int) -> list[PaySplit]:
    """The rows the service would store for `splits`, so a test can pay again afterwards."""
    return [
        PaySplit(
            SplitNum=first_split_num + n,
            PayNum=PayNum,
            SplitAmt=s.SplitAmt,
            PatNum=s.PatNum,
            DatePay=s.DatePay,
            ProvNum=s.ProvNum,
            ClinicNum=s.ClinicNum,
            ProcNum=s.ProcNum,
            AdjNum=s.AdjNum,
            PayPlanNum=s.PayPlanNum,
            PayPlanChargeNum=s.PayPlanChargeNum,
            PayPlanDebitType=s.PayPlanDebitType,
            UnearnedType=s.UnearnedType,
        )
        for n, s in enumerate(splits)
    ]


__all__ = [
    "DPP_UNEARNED",
    "PREFS",
    "TODAY",
    "TP_UNEARNED",
    "UNEARNED",
    "ClaimProcStatus",
    "PayPlanDebitType",
    "PayPlanLinkType",
    "ProcStat",
    "adj",
    "amount_of",
    "as_paid",
    "charge",
    "claimproc",
    "d",
    "family",
    "ledger",
    "link",
    "money",
    "new",
    "owed",
    "patient",
    "pay",
    "pieces",
    "plan",
    "proc",
    "split",
    "unearned",
]
