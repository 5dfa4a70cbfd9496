"""The allocation trace: recording never changes the splits, and what it records is
consistent with them, on the 300 seeded families of the regression cases."""

from decimal import Decimal

import pytest

from odpay.domain.allocation import PaymentRequest, auto_split
from odpay.domain.entries import EntryKind
from odpay.domain.explanation import AllocationTrace, SplitRule, UnpaidReason
from tests.domain.builders import PREFS, TODAY, family, patient, proc
from tests.domain.engine_cases import SEEDS, case

_NO_CHARGE = {
    SplitRule.LeftoverToUnearned, SplitRule.NothingToPay, SplitRule.Remainder,
    SplitRule.NegativePayment, SplitRule.Prepayment, SplitRule.DynamicPlanPrepayment,
    SplitRule.ManualUnallocated,
}  # fmt: skip


@pytest.mark.parametrize("seed", SEEDS)
def test_the_trace_changes_nothing_and_matches_the_splits(seed: int) -> None:
    case_ = case(seed)
    for request in case_.requests:
        plain = auto_split(case_.family, case_.prefs, request, TODAY)
        trace = AllocationTrace()
        traced = auto_split(case_.family, case_.prefs, request, TODAY, trace)

        assert traced == plain
        assert len(trace.reasons) == len(traced)
        for split, reason in zip(traced, trace.reasons, strict=True):
            if reason.rule in _NO_CHARGE:
                assert reason.charge is None
                assert split.ProcNum == split.AdjNum == split.PayPlanChargeNum == 0
                continue
            charge = reason.charge
            assert charge is not None and reason.owed_before is not None
            # The split took exactly what the charge's owing went down by.
            assert reason.owed_before - split.SplitAmt == reason.owed_after
            if charge.kind is EntryKind.Procedure:
                assert split.ProcNum == charge.ProcNum
            elif charge.kind is EntryKind.Adjustment:
                assert split.AdjNum == charge.AdjNum
            else:
                assert split.PayPlanChargeNum == charge.PayPlanChargeNum
        for unpaid in trace.unpaid:
            assert unpaid.owed > Decimal(0) or unpaid.reason is UnpaidReason.FuturePlanCharge


def test_a_chosen_procedure_is_paid_first_for_that_reason() -> None:
    # Worked example G (allocation.md §13): procNums put the later procedure ahead.
    fam = family(
        patient(90),
        procedures=[proc(90, 90, "80", "2024-01-05"), proc(91, 90, "120", "2024-03-05")],
    )
    request = PaymentRequest(
        PatNum=90, PayAmt=Decimal("150.00"), PayDate=TODAY, ClinicNum=0, procNums=(91,)
    )
    trace = AllocationTrace()
    splits = auto_split(fam, PREFS, request, TODAY, trace)
    assert [(s.ProcNum, s.SplitAmt) for s in splits] == [
        (91, Decimal("120.00")),
        (90, Decimal("30.00")),
    ]
    assert [(r.rule, r.owed_before, r.owed_after) for r in trace.reasons] == [
        (SplitRule.ChosenProcedure, Decimal("120.00"), Decimal("0.00")),
        (SplitRule.OldestCharge, Decimal("80.00"), Decimal("50.00")),
    ]
