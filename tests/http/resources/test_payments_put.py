"""PUT /payments/{PayNum} through HTTP, and the body checks of every payments write route.

Spec: payments.md §5 (messages in order, D21, D23), §1.3 (security log), wire-format.md §3.
"""

import json
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from odpay.services.clock import office_now, office_today
from tests.factories import EDITED_AT, add, patient, payment, rows, set_pref, split
from tests.http.conftest import KeyMaker


def _put(client: TestClient, pay_num: int, body: str | bytes) -> tuple[int, Any]:
    r = client.put(f"/api/v1/payments/{pay_num}", content=body)
    return r.status_code, r.json()


def test_a_missing_payment_is_found_missing_before_the_body_is_read(client: TestClient) -> None:
    assert _put(client, 987654321, b"") == (404, "Payment not found.")
    assert _put(client, 987654321, b"[") == (404, "Payment not found.")


def test_a_deleted_patient_comes_before_the_body(client: TestClient, db: Engine) -> None:
    pay_num = payment(db, patient(db, PatStatus=4))
    assert _put(client, pay_num, b"") == (400, "Patient has been deleted.")
    assert _put(client, pay_num, b'{"PayNote": "x"}') == (400, "Patient has been deleted.")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"", "Include a JSON resource."),
        (b" \r\n", "Include a JSON resource."),
        (b"[]", "Invalid JSON."),
        (b"\xff", "Invalid JSON."),
        (b'{"PayType": "Cash"}', "Invalid JSON."),
        (b'{"CheckNum": true}', "Invalid JSON."),
        (b'{"ProcessStatus": ["OnlinePending"]}', "Invalid JSON."),
    ],
)
def test_body_errors_come_after_the_row_checks(
    client: TestClient, db: Engine, body: bytes, message: str
) -> None:
    pay_num = payment(db, patient(db))
    assert _put(client, pay_num, body) == (400, message)


@pytest.mark.parametrize(
    ("stored", "body", "message"),
    [
        (0, '{"PayType": 70}', "PayType cannot be updated for an Income Transfer."),
        (0, '{"PayType": 0}', "PayType cannot be updated for an Income Transfer."),
        (69, '{"PayType": 0}', "PayType cannot be 0."),
        (69, '{"PayType": "0"}', "PayType cannot be 0."),
        (
            69,
            '{"PayType": 12345}',
            "PayType is invalid. Must be a definition.DefNum where definition.Category=10.",
        ),
        (
            69,
            '{"PayType": 283}',
            "PayType is invalid. Must be a definition.DefNum where definition.Category=10.",
        ),
        (69, '{"PayType": 70, "CheckNum": "12345678901234567890123456"}', "CheckNum is too long."),
        (
            69,
            '{"CheckNum": "12345678901234567890123456", "BankBranch": "12345678901234567890123456"}',
            "CheckNum is too long.",
        ),
        (69, '{"BankBranch": "12345678901234567890123456"}', "BankBranch is too long."),
        (69, '{"BankBranch": "x", "ProcessStatus": "Nope"}', "ProcessStatus is invalid."),
        (69, '{"ProcessStatus": "onlineprocessed"}', "ProcessStatus is invalid."),
        (69, '{"ProcessStatus": 1}', "ProcessStatus is invalid."),
        (69, '{"ProcessStatus": ""}', "ProcessStatus is invalid."),
        (
            69,
            '{"ProcessStatus": "OfficeProcessed"}',
            "Cannot change ProcessStatus to OfficeProcessed.",
        ),
        (
            69,
            '{"ProcessStatus": "OnlineProcessed"}',
            "Cannot change ProcessStatus from OfficeProcessed.",
        ),
        (
            69,
            '{"PayType": 12345, "ProcessStatus": "Nope"}',
            "PayType is invalid. Must be a definition.DefNum where definition.Category=10.",
        ),
    ],
)
def test_each_refusal_in_the_spec_order(
    client: TestClient, db: Engine, stored: int, body: str, message: str
) -> None:
    pay_num = payment(db, patient(db), PayType=stored, CheckNum="1", BankBranch="b")
    assert _put(client, pay_num, body) == (400, message)
    assert rows(db, "payment", PayNum=pay_num)[0]["CheckNum"] == "1"


def test_a_hidden_paytype_is_refused(fresh_client: TestClient, fresh_db: Engine) -> None:
    add(fresh_db, "definition", DefNum=5001, Category=10, ItemName="Old card", IsHidden=1)
    pay_num = payment(fresh_db, patient(fresh_db))
    assert _put(fresh_client, pay_num, '{"PayType": 5001}') == (400, "PayType is hidden.")


def test_a_stored_future_paydate_refuses_every_put(client: TestClient, db: Engine) -> None:
    pay_num = payment(db, patient(db), PayDate=office_today() + timedelta(days=1))
    message = "Payment Date must not be a future date."
    assert _put(client, pay_num, b"{}") == (400, message)
    assert _put(client, pay_num, b'{"PayNote": "x"}') == (400, message)
    assert _put(client, pay_num, b'{"ProcessStatus": "x"}') == (400, "ProcessStatus is invalid.")


def test_future_paydates_pass_when_the_office_allows_them(
    fresh_client: TestClient, fresh_db: Engine
) -> None:
    for pref in ("AccountAllowFutureDebits", "FutureTransDatesAllowed"):
        set_pref(fresh_db, "AccountAllowFutureDebits", "0")
        set_pref(fresh_db, "FutureTransDatesAllowed", "0")
        set_pref(fresh_db, pref, "1")
        pay_num = payment(fresh_db, patient(fresh_db), PayDate=office_today() + timedelta(days=1))
        assert _put(fresh_client, pay_num, b'{"PayNote": "x"}')[0] == 200


@pytest.mark.parametrize("stored", [date(1879, 12, 31), date(1, 1, 1)])
def test_a_stored_paydate_before_1880_is_invalid(
    client: TestClient, db: Engine, stored: date
) -> None:
    pay_num = payment(db, patient(db), PayDate=stored)
    assert _put(client, pay_num, b"{}") == (400, "Invalid Payment Date")


def test_an_edit_updates_the_row_and_writes_one_security_log_row(
    client: TestClient, db: Engine, make_key: KeyMaker
) -> None:
    pat_num = patient(db, LName="Doe", FName="Jane")
    pay_num = payment(
        db, pat_num, CheckNum="1", PayNote="a", ProcessStatus=2, DepositNum=7, SecUserNumEntry=4
    )
    split(db, pay_num, pat_num, "10.00", ProvNum=1)
    body = (
        '{"PayType": 70, "CheckNum": "2", "BankBranch": "B", "PayNote": "b",'
        ' "ProcessStatus": "OnlineProcessed", "PayAmt": "99", "PatNum": 1, "PayDate": "2020-01-01"}'
    )
    before = office_now()
    r = client.put(
        f"/api/v1/payments/{pay_num}?DateFormatString=MM/dd/yyyy",
        content=body,
        headers={"Authorization": make_key(developer_name="Acme Apps")},
    )
    after = office_now()
    assert r.status_code == 200
    stored = rows(db, "payment", PayNum=pay_num)[0]
    edited_at = stored["SecDateTEdit"]
    assert before <= edited_at <= after
    assert r.json() | {"SecDateTEdit": ""} == {
        "PayNum": pay_num,
        "PayType": 70,
        "payType": "Cash",
        "PayDate": "2024-06-01",
        "PayAmt": "10",
        "CheckNum": "2",
        "BankBranch": "B",
        "PayNote": "b",
        "PatNum": pat_num,
        "ClinicNum": "0",
        "DateEntry": "2024-06-01",
        "DepositNum": 7,
        "Receipt": "",
        "IsRecurringCC": "false",
        "SecUserNumEntry": 4,
        "SecDateTEdit": "",
        "PaymentSource": "None",
        "ProcessStatus": "OnlineProcessed",
        "RecurringChargeDate": "0001-01-01",
        "IsCcCompleted": "false",
        "serverDateTime": "",
    }
    assert r.json()["SecDateTEdit"] == edited_at.strftime("%Y-%m-%d %H:%M:%S")
    assert rows(db, "paysplit", PayNum=pay_num)[0]["SplitAmt"] == 10.0
    (log,) = rows(db, "securitylog", FKey=pay_num)
    del log["SecurityLogNum"]
    assert log == {
        "PermType": 16,
        "UserNum": 1,
        "LogDateTime": edited_at,
        "LogText": (
            "Payment edited for Doe, Jane"
            "\r\nPayType changed from 'Check' to 'Cash'."
            "\r\nCheckNum changed from '1' to '2'."
            "\r\nBankBranch changed from '' to 'B'."
            "\r\nPayNote changed from 'a' to 'b'."
            "\r\nProcessStatus changed from 'OnlinePending' to 'OnlineProcessed'."
            " by Acme Apps through API."
        ),
        "PatNum": pat_num,
        "CompName": "odpay",
        "FKey": pay_num,
        "LogSource": 23,
        "DefNum": 0,
        "DefNumError": 0,
        "DateTPrevious": EDITED_AT,
    }


def test_clearing_a_text_is_a_change(client: TestClient, db: Engine) -> None:
    pat_num = patient(db, LName="Roe", FName="Ann")
    pay_num = payment(db, pat_num, PayNote="note", CheckNum="12")
    assert _put(client, pay_num, b'{"PayNote": "", "CheckNum": 12}')[0] == 200
    (log,) = rows(db, "securitylog", FKey=pay_num)
    assert log["LogText"] == (
        "Payment edited for Roe, Ann\r\nPayNote changed from 'note' to ''. by odpay through API."
    )


def test_a_put_that_changes_nothing_writes_nothing(client: TestClient, db: Engine) -> None:
    pat_num = patient(db)
    pay_num = payment(db, pat_num, CheckNum="7", ProcessStatus=1)
    unchanged = rows(db, "payment", PayNum=pay_num)
    for body in (
        b"{}",
        b'{"PayType": 69, "CheckNum": "7", "PayNote": null, "PayType ": 70}',
        b'{"PayType": -1, "ProcessStatus": "OnlineProcessed", "PayAmt": "5"}',
    ):
        status, item = _put(client, pay_num, body)
        assert (status, item["SecDateTEdit"], item["serverDateTime"]) == (
            200,
            "2024-06-01 09:30:00",
            "",
        )
    assert rows(db, "payment", PayNum=pay_num) == unchanged
    assert rows(db, "securitylog", FKey=pay_num) == []


def test_processstatus_moves_between_the_online_states(client: TestClient, db: Engine) -> None:
    pay_num = payment(db, patient(db), ProcessStatus=2)
    assert _put(client, pay_num, b'{"ProcessStatus": "OnlineProcessed"}')[1]["ProcessStatus"] == (
        "OnlineProcessed"
    )
    assert _put(client, pay_num, b'{"ProcessStatus": "OnlinePending"}')[1]["ProcessStatus"] == (
        "OnlinePending"
    )
    assert len(rows(db, "securitylog", FKey=pay_num)) == 2


def test_content_type_is_not_enforced(client: TestClient, db: Engine) -> None:
    pay_num = payment(db, patient(db))
    r = client.put(
        f"/api/v1/payments/{pay_num}",
        content=b'{"PayNote": "plain"}',
        headers={"Content-Type": "text/plain"},
    )
    assert (r.status_code, r.json()["PayNote"]) == (200, "plain")


class TestWriteRouteBodies:
    """POST /payments and /payments/Refund refuse a bad body before their service runs."""

    @pytest.mark.parametrize("path", ["/api/v1/payments", "/api/v1/payments/Refund"])
    @pytest.mark.parametrize(
        ("body", "message"),
        [
            (None, "Include a JSON resource."),
            (b"", "Include a JSON resource."),
            (b"  \t\r\n", "Include a JSON resource."),
            (b"{", "Invalid JSON."),
            (b"null", "Invalid JSON."),
            (b'"{}"', "Invalid JSON."),
            (b'[{"PatNum": 1}]', "Invalid JSON."),
            (b"\xc3\x28", "Invalid JSON."),
            (b'{"PatNum": true, "PayNum": []}', "Invalid JSON."),
            (b'{"PayAmt": {"v": 1}, "PayNum": 1.5}', "Invalid JSON."),
        ],
    )
    def test_a_bad_body(
        self, client: TestClient, path: str, body: bytes | None, message: str
    ) -> None:
        r = client.post(path, content=body)
        assert (r.status_code, r.json()) == (400, message)

    def test_a_body_beyond_16_8_million_characters_is_invalid_json(
        self, client: TestClient
    ) -> None:
        body = b'{"PatNum": 1}' + b" " * (2**24)
        r = client.post("/api/v1/payments", content=body)
        assert (r.status_code, r.json()) == (400, "Invalid JSON.")

    def test_partial_checks_the_row_before_the_body(self, client: TestClient, db: Engine) -> None:
        r = client.put("/api/v1/payments/987654321/Partial", content=b"")
        assert (r.status_code, r.json()) == (404, "Payment not found.")
        pay_num = payment(db, patient(db))
        for body, message in [
            (b"", "Include a JSON resource."),
            (b"[1]", "Invalid JSON."),
            (b'{"procNumsAndAmounts": [{"ProcNum": 1, "Amount": "ten"}]}', "Invalid JSON."),
            (b'{"payPlanChargeNumsAndAmounts": "x"}', "Invalid JSON."),
        ]:
            r = client.put(f"/api/v1/payments/{pay_num}/Partial", content=body)
            assert (r.status_code, r.json()) == (400, message)


def test_a_note_beyond_what_a_text_column_holds_is_refused_and_nothing_changes(
    client: TestClient, db: Engine
) -> None:
    pat_num = patient(db)
    pay_num = payment(db, pat_num, PayNote="kept")
    body = json.dumps({"PayNote": "€" * 21_846}, ensure_ascii=False).encode()  # 65,538 bytes
    assert _put(client, pay_num, body) == (400, "PayNote is too long.")
    assert rows(db, "payment", PayNum=pay_num)[0]["PayNote"] == "kept"
    assert rows(db, "securitylog", FKey=pay_num) == []
