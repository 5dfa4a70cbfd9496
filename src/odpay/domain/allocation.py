"""Auto-split: a new payment's amount turned into paysplits, as Open Dental's API does it.

Spec: allocation.md §5 (pay-first), §7 (auto-split, overpayment to unearned), §8 (finalisation,
single splits, prepayments) and §9 (split fields). Mirrors PaymentEdit.AutoSplitForPayment.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from odpay.domain.entries import AccountEntry, EntryKind
from odpay.domain.explanation import (
    AllocationTrace,
    ChargeRef,
    SplitReason,
    SplitRule,
    UnpaidCharge,
    UnpaidReason,
)
from odpay.domain.family import Family
from odpay.domain.ledger import Ledger, build_ledger
from odpay.domain.linking import explicit_link, implicit_link
from odpay.domain.money import ZERO
from odpay.domain.prefs import PayPlanVersions, Prefs, RigorousAccounting
from odpay.domain.records import NewSplit


@dataclass(frozen=True, slots=True)
class PaymentRequest:
    """A POST /payments as the engine sees it (allocation.md §1), after the service's checks."""

    PatNum: int  # payer P
    PayAmt: Decimal  # A, whole cents, never 0
    PayDate: date
    ClinicNum: int  # payment clinic C
    isPatientPreferred: bool = False
    isPrepayment: bool = False
    procNums: tuple[int, ...] = ()  # pay-first list F, already filtered by the service
    payPlanNum: int = 0  # N (0 = none)
    payPlanIsDynamic: bool = False  # whether plan N has IsDynamic = 1


def auto_split(
    family: Family,
    prefs: Prefs,
    request: PaymentRequest,
    today: date,
    trace: AllocationTrace | None = None,
) -> list[NewSplit]:
    """allocation.md §2–§9 for POST /payments: the new splits in insertion order.

    With `trace` (odpay's preview and explanation) the rule behind each split and the reason
    each charge is left owing are recorded in it as the splits are made (explanation.py).
    """
    amount = request.PayAmt
    if request.isPrepayment:
        # §8.5: everything else would be discarded, so it is not computed.
        split = single_split(family, prefs, request, amount)
        rule = SplitRule.Prepayment
        if request.payPlanNum > 0 and request.payPlanIsDynamic:
            split = replace(
                split,
                PayPlanNum=request.payPlanNum,
                UnearnedType=prefs.DynamicPayPlanPrepaymentUnearnedType,
            )
            rule = SplitRule.DynamicPlanPrepayment
        if trace is not None:
            trace.made(split, SplitReason(rule))
            _finish_prepayment(trace, family, prefs, [split], today)
        return [split]
    pay_first_nums = frozenset(request.procNums)
    ledger = build_ledger(family, prefs, today)  # §2, §3
    explicit_link(ledger, prefs)  # §4
    splits = pay_first(ledger, prefs, request, trace)  # §5
    implicit_link(ledger, request.PatNum, request.isPatientPreferred, pay_first_nums)  # §6
    if prefs.RigorousAccounting != RigorousAccounting.DontEnforce:  # §7.1
        splits += _auto_splits(ledger, prefs, request, amount - _total(splits), trace)
    # §8.2–§8.4: no zero splits; a payment always has splits that add up to its amount.
    splits = [split for split in splits if split.SplitAmt != ZERO]
    if not splits:
        splits.append(single_split(family, prefs, request, amount))
        if trace is not None:
            rule = SplitRule.NegativePayment if amount < ZERO else SplitRule.NothingToPay
            trace.made(splits[-1], SplitReason(_no_charge_rule(prefs, rule)))
    rest = amount - _total(splits)
    if rest != ZERO:
        splits.append(single_split(family, prefs, request, rest))
        if trace is not None:
            trace.made(splits[-1], SplitReason(_no_charge_rule(prefs, SplitRule.Remainder)))
    if trace is not None:
        trace.finish(splits, _unpaid(ledger, prefs, request, today))
    return splits


def _no_charge_rule(prefs: Prefs, rule: SplitRule) -> SplitRule:
    """§8.6: in Manual mode money on no charge is unallocated, otherwise it is unearned."""
    if prefs.RigorousAccounting == RigorousAccounting.DontEnforce:
        return SplitRule.ManualUnallocated
    return rule


def _unpaid(
    ledger: Ledger, prefs: Prefs, request: PaymentRequest, today: date, prepaid: bool = False
) -> list[UnpaidCharge]:
    """For the trace: the charges still owing once the splits are made, each with the rule
    that kept the payment off it, and the plan charges not yet due (§2.3.7)."""
    unpaid: list[UnpaidCharge] = []
    for entry in ledger.entries:
        if entry.kind is EntryKind.PlanPiece and entry.date > today:
            scheduled = entry.principal + entry.interest
            unpaid.append(
                UnpaidCharge(ChargeRef.of(entry), scheduled, UnpaidReason.FuturePlanCharge)
            )
            continue
        if entry.amount <= ZERO:
            continue
        if prepaid:
            reason = UnpaidReason.Prepayment
        elif entry.tp:
            reason = UnpaidReason.TreatmentPlanned
        elif prefs.RigorousAccounting == RigorousAccounting.DontEnforce:
            reason = UnpaidReason.ManualMode
        elif request.payPlanNum > 0 and entry.PayPlanNum != request.payPlanNum:
            reason = UnpaidReason.OtherPlan
        elif request.PayAmt < ZERO:
            reason = UnpaidReason.NegativePayment
        else:
            reason = UnpaidReason.NothingLeft
        unpaid.append(UnpaidCharge(ChargeRef.of(entry), entry.amount, reason))
    return unpaid


def _finish_prepayment(
    trace: AllocationTrace, family: Family, prefs: Prefs, splits: list[NewSplit], today: date
) -> None:
    """§8.5 computes no ledger; for the trace the family's charges are linked as a payment's
    would be (§2–§4, §6), to say what stays owing."""
    ledger = build_ledger(family, prefs, today)
    explicit_link(ledger, prefs)
    implicit_link(ledger, family.payer.PatNum)
    request = PaymentRequest(family.payer.PatNum, splits[0].SplitAmt, today, 0)
    trace.finish(splits, _unpaid(ledger, prefs, request, today, prepaid=True))


def pay_first(
    ledger: Ledger,
    prefs: Prefs,
    request: PaymentRequest,
    trace: AllocationTrace | None = None,
) -> list[NewSplit]:
    """§5: the chosen procedures first, by ProcDate (ledger order), not by list order."""
    chosen = frozenset(request.procNums)
    if not chosen or request.PayAmt <= ZERO:
        return []
    procedure = EntryKind.Procedure  # see EntryKind
    entries = (
        entry
        for entry in ledger.entries
        if entry.kind is procedure and entry.ProcNum in chosen and entry.amount > ZERO
    )
    splits, _left = _pay_in_order(entries, request.PayAmt, request, prefs, trace, _chosen_rule)
    return splits


def _auto_splits(
    ledger: Ledger,
    prefs: Prefs,
    request: PaymentRequest,
    left: Decimal,
    trace: AllocationTrace | None,
) -> list[NewSplit]:
    """§7 steps 2–6: FIFO over what is still owed; the rest becomes one unearned split."""
    eligible = iter(_eligible(ledger.entries, request))
    if left < ZERO and next(eligible, None) is not None:
        # A negative payment makes no auto splits, and while a charge is owed no unearned
        # split either; with none owed it is all left over.
        return []
    splits, left = _pay_in_order(eligible, left, request, prefs, trace, _fifo_rule)
    if left != ZERO:
        splits.append(
            NewSplit(
                SplitAmt=left,
                PatNum=request.PatNum,
                DatePay=request.PayDate,
                ProvNum=0,
                ClinicNum=request.ClinicNum if prefs.clinics_enabled else 0,
                UnearnedType=prefs.PrepaymentUnearnedType,
            )
        )
        if trace is not None:
            trace.made(splits[-1], SplitReason(SplitRule.LeftoverToUnearned))
    return splits


def _pay_in_order(
    entries: Iterable[AccountEntry],
    left: Decimal,
    request: PaymentRequest,
    prefs: Prefs,
    trace: AllocationTrace | None,
    rule: Callable[[AccountEntry, PaymentRequest], SplitRule],
) -> tuple[list[NewSplit], Decimal]:
    """Pays each entry in turn as far as `left` goes: the splits and what is left.

    `rule` names, for the trace alone, the rule that put the entry in line; a lazy iterable
    is read no further than the money goes.
    """
    splits: list[NewSplit] = []
    for entry in entries:
        if left <= ZERO:
            break
        taken = min(left, entry.amount)
        splits.append(split_for_entry(entry, taken, request.PayDate, prefs))
        owed = entry.amount
        entry.amount -= taken
        left -= taken
        if trace is not None:
            trace.paid(splits[-1], rule(entry, request), entry, owed)
    return splits, left


def _chosen_rule(entry: AccountEntry, request: PaymentRequest) -> SplitRule:
    return SplitRule.ChosenProcedure


def _fifo_rule(entry: AccountEntry, request: PaymentRequest) -> SplitRule:
    """Which rule of §7 steps 2–4 put `entry` where auto-split paid it (see _eligible). A
    chosen procedure is never among them: pay_first (§5) left it owing nothing, or left no
    money for auto-split."""
    if request.isPatientPreferred and entry.PatNum == request.PatNum:
        return SplitRule.PatientPreferred
    if request.payPlanNum > 0:
        return SplitRule.NamedPlanCharge
    if entry.kind is EntryKind.PlanPiece:
        return SplitRule.DuePlanCharge
    return SplitRule.OldestCharge


def _eligible(entries: list[AccountEntry], request: PaymentRequest) -> Iterable[AccountEntry]:
    """§7 steps 2–3: the entries auto-split may pay, in the order it pays them.

    In ledger order they are found lazily, because a payment usually ends on one of the first
    entries and the rest of a long ledger need not be looked at. This is the list step 2
    would hold: only the entry being paid changes, and each entry is met once.
    """
    plan_num = request.payPlanNum
    eligible = (
        entry
        for entry in entries
        if entry.amount > ZERO and not entry.tp and (plan_num <= 0 or entry.PayPlanNum == plan_num)
    )
    chosen = frozenset(request.procNums)
    if not request.isPatientPreferred and not chosen:
        return eligible
    ordered = _preferred_order(list(eligible), request.PatNum, request.isPatientPreferred)
    if chosen:
        procedure = EntryKind.Procedure  # see EntryKind
        ordered.sort(key=lambda e: not (e.kind is procedure and e.ProcNum in chosen))
    return ordered


def _preferred_order(
    entries: list[AccountEntry], payer: int, preferred: bool
) -> list[AccountEntry]:
    if not preferred:
        return list(entries)
    return [e for e in entries if e.PatNum == payer] + [e for e in entries if e.PatNum != payer]


def split_for_entry(entry: AccountEntry, amount: Decimal, pay_date: date, prefs: Prefs) -> NewSplit:
    """§9: a split paying `amount` of a ledger entry; it copies the entry's owner so that later
    runs link it explicitly (§4.3)."""
    if entry.kind is EntryKind.PlanPiece:
        by_patient = prefs.PayPlansVersion == PayPlanVersions.NoCharges
        return NewSplit(
            SplitAmt=amount,
            PatNum=entry.PatNum if by_patient else entry.Guarantor,
            DatePay=pay_date,
            ProvNum=entry.ProvNum,
            ClinicNum=entry.ClinicNum,
            ProcNum=entry.ProcNum,
            AdjNum=entry.AdjNum,
            PayPlanNum=entry.PayPlanNum,
            PayPlanChargeNum=entry.PayPlanChargeNum,
            PayPlanDebitType=entry.PayPlanDebitType,
        )
    # A procedure's split names the procedure; an adjustment's names the adjustment, never the
    # procedure the adjustment is attached to.
    procedure = entry.kind is EntryKind.Procedure
    return NewSplit(
        SplitAmt=amount,
        PatNum=entry.PatNum,
        DatePay=pay_date,
        ProvNum=entry.ProvNum,
        ClinicNum=entry.ClinicNum,
        ProcNum=entry.ProcNum if procedure else 0,
        AdjNum=0 if procedure else entry.AdjNum,
    )


def single_split(
    family: Family, prefs: Prefs, request: PaymentRequest, amount: Decimal
) -> NewSplit:
    """§8.6: money on no charge. Manual mode keeps it unallocated on the patient's provider;
    the other modes make it unearned. ClinicNum is the payment's, clinics enabled or not."""
    manual = prefs.RigorousAccounting == RigorousAccounting.DontEnforce
    return NewSplit(
        SplitAmt=amount,
        PatNum=request.PatNum,
        DatePay=request.PayDate,
        ProvNum=patient_provider(family, prefs, request.PatNum) if manual else 0,
        ClinicNum=request.ClinicNum,
        UnearnedType=0 if manual else prefs.PrepaymentUnearnedType,
    )


def patient_provider(family: Family, prefs: Prefs, pat_num: int) -> int:
    """§8.6: PriProv, else PracticeDefaultProv, else the first visible provider by ItemOrder."""
    patient = next((p for p in family.members if p.PatNum == pat_num), family.payer)
    if patient.PriProv:
        return patient.PriProv
    if prefs.PracticeDefaultProv:
        return prefs.PracticeDefaultProv
    visible = sorted(
        (p for p in family.providers if not p.IsHidden), key=lambda p: (p.ItemOrder, p.ProvNum)
    )
    return visible[0].ProvNum if visible else 0


def _total(splits: Sequence[NewSplit]) -> Decimal:
    return sum((split.SplitAmt for split in splits), ZERO)
