"""Family: everything the allocation engine needs about one payer's family, as loaded rows.

Spec: allocation.md §2.0–§2.7. The database layer (`odpay.db.ledger.family.load_family`) fills it with
a *superset* of the rows each ledger step uses, in primary-key order; the engine applies the
spec's exact filters itself, so the rules live in one place.
"""

from dataclasses import dataclass, field

from odpay.domain.records import (
    Adjustment,
    ClaimProc,
    Definition,
    Patient,
    PayPlan,
    PayPlanCharge,
    PayPlanLink,
    PaySplit,
    Procedure,
    Provider,
)


@dataclass(frozen=True, slots=True)
class Family:
    """One payer's family and the rows around it.

    What the loader guarantees (each tuple ordered by primary key, no duplicates):
    - `payer`: the patient named by the payment; `members`: every patient whose guarantor
      (`Patient.family_guarantor`) equals the payer's, whatever its PatStatus (the payer included).
    - `payplans`: plans with PatNum in the family or Guarantor = payer (insurance plans too).
    - `payplancharges`, `payplanlinks`: every charge and link of those plans.
    - `procedures`: family procedures with status C or TP, plus every procedure (any patient,
      any status) named by a charge's ProcNum, a charge's FKey with LinkType 2, or a
      Procedure link of those plans.
    - `adjustments`: family adjustments, plus adjustments attached to any loaded procedure,
      plus those named by a charge's FKey with LinkType 1 or by an Adjustment link.
    - `claimprocs`: claimprocs with PatNum in the family, plus those (any patient) whose
      ProcNum is a loaded procedure.
    - `paysplits`: splits with PatNum in the family, splits whose PayPlanNum is one of the
      plans, and splits (any patient) whose ProcNum is a loaded procedure or whose AdjNum is
      a loaded adjustment.
    - `definitions`: every category-29 (unearned type) definition.
    - `providers`: every provider (for the Manual-mode fallback provider).

    `load_family_to_allocate`, for the engine alone, gives a family without plans only the
    members' own adjustments, claimprocs and splits: the ledger reads no other (§2.1 step 2,
    §2.2, §2.5).
    """

    payer: Patient
    members: tuple[Patient, ...]
    procedures: tuple[Procedure, ...] = ()
    adjustments: tuple[Adjustment, ...] = ()
    claimprocs: tuple[ClaimProc, ...] = ()
    paysplits: tuple[PaySplit, ...] = ()
    payplans: tuple[PayPlan, ...] = ()
    payplancharges: tuple[PayPlanCharge, ...] = ()
    payplanlinks: tuple[PayPlanLink, ...] = ()
    definitions: tuple[Definition, ...] = ()
    providers: tuple[Provider, ...] = ()
    member_nums: frozenset[int] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "member_nums", frozenset(p.PatNum for p in self.members))

    @property
    def guarantor(self) -> int:
        return self.payer.family_guarantor
