"""The mirrored, negated splits of a refund (payments.md §4.2 step 3, allocation.md §12.8)."""

from datetime import date
from decimal import Decimal

from odpay.domain.enums import PayPlanDebitType
from odpay.domain.records import NewSplit, PaySplit
from odpay.domain.refund import refund_splits

TODAY = date(2024, 6, 15)


def test_the_spec_example_gives_one_negated_mirror_per_split() -> None:
    original = [
        PaySplit(
            SplitNum=501,
            PayNum=178,
            SplitAmt=Decimal("100.00"),
            PatNum=1568,
            DatePay=date(2024, 6, 1),
            ProvNum=1,
            ProcNum=13,
        ),
        PaySplit(
            SplitNum=502,
            PayNum=178,
            SplitAmt=Decimal("29.99"),
            PatNum=1568,
            DatePay=date(2024, 6, 1),
            UnearnedType=283,
        ),
    ]

    assert refund_splits(original, TODAY) == [
        NewSplit(
            SplitAmt=Decimal("-100.00"),
            PatNum=1568,
            DatePay=TODAY,
            ProvNum=1,
            ProcNum=13,
            FSplitNum=501,
        ),
        NewSplit(
            SplitAmt=Decimal("-29.99"),
            PatNum=1568,
            DatePay=TODAY,
            UnearnedType=283,
            FSplitNum=502,
        ),
    ]


def test_every_attachment_column_is_copied() -> None:
    original = PaySplit(
        SplitNum=7,
        PayNum=3,
        SplitAmt=Decimal("12.34"),
        PatNum=41,
        DatePay=date(2023, 1, 2),
        ProvNum=5,
        ClinicNum=6,
        ProcNum=8,
        AdjNum=9,
        PayPlanNum=10,
        PayPlanChargeNum=11,
        PayPlanDebitType=PayPlanDebitType.Interest,
        UnearnedType=12,
        FSplitNum=13,
        DateEntry=date(2023, 1, 3),
    )

    assert refund_splits([original], TODAY) == [
        NewSplit(
            SplitAmt=Decimal("-12.34"),
            PatNum=41,
            DatePay=TODAY,
            ProvNum=5,
            ClinicNum=6,
            ProcNum=8,
            AdjNum=9,
            PayPlanNum=10,
            PayPlanChargeNum=11,
            PayPlanDebitType=PayPlanDebitType.Interest,
            UnearnedType=12,
            FSplitNum=7,
        )
    ]


def test_mirrors_come_in_split_num_order_and_sum_to_minus_the_original() -> None:
    amounts = {30: "5.00", 10: "0.01", 20: "99.99"}
    original = [
        PaySplit(SplitNum=n, PayNum=1, SplitAmt=Decimal(a), PatNum=2, DatePay=TODAY)
        for n, a in amounts.items()
    ]

    mirrors = refund_splits(original, TODAY)

    assert [m.FSplitNum for m in mirrors] == [10, 20, 30]
    assert [m.SplitAmt for m in mirrors] == [
        Decimal("-0.01"),
        Decimal("-99.99"),
        Decimal("-5.00"),
    ]
    assert sum(m.SplitAmt for m in mirrors) == Decimal("-105.00")


def test_no_splits_give_no_mirrors() -> None:
    assert refund_splits([], TODAY) == []
