"""The engine's working records: ledger entries, split credits, pay-as-total credits, balancing.

Spec: allocation.md §2.0 (the entry record), §2.5–§2.6 (credits with a working `rem`) and the
"balance" operation of §6.4 step 7. Every run builds fresh records; nothing here is shared.
"""

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from enum import IntEnum
from typing import Protocol, TypeVar

from odpay.domain.enums import PayPlanDebitType
from odpay.domain.money import ZERO
from odpay.domain.records import PaySplit


class EntryKind(IntEnum):
    """What a ledger entry is; the values are the §3 sort order of kinds on one date.

    Loops over every entry bind the members they compare with to locals first: on Python 3.11
    looking a member up on an enum class takes EnumType's slow attribute path (~0.15 µs, as
    long as the rest of the loop body).
    """

    Procedure = 0
    Adjustment = 1
    PlanPiece = 2


@dataclass(slots=True)
class AccountEntry:
    """One charge of the family ledger (§2.0); `amount` is what it still owes and may go < 0.

    Mirrors Open Dental's AccountEntry / FauxAccountEntry with AmountEnd as `amount`. The eight
    fields every entry has come first, then the production it stands for, then those of a
    procedure entry, so that the builders can pass a procedure's or an adjustment's fields by
    position (a family has thousands of procedures, and keyword arguments cost twice as much).
    """

    kind: EntryKind
    date: date
    pk: int  # ProcNum / AdjNum / PayPlanChargeNum
    seq: int  # creation order, the last tie-break of §3
    PatNum: int
    ProvNum: int
    ClinicNum: int
    amount: Decimal
    ProcNum: int = 0
    AdjNum: int = 0
    tp: bool = False
    insPay: Decimal = ZERO
    feeTotal: Decimal = ZERO
    ProcCode: str = ""
    PayPlanNum: int = 0
    PayPlanChargeNum: int = 0
    PayPlanDebitType: int = PayPlanDebitType.Unknown
    Guarantor: int = 0
    principal: Decimal = ZERO
    interest: Decimal = ZERO
    isAdjPiece: bool = False
    isOffset: bool = False
    adjusted: Decimal = ZERO
    planApplied: Decimal = ZERO
    linkedPaid: Decimal = ZERO

    def copy(self) -> "AccountEntry":
        return replace(self)


@dataclass(slots=True)
class SplitCredit:
    """An existing paysplit as credit (§2.5): the row's columns and its working value `rem`."""

    SplitNum: int
    DatePay: date
    PatNum: int
    ProvNum: int
    ClinicNum: int
    ProcNum: int
    AdjNum: int
    PayPlanNum: int
    PayPlanChargeNum: int
    PayPlanDebitType: int
    UnearnedType: int
    rem: Decimal

    @property
    def amount(self) -> Decimal:
        """`rem` under the name `balance` reads: splits net against each other as entries do."""
        return self.rem

    @amount.setter
    def amount(self, value: Decimal) -> None:
        self.rem = value

    @classmethod
    def of(cls, split: PaySplit) -> "SplitCredit":
        # Positional: built once per split of the family, and keywords cost twice as much.
        return cls(
            split.SplitNum,
            split.DatePay,
            split.PatNum,
            split.ProvNum,
            split.ClinicNum,
            split.ProcNum,
            split.AdjNum,
            split.PayPlanNum,
            split.PayPlanChargeNum,
            split.PayPlanDebitType,
            split.UnearnedType,
            split.SplitAmt,
        )


@dataclass(slots=True)
class PayAsTotal:
    """Pay-as-total insurance of one claim for one patient, provider and clinic (§2.6)."""

    ClaimNum: int
    PatNum: int
    ProvNum: int
    ClinicNum: int
    rem: Decimal


class Netted(Protocol):
    """What `balance` nets: an entry, or a split (its `rem`)."""

    amount: Decimal


N = TypeVar("N", bound=Netted)


def balance(positives: Iterable[N], negatives: Iterable[N]) -> None:
    """§6.4 step 7 "balance": each positive entry, in order, takes from the negatives in order.

    Open Dental's BalanceAccountEntries; the same first-in-first-out netting serves §6.3 (a
    plan's splits) and §6.4 step 4 (unattached splits). A negative that reaches zero is never
    touched again, so a cursor replaces the nested scan, and once every negative is used up
    nothing more can move.
    """
    negs = [entry for entry in negatives if entry.amount < ZERO]
    cursor = 0
    for pos in positives:
        if cursor == len(negs):
            break
        while pos.amount > ZERO and cursor < len(negs):
            neg = negs[cursor]
            if neg.amount >= ZERO:
                cursor += 1
                continue
            moved = min(pos.amount, -neg.amount)
            pos.amount -= moved
            neg.amount += moved
