"""Hostile input answers a clear 4xx on every engine (issue 9, input items): lone surrogates
and NUL in text, integers of thousands of digits, an empty PUT of a dynamic plan, an
oversize DateFormatString. Nothing is stored by a refused request."""

from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from odpay.services.clock import office_today
from tests.factories import patient, procedure, rows

API = "/api/v1"
HUGE = "1" * 5000  # beyond the 4,300 digits Python's int() converts


def _raw(client: TestClient, method: str, path: str, body: str) -> tuple[int, Any]:
    response = client.request(
        method, path, content=body.encode(), headers={"Content-Type": "application/json"}
    )
    return response.status_code, response.json()


@pytest.mark.parametrize("escape", ["\\ud800", "\\udfff", "a\\u0000b", "\\u0000"])
@pytest.mark.parametrize("field", ["PayNote", "CheckNum", "BankBranch"])
def test_surrogate_or_nul_in_a_payment_is_invalid_json_and_stores_nothing(
    client: TestClient, db: Engine, field: str, escape: str
) -> None:
    pat = patient(db)
    body = f'{{"PayAmt":"1","PatNum":{pat},"{field}":"{escape}"}}'
    assert _raw(client, "POST", f"{API}/payments", body) == (400, "Invalid JSON.")
    assert rows(db, "payment", PatNum=pat) == []


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("patients", '{"LName":"\\ud800","FName":"A","Birthdate":"2000-01-01"}'),
        ("patients", '{"LName":"A\\u0000","FName":"A","Birthdate":"2000-01-01"}'),
        ("definitions", '{"Category":10,"ItemName":"\\ud800"}'),
        ("providers", '{"Abbr":"\\udc00"}'),
        ("providers", '{"Abbr":"X","\\ud800":1}'),
    ],
)
def test_surrogate_or_nul_elsewhere_is_invalid_json(
    client: TestClient, path: str, body: str
) -> None:
    assert _raw(client, "POST", f"{API}/{path}", body) == (400, "Invalid JSON.")


def test_escaped_backslash_before_u0000_is_plain_text(client: TestClient, db: Engine) -> None:
    pat = patient(db)
    body = f'{{"PayAmt":"1","PatNum":{pat},"PayNote":"a\\\\u0000b"}}'
    status, answer = _raw(client, "POST", f"{API}/payments", body)
    assert (status, answer["PayNote"]) == (201, "a\\u0000b")


def test_huge_path_id_without_a_key_is_not_authorized(client: TestClient) -> None:
    anonymous = TestClient(client.app)
    response = anonymous.get(f"{API}/payments/{HUGE}")
    assert (response.status_code, response.json()) == (401, "Not Authorized.")


@pytest.mark.parametrize(
    ("method", "path", "status", "message"),
    [
        ("GET", f"payplans/{HUGE}", 404, "PayPlan not found."),
        ("GET", f"patients/{HUGE}", 404, "Patient not found."),
        ("GET", f"patients/{'0' * 5000}{'9' * 19}", 404, "Patient not found."),
        ("PUT", f"payments/{HUGE}", 404, "Payment not found."),
    ],
)
def test_huge_path_id_is_a_row_that_does_not_exist(
    client: TestClient, method: str, path: str, status: int, message: str
) -> None:
    response = client.request(method, f"{API}/{path}", json={"PayNote": "x"})
    assert (response.status_code, response.json()) == (status, message)


def test_huge_query_integer_is_lenient_like_junk(client: TestClient, db: Engine) -> None:
    pat = patient(db)
    assert client.post(f"{API}/payments", json={"PayAmt": "1", "PatNum": pat}).status_code == 201
    for name in ("PayNum", "PatNum", "Limit", "Offset"):
        response = client.get(f"{API}/payments", params={name: HUGE, "PayType": HUGE})
        assert response.status_code == 200, (name, response.text)


@pytest.mark.parametrize(
    "body",
    [
        f'{{"PayAmt":"1","PatNum":"{HUGE}"}}',
        f'{{"PayAmt":"1","PatNum":{HUGE}}}',
        f'{{"PayAmt":"1","PatNum":1,"procNums":["{HUGE}"]}}',
    ],
)
def test_huge_json_integer_is_invalid_json(client: TestClient, body: str) -> None:
    assert _raw(client, "POST", f"{API}/payments", body) == (400, "Invalid JSON.")


def test_huge_exponent_in_an_amount_is_invalid(client: TestClient, db: Engine) -> None:
    pat = patient(db)
    for amount in (f"1e{HUGE}", f"1e-{HUGE}"):
        response = client.post(f"{API}/payments", json={"PayAmt": amount, "PatNum": pat})
        expected = "PayAmt is invalid." if "-" not in amount else "PayAmt cannot be zero."
        assert (response.status_code, response.json()) == (400, expected)
    assert rows(db, "payment", PatNum=pat) == []


def test_put_dynamic_with_nothing_to_change_answers_the_plan(
    client: TestClient, db: Engine
) -> None:
    pat = patient(db)
    proc = procedure(db, pat, "120.00", str(office_today() - timedelta(days=5)), ProvNum=1)
    created = client.post(
        f"{API}/payplans/Dynamic",
        json={"PatNum": pat, "PayAmt": 40, "procNums": [proc], "IsLocked": False},
    )
    assert created.status_code == 201, created.text
    num = created.json()["PayPlanNum"]
    first = client.put(f"{API}/payplans/{num}/Dynamic", json={})
    again = client.put(f"{API}/payplans/{num}/Dynamic", json={"PayAmt": "40"})
    assert (first.status_code, again.status_code) == (200, 200), (first.text, again.text)
    assert first.json()["PayAmt"] == again.json()["PayAmt"] == 40.0


@pytest.mark.parametrize("name", ["DateFormatString", "DateTimeFormatString"])
def test_oversize_date_format_is_refused(client: TestClient, name: str) -> None:
    at_limit = client.get(f"{API}/payments", params={name: "y" * 100, "Limit": "1"})
    over = client.get(f"{API}/payments", params={name: "yyyy" * 15_000})
    assert at_limit.status_code == 200
    assert (over.status_code, over.json()) == (
        400,
        f"{name} is too long. At most 100 characters.",
    )


@pytest.mark.parametrize(
    "path",
    ["patients?City=a%00b", "preferences?PrefName=%00", "payments?DateEntry=2024-01-01%00"],
)
def test_nul_in_a_query_value_is_refused_on_every_engine(client: TestClient, path: str) -> None:
    name = path.split("?")[1].split("=")[0]
    response = client.get(f"{API}/{path}")
    assert (response.status_code, response.json()) == (400, f"{name} is invalid.")
