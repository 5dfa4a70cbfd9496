"""Definitions, preferences, providers and clinics through the app, against Open Dental's
examples ("API Definitions", "API Preferences", "API Providers", "API Clinics")."""

from datetime import datetime

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from tests.factories import add, set_pref
from tests.http.shapes import DATE_TIME, assert_same_shape

PROVIDER = {
    "ProvNum": 4, "Abbr": "HYG2", "LName": "Bently", "FName": "Bruce", "MI": "", "Suffix": "",
    "FeeSched": 53, "Specialty": 265, "SSN": "", "StateLicense": "", "IsSecondary": "true",
    "provColor": "164,164,255", "IsHidden": "false", "UsingTIN": "false", "SigOnFile": "false",
    "NationalProvID": "", "DateTStamp": "2016-03-03 13:10:47", "IsNotPerson": "false",
    "ProvStatus": "Active", "IsHiddenReport": "false", "Birthdate": "0001-01-01",
    "SchedNote": "", "PreferredName": "", "serverDateTime": "2021-01-16 12:55:39",
}  # fmt: skip


def test_definitions_of_a_category_are_open_dentals_example(fresh_client: TestClient) -> None:
    r = fresh_client.get("/api/v1/definitions", params={"Category": 1, "Limit": 2})
    first, second = r.json()
    assert_same_shape(
        first,
        {"DefNum": 8, "ItemName": "Professional Discount", "ItemValue": "-", "Category": 1,
         "category": "AdjTypes", "isHidden": "false"},
    )  # fmt: skip
    assert second["ItemName"] == "Cash Discount"


def test_definition_post_then_get(fresh_client: TestClient) -> None:
    body = {"ItemName": "Cash Discount", "ItemValue": "-", "category": "AdjTypes",
            "isHidden": "false", "Category": 10}  # fmt: skip
    r = fresh_client.post("/api/v1/definitions", json=body)
    assert r.status_code == 201
    created = r.json()
    assert_same_shape(
        created,
        {"DefNum": created["DefNum"], "ItemName": "Cash Discount", "ItemValue": "-",
         "Category": 1, "category": "AdjTypes", "isHidden": "false"},
    )  # fmt: skip
    listed = fresh_client.get("/api/v1/definitions", params={"Category": 1, "Offset": 16})
    assert listed.json() == [created]
    refused = fresh_client.post("/api/v1/definitions", json={"ItemName": "X", "category": "x"})
    assert (refused.status_code, refused.json()) == (400, "category is invalid.")


def test_preferences_are_open_dentals_example(fresh_db: Engine, fresh_client: TestClient) -> None:
    set_pref(fresh_db, "RecallDaysPast", "365")
    r = fresh_client.get("/api/v1/preferences", params={"PrefName": "RecallDaysPast"})
    assert r.status_code == 200
    (only,) = r.json()
    assert_same_shape(only, {"PrefNum": 17, "PrefName": "RecallDaysPast", "ValueString": "365"})


def test_one_provider_is_open_dentals_example(db: Engine, client: TestClient) -> None:
    argb = (0xFF << 24 | 164 << 16 | 164 << 8 | 255) - (1 << 32)  # .NET's signed ARGB int
    prov = add(
        db, "provider", Abbr="HYG2", LName="Bently", FName="Bruce", FeeSched=53,
        Specialty=265, IsSecondary=1, ProvColor=argb, DateTStamp=datetime(2016, 3, 3, 13, 10, 47),
    )  # fmt: skip
    r = client.get(f"/api/v1/providers/{prov}")
    got = r.json()
    assert (r.status_code, bool(DATE_TIME.fullmatch(got["serverDateTime"]))) == (200, True)
    assert_same_shape(got, {**PROVIDER, "ProvNum": prov, "serverDateTime": got["serverDateTime"]})


def test_provider_post_then_put_then_get(fresh_client: TestClient) -> None:
    # fresh_client: Abbr is unique and Specialty defaults to the practice's first specialty,
    # both practice-wide.
    client = fresh_client
    body = {"Abbr": "DOCE", "LName": "Fisher", "FName": "Ethan", "Suffix": "DDS",
            "SSN": "123859778", "IsHiddenReport": "true", "Birthdate": "1987-07-17",
            "SchedNote": "Root canals only.", "PreferredName": "Doc E."}  # fmt: skip
    r = client.post("/api/v1/providers", json=body)
    assert r.status_code == 201
    created = r.json()
    assert_same_shape(
        created,
        {**PROVIDER, "ProvNum": created["ProvNum"], "Abbr": body["Abbr"], "LName": "Fisher",
         "FName": "Ethan", "Suffix": "DDS", "FeeSched": 0, "Specialty": 0, "SSN": "123859778",
         "IsSecondary": "false", "provColor": "0,0,0", "UsingTIN": "true",
         "DateTStamp": created["DateTStamp"], "IsHiddenReport": "true",
         "Birthdate": "1987-07-17", "SchedNote": "Root canals only.",
         "PreferredName": "Doc E.", "serverDateTime": ""},
    )  # fmt: skip
    put = client.put(
        f"/api/v1/providers/{created['ProvNum']}",
        json={"FName": "Philip", "PreferredName": "Phil", "NationalProvId": "1245319599",
              "UsingTIN": "false"},
    ).json()  # fmt: skip
    assert (put["FName"], put["PreferredName"], put["NationalProvID"], put["UsingTIN"]) == (
        "Philip", "Phil", "1245319599", "false"
    )  # fmt: skip
    read = client.get(f"/api/v1/providers/{created['ProvNum']}").json()
    assert {**read, "serverDateTime": ""} == put


def test_providers_for_a_clinic_carry_no_server_time(
    fresh_db: Engine, fresh_client: TestClient
) -> None:
    clinic = add(fresh_db, "clinic", Abbr="C4")
    listed = fresh_client.get("/api/v1/providers", params={"ClinicNum": clinic}).json()
    assert [(p["Abbr"], p["serverDateTime"]) for p in listed] == [("DOC", "")]
    cases = [
        (fresh_client.get("/api/v1/providers?ClinicNum=999"), 404, "Clinic not found"),
        (fresh_client.get("/api/v1/providers?DateTStamp=2021-08-01"), 400,
         "DateTStamp format must be yyyy-MM-dd HH:mm:ss"),
        (fresh_client.get("/api/v1/providers/999"), 404, "Provider not found."),
        (fresh_client.put("/api/v1/providers/1", json={"Abbr": ""}), 400,
         "Abbr cannot be blank."),
        (fresh_client.put("/api/v1/providers", json={}), 400, "Provider ID is required."),
        (fresh_client.post("/api/v1/providers", json={"LName": "X"}), 400, "Abbr is required."),
    ]  # fmt: skip
    assert [(r.status_code, r.json()) for r, _, _ in cases] == [(s, m) for _, s, m in cases]


def test_clinics_are_open_dentals_example(fresh_db: Engine, fresh_client: TestClient) -> None:
    assert fresh_client.get("/api/v1/clinics").json() == []
    num = add(
        fresh_db, "clinic", Description="Clinic1", Address="333 Blackwood St", City="Salem",
        State="Oregon", Zip="97301", BillingAddress="333 Blackwood St ",
        BillingCity=" Salem ", BillingState=" Oregon ", BillingZip="97301",
        Phone="5105552005", Abbr="Clinic1",
    )  # fmt: skip
    add(fresh_db, "clinic", Abbr="Hidden", IsHidden=1)
    (only,) = fresh_client.get("/api/v1/clinics").json()
    assert_same_shape(
        only,
        {"ClinicNum": num, "Description": "Clinic1", "Address": "333 Blackwood St",
         "Address2": "", "City": "Salem", "State": "Oregon", "Zip": "97301",
         "BillingAddress": "333 Blackwood St ", "BillingAddress2": "", "BillingCity": " Salem ",
         "BillingState": " Oregon ", "BillingZip": "97301", "PayToAddress": "",
         "PayToAddress2": "", "PayToCity": "", "PayToState": "", "PayToZip": "",
         "Phone": "5105552005", "Abbr": "Clinic1", "IsHidden": "false"},
    )  # fmt: skip
    refused = fresh_client.put("/api/v1/clinics/5", json={})
    assert (refused.status_code, refused.json()) == (400, "clinics PUT  is not a valid method.")
