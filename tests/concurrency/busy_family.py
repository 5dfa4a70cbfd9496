"""A family that many payments hit at once, the requests they send, and the checks that the
outcome is one some serial order would give (allocation.md §11, §12 invariants 1, 4, 10)."""

import threading
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine

from tests.factories import add, adjustment, patient, procedure, rows

CENT = Decimal("0.01")


@dataclass(frozen=True)
class BusyFamily:
    members: tuple[int, ...]
    owed_by_proc: dict[int, Decimal]  # ProcNum -> patient portion
    owed_by_adj: dict[int, Decimal]
    owed_by_charge: dict[int, Decimal]  # PayPlanChargeNum -> principal (all due)
    plan_proc: int

    @property
    def owed(self) -> Decimal:
        # The plan's procedure is owed through its charges only.
        direct = sum(v for k, v in self.owed_by_proc.items() if k != self.plan_proc)
        return Decimal(direct) + sum(self.owed_by_adj.values()) + sum(self.owed_by_charge.values())


def busy_family(db: Engine) -> BusyFamily:
    """Three members, six procedures, an adjustment and a dynamic plan with two due charges."""
    head = patient(db)
    first = patient(db, head)
    second = patient(db, head)
    fees = [
        (head, "37.50", "2024-01-03"),
        (first, "120.00", "2024-01-10"),
        (second, "80.25", "2024-02-01"),
        (head, "15.00", "2024-02-14"),
        (first, "240.00", "2024-03-01"),
        (second, "60.00", "2024-04-01"),
    ]
    owed_by_proc = {
        procedure(db, pat, fee, day, ProvNum=1 + i % 2): Decimal(fee)
        for i, (pat, fee, day) in enumerate(fees)
    }
    adj = adjustment(db, head, "25.00", "2024-02-20", ProvNum=1)
    plan_proc = procedure(db, second, "90.00", "2024-01-20", ProvNum=2)
    owed_by_proc[plan_proc] = Decimal("90.00")
    plan = add(db, "payplan", PatNum=second, Guarantor=head, IsDynamic=1)
    add(db, "payplanlink", PayPlanNum=plan, LinkType=2, FKey=plan_proc)
    charges = {
        add(db, "payplancharge", PayPlanNum=plan, Guarantor=head, PatNum=second,
            ChargeDate=day, Principal="45.00", ProvNum=2, LinkType=2,
            FKey=plan_proc): Decimal("45.00")
        for day in ("2024-03-15", "2024-04-15")
    }  # fmt: skip
    return BusyFamily(
        (head, first, second), owed_by_proc, {adj: Decimal("25.00")}, charges, plan_proc
    )


AMOUNTS = ("20.00", "35.50", "12.25", "50.00")


def requests_for(family: BusyFamily, count: int) -> list[dict[str, Any]]:
    """`count` POST bodies from different members, some patient-preferred, some pay-first."""
    later = max(k for k in family.owed_by_proc if k != family.plan_proc)
    bodies: list[dict[str, Any]] = []
    for i in range(count):
        body: dict[str, Any] = {
            "PatNum": family.members[i % 3],
            "PayAmt": AMOUNTS[i % len(AMOUNTS)],
        }
        if i % 5 == 1:
            body["isPatientPreferred"] = "true"
        if i % 7 == 2:
            body["procNums"] = [later]
        bodies.append(body)
    return bodies


def at_once(calls: list[Callable[[], Any]]) -> list[Any]:
    """Run each call on its own thread, all released together; each result or exception."""
    start = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(i: int, call: Callable[[], Any]) -> None:
        start.wait()
        try:
            results[i] = call()
        except Exception as exc:
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def _money(value: float) -> Decimal:
    return Decimal(repr(value)).quantize(CENT)


def assert_serial_outcome(db: Engine, family: BusyFamily, paid: list[str]) -> None:
    """What any serial order of the payments would leave: every payment split in full, no
    charge paid beyond what it owed, charges paid up to min(paid, owed), the rest unearned."""
    payments = [p for m in family.members for p in rows(db, "payment", PatNum=m)]
    assert sorted(_money(p["PayAmt"]) for p in payments) == sorted(Decimal(a) for a in paid)
    by_proc: dict[int, Decimal] = defaultdict(Decimal)
    by_adj: dict[int, Decimal] = defaultdict(Decimal)
    by_charge: dict[int, Decimal] = defaultdict(Decimal)
    allocated = unearned = Decimal("0.00")
    for payment in payments:
        splits = rows(db, "paysplit", PayNum=payment["PayNum"])
        assert splits, "a payment without splits"
        assert sum(_money(s["SplitAmt"]) for s in splits) == _money(payment["PayAmt"])
        for s in splits:
            amount = _money(s["SplitAmt"])
            assert amount > 0
            if s["UnearnedType"]:
                assert (s["UnearnedType"], s["ProcNum"], s["AdjNum"]) == (283, 0, 0)
                unearned += amount
                continue
            allocated += amount
            if s["PayPlanChargeNum"]:
                by_charge[s["PayPlanChargeNum"]] += amount
            if s["ProcNum"]:
                by_proc[s["ProcNum"]] += amount
            if s["AdjNum"]:
                by_adj[s["AdjNum"]] += amount
    for proc_num, amount in by_proc.items():
        assert amount <= family.owed_by_proc[proc_num], f"ProcNum {proc_num} overpaid"
    for adj_num, amount in by_adj.items():
        assert amount <= family.owed_by_adj[adj_num], f"AdjNum {adj_num} overpaid"
    for charge_num, amount in by_charge.items():
        assert amount <= family.owed_by_charge[charge_num], f"charge {charge_num} overpaid"
    total = sum(Decimal(a) for a in paid)
    assert allocated == min(total, family.owed)
    assert unearned == total - allocated
