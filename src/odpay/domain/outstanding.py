"""What a charge still owes: the one implementation POST, Partial and balances share.

Spec: allocation.md §10 (Partial: outstanding amounts and new splits) and the linked ledger of
§2–§4 and §6 that account balances read (Open Dental's AccountModules / FamilyProdBalances).
"""

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from types import MappingProxyType

from odpay.domain.allocation import split_for_entry
from odpay.domain.entries import AccountEntry, EntryKind
from odpay.domain.family import Family
from odpay.domain.ledger import Ledger, build_ledger
from odpay.domain.linking import explicit_link, implicit_link
from odpay.domain.money import ZERO
from odpay.domain.prefs import Prefs
from odpay.domain.records import NewSplit


@dataclass(frozen=True, slots=True)
class Outstanding:
    procedures: Mapping[int, Decimal]  # ProcNum -> amount of its procedure entry (missing -> 0)
    charges: Mapping[int, Decimal]  # PayPlanChargeNum -> Σ amounts > 0 of its pieces

    def procedure(self, proc_num: int) -> Decimal:
        return self.procedures.get(proc_num, ZERO)

    def charge(self, pay_plan_charge_num: int) -> Decimal:
        return self.charges.get(pay_plan_charge_num, ZERO)


def explicit_ledger(
    family: Family, prefs: Prefs, today: date, leave_out_pay_num: int = 0
) -> Ledger:
    """§10 step 1: §2 (without the splits of payment `leave_out_pay_num`), §3 and §4."""
    ledger = build_ledger(family, prefs, today, leave_out_pay_num)
    explicit_link(ledger, prefs)
    return ledger


def outstanding(
    family: Family, prefs: Prefs, today: date, leave_out_pay_num: int = 0
) -> Outstanding:
    """allocation.md §10 steps 1–3: ledger + sort + explicit linking, without the splits of
    payment leave_out_pay_num. A procedure outside the ledger owes 0; a future charge owes 0."""
    procedures: dict[int, Decimal] = {}
    charges: dict[int, Decimal] = defaultdict(lambda: ZERO)
    procedure, plan_piece = EntryKind.Procedure, EntryKind.PlanPiece  # see EntryKind
    for entry in explicit_ledger(family, prefs, today, leave_out_pay_num).entries:
        if entry.kind is procedure:
            procedures[entry.ProcNum] = entry.amount
        elif entry.kind is plan_piece:
            charges[entry.PayPlanChargeNum] += max(entry.amount, ZERO)
    return Outstanding(MappingProxyType(procedures), MappingProxyType(dict(charges)))


def partial_splits(
    family: Family,
    prefs: Prefs,
    today: date,
    pay_date: date,
    leave_out_pay_num: int,
    procedures: Sequence[tuple[int, Decimal]],
    charges: Sequence[tuple[int, Decimal]],
) -> list[NewSplit]:
    """allocation.md §10 step 4: one split per procedure pair (procedures first, in the given
    order), then each charge pair spread over that charge's pieces with amount > 0 in ledger
    order. Assumes the service already checked every Amount against outstanding(); an amount
    no entry can take raises ValueError."""
    ledger = explicit_ledger(family, prefs, today, leave_out_pay_num)
    procs: dict[int, AccountEntry] = {}
    pieces: dict[int, list[AccountEntry]] = defaultdict(list)
    procedure, plan_piece = EntryKind.Procedure, EntryKind.PlanPiece  # see EntryKind
    for entry in ledger.entries:
        if entry.kind is procedure:
            procs[entry.ProcNum] = entry
        elif entry.kind is plan_piece:
            pieces[entry.PayPlanChargeNum].append(entry)
    splits: list[NewSplit] = []
    for proc_num, amount in procedures:
        proc = procs.get(proc_num)
        if proc is None:
            raise ValueError(f"ProcNum {proc_num} has no ledger entry")
        splits.append(split_for_entry(proc, amount, pay_date, prefs))
        proc.amount -= amount
    for charge_num, amount in charges:
        left = amount
        for piece in pieces.get(charge_num, []):
            if left <= ZERO:
                break
            if piece.amount <= ZERO:
                continue
            taken = min(left, piece.amount)
            splits.append(split_for_entry(piece, taken, pay_date, prefs))
            piece.amount -= taken
            left -= taken
        if left > ZERO:
            raise ValueError(f"PayPlanChargeNum {charge_num} owes less than {amount}")
    return splits


def linked_ledger(family: Family, prefs: Prefs, today: date) -> list[AccountEntry]:
    """The ledger after §2–§4 and §6 (explicit and implicit linking, payer not preferred, no
    pay-first): what each charge still owes once all existing credit is applied. Used by
    account balances (AccountModules). The entries are fresh on every call."""
    ledger = explicit_ledger(family, prefs, today)
    implicit_link(ledger, family.payer.PatNum)
    return ledger.entries
