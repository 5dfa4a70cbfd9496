"""/api/v1/claimprocs through the app: the ClaimProc JSON against Open Dental's examples
("API ClaimProcs"), odpay's estimate POST and the estimate PUT."""

from datetime import date, datetime

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from odpay.services.clock import office_today
from tests.factories import add, patient, procedure
from tests.http.shapes import assert_same_shape

# ClaimProcs GET (single) example.
EXAMPLE = {
    "ClaimProcNum": 1984257, "ProcNum": 1734730, "ClaimNum": 98567, "PatNum": 1337,
    "ProvNum": 7, "FeeBilled": 88.0, "InsPayEst": 88.0, "DedApplied": 10.0, "Status": "Received",
    "InsPayAmt": 78.0, "Remarks": "", "ClaimPaymentNum": 6352, "PlanNum": 12,
    "DateCP": "2021-02-16", "WriteOff": 0.0, "CodeSent": "D0330", "AllowedOverride": -1.0,
    "Percentage": 100, "PercentOverride": -1, "CopayAmt": -1.0, "NoBillIns": "false",
    "PaidOtherIns": 0.0, "BaseEst": 88.0, "CopayOverride": -1.0, "ProcDate": "2021-02-16",
    "DateEntry": "0001-01-01", "DedEst": 0.0, "DedEstOverride": -1.0, "InsEstTotal": 88.0,
    "InsEstTotalOverride": -1.0, "PaidOtherInsOverride": -1.0, "EstimateNote": "",
    "WriteOffEst": -1.0, "WriteOffEstOverride": -1.0, "ClinicNum": 2, "InsSubNum": 3,
    "PaymentRow": 1, "PayPlanNum": 0, "ClaimPaymentTracking": 0, "claimPaymentTracking": "",
    "SecUserNumEntry": 1, "SecDateEntry": "2021-01-26", "SecDateTEdit": "2021-02-16 09:43:17",
    "DateSuppReceived": "2021-02-16", "DateInsFinalized": "2021-02-16", "IsTransfer": "false",
    "ClaimAdjReasonCodes": "",
}  # fmt: skip


def test_get_one_claimproc_is_open_dentals_example_field_for_field(
    db: Engine, client: TestClient
) -> None:
    num = add(
        db, "claimproc", ProcNum=1734730, ClaimNum=98567, PatNum=1337, ProvNum=7,
        FeeBilled="88", InsPayEst="88", DedApplied="10", Status=1, InsPayAmt="78",
        ClaimPaymentNum=6352, PlanNum=12, DateCP=date(2021, 2, 16), CodeSent="D0330",
        AllowedOverride="-1", Percentage=100, PaidOtherIns="0", BaseEst="88",
        ProcDate=date(2021, 2, 16), DedEst="0", InsEstTotal="88", WriteOffEst="-1",
        ClinicNum=2, InsSubNum=3, PaymentRow=1, SecUserNumEntry=1,
        SecDateEntry=date(2021, 1, 26), SecDateTEdit=datetime(2021, 2, 16, 9, 43, 17),
        DateSuppReceived=date(2021, 2, 16), DateInsFinalized=date(2021, 2, 16),
    )  # fmt: skip
    r = client.get(f"/api/v1/claimprocs/{num}")
    assert r.status_code == 200
    assert_same_shape(r.json(), {**EXAMPLE, "ClaimProcNum": num})
    listed = client.get("/api/v1/claimprocs", params={"ClaimNum": 98567, "PatNum": 1337})
    assert listed.json()[-1] == r.json()


def test_estimate_post_then_put_then_get(db: Engine, client: TestClient) -> None:
    pat_num = patient(db)
    tracking = add(db, "definition", Category=36, ItemName="Paid In Full")
    proc_num = procedure(db, pat_num, "200.00", "2022-11-23")
    r = client.post(
        "/api/v1/claimprocs",
        json={"ProcNum": proc_num, "InsEstTotalOverride": 120, "WriteOffEstOverride": "30"},
    )
    assert r.status_code == 201
    created = r.json()
    today = office_today().isoformat()
    assert_same_shape(
        created,
        {
            **EXAMPLE, "ClaimProcNum": created["ClaimProcNum"], "ProcNum": proc_num,
            "ClaimNum": 0, "PatNum": pat_num, "ProvNum": 1, "FeeBilled": 0.0, "InsPayEst": 120.0,
            "DedApplied": 0.0, "Status": "Estimate", "InsPayAmt": 0.0, "ClaimPaymentNum": 0,
            "PlanNum": 0, "DateCP": "0001-01-01", "CodeSent": "", "Percentage": -1,
            "BaseEst": 0.0, "ProcDate": "2022-11-23", "InsEstTotal": 0.0,
            "InsEstTotalOverride": 120.0, "WriteOffEstOverride": 30.0, "ClinicNum": 0,
            "InsSubNum": 0, "PaymentRow": 0, "SecDateEntry": today,
            "SecDateTEdit": created["SecDateTEdit"], "DateSuppReceived": "0001-01-01",
            "DateInsFinalized": "0001-01-01",
        },
    )  # fmt: skip
    num = created["ClaimProcNum"]
    body = {"Remarks": "Patient has reached their annual limit", "InsEstTotalOverride": "50",
            "ClaimPaymentTracking": tracking, "PercentOverride": "-1"}  # fmt: skip
    put = client.put(f"/api/v1/claimprocs/{num}", json=body)
    got = put.json()
    assert (put.status_code, got["InsPayEst"], got["claimPaymentTracking"], got["Remarks"]) == (
        200, 50.0, "Paid In Full", "Patient has reached their annual limit"
    )  # fmt: skip
    assert client.get(f"/api/v1/claimprocs/{num}").json() == got


def test_refusals_are_json_strings_with_their_status(db: Engine, client: TestClient) -> None:
    pat_num = patient(db)
    on_claim = add(db, "claimproc", PatNum=pat_num, ClaimNum=45, Status=0)
    cases = [
        (client.get("/api/v1/claimprocs/999999999"), 404, "ClaimProc not found."),
        (client.get("/api/v1/claimprocs?Status=Paid"), 400, "Status is invalid."),
        (client.post("/api/v1/claimprocs", content=b""), 400, "Include a JSON resource."),
        (client.post("/api/v1/claimprocs", json={"ProcNum": "x"}), 400, "Invalid JSON."),
        (client.post("/api/v1/claimprocs", json={}), 400, "ProcNum is required."),
        (client.post("/api/v1/claimprocs", json={"ProcNum": 999999999}), 400,
         "ProcNum is invalid."),
        (client.put("/api/v1/claimprocs", json={}), 400, "ClaimProc ID is required."),
        (client.put("/api/v1/claimprocs/999999999", json={}), 404, "ClaimProc not found."),
        (client.put(f"/api/v1/claimprocs/{on_claim}", json={"Status": "Received"}), 400,
         "ClaimProcs attached to a claim cannot be updated by odpay."),
        (client.put("/api/v1/claimprocs/InsAdjust", json={}), 400,
         "claimprocs PUT InsAdjust is not a valid method."),
    ]  # fmt: skip
    assert [(r.status_code, r.json()) for r, _, _ in cases] == [(s, m) for _, s, m in cases]


def test_openapi_marks_the_estimate_post_as_an_odpay_extension(client: TestClient) -> None:
    post = client.get("/openapi.json").json()["paths"]["/api/v1/claimprocs"]["post"]
    assert post["x-odpay-extension"] is True
    assert post["summary"] == "Add an insurance estimate to a procedure (odpay extension)"
    assert "not part of Open Dental's API" in post["description"]
