"""Patient payment plans as ledger entries: scope, outside production, debits, offsets, due pieces.

Spec: allocation.md §2.3.1, §2.3.3–§2.3.5 and §2.3.7; the credits of §2.3.2 live in plan_credits.py
and the allocation of §2.3.6 in plan_pieces.py. Mirrors PaymentEdit.GetFauxEntriesForPayPlans.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from operator import attrgetter

from odpay.domain.entries import AccountEntry
from odpay.domain.enums import PayPlanChargeType, PayPlanDebitType, PayPlanLinkType
from odpay.domain.family import Family
from odpay.domain.money import ZERO
from odpay.domain.payplans.credits import Production, dynamic_credits, static_credits
from odpay.domain.payplans.pieces import PlanCredit, PlanDebit, allocate_plan
from odpay.domain.records import PayPlan, PayPlanCharge, PayPlanLink, PaySplit

# Looked up once per charge otherwise (see entries.EntryKind).
_PRINCIPAL, _INTEREST = PayPlanDebitType.Principal, PayPlanDebitType.Interest


@dataclass(frozen=True, slots=True)
class PlanScope:
    """§2.3.1: the plans in scope (patient and insurance), their charges and links."""

    plans: tuple[PayPlan, ...]
    charges: tuple[PayPlanCharge, ...]  # ChargeDate, then PayPlanChargeNum
    links: tuple[PayPlanLink, ...]  # PayPlanLinkNum
    outside_family: bool  # §2.3.3: the payer guarantees a plan of someone outside the family

    @classmethod
    def of(cls, family: Family) -> "PlanScope":
        members = family.member_nums
        payer = family.payer.PatNum
        # Only the payer's guarantees count, not those of other family members.
        plans = tuple(
            plan for plan in family.payplans if plan.PatNum in members or plan.Guarantor == payer
        )
        nums = {plan.PayPlanNum for plan in plans}
        charges = tuple(
            sorted(
                (charge for charge in family.payplancharges if charge.PayPlanNum in nums),
                key=attrgetter("ChargeDate", "PayPlanChargeNum"),
            )
        )
        links = tuple(
            sorted(
                (link for link in family.payplanlinks if link.PayPlanNum in nums),
                key=attrgetter("PayPlanLinkNum"),
            )
        )
        outside = any(
            plan.Guarantor != plan.PatNum and plan.PatNum not in members for plan in plans
        )
        return cls(plans, charges, links, outside)


def plan_pieces(
    family: Family,
    today: date,
    scope: PlanScope,
    production: Production,
    paysplits: list[PaySplit],
    seq: int,
) -> list[AccountEntry]:
    """§2.3: the pieces of the in-scope patient plans; reduces the production they cover.

    `paysplits` are the family's loaded splits (any patient), `seq` the last sequence number
    used by §2.1–§2.2.
    """
    patient_plans = {plan.PayPlanNum: plan for plan in scope.plans if plan.PlanNum == 0}
    charges = [charge for charge in scope.charges if charge.PayPlanNum in patient_plans]
    links = [link for link in scope.links if link.PayPlanNum in patient_plans]
    if not charges and not links:  # §2.3.1: nothing to do without a charge or a link
        return []
    credit_type, debit_type = PayPlanChargeType.Credit, PayPlanChargeType.Debit  # see EntryKind
    credit_charges = [c for c in charges if c.ChargeType == credit_type]
    if scope.outside_family:
        _cap_outside_production(family, production, credit_charges, links)
    credits = static_credits(credit_charges, production)
    credits += dynamic_credits(family, links, production, paysplits)
    debits = _raw_debits(c for c in charges if c.ChargeType == debit_type)
    _offset_debits(debits)

    # §2.3.6: plans in order of first appearance among credits, then debits.
    order = dict.fromkeys([c.PayPlanNum for c in credits] + [d.PayPlanNum for d in debits])
    credits_by_plan: dict[int, list[PlanCredit]] = defaultdict(list)
    for credit in credits:
        credits_by_plan[credit.PayPlanNum].append(credit)
    debits_by_plan: dict[int, list[PlanDebit]] = defaultdict(list)
    for debit in debits:
        debits_by_plan[debit.PayPlanNum].append(debit)
    pieces: list[AccountEntry] = []
    for plan_num in order:
        pieces += allocate_plan(
            patient_plans[plan_num], credits_by_plan[plan_num], debits_by_plan[plan_num]
        )
    for piece in pieces:
        seq += 1
        piece.seq = seq
        if piece.date > today:  # §2.3.7: a future charge counts as 0 until its date
            piece.amount = ZERO
    return pieces


def _cap_outside_production(
    family: Family,
    production: Production,
    credit_charges: list[PayPlanCharge],
    links: list[PayPlanLink],
) -> None:
    """§2.3.3: production outside the family counts only as far as a plan covers it."""
    members = family.member_nums
    static_principal: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for charge in credit_charges:
        if charge.ProcNum > 0:
            static_principal[charge.ProcNum] += charge.Principal
    proc_links: dict[int, PayPlanLink] = {}
    adj_links: dict[int, PayPlanLink] = {}
    for link in links:
        if link.LinkType == PayPlanLinkType.Procedure:
            proc_links.setdefault(link.FKey, link)
        elif link.LinkType == PayPlanLinkType.Adjustment:
            adj_links.setdefault(link.FKey, link)
    for proc in production.procs.values():
        if proc.PatNum in members:
            continue
        proc_link = proc_links.get(proc.ProcNum)
        if proc_link is not None:
            # A dynamic link without an override covers the whole procedure.
            if proc_link.AmountOverride != ZERO:
                proc.amount = min(proc.amount, proc_link.AmountOverride)
        elif proc.ProcNum in static_principal:
            proc.amount = min(proc.amount, static_principal[proc.ProcNum])
    for adj in production.adjs.values():
        adj_link = adj_links.get(adj.AdjNum)
        if adj.PatNum not in members and adj_link is not None and adj_link.AmountOverride != ZERO:
            adj.amount = min(adj.amount, adj_link.AmountOverride)


def _raw_debits(debit_charges: Iterable[PayPlanCharge]) -> list[PlanDebit]:
    """§2.3.4: a principal and an interest debit per debit charge (each only when ≠ 0)."""
    debits = []
    procedure, adjustment = PayPlanLinkType.Procedure, PayPlanLinkType.Adjustment  # see EntryKind
    for charge in debit_charges:
        if charge.Principal != ZERO:
            proc_num, adj_num = charge.ProcNum, 0
            if charge.LinkType == procedure:
                proc_num = charge.FKey
            elif charge.LinkType == adjustment:
                proc_num, adj_num = 0, charge.FKey
            is_adj = charge.LinkType == adjustment or (
                charge.LinkType == PayPlanLinkType.None_ and charge.Principal < ZERO
            )
            debits.append(_debit(charge, _PRINCIPAL, proc_num, adj_num, is_adj))
        if charge.Interest != ZERO:
            debits.append(_debit(charge, _INTEREST, 0, 0, False))
    return debits


def _debit(
    charge: PayPlanCharge, debit_type: PayPlanDebitType, proc_num: int, adj_num: int, is_adj: bool
) -> PlanDebit:
    principal = debit_type == _PRINCIPAL
    # Positional, in PlanDebit's field order: keywords cost twice as much, once per charge.
    return PlanDebit(
        charge.ChargeDate,  # date
        charge.PayPlanNum,
        charge.PayPlanChargeNum,
        charge.PatNum,
        charge.Guarantor,
        charge.ProvNum,
        charge.ClinicNum,
        charge.IsOffset,  # isOffset
        debit_type,  # debitType
        proc_num,  # ProcNum
        adj_num,  # AdjNum
        is_adj,  # isAdj
        charge.Principal if principal else charge.Interest,  # amount
        charge.Principal if principal else ZERO,  # principal
        ZERO if principal else charge.Interest,  # interest
    )


def _offset_debits(debits: list[PlanDebit]) -> None:
    """§2.3.5: an offsetting (negative) debit cancels debits of the same production and plan."""
    if not any(debit.isOffset and debit.amount < ZERO for debit in debits):
        return
    others: dict[tuple[bool, int, int, int], list[PlanDebit]] = defaultdict(list)
    for debit in debits:
        if not debit.isOffset:
            others[(debit.isAdj, debit.ProcNum, debit.AdjNum, debit.PayPlanNum)].append(debit)
    for offset in debits:
        if not offset.isOffset or offset.amount >= ZERO:
            continue
        for other in others.get(
            (offset.isAdj, offset.ProcNum, offset.AdjNum, offset.PayPlanNum), ()
        ):
            if offset.amount >= ZERO:
                break
            if other.amount <= ZERO:
                continue
            moved = min(-offset.amount, other.amount)
            offset.amount += moved
            other.amount -= moved
