"""/api/v1/procedurelogs through the app: the ProcedureLog JSON against Open Dental's examples
("API ProcedureLogs"), setting complete, DELETE, and a round trip."""

import uuid
from datetime import date, datetime, time

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from odpay.services.clock import office_today
from tests.factories import add, patient, procedure
from tests.http.shapes import DATE_TIME, assert_same_shape

# ProcedureLogs GET (single) example.
EXAMPLE = {
    "ProcNum": 20, "PatNum": 12, "AptNum": 1341, "ProcDate": "2022-05-05", "ProcFee": "130.00",
    "Surf": "MODL", "ToothNum": "4", "ToothRange": "", "Priority": 0, "priority": "",
    "ProcStatus": "C", "ProvNum": 2, "provAbbr": "DOC2", "Dx": 0, "dxName": "",
    "PlannedAptNum": 0, "PlaceService": "Office", "Prosthesis": "",
    "DateOriginalProsth": "0001-01-01", "ClaimNote": "", "DateEntryC": "2022-04-17",
    "ClinicNum": 0, "CodeNum": 2, "procCode": "D0120",
    "descript": "periodic oral evaluation - established patient", "UnitQty": 1, "BaseUnits": 0,
    "DateTP": "2022-04-17", "SiteNum": 0, "HideGraphics": "false", "CanadianTypeCodes": "",
    "ProcTime": "00:00:00", "ProcTimeEnd": "00:00:00", "DateTStamp": "2022-05-05 07:00:34",
    "Prognosis": 0, "IsLocked": "false", "BillingNote": "", "Discount": 0.0,
    "IsDateProsthEst": "false", "SecDateEntry": "2022-04-17 09:38:21",
    "serverDateTime": "2025-06-17 09:00:34",
}  # fmt: skip


def _code(db: Engine, area: int = 3, proc_code: str = "D0120") -> int:
    return add(
        db, "procedurecode", ProcCode=proc_code, TreatArea=area,
        Descript="periodic oral evaluation - established patient",
    )  # fmt: skip


def test_get_one_procedure_is_open_dentals_example_field_for_field(
    db: Engine, client: TestClient
) -> None:
    prov = add(db, "provider", Abbr="DOC2")
    code = _code(db, area=1)
    proc_num = add(
        db, "procedurelog", PatNum=12, AptNum=1341, ProcDate=date(2022, 5, 5), ProcFee="130",
        Surf="MODL", ToothNum="4", ProcStatus=2, ProvNum=prov, DateEntryC=date(2022, 4, 17),
        CodeNum=code, DateTP=date(2022, 4, 17), DateTStamp=datetime(2022, 5, 5, 7, 0, 34),
        SecDateEntry=datetime(2022, 4, 17, 9, 38, 21),
    )  # fmt: skip
    r = client.get(f"/api/v1/procedurelogs/{proc_num}")
    got = r.json()
    assert (r.status_code, bool(DATE_TIME.fullmatch(got["serverDateTime"]))) == (200, True)
    assert_same_shape(
        got,
        {**EXAMPLE, "ProcNum": proc_num, "ProvNum": prov, "CodeNum": code,
         "serverDateTime": got["serverDateTime"]},
    )  # fmt: skip


def test_list_items_carry_the_same_object_and_the_query_time(
    db: Engine, client: TestClient
) -> None:
    pat_num = patient(db)
    first = procedure(db, pat_num, "255.00", "2021-04-01", ProcTime=time(13, 0), Discount="15")
    second = procedure(db, pat_num, "49.99", "2022-07-06", ProcStatus=1)
    r = client.get("/api/v1/procedurelogs", params={"PatNum": pat_num, "DateFormatString": "d"})
    got = r.json()
    assert [(p["ProcNum"], p["ProcFee"], p["ProcStatus"], p["ProcDate"]) for p in got] == [
        (first, "255.00", "C", "4/1/2021"), (second, "49.99", "TP", "7/6/2022")
    ]  # fmt: skip
    assert (got[0]["ProcTime"], got[0]["Discount"]) == ("13:00:00", 15.0)
    assert got[0]["serverDateTime"] == got[1]["serverDateTime"]


def test_post_then_set_complete_then_get(fresh_db: Engine, fresh_client: TestClient) -> None:
    # fresh_db: the new procedure's Priority and Dx default to the practice's first
    # definitions, which other tests may add to the shared database.
    client = fresh_client
    pat_num = patient(fresh_db)
    proc_code = f"D{uuid.uuid4().hex[:8]}"
    code = _code(fresh_db, area=1, proc_code=proc_code)
    body = {
        "PatNum": pat_num, "AptNum": 0, "ProcDate": "2021-04-25", "ProcFee": 125.95,
        "Surf": "MO", "ToothNum": "4", "ProcStatus": "TP", "ProvNum": 1, "PlannedAptNum": 0,
        "ClinicNum": 0, "procCode": proc_code, "ProcTime": "13:45:00",
        "BillingNote": "Courtesy discount approved by Dr. Pinciotti for patient loyalty.",
        "Discount": 25.99,
    }  # fmt: skip
    r = client.post("/api/v1/procedurelogs", json=body)
    assert r.status_code == 201
    created = r.json()
    today = office_today().isoformat()
    # Open Dental's example answers DateTStamp "" and ClinicNum "0" (text); odpay answers the
    # stored row, with ClinicNum a number as in every GET.
    assert_same_shape(
        created,
        {
            **EXAMPLE, "ProcNum": created["ProcNum"], "PatNum": pat_num, "AptNum": 0,
            "ProcDate": "2021-04-25", "ProcFee": "125.95", "Surf": "MO", "ProcStatus": "TP",
            "ProvNum": 1, "provAbbr": "DOC", "DateEntryC": today, "CodeNum": code,
            "procCode": proc_code, "DateTP": today, "ProcTime": "13:45:00",
            "DateTStamp": created["DateTStamp"], "BillingNote": body["BillingNote"],
            "Discount": 25.99, "SecDateEntry": created["SecDateEntry"], "serverDateTime": "",
        },
    )  # fmt: skip
    proc_num = created["ProcNum"]
    done = client.put(f"/api/v1/procedurelogs/{proc_num}", json={"ProcStatus": "C"})
    assert (done.status_code, done.json()["ProcStatus"], done.json()["serverDateTime"]) == (
        200, "C", ""
    )  # fmt: skip
    read = client.get(f"/api/v1/procedurelogs/{proc_num}").json()
    assert {**read, "serverDateTime": ""} == done.json()


def test_delete_answers_an_empty_200_and_the_procedure_reads_deleted(
    db: Engine, client: TestClient
) -> None:
    proc_num = procedure(db, patient(db), "10.00", "2024-01-05", ProcStatus=1)
    r = client.delete(f"/api/v1/procedurelogs/{proc_num}")
    assert (r.status_code, r.content) == (200, b"")
    assert client.get(f"/api/v1/procedurelogs/{proc_num}").json()["ProcStatus"] == "D"


def test_refusals_are_json_strings_with_their_status(db: Engine, client: TestClient) -> None:
    paid = procedure(db, patient(db), "10.00", "2024-01-05")
    add(db, "paysplit", PatNum=1, ProcNum=paid, SplitAmt="5.00")
    cases = [
        (client.get("/api/v1/procedurelogs/999999999"), 404, "Procedure not found."),
        (client.get("/api/v1/procedurelogs?ProcStatus=X"), 400, "ProcStatus is invalid."),
        (client.post("/api/v1/procedurelogs", content=b""), 400, "Include a JSON resource."),
        (client.post("/api/v1/procedurelogs", json={"PatNum": [1]}), 400, "Invalid JSON."),
        (client.post("/api/v1/procedurelogs", json={}), 400, "PatNum is required."),
        (client.post("/api/v1/procedurelogs", json={"PatNum": 999999999}), 404,
         "Patient not found."),
        (client.put("/api/v1/procedurelogs", json={}), 400, "Procedure ID is required."),
        (client.put("/api/v1/procedurelogs/999999999", json={}), 404, "Procedure not found."),
        (client.put(f"/api/v1/procedurelogs/{paid}", json={"ProcStatus": "TP"}), 400,
         "ProcStatus cannot be changed for a completed procedure with payments."),
        (client.delete("/api/v1/procedurelogs"), 400, "Procedure ID is required."),
        (client.delete("/api/v1/procedurelogs/999999999"), 404, "Procedure not found."),
        (client.delete(f"/api/v1/procedurelogs/{paid}"), 400,
         "Cannot delete a procedure that is attached to a patient payment."),
        (client.get("/api/v1/procedurelogs/5/GroupNote"), 400,
         "procedurelogs GET GroupNote is not a valid method."),
    ]  # fmt: skip
    assert [(r.status_code, r.json()) for r, _, _ in cases] == [(s, m) for _, s, m in cases]
