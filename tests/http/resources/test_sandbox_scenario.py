"""A sandbox built only through the API, then paid: family, procedures set complete, an
adjustment, an insurance estimate, and POST /payments splitting as allocation.md predicts
(FIFO over the family at patient portion, the rest unearned)."""

import uuid
from typing import Any

from fastapi.testclient import TestClient

from odpay.services.clock import office_today


def test_a_family_built_through_the_api_is_paid_oldest_first(client: TestClient) -> None:
    def post(path: str, body: dict[str, object]) -> dict[str, object]:
        r = client.post(f"/api/v1/{path}", json=body)
        assert r.status_code == 201, r.json()
        created: dict[str, object] = r.json()
        return created

    # Codes and their categories are practice-wide: names of their own, the database is shared.
    category = f"Exams {uuid.uuid4().hex[:8]}"
    proc_code = f"D{uuid.uuid4().hex[:8]}"
    post("definitions", {"ItemName": category, "category": "ProcCodeCats"})
    post(
        "procedurecodes",
        {"ProcCode": proc_code, "Descript": "periodic oral evaluation", "AbbrDesc": "PerEx",
         "procCat": category},
    )  # fmt: skip

    head = post("patients", {"LName": "Sandbox", "FName": "Gail"})["PatNum"]
    child = post("patients", {"LName": "Sandbox", "FName": "Cory", "Guarantor": head})["PatNum"]
    child_proc = post(
        "procedurelogs",
        {"PatNum": child, "ProcDate": "2024-01-05", "ProcStatus": "TP", "procCode": proc_code,
         "ProcFee": "100"},
    )["ProcNum"]  # fmt: skip
    done = client.put(f"/api/v1/procedurelogs/{child_proc}", json={"ProcStatus": "C"})
    assert (done.status_code, done.json()["ProcStatus"]) == (200, "C")
    head_proc = post(
        "procedurelogs",
        {"PatNum": head, "ProcDate": "2024-02-01", "ProcStatus": "C", "procCode": proc_code,
         "ProcFee": 200},
    )["ProcNum"]  # fmt: skip
    adj_num = post(
        "adjustments", {"PatNum": head, "AdjType": 2, "AdjAmt": 20, "AdjDate": "2024-01-20"}
    )["AdjNum"]
    # Insurance is expected to pay 120 and write off 30: the patient portion is 50.
    post(
        "claimprocs", {"ProcNum": head_proc, "InsEstTotalOverride": 120, "WriteOffEstOverride": 30}
    )

    payment = post("payments", {"PatNum": head, "PayAmt": "250"})
    r = client.get("/api/v1/paysplits", params={"PayNum": str(payment["PayNum"])})
    today = office_today().isoformat()
    splits = [
        {k: v for k, v in s.items() if k not in ("SplitNum", "SecDateTEdit")} for s in r.json()
    ]

    def split(
        amount: float, pat: object, prov: int, proc: object, adj: object, unearned: int
    ) -> dict[str, object]:
        return {
            "SplitAmt": amount, "PatNum": pat, "PayNum": payment["PayNum"], "ProvNum": prov,
            "PayPlanNum": 0, "DatePay": today, "ProcNum": proc, "DateEntry": today,
            "UnearnedType": unearned, "unearnedType": "Prepayment" if unearned else "",
            "ClinicNum": 0, "AdjNum": adj, "PayPlanChargeNum": 0, "PayPlanDebitType": "Unknown",
        }  # fmt: skip

    assert splits == [
        split(100.0, child, 1, child_proc, 0, 0),  # the child's procedure, oldest
        split(20.0, head, 1, 0, adj_num, 0),  # the adjustment
        split(50.0, head, 1, head_proc, 0, 0),  # the head's procedure at its patient portion
        split(80.0, head, 0, 0, 0, 283),  # the rest: unearned (Prepayment)
    ]


def test_a_practice_built_only_through_the_api_pays_as_the_spec_predicts_and_balances_agree(
    client: TestClient,
) -> None:
    """Issue 5's end-to-end case: nothing but API calls, from an empty practice to balances."""
    today = office_today().isoformat()

    def post(path: str, body: dict[str, object]) -> dict[str, Any]:
        r = client.post(f"/api/v1/{path}", json=body)
        assert r.status_code == 201, r.json()
        created: dict[str, Any] = r.json()
        return created

    category = f"Exams {uuid.uuid4().hex[:8]}"
    post("definitions", {"ItemName": category, "category": "ProcCodeCats"})
    code = f"D{uuid.uuid4().hex[:8]}"
    post("procedurecodes", {"ProcCode": code, "Descript": "exam", "AbbrDesc": "Ex",
                            "procCat": category})  # fmt: skip
    head = post("patients", {"LName": "Api", "FName": "Hana"})["PatNum"]
    child = post("patients", {"LName": "Api", "FName": "Ivo", "Guarantor": head})["PatNum"]

    def completed(pat: int, on: str, fee: str) -> int:
        body = {"PatNum": pat, "ProcDate": on, "ProcStatus": "C", "procCode": code, "ProcFee": fee}
        proc_num: int = post("procedurelogs", body)["ProcNum"]
        return proc_num

    child_proc = completed(child, "2024-01-05", "100")
    head_proc = completed(head, "2024-02-01", "200")
    plan_proc = completed(head, "2024-03-01", "300")
    adj_num = post(
        "adjustments", {"PatNum": head, "AdjType": 2, "AdjAmt": 20, "AdjDate": "2024-01-20"}
    )["AdjNum"]
    post("claimprocs", {"ProcNum": head_proc, "InsEstTotalOverride": 120,
                        "WriteOffEstOverride": 30})  # fmt: skip
    plan = post("payplans/Dynamic", {"PatNum": head, "Guarantor": head, "procNums": [plan_proc],
                                     "PayAmt": 100, "ChargeFrequency": "Monthly",
                                     "DatePayPlanStart": today})  # fmt: skip
    charges = client.get("/api/v1/payplancharges", params={"PayPlanNum": plan["PayPlanNum"]})
    due = [c for c in charges.json() if c["ChargeDate"] == today]
    assert len(due) == 1

    def family_balance() -> float:
        lines = client.get(f"/api/v1/accountmodules/{child}/PatientBalances").json()
        assert lines[-1]["Name"] == "Entire Family"
        assert sum(line["Balance"] for line in lines[:-1]) == lines[-1]["Balance"]
        balance: float = lines[-1]["Balance"]
        return balance

    # Owed: 100 (child) + 20 (adjustment) + 50 (200 less 150 expected from insurance)
    # + 100 (the plan charge due today); the plan's later charges are not due yet.
    assert family_balance() == 270
    payment = post("payments", {"PatNum": head, "PayAmt": "400"})
    splits = client.get("/api/v1/paysplits", params={"PayNum": str(payment["PayNum"])}).json()
    assert [
        (s["SplitAmt"], s["PatNum"], s["ProvNum"], s["ProcNum"], s["AdjNum"], s["PayPlanNum"],
         s["PayPlanChargeNum"], s["PayPlanDebitType"], s["UnearnedType"])
        for s in splits
    ] == [
        (100.0, child, 1, child_proc, 0, 0, 0, "Unknown", 0),
        (20.0, head, 1, 0, adj_num, 0, 0, "Unknown", 0),
        (50.0, head, 1, head_proc, 0, 0, 0, "Unknown", 0),
        (100.0, head, 1, plan_proc, 0, plan["PayPlanNum"], due[0]["PayPlanChargeNum"],
         "Principal", 0),
        (130.0, head, 0, 0, 0, 0, 0, "Unknown", 283),
    ]  # fmt: skip
    assert family_balance() == 270 - 400
