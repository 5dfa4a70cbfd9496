"""A plan's debits allocated to its credits (allocation.md §2.3.6: dynamic D1–D4, static S1–S5)."""

from decimal import Decimal

from odpay.domain.entries import AccountEntry, EntryKind
from odpay.domain.enums import DynamicPayPlanTPOption, PayPlanDebitType
from odpay.domain.payplans.pieces import PlanCredit, PlanDebit, allocate_plan
from tests.domain.builders import d, money, plan

M = money
P, INT = PayPlanDebitType.Principal, PayPlanDebitType.Interest
DYNAMIC = plan(7, 10, 10, IsDynamic=True)
STATIC = plan(7, 10, 10, IsDynamic=False)


def procedure(num: int, amount: str, ins: str = "0", tp: bool = False) -> AccountEntry:
    return AccountEntry(
        kind=EntryKind.Procedure,
        date=d("2024-01-01"),
        pk=num,
        seq=num,
        PatNum=10,
        ProvNum=num,  # the procedure's provider shows where a piece's owner came from
        ClinicNum=0,
        amount=M(amount),
        ProcNum=num,
        tp=tp,
        insPay=M(ins),
    )


def credit(
    value: str, proc: AccountEntry | None = None, *, adj: int = 0, proc_num: int = 0
) -> PlanCredit:
    return PlanCredit(
        PayPlanNum=7,
        PatNum=10,
        ProvNum=proc.ProvNum if proc else 50,
        ClinicNum=0,
        ProcNum=proc.ProcNum if proc else proc_num,
        AdjNum=adj,
        isAdj=adj > 0 or M(value) < 0,
        value=M(value),
        proc=proc,
    )


def debit(
    num: int,
    amount: str,
    kind: PayPlanDebitType = P,
    *,
    proc: int = 0,
    adj: int = 0,
    **cols: object,
) -> PlanDebit:
    value = M(amount)
    return PlanDebit(
        date=d("2024-02-01"),
        PayPlanNum=7,
        PayPlanChargeNum=num,
        PatNum=11,
        Guarantor=10,
        ProvNum=90,
        ClinicNum=0,
        isOffset=bool(cols.get("offset", False)),
        debitType=kind,
        ProcNum=proc,
        AdjNum=adj,
        isAdj=bool(cols.get("is_adj", adj > 0)),
        amount=value,
        principal=value if kind == P else M("0"),
        interest=value if kind == INT else M("0"),
    )


def shown(pieces: list[AccountEntry]) -> list[tuple[int, str, Decimal, int, int, int]]:
    """(charge, debit type, amount, ProvNum, ProcNum, AdjNum) of each piece, in creation order."""
    return [
        (
            p.PayPlanChargeNum,
            PayPlanDebitType(p.PayPlanDebitType).name,
            p.amount,
            p.ProvNum,
            p.ProcNum,
            p.AdjNum,
        )
        for p in pieces
    ]


def test_d1_a_treatment_planned_procedure_gives_no_credit_unless_treated_as_complete() -> None:
    def run(option: DynamicPayPlanTPOption) -> list[tuple[int, str, Decimal, int, int, int]]:
        tp = procedure(1, "100", tp=True)
        chosen = plan(7, 10, 10, IsDynamic=True, DynamicPayPlanTPOption=option)
        return shown(allocate_plan(chosen, [credit("100", tp)], [debit(5, "100", proc=1)]))

    assert run(DynamicPayPlanTPOption.AwaitComplete) == [(5, "Principal", M("100"), 90, 1, 0)]
    assert run(DynamicPayPlanTPOption.TreatAsComplete) == [(5, "Principal", M("100"), 1, 1, 0)]


def test_d2_an_adjustment_credit_takes_the_debits_of_its_adjustment() -> None:
    pieces = allocate_plan(
        DYNAMIC,
        [credit("30", adj=3)],
        [debit(5, "20", adj=3), debit(6, "20", adj=3), debit(7, "20", adj=4)],
    )
    assert shown(pieces) == [
        (5, "Principal", M("20"), 50, 0, 3),
        (6, "Principal", M("10"), 50, 0, 3),
        (6, "Principal", M("10"), 90, 0, 3),  # D4: the rest of the debit, as it is
        (7, "Principal", M("20"), 90, 0, 4),
    ]
    assert [p.isAdjPiece for p in pieces] == [True, True, True, True]


def test_d3_a_procedure_credit_takes_the_debits_of_its_procedure_and_never_interest() -> None:
    proc = procedure(1, "0")
    pieces = allocate_plan(
        DYNAMIC,
        [credit("150", proc)],
        [debit(5, "100", proc=1), debit(5, "8", INT), debit(6, "100", proc=1)],
    )
    assert shown(pieces) == [
        (5, "Principal", M("100"), 1, 1, 0),
        (6, "Principal", M("50"), 1, 1, 0),
        (5, "Interest", M("8"), 90, 0, 0),
        (6, "Principal", M("50"), 90, 1, 0),  # principal beyond the linked production
    ]


def test_d4_used_up_debits_disappear_but_offsets_always_stay() -> None:
    pieces = allocate_plan(
        DYNAMIC, [], [debit(5, "0", proc=1), debit(6, "0", proc=1, offset=True), debit(7, "-5")]
    )
    assert shown(pieces) == [(6, "Principal", M("0"), 90, 1, 0)]


def test_s1_a_credit_takes_its_procedure_up_to_the_amount_before_insurance() -> None:
    proc = procedure(1, "80", ins="20")
    first, second = credit("70", proc), credit("50", proc)
    allocate_plan(STATIC, [first, second], [])
    # 70 fits; the second may take min(10 + 20, 50) = 30, which leaves the procedure at -20.
    assert (proc.amount, proc.planApplied, first.w, second.w) == (
        M("-20"),
        M("100"),
        M("0"),
        M("20"),
    )


def test_s2_a_negative_credit_on_a_procedure_gives_value_back_to_it() -> None:
    proc = procedure(1, "100")
    spent, adjusting = credit("0", proc), credit("100", proc)
    negative = credit("-30", proc)
    allocate_plan(STATIC, [spent, adjusting, negative], [])
    # S1 skips the credit worth 0 (w = 0); its p of 0 is skipped again in S2.
    assert (proc.amount, proc.planApplied, adjusting.p, negative.w) == (
        M("30"),
        M("70"),
        M("70"),
        M("0"),
    )


def test_s3_a_negative_credit_lowers_credits_without_a_procedure_first() -> None:
    proc = procedure(1, "100")
    loose, linked = credit("20"), credit("100", proc)
    negative = credit("-50")
    allocate_plan(STATIC, [linked, loose, negative], [])
    assert (loose.p, linked.p, negative.w, proc.amount, proc.planApplied) == (
        M("0"),
        M("70"),
        M("0"),
        M("30"),
        M("70"),
    )


def test_s5_debits_fill_the_credits_in_order_and_interest_and_adjustments_pass_through() -> None:
    first, second = procedure(1, "60"), procedure(2, "60")
    pieces = allocate_plan(
        STATIC,
        [credit("60", first), credit("60", second)],
        [
            debit(5, "50"),
            debit(5, "5", INT),
            debit(6, "-10", is_adj=True),
            debit(7, "50"),
            debit(8, "50"),
        ],
    )
    # T = 50 + 5 - 10 + 50 + 50 = 145; interest and the adjustment debit pass through without
    # lowering it. Debit 5 fills 50 of credit 1 (T 95), debit 7 its last 10 and 40 of credit 2
    # (T 45), debit 8 may take 45: 20 fill credit 2, the other 25 go to the first credit.
    assert shown(pieces) == [
        (5, "Principal", M("50"), 1, 1, 0),
        (5, "Interest", M("5"), 90, 0, 0),
        (6, "Principal", M("0"), 90, 0, 0),
        (7, "Principal", M("10"), 1, 1, 0),
        (7, "Principal", M("40"), 2, 2, 0),
        (8, "Principal", M("20"), 2, 2, 0),
        (8, "Principal", M("25"), 1, 1, 0),
    ]


def test_s5_a_plan_without_credits_passes_its_debits_through() -> None:
    pieces = allocate_plan(STATIC, [], [debit(5, "50"), debit(6, "30")])
    assert shown(pieces) == [
        (5, "Principal", M("50"), 90, 0, 0),
        (6, "Principal", M("30"), 90, 0, 0),
    ]


def test_s5_a_credit_naming_a_missing_or_planned_procedure_gives_the_debits_own_owner() -> None:
    planned = procedure(2, "0", tp=True)
    pieces = allocate_plan(
        STATIC, [credit("30", proc_num=9), credit("30", planned)], [debit(5, "60")]
    )
    assert shown(pieces) == [
        (5, "Principal", M("30"), 90, 0, 0),
        (5, "Principal", M("30"), 90, 0, 0),
    ]
    assert [p.tp for p in pieces] == [False, False]


def test_s2_a_second_negative_credit_finds_the_procedure_credit_already_given_back() -> None:
    proc = procedure(1, "100")
    linked = credit("100", proc)
    first, second = credit("-100", proc), credit("-10", proc)
    allocate_plan(STATIC, [linked, first, second], [])
    # The first gives all 100 back; the second finds p = 0 on the procedure's credit.
    assert (proc.amount, proc.planApplied, linked.p, first.w, second.w) == (
        M("100"),
        M("0"),
        M("0"),
        M("0"),
        M("-10"),
    )
