"""Implicit linking: free money pays the oldest charges it matches (allocation.md §6)."""

from decimal import Decimal

from hypothesis import given

from odpay.domain.entries import AccountEntry, EntryKind
from odpay.domain.enums import ClaimProcStatus, PayPlanDebitType, ProcStat
from odpay.domain.family import Family
from odpay.domain.implicit import working_list
from odpay.domain.ledger import Ledger
from odpay.domain.linking import explicit_link, implicit_link
from odpay.domain.prefs import Prefs
from tests.domain.builders import (
    PREFS,
    TP_UNEARNED,
    UNEARNED,
    adj,
    charge,
    claimproc,
    family,
    ledger,
    money,
    owed,
    patient,
    plan,
    proc,
    split,
)
from tests.domain.strategies import SETTINGS, Case, cases

M = money


def linked(
    fam: Family, prefs: Prefs = PREFS, preferred: bool = False, pay_first: tuple[int, ...] = ()
) -> Ledger:
    result = ledger(fam, prefs)
    explicit_link(result, prefs)
    implicit_link(result, fam.payer.PatNum, preferred, pay_first)
    return result


def amounts(result: Ledger) -> list[Decimal]:
    return [entry.amount for entry in result.entries]


def test_6_1_the_working_list_leaves_tp_out_puts_the_payer_last_when_preferred_and_pay_first_last() -> (
    None
):
    fam = family(
        patient(10),
        patient(11, Guarantor=10),
        procedures=[
            proc(1, 10, "10", "2024-01-01"),
            proc(2, 11, "10", "2024-01-02"),
            proc(3, 10, "10", "2024-01-03", status=ProcStat.TP),
            proc(4, 11, "10", "2024-01-04"),
            proc(5, 10, "10", "2024-01-05"),
        ],
    )
    entries = ledger(fam, Prefs(PrePayAllowedForTpProcs=True)).entries
    assert [e.pk for e in working_list(entries, 10, False, ())] == [1, 2, 4, 5]
    assert [e.pk for e in working_list(entries, 10, True, ())] == [2, 4, 1, 5]
    assert [e.pk for e in working_list(entries, 10, True, (2, 5))] == [4, 1, 2, 5]


def test_6_2_hidden_unearned_money_is_never_free_credit() -> None:
    fam = family(
        patient(10),
        procedures=[proc(1, 10, "100")],
        paysplits=[
            split(1, 10, "30", ProvNum=0, UnearnedType=TP_UNEARNED),
            split(2, 10, "20", ProvNum=0, UnearnedType=UNEARNED),
        ],
    )
    result = linked(fam)
    assert amounts(result) == [M("80")]
    assert [s.rem for s in result.splits] == [M("30"), M("0")]


def test_6_3_a_plans_splits_net_interest_first_then_principal_then_unknown() -> None:
    INT, P, U = (PayPlanDebitType.Interest, PayPlanDebitType.Principal, PayPlanDebitType.Unknown)
    fam = family(
        patient(10),
        payplans=[plan(7, 10, 10)],
        paysplits=[
            split(1, 10, "10", "2024-03-01", ProvNum=5, PayPlanNum=7, PayPlanDebitType=U),
            split(2, 10, "10", "2024-03-02", ProvNum=6, PayPlanNum=7, PayPlanDebitType=P),
            split(3, 10, "-4", "2024-03-03", ProvNum=7, PayPlanNum=7, PayPlanDebitType=U),
            split(4, 10, "-8", "2024-03-04", ProvNum=8, PayPlanNum=7, PayPlanDebitType=INT),
        ],
    )
    result = linked(fam)
    # Principal split 2 nets first: 8 against the interest split 4, 2 against split 3; the
    # unknown split 1 then takes the last 2 of split 3.
    assert [s.rem for s in result.splits] == [M("8"), M("0"), M("0"), M("0")]


def test_6_4_credit_goes_to_the_closest_match_before_the_oldest_charge() -> None:
    fam = family(
        patient(10),
        patient(11, Guarantor=10),
        procedures=[proc(1, 11, "50", "2024-01-01"), proc(2, 10, "50", "2024-02-01")],
        paysplits=[split(1, 10, "30")],
    )
    assert amounts(linked(fam)) == [M("50"), M("20")]


def test_6_4_credit_of_an_unmatched_provider_finds_its_patient_in_a_later_layer() -> None:
    fam = family(
        patient(10),
        patient(11, Guarantor=10),
        procedures=[proc(1, 11, "50", "2024-01-01"), proc(2, 10, "50", "2024-02-01")],
        paysplits=[split(1, 10, "30", ProvNum=4)],
    )
    assert amounts(linked(fam)) == [M("50"), M("20")]


def test_6_4_step_1_pay_as_total_pays_non_plan_entries_and_takes_back_negative_ones() -> None:
    fam = family(
        patient(10),
        procedures=[proc(1, 10, "100", "2024-01-01"), proc(2, 10, "100", "2024-01-03")],
        adjustments=[adj(3, 10, "-20", "2024-01-02")],
        payplans=[plan(7, 10, 10)],
        payplancharges=[charge(9, 7, 10, 10, "2023-12-01", "50")],
        claimprocs=[
            claimproc(1, 0, 10, ClaimProcStatus.Received, ClaimNum=4, ProvNum=1, InsPayAmt="150")
        ],
    )
    # The plan piece is skipped; the -20 adjustment goes to 0 and adds 20: 170 pays 100 + 70.
    assert owed(linked(fam).entries) == [
        ("PlanPiece", 9, M("50")),
        ("Procedure", 1, M("0")),
        ("Adjustment", 3, M("0")),
        ("Procedure", 2, M("30")),
    ]


def test_6_4_step_3_plan_money_pays_its_own_plan_before_older_charges() -> None:
    fam = family(
        patient(10),
        procedures=[proc(1, 10, "100", "2024-01-01", ProvNum=2)],
        payplans=[plan(7, 10, 10)],
        payplancharges=[charge(9, 7, 10, 10, "2024-02-01", "50", ProvNum=2)],
        # Unearned money on the plan is never linked explicitly (§4.3 b needs UnearnedType 0).
        paysplits=[split(1, 10, "60", ProvNum=2, PayPlanNum=7, UnearnedType=UNEARNED)],
    )
    assert amounts(linked(fam)) == [M("90"), M("0")]


def test_6_4_step_4_unattached_positive_and_negative_splits_net_before_paying() -> None:
    fam = family(
        patient(10),
        procedures=[proc(1, 10, "100")],
        paysplits=[split(1, 10, "70"), split(2, 10, "-50", "2024-03-02")],
    )
    assert amounts(linked(fam)) == [M("80")]


def test_6_4_step_5_free_money_pays_the_buckets_entries_oldest_first() -> None:
    fam = family(
        patient(10),
        procedures=[proc(1, 10, "40", "2024-01-01"), proc(2, 10, "40", "2024-01-02")],
        adjustments=[adj(3, 10, "40", "2024-01-03")],
        paysplits=[split(1, 10, "70")],
    )
    assert amounts(linked(fam)) == [M("0"), M("10"), M("40")]


def test_6_4_step_6_a_negative_split_cancels_a_negative_unattached_adjustment() -> None:
    fam = family(
        patient(10),
        procedures=[proc(1, 10, "100", "2024-01-01")],
        adjustments=[adj(3, 10, "-30", "2024-01-03")],
        paysplits=[split(1, 10, "-20", "2024-03-02")],
    )
    # -30 + -20 cancel to -10, which then lowers the procedure (step 7).
    assert amounts(linked(fam)) == [M("90"), M("0")]


def test_6_4_step_7_a_negative_unattached_adjustment_lowers_procedures() -> None:
    fam = family(
        patient(10),
        procedures=[proc(1, 10, "30", "2024-01-01"), proc(2, 10, "30", "2024-01-02")],
        adjustments=[adj(3, 10, "-45", "2024-01-03")],
    )
    assert amounts(linked(fam)) == [M("0"), M("15"), M("0")]


def test_6_4_step_8_a_plans_negative_adjustment_piece_lowers_its_other_pieces() -> None:
    fam = family(
        patient(10),
        payplans=[plan(7, 10, 10)],
        payplancharges=[
            charge(8, 7, 10, 10, "2024-01-01", "50", LinkType=1, FKey=3),
            # An offsetting debit stays a piece even below zero (D4).
            charge(9, 7, 10, 10, "2024-02-01", "-20", LinkType=1, FKey=4, IsOffset=True),
        ],
    )
    assert amounts(linked(fam)) == [M("30"), M("0")]


def test_6_5_an_overpaid_charge_pays_any_other_charge_oldest_first() -> None:
    fam = family(
        patient(10),
        patient(11, Guarantor=10),
        procedures=[
            proc(1, 11, "30", "2024-01-01", ProvNum=2),
            proc(2, 10, "50", "2024-01-02"),
            proc(3, 11, "30", "2024-01-03", ProvNum=3),
        ],
        paysplits=[split(1, 10, "90", ProcNum=2)],
    )
    assert amounts(linked(fam)) == [M("0"), M("0"), M("20")]


def _literal_implicit_link(
    result: Ledger, payer: int, preferred: bool, chosen: tuple[int, ...]
) -> None:
    """§6 transcribed as literally as possible (nested loops, every bucket, no shortcuts): the
    oracle the engine's faster implicit_link must agree with."""
    work = [e for e in result.entries if not e.tp]
    if preferred:
        work = [e for e in work if e.PatNum != payer] + [e for e in work if e.PatNum == payer]
    if chosen:

        def picked(e: AccountEntry) -> bool:
            return e.kind is EntryKind.Procedure and e.ProcNum in chosen

        work = [e for e in work if not picked(e)] + [e for e in work if picked(e)]
    order: dict[int, int] = {PayPlanDebitType.Interest: 0, PayPlanDebitType.Principal: 1}
    for plan_num in {s.PayPlanNum for s in result.splits if s.PayPlanNum > 0}:  # 6.3
        plan_splits = sorted(
            (s for s in result.splits if s.PayPlanNum == plan_num),
            key=lambda s: order.get(s.PayPlanDebitType, 2),
        )
        for giver in plan_splits:
            for taker in plan_splits:
                if giver.rem > 0 and taker.rem < 0:
                    moved = min(giver.rem, -taker.rem)
                    giver.rem -= moved
                    taker.rem += moved
    linkable = [s for s in result.splits if s.UnearnedType not in result.hidden_types]
    layers = [
        ("ProvNum", "PatNum", "ClinicNum"),
        ("ProvNum", "PatNum"),
        ("ProvNum", "ClinicNum"),
        ("PatNum", "ClinicNum"),
        ("ProvNum",),
        ("PatNum",),
        ("ClinicNum",),
        (),
    ]
    for names in layers:

        def key(row: object, names: tuple[str, ...] = names) -> tuple[int, ...]:
            return tuple(getattr(row, name) for name in names)

        keys = list(dict.fromkeys(key(e) for e in work))
        for bucket_key in keys:
            bucket = [e for e in work if key(e) == bucket_key]
            for pay in [p for p in result.pay_as_totals if key(p) == bucket_key]:  # 1
                for e in bucket:
                    if pay.rem != 0 and e.kind is not EntryKind.PlanPiece and e.amount != 0:
                        moved = min(e.amount, pay.rem)
                        e.amount -= moved
                        pay.rem -= moved
            mine = [s for s in linkable if key(s) == bucket_key]
            pos = [s for s in mine if s.rem > 0]  # 2
            neg = [s for s in mine if s.rem < 0]
            for s in [s for s in pos if s.PayPlanNum > 0]:  # 3
                for e in bucket:
                    if s.rem != 0 and e.PayPlanNum == s.PayPlanNum and e.amount != 0:
                        moved = min(e.amount, s.rem)
                        e.amount -= moved
                        s.rem -= moved
            for p in pos:  # 4
                for n in neg:
                    if p.PayPlanNum == 0 and n.PayPlanNum == 0 and p.rem > 0 and n.rem < 0:
                        moved = min(p.rem, -n.rem)
                        p.rem -= moved
                        n.rem += moved
            for s in pos:  # 5
                for e in bucket:
                    if s.rem > 0 and e.amount > 0:
                        moved = min(e.amount, s.rem)
                        e.amount -= moved
                        s.rem -= moved
            unattached = [e for e in bucket if e.kind is EntryKind.Adjustment and e.ProcNum == 0]
            for s in neg:  # 6
                for e in unattached:
                    if s.PayPlanNum == 0 and s.rem < 0 and e.amount < 0:
                        moved = max(e.amount, s.rem)
                        e.amount -= moved
                        s.rem -= moved
            procs = [e for e in bucket if e.kind is EntryKind.Procedure]
            _literal_balance(procs, unattached)  # 7
            pieces = [e for e in bucket if e.kind is EntryKind.PlanPiece]
            for plan_num in dict.fromkeys(e.PayPlanNum for e in pieces):  # 8
                plan = [e for e in pieces if e.PayPlanNum == plan_num]
                negative = [e for e in plan if e.isAdjPiece and e.amount < 0]
                if negative:
                    _literal_balance(plan, negative)
    _literal_balance(work, work)  # 6.5


def _literal_balance(positives: list[AccountEntry], negatives: list[AccountEntry]) -> None:
    pos = [e for e in positives if e.amount > 0]
    neg = [e for e in negatives if e.amount < 0]
    for p in pos:
        for n in neg:
            if p.amount > 0 and n.amount < 0:
                moved = min(p.amount, -n.amount)
                p.amount -= moved
                n.amount += moved


def _state(result: Ledger) -> tuple[list[Decimal], list[Decimal], list[Decimal]]:
    return (
        [e.amount for e in result.entries],
        [s.rem for s in result.splits],
        [p.rem for p in result.pay_as_totals],
    )


@SETTINGS
@given(cases())
def test_implicit_linking_agrees_with_a_literal_reading_of_section_6(case: Case) -> None:
    request = case.request
    fast, literal = (ledger(case.family, case.prefs) for _ in range(2))
    for result in (fast, literal):
        explicit_link(result, case.prefs)
    implicit_link(fast, request.PatNum, request.isPatientPreferred, request.procNums)
    _literal_implicit_link(literal, request.PatNum, request.isPatientPreferred, request.procNums)
    assert _state(fast) == _state(literal)
