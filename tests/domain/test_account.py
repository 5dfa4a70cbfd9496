"""account_lines(): the family's account as the Account module shows it, in memory."""

from decimal import Decimal

from odpay.domain.account import ClaimPayment, LineKind, PaymentHead, account_lines
from odpay.domain.enums import ProcStat
from tests.domain.builders import adj, d, family, patient, proc, split


def test_lines_by_date_and_kind_with_running_balances() -> None:
    G, C = patient(1), patient(2, Guarantor=1)
    fam = family(
        G,
        C,
        procedures=[
            proc(10, 2, "100", "2024-01-05", ProcCode="D0120", UnitQty=2),  # fee x units
            proc(11, 1, "80", "2024-02-01"),
            proc(12, 1, "500", "2024-02-01", status=ProcStat.TP),  # not on the account
        ],
        adjustments=[adj(20, 1, "-15", "2024-02-01"), adj(21, 2, "5", "2024-01-05")],
        paysplits=[
            split(30, 2, "150", "2024-02-01", PayNum=40, ProcNum=10),
            split(31, 1, "30", "2024-02-01", PayNum=40, ProcNum=11),
            split(32, 1, "20", "2024-01-05", PayNum=41),
        ],
    )
    heads = {40: PaymentHead(40, 1, d("2024-02-01"), Decimal("180.00"), 69)}
    claims = [ClaimPayment(7, 1, d("2024-02-01"), Decimal("40.00"), Decimal("10.00"))]

    lines = account_lines(fam, heads, claims, {"D0120": "exam"}, {69: "Check"})

    assert [
        (ln.kind, ln.key, ln.date, ln.charge, ln.credit, ln.balance, ln.description)
        for ln in lines
    ] == [
        (LineKind.Procedure, 10, d("2024-01-05"), Decimal("200"), 0, Decimal("200"), "exam"),
        (LineKind.Adjustment, 21, d("2024-01-05"), Decimal("5"), 0, Decimal("205"), "Adjustment"),
        (LineKind.Payment, 41, d("2024-01-05"), 0, Decimal("20"), Decimal("185"), "Payment"),
        (LineKind.Procedure, 11, d("2024-02-01"), Decimal("80"), 0, Decimal("265"), ""),
        (LineKind.Adjustment, 20, d("2024-02-01"), 0, Decimal("15"), Decimal("250"), "Adjustment"),
        (LineKind.Insurance, 7, d("2024-02-01"), 0, Decimal("50"), Decimal("200"),
         "Insurance payment, claim 7 (write-off 10.00)"),
        (LineKind.Payment, 40, d("2024-02-01"), 0, Decimal("180"), Decimal("20"), "Payment Check"),
    ]  # fmt: skip
    assert [s.SplitNum for s in lines[-1].splits] == [30, 31]


def test_rows_of_patients_outside_the_family_and_a_claim_without_write_off() -> None:
    # Patient 9 is not in the family: their adjustment on the family's procedure and their
    # split of the family's payment are loaded (they touch its charges) but are not its lines.
    fam = family(
        patient(1),
        procedures=[proc(10, 1, "100", "2024-01-05")],
        adjustments=[adj(20, 9, "-10", "2024-01-06", ProcNum=10)],
        paysplits=[
            split(30, 1, "40", "2024-01-07", PayNum=40, ProcNum=10),
            split(31, 9, "5", "2024-01-07", PayNum=40),
        ],
    )
    heads = {40: PaymentHead(40, 1, d("2024-01-07"), Decimal("45.00"), 69)}
    claims = [ClaimPayment(7, 1, d("2024-01-08"), Decimal("30.00"), Decimal("0.00"))]

    lines = account_lines(fam, heads, claims, {}, {})

    assert [(ln.kind, ln.key, ln.credit, ln.balance, ln.description) for ln in lines] == [
        (LineKind.Procedure, 10, 0, Decimal("100"), ""),
        (LineKind.Payment, 40, Decimal("40"), Decimal("60"), "Payment"),
        (LineKind.Insurance, 7, Decimal("30"), Decimal("30"), "Insurance payment, claim 7"),
    ]
    assert [s.SplitNum for s in lines[1].splits] == [30]
