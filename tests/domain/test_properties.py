"""Invariants of the allocation engine over random families and payments (allocation.md §12)."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from odpay.domain.allocation import PaymentRequest, auto_split, split_for_entry
from odpay.domain.entries import AccountEntry, EntryKind
from odpay.domain.family import Family
from odpay.domain.outstanding import explicit_ledger, linked_ledger, outstanding, partial_splits
from odpay.domain.prefs import Prefs
from odpay.domain.records import (
    Adjustment,
    ClaimProc,
    ClaimProcStatus,
    NewSplit,
    PayPlan,
    PayPlanCharge,
    PayPlanChargeType,
    PayPlanLink,
    PayPlanLinkType,
    PaySplit,
    Procedure,
    ProcStat,
)
from tests.domain.builders import BLANK_DEFINITIONS, BLANK_PROVIDERS, TODAY, patient

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
    if procedures and draw(st.booleans()):  # a dynamic plan with due and future charges
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
    if procedures and draw(st.booleans()):  # a static plan: credits up front, debits over time
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


def run(case: Case) -> list[NewSplit]:
    return auto_split(case.family, case.prefs, case.request, TODAY)


def _charge_key(split: NewSplit) -> tuple[str, int] | None:
    """Which charge a split pays, or None for money on no charge."""
    if split.PayPlanChargeNum > 0:
        return ("charge", split.PayPlanChargeNum)
    if split.PayPlanNum > 0 or split.UnearnedType > 0:
        return None
    if split.AdjNum > 0:
        return ("adj", split.AdjNum)
    if split.ProcNum > 0:
        return ("proc", split.ProcNum)
    return None


def _owed(entries: list[AccountEntry]) -> dict[tuple[str, int], Decimal]:
    """What each charge may still receive: the positive part of its entries' amounts."""
    owed: dict[tuple[str, int], Decimal] = defaultdict(Decimal)
    for entry in entries:
        if entry.kind is EntryKind.Procedure:
            key = ("proc", entry.ProcNum)
        elif entry.kind is EntryKind.Adjustment:
            key = ("adj", entry.AdjNum)
        else:
            key = ("charge", entry.PayPlanChargeNum)
        owed[key] += max(entry.amount, Decimal(0))
    return owed


@SETTINGS
@given(cases())
def test_splits_add_up_to_the_payment_are_whole_nonzero_amounts_and_repeat_exactly(
    case: Case,
) -> None:
    splits = run(case)
    assert splits
    assert sum((s.SplitAmt for s in splits), Decimal(0)) == case.request.PayAmt
    for split in splits:
        assert split.SplitAmt != 0
        assert split.SplitAmt.as_tuple().exponent == -2
        assert not (split.ProcNum > 0 and split.AdjNum > 0)
        assert split.DatePay == case.request.PayDate
    assert run(case) == splits


@SETTINGS
@given(cases())
def test_no_charge_is_overpaid_and_future_or_planned_charges_wait(case: Case) -> None:
    splits = run(case)
    # Pay-first and auto-split never give a charge more than explicit linking left it (§12.4).
    owed = _owed(explicit_ledger(case.family, case.prefs, TODAY).entries)
    paid: dict[tuple[str, int], Decimal] = defaultdict(Decimal)
    for split in splits:
        key = _charge_key(split)
        if key is not None:
            paid[key] += split.SplitAmt
    for key, amount in paid.items():
        assert 0 < amount <= owed[key], key
    # A future plan charge never receives money; a TP procedure only through pay-first (§12.5-6).
    future = {c.PayPlanChargeNum for c in case.family.payplancharges if c.ChargeDate > TODAY}
    planned = {p.ProcNum for p in case.family.procedures if p.ProcStatus == ProcStat.TP}
    for split in splits:
        assert split.PayPlanChargeNum not in future
        if split.ProcNum in planned and split.PayPlanNum == 0:
            assert split.ProcNum in case.request.procNums
            assert case.prefs.PrePayAllowedForTpProcs


@SETTINGS
@given(cases())
def test_without_preference_or_pay_first_the_splits_are_fifo_over_the_linked_ledger(
    case: Case,
) -> None:
    request = PaymentRequest(
        PatNum=10, PayAmt=abs(case.request.PayAmt), PayDate=case.request.PayDate, ClinicNum=1
    )
    prefs = Prefs(
        RigorousAccounting=case.prefs.RigorousAccounting % 2,
        BalancesDontSubtractIns=case.prefs.BalancesDontSubtractIns,
        PayPlansVersion=case.prefs.PayPlansVersion,
        PrePayAllowedForTpProcs=case.prefs.PrePayAllowedForTpProcs,
    )
    expected: list[NewSplit] = []
    left = request.PayAmt
    for entry in linked_ledger(case.family, prefs, TODAY):
        if left == 0:
            break
        if entry.amount > 0 and not entry.tp:
            taken = min(left, entry.amount)
            expected.append(split_for_entry(entry, taken, request.PayDate, prefs))
            left -= taken
    if left:
        expected.append(NewSplit(left, 10, request.PayDate, UnearnedType=283))
    assert auto_split(case.family, prefs, request, TODAY) == expected


@SETTINGS
@given(cases(), st.data())
def test_partial_splits_add_up_and_never_exceed_what_is_outstanding(
    case: Case, data: st.DataObject
) -> None:
    owed = outstanding(case.family, case.prefs, TODAY, leave_out_pay_num=101)
    procedures = [
        (num, data.draw(cents(1, int(amount * 100))))
        for num, amount in owed.procedures.items()
        if amount > 0 and data.draw(st.booleans())
    ]
    charges = [
        (num, data.draw(cents(1, int(amount * 100))))
        for num, amount in owed.charges.items()
        if amount > 0 and data.draw(st.booleans())
    ]
    splits = partial_splits(case.family, case.prefs, TODAY, TODAY, 101, procedures, charges)
    wanted = sum((a for _, a in procedures + charges), Decimal(0))
    assert sum((s.SplitAmt for s in splits), Decimal(0)) == wanted
    paid: dict[tuple[str, int], Decimal] = defaultdict(Decimal)
    for split in splits:
        assert split.SplitAmt > 0
        key = _charge_key(split)
        assert key is not None
        paid[key] += split.SplitAmt
    for (kind, num), amount in paid.items():
        assert amount <= (owed.charge(num) if kind == "charge" else owed.procedure(num))
