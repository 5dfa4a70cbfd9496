"""The Payment and PaySplit JSON, field for field and byte for byte (wire-format.md §4, §8-§10)."""

import json
from datetime import date, datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from tests.factories import add, patient, payment, split

PAYMENT_EXAMPLE = (
    '{"PayNum":56734,"PayType":69,"payType":"Check","PayDate":"2021-07-05","PayAmt":"129.99",'
    '"CheckNum":"2058","BankBranch":"19-7076","PayNote":"Check payment through website",'
    '"PatNum":1568,"ClinicNum":"3","DateEntry":"2021-07-05","DepositNum":0,"Receipt":"",'
    '"IsRecurringCC":"false","SecUserNumEntry":1,"SecDateTEdit":"2021-07-05 07:34:31",'
    '"PaymentSource":"API","ProcessStatus":"OfficeProcessed","RecurringChargeDate":"0001-01-01",'
    '"IsCcCompleted":"false","serverDateTime":""}'
)
PAYSPLIT_EXAMPLE = (
    '{"SplitNum":1425,"SplitAmt":25.0,"PatNum":22,"PayNum":263,"ProvNum":5,"PayPlanNum":3,'
    '"DatePay":"2024-03-13","ProcNum":115,"DateEntry":"2024-03-13","UnearnedType":0,'
    '"unearnedType":"","ClinicNum":2,"SecDateTEdit":"2025-04-08 14:07:59","AdjNum":0,'
    '"PayPlanChargeNum":43,"PayPlanDebitType":"Principal"}'
)


def _example_payment(db: Engine) -> None:
    patient(db, PatNum=1568)
    add(
        db,
        "payment",
        PayNum=56734,
        PayType=69,
        PayDate=date(2021, 7, 5),
        PayAmt="129.99",
        CheckNum="2058",
        BankBranch="19-7076",
        PayNote="Check payment through website",
        PatNum=1568,
        ClinicNum=3,
        DateEntry=date(2021, 7, 5),
        SecUserNumEntry=1,
        SecDateTEdit=datetime(2021, 7, 5, 7, 34, 31),
        PaymentSource=13,
    )


def test_a_payment_is_written_exactly_as_the_spec_example(
    fresh_client: TestClient, fresh_db: Engine
) -> None:
    _example_payment(fresh_db)
    r = fresh_client.put("/api/v1/payments/56734", content=b"{}")
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/json; charset=utf-8"
    assert r.text == PAYMENT_EXAMPLE
    listed = fresh_client.get("/api/v1/payments?PatNum=1568").json()
    expected = json.loads(PAYMENT_EXAMPLE)
    assert len(listed) == 1
    assert list(listed[0]) == list(expected)
    assert {**listed[0], "serverDateTime": ""} == expected


def test_a_paysplit_is_written_exactly_as_the_spec_example(
    fresh_client: TestClient, fresh_db: Engine
) -> None:
    add(
        fresh_db,
        "paysplit",
        SplitNum=1425,
        SplitAmt="25.00",
        PatNum=22,
        PayNum=263,
        ProvNum=5,
        PayPlanNum=3,
        DatePay=date(2024, 3, 13),
        ProcNum=115,
        DateEntry=date(2024, 3, 13),
        ClinicNum=2,
        SecDateTEdit=datetime(2025, 4, 8, 14, 7, 59),
        PayPlanChargeNum=43,
        PayPlanDebitType=1,
    )
    r = fresh_client.get("/api/v1/paysplits?ProcNum=115")
    assert r.text == f"[{PAYSPLIT_EXAMPLE}]"
    r = fresh_client.put("/api/v1/paysplits/1425", content=b"{}")
    assert (r.status_code, r.text) == (200, PAYSPLIT_EXAMPLE)


@pytest.mark.parametrize(
    ("stored", "text"),
    [
        ("339", "339"),
        ("339.00", "339"),
        ("129.99", "129.99"),
        ("-129.99", "-129.99"),
        ("100.10", "100.1"),
        ("100", "100"),
        ("0.5", "0.5"),
        ("0.05", "0.05"),
        ("-0.5", "-0.5"),
        ("1234567.89", "1234567.89"),
        ("1000000", "1000000"),
        ("33.3333333", "33.33"),
        ("0", "0"),
        ("-0.0", "0"),
        ("-0.001", "0"),
    ],
)
def test_payamt_is_text_without_trailing_zeros(
    client: TestClient, db: Engine, stored: str, text: str
) -> None:
    pat_num = patient(db)
    payment(db, pat_num, stored)
    assert client.get(f"/api/v1/payments?PatNum={pat_num}").json()[0]["PayAmt"] == text


def test_splitamt_is_a_number_that_always_has_a_decimal_point(
    client: TestClient, db: Engine
) -> None:
    pat_num = patient(db)
    pay_num = payment(db, pat_num, "0")
    for amount in ("140", "25.5", "129.99", "-25", "0.1", "1234567.8", "33.3333333", "0"):
        split(db, pay_num, pat_num, amount, ProvNum=1)
    r = client.get(f"/api/v1/paysplits?PayNum={pay_num}")
    raw = [s["SplitAmt"] for s in json.loads(r.text, parse_float=str, parse_int=int)]
    assert raw == ["140.0", "25.5", "129.99", "-25.0", "0.1", "1234567.8", "33.33", "0.0"]


def test_enum_values_without_a_name_are_written_as_their_number(
    client: TestClient, db: Engine
) -> None:
    pat_num = patient(db)
    for source, status in ((0, 1), (24, 2), (26, 7)):
        payment(db, pat_num, PaymentSource=source, ProcessStatus=status)
    listed = client.get(f"/api/v1/payments?PatNum={pat_num}").json()
    assert [(p["PaymentSource"], p["ProcessStatus"]) for p in listed] == [
        ("None", "OnlineProcessed"),
        ("24", "OnlinePending"),
        ("MeetInTheCloudPaymentPortalGuest", "7"),
    ]
    pay_num = listed[0]["PayNum"]
    for debit_type in (0, 1, 2, 9):
        split(db, pay_num, pat_num, PayPlanDebitType=debit_type)
    splits = client.get(f"/api/v1/paysplits?PayNum={pay_num}").json()
    assert [s["PayPlanDebitType"] for s in splits] == ["Unknown", "Principal", "Interest", "9"]


def test_flags_are_the_text_true_or_false(client: TestClient, db: Engine) -> None:
    pat_num = patient(db)
    payment(db, pat_num, IsRecurringCC=1, IsCcCompleted=0)
    payment(db, pat_num, IsRecurringCC=0, IsCcCompleted=1)
    listed = client.get(f"/api/v1/payments?PatNum={pat_num}").json()
    assert [(p["IsRecurringCC"], p["IsCcCompleted"]) for p in listed] == [
        ("true", "false"),
        ("false", "true"),
    ]


def test_definition_names_accompany_their_numbers(client: TestClient, db: Engine) -> None:
    pat_num = patient(db)
    for pay_type in (69, 70, 0, 987654):
        payment(db, pat_num, PayType=pay_type)
    listed = client.get(f"/api/v1/payments?PatNum={pat_num}").json()
    assert [(p["PayType"], p["payType"]) for p in listed] == [
        (69, "Check"),
        (70, "Cash"),
        (0, ""),
        (987654, ""),
    ]
    pay_num = listed[0]["PayNum"]
    for unearned in (0, 283, 299, 69):
        split(db, pay_num, pat_num, UnearnedType=unearned)
    splits = client.get(f"/api/v1/paysplits?PayNum={pay_num}").json()
    assert [(s["UnearnedType"], s["unearnedType"]) for s in splits] == [
        (0, ""),
        (283, "Prepayment"),
        (299, "Treat Plan Prepayment"),
        (69, ""),  # a definition, but of another category
    ]


def test_hidden_definitions_still_give_their_names(
    fresh_client: TestClient, fresh_db: Engine
) -> None:
    add(fresh_db, "definition", DefNum=5001, Category=10, ItemName="Old card", IsHidden=1)
    add(fresh_db, "definition", DefNum=5002, Category=29, ItemName="Old prepay", IsHidden=1)
    pat_num = patient(fresh_db)
    pay_num = payment(fresh_db, pat_num, PayType=5001)
    split(fresh_db, pay_num, pat_num, UnearnedType=5002)
    assert fresh_client.get(f"/api/v1/payments?PatNum={pat_num}").json()[0]["payType"] == "Old card"
    listed = fresh_client.get(f"/api/v1/paysplits?PayNum={pay_num}").json()[0]
    assert listed["unearnedType"] == "Old prepay"


def test_line_breaks_in_strings_become_spaces(client: TestClient, db: Engine) -> None:
    pat_num = patient(db)
    add(
        db,
        "payment",
        PatNum=pat_num,
        PayType=69,
        PayNote="one\r\ntwo\rthree\nfour\r\n\r\nfive\n\rsix",
        CheckNum="12\r\n34",
        Receipt="a\r\r\nb",
    )
    payment = client.get(f"/api/v1/payments?PatNum={pat_num}").json()[0]
    assert payment["PayNote"] == "one two three four  five  six"
    assert payment["CheckNum"] == "12 34"
    assert payment["Receipt"] == "a  b"


def test_non_ascii_text_is_written_as_itself_in_compact_json(
    client: TestClient, db: Engine
) -> None:
    pat_num = patient(db)
    pay_num = payment(db, pat_num, PayNote="Zahlung für Ärztin ✓")
    r = client.get(f"/api/v1/payments?PatNum={pat_num}")
    assert '"PayNote":"Zahlung für Ärztin ✓","PatNum":' in r.content.decode("utf-8")
    assert r.text.startswith(f'[{{"PayNum":{pay_num},"PayType":69,"payType":"Check",')
    assert r.headers["content-type"] == "application/json; charset=utf-8"
