"""Family and patient balances and their aging, read from the engine's settled ledger.

Spec: allocation.md §2–§6 via `odpay.domain.outstanding` (the one account of what a charge
owes): each charge's amount after explicit and implicit linking, and the credit no charge took.
The aging buckets follow Open Dental's (Ledgers.GetAgingQueryString): charges by age, then all
credit against the oldest bucket first, what is left of it in 0–30.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from odpay.domain.family import Family
from odpay.domain.ledger import Ledger
from odpay.domain.linking import implicit_link
from odpay.domain.money import ZERO
from odpay.domain.outstanding import explicit_ledger
from odpay.domain.prefs import Prefs

_BUCKET_DAYS = (30, 60, 90)  # upper bounds of 0–30, 31–60, 61–90; beyond is over 90


@dataclass(frozen=True, slots=True)
class Item:
    """One line of what a patient owes (> 0) or has in credit (< 0)."""

    PatNum: int
    date: date
    amount: Decimal


@dataclass(frozen=True, slots=True)
class Aging:
    Bal_0_30: Decimal
    Bal_31_60: Decimal
    Bal_61_90: Decimal
    BalOver90: Decimal
    Total: Decimal


@dataclass(frozen=True, slots=True)
class Balances:
    aging: Aging  # before pending insurance
    InsEst: Decimal  # pending insurance estimates and write-off estimates
    EstBal: Decimal  # aging.Total - InsEst
    patient_est: dict[int, Decimal]  # every member's balance after pending insurance
    Unearned: Decimal  # the family's unearned (prepayment) money, hidden types left out


def settled_ledger(family: Family, prefs: Prefs, today: date) -> Ledger:
    """The ledger after §4 and §6, as `outstanding.linked_ledger` builds it, with its credits
    (whose `rem` is the money no charge took)."""
    ledger = explicit_ledger(family, prefs, today)
    implicit_link(ledger, family.payer.PatNum)
    return ledger


def items(family: Family, ledger: Ledger) -> list[Item]:
    """The members' charges as still owed, and their credit left over as negative items.
    Money of a hidden unearned type is reserved and never shown on the account (§2.7)."""
    members = family.member_nums
    found = [
        Item(e.PatNum, e.date, e.amount)
        for e in ledger.entries
        if e.PatNum in members and not e.tp and e.amount != 0
    ]
    found += [
        Item(s.PatNum, s.DatePay, -s.rem)
        for s in ledger.splits
        if s.PatNum in members and s.rem != 0 and s.UnearnedType not in ledger.hidden_types
    ]
    found += [
        Item(p.PatNum, date.min, -p.rem)
        for p in ledger.pay_as_totals
        if p.PatNum in members and p.rem != 0
    ]
    return found


def age(found: Iterable[Item], today: date) -> Aging:
    """Charges into buckets by age (a future date counts as 0–30 days), then the credit pays
    the oldest bucket first."""
    buckets = [ZERO, ZERO, ZERO, ZERO]  # 0–30, 31–60, 61–90, over 90
    credit = ZERO
    for item in found:
        if item.amount < 0:
            credit -= item.amount
            continue
        days = (today - item.date).days
        slot = next((i for i, limit in enumerate(_BUCKET_DAYS) if days <= limit), 3)
        buckets[slot] += item.amount
    for slot in (3, 2, 1, 0):
        taken = min(credit, buckets[slot])
        buckets[slot] -= taken
        credit -= taken
    buckets[0] -= credit
    return Aging(buckets[0], buckets[1], buckets[2], buckets[3], sum(buckets, ZERO))


def family_balances(family: Family, prefs: Prefs, today: date) -> Balances:
    """Aging before insurance, and balances after it. Both ledgers are the engine's; the
    estimates are what one subtracts and the other does not, whatever BalancesDontSubtractIns
    says (the preference chooses what POST /payments sees, not what aging reports)."""
    gross = items(
        family, settled_ledger(family, replace(prefs, BalancesDontSubtractIns=True), today)
    )
    net = items(
        family, settled_ledger(family, replace(prefs, BalancesDontSubtractIns=False), today)
    )
    aging = age(gross, today)
    est_total = sum((i.amount for i in net), ZERO)
    per_patient: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for item in net:
        per_patient[item.PatNum] += item.amount
    hidden = {d.DefNum for d in family.definitions if d.ItemValue != ""}
    unearned = sum(
        (
            s.SplitAmt
            for s in family.paysplits
            if s.PatNum in family.member_nums
            and s.UnearnedType > 0
            and s.UnearnedType not in hidden
        ),
        ZERO,
    )
    return Balances(
        aging=aging,
        InsEst=aging.Total - est_total,
        EstBal=est_total,
        patient_est={m.PatNum: per_patient[m.PatNum] for m in family.members},
        Unearned=unearned,
    )
