"""The Service Date View rows: procedures with what is attached, other rows by date, totals."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

from odpay.domain.enums import ClaimProcStatus, PayPlanLinkType
from odpay.domain.prefs import Prefs
from odpay.domain.records import Definition
from odpay.domain.service_date_view import Row, service_date_rows
from tests.domain.builders import adj, charge, claimproc, family, link, patient, plan, proc, split

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


def test_plans_show_their_credits_their_due_charges_and_dynamic_credits_per_link() -> None:
    fam = family(
        patient(10),
        procedures=[
            proc(101, 10, "300", "2024-03-01", ProcCode="D2740"),
            proc(102, 10, "80", "2024-04-01", ProcCode="D1110"),
        ],
        adjustments=[adj(201, 10, "40", "2024-04-02")],
        payplans=[
            plan(7, 10, 10, IsDynamic=False),
            plan(8, 10, 10, IsDynamic=True),
            plan(9, 10, 10, PlanNum=5),  # an insurance plan: none of its rows show
        ],
        payplancharges=[
            charge(1, 7, 10, 10, "2024-03-02", "300", credit=True, ProcNum=101),
            charge(2, 7, 10, 10, "2024-04-01", "100", "1.50", ProcNum=101),
            charge(3, 7, 10, 10, "2024-05-01", "100"),  # on no procedure
            charge(4, 7, 10, 10, "2024-07-01", "100", ProcNum=101),  # not due yet
            charge(5, 8, 10, 10, "2024-05-10", "30", LinkType=2, FKey=102),
            charge(6, 9, 10, 10, "2024-05-10", "99"),
        ],
        payplanlinks=[
            link(1, 8, 102, entered="2024-05-01 09:00"),
            link(2, 8, 201, PayPlanLinkType.Adjustment, override="25", entered="2024-05-01"),
        ],
    )
    rows = service_date_rows(fam, Prefs(), TODAY, {10})
    d = date.fromisoformat
    # A charge on a procedure and a dynamic credit on a procedure link sit under it; the
    # static credit, a charge on no procedure and an adjustment link's credit stand alone.
    # Charge 4 is not due yet and plan 9 is insurance's.
    assert [r for r in rows if r.ObjectType in ("PayPlanCharge", "PayPlan")] == [
        Row("PayPlanCharge", 2, "PayPlan Charge Att.", None, d("2024-04-01"), 10,
            "Payment plan charge", money("101.50"), Z, 1),
        Row("PayPlanCharge", 1, "PayPlan Credit", None, d("2024-03-02"), 10,
            "Payment plan credit", Z, money("300"), 1),
        Row("PayPlanCharge", 5, "PayPlan Charge Att.", None, d("2024-05-10"), 10,
            "Payment plan charge", money("30"), Z, 1),
        Row("PayPlan", 8, "Dynamic PayPlan Credit", None, d("2024-05-01"), 10,
            "Dynamic payment plan credit", Z, money("80"), None),
        Row("PayPlanCharge", 3, "PayPlan Charge", None, d("2024-05-01"), 10,
            "Payment plan charge", money("100"), Z, 1),
        Row("PayPlan", 8, "Dynamic PayPlan Credit", None, d("2024-05-01"), 10,
            "Dynamic payment plan credit", Z, money("25"), None),
    ]  # fmt: skip


def test_only_the_chosen_patients_rows_show_and_hidden_unearned_types_stay_out() -> None:
    # Definition 284 is an unearned type hidden from the account (ItemValue set).
    fam = family(
        patient(10),
        patient(11, Guarantor=10),
        procedures=[proc(101, 10, "200", "2024-03-01"), proc(111, 11, "90", "2024-03-01")],
        claimprocs=[
            claimproc(1, 101, 10, ClaimProcStatus.Received, InsPayAmt="0", WriteOff="15"),
            claimproc(2, 101, 10, ClaimProcStatus.Supplemental, InsPayAmt="20", WriteOff="0"),
            claimproc(3, 111, 11, ClaimProcStatus.Received, InsPayAmt="50"),
        ],
        adjustments=[adj(201, 11, "10", "2024-03-01")],
        paysplits=[
            split(301, 10, "12", "2024-03-05", PayPlanNum=7),
            split(302, 10, "8", "2024-03-05", UnearnedType=283),
            split(303, 10, "6", "2024-03-05", UnearnedType=284),
            split(304, 10, "5", "2024-03-05", AdjNum=201),
            split(305, 11, "4", "2024-03-05"),
            split(306, 10, "3", "2024-03-05"),
        ],
        payplans=[plan(7, 10, 10, IsDynamic=True), plan(8, 11, 10, IsDynamic=True)],
        payplanlinks=[link(1, 8, 111, entered="2024-03-02")],
    )
    hidden = Definition(284, 29, "Treat plan prepayment", ItemValue="X")
    fam = replace(fam, definitions=(*fam.definitions, hidden))
    rows = service_date_rows(fam, Prefs(), TODAY, {10})
    d = date.fromisoformat
    assert [r for r in rows if r.ObjectType not in ("", "Procedure")] == [
        Row("ClaimProc", 1, "WriteOff-Att.", None, d("2024-03-01"), 10, "Write-off",
            Z, money("15"), 0),
        Row("ClaimProc", 2, "InsPay-Att.", None, d("2024-03-01"), 10, "Insurance payment",
            Z, money("20"), 0),
        Row("PaySplit", 301, "PatPay PayPlan", None, d("2024-03-05"), 10, "Payment",
            Z, money("12"), 1),
        Row("PaySplit", 302, "PatPay", None, d("2024-03-05"), 10, "Payment", Z, money("8"), 1),
        Row("PaySplit", 304, "PatPay", None, d("2024-03-05"), 10, "Payment", Z, money("5"), 1),
        Row("PaySplit", 306, "Unallocated", None, d("2024-03-05"), 10, "Payment",
            Z, money("3"), 1),
    ]  # fmt: skip
