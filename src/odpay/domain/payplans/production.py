"""What the procedures and adjustments of a dynamic payment plan are worth to it: the amount
each still owes apart from that plan, read from the engine's ledger after explicit linking.

Spec: allocation.md §2 and §4 (`odpay.domain.outstanding.explicit_ledger`, the one account of
what a charge owes). Mirrors Open Dental's PayPlanProductionEntry.AmountOriginal: fee less
insurance, with attached adjustments, less what was paid on it directly.
"""

from dataclasses import replace
from datetime import date
from decimal import Decimal

from odpay.domain.entries import EntryKind
from odpay.domain.enums import PayPlanLinkType
from odpay.domain.family import Family
from odpay.domain.outstanding import explicit_ledger
from odpay.domain.prefs import Prefs
from odpay.domain.records import PayPlanLink

ProductionKey = tuple[int, int]  # (PayPlanLinkType, ProcNum or AdjNum)


def without_plan(family: Family, pay_plan_num: int) -> Family:
    """The family as it would be had plan `pay_plan_num` never existed: no plan row, charges,
    links, or splits attached to it."""
    return replace(
        family,
        payplans=tuple(p for p in family.payplans if p.PayPlanNum != pay_plan_num),
        payplancharges=tuple(c for c in family.payplancharges if c.PayPlanNum != pay_plan_num),
        payplanlinks=tuple(k for k in family.payplanlinks if k.PayPlanNum != pay_plan_num),
        paysplits=tuple(s for s in family.paysplits if s.PayPlanNum != pay_plan_num),
    )


def production_owed(
    family: Family, prefs: Prefs, today: date, pay_plan_num: int = 0
) -> dict[ProductionKey, Decimal]:
    """(LinkType, key) -> what each procedure (treatment-planned ones too) and adjustment of
    the family owes after explicit linking, leaving plan `pay_plan_num` out (0: none)."""
    scope = without_plan(family, pay_plan_num) if pay_plan_num else family
    # Treatment-planned work can go on a plan whatever PrePayAllowedForTpProcs says.
    ledger = explicit_ledger(scope, replace(prefs, PrePayAllowedForTpProcs=True), today)
    owed: dict[ProductionKey, Decimal] = {}
    for entry in ledger.entries:
        if entry.kind is EntryKind.Procedure:
            owed[PayPlanLinkType.Procedure, entry.ProcNum] = entry.amount
        elif entry.kind is EntryKind.Adjustment:
            owed[PayPlanLinkType.Adjustment, entry.AdjNum] = entry.amount
    return owed


def link_amount(link: PayPlanLink, owed: dict[ProductionKey, Decimal]) -> Decimal:
    """What the plan finances for one link: its AmountOverride, or all the production owes."""
    if link.AmountOverride != 0:
        return link.AmountOverride
    return owed.get((link.LinkType, link.FKey), Decimal("0.00"))
