"""The raw credits of patient payment plans: the production each plan stands for.

Spec: allocation.md §2.3.2 (static credit charges, dynamic procedure and adjustment links). A
credit takes its value out of the procedure or adjustment entry, which is then paid through the
plan. Mirrors Open Dental's PayPlanProductionEntry and the credit part of GetFauxEntriesForPayPlans.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from odpay.domain.entries import AccountEntry
from odpay.domain.enums import PayPlanLinkType
from odpay.domain.family import Family
from odpay.domain.insurance import fee_total, ins_pay, tp_discount
from odpay.domain.money import ZERO, to_cents
from odpay.domain.payplans.pieces import PlanCredit
from odpay.domain.records import (
    Adjustment,
    ClaimProc,
    PayPlanCharge,
    PayPlanLink,
    PaySplit,
    Procedure,
)


@dataclass(slots=True)
class Production:
    """The procedure and adjustment entries of §2.1–§2.2 that plans take value from."""

    procs: dict[int, AccountEntry]
    adjs: dict[int, AccountEntry]
    adjs_by_proc: dict[int, list[AccountEntry]]
    proc_rows: dict[int, Procedure]

    def move_positive_adjustments(self, proc: AccountEntry) -> None:
        """§2.3.2: positive adjustments attached to the procedure with its patient, provider
        and clinic become part of it (Open Dental's ExplicitlyLinkPositiveAdjustmentsToProcedure)."""
        for adj in self.adjs_by_proc.get(proc.ProcNum, ()):
            if adj.amount > ZERO and _same_owner(adj, proc):
                proc.amount += adj.amount
                adj.amount = ZERO


def _same_owner(a: AccountEntry, b: AccountEntry) -> bool:
    return a.PatNum == b.PatNum and a.ProvNum == b.ProvNum and a.ClinicNum == b.ClinicNum


def static_credits(credit_charges: list[PayPlanCharge], production: Production) -> list[PlanCredit]:
    """§2.3.2 static credits: one per credit charge, linked to its procedure when present."""
    credits = []
    for charge in credit_charges:
        credit = PlanCredit(
            PayPlanNum=charge.PayPlanNum,
            PatNum=charge.PatNum,
            ProvNum=charge.ProvNum,
            ClinicNum=charge.ClinicNum,
            ProcNum=charge.ProcNum,
            AdjNum=0,
            isAdj=charge.Principal < ZERO or charge.LinkType == PayPlanLinkType.Adjustment,
            value=charge.Principal,
        )
        proc = production.procs.get(charge.ProcNum) if charge.ProcNum > 0 else None
        if proc is not None:
            production.move_positive_adjustments(proc)
            credit.proc = proc
            credit.PatNum, credit.ProvNum, credit.ClinicNum = (
                proc.PatNum,
                proc.ProvNum,
                proc.ClinicNum,
            )
        credits.append(credit)
    return credits


def dynamic_credits(
    family: Family, links: list[PayPlanLink], production: Production, paysplits: list[PaySplit]
) -> list[PlanCredit]:
    """§2.3.2 dynamic credits: the value each procedure or adjustment link still brings."""
    wanted_procs = {link.FKey for link in links if link.LinkType == PayPlanLinkType.Procedure}
    wanted_adjs = {link.FKey for link in links if link.LinkType == PayPlanLinkType.Adjustment}
    cps: dict[int, list[ClaimProc]] = defaultdict(list)
    for cp in family.claimprocs:
        if cp.ProcNum in wanted_procs:
            cps[cp.ProcNum].append(cp)
    adj_rows: dict[int, list[Adjustment]] = defaultdict(list)
    adj_amts: dict[int, Decimal] = {}
    for adj in family.adjustments:
        if adj.ProcNum in wanted_procs:
            adj_rows[adj.ProcNum].append(adj)
        if adj.AdjNum in wanted_adjs:
            adj_amts[adj.AdjNum] = adj.AdjAmt
    proc_paid: dict[int, Decimal] = defaultdict(lambda: ZERO)
    adj_splits: dict[int, list[PaySplit]] = defaultdict(list)
    for split in paysplits:
        if split.PayPlanNum != 0 or split.PayPlanChargeNum != 0:
            continue
        if split.ProcNum in wanted_procs:
            proc_paid[split.ProcNum] += split.SplitAmt
        if split.AdjNum in wanted_adjs:
            adj_splits[split.AdjNum].append(split)

    credits = []
    for link in links:
        if link.LinkType == PayPlanLinkType.Procedure:
            entry = production.procs.get(link.FKey)
            if entry is None:
                continue
            row = production.proc_rows[link.FKey]
            # insPay' counts every claimproc of the procedure (any patient), estimates included
            # whatever BalancesDontSubtractIns says, and without the all-NoBillIns rule.
            value = fee_total(row) - ins_pay(cps[row.ProcNum], count_estimates=True)
            value += sum(
                (
                    adj.AdjAmt
                    for adj in adj_rows[row.ProcNum]
                    if (adj.PatNum, adj.ProvNum, adj.ClinicNum)
                    == (row.PatNum, row.ProvNum, row.ClinicNum)
                ),
                ZERO,
            )
            value = to_cents(value - tp_discount(row) - proc_paid[row.ProcNum])
            credit_value = link.AmountOverride if link.AmountOverride != ZERO else value
            production.move_positive_adjustments(entry)
            if credit_value > ZERO:
                entry.amount -= min(entry.amount, credit_value)
            credits.append(_link_credit(link, entry, credit_value, is_adj=False))
        elif link.LinkType == PayPlanLinkType.Adjustment:
            entry = production.adjs.get(link.FKey)
            if entry is None:
                continue
            linked_on = link.SecDateTEntry.date()
            value = adj_amts[link.FKey] - sum(
                (s.SplitAmt for s in adj_splits[link.FKey] if s.DatePay <= linked_on), ZERO
            )
            credit_value = link.AmountOverride if link.AmountOverride != ZERO else value
            if credit_value > ZERO:
                entry.amount -= min(entry.amount, credit_value)
            elif credit_value < ZERO:
                entry.amount -= max(entry.amount, credit_value)
            credits.append(_link_credit(link, entry, credit_value, is_adj=True))
    return credits


def _link_credit(
    link: PayPlanLink, entry: AccountEntry, value: Decimal, *, is_adj: bool
) -> PlanCredit:
    """A dynamic credit takes its owner and production from the linked entry."""
    return PlanCredit(
        PayPlanNum=link.PayPlanNum,
        PatNum=entry.PatNum,
        ProvNum=entry.ProvNum,
        ClinicNum=entry.ClinicNum,
        ProcNum=0 if is_adj else entry.ProcNum,
        AdjNum=entry.AdjNum if is_adj else 0,
        isAdj=is_adj,
        value=value,
        proc=None if is_adj else entry,
    )
