"""Every 201 carries `Location: {base}/api/v1/{resource}/{number}` of what it created."""

import uuid
from typing import Any

from fastapi.testclient import TestClient

BASE = "http://testserver/api/v1"


def test_every_route_that_creates_says_where_the_new_row_is(client: TestClient) -> None:
    answered: dict[str, str] = {}

    def post(path: str, body: dict[str, Any], key: str) -> Any:
        r = client.post(f"/api/v1/{path}", json=body)
        assert r.status_code == 201, r.json()
        resource = path.split("/")[0]
        assert r.headers["Location"] == f"{BASE}/{resource}/{r.json()[key]}"
        answered[f"/api/v1/{path}"] = r.headers["Location"]
        return r.json()[key]

    category = f"Cat {uuid.uuid4().hex[:8]}"
    code = f"D{uuid.uuid4().hex[:8]}"
    post("definitions", {"ItemName": category, "category": "ProcCodeCats"}, "DefNum")
    post(
        "procedurecodes",
        {"ProcCode": code, "Descript": "exam", "AbbrDesc": "Ex", "procCat": category},
        "CodeNum",
    )
    post("providers", {"Abbr": f"P{uuid.uuid4().hex[:6]}"}, "ProvNum")
    head = post("patients", {"LName": "Created", "FName": "Cleo"}, "PatNum")
    proc = post(
        "procedurelogs",
        {"PatNum": head, "ProcDate": "2024-02-01", "ProcStatus": "C", "procCode": code,
         "ProcFee": "300"},
        "ProcNum",
    )  # fmt: skip
    post("claimprocs", {"ProcNum": proc, "InsEstTotalOverride": 100}, "ClaimProcNum")
    post(
        "adjustments",
        {"PatNum": head, "AdjType": 2, "AdjAmt": 20, "AdjDate": "2024-01-20"},
        "AdjNum",
    )
    post(
        "payplans/Dynamic",
        {"PatNum": head, "PayAmt": 50, "procNums": [proc]},
        "PayPlanNum",
    )
    pay_num = post("payments", {"PatNum": head, "PayAmt": "10"}, "PayNum")
    refund = client.post("/api/v1/payments/Refund", json={"PayNum": pay_num})
    assert refund.headers["Location"] == f"{BASE}/payments/{refund.json()['PayNum']}"
    answered["/api/v1/payments/Refund"] = refund.headers["Location"]

    document = client.get("/openapi.json").json()
    creating = {
        path
        for path, operations in document["paths"].items()
        for operation in operations.values()
        if "201" in operation["responses"]
    }
    assert set(answered) == creating


def test_the_location_is_on_the_host_and_scheme_each_client_used(client: TestClient) -> None:
    head = client.post("/api/v1/patients", json={"LName": "Hosted", "FName": "Hal"}).json()
    seen = []
    for host in ("odpay.example:8443", "10.0.0.5", "odpay.example:8443"):
        r = client.post(
            "/api/v1/payments",
            json={"PatNum": head["PatNum"], "PayAmt": "1"},
            headers={"Host": host},
        )
        assert r.status_code == 201
        assert r.headers["Location"] == f"http://{host}/api/v1/payments/{r.json()['PayNum']}"
        seen.append(r.headers["Location"].rsplit("/", 1)[0])
    assert seen == [
        "http://odpay.example:8443/api/v1/payments",
        "http://10.0.0.5/api/v1/payments",
        "http://odpay.example:8443/api/v1/payments",
    ]
