"""Auto-split: a new payment's amount turned into paysplits, as Open Dental's API does it.

Spec: allocation.md §5 (pay-first), §7 (auto-split, overpayment to unearned), §8 (finalisation,
single splits, prepayments) and §9 (split fields). Mirrors PaymentEdit.AutoSplitForPayment.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from odpay.domain.entries import AccountEntry, EntryKind
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
    family: Family, prefs: Prefs, request: PaymentRequest, today: date
) -> list[NewSplit]:
    """allocation.md §2–§9 for POST /payments: the new splits in insertion order."""
    amount = request.PayAmt
    if request.isPrepayment:
        # §8.5: everything else would be discarded, so it is not computed.
        split = single_split(family, prefs, request, amount)
        if request.payPlanNum > 0 and request.payPlanIsDynamic:
            split = replace(
                split,
                PayPlanNum=request.payPlanNum,
                UnearnedType=prefs.DynamicPayPlanPrepaymentUnearnedType,
            )
        return [split]
    pay_first_nums = frozenset(request.procNums)
    ledger = build_ledger(family, prefs, today)  # §2, §3
    explicit_link(ledger, prefs)  # §4
    splits = pay_first(ledger, prefs, request)  # §5
    implicit_link(ledger, request.PatNum, request.isPatientPreferred, pay_first_nums)  # §6
    if prefs.RigorousAccounting != RigorousAccounting.DontEnforce:  # §7.1
        splits += _auto_splits(ledger, prefs, request, amount - _total(splits))
    # §8.2–§8.4: no zero splits; a payment always has splits that add up to its amount.
    splits = [split for split in splits if split.SplitAmt != ZERO]
    if not splits:
        splits.append(single_split(family, prefs, request, amount))
    rest = amount - _total(splits)
    if rest != ZERO:
        splits.append(single_split(family, prefs, request, rest))
    return splits


def pay_first(ledger: Ledger, prefs: Prefs, request: PaymentRequest) -> list[NewSplit]:
    """§5: the chosen procedures first, by ProcDate (ledger order), not by list order."""
    left = request.PayAmt
    chosen = frozenset(request.procNums)
    splits: list[NewSplit] = []
    if not chosen or left <= ZERO:
        return splits
    procedure = EntryKind.Procedure  # see EntryKind
    for entry in ledger.entries:
        if left <= ZERO:
            break
        if entry.kind is procedure and entry.ProcNum in chosen and entry.amount > ZERO:
            taken = min(left, entry.amount)
            splits.append(split_for_entry(entry, taken, request.PayDate, prefs))
            entry.amount -= taken
            left -= taken
    return splits


def _auto_splits(
    ledger: Ledger, prefs: Prefs, request: PaymentRequest, left: Decimal
) -> list[NewSplit]:
    """§7 steps 2–6: FIFO over what is still owed; the rest becomes one unearned split."""
    splits: list[NewSplit] = []
    for entry in _eligible(ledger.entries, request):
        if left == ZERO:
            break
        if left < ZERO:
            return splits  # a negative payment makes no auto splits (and no unearned split)
        taken = min(left, entry.amount)
        splits.append(split_for_entry(entry, taken, request.PayDate, prefs))
        entry.amount -= taken
        left -= taken
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
    return splits


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
    if entry.kind is EntryKind.Procedure:
        return NewSplit(
            SplitAmt=amount,
            PatNum=entry.PatNum,
            DatePay=pay_date,
            ProvNum=entry.ProvNum,
            ClinicNum=entry.ClinicNum,
            ProcNum=entry.ProcNum,
        )
    if entry.kind is EntryKind.Adjustment:
        # An adjustment split never names the procedure the adjustment is attached to.
        return NewSplit(
            SplitAmt=amount,
            PatNum=entry.PatNum,
            DatePay=pay_date,
            ProvNum=entry.ProvNum,
            ClinicNum=entry.ClinicNum,
            AdjNum=entry.AdjNum,
        )
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
