"""Insurance in the ledger: patient portions, insurance payment plans, pay-as-total credits.

Spec: allocation.md §2.1 steps 1–5, the insPay' of §2.3.2, §2.4 and §2.6. Mirrors Open Dental's
ClaimProcs.GetPatPortion / GetInsPay and PaymentEdit.ConstructListCharges (insurance plans).
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Protocol

from odpay.domain.entries import AccountEntry, PayAsTotal
from odpay.domain.enums import ClaimProcStatus, PayPlanChargeType, ProcStat
from odpay.domain.estimates import BLANK
from odpay.domain.money import ZERO
from odpay.domain.prefs import Prefs
from odpay.domain.records import ClaimProc, PayPlan, PayPlanCharge, Procedure

_ESTIMATE = frozenset(
    {
        ClaimProcStatus.NotReceived,
        ClaimProcStatus.Estimate,
        ClaimProcStatus.CapEstimate,
        ClaimProcStatus.InsHist,
    }
)
_PAID = frozenset(
    {
        ClaimProcStatus.Received,
        ClaimProcStatus.Supplemental,
        ClaimProcStatus.CapComplete,
        ClaimProcStatus.CapClaim,
    }
)
_PAY_AS_TOTAL = frozenset({ClaimProcStatus.Received, ClaimProcStatus.Supplemental})
_TP = ProcStat.TP  # looked up once per procedure otherwise (see entries.EntryKind)


class Priced(Protocol):
    """What a procedure's fee is computed from: the engine's Procedure or a full row."""

    @property
    def ProcFee(self) -> Decimal: ...
    @property
    def UnitQty(self) -> int: ...
    @property
    def BaseUnits(self) -> int: ...


def fee_total(proc: Priced) -> Decimal:
    """§2.1 step 1: ProcFee × max(1, BaseUnits + UnitQty)."""
    quantity = proc.BaseUnits + proc.UnitQty
    # Most procedures count once; multiplying a Decimal by an int is the slow path.
    return proc.ProcFee * quantity if quantity > 1 else proc.ProcFee


def _write_off_estimate(cp: ClaimProc) -> Decimal:
    # -1 is "blank"; compared as a Decimal, because Decimal against int is ten times slower.
    if cp.WriteOffEstOverride != BLANK:
        return cp.WriteOffEstOverride
    if cp.WriteOffEst != BLANK:
        return cp.WriteOffEst
    return ZERO


def ins_pay(claimprocs: Iterable[ClaimProc], count_estimates: bool) -> Decimal:
    """§2.1 step 4: estimates (when counted) as InsPayEst + write-off estimate, paid rows as
    InsPayAmt + WriteOff; Preauth and Adjustment rows never count."""
    total = ZERO
    for cp in claimprocs:
        if cp.Status in _PAID:
            total += cp.InsPayAmt + cp.WriteOff
        elif count_estimates and cp.Status in _ESTIMATE:
            total += cp.InsPayEst + _write_off_estimate(cp)
    return total


def tp_discount(proc: Procedure) -> Decimal:
    """§2.1 step 5 (and §2.3.2): what a treatment-planned procedure is discounted by."""
    if proc.ProcStatus == _TP:
        return proc.DiscountPlanAmt + proc.Discount
    return ZERO


def patient_portion(
    proc: Procedure, fee: Decimal, cps: Sequence[ClaimProc], prefs: Prefs
) -> tuple[Decimal, Decimal]:
    """§2.1 steps 3–5: (amount, insPay) of a procedure entry worth `fee` (step 1) before its
    attached adjustments; `cps` are its claimprocs of step 2."""
    # Step 3: a procedure whose claimprocs are all "do not bill" (or absent) owes its fee.
    amount, paid = fee, ZERO
    # Step 4: once one row is billed, NoBillIns rows count like the others.
    for cp in cps:
        if not cp.NoBillIns:
            paid = ins_pay(cps, count_estimates=not prefs.BalancesDontSubtractIns)
            amount = fee - paid
            break
    if proc.ProcStatus == _TP:
        amount -= tp_discount(proc)
    return amount, paid


def apply_insurance_plans(
    plans: Sequence[PayPlan],
    charges: Sequence[PayPlanCharge],
    claimprocs: Sequence[ClaimProc],
    proc_entries: Sequence[AccountEntry],
) -> None:
    """§2.4: each open insurance payment plan lowers the patient portion of its procedures.

    `proc_entries` are the procedure entries in creation order; `claimprocs` are those of §2.1
    step 2 (family rows plus §2.3.3). The amount a plan distributes is the principal of its
    debits, because the one credit row of an insurance plan says nothing reliable.
    """
    by_plan: dict[int, list[ClaimProc]] = defaultdict(list)
    for cp in claimprocs:
        if cp.PayPlanNum > 0 and cp.ProcNum != 0:
            by_plan[cp.PayPlanNum].append(cp)
    debits: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for charge in charges:
        if charge.ChargeType == PayPlanChargeType.Debit:
            debits[charge.PayPlanNum] += charge.Principal
    for plan in plans:
        if plan.PlanNum <= 0 or plan.IsClosed or plan.PayPlanNum not in by_plan:
            continue
        left = debits[plan.PayPlanNum]
        if left <= ZERO:
            continue
        # Open Dental reads only the plan's claimprocs with InsPayEst >= 0, for both the
        # procedures considered and the insurance already paid (our reading of "on this plan").
        plan_cps: dict[int, list[ClaimProc]] = defaultdict(list)
        for cp in by_plan[plan.PayPlanNum]:
            if cp.InsPayEst >= ZERO:
                plan_cps[cp.ProcNum].append(cp)
        for entry in proc_entries:
            if left <= ZERO:
                break
            cps = plan_cps.get(entry.ProcNum)
            if entry.amount <= ZERO or not cps:
                continue
            received = next((cp for cp in cps if cp.Status == ClaimProcStatus.Received), None)
            if received is None:
                continue
            cap = received.InsPayEst - sum((cp.InsPayAmt for cp in cps), ZERO)
            cap = min(cap, entry.amount)
            if cap <= ZERO:
                continue
            taken = min(cap, left)
            entry.amount -= taken
            left -= taken


def pay_as_totals(claimprocs: Sequence[ClaimProc], member_nums: frozenset[int]) -> list[PayAsTotal]:
    """§2.6: pay-as-total insurance (ProcNum 0, received) grouped into working credits."""
    rows = sorted(
        (
            cp
            for cp in claimprocs
            if cp.PatNum in member_nums
            and cp.ProcNum == 0
            and cp.Status in _PAY_AS_TOTAL
            and (cp.InsPayAmt != ZERO or cp.WriteOff != ZERO)
        ),
        key=lambda cp: cp.ClaimProcNum,
    )
    # Step 2: a claim whose pay-as-total rows sum to nothing or less gives no credit.
    per_claim: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for cp in rows:
        per_claim[cp.ClaimNum] += cp.InsPayAmt
    groups: dict[tuple[int, int, int, int], PayAsTotal] = {}
    for cp in rows:
        if per_claim[cp.ClaimNum] <= ZERO:
            continue
        key = (cp.ClaimNum, cp.PatNum, cp.ProvNum, cp.ClinicNum)
        group = groups.get(key)
        if group is None:
            groups[key] = PayAsTotal(cp.ClaimNum, cp.PatNum, cp.ProvNum, cp.ClinicNum, cp.InsPayAmt)
        else:
            group.rem += cp.InsPayAmt
    # Step 3: groups in order of their first row; a group worth 0 is dropped.
    return [group for group in groups.values() if group.rem != ZERO]


def claimprocs_by_proc(claimprocs: Iterable[ClaimProc]) -> Mapping[int, list[ClaimProc]]:
    grouped: dict[int, list[ClaimProc]] = defaultdict(list)
    for cp in claimprocs:
        grouped[cp.ProcNum].append(cp)
    return grouped
