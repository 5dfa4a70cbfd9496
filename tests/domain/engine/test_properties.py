"""Invariants of the allocation engine over random families and payments (allocation.md §12)."""

from collections import defaultdict
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from odpay.domain.allocation import PaymentRequest, auto_split, split_for_entry
from odpay.domain.entries import AccountEntry, EntryKind
from odpay.domain.enums import PayPlanLinkType, ProcStat
from odpay.domain.outstanding import explicit_ledger, linked_ledger, outstanding, partial_splits
from odpay.domain.payplans.entries import PlanScope
from odpay.domain.prefs import Prefs
from odpay.domain.records import NewSplit
from tests.domain.builders import TODAY
from tests.domain.strategies import SETTINGS, Case, cases, cents


def run(case: Case) -> list[NewSplit]:
    return auto_split(case.family, case.prefs, case.request, TODAY)


def _charge_key(split: NewSplit) -> tuple[str, int] | None:
    """Which charge a split pays, or None for money on no charge."""
    if split.PayPlanChargeNum > 0:
        return ("charge", split.PayPlanChargeNum)
    if split.PayPlanNum > 0 or split.UnearnedType > 0:
        return None
    if split.AdjNum > 0:
        return ("adj", split.AdjNum)
    if split.ProcNum > 0:
        return ("proc", split.ProcNum)
    return None


def _owed(entries: list[AccountEntry]) -> dict[tuple[str, int], Decimal]:
    """What each charge may still receive: the positive part of its entries' amounts."""
    owed: dict[tuple[str, int], Decimal] = defaultdict(Decimal)
    for entry in entries:
        if entry.kind is EntryKind.Procedure:
            key = ("proc", entry.ProcNum)
        elif entry.kind is EntryKind.Adjustment:
            key = ("adj", entry.AdjNum)
        else:
            key = ("charge", entry.PayPlanChargeNum)
        owed[key] += max(entry.amount, Decimal(0))
    return owed


@SETTINGS
@given(cases())
def test_splits_add_up_to_the_payment_are_whole_nonzero_amounts_and_repeat_exactly(
    case: Case,
) -> None:
    splits = run(case)
    assert splits
    assert sum((s.SplitAmt for s in splits), Decimal(0)) == case.request.PayAmt
    for split in splits:
        assert split.SplitAmt != 0
        assert split.SplitAmt.as_tuple().exponent == -2
        assert not (split.ProcNum > 0 and split.AdjNum > 0)
        assert split.DatePay == case.request.PayDate
    assert run(case) == splits


@SETTINGS
@given(cases())
def test_no_charge_is_overpaid_and_future_or_planned_charges_wait(case: Case) -> None:
    splits = run(case)
    # Pay-first and auto-split never give a charge more than explicit linking left it (§12.4).
    owed = _owed(explicit_ledger(case.family, case.prefs, TODAY).entries)
    paid: dict[tuple[str, int], Decimal] = defaultdict(Decimal)
    for split in splits:
        key = _charge_key(split)
        if key is not None:
            paid[key] += split.SplitAmt
    for key, amount in paid.items():
        assert 0 < amount <= owed[key], key
    # A future plan charge never receives money; a TP procedure only through pay-first (§12.5-6).
    future = {c.PayPlanChargeNum for c in case.family.payplancharges if c.ChargeDate > TODAY}
    # §2.3.3 loads the procedures linked to a plan of a patient outside the family in any status,
    # so a treatment-planned one among them is a charge like a completed one.
    scope = PlanScope.of(case.family)
    outside = (
        {link.FKey for link in scope.links if link.LinkType == PayPlanLinkType.Procedure}
        if scope.outside_family
        else set()
    )
    planned = {
        p.ProcNum
        for p in case.family.procedures
        if p.ProcStatus == ProcStat.TP and p.ProcNum not in outside
    }
    for split in splits:
        assert split.PayPlanChargeNum not in future
        if split.ProcNum in planned and split.PayPlanNum == 0:
            assert split.ProcNum in case.request.procNums
            assert case.prefs.PrePayAllowedForTpProcs


@SETTINGS
@given(cases())
def test_without_preference_or_pay_first_the_splits_are_fifo_over_the_linked_ledger(
    case: Case,
) -> None:
    request = PaymentRequest(
        PatNum=10, PayAmt=abs(case.request.PayAmt), PayDate=case.request.PayDate, ClinicNum=1
    )
    prefs = Prefs(
        RigorousAccounting=case.prefs.RigorousAccounting % 2,
        BalancesDontSubtractIns=case.prefs.BalancesDontSubtractIns,
        PayPlansVersion=case.prefs.PayPlansVersion,
        PrePayAllowedForTpProcs=case.prefs.PrePayAllowedForTpProcs,
    )
    expected: list[NewSplit] = []
    left = request.PayAmt
    for entry in linked_ledger(case.family, prefs, TODAY):
        if left == 0:
            break
        if entry.amount > 0 and not entry.tp:
            taken = min(left, entry.amount)
            expected.append(split_for_entry(entry, taken, request.PayDate, prefs))
            left -= taken
    if left:
        expected.append(NewSplit(left, 10, request.PayDate, UnearnedType=283))
    assert auto_split(case.family, prefs, request, TODAY) == expected


@SETTINGS
@given(cases(), st.data())
def test_partial_splits_add_up_and_never_exceed_what_is_outstanding(
    case: Case, data: st.DataObject
) -> None:
    owed = outstanding(case.family, case.prefs, TODAY, leave_out_pay_num=101)
    procedures = [
        (num, data.draw(cents(1, int(amount * 100))))
        for num, amount in owed.procedures.items()
        if amount > 0 and data.draw(st.booleans())
    ]
    charges = [
        (num, data.draw(cents(1, int(amount * 100))))
        for num, amount in owed.charges.items()
        if amount > 0 and data.draw(st.booleans())
    ]
    splits = partial_splits(case.family, case.prefs, TODAY, TODAY, 101, procedures, charges)
    wanted = sum((a for _, a in procedures + charges), Decimal(0))
    assert sum((s.SplitAmt for s in splits), Decimal(0)) == wanted
    paid: dict[tuple[str, int], Decimal] = defaultdict(Decimal)
    for split in splits:
        assert split.SplitAmt > 0
        key = _charge_key(split)
        assert key is not None
        paid[key] += split.SplitAmt
    for (kind, num), amount in paid.items():
        assert amount <= (owed.charge(num) if kind == "charge" else owed.procedure(num))
