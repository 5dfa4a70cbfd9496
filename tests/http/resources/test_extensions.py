"""odpay's extension routes under /odpay/v1: preview, explanation, ledger, with ODFHIR keys."""

from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from tests.factories import add, adjustment, patient, procedure, rows
from tests.http.conftest import KeyMaker

# The spec's dates are written as they are: odpay's clock reads 2024-06-15.
pytestmark = pytest.mark.usefixtures("spec_today")


def test_preview_answers_the_splits_and_writes_nothing(client: TestClient, db: Engine) -> None:
    P = patient(db)
    proc = procedure(db, P, "80.00", date(2024, 1, 5), ProvNum=1)

    answer = client.post("/odpay/v1/payments/preview", json={"PatNum": P, "PayAmt": "100"})

    assert answer.status_code == 200
    body = answer.json()
    assert [(s["SplitAmt"], s["ProcNum"], s["UnearnedType"]) for s in body["splits"]] == [
        ("80.00", proc, 0),
        ("20.00", 0, 283),
    ]
    first = body["splits"][0]["explanation"]
    assert first["rule"] == "OldestCharge"
    assert (first["owedBefore"], first["owedAfter"]) == ("80.00", "0.00")
    assert first["charge"]["ProcNum"] == proc
    assert first["text"].startswith("Oldest outstanding charge of the family")
    assert body["splits"][1]["explanation"]["rule"] == "LeftoverToUnearned"
    assert body["unpaid"] == []
    assert rows(db, "payment", PatNum=P) == []


def test_preview_refuses_as_post_does(client: TestClient, db: Engine) -> None:
    assert client.post("/odpay/v1/payments/preview", json={"PayAmt": "1"}).json() == (
        "PatNum is required."
    )
    answer = client.post("/odpay/v1/payments/preview", json={"PatNum": 10**9, "PayAmt": "1"})
    assert (answer.status_code, answer.json()) == (404, "Patient not found.")
    answer = client.post("/odpay/v1/payments/preview", content=b"")
    assert (answer.status_code, answer.json()) == (400, "Include a JSON resource.")


def test_preview_needs_a_key_and_a_read_key_is_enough(
    client: TestClient, db: Engine, make_key: KeyMaker
) -> None:
    P = patient(db)
    body = {"PatNum": P, "PayAmt": "10"}
    unkeyed = client.post("/odpay/v1/payments/preview", json=body, headers={"Authorization": ""})
    assert (unkeyed.status_code, unkeyed.json()) == (401, "Not Authorized.")
    read_only = {"Authorization": make_key(("ApiReadAll",))}
    assert (
        client.post("/odpay/v1/payments/preview", json=body, headers=read_only).status_code == 200
    )
    assert client.post("/api/v1/payments", json=body, headers=read_only).status_code == 401


def test_the_extensions_are_tagged_in_openapi(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    ours = {path for path in paths if path.startswith("/odpay/v1/")}
    assert "/odpay/v1/payments/preview" in ours
    assert all(op["tags"] == ["odpay extensions"] for path in ours for op in paths[path].values())
    assert not any(path.startswith("/api/v1/") and "preview" in path for path in paths)


def test_a_stored_payment_is_explained_by_replaying_the_engine(
    client: TestClient, db: Engine
) -> None:
    P = patient(db)
    older = procedure(db, P, "80.00", date(2024, 1, 5), ProvNum=1)
    chosen = procedure(db, P, "50.00", date(2024, 2, 5), ProvNum=1)
    body = {"PatNum": P, "PayAmt": "60", "procNums": [chosen]}
    preview = client.post("/odpay/v1/payments/preview", json=body).json()
    pay_num = client.post("/api/v1/payments", json=body).json()["PayNum"]

    answer = client.get(f"/odpay/v1/payments/{pay_num}/explanation").json()

    assert answer["reproduced"] is True
    assert answer["options"] == {"procNums": [chosen]}
    assert [s["explanation"] for s in answer["splits"]] == [
        s["explanation"] for s in preview["splits"]
    ]
    assert [(s["explanation"]["rule"], s["ProcNum"], s["SplitAmt"]) for s in answer["splits"]] == [
        ("ChosenProcedure", chosen, "50.00"),
        ("OldestCharge", older, "10.00"),
    ]
    assert [(u["reason"], u["charge"]["ProcNum"], u["owed"]) for u in answer["unpaid"]] == [
        ("NothingLeft", older, "70.00")
    ]


def test_a_refund_is_not_reproduced_and_says_what_it_refunds(
    client: TestClient, db: Engine
) -> None:
    P = patient(db)
    procedure(db, P, "80.00", date(2024, 1, 5), ProvNum=1)
    pay_num = client.post("/api/v1/payments", json={"PatNum": P, "PayAmt": "80"}).json()["PayNum"]
    refund = client.post("/api/v1/payments/Refund", json={"PayNum": pay_num}).json()["PayNum"]
    split_num = rows(db, "paysplit", PayNum=pay_num)[0]["SplitNum"]

    answer = client.get(f"/odpay/v1/payments/{refund}/explanation").json()

    assert answer["reproduced"] is False
    assert answer["unpaid"] == []
    [only] = answer["splits"]
    assert only["explanation"]["rule"] == "NotReproduced"
    assert only["explanation"]["text"].startswith(f"This split refunds split {split_num}.")


def test_an_unknown_payment_is_404(client: TestClient) -> None:
    answer = client.get("/odpay/v1/payments/999999999/explanation")
    assert (answer.status_code, answer.json()) == (404, "Payment not found.")


def test_the_ledger_is_the_account_module_with_running_balances(
    client: TestClient, db: Engine
) -> None:
    G = patient(db)
    C = patient(db, G)
    code = add(db, "procedurecode", ProcCode="D0120", Descript="periodic oral evaluation")
    exam = procedure(db, C, "100.00", date(2024, 1, 5), CodeNum=code)
    adj = adjustment(db, G, "-15.00", date(2024, 1, 20))
    crown = procedure(db, G, "300.00", date(2024, 2, 1))
    procedure(db, G, "999.00", date(2024, 2, 2), ProcStatus=1)  # treatment-planned: not shown
    add(db, "claimproc", ProcNum=crown, PatNum=G, Status=1, ClaimNum=5, InsPayAmt="200.00",
        WriteOff="20.00", DateCP=date(2024, 3, 1), ProvNum=1)  # fmt: skip
    pay_num = client.post(
        "/api/v1/payments", json={"PatNum": G, "PayAmt": "100", "PayDate": str(date(2024, 3, 2))}
    ).json()["PayNum"]

    answer = client.get(f"/odpay/v1/families/{C}/ledger")

    assert answer.status_code == 200
    body = answer.json()
    assert (body["guarantor"], [m["PatNum"] for m in body["members"]]) == (G, [G, C])
    assert (body["total"], body["offset"], body["limit"], body["balance"]) == (5, 0, 200, "65.00")
    assert [
        (ln["kind"], ln["PatNum"], ln["key"], ln["code"], ln["charge"], ln["credit"], ln["balance"])
        for ln in body["lines"]
    ] == [
        ("Procedure", C, exam, "D0120", "100.00", "", "100.00"),
        ("Adjustment", G, adj, "", "", "15.00", "85.00"),
        ("Procedure", G, crown, "", "300.00", "", "385.00"),
        ("Insurance", G, 5, "", "", "220.00", "165.00"),
        ("Payment", G, pay_num, "", "", "100.00", "65.00"),
    ]
    assert body["lines"][0]["description"] == "periodic oral evaluation"
    # The payment paid the exam (oldest) in full; its split names the exam's line.
    [paid] = body["lines"][4]["splits"]
    assert (paid["ProcNum"], paid["SplitAmt"], paid["target"]) == (exam, "100.00", 0)


def test_the_ledger_pages_and_refuses_bad_paging(client: TestClient, db: Engine) -> None:
    P = patient(db)
    procs = [procedure(db, P, "10.00", date(2024, 1, day)) for day in range(1, 8)]

    page = client.get(f"/odpay/v1/families/{P}/ledger?offset=5&limit=2").json()

    assert (page["total"], page["balance"]) == (7, "70.00")
    assert [(ln["index"], ln["key"], ln["balance"]) for ln in page["lines"]] == [
        (5, procs[5], "60.00"),
        (6, procs[6], "70.00"),
    ]
    assert client.get(f"/odpay/v1/families/{P}/ledger?offset=9").json()["lines"] == []
    for query, message in (
        ("offset=-1", "offset must be a whole number of 0 or more."),
        ("offset=x", "offset must be a whole number of 0 or more."),
        ("limit=0", "limit must be between 1 and 1000."),
        ("limit=1001", "limit must be between 1 and 1000."),
    ):
        answer = client.get(f"/odpay/v1/families/{P}/ledger?{query}")
        assert (answer.status_code, answer.json()) == (400, message)
    missing = client.get("/odpay/v1/families/999999999/ledger")
    assert (missing.status_code, missing.json()) == (404, "Patient not found.")


def test_the_console_is_served_from_the_package_without_a_key(client: TestClient) -> None:
    page = client.get("/console", headers={"Authorization": ""})
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert '<script src="console-assets/console.js"></script>' in page.text
    assert "http://" not in page.text and "https://" not in page.text  # nothing from a CDN
    for asset in ("console.js", "console.css"):
        answer = client.get(f"/console-assets/{asset}", headers={"Authorization": ""})
        assert answer.status_code == 200
        assert "https://" not in answer.text
