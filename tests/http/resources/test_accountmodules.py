"""AccountModules through HTTP: Aging, PatientBalances and ServiceDateView in Open Dental's
shapes (field order and JSON types of its examples), on a family built here."""

from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from odpay.services.clock import office_today
from tests.factories import add, patient, payment, procedure

DOC_AGING = {
    "Bal_0_30": 276.28,
    "Bal_31_60": 49.0,
    "Bal_61_90": 64.0,
    "BalOver90": 278.03,
    "Total": 667.31,
    "InsEst": 100.0,
    "EstBal": 567.31,
    "PatEstBal": 24.0,
    "Unearned": 2.46,
}
DOC_SERVICE_DATE_ROW = {
    "ObjectType": "Procedure",
    "PrimaryKey": "43",
    "Type": "Proc",
    "ServiceDate": "2021-07-13",
    "TransDate": "",
    "Patient": "Jaime",
    "PatNum": "65",
    "Reference": "D2393:#14-MOD-C3(P)",
    "Charge": "235.00",
    "Credit": "0.00",
    "Provider": "DOC2",
    "InsBal": "0.00",
    "AcctBal": "216.20",
}


def shape(body: dict[str, Any]) -> list[tuple[str, type]]:
    return [(name, type(value)) for name, value in body.items()]


def family(db: Engine) -> tuple[int, int, int, int]:
    """Head and child; an old procedure with a pending estimate, a newer one, an adjustment,
    unearned money and money of a hidden unearned type."""
    today = office_today()
    head = patient(db, LName="Rivera", FName="Ana")
    child = patient(db, guarantor=head, LName="Rivera", FName="Leo")
    old = procedure(db, head, "200.00", str(today - timedelta(days=100)), ProvNum=1)
    add(
        db,
        "claimproc",
        ProcNum=old,
        PatNum=head,
        ProvNum=1,
        Status=6,
        InsPayEst="120.00",
        WriteOffEst="30.00",
    )
    newer = procedure(db, child, "100.00", str(today - timedelta(days=45)), ProvNum=1)
    add(
        db,
        "adjustment",
        PatNum=head,
        AdjAmt="20.00",
        AdjDate=today - timedelta(days=10),
        ProvNum=1,
        AdjType=2,
    )
    prepaid = today - timedelta(days=5)
    payment(
        db,
        head,
        "80.00",
        [
            {"SplitAmt": "30.00", "UnearnedType": 283, "DatePay": prepaid},
            {"PatNum": child, "SplitAmt": "50.00", "UnearnedType": 299, "DatePay": prepaid},
        ],
        PayDate=today,
    )
    return head, child, old, newer


def test_aging_answers_open_dentals_fields_from_the_engines_ledger(
    client: TestClient, db: Engine
) -> None:
    head, child, _old, _newer = family(db)
    response = client.get(f"/api/v1/accountmodules/{child}/Aging")
    assert response.status_code == 200
    body = response.json()
    assert shape(body) == shape(DOC_AGING)
    assert body == {
        "Bal_0_30": 20.0,
        "Bal_31_60": 100.0,
        "Bal_61_90": 0.0,
        "BalOver90": 170.0,
        "Total": 290.0,
        "InsEst": 150.0,
        "EstBal": 140.0,
        "PatEstBal": 100.0,
        "Unearned": 30.0,
    }
    assert client.get(f"/api/v1/accountmodules/{head}/Aging").json()["PatEstBal"] == 40.0


def test_patient_balances_list_the_members_then_the_entire_family(
    client: TestClient, db: Engine
) -> None:
    head, child, _old, _newer = family(db)
    response = client.get(f"/api/v1/accountmodules/{child}/PatientBalances")
    assert response.status_code == 200
    assert response.text == (
        f'[{{"PatNum":{head},"Name":"Rivera, Ana","Balance":40}},'
        f'{{"PatNum":{child},"Name":"Rivera, Leo","Balance":100}},'
        f'{{"PatNum":{head},"Name":"Entire Family","Balance":140}}]'
    )


def test_the_service_date_view_gives_open_dentals_rows_as_text(
    client: TestClient, db: Engine
) -> None:
    head, child, old, newer = family(db)
    today = office_today()
    family_rows = client.get(f"/api/v1/accountmodules/{head}/ServiceDateView?isFamily=TRUE")
    own_rows = client.get(f"/api/v1/accountmodules/{child}/ServiceDateView")
    assert family_rows.status_code == 200
    rows = family_rows.json()
    assert all(shape(row) == shape(DOC_SERVICE_DATE_ROW) for row in rows)
    assert [
        (r["Type"], r["PrimaryKey"], r["Charge"], r["Credit"], r["InsBal"], r["AcctBal"])
        for r in rows
    ] == [
        ("Proc", str(old), "200.00", "0.00", "150.00", "50.00"),
        ("Day Total", "", "200.00", "0.00", "150.00", "50.00"),
        ("Proc", str(newer), "100.00", "0.00", "0.00", "100.00"),
        ("Day Total", "", "100.00", "0.00", "0.00", "100.00"),
        ("Adj", rows[4]["PrimaryKey"], "20.00", "0.00", "", ""),
        ("Day Total", "", "20.00", "0.00", "0.00", "20.00"),
        ("PatPay", rows[6]["PrimaryKey"], "0.00", "30.00", "", ""),
        ("Day Total", "", "0.00", "30.00", "0.00", "-30.00"),
        ("Overall Total", "", "320.00", "30.00", "150.00", "140.00"),
    ]
    assert rows[0] == {
        "ObjectType": "Procedure",
        "PrimaryKey": str(old),
        "Type": "Proc",
        "ServiceDate": str(today - timedelta(days=100)),
        "TransDate": "",
        "Patient": "Ana",
        "PatNum": str(head),
        "Reference": "",
        "Charge": "200.00",
        "Credit": "0.00",
        "Provider": "DOC",
        "InsBal": "150.00",
        "AcctBal": "50.00",
    }
    assert [r["Type"] for r in own_rows.json()] == ["Proc", "Day Total", "Overall Total"]


def test_a_missing_or_deleted_patient_is_refused(client: TestClient, db: Engine) -> None:
    gone = patient(db, PatStatus=4)
    for method in ("Aging", "PatientBalances", "ServiceDateView"):
        missing = client.get(f"/api/v1/accountmodules/999999999/{method}")
        deleted = client.get(f"/api/v1/accountmodules/{gone}/{method}")
        assert (missing.status_code, missing.json()) == (404, "Patient not found.")
        assert (deleted.status_code, deleted.json()) == (400, "Patient has been deleted.")
