"""Hypothesis strategies for the engine's property tests: random families and payments.

Families have three members, procedures with claimprocs, attached and unattached adjustments,
splits of every kind (on procedures, adjustments, plans, unattached, unearned, hidden), a dynamic
plan (sometimes of a patient outside the family) with due and future charges, a static plan,
an insurance payment plan and pay-as-total insurance.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from odpay.domain.allocation import PaymentRequest
from odpay.domain.enums import ClaimProcStatus, PayPlanChargeType, PayPlanLinkType, ProcStat
from odpay.domain.family import Family
from odpay.domain.prefs import Prefs
from odpay.domain.records import (
    Adjustment,
    ClaimProc,
    PayPlan,
    PayPlanCharge,
    PayPlanLink,
    PaySplit,
    Procedure,
)
from tests.domain.builders import BLANK_DEFINITIONS, BLANK_PROVIDERS, patient

MEMBERS = (10, 11, 12)
DATES = tuple(
    date.fromisoformat(t)
    for t in ("2023-12-01", "2024-01-15", "2024-03-01", "2024-06-15", "2024-07-01")
)
DYNAMIC, STATIC, INSURANCE = 5, 6, 8
OUTSIDER = 99  # a patient of another family whose plan the payer guarantees
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def cents(low: int, high: int) -> st.SearchStrategy[Decimal]:
    return st.integers(low, high).map(lambda n: Decimal(n).scaleb(-2))


owners = st.tuples(st.sampled_from(MEMBERS), st.integers(1, 2), st.integers(0, 1))
claimproc_rows = st.tuples(
    st.sampled_from(list(ClaimProcStatus)),
    cents(0, 20000),
    cents(0, 20000),
    st.booleans(),
    st.sampled_from([0, 0, INSURANCE]),
)


@st.composite
def families(draw: st.DrawFn) -> Family:
    procedures: list[Procedure] = []
    claimprocs: list[ClaimProc] = []
    for num in range(1, draw(st.integers(0, 7)) + 1):
        pat, prov, clinic = draw(owners)
        procedures.append(
            Procedure(
                ProcNum=num,
                PatNum=pat,
                ProcDate=draw(st.sampled_from(DATES)),
                ProcFee=draw(cents(0, 40000)),
                ProcStatus=draw(st.sampled_from([ProcStat.C, ProcStat.C, ProcStat.TP])),
                ProvNum=prov,
                ClinicNum=clinic,
                BaseUnits=draw(st.integers(0, 1)),
                UnitQty=draw(st.integers(0, 2)),
                Discount=draw(cents(0, 1000)),
            )
        )
        for status, est, paid, no_bill, ins_plan in draw(st.lists(claimproc_rows, max_size=2)):
            claimprocs.append(
                ClaimProc(
                    ClaimProcNum=len(claimprocs) + 1,
                    ProcNum=num,
                    PatNum=pat,
                    Status=status,
                    ClaimNum=1,
                    ProvNum=prov,
                    InsPayEst=est,
                    InsPayAmt=paid,
                    WriteOff=Decimal("5.00"),
                    WriteOffEst=Decimal("10.00"),
                    NoBillIns=no_bill,
                    PayPlanNum=ins_plan,
                )
            )
    if draw(st.booleans()):  # pay-as-total insurance of one claim
        pat, prov, clinic = draw(owners)
        claimprocs.append(
            ClaimProc(
                ClaimProcNum=len(claimprocs) + 1,
                ProcNum=0,
                PatNum=pat,
                Status=ClaimProcStatus.Received,
                ClaimNum=77,
                ProvNum=prov,
                ClinicNum=clinic,
                InsPayAmt=draw(cents(1, 20000)),
            )
        )
    proc_nums = [p.ProcNum for p in procedures]
    adjustments: list[Adjustment] = []
    for num in range(1, draw(st.integers(0, 4)) + 1):
        pat, prov, clinic = draw(owners)
        attached = draw(st.sampled_from([0, *proc_nums]))
        if attached and draw(st.booleans()):  # usually the procedure's own owner
            owner = procedures[attached - 1]
            pat, prov, clinic = owner.PatNum, owner.ProvNum, owner.ClinicNum
        adjustments.append(
            Adjustment(
                AdjNum=num,
                PatNum=pat,
                AdjDate=draw(st.sampled_from(DATES)),
                AdjAmt=draw(cents(-10000, 10000)),
                ProvNum=prov,
                ClinicNum=clinic,
                ProcNum=attached,
            )
        )
    payplans: list[PayPlan] = []
    charges: list[PayPlanCharge] = []
    links: list[PayPlanLink] = []
    if any(cp.PayPlanNum == INSURANCE for cp in claimprocs):  # an insurance payment plan
        payplans.append(PayPlan(INSURANCE, 10, 10, PlanNum=3, IsDynamic=False))
        charges.append(
            PayPlanCharge(len(charges) + 1, INSURANCE, 10, 10, DATES[0], draw(cents(0, 30000)))
        )
    if bool(procedures) and draw(st.booleans()):  # a dynamic plan with due and future charges
        patient_num = draw(st.sampled_from([*MEMBERS, OUTSIDER]))
        payplans.append(
            PayPlan(
                PayPlanNum=DYNAMIC,
                PatNum=patient_num,
                Guarantor=10,
                IsDynamic=True,
                DynamicPayPlanTPOption=draw(st.sampled_from([0, 1, 2])),
            )
        )
        linked = draw(st.lists(st.sampled_from(proc_nums), min_size=1, max_size=2, unique=True))
        if patient_num == OUTSIDER:  # §2.3.3: the production of another family
            procedures.append(Procedure(50, OUTSIDER, DATES[1], draw(cents(0, 30000)), ProvNum=1))
            linked.append(50)
        for n, num in enumerate(linked, start=1):
            override = draw(st.sampled_from([Decimal("0.00"), Decimal("50.00")]))
            links.append(PayPlanLink(n, DYNAMIC, PayPlanLinkType.Procedure, num, override))
        for _ in range(draw(st.integers(1, 4))):
            charges.append(_charge(draw, len(charges) + 1, DYNAMIC, draw(st.sampled_from(linked))))
    if bool(procedures) and draw(
        st.booleans()
    ):  # a static plan: credits up front, debits over time
        payplans.append(PayPlan(STATIC, draw(st.sampled_from(MEMBERS)), 10, IsDynamic=False))
        for num in draw(st.lists(st.sampled_from(proc_nums), max_size=2, unique=True)):
            charges.append(
                PayPlanCharge(
                    PayPlanChargeNum=len(charges) + 1,
                    PayPlanNum=STATIC,
                    Guarantor=10,
                    PatNum=payplans[-1].PatNum,
                    ChargeDate=DATES[0],
                    Principal=draw(cents(-3000, 20000)),
                    ChargeType=PayPlanChargeType.Credit,
                    ProcNum=num,
                )
            )
        for _ in range(draw(st.integers(1, 3))):
            charges.append(_charge(draw, len(charges) + 1, STATIC, 0))
    paysplits: list[PaySplit] = []
    for num in range(1, draw(st.integers(0, 6)) + 1):
        pat, prov, clinic = draw(owners)
        kind = draw(st.sampled_from(["proc", "adj", "free", "unearned", "hidden", "plan"]))
        plan_num = draw(st.sampled_from([p.PayPlanNum for p in payplans])) if payplans else 0
        paysplits.append(
            PaySplit(
                SplitNum=num,
                PayNum=100 + num,
                SplitAmt=draw(cents(-5000, 30000).filter(lambda a: a != 0)),
                PatNum=pat,
                DatePay=draw(st.sampled_from(DATES[:4])),
                ProvNum=0 if kind in ("unearned", "hidden") else prov,
                ClinicNum=clinic,
                ProcNum=draw(st.sampled_from(proc_nums)) if kind == "proc" and proc_nums else 0,
                AdjNum=draw(st.integers(1, len(adjustments)))
                if kind == "adj" and adjustments
                else 0,
                PayPlanNum=plan_num if kind == "plan" else 0,
                PayPlanChargeNum=(
                    draw(st.sampled_from([0, *[c.PayPlanChargeNum for c in charges]]))
                    if kind == "plan"
                    else 0
                ),
                UnearnedType={"unearned": 283, "hidden": 299}.get(kind, 0),
            )
        )
    return Family(
        payer=patient(10),
        members=tuple(patient(n, Guarantor=10) for n in MEMBERS),
        procedures=tuple(procedures),
        adjustments=tuple(adjustments),
        claimprocs=tuple(claimprocs),
        paysplits=tuple(paysplits),
        payplans=tuple(payplans),
        payplancharges=tuple(charges),
        payplanlinks=tuple(links),
        definitions=BLANK_DEFINITIONS,
        providers=BLANK_PROVIDERS,
    )


def _charge(draw: st.DrawFn, num: int, plan_num: int, fkey: int) -> PayPlanCharge:
    pat, prov, clinic = draw(owners)
    return PayPlanCharge(
        PayPlanChargeNum=num,
        PayPlanNum=plan_num,
        Guarantor=10,
        PatNum=pat,
        ChargeDate=draw(st.sampled_from(DATES)),
        Principal=draw(cents(0, 15000)),
        Interest=draw(st.sampled_from([Decimal("0.00"), Decimal("4.50")])),
        ProvNum=prov,
        ClinicNum=clinic,
        LinkType=PayPlanLinkType.Procedure if fkey else PayPlanLinkType.None_,
        FKey=fkey,
    )


prefs_strategy = st.builds(
    Prefs,
    RigorousAccounting=st.sampled_from([0, 1, 2]),
    BalancesDontSubtractIns=st.booleans(),
    AdjustmentsOffsetEachOther=st.booleans(),
    PayPlansVersion=st.sampled_from([1, 4]),
    PrePayAllowedForTpProcs=st.booleans(),
    EasyNoClinics=st.booleans(),
)


@dataclass(frozen=True)
class Case:
    family: Family
    prefs: Prefs
    request: PaymentRequest


@st.composite
def cases(draw: st.DrawFn) -> Case:
    fam = draw(families())
    proc_nums = [p.ProcNum for p in fam.procedures if p.PatNum in MEMBERS]
    request = PaymentRequest(
        PatNum=10,
        PayAmt=draw(cents(-20000, 150000).filter(lambda a: a != 0)),
        PayDate=draw(st.sampled_from(DATES[:4])),
        ClinicNum=draw(st.integers(0, 2)),
        isPatientPreferred=draw(st.booleans()),
        isPrepayment=draw(st.sampled_from([False, False, False, True])),
        procNums=tuple(draw(st.lists(st.sampled_from([*proc_nums, 999]), max_size=3, unique=True))),
        payPlanNum=draw(st.sampled_from([0, 0, DYNAMIC])),
        payPlanIsDynamic=True,
    )
    return Case(fam, draw(prefs_strategy), request)
