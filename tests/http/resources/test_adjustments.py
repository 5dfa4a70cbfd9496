"""/api/v1/adjustments through the app: the Adjustment JSON against Open Dental's examples
("API Adjustments"), statuses, and a round trip."""

from datetime import date, datetime

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from odpay.services.clock import office_today
from tests.factories import add, patient, procedure
from tests.http.shapes import assert_same_shape


def test_list_items_are_open_dentals_example_field_for_field(
    db: Engine, client: TestClient
) -> None:
    pat_num = patient(db)
    first = add(
        db, "adjustment", AdjDate=date(2022, 7, 2), AdjAmt="-25", PatNum=pat_num, AdjType=1,
        ProvNum=1, AdjNote="Cash Discount", ProcDate=date(2022, 7, 2), DateEntry=date(2022, 7, 2),
        SecDateTEdit=datetime(2022, 7, 2, 11, 45, 48),
    )  # fmt: skip
    second = add(
        db, "adjustment", AdjDate=date(2022, 7, 18), AdjAmt="50", PatNum=pat_num, AdjType=2,
        ProvNum=1, AdjNote="Finance Charge", ProcDate=date(2022, 7, 18),
        DateEntry=date(2022, 7, 18), SecDateTEdit=datetime(2022, 7, 18, 11, 45, 48),
    )  # fmt: skip
    r = client.get("/api/v1/adjustments", params={"PatNum": pat_num})
    assert r.status_code == 200
    first_json, second_json = r.json()
    assert_same_shape(
        first_json,
        {"AdjNum": first, "AdjDate": "2022-07-02", "AdjAmt": -25.0, "PatNum": pat_num,
         "AdjType": 1, "adjType": "Misc Neg Adjustment", "ProvNum": 1, "AdjNote": "Cash Discount",
         "ProcDate": "2022-07-02", "ProcNum": 0, "DateEntry": "2022-07-02", "ClinicNum": 0,
         "SecUserNumEntry": 0, "SecDateTEdit": "2022-07-02 11:45:48"},
    )  # fmt: skip
    assert (second_json["AdjNum"], second_json["AdjAmt"], second_json["adjType"]) == (
        second, 50.0, "Misc Pos Adjustment"
    )  # fmt: skip


def test_post_of_the_documented_request_then_get(db: Engine, client: TestClient) -> None:
    pat_num = patient(db)
    proc_num = procedure(db, pat_num, "100.00", "2022-06-01")
    clinic = add(db, "clinic", Abbr="C1")
    body = {
        "PatNum": pat_num, "AdjType": 1, "AdjAmt": -24.99, "AdjDate": "2022-07-19",
        "ProvNum": 1, "AdjNote": "Discount", "ProcNum": proc_num, "ProcDate": "2022-06-10",
        "ClinicNum": clinic,
    }  # fmt: skip
    r = client.post("/api/v1/adjustments", json=body)
    assert r.status_code == 201
    created = r.json()
    # The page's example shows DateEntry = ProcDate and SecUserNumEntry 0; odpay stores the
    # day of entry and the API user, as for payments.
    assert_same_shape(
        created,
        {"AdjNum": created["AdjNum"], "AdjDate": "2022-07-19", "AdjAmt": -24.99,
         "PatNum": pat_num, "AdjType": 1, "adjType": "Misc Neg Adjustment", "ProvNum": 1,
         "AdjNote": "Discount", "ProcDate": "2022-06-10", "ProcNum": proc_num,
         "DateEntry": office_today().isoformat(), "ClinicNum": clinic, "SecUserNumEntry": 1,
         "SecDateTEdit": created["SecDateTEdit"]},
    )  # fmt: skip
    listed = client.get("/api/v1/adjustments", params={"PatNum": pat_num, "ProcNum": proc_num})
    assert listed.json() == [created]


def test_put_of_the_documented_requests(db: Engine, client: TestClient) -> None:
    pat_num = patient(db)
    proc_num = procedure(db, pat_num, "100.00", "2022-07-21")
    prov = add(db, "provider", Abbr="DOC4")
    adj_num = client.post(
        "/api/v1/adjustments",
        json={"PatNum": pat_num, "AdjType": 1, "AdjAmt": "-10", "AdjDate": "2022-07-01"},
    ).json()["AdjNum"]
    assert (
        client.put(f"/api/v1/adjustments/{adj_num}", json={"AdjAmt": -24.49}).json()["AdjAmt"]
        == -24.49
    )
    body = {
        "AdjDate": "2022-07-21", "AdjAmt": 39.50, "AdjType": 2, "ProvNum": prov,
        "AdjNote": "Additional Charge", "ProcNum": proc_num, "ClinicNum": 0,
    }  # fmt: skip
    r = client.put(f"/api/v1/adjustments/{adj_num}", json=body)
    got = r.json()
    assert (r.status_code, got["AdjAmt"], got["adjType"], got["ProcDate"], got["ProcNum"]) == (
        200, 39.5, "Misc Pos Adjustment", "2022-07-21", proc_num
    )  # fmt: skip


def test_refusals_are_json_strings_with_their_status(db: Engine, client: TestClient) -> None:
    pat_num = patient(db)
    cases = [
        (client.get("/api/v1/adjustments"), 400, "PatNum is required."),
        (client.get("/api/v1/adjustments?PatNum=999999999"), 404, "Patient not found."),
        (client.post("/api/v1/adjustments", content=b""), 400, "Include a JSON resource."),
        (client.post("/api/v1/adjustments", json={"PatNum": pat_num, "AdjType": True}), 400,
         "Invalid JSON."),
        (client.post("/api/v1/adjustments", json={"PatNum": pat_num, "AdjType": 2,
         "AdjAmt": "-5", "AdjDate": "2022-01-01"}), 400,
         "AdjAmt must be positive for this AdjType."),
        (client.put("/api/v1/adjustments", json={}), 400, "Adjustment ID is required."),
        (client.put("/api/v1/adjustments/999999999", content=b"x"), 404, "Adjustment not found."),
        (client.get("/api/v1/adjustments/5"), 400, "adjustments GET  is not a valid method."),
    ]  # fmt: skip
    assert [(r.status_code, r.json()) for r, _, _ in cases] == [(s, m) for _, s, m in cases]
