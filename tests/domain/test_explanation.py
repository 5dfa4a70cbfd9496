"""The allocation trace: recording never changes the splits, and what it records is
consistent with them, on the 300 seeded families of the regression cases."""

from decimal import Decimal

import pytest

from odpay.domain.allocation import auto_split
from odpay.domain.entries import EntryKind
from odpay.domain.explanation import AllocationTrace, SplitRule, UnpaidReason
from tests.domain.builders import TODAY
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
