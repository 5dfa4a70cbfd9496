"""A family for the cluster tests and what must hold of its ledger whatever order the writes
took (allocation.md §12 invariants 1 and 4; payments.md §4 "already refunded").

`ledger_problems` lists every breach in words, so a test asserts `== []` and a failure says
which payment or procedure went wrong.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine, select

from odpay.db.schema import payment, paysplit
from tests.factories import patient, procedure

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Family:
    members: tuple[int, ...]
    owed_by_proc: dict[int, Decimal]  # ProcNum -> fee, in date order

    @property
    def procedures(self) -> list[int]:
        return list(self.owed_by_proc)


def family_owing(db: Engine, procedures: int, fee: str = "100.00") -> Family:
    """A guarantor and two members owing `procedures` completed procedures of `fee`, one a
    month in 2024, spread over the three."""
    head = patient(db)
    members = (head, patient(db, head), patient(db, head))
    owed = {
        procedure(db, members[i % 3], fee, f"2024-{1 + i % 12:02d}-{1 + i // 12:02d}"): Decimal(fee)
        for i in range(procedures)
    }
    return Family(members, owed)


def money(value: float) -> Decimal:
    return Decimal(repr(value)).quantize(CENT)


def family_payments(db: Engine, family: Family) -> list[dict[str, Any]]:
    with db.connect() as conn:
        found = conn.execute(
            select(payment).where(payment.c.PatNum.in_(family.members)).order_by(payment.c.PayNum)
        )
        return [dict(r._mapping) for r in found]


def family_splits(db: Engine, family: Family) -> list[dict[str, Any]]:
    with db.connect() as conn:
        found = conn.execute(
            select(paysplit)
            .where(paysplit.c.PatNum.in_(family.members))
            .order_by(paysplit.c.SplitNum)
        )
        return [dict(r._mapping) for r in found]


def paid_by_proc(db: Engine, family: Family) -> dict[int, Decimal]:
    """What the family's splits attach to each procedure, refunds netted."""
    paid: dict[int, Decimal] = dict.fromkeys(family.owed_by_proc, Decimal("0.00"))
    for split in family_splits(db, family):
        if split["ProcNum"]:
            paid[split["ProcNum"]] += money(split["SplitAmt"])
    return paid


def ledger_problems(db: Engine, family: Family) -> list[str]:
    """Every breach of: each payment's splits add up to its PayAmt; no procedure carries more
    than it owes (or less than nothing); each refund split reverses an existing split of
    another payment exactly; no split and no payment is refunded twice."""
    problems: list[str] = []
    splits = family_splits(db, family)
    by_pay: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for split in splits:
        by_pay[split["PayNum"]].append(split)
    for pay in family_payments(db, family):
        total = sum((money(s["SplitAmt"]) for s in by_pay[pay["PayNum"]]), Decimal("0.00"))
        if total != money(pay["PayAmt"]):
            problems.append(
                f"PayNum {pay['PayNum']}: splits add up to {total}, PayAmt {money(pay['PayAmt'])}"
            )
    for proc_num, paid in paid_by_proc(db, family).items():
        if not Decimal(0) <= paid <= family.owed_by_proc[proc_num]:
            problems.append(
                f"ProcNum {proc_num}: {paid} attached, owes {family.owed_by_proc[proc_num]}"
            )
    problems += _refund_problems(splits)
    return problems


def _refund_problems(splits: list[dict[str, Any]]) -> list[str]:
    problems: list[str] = []
    by_num = {s["SplitNum"]: s for s in splits}
    reversals: dict[int, list[int]] = defaultdict(list)  # SplitNum -> reversing SplitNums
    refunds_of: dict[int, set[int]] = defaultdict(set)  # PayNum -> refunding PayNums
    for split in splits:
        if not split["FSplitNum"] or split["SplitAmt"] >= 0:
            continue
        original = by_num.get(split["FSplitNum"])
        if original is None:
            problems.append(f"SplitNum {split['SplitNum']} reverses a split that is gone")
            continue
        if money(split["SplitAmt"]) != -money(original["SplitAmt"]):
            problems.append(f"SplitNum {split['SplitNum']} does not mirror its split")
        reversals[original["SplitNum"]].append(split["SplitNum"])
        refunds_of[original["PayNum"]].add(split["PayNum"])
    problems += [
        f"SplitNum {num} reversed {len(by)} times" for num, by in reversals.items() if len(by) > 1
    ]
    problems += [
        f"PayNum {num} refunded by {sorted(by)}" for num, by in refunds_of.items() if len(by) > 1
    ]
    return problems
