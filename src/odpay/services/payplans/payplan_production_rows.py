"""A stored dynamic plan's production as schedule input: each link with its amount, provider,
clinic and treatment-planned flag, read from the loaded family."""

from datetime import date

from sqlalchemy import Connection

from odpay.db.ledger.payplans import links_of
from odpay.domain.enums import PayPlanLinkType, ProcStat
from odpay.domain.family import Family
from odpay.domain.payplans.production import link_amount, production_owed
from odpay.domain.payplans.schedule import Production
from odpay.domain.prefs import Prefs


def plan_production(
    conn: Connection, family: Family, prefs: Prefs, today: date, pay_plan_num: int
) -> list[Production]:
    """The plan's procedure and adjustment links in link order (ortho cases are not modelled,
    allocation.md §1, and links to missing rows are left out)."""
    owed = production_owed(family, prefs, today, pay_plan_num)
    procs = {p.ProcNum: p for p in family.procedures}
    adjs = {a.AdjNum: a for a in family.adjustments}
    production = []
    for link in links_of(conn, pay_plan_num):
        amount = link_amount(link, owed)
        if link.LinkType == PayPlanLinkType.Procedure and link.FKey in procs:
            proc = procs[link.FKey]
            production.append(
                Production(
                    link.LinkType,
                    link.FKey,
                    amount,
                    ProvNum=proc.ProvNum,
                    ClinicNum=proc.ClinicNum,
                    is_tp=proc.ProcStatus == ProcStat.TP,
                )
            )
        elif link.LinkType == PayPlanLinkType.Adjustment and link.FKey in adjs:
            adj = adjs[link.FKey]
            production.append(
                Production(link.LinkType, link.FKey, amount, adj.ProvNum, adj.ClinicNum)
            )
    return production
