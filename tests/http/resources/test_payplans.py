"""PayPlans and PayPlanCharges through HTTP: Open Dental's field order and JSON types, the
documented example plan, statuses and bodies of refusals."""

from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from odpay.domain.payplans.schedule import add_months
from odpay.services.clock import office_today
from tests.factories import add, patient, procedure, rows
from tests.http.conftest import KeyMaker

# Open Dental's example response of POST /payplans/Dynamic (apipayplans), as published.
DOC_PAYPLAN = {
    "PayPlanNum": 271,
    "PatNum": 72,
    "Guarantor": 72,
    "PayPlanDate": "2022-06-30",
    "APR": 10.0,
    "Note": "06/30/2022 - Date of Agreement: 06/30/2022, Total Amount: 728.00, APR: 10, Total Cost of Loan: 741.71, DownPayment in Cash",
    "PlanNum": 0,
    "CompletedAmt": 652.0,
    "InsSubNum": 0,
    "PaySchedule": "Monthly",
    "NumberOfPayments": 0,
    "PayAmt": 81.48,
    "DownPayment": 100.0,
    "IsClosed": "false",
    "PlanCategory": 446,
    "planCategory": "Ortho",
    "IsDynamic": "true",
    "ChargeFrequency": "Monthly",
    "DatePayPlanStart": "2022-07-01",
    "IsLocked": "true",
    "DateInterestStart": "2022-08-01",
    "DynamicPayPlanTPOption": "AwaitComplete",
    "principalAmount": 728.0,
    "SheetDefNum": 0,
}
# Open Dental's example item of GET /payplancharges (apipayplancharges).
DOC_CHARGE = {
    "PayPlanChargeNum": 42,
    "PayPlanNum": 23,
    "Guarantor": 30,
    "PatNum": 30,
    "ChargeDate": "2023-09-20",
    "Principal": 25.0,
    "Interest": 0.0,
    "Note": "Down Payment",
    "ProvNum": 2,
    "ClinicNum": 0,
    "ChargeType": "Debit",
    "ProcNum": 0,
    "SecDateTEntry": "2023-09-20 09:24:16",
    "SecDateTEdit": "2023-09-20 09:24:16",
    "StatementNum": 0,
    "FKey": 134,
    "LinkType": "Procedure",
    "IsOffset": "false",
}


def shape(body: dict[str, Any]) -> list[tuple[str, type]]:
    return [(name, type(value)) for name, value in body.items()]


def documented_plan(client: TestClient, db: Engine) -> tuple[dict[str, Any], int, int]:
    """The documentation's plan made today: 652.00 completed and 76.00 planned production,
    100.00 down, 8 payments at 10 % APR, interest from the second payment on."""
    today = office_today()
    pat = patient(db)
    earlier = str(today - timedelta(days=10))
    procs = [
        procedure(db, pat, "300.00", earlier, ProvNum=2),
        procedure(db, pat, "76.00", earlier, ProvNum=2, ProcStatus=1),
        procedure(db, pat, "200.00", earlier, ProvNum=2),
        procedure(db, pat, "100.00", earlier, ProvNum=2),
    ]
    adj = add(db, "adjustment", PatNum=pat, AdjAmt="52.00", AdjDate=today, ProvNum=2, AdjType=2)
    ortho = add(db, "definition", Category=47, ItemName="Ortho", ItemOrder=0)
    first = today + timedelta(days=1)
    response = client.post(
        "/api/v1/payplans/Dynamic",
        json={
            "PatNum": pat,
            "Guarantor": pat,
            "PayPlanDate": str(today),
            "NumberOfPayments": 8,
            "APR": 10,
            "DownPayment": 100,
            "Note": "DownPayment in Cash",
            "PlanCategory": ortho,
            "ChargeFrequency": "Monthly",
            "DatePayPlanStart": str(first),
            "DateInterestStart": str(add_months(first, 1)),
            "IsLocked": "true",
            "DynamicPayPlanTPOption": "AwaitComplete",
            "procNums": procs,
            "adjNums": [adj],
        },
    )
    assert response.status_code == 201, response.text
    return response.json(), pat, ortho


def test_post_dynamic_answers_the_documented_plan_field_for_field(
    client: TestClient, db: Engine
) -> None:
    body, pat, ortho = documented_plan(client, db)
    today = office_today()
    first = today + timedelta(days=1)
    assert shape(body) == shape(DOC_PAYPLAN)
    assert body == {
        **DOC_PAYPLAN,
        "PayPlanNum": body["PayPlanNum"],
        "PatNum": pat,
        "Guarantor": pat,
        "PayPlanDate": str(today),
        # Exact cents put the last interest tie (0.635) at 0.64, where Open Dental has 0.63.
        "Note": (
            f"{today:%m/%d/%Y} - Date of Agreement: {today:%m/%d/%Y}, Total Amount: 728.00, "
            "APR: 10, Total Cost of Loan: 741.72, DownPayment in Cash"
        ),
        "PlanCategory": ortho,
        "DatePayPlanStart": str(first),
        "DateInterestStart": str(add_months(first, 1)),
    }


def test_get_answers_the_plan_in_the_requested_date_format(client: TestClient, db: Engine) -> None:
    created, pat, _ortho = documented_plan(client, db)
    num = created["PayPlanNum"]
    one = client.get(f"/api/v1/payplans/{num}")
    listed = client.get(f"/api/v1/payplans?PatNum={pat}")
    formatted = client.get(f"/api/v1/payplans/{num}?DateFormatString=MM/dd/yyyy")
    assert (one.status_code, listed.status_code) == (200, 200)
    assert one.json() == created
    assert listed.json() == [created]
    assert formatted.json()["PayPlanDate"] == f"{office_today():%m/%d/%Y}"
    assert formatted.json()["DateInterestStart"] == (
        f"{add_months(office_today() + timedelta(days=1), 1):%m/%d/%Y}"
    )


def test_charges_answer_open_dentals_charge_json_for_the_charges_due(
    client: TestClient, db: Engine
) -> None:
    created, pat, _ortho = documented_plan(client, db)
    num = created["PayPlanNum"]
    response = client.get(f"/api/v1/payplancharges?PayPlanNum={num}")
    assert response.status_code == 200
    [down] = response.json()
    [stored] = [c for c in rows(db, "payplancharge", PayPlanNum=num) if c["IsDownPayment"]]
    stamp = f"{stored['SecDateTEntry']:%Y-%m-%d %H:%M:%S}"
    assert shape(down) == shape(DOC_CHARGE)
    assert down == {
        "PayPlanChargeNum": stored["PayPlanChargeNum"],
        "PayPlanNum": num,
        "Guarantor": pat,
        "PatNum": pat,
        "ChargeDate": str(office_today()),
        "Principal": 100.0,
        "Interest": 0.0,
        "Note": "Down Payment",
        "ProvNum": 2,
        "ClinicNum": 0,
        "ChargeType": "Debit",
        "ProcNum": 0,
        "SecDateTEntry": stamp,
        "SecDateTEdit": stamp,
        "StatementNum": 0,
        "FKey": stored["FKey"],
        "LinkType": "Procedure",
        "IsOffset": "false",
    }


def test_put_dynamic_and_close_answer_the_plan(client: TestClient, db: Engine) -> None:
    today = office_today()
    pat = patient(db)
    proc = procedure(db, pat, "120.00", str(today - timedelta(days=5)), ProvNum=1)
    created = client.post(
        "/api/v1/payplans/Dynamic",
        json={"PatNum": str(pat), "PayAmt": 40.0, "procNums": [proc], "IsLocked": False},
    ).json()
    num = created["PayPlanNum"]
    updated = client.put(f"/api/v1/payplans/{num}/Dynamic", json={"PayAmt": "60", "Note": "Now 60"})
    closed = client.put(f"/api/v1/payplans/{num}/Close")
    assert updated.status_code == 200, updated.text
    assert (updated.json()["PayAmt"], updated.json()["Note"]) == (60.0, "Now 60")
    assert closed.status_code == 200, closed.text
    assert (closed.json()["IsClosed"], closed.json()["CompletedAmt"]) == ("true", 0.0)


def test_refusals_are_json_strings_with_their_status(
    client: TestClient, db: Engine, make_key: KeyMaker
) -> None:
    reader = {"Authorization": make_key(("ApiReadAll",))}
    cases = [
        (client.get("/api/v1/payplans/999999999"), 404, "PayPlan not found."),
        (client.get("/api/v1/payplans"), 400, "PatNum or Guarantor is required."),
        (client.get("/api/v1/payplancharges"), 400, "PayPlanNum is required."),
        (client.get("/api/v1/payplancharges?PayPlanNum=999999999"), 404, "PayPlan not found."),
        (client.post("/api/v1/payplans/Dynamic"), 400, "Include a JSON resource."),
        (client.post("/api/v1/payplans/Dynamic", content=b"{"), 400, "Invalid JSON."),
        (client.post("/api/v1/payplans/Dynamic", json={"PatNum": True}), 400, "Invalid JSON."),
        (client.post("/api/v1/payplans/Dynamic", json={}), 400, "PatNum is required."),
        (client.post("/api/v1/payplans", json={}), 400, "payplans POST  is not a valid method."),
        (client.put("/api/v1/payplans/Dynamic", json={}), 400, "PayPlanNum is required."),
        (client.put("/api/v1/payplans/999999999/Dynamic", content=b"{"), 404, "PayPlan not found."),
        (client.put("/api/v1/payplans/Close"), 400, "PayPlanNum is required."),
        (client.put("/api/v1/payplans/999999999/Close"), 404, "PayPlan not found."),
        (
            client.post("/api/v1/payplans/Dynamic", json={"PatNum": 1}, headers=reader),
            401,
            "Not Authorized.",
        ),
    ]
    assert [(r.status_code, r.json()) for r, _, _ in cases] == [(s, m) for _, s, m in cases]
