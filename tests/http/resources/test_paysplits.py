"""GET /paysplits and PUT /paysplits/{SplitNum} through HTTP.

Spec: payments.md §7, §8 (D21, D22), §1.3 (security log); wire-format.md §6, §7, §9.
"""

from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from odpay.services.clock import office_now
from tests.factories import EDITED_AT, add, patient, payment, rows, set_pref, split


def _family_payment(db: Engine, **patient_columns: Any) -> tuple[int, int]:
    pat_num = patient(db, **patient_columns)
    pay_num = payment(db, pat_num, "30.00")
    return pat_num, pay_num


def _split_nums(client: TestClient, query: str) -> list[int]:
    r = client.get(f"/api/v1/paysplits?{query}")
    assert r.status_code == 200, r.text
    return [s["SplitNum"] for s in r.json()]


def test_filters_combine_and_rows_come_in_splitnum_order(client: TestClient, db: Engine) -> None:
    pat_num, pay_num = _family_payment(db)
    other_pat = patient(db)
    proc_num = add(db, "procedurelog", PatNum=pat_num, ProcFee="50.00", ProcStatus=2)
    a = split(db, pay_num, pat_num, ProcNum=proc_num)
    b = split(db, pay_num, other_pat)
    c = split(db, pay_num, pat_num)
    assert _split_nums(client, f"PayNum={pay_num}") == [a, b, c]
    assert _split_nums(client, f"PatNum={pat_num}") == [a, c]
    assert _split_nums(client, f"PatNum={pat_num}&ProcNum={proc_num}") == [a]
    assert _split_nums(client, f"PayNum={pay_num}&PatNum={other_pat}") == [b]
    assert _split_nums(client, f"PayNum={pay_num}&ProcNum=0&PatNum=-1") == [a, b, c]
    assert _split_nums(client, f"ProcNum={proc_num}&ProcNum=987654321") == [a]
    assert _split_nums(client, "ProcNum=987654321") == []


def test_unknown_patient_and_payment_are_404_in_that_order(client: TestClient) -> None:
    r = client.get("/api/v1/paysplits?PatNum=987654321&PayNum=987654321")
    assert (r.status_code, r.json()) == (404, "Patient not found.")
    r = client.get("/api/v1/paysplits?PayNum=987654321")
    assert (r.status_code, r.json()) == (404, "Payment not found.")


def test_a_deleted_patients_splits_are_listed(client: TestClient, db: Engine) -> None:
    pat_num, pay_num = _family_payment(db, PatStatus=4)
    split_num = split(db, pay_num, pat_num)
    assert _split_nums(client, f"PatNum={pat_num}") == [split_num]


def test_without_filters_every_split_is_listed(fresh_client: TestClient, fresh_db: Engine) -> None:
    pat_num, pay_num = _family_payment(fresh_db)
    split_nums = [split(fresh_db, pay_num, pat_num) for _ in range(3)]
    for query in ("", "PatNum=0", "PayNum=junk", "ProcNum=-3", "PatNum=&PayNum="):
        assert _split_nums(fresh_client, query) == split_nums


def test_paging_by_limit_and_offset(client: TestClient, db: Engine) -> None:
    pat_num, pay_num = _family_payment(db)
    split_nums = [split(db, pay_num, pat_num) for _ in range(4)]
    base = f"PayNum={pay_num}"
    assert _split_nums(client, f"{base}&Limit=3") == split_nums[:3]
    assert _split_nums(client, f"{base}&Limit=3&Offset=3") == split_nums[3:]
    assert _split_nums(client, f"{base}&Limit=-2&Offset=-2") == split_nums
    assert _split_nums(client, f"{base}&Limit=x&Offset=y") == split_nums


def test_date_formats_apply_to_split_dates(client: TestClient, db: Engine) -> None:
    pat_num, pay_num = _family_payment(db)
    split(db, pay_num, pat_num, DatePay=date(2024, 3, 13), DateEntry=date(2024, 3, 14))
    query = f"PayNum={pay_num}&DateFormatString=d&DateTimeFormatString=s"
    listed = client.get(f"/api/v1/paysplits?{query}").json()[0]
    assert (listed["DatePay"], listed["DateEntry"], listed["SecDateTEdit"]) == (
        "3/13/2024",
        "3/14/2024",
        "2024-06-01T09:30:00",
    )


def _put(client: TestClient, split_num: int, body: bytes | str) -> tuple[int, Any]:
    r = client.put(f"/api/v1/paysplits/{split_num}", content=body)
    return r.status_code, r.json()


def test_a_missing_split_is_found_missing_before_the_body_is_read(client: TestClient) -> None:
    assert _put(client, 987654321, b"") == (404, "PaySplit not found.")


@pytest.mark.parametrize(
    ("unearned", "body", "message"),
    [
        (0, b"", "Include a JSON resource."),
        (0, b"{]", "Invalid JSON."),
        (0, b'{"ProvNum": "one"}', "Invalid JSON."),
        (0, b'{"ProvNum": -1}', "ProvNum is invalid."),
        (283, b'{"ProvNum": -1}', "ProvNum is invalid."),
        (0, b'{"ProvNum": 0}', "ProvNum is invalid."),
        (0, b'{"ProvNum": 987654321}', "ProvNum is invalid."),
        (0, b'{"ProvNum": 0, "ClinicNum": -1}', "ProvNum is invalid."),
        (0, b'{"ClinicNum": -1}', "ClinicNum is invalid."),
        (0, b'{"ClinicNum": 987654321}', "ClinicNum is invalid."),
    ],
)
def test_each_refusal_in_the_spec_order(
    client: TestClient, db: Engine, unearned: int, body: bytes, message: str
) -> None:
    pat_num, pay_num = _family_payment(db)
    split_num = split(db, pay_num, pat_num, UnearnedType=unearned)
    assert _put(client, split_num, body) == (400, message)


def test_provider_rules(fresh_client: TestClient, fresh_db: Engine) -> None:
    hidden = add(fresh_db, "provider", Abbr="OLD", IsHidden=1)
    pat_num, pay_num = _family_payment(fresh_db)
    earned = split(fresh_db, pay_num, pat_num)
    unearned = split(fresh_db, pay_num, pat_num, UnearnedType=283)
    assert _put(fresh_client, earned, f'{{"ProvNum": {hidden}}}')[1]["ProvNum"] == hidden
    assert _put(fresh_client, unearned, b'{"ProvNum": 0}')[1]["ProvNum"] == 0
    set_pref(fresh_db, "AllowPrepayProvider", "0")
    assert _put(fresh_client, unearned, b'{"ProvNum": 0, "ClinicNum": 0}')[0] == 200
    assert _put(fresh_client, unearned, b'{"ProvNum": 1}') == (
        400,
        "ProvNum cannot be changed for a paysplit with an UnearnedType.",
    )
    assert _put(fresh_client, earned, b'{"ProvNum": 1}')[1]["ProvNum"] == 1


def test_an_edit_updates_the_split_and_writes_one_security_log_row(
    client: TestClient, db: Engine
) -> None:
    clinic_num = add(db, "clinic", Abbr="East", Description="East office")
    _payer, pay_num = _family_payment(db, LName="Doe", FName="Jane")
    split_pat = patient(db, LName="Doe", FName="Jimmy")
    split_num = split(db, pay_num, split_pat, ProvNum=1, UnearnedType=283)
    before = office_now()
    status, item = _put(client, split_num, f'{{"ProvNum": 0, "ClinicNum": "{clinic_num}"}}')
    after = office_now()
    stored = rows(db, "paysplit", SplitNum=split_num)[0]
    assert before <= stored["SecDateTEdit"] <= after
    assert (status, item) == (
        200,
        {
            "SplitNum": split_num,
            "SplitAmt": 10.0,
            "PatNum": split_pat,
            "PayNum": pay_num,
            "ProvNum": 0,
            "PayPlanNum": 0,
            "DatePay": "2024-06-01",
            "ProcNum": 0,
            "DateEntry": "2024-06-01",
            "UnearnedType": 283,
            "unearnedType": "Prepayment",
            "ClinicNum": clinic_num,
            "SecDateTEdit": stored["SecDateTEdit"].strftime("%Y-%m-%d %H:%M:%S"),
            "AdjNum": 0,
            "PayPlanChargeNum": 0,
            "PayPlanDebitType": "Unknown",
        },
    )
    (log,) = rows(db, "securitylog", FKey=pay_num)
    del log["SecurityLogNum"]
    assert log == {
        "PermType": 16,
        "UserNum": 1,
        "LogDateTime": stored["SecDateTEdit"],
        "LogText": (
            f"Paysplit {split_num} edited for Doe, Jimmy"
            "\r\nProvNum changed from '1' to '0'."
            f"\r\nClinicNum changed from '0' to '{clinic_num}'."
            " by odpay through API."
        ),
        "PatNum": split_pat,
        "CompName": "odpay",
        "FKey": pay_num,
        "LogSource": 23,
        "DefNum": 0,
        "DefNumError": 0,
        "DateTPrevious": EDITED_AT,
    }


def test_a_put_that_changes_nothing_writes_nothing(client: TestClient, db: Engine) -> None:
    pat_num, pay_num = _family_payment(db)
    split_num = split(db, pay_num, pat_num, ProvNum=1)
    unchanged = rows(db, "paysplit", SplitNum=split_num)
    for body in (b"{}", b'{"ProvNum": 1, "ClinicNum": "0", "SplitAmt": 5}', b'{"ProvNum": null}'):
        status, item = _put(client, split_num, body)
        assert (status, item["SecDateTEdit"]) == (200, "2024-06-01 09:30:00")
    assert rows(db, "paysplit", SplitNum=split_num) == unchanged
    assert rows(db, "securitylog", FKey=pay_num) == []


def test_put_ignores_the_date_formats_of_the_query(client: TestClient, db: Engine) -> None:
    pat_num, pay_num = _family_payment(db)
    split_num = split(db, pay_num, pat_num)
    r = client.put(f"/api/v1/paysplits/{split_num}?DateFormatString=d", content=b"{}")
    assert r.json()["DatePay"] == "2024-06-01"
