"""The Service Date View rows: procedures with what is attached, other rows by date, totals."""

from datetime import date
from decimal import Decimal

from odpay.domain.prefs import Prefs
from odpay.domain.records import ClaimProcStatus
from odpay.domain.service_date_view import Row, service_date_rows
from tests.domain.builders import adj, claimproc, family, patient, proc, split

TODAY = date(2024, 6, 15)
Z = Decimal("0.00")


def money(text: str) -> Decimal:
    return Decimal(text)


def test_each_procedure_carries_its_attached_rows_and_every_date_its_total() -> None:
    head, child = patient(10), patient(11, Guarantor=10)
    fam = family(
        head,
        child,
        procedures=[
            proc(101, 10, "235", "2024-03-01", ProcCode="D2393"),
            proc(102, 11, "100", "2024-05-01", ProvNum=2, ProcCode="D1110"),
        ],
        claimprocs=[
            claimproc(1, 101, 10, InsPayEst="120", WriteOffEst="30"),
            claimproc(2, 102, 11, ClaimProcStatus.Received, InsPayAmt="60", WriteOff="10"),
        ],
        adjustments=[
            adj(201, 10, "-18.80", "2024-03-01", ProcNum=101),
            adj(202, 10, "20", "2024-06-05"),
        ],
        paysplits=[
            split(301, 10, "30", "2024-06-10", ProvNum=0, UnearnedType=283),
            split(302, 11, "25", "2024-05-20", ProvNum=2, ProcNum=102),
        ],
    )
    rows = service_date_rows(fam, Prefs(), TODAY, {10, 11})
    d = date.fromisoformat
    assert rows == [
        Row(
            "Procedure",
            101,
            "Proc",
            d("2024-03-01"),
            None,
            10,
            "D2393",
            money("235"),
            Z,
            1,
            money("150.00"),
            money("66.20"),
        ),
        Row(
            "Adjustment",
            201,
            "Adj-Att.",
            None,
            d("2024-03-01"),
            10,
            "Adjustment",
            Z,
            money("18.80"),
            1,
        ),
        Row(
            "",
            None,
            "Day Total",
            d("2024-03-01"),
            None,
            None,
            "Total for Date",
            money("235"),
            money("18.80"),
            None,
            money("150.00"),
            money("66.20"),
        ),
        Row(
            "Procedure",
            102,
            "Proc",
            d("2024-05-01"),
            None,
            11,
            "D1110",
            money("100"),
            Z,
            2,
            Z,
            money("5.00"),
        ),
        Row(
            "PaySplit",
            302,
            "PatPay Att.",
            None,
            d("2024-05-20"),
            11,
            "Payment",
            Z,
            money("25.00"),
            2,
        ),
        Row(
            "ClaimProc",
            2,
            "InsPay-Att.",
            None,
            d("2024-05-01"),
            11,
            "Insurance payment",
            Z,
            money("60.00"),
            0,
        ),
        Row(
            "ClaimProc",
            2,
            "WriteOff-Att.",
            None,
            d("2024-05-01"),
            11,
            "Write-off",
            Z,
            money("10.00"),
            0,
        ),
        Row(
            "",
            None,
            "Day Total",
            d("2024-05-01"),
            None,
            None,
            "Total for Date",
            money("100"),
            money("95.00"),
            None,
            Z,
            money("5.00"),
        ),
        Row(
            "Adjustment", 202, "Adj", None, d("2024-06-05"), 10, "Adjustment", money("20.00"), Z, 1
        ),
        Row(
            "",
            None,
            "Day Total",
            d("2024-06-05"),
            None,
            None,
            "Total for Date",
            money("20.00"),
            Z,
            None,
            Z,
            money("20.00"),
        ),
        Row("PaySplit", 301, "PatPay", None, d("2024-06-10"), 10, "Payment", Z, money("30.00"), 0),
        Row(
            "",
            None,
            "Day Total",
            d("2024-06-10"),
            None,
            None,
            "Total for Date",
            Z,
            money("30.00"),
            None,
            Z,
            money("-30.00"),
        ),
        Row(
            "",
            None,
            "Overall Total",
            None,
            None,
            None,
            "Total",
            money("355"),
            money("143.80"),
            None,
            money("150.00"),
            money("61.20"),
        ),
    ]


def test_one_patients_view_leaves_the_others_out() -> None:
    fam = family(
        patient(10),
        patient(11, Guarantor=10),
        procedures=[proc(101, 10, "50", "2024-03-01"), proc(102, 11, "70", "2024-05-01")],
    )
    rows = service_date_rows(fam, Prefs(), TODAY, {11})
    assert [(r.Type, r.PrimaryKey, r.AcctBal) for r in rows] == [
        ("Proc", 102, money("70")),
        ("Day Total", None, money("70")),
        ("Overall Total", None, money("70")),
    ]
