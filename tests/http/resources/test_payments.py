"""GET /payments through HTTP: filters, messages in order, paging, formats, serverDateTime.

Spec: payments.md §2, wire-format.md §6, §7, §11.
"""

import re
from datetime import date, datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, insert

from odpay.db.schema import payment as payment_table
from odpay.services.clock import office_now
from tests.factories import patient, payment

PAYTYPE_INVALID = "PayType is invalid. Must be a definition.DefNum where definition.Category=10."
DATEENTRY_INVALID = "DateEntry format must be yyyy-MM-dd"


def _pay_nums(client: TestClient, query: str) -> list[int]:
    r = client.get(f"/api/v1/payments?{query}")
    assert r.status_code == 200, r.text
    return [p["PayNum"] for p in r.json()]


def test_a_patients_payments_come_in_paynum_order(client: TestClient, db: Engine) -> None:
    pat_num, other = patient(db), patient(db)
    first = payment(db, pat_num)
    payment(db, other)
    second = payment(db, pat_num, PayType=0)
    assert _pay_nums(client, f"PatNum={pat_num}") == [first, second]
    assert _pay_nums(client, f"PatNum=%20{pat_num}%20") == [first, second]


@pytest.mark.parametrize(
    ("status", "code", "body"),
    [
        (4, 400, "Patient has been deleted."),
        (3, 400, "Patient has been archived."),
        (5, 400, "Patient is deceased."),
    ],
)
def test_a_refused_patient_status(
    client: TestClient, db: Engine, status: int, code: int, body: str
) -> None:
    pat_num = patient(db, PatStatus=status)
    payment(db, pat_num)
    r = client.get(f"/api/v1/payments?PatNum={pat_num}")
    assert (r.status_code, r.json()) == (code, body)


@pytest.mark.parametrize("status", [0, 1, 2, 6])
def test_other_patient_statuses_are_listed(client: TestClient, db: Engine, status: int) -> None:
    pat_num = patient(db, PatStatus=status)
    pay_num = payment(db, pat_num)
    assert _pay_nums(client, f"PatNum={pat_num}") == [pay_num]


def test_an_unknown_patient_is_404(client: TestClient) -> None:
    r = client.get("/api/v1/payments?PatNum=987654321")
    assert (r.status_code, r.json()) == (404, "Patient not found.")


def test_paytype_filters_and_zero_means_income_transfers(client: TestClient, db: Engine) -> None:
    pat_num = patient(db)
    check, cash, transfer = (payment(db, pat_num, PayType=t) for t in (69, 70, 0))
    assert _pay_nums(client, f"PatNum={pat_num}&PayType=70") == [cash]
    assert _pay_nums(client, f"PatNum={pat_num}&PayType=0") == [transfer]
    assert _pay_nums(client, f"PatNum={pat_num}&PayType=junk") == [transfer]
    assert _pay_nums(client, f"PatNum={pat_num}&PayType=") == [transfer]
    assert _pay_nums(client, f"PatNum={pat_num}&PayType=-1") == [check, cash, transfer]
    assert _pay_nums(client, f"PatNum={pat_num}") == [check, cash, transfer]


@pytest.mark.parametrize("pay_type", ["12345", "283", "1"])
def test_paytype_must_be_a_payment_type_definition(client: TestClient, pay_type: str) -> None:
    r = client.get(f"/api/v1/payments?PayType={pay_type}")
    assert (r.status_code, r.json()) == (400, PAYTYPE_INVALID)


def test_dateentry_keeps_payments_entered_on_or_after_it(client: TestClient, db: Engine) -> None:
    pat_num = patient(db)
    before, on, after = (payment(db, pat_num, DateEntry=date(2024, 3, d)) for d in (1, 2, 3))
    assert _pay_nums(client, f"PatNum={pat_num}&DateEntry=2024-03-02") == [on, after]
    assert _pay_nums(client, f"PatNum={pat_num}&DateEntry=2024-03-02%2023:59:59") == [on, after]
    assert _pay_nums(client, f"PatNum={pat_num}&DateEntry=") == [before, on, after]


@pytest.mark.parametrize(
    "value",
    [
        "2024-3-2",
        "03/02/2024",
        "2024-02-30",
        "2024-13-01",
        "0000-01-01",
        "2024-03-02T00:00:00",
        "2024-03-02%2025:00:00",
        "2024-03-02%2012:00",
        "2024-03-02%20",
        "%202024-03-02",
        "20240302",
        "yesterday",
    ],
)
def test_a_dateentry_of_another_shape_is_refused(client: TestClient, value: str) -> None:
    r = client.get(f"/api/v1/payments?DateEntry={value}")
    assert (r.status_code, r.json()) == (400, DATEENTRY_INVALID)


def test_the_checks_run_in_the_spec_order(client: TestClient, db: Engine) -> None:
    deleted = patient(db, PatStatus=4)
    r = client.get("/api/v1/payments?PatNum=987654321&PayType=12345&DateEntry=x")
    assert (r.status_code, r.json()) == (404, "Patient not found.")
    r = client.get(f"/api/v1/payments?PatNum={deleted}&PayType=12345&DateEntry=x")
    assert (r.status_code, r.json()) == (400, "Patient has been deleted.")
    r = client.get("/api/v1/payments?PayType=12345&DateEntry=x")
    assert (r.status_code, r.json()) == (400, PAYTYPE_INVALID)


def test_names_are_case_sensitive_and_the_first_value_wins(client: TestClient, db: Engine) -> None:
    pat_num, other = patient(db), patient(db)
    mine = payment(db, pat_num)
    payment(db, other)
    assert _pay_nums(client, f"PatNum={pat_num}&PatNum={other}") == [mine]
    assert _pay_nums(client, f"PatNum={pat_num}&paytype=12345&patnum={other}") == [mine]


def test_without_a_patient_filter_every_payment_is_listed(
    fresh_client: TestClient, fresh_db: Engine
) -> None:
    pay_nums = [payment(fresh_db, patient(fresh_db)) for _ in range(3)]
    for query in ("", "PatNum=0", "PatNum=-4", "PatNum=junk", "PatNum=", "PatNum=1.5"):
        assert _pay_nums(fresh_client, query) == pay_nums


def test_paging_by_limit_and_offset(client: TestClient, db: Engine) -> None:
    pat_num = patient(db)
    pay_nums = [payment(db, pat_num) for _ in range(5)]
    base = f"PatNum={pat_num}"
    assert _pay_nums(client, f"{base}&Limit=2") == pay_nums[:2]
    assert _pay_nums(client, f"{base}&Limit=2&Offset=2") == pay_nums[2:4]
    assert _pay_nums(client, f"{base}&Limit=%203%20&Offset=4") == pay_nums[4:]
    assert _pay_nums(client, f"{base}&Offset=5") == []
    for junk in ("0", "-1", "x", "", "2.0"):
        assert _pay_nums(client, f"{base}&Limit={junk}") == pay_nums
    for junk in ("-3", "x", "", "1.5"):
        assert _pay_nums(client, f"{base}&Offset={junk}") == pay_nums


def test_pages_hold_100_by_default_and_1000_at_most(client: TestClient, db: Engine) -> None:
    pat_num = patient(db)
    with db.begin() as conn:
        conn.execute(
            insert(payment_table),
            [{"PatNum": pat_num, "PayType": 69, "PayAmt": 1.0} for _ in range(1001)],
        )
    base = f"PatNum={pat_num}"
    assert len(_pay_nums(client, base)) == 100
    assert len(_pay_nums(client, f"{base}&Limit=0")) == 100
    assert len(_pay_nums(client, f"{base}&Limit=1000")) == 1000
    assert len(_pay_nums(client, f"{base}&Limit=1001")) == 1000
    assert len(_pay_nums(client, f"{base}&Limit=99999999999999999999")) == 100
    everything = _pay_nums(client, f"{base}&Limit=1000") + _pay_nums(client, f"{base}&Offset=1000")
    assert everything == sorted(set(everything)) and len(everything) == 1001


def test_every_item_carries_the_same_server_time(client: TestClient, db: Engine) -> None:
    pat_num = patient(db)
    for _ in range(3):
        payment(db, pat_num)
    before = office_now()
    listed = client.get(f"/api/v1/payments?PatNum={pat_num}").json()
    after = office_now()
    stamps = {p["serverDateTime"] for p in listed}
    assert len(stamps) == 1
    stamp = datetime.strptime(stamps.pop(), "%Y-%m-%d %H:%M:%S")
    assert before <= stamp <= after


def test_date_formats_apply_to_every_date_of_a_get(client: TestClient, db: Engine) -> None:
    pat_num = patient(db)
    payment(
        db,
        pat_num,
        PayDate=date(2021, 7, 5),
        DateEntry=date(2021, 7, 6),
        SecDateTEdit=datetime(2021, 7, 5, 7, 34, 31),
        RecurringChargeDate=date(2021, 8, 1),
    )
    query = (
        f"PatNum={pat_num}&DateFormatString=MM/dd/yyyy&DateFormatString=yyyy"
        "&DateTimeFormatString=dd.MM.yy%20h:mm%20tt"
    )
    item = client.get(f"/api/v1/payments?{query}").json()[0]
    dates = {k: item[k] for k in ("PayDate", "DateEntry", "RecurringChargeDate", "SecDateTEdit")}
    assert dates == {
        "PayDate": "07/05/2021",
        "DateEntry": "07/06/2021",
        "RecurringChargeDate": "08/01/2021",
        "SecDateTEdit": "05.07.21 7:34 AM",
    }
    assert re.fullmatch(r"\d\d\.\d\d\.\d\d \d{1,2}:\d\d [AP]M", item["serverDateTime"])


def test_empty_formats_mean_the_defaults(client: TestClient, db: Engine) -> None:
    pat_num = patient(db)
    payment(db, pat_num, PayDate=date(2021, 7, 5), SecDateTEdit=datetime(2021, 7, 5, 7, 34, 31))
    item = client.get(
        f"/api/v1/payments?PatNum={pat_num}&DateFormatString=&DateTimeFormatString="
    ).json()[0]
    assert (item["PayDate"], item["SecDateTEdit"]) == ("2021-07-05", "2021-07-05 07:34:31")
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", item["serverDateTime"])
