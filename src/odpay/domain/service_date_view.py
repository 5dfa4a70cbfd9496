"""The Service Date View: the account's charges and credits grouped by the date of service.

Spec: Open Dental's API AccountModules page (GET ServiceDateView) and manual (Service Date
View). Each procedure is followed by what is attached to it; a procedure's AcctBal is what the
engine's ledger after explicit linking says it and its plan charges still owe
(`odpay.domain.outstanding.explicit_ledger`); day and overall totals add up the rows shown.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from odpay.domain.entries import EntryKind
from odpay.domain.enums import ClaimProcStatus, PayPlanChargeType, PayPlanLinkType, ProcStat
from odpay.domain.family import Family
from odpay.domain.insurance import fee_total, ins_pay
from odpay.domain.money import ZERO
from odpay.domain.outstanding import explicit_ledger
from odpay.domain.payplans.production import link_amount, production_owed
from odpay.domain.prefs import Prefs
from odpay.domain.records import PaySplit

_PAID = (ClaimProcStatus.Received, ClaimProcStatus.Supplemental)


@dataclass(frozen=True, slots=True)
class Row:
    ObjectType: str
    PrimaryKey: int | None
    Type: str
    ServiceDate: date | None
    TransDate: date | None
    PatNum: int | None
    Reference: str
    Charge: Decimal
    Credit: Decimal
    ProvNum: int | None = None
    InsBal: Decimal | None = None
    AcctBal: Decimal | None = None


def _signed(
    object_type: str,
    key: int,
    kind: str,
    on: date,
    pat: int,
    ref: str,
    amount: Decimal,
    prov: int | None,
    credit: bool,
) -> Row:
    """A row whose amount is a credit (`credit`) or a charge; a negative one flips column."""
    if credit == (amount >= 0):
        return Row(object_type, key, kind, None, on, pat, ref, ZERO, abs(amount), prov)
    return Row(object_type, key, kind, None, on, pat, ref, abs(amount), ZERO, prov)


def service_date_rows(
    family: Family, prefs: Prefs, today: date, pat_nums: Iterable[int]
) -> list[Row]:
    """The rows of the chosen patients, by date: each procedure and what is attached to it,
    then the day's unattached rows, a "Day Total" per date and an "Overall Total"."""
    chosen = set(pat_nums)
    ledger = explicit_ledger(family, prefs, today)
    owes: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for entry in ledger.entries:
        if entry.kind in (EntryKind.Procedure, EntryKind.PlanPiece) and entry.ProcNum:
            owes[entry.ProcNum] += entry.amount
    hidden = {d.DefNum for d in family.definitions if d.ItemValue != ""}
    groups: dict[date, list[Row]] = defaultdict(list)
    procs = sorted(
        (p for p in family.procedures if p.PatNum in chosen and p.ProcStatus == ProcStat.C),
        key=lambda p: (p.ProcDate, p.ProcNum),
    )
    proc_nums = {p.ProcNum for p in procs}
    attached = _attached_rows(family, prefs, today, proc_nums, chosen, hidden)
    for proc in procs:
        cps = [cp for cp in family.claimprocs if cp.ProcNum == proc.ProcNum]
        pending = ins_pay(cps, count_estimates=True) - ins_pay(cps, count_estimates=False)
        groups[proc.ProcDate].append(
            Row(
                "Procedure",
                proc.ProcNum,
                "Proc",
                proc.ProcDate,
                None,
                proc.PatNum,
                proc.ProcCode,
                fee_total(proc),
                ZERO,
                proc.ProvNum,
                pending,
                owes[proc.ProcNum],
            )
        )
        groups[proc.ProcDate] += attached.pop(proc.ProcNum, [])
    for row in attached.pop(0, []):
        groups[row.TransDate or date.min].append(row)
    rows: list[Row] = []
    for day in sorted(groups):
        rows += groups[day]
        rows.append(_total(groups[day], "Day Total", "Total for Date", day))
    every = [r for r in rows if r.Type != "Day Total"]
    rows.append(_total(every, "Overall Total", "Total", None))
    return rows


def _total(rows: list[Row], kind: str, reference: str, day: date | None) -> Row:
    charge = sum((r.Charge for r in rows), ZERO)
    credit = sum((r.Credit for r in rows), ZERO)
    ins = sum((r.InsBal or ZERO for r in rows), ZERO)
    return Row(
        "", None, kind, day, None, None, reference, charge, credit, None, ins, charge - credit - ins
    )


def _attached_rows(
    family: Family,
    prefs: Prefs,
    today: date,
    proc_nums: set[int],
    chosen: set[int],
    hidden: set[int],
) -> dict[int, list[Row]]:
    """ProcNum -> the rows attached to that procedure; key 0 holds the unattached rows."""
    rows: dict[int, list[Row]] = defaultdict(list)

    def home(proc_num: int) -> int:
        return proc_num if proc_num in proc_nums else 0

    for adj in family.adjustments:
        if adj.PatNum in chosen:
            at = home(adj.ProcNum)
            rows[at].append(
                _signed(
                    "Adjustment",
                    adj.AdjNum,
                    "Adj-Att." if at else "Adj",
                    adj.AdjDate,
                    adj.PatNum,
                    "Adjustment",
                    adj.AdjAmt,
                    adj.ProvNum,
                    credit=False,
                )
            )
    for split in family.paysplits:
        if split.PatNum in chosen and split.UnearnedType not in hidden:
            at = home(split.ProcNum)
            rows[at].append(
                _signed(
                    "PaySplit",
                    split.SplitNum,
                    _split_type(split, bool(at)),
                    split.DatePay,
                    split.PatNum,
                    "Payment",
                    split.SplitAmt,
                    split.ProvNum,
                    credit=True,
                )
            )
    for cp in family.claimprocs:
        if cp.PatNum not in chosen or cp.Status not in _PAID:
            continue
        at = home(cp.ProcNum)
        on = next((p.ProcDate for p in family.procedures if p.ProcNum == cp.ProcNum), today)
        suffix = "-Att." if at else ""
        for kind, reference, amount in (
            ("InsPay", "Insurance payment", cp.InsPayAmt),
            ("WriteOff", "Write-off", cp.WriteOff),
        ):
            if amount != 0:
                rows[at].append(
                    _signed(
                        "ClaimProc",
                        cp.ClaimProcNum,
                        kind + suffix,
                        on,
                        cp.PatNum,
                        reference,
                        amount,
                        cp.ProvNum,
                        credit=True,
                    )
                )
    _plan_rows(family, prefs, today, chosen, home, rows)
    return rows


def _split_type(split: PaySplit, on_proc: bool) -> str:
    if split.PayPlanNum:
        return "PatPay Att. PayPlan" if on_proc else "PatPay PayPlan"
    if on_proc:
        return "PatPay Att."
    if split.UnearnedType == 0 and split.AdjNum == 0:
        return "Unallocated"
    return "PatPay"


def _plan_rows(
    family: Family,
    prefs: Prefs,
    today: date,
    chosen: set[int],
    place: Callable[[int], int],
    rows: dict[int, list[Row]],
) -> None:
    """Plan credits (what a plan took over) and its charges that are due."""
    plans = {p.PayPlanNum: p for p in family.payplans if p.PlanNum == 0 and p.PatNum in chosen}
    for charge in family.payplancharges:
        plan = plans.get(charge.PayPlanNum)
        if plan is None or charge.ChargeDate > today:
            continue
        if charge.ChargeType == PayPlanChargeType.Credit:
            rows[0].append(
                _signed(
                    "PayPlanCharge",
                    charge.PayPlanChargeNum,
                    "PayPlan Credit",
                    charge.ChargeDate,
                    charge.PatNum,
                    "Payment plan credit",
                    charge.Principal,
                    charge.ProvNum,
                    credit=True,
                )
            )
            continue
        proc_num = charge.FKey if charge.LinkType == PayPlanLinkType.Procedure else charge.ProcNum
        at = place(proc_num)
        kind = "PayPlan Charge Att." if at else "PayPlan Charge"
        rows[at].append(
            _signed(
                "PayPlanCharge",
                charge.PayPlanChargeNum,
                kind,
                charge.ChargeDate,
                charge.PatNum,
                "Payment plan charge",
                charge.Principal + charge.Interest,
                charge.ProvNum,
                credit=False,
            )
        )
    for plan in plans.values():
        if not plan.IsDynamic:
            continue
        owed = production_owed(family, prefs, today, plan.PayPlanNum)
        for link in family.payplanlinks:
            if link.PayPlanNum != plan.PayPlanNum:
                continue
            at = place(link.FKey) if link.LinkType == PayPlanLinkType.Procedure else 0
            rows[at].append(
                _signed(
                    "PayPlan",
                    plan.PayPlanNum,
                    "Dynamic PayPlan Credit",
                    link.SecDateTEntry.date(),
                    plan.PatNum,
                    "Dynamic payment plan credit",
                    link_amount(link, owed),
                    None,
                    credit=True,
                )
            )
