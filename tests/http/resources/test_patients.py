"""/api/v1/patients through the app: the Patient JSON field for field against Open Dental's
examples ("API Patients"), statuses, and a create-then-read round trip."""

from datetime import date, datetime
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from odpay.http.app import create_app
from odpay.services.clock import office_today
from tests.factories import add, patient, set_pref
from tests.http.conftest import KeyMaker
from tests.http.documented import undocumented_refusal
from tests.http.shapes import DATE_TIME, assert_same_shape

# Patients GET (single) example, with the stray comma after "Premed" fixed.
EXAMPLE = {
    "PatNum": 48, "LName": "Smith", "FName": "Jane", "MiddleI": "", "Preferred": "",
    "PatStatus": "Patient", "Gender": "Female", "Position": "Single", "Birthdate": "1976-05-24",
    "SSN": "", "Address": "125 Satin Heights", "Address2": "", "City": "San Jose", "State": "CA",
    "Zip": "97301", "HmPhone": "(536)624-5871", "WkPhone": "(536)987-4822",
    "WirelessPhone": "(536)987-4822", "Guarantor": 48, "Email": "smithfam@yahoo.com",
    "EstBalance": 0.0, "PriProv": 1, "priProvAbbr": "DOC", "SecProv": 0, "secProvAbbr": "",
    "FeeSched": 0, "BillingType": "Standard Account", "ImageFolder": "SmithJane48",
    "FamFinUrgNote": "CC on file expiring soon", "ChartNumber": "", "MedicaidID": "",
    "BalTotal": 111.9, "EmployerNum": 0, "DateFirstVisit": "2021-12-16", "ClinicNum": 0,
    "clinicAbbr": "", "Premed": "false", "Ward": "", "PreferConfirmMethod": "None",
    "PreferContactMethod": "WirelessPh", "PreferRecallMethod": "TextMessage", "Language": "spa",
    "AdmitDate": "0001-01-01", "siteDesc": "", "DateTStamp": "2021-12-08 15:34:34",
    "SuperFamily": 0, "TxtMsgOk": "Unknown", "SecDateEntry": "2021-12-04",
}  # fmt: skip


def _example_patient(db: Engine, **columns: Any) -> int:
    """The documentation's Jane Smith; its Guarantor stays 48 as stored (no key check)."""
    standard = add(db, "definition", Category=4, ItemName="Standard Account")
    values: dict[str, Any] = dict(
        LName="Smith", FName="Jane", Gender=1, Birthdate=date(1976, 5, 24),
        Address="125 Satin Heights", City="San Jose", State="CA", Zip="97301",
        HmPhone="(536)624-5871", WkPhone="(536)987-4822", WirelessPhone="(536)987-4822",
        Guarantor=48, Email="smithfam@yahoo.com", PriProv=1, BillingType=standard,
        ImageFolder="SmithJane48", FamFinUrgNote="CC on file expiring soon", BalTotal=111.9,
        DateFirstVisit=date(2021, 12, 16), PreferContactMethod=4, PreferRecallMethod=8,
        Language="spa", DateTStamp=datetime(2021, 12, 8, 15, 34, 34),
        SecDateEntry=date(2021, 12, 4),
    )  # fmt: skip
    return add(db, "patient", **{**values, **columns})


def test_get_one_patient_is_open_dentals_example_field_for_field(
    db: Engine, client: TestClient
) -> None:
    pat_num = _example_patient(db)
    r = client.get(f"/api/v1/patients/{pat_num}")
    assert r.status_code == 200
    assert_same_shape(r.json(), {**EXAMPLE, "PatNum": pat_num})


def test_get_patients_items_are_the_patient_select_columns(db: Engine, client: TestClient) -> None:
    pat_num = _example_patient(db, SSN="632458956", Zip="90011", WirelessPhone="")
    r = client.get("/api/v1/patients", params={"SSN": "632458956", "LName": "smi"})
    # Open Dental's example shows Zip as the number 90011; it is the text column everywhere
    # else, and odpay writes it as text.
    expected = {
        "PatNum": pat_num, "LName": "Smith", "FName": "Jane", "MiddleI": "", "Preferred": "",
        "PatStatus": "Patient", "Birthdate": "1976-05-24", "SSN": "632458956",
        "Address": "125 Satin Heights", "Address2": "", "City": "San Jose", "State": "CA",
        "Zip": "90011", "HmPhone": "(536)624-5871", "WkPhone": "(536)987-4822",
        "WirelessPhone": "", "Email": "smithfam@yahoo.com", "priProvAbbr": "DOC",
        "secProvAbbr": "", "BillingType": "Standard Account", "ChartNumber": "", "ClinicNum": 0,
        "clinicAbbr": "", "siteDesc": "", "TxtMsgOk": "Unknown",
    }  # fmt: skip
    assert r.status_code == 200
    assert len(r.json()) == 1
    assert_same_shape(r.json()[0], expected)


def test_post_of_the_documented_request_answers_the_documented_object(
    fresh_db: Engine, fresh_client: TestClient
) -> None:
    standard = add(fresh_db, "definition", Category=4, ItemName="Standard Account")
    set_pref(fresh_db, "PracticeDefaultBillType", str(standard))
    body = {
        "LName": "Smith", "FName": "Jane", "Gender": "Female", "Position": "Single",
        "Birthdate": "1976-05-24", "Address": "125 Satin Heights", "City": "San Jose",
        "State": "CA", "Zip": "97301", "HmPhone": "(536)624-5871", "WkPhone": "(536)987-4822",
        "WirelessPhone": "", "Email": "smithfam@yahoo.com", "PreferConfirmMethod": "HmPhone",
        "Language": "spa", "TxtMsgOk": "Yes",
    }  # fmt: skip
    r = fresh_client.post("/api/v1/patients", json=body)
    assert r.status_code == 201
    created = r.json()
    assert r.headers["Location"] == f"http://testserver/api/v1/patients/{created['PatNum']}"
    assert DATE_TIME.fullmatch(created["DateTStamp"])
    # The page's example response differs from its own request (TxtMsgOk "Unknown", a
    # FamFinUrgNote never sent) and puts FamFinUrgNote before ImageFolder; odpay answers what
    # it stored, in the GET order.
    assert_same_shape(
        created,
        {
            **EXAMPLE,
            "PatNum": created["PatNum"], "Guarantor": created["PatNum"],
            "WirelessPhone": "", "ImageFolder": f"SmithJane{created['PatNum']}",
            "FamFinUrgNote": "", "BalTotal": 0.0, "DateFirstVisit": "0001-01-01",
            "PreferConfirmMethod": "HmPhone", "PreferContactMethod": "None",
            "PreferRecallMethod": "None", "DateTStamp": created["DateTStamp"], "TxtMsgOk": "Yes",
            "SecDateEntry": office_today().isoformat(),
        },
    )  # fmt: skip
    again = fresh_client.get(f"/api/v1/patients/{created['PatNum']}")
    assert again.json() == created


def test_put_of_the_documented_request_answers_the_stored_patient(
    db: Engine, client: TestClient
) -> None:
    pat_num = _example_patient(db, Guarantor=0)
    body = {
        "LName": "Smith", "FName": "Jane", "Preferred": "", "PatStatus": "Patient",
        "Gender": "Female", "Position": "Single", "Birthdate": "1976-05-24", "SSN": "",
        "Address": "125 Satin Heights", "City": "San Jose", "State": "CA", "Zip": "97301",
        "HmPhone": "(536)624-5871", "WkPhone": "(536)987-4822", "WirelessPhone": "(536)987-4822",
        "Guarantor": pat_num, "Email": "smithfam@yahoo.com", "PreferContactMethod": "WirelessPh",
        "BillingType": "Standard Account", "EmployerNum": 0, "DateFirstVisit": "2023-04-25",
        "ClinicNum": 0,
    }  # fmt: skip
    r = client.put(f"/api/v1/patients/{pat_num}", json=body)
    assert r.status_code == 200
    stamp = r.json()["DateTStamp"]
    assert_same_shape(
        r.json(),
        {**EXAMPLE, "PatNum": pat_num, "Guarantor": pat_num, "DateFirstVisit": "2023-04-25",
         "DateTStamp": stamp},
    )  # fmt: skip
    assert stamp.startswith(office_today().isoformat())


def test_get_applies_the_date_formats(db: Engine, client: TestClient) -> None:
    pat_num = _example_patient(db)
    r = client.get(
        f"/api/v1/patients/{pat_num}",
        params={"DateFormatString": "MM/dd/yyyy", "DateTimeFormatString": "dd/MM/yyyy HH:mm"},
    )
    got = r.json()
    assert (got["Birthdate"], got["AdmitDate"], got["DateTStamp"]) == (
        "05/24/1976", "01/01/0001", "08/12/2021 15:34"
    )  # fmt: skip


def test_refusals_are_json_strings_with_their_status(db: Engine, client: TestClient) -> None:
    gone = patient(db, PatStatus=4)
    cases = [
        (client.get("/api/v1/patients/999999999"), 404, "Patient not found."),
        (client.get("/api/v1/patients/99999999999999999999"), 404, "Patient not found."),
        (client.post("/api/v1/patients", content=b" "), 400, "Include a JSON resource."),
        (client.post("/api/v1/patients", content=b"{"), 400, "Invalid JSON."),
        (client.post("/api/v1/patients", json={"LName": "A", "FName": "B", "PriProv": True}),
         400, "Invalid JSON."),
        (client.post("/api/v1/patients", json={"FName": "B"}), 400, "LName is required."),
        (client.post("/api/v1/patients", json={"LName": "A", "FName": "B", "Gender": "F"}),
         400, "Gender is invalid."),
        (client.put("/api/v1/patients", json={"City": "x"}), 400, "Patient ID is required."),
        (client.put("/api/v1/patients/999999999", content=b""), 404, "Patient not found."),
        (client.put(f"/api/v1/patients/{gone}", content=b"{"), 400, "Patient has been deleted."),
        (client.put(f"/api/v1/patients/{patient(db)}", content=b"[1]"), 400, "Invalid JSON."),
        (client.delete("/api/v1/patients/5"), 400, "patients DELETE  is not a valid method."),
        (client.get("/api/v1/patients/Simple"), 400, "patients GET Simple is not a valid method."),
    ]  # fmt: skip
    assert [(r.status_code, r.json()) for r, _, _ in cases] == [(s, m) for _, s, m in cases]


def test_a_family_is_built_through_the_api(client: TestClient) -> None:
    head = client.post("/api/v1/patients", json={"LName": "Doe", "FName": "Ann"}).json()
    child = client.post(
        "/api/v1/patients",
        json={
            "LName": "Doe",
            "FName": "Kim",
            "Guarantor": str(head["PatNum"]),
            "Position": "Child",
        },
    ).json()
    assert (child["Guarantor"], child["Position"]) == (head["PatNum"], "Child")
    listed = client.get(
        "/api/v1/patients", params={"Phone": "", "LName": "Doe", "guarOnly": "true"}
    )
    assert head["PatNum"] in [p["PatNum"] for p in listed.json()]
    assert child["PatNum"] not in [p["PatNum"] for p in listed.json()]


def test_every_route_needs_a_key_with_its_permission(db: Engine, make_key: KeyMaker) -> None:
    app = create_app(db)
    anonymous = TestClient(app)
    reader = TestClient(app, headers={"Authorization": make_key(("ApiReadAll",))})
    writer = TestClient(app, headers={"Authorization": make_key(("ApiPayments",))})
    body = {"LName": "A", "FName": "B"}
    answers = [
        anonymous.get("/api/v1/patients"),
        anonymous.get("/api/v1/procedurelogs/1"),
        reader.post("/api/v1/patients", json=body),
        reader.put("/api/v1/adjustments/1", json=body),
        reader.post("/api/v1/claimprocs", json=body),
        reader.delete("/api/v1/procedurelogs/1"),
        writer.get("/api/v1/definitions"),
        writer.get("/api/v1/preferences"),
        writer.get("/api/v1/clinics"),
        writer.get("/api/v1/providers/1"),
    ]
    assert [(r.status_code, r.json()) for r in answers] == [(401, "Not Authorized.")] * 10


def test_moving_a_head_with_members_is_refused_as_put_documents_it(
    client: TestClient,
) -> None:
    head = client.post("/api/v1/patients", json={"LName": "Roe", "FName": "Ann"}).json()
    client.post(
        "/api/v1/patients", json={"LName": "Roe", "FName": "Kim", "Guarantor": head["PatNum"]}
    )
    elsewhere = client.post("/api/v1/patients", json={"LName": "Poe", "FName": "Lee"}).json()
    path = f"/api/v1/patients/{head['PatNum']}"
    refused = client.put(path, json={"Guarantor": elsewhere["PatNum"]})
    assert (refused.status_code, refused.json()) == (
        400,
        "Guarantor cannot be changed for the head of a family with other members.",
    )
    assert undocumented_refusal(client.app, "PUT", path, 400, refused.content) is None  # type: ignore[arg-type]
