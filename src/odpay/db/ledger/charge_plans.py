"""Payment-plan charges looked up by the keys a request names, each with its plan.

Partial (payments.md §6.1 step 8) judges charges that may lie outside the loaded family.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Connection, select

from odpay.db.rows import record_of
from odpay.db.schema import payplan, payplancharge
from odpay.domain.records import PayPlan

_IN_LIST_CHUNK = 500


@dataclass(frozen=True, slots=True)
class NamedCharge:
    """A `payplancharge` row's kind and its plan (None when the plan row is missing)."""

    PayPlanChargeNum: int
    ChargeType: int
    plan: PayPlan | None


def named_charges(conn: Connection, charge_nums: Iterable[int]) -> dict[int, NamedCharge]:
    """PayPlanChargeNum -> the charge and its plan, for those of `charge_nums` that exist.

    The numbers come from a request, so they go in literal IN lists, cut in chunks far
    below every engine's parameter limit.
    """
    wanted = sorted(set(charge_nums))
    found: dict[int, NamedCharge] = {}
    for start in range(0, len(wanted), _IN_LIST_CHUNK):
        chunk = wanted[start : start + _IN_LIST_CHUNK]
        rows = conn.execute(
            select(
                payplancharge.c.PayPlanChargeNum,
                payplancharge.c.ChargeType,
                payplan,
            )
            .select_from(payplancharge)
            .outerjoin(payplan, payplan.c.PayPlanNum == payplancharge.c.PayPlanNum)
            .where(payplancharge.c.PayPlanChargeNum.in_(chunk))
        )
        for r in rows:
            plan = record_of(PayPlan, r) if r.PayPlanNum is not None else None
            found[int(r.PayPlanChargeNum)] = NamedCharge(
                int(r.PayPlanChargeNum), int(r.ChargeType), plan
            )
    return found
