"""/api/v1/procedurecodes through the app: the ProcedureCode JSON field for field against Open
Dental's examples ("API ProcedureCodes"), statuses, and a code made through the API, read back
and charted with POST /procedurelogs."""

import uuid
from datetime import datetime

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from odpay.services.clock import office_today
from tests.factories import add, patient
from tests.http.conftest import KeyMaker
from tests.http.shapes import DATE_TIME, assert_same_shape

# ProcedureCodes GET (single) example.
EXAMPLE = {
    "CodeNum": 35, "ProcCode": "D0120",
    "Descript": "periodic oral evaluation - established patient", "AbbrDesc": "PerEx",
    "ProcTime": "/X/", "ProcCat": 73, "procCat": "Exams & Xrays", "TreatArea": "Mouth",
    "NoBillIns": "false", "IsProsth": "false", "DefaultNote": "", "IsHygiene": "false",
    "AlternateCode1": "", "MedicalCode": "", "IsTaxed": "false", "PaintType": "None",
    "LaymanTerm": "", "IsCanadianLab": "false", "BaseUnits": 0, "SubstitutionCode": "",
    "SubstOnlyIf": "Always", "DateTStamp": "2023-12-12 09:15:11", "DrugNDC": "",
    "RevenueCodeDefault": "", "ProvNumDefault": 0, "CanadaTimeUnits": 0.0,
    "IsRadiology": "false", "DefaultClaimNote": "", "DefaultTPNote": "", "PaintText": "",
    "AreaAlsoToothRange": "false", "DiagnosticCodes": "",
}  # fmt: skip
# The second item of the GET (multiple) example.
SECOND = {
    **EXAMPLE, "CodeNum": 36, "ProcCode": "D0140",
    "Descript": "limited oral evaluation - problem focused", "AbbrDesc": "LimEx",
    "DateTStamp": "2018-07-18 08:59:14", "CanadaTimeUnits": 1.0,
}  # fmt: skip
# ProcedureCodes POST example response; its PUT example changes PaintType and PaintText.
POSTED = {
    **EXAMPLE, "CodeNum": 617, "ProcCode": "G0140",
    "Descript": "limited oral evaluation - problem focused", "AbbrDesc": "LimEx",
    "ProcCat": 83, "procCat": "Ortho", "TreatArea": "None",
    "DateTStamp": "2023-12-29 09:19:21", "DiagnosticCodes": "B08.09",
}  # fmt: skip


def _example_codes(engine: Engine) -> tuple[int, int, int]:
    """The documentation's D0120 and D0140 under "Exams & Xrays": (category, first, second)."""
    exams = add(engine, "definition", Category=11, ItemName="Exams & Xrays")
    common = {"ProcTime": "/X/", "ProcCat": exams, "TreatArea": 3}
    first = add(
        engine, "procedurecode", ProcCode="D0120", AbbrDesc="PerEx",
        Descript="periodic oral evaluation - established patient",
        DateTStamp=datetime(2023, 12, 12, 9, 15, 11), **common,
    )  # fmt: skip
    second = add(
        engine, "procedurecode", ProcCode="D0140", AbbrDesc="LimEx",
        Descript="limited oral evaluation - problem focused", CanadaTimeUnits=1.0,
        DateTStamp=datetime(2018, 7, 18, 8, 59, 14), **common,
    )  # fmt: skip
    return exams, first, second


def test_get_one_code_is_open_dentals_example_field_for_field(
    db: Engine, client: TestClient
) -> None:
    exams, code_num, _ = _example_codes(db)
    r = client.get(f"/api/v1/procedurecodes/{code_num}")
    assert r.status_code == 200
    assert_same_shape(r.json(), {**EXAMPLE, "CodeNum": code_num, "ProcCat": exams})


def test_get_many_is_open_dentals_example_and_filters_by_change_time(
    fresh_db: Engine, fresh_client: TestClient
) -> None:
    exams, first, second = _example_codes(fresh_db)
    r = fresh_client.get("/api/v1/procedurecodes")
    assert r.status_code == 200
    (one, two) = r.json()
    assert_same_shape(one, {**EXAMPLE, "CodeNum": first, "ProcCat": exams})
    assert_same_shape(two, {**SECOND, "CodeNum": second, "ProcCat": exams})
    changed = fresh_client.get(
        "/api/v1/procedurecodes?DateTStamp=2021-11-07%2014%3A00%3A00"
        "&DateTimeFormatString=dd/MM/yyyy%20HH:mm"
    )
    assert [(c["CodeNum"], c["DateTStamp"]) for c in changed.json()] == [
        (first, "12/12/2023 09:15")
    ]
    paged = fresh_client.get("/api/v1/procedurecodes", params={"Limit": 1, "Offset": 1})
    assert [c["CodeNum"] for c in paged.json()] == [second]


def test_post_and_put_of_the_documented_requests_answer_the_documented_objects(
    fresh_db: Engine, fresh_client: TestClient
) -> None:
    ortho = add(fresh_db, "definition", Category=11, ItemName="Ortho")
    body = {
        "ProcCode": "G0140", "Descript": "limited oral evaluation - problem focused",
        "AbbrDesc": "LimEx", "ProcCat": ortho, "DiagnosticCodes": "B08.09",
    }  # fmt: skip
    r = fresh_client.post("/api/v1/procedurecodes", json=body)
    assert r.status_code == 201
    created = r.json()
    code_num, stamp = created["CodeNum"], created["DateTStamp"]
    assert r.headers["Location"] == f"http://testserver/api/v1/procedurecodes/{code_num}"
    assert (bool(DATE_TIME.fullmatch(stamp)), stamp[:10]) == (True, office_today().isoformat())
    expected = {**POSTED, "CodeNum": code_num, "ProcCat": ortho, "DateTStamp": stamp}
    assert_same_shape(created, expected)
    put = fresh_client.put(
        f"/api/v1/procedurecodes/{code_num}", json={"PaintType": "Text", "PaintText": "Watch"}
    )
    assert put.status_code == 200
    changed = {**expected, "PaintType": "Text", "PaintText": "Watch"}
    assert_same_shape(put.json(), {**changed, "DateTStamp": put.json()["DateTStamp"]})
    assert fresh_client.get(f"/api/v1/procedurecodes/{code_num}").json() == put.json()


def test_a_code_made_through_the_api_can_be_charted(db: Engine, client: TestClient) -> None:
    category = f"Exams {uuid.uuid4().hex[:8]}"
    proc_code = f"D{uuid.uuid4().hex[:8]}"
    made = client.post(
        "/api/v1/definitions", json={"ItemName": category, "category": "ProcCodeCats"}
    )
    assert made.status_code == 201
    r = client.post(
        "/api/v1/procedurecodes",
        json={"ProcCode": proc_code, "Descript": "periodic oral evaluation",
              "AbbrDesc": "PerEx", "procCat": category, "TreatArea": "Mouth"},
    )  # fmt: skip
    assert r.status_code == 201
    code = r.json()
    assert (code["ProcCat"], code["procCat"]) == (made.json()["DefNum"], category)
    assert client.get(f"/api/v1/procedurecodes/{code['CodeNum']}").json() == code
    pat_num = patient(db)
    charted = [
        client.post(
            "/api/v1/procedurelogs",
            json={"PatNum": pat_num, "ProcDate": "2024-01-05", "ProcStatus": "C",
                  "ProcFee": "65.00", **named},
        )
        for named in ({"procCode": proc_code}, {"CodeNum": code["CodeNum"]})
    ]  # fmt: skip
    assert [(p.status_code, p.json()["CodeNum"], p.json()["procCode"]) for p in charted] == [
        (201, code["CodeNum"], proc_code), (201, code["CodeNum"], proc_code)
    ]  # fmt: skip
    assert charted[0].json()["descript"] == "periodic oral evaluation"


def test_refusals_are_json_strings_with_their_status(db: Engine, client: TestClient) -> None:
    code_num = client.post(
        "/api/v1/procedurecodes",
        json={"ProcCode": f"D{uuid.uuid4().hex[:8]}", "Descript": "x", "AbbrDesc": "x",
              "ProcCat": add(db, "definition", Category=11, ItemName="Misc")},
    ).json()["CodeNum"]  # fmt: skip
    url, new_code = "/api/v1/procedurecodes", f"D{uuid.uuid4().hex[:8]}"
    cases = [
        (client.get(f"{url}/999999999"), 404, "ProcedureCode not found."),
        (client.get(f"{url}?DateTStamp=2021-11-07"), 400,
         "DateTStamp format must be yyyy-MM-dd HH:mm:ss"),
        (client.post(url, content=b" "), 400, "Include a JSON resource."),
        (client.post(url, json=["ProcCode"]), 400, "Invalid JSON."),
        (client.post(url, json={"ProcCode": "D1", "BaseUnits": "two"}), 400, "Invalid JSON."),
        (client.post(url, json={"ProcCode": "D1", "NoBillIns": 1}), 400, "Invalid JSON."),
        (client.post(url, json={}), 400, "ProcCode is required."),
        (client.post(url, json={"ProcCode": new_code, "Descript": "x", "AbbrDesc": "x"}), 400,
         "ProcCat or procCat is required."),
        (client.put(url, json={}), 400, "ProcedureCode ID is required."),
        (client.put(f"{url}/999999999", content=b""), 404, "ProcedureCode not found."),
        (client.put(f"{url}/{code_num}", content=b""), 400, "Include a JSON resource."),
        (client.put(f"{url}/{code_num}", json={"Descript": " "}), 400,
         "Descript cannot be blank."),
        (client.delete(f"{url}/{code_num}"), 400,
         "procedurecodes DELETE  is not a valid method."),
        (client.get(f"{url}/5/Fees"), 400, "procedurecodes GET Fees is not a valid method."),
    ]  # fmt: skip
    assert [(r.status_code, r.json()) for r, _, _ in cases] == [(s, m) for _, s, m in cases]


def test_a_read_only_key_reads_codes_but_cannot_write_them(
    db: Engine, client: TestClient, make_key: KeyMaker
) -> None:
    reader = TestClient(client.app, headers={"Authorization": make_key(("ApiReadAll",))})
    assert reader.get("/api/v1/procedurecodes", params={"Limit": 1}).status_code == 200
    refused = [
        reader.post("/api/v1/procedurecodes", json={"ProcCode": "D1"}),
        reader.put("/api/v1/procedurecodes/1", json={"Descript": "x"}),
    ]
    assert [(r.status_code, r.json()) for r in refused] == [(401, "Not Authorized.")] * 2
