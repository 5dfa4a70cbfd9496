"""The family ledger: AccountEntry rows built from a Family, and the AccountEntrySort key.

Spec: allocation.md §2 (who and what is in the ledger) and §3 (ordering). Mirrors Open Dental's
PaymentEdit.GetConstructChargesData / ConstructListCharges; every call builds fresh entries.
"""

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from operator import attrgetter

from odpay.domain.entries import AccountEntry, EntryKind, PayAsTotal, SplitCredit
from odpay.domain.enums import DefCat, PayPlanLinkType, ProcStat
from odpay.domain.family import Family
from odpay.domain.insurance import (
    apply_insurance_plans,
    claimprocs_by_proc,
    fee_total,
    patient_portion,
    pay_as_totals,
)
from odpay.domain.money import ZERO
from odpay.domain.payplans.credits import Production
from odpay.domain.payplans.entries import PlanScope, plan_pieces
from odpay.domain.prefs import Prefs
from odpay.domain.records import Adjustment, ClaimProc, PaySplit, Procedure

__all__ = ["AccountEntry", "EntryKind", "Ledger", "account_entry_sort_key", "build_ledger"]


_PLAN_PIECE = EntryKind.PlanPiece  # looked up once per sort key otherwise (see EntryKind)
_entry_date = attrgetter("date")  # a C-level key: bisect calls it a few times per entry placed


@dataclass(slots=True)
class Ledger:
    """§2's result: the sorted entries and the credits that may pay them."""

    entries: list[AccountEntry]
    splits: list[SplitCredit]  # §2.5, in DatePay then SplitNum order
    pay_as_totals: list[PayAsTotal]  # §2.6
    hidden_types: frozenset[int]  # §2.7


def account_entry_sort_key(entry: AccountEntry) -> tuple[int, int, Decimal, int, int]:
    """§3, Open Dental's AccountEntrySort: 1. date; 2. procedures, adjustments, plan pieces;
    3. interest pieces first (smaller interest first), other pieces by smaller principal;
    4. pk (D13); 5. seq. Date and kind share one integer because ints compare fastest."""
    day_and_kind = entry.date.toordinal() * 3 + entry.kind
    if entry.kind is _PLAN_PIECE:
        if entry.interest > ZERO:
            return (day_and_kind, 0, entry.interest, entry.pk, entry.seq)
        return (day_and_kind, 1, entry.principal, entry.pk, entry.seq)
    return (day_and_kind, 0, ZERO, entry.pk, entry.seq)


def build_ledger(family: Family, prefs: Prefs, today: date, leave_out_pay_num: int = 0) -> Ledger:
    """§2 and §3: a fresh, sorted ledger with its credits.

    `leave_out_pay_num` names a payment whose splits are treated as already deleted (Partial,
    §10): they are neither credits (§2.5) nor part of a dynamic plan's credit value (§2.3.2).
    """
    members = family.member_nums
    scope = PlanScope.of(family)
    paysplits = list(family.paysplits)
    if leave_out_pay_num:
        paysplits = [split for split in paysplits if split.PayNum != leave_out_pay_num]

    procedures = _procedures(family, prefs, scope)
    proc_rows = {proc.ProcNum: proc for proc in procedures}  # also the set of loaded ProcNums
    claimprocs = _claimprocs(family, scope, proc_rows)
    proc_entries = _procedure_entries(procedures, claimprocs_by_proc(claimprocs), prefs)
    adj_entries = _adjustment_entries(_adjustments(family, scope, proc_rows), len(proc_entries) + 1)
    seq = len(proc_entries) + len(adj_entries)

    # §2.3: patient payment plans take their production out and add their due pieces.
    adjs_by_proc: dict[int, list[AccountEntry]] = defaultdict(list)
    for entry in adj_entries:
        if entry.ProcNum > 0:
            adjs_by_proc[entry.ProcNum].append(entry)
    production = Production(
        procs={entry.ProcNum: entry for entry in proc_entries},
        adjs={entry.AdjNum: entry for entry in adj_entries},
        adjs_by_proc=adjs_by_proc,
        proc_rows=proc_rows,
    )
    pieces = plan_pieces(family, today, scope, production, paysplits, seq)

    # §2.4: insurance payment plans lower patient portions.
    apply_insurance_plans(scope.plans, scope.charges, claimprocs, proc_entries)

    splits = _split_credits(paysplits, members, scope)
    entries = _sorted_entries(proc_entries, adj_entries + pieces)  # §3
    return Ledger(entries, splits, pay_as_totals(family.claimprocs, members), _hidden_types(family))


def _procedures(family: Family, prefs: Prefs, scope: PlanScope) -> list[Procedure]:
    """§2.1: completed (and, when allowed, treatment-planned) procedures of the family and of
    the plans a family member guarantees, plus the production of §2.3.3; in ProcDate, then
    ProcNum order."""
    members = family.member_nums
    statuses = {ProcStat.C} | ({ProcStat.TP} if prefs.PrePayAllowedForTpProcs else set())
    guaranteed = {plan.PayPlanNum for plan in scope.plans if plan.Guarantor in members}
    referenced = {
        charge.ProcNum
        for charge in scope.charges
        if charge.PayPlanNum in guaranteed and charge.ProcNum > 0
    } | {
        link.FKey
        for link in scope.links
        if link.PayPlanNum in guaranteed and link.LinkType == PayPlanLinkType.Procedure
    }
    linked_procs = {link.FKey for link in scope.links if link.LinkType == PayPlanLinkType.Procedure}
    procedures = [
        proc
        for proc in family.procedures
        if (proc.ProcStatus in statuses and (proc.PatNum in members or proc.ProcNum in referenced))
        or (scope.outside_family and proc.ProcNum in linked_procs)
    ]
    # ProcDate, then ProcNum: two stable sorts compare plain values instead of building and
    # comparing a (ProcDate, ProcNum) tuple per procedure (the first is one pass when the
    # rows come in ProcNum order, as the loader gives them).
    procedures.sort(key=attrgetter("ProcNum"))
    procedures.sort(key=attrgetter("ProcDate"))
    return procedures


def _adjustments(
    family: Family, scope: PlanScope, proc_rows: dict[int, Procedure]
) -> list[Adjustment]:
    """§2.2: the family's adjustments, plus those of outside production (§2.3.3), by AdjNum."""
    members = family.member_nums
    linked_adjs = {link.FKey for link in scope.links if link.LinkType == PayPlanLinkType.Adjustment}
    return sorted(
        (
            adj
            for adj in family.adjustments
            if adj.PatNum in members
            or (
                scope.outside_family
                and ((adj.ProcNum > 0 and adj.ProcNum in proc_rows) or adj.AdjNum in linked_adjs)
            )
        ),
        key=attrgetter("AdjNum"),
    )


def _claimprocs(
    family: Family, scope: PlanScope, proc_rows: dict[int, Procedure]
) -> list[ClaimProc]:
    """§2.1 step 2: the family's claimprocs, plus those of outside production (§2.3.3)."""
    members = family.member_nums
    return [
        cp
        for cp in family.claimprocs
        if cp.PatNum in members or (scope.outside_family and cp.ProcNum in proc_rows)
    ]


def _procedure_entries(
    procedures: list[Procedure], cps_by_proc: Mapping[int, list[ClaimProc]], prefs: Prefs
) -> list[AccountEntry]:
    """§2.1 step 3: each procedure at its patient portion; seq 1, 2, … in their order."""
    proc_entries: list[AccountEntry] = []
    procedure, tp_status = EntryKind.Procedure, ProcStat.TP  # see EntryKind
    for seq, proc in enumerate(procedures, 1):
        fee = fee_total(proc)
        cps = cps_by_proc.get(proc.ProcNum)
        if cps or proc.ProcStatus == tp_status:
            amount, paid = patient_portion(proc, fee, cps or (), prefs)
        else:
            amount, paid = fee, ZERO  # §2.1 step 3, most procedures: no claimproc, no discount
        proc_entries.append(
            AccountEntry(
                procedure,
                proc.ProcDate,
                proc.ProcNum,
                seq,
                proc.PatNum,
                proc.ProvNum,
                proc.ClinicNum,
                amount,
                proc.ProcNum,
                0,  # AdjNum
                proc.ProcStatus == tp_status,  # tp
                paid,  # insPay
                fee,  # feeTotal
                proc.ProcCode,
            )
        )
    return proc_entries


def _adjustment_entries(adjustments: list[Adjustment], first_seq: int) -> list[AccountEntry]:
    """§2.2: adjustments at AdjAmt, either sign, ProcNum = the procedure they are attached to;
    seq `first_seq`, then one more each."""
    adj_entries: list[AccountEntry] = []
    adjustment = EntryKind.Adjustment  # see EntryKind
    for seq, adj in enumerate(adjustments, first_seq):
        adj_entries.append(
            AccountEntry(
                adjustment,
                adj.AdjDate,
                adj.AdjNum,
                seq,
                adj.PatNum,
                adj.ProvNum,
                adj.ClinicNum,
                adj.AdjAmt,
                adj.ProcNum,
                adj.AdjNum,
            )
        )
    return adj_entries


def _split_credits(
    paysplits: list[PaySplit], members: Collection[int], scope: PlanScope
) -> list[SplitCredit]:
    """§2.5: the family's splits and every split on an in-scope plan, each once."""
    plan_nums = {plan.PayPlanNum for plan in scope.plans}
    return sorted(
        (
            SplitCredit.of(split)
            for split in paysplits
            if split.PatNum in members or split.PayPlanNum in plan_nums
        ),
        key=attrgetter("DatePay", "SplitNum"),
    )


def _hidden_types(family: Family) -> frozenset[int]:
    """§2.7: "do not show on account" unearned types are reserved money."""
    return frozenset(
        d.DefNum
        for d in family.definitions
        if d.Category == DefCat.PaySplitUnearnedType and d.ItemValue != ""
    )


def _sorted_entries(
    proc_entries: list[AccountEntry], others: list[AccountEntry]
) -> list[AccountEntry]:
    """§3's order without computing the sort key of every procedure entry.

    Procedure entries are created in ProcDate, ProcNum order, which is already their §3 order
    (same kind, then pk, then the seq they were given in that order), and every adjustment or
    plan piece sorts after the procedures of its date. So only the few other entries are
    sorted, and each goes in right after the procedures dated on or before its date.
    """
    others.sort(key=account_entry_sort_key)
    entries: list[AccountEntry] = []
    start = 0
    for other in others:
        end = bisect_right(proc_entries, other.date, lo=start, key=_entry_date)
        entries += proc_entries[start:end]
        entries.append(other)
        start = end
    entries += proc_entries[start:]
    return entries
