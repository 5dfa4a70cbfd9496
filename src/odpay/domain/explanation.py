"""Why the engine split a payment as it did: a trace the engine fills in as it decides.

odpay extension (docs/decisions.md "Preview, explanation and console"). `auto_split` takes an
optional `AllocationTrace`; without one (POST /payments) it records nothing and costs nothing
beyond an `is None` test per split. With one, each split it makes is recorded with the rule
that chose it and, for a charge, what the charge owed before and after; at the end the
family's charges left owing are recorded with the reason they were not paid. Nothing here
decides anything: the rules are the ones allocation.py applies, named where it applies them.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from odpay.domain.entries import AccountEntry, EntryKind
from odpay.domain.records import NewSplit


class SplitRule(StrEnum):
    """The rule of allocation.md that made a split."""

    ChosenProcedure = "ChosenProcedure"  # §5 pay-first: the procedure was in procNums
    PatientPreferred = "PatientPreferred"  # §7 step 3: the payer's own charges first
    NamedPlanCharge = "NamedPlanCharge"  # §7 step 2: payPlanNum limits FIFO to its charges
    DuePlanCharge = "DuePlanCharge"  # §7 step 4: a due payment plan charge, oldest first
    OldestCharge = "OldestCharge"  # §7 step 4: FIFO, the oldest outstanding charge
    LeftoverToUnearned = "LeftoverToUnearned"  # §7 step 6: the overpayment becomes unearned
    NothingToPay = "NothingToPay"  # §8.3: no split on a charge, the amount on no charge
    Remainder = "Remainder"  # §8.4: what the splits did not cover, on no charge
    NegativePayment = "NegativePayment"  # §7 step 5: a negative payment pays no charge
    Prepayment = "Prepayment"  # §8.5: isPrepayment, one unearned split
    DynamicPlanPrepayment = "DynamicPlanPrepayment"  # §8.5: reserved for a dynamic plan
    ManualUnallocated = "ManualUnallocated"  # §7.1/§8.6: Manual mode, unallocated money


class UnpaidReason(StrEnum):
    """Why a charge of the family still owes after the payment."""

    NothingLeft = "NothingLeft"  # the payment was used up on older or chosen charges
    TreatmentPlanned = "TreatmentPlanned"  # a TP procedure: never auto-split (§7 step 2)
    FuturePlanCharge = "FuturePlanCharge"  # a plan charge not yet due counts as 0 (§2.3.7)
    OtherPlan = "OtherPlan"  # payPlanNum named another plan (§7 step 2)
    ManualMode = "ManualMode"  # RigorousAccounting = DontEnforce: no auto-split (§7.1)
    NegativePayment = "NegativePayment"  # a negative payment pays no charge (§7 step 5)
    Prepayment = "Prepayment"  # isPrepayment: the money is kept unearned (§8.5)


@dataclass(frozen=True, slots=True)
class ChargeRef:
    """A ledger charge as the explanation names it; `owed` is what it owed at that point."""

    kind: EntryKind
    date: date
    PatNum: int
    ProvNum: int
    ClinicNum: int
    ProcNum: int
    AdjNum: int
    PayPlanNum: int
    PayPlanChargeNum: int
    ProcCode: str

    @classmethod
    def of(cls, entry: AccountEntry) -> "ChargeRef":
        return cls(
            entry.kind,
            entry.date,
            entry.PatNum,
            entry.ProvNum,
            entry.ClinicNum,
            entry.ProcNum,
            entry.AdjNum,
            entry.PayPlanNum,
            entry.PayPlanChargeNum,
            entry.ProcCode,
        )


@dataclass(frozen=True, slots=True)
class SplitReason:
    """The rule behind one split; for a split on a charge, the charge and what it owed."""

    rule: SplitRule
    charge: ChargeRef | None = None
    owed_before: Decimal | None = None
    owed_after: Decimal | None = None


@dataclass(frozen=True, slots=True)
class UnpaidCharge:
    """A charge still owing after the payment (or, for a future plan charge, scheduled)."""

    charge: ChargeRef
    owed: Decimal
    reason: UnpaidReason


@dataclass(slots=True)
class AllocationTrace:
    """Filled in by auto_split; read `reasons` (parallel to the splits) and `unpaid`."""

    reasons: list[SplitReason] = field(default_factory=list)
    unpaid: list[UnpaidCharge] = field(default_factory=list)
    _made: dict[int, tuple[NewSplit, SplitReason]] = field(default_factory=dict)

    def made(self, split: NewSplit, reason: SplitReason) -> None:
        """The engine made `split` for `reason` (it may still drop it if it is zero)."""
        self._made[id(split)] = (split, reason)  # the split is kept, so its id stays its own

    def paid(
        self, split: NewSplit, rule: SplitRule, entry: AccountEntry, owed_before: Decimal
    ) -> None:
        """The engine made `split` on `entry`, which owed `owed_before` and now owes less."""
        self.made(split, SplitReason(rule, ChargeRef.of(entry), owed_before, entry.amount))

    def finish(self, splits: list[NewSplit], unpaid: list[UnpaidCharge]) -> None:
        """The splits as returned, in order, and the charges left owing."""
        self.reasons = [self._made[id(split)][1] for split in splits]
        self.unpaid = unpaid
        self._made = {}
