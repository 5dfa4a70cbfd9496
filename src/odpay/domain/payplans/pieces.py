"""Allocation of a patient plan's debits to its credits: the plan pieces of the ledger.

Spec: allocation.md §2.3.6 (dynamic rules D1–D4, static rules S1–S5). A piece is a debit (its
charge, date, patient, guarantor) carrying the provider, clinic and production of a credit.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from odpay.domain.entries import AccountEntry, EntryKind
from odpay.domain.enums import DynamicPayPlanTPOption, PayPlanDebitType
from odpay.domain.money import ZERO
from odpay.domain.records import PayPlan

_PLAN_PIECE = EntryKind.PlanPiece  # looked up once per piece otherwise (see EntryKind)


@dataclass(slots=True)
class PlanCredit:
    """A raw credit of §2.3.2: production the plan stands for, and its working values."""

    PayPlanNum: int
    PatNum: int
    ProvNum: int
    ClinicNum: int
    ProcNum: int
    AdjNum: int
    isAdj: bool
    value: Decimal
    proc: AccountEntry | None = None  # the linked procedure entry
    remaining: Decimal = field(init=False)  # dynamic rules
    p: Decimal = field(init=False)  # static rules: principal, work value, fill
    w: Decimal = field(init=False)
    f: Decimal = field(init=False)

    def __post_init__(self) -> None:
        self.remaining = self.p = self.w = self.value
        self.f = ZERO


@dataclass(slots=True)
class PlanDebit:
    """A raw debit of §2.3.4: the principal or the interest of one debit charge."""

    date: date
    PayPlanNum: int
    PayPlanChargeNum: int
    PatNum: int
    Guarantor: int
    ProvNum: int
    ClinicNum: int
    isOffset: bool
    debitType: PayPlanDebitType
    ProcNum: int
    AdjNum: int
    isAdj: bool
    amount: Decimal
    principal: Decimal
    interest: Decimal


def allocate_plan(
    plan: PayPlan, credits: list[PlanCredit], debits: list[PlanDebit]
) -> list[AccountEntry]:
    """§2.3.6 for one plan: its pieces in creation order (seq is set by the caller)."""
    if plan.IsDynamic:
        return _dynamic(plan, credits, debits)
    return _static(credits, debits)


def _dynamic(
    plan: PayPlan, credits: list[PlanCredit], debits: list[PlanDebit]
) -> list[AccountEntry]:
    # D1: unless TP production is treated as complete, a TP procedure gives no credit.
    if plan.DynamicPayPlanTPOption != DynamicPayPlanTPOption.TreatAsComplete:
        credits = [c for c in credits if c.proc is None or not c.proc.tp]
    adj_debits: dict[int, list[PlanDebit]] = defaultdict(list)
    proc_debits: dict[int, list[PlanDebit]] = defaultdict(list)
    principal = PayPlanDebitType.Principal  # see EntryKind
    for debit in debits:
        if debit.debitType != principal:
            continue
        if debit.isAdj:
            adj_debits[debit.AdjNum].append(debit)
        else:
            proc_debits[debit.ProcNum].append(debit)
    pieces: list[AccountEntry] = []
    # D2: adjustment credits take the principal debits charged for the same adjustment;
    # D3: then procedure credits take the debits charged for the same procedure.
    for credit in [c for c in credits if c.isAdj] + [
        c for c in credits if not c.isAdj and c.ProcNum > 0
    ]:
        matching = adj_debits[credit.AdjNum] if credit.isAdj else proc_debits[credit.ProcNum]
        for debit in matching:
            if credit.remaining <= ZERO:
                break
            if debit.amount <= ZERO:
                continue
            taken = min(credit.remaining, debit.amount)
            credit.remaining -= taken
            debit.amount -= taken
            pieces.append(_piece(debit, credit, taken))
    # D4: interest, offsets, principal beyond the linked production, missing production.
    pieces += [_unchanged(d) for d in debits if d.amount > ZERO or d.isOffset]
    return pieces


def _static(credits: list[PlanCredit], debits: list[PlanDebit]) -> list[AccountEntry]:
    # S1: credits take their procedure's value (up to the amount before insurance).
    s1_by_proc: dict[int, list[PlanCredit]] = defaultdict(list)
    for credit in credits:
        proc = credit.proc
        if proc is not None and not credit.isAdj and credit.w > ZERO:
            taken = min(proc.amount + proc.insPay, credit.w)
            credit.w -= taken
            proc.amount -= taken
            proc.planApplied += taken
            s1_by_proc[proc.ProcNum].append(credit)
    # S2: a negative (adjustment) credit on a procedure gives value back to that procedure.
    for adj in credits:
        proc = adj.proc
        if not adj.isAdj or proc is None:
            continue
        for credit in s1_by_proc.get(proc.ProcNum, ()):
            if adj.w >= ZERO:
                break
            if credit.p <= ZERO:
                continue
            given = min(credit.p, -adj.w)
            adj.w += given
            credit.p -= given
            proc.amount += given
            proc.planApplied -= given
    # S3: what is left of it lowers credits without a procedure first, then the others.
    for adj in credits:
        if not adj.isAdj or adj.w >= ZERO:
            continue
        for with_proc in (False, True):
            for credit in credits:
                if adj.w >= ZERO:
                    break
                if credit.isAdj or credit.p <= ZERO or (credit.proc is not None) != with_proc:
                    continue
                given = min(credit.p, -adj.w)
                credit.p -= given
                adj.w += given
                if credit.proc is not None:
                    credit.proc.amount += given
                    credit.proc.planApplied -= given
    # S4, S5: fill the credits' principal with the debits in order.
    for credit in credits:
        credit.f = ZERO
    total = sum((debit.amount for debit in debits), ZERO)
    fillable = [c for c in credits if not c.isAdj]
    cursor = 0
    pieces: list[AccountEntry] = []
    for debit in debits:
        if debit.debitType == PayPlanDebitType.Interest:
            pieces.append(_unchanged(debit))
            continue
        if debit.isAdj:
            debit.amount = ZERO
            pieces.append(_unchanged(debit))
            continue
        avail = max(ZERO, min(total, debit.amount))
        emitted = False
        # A credit with p <= f never gets room again, so the scan resumes where it stopped.
        while avail > ZERO and cursor < len(fillable):
            credit = fillable[cursor]
            if credit.p <= credit.f:
                cursor += 1
                continue
            taken = min(credit.p - credit.f, avail, total)
            credit.f += taken
            total -= taken
            avail -= taken
            debit.amount -= taken
            pieces.append(_piece(debit, credit, taken, static=True))
            emitted = True
        if emitted and avail == ZERO:
            continue
        total -= avail
        if not credits:
            debit.amount = avail
            pieces.append(_unchanged(debit))
        else:
            debit.amount -= avail
            credits[0].f += avail
            pieces.append(_piece(debit, credits[0], avail, static=True))
    return pieces


def _piece(
    debit: PlanDebit, credit: PlanCredit, amount: Decimal, *, static: bool = False
) -> AccountEntry:
    """A piece of `debit` worth `amount`, carrying `credit`'s provider, clinic and production.

    S5: a static credit naming a procedure that is missing from the ledger or treatment-planned
    gives no production; the piece keeps the debit's own provider and clinic.
    """
    proc = credit.proc
    own = static and credit.ProcNum > 0 and (proc is None or proc.tp)
    owner = debit if own else credit
    return _plan_entry(
        debit,
        owner.ProvNum,
        owner.ClinicNum,
        amount,
        0 if own else credit.ProcNum,
        credit.AdjNum,
        credit.isAdj,
        not own and proc is not None and proc.tp,
    )


def _unchanged(debit: PlanDebit) -> AccountEntry:
    """A debit emitted as it is: its own provider, clinic and production."""
    return _plan_entry(
        debit,
        debit.ProvNum,
        debit.ClinicNum,
        debit.amount,
        debit.ProcNum,
        debit.AdjNum,
        debit.isAdj,
        False,
    )


def _plan_entry(
    debit: PlanDebit,
    ProvNum: int,
    ClinicNum: int,
    amount: Decimal,
    ProcNum: int,
    AdjNum: int,
    isAdjPiece: bool,
    tp: bool,
) -> AccountEntry:
    """The plan piece entry of `debit` with this owner and production (seq is set later)."""
    # Positional, in AccountEntry's field order: keywords cost twice as much.
    return AccountEntry(
        _PLAN_PIECE,
        debit.date,
        debit.PayPlanChargeNum,  # pk
        0,  # seq
        debit.PatNum,
        ProvNum,
        ClinicNum,
        amount,
        ProcNum,
        AdjNum,
        tp,
        ZERO,  # insPay
        ZERO,  # feeTotal
        "",  # ProcCode
        debit.PayPlanNum,
        debit.PayPlanChargeNum,
        debit.debitType,  # PayPlanDebitType
        debit.Guarantor,
        debit.principal,
        debit.interest,
        isAdjPiece,
        debit.isOffset,
    )
