"""Idempotency-Key on POST /payments and POST /payments/Refund through HTTP: replays, refusals,
key pairs, retries after a failure, OpenAPI (odpay extension; docs/decisions.md "Idempotent
retries")."""

import hashlib
import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx2 import Response
from sqlalchemy import Engine

from tests.factories import patient, procedure, rows, set_row
from tests.http.conftest import KeyMaker

PAYMENTS = "/api/v1/payments"
REFUND = "/api/v1/payments/Refund"


def _new_key() -> str:
    return f"retry-{uuid.uuid4()}"


def _family(db: Engine) -> int:
    """A patient owing 1000.00 on one procedure (each payment below makes one split)."""
    pat_num = patient(db)
    procedure(db, pat_num, "1000.00", "2024-01-05")
    return pat_num


def _post(client: TestClient, path: str, body: str, key: str | None) -> Response:
    headers = {} if key is None else {"Idempotency-Key": key}
    return client.post(path, content=body.encode(), headers=headers)


def _written(db: Engine, pat_num: int) -> tuple[int, int, int]:
    """How many payment, paysplit and securitylog rows the patient has."""
    return (
        len(rows(db, "payment", PatNum=pat_num)),
        len(rows(db, "paysplit", PatNum=pat_num)),
        len(rows(db, "securitylog", PatNum=pat_num)),
    )


def _records(db: Engine, key: str) -> list[dict[str, Any]]:
    return rows(db, "odpay_idempotency", KeyHash=hashlib.sha256(key.encode()).hexdigest())


def test_a_retry_answers_the_same_payment_and_writes_nothing(
    client: TestClient, db: Engine
) -> None:
    pat_num, key = _family(db), _new_key()
    body = f'{{"PayAmt": "60", "PatNum": {pat_num}}}'

    first = _post(client, PAYMENTS, body, key)
    assert first.status_code == 201
    assert "Idempotent-Replayed" not in first.headers
    assert _written(db, pat_num) == (1, 1, 1)

    retry = _post(client, PAYMENTS, body, key)
    assert retry.status_code == 201
    assert retry.headers["Idempotent-Replayed"] == "true"
    assert retry.json() == first.json()
    assert (retry.json()["PatNum"], retry.json()["PayAmt"]) == (pat_num, "60")
    assert _written(db, pat_num) == (1, 1, 1)

    [record] = _records(db, key)
    assert record["PayNum"] == first.json()["PayNum"]
    request = f"POST {PAYMENTS}\n{body}".encode()
    assert record["RequestHash"] == hashlib.sha256(request).hexdigest()
    assert key not in {str(v) for v in record.values()}


def test_a_replay_shows_the_payment_as_it_is_now(client: TestClient, db: Engine) -> None:
    pat_num, key = _family(db), _new_key()
    body = f'{{"PayAmt": "60", "PatNum": {pat_num}, "CheckNum": "101"}}'
    pay_num = _post(client, PAYMENTS, body, key).json()["PayNum"]
    edited = client.put(f"{PAYMENTS}/{pay_num}", json={"CheckNum": "202"})
    assert edited.status_code == 200

    retry = _post(client, PAYMENTS, body, key)

    assert retry.status_code == 201
    assert retry.json() == edited.json()
    assert retry.json()["CheckNum"] == "202"


def test_a_replay_is_answered_before_the_business_checks(client: TestClient, db: Engine) -> None:
    pat_num, key = _family(db), _new_key()
    body = f'{{"PayAmt": "60", "PatNum": {pat_num}}}'
    first = _post(client, PAYMENTS, body, key)
    set_row(db, "patient", pat_num, PatStatus=4)  # deleted since

    retry = _post(client, PAYMENTS, body, key)
    assert (retry.status_code, retry.json()) == (201, first.json())
    without_key = _post(client, PAYMENTS, body, None)
    assert (without_key.status_code, without_key.json()) == (400, "Patient has been deleted.")


def test_the_same_key_with_another_request_is_refused(client: TestClient, db: Engine) -> None:
    pat_num, key = _family(db), _new_key()
    body = f'{{"PayAmt": "60", "PatNum": {pat_num}}}'
    _post(client, PAYMENTS, body, key)

    other_amount = _post(client, PAYMENTS, f'{{"PayAmt": "61", "PatNum": {pat_num}}}', key)
    other_spacing = _post(client, PAYMENTS, f'{{"PayAmt":"60","PatNum":{pat_num}}}', key)
    other_path = _post(client, REFUND, body, key)

    reused = (400, "Idempotency-Key was already used for a different request.")
    for refused in (other_amount, other_spacing, other_path):
        assert (refused.status_code, refused.json()) == reused
        assert "Idempotent-Replayed" not in refused.headers
    assert _written(db, pat_num) == (1, 1, 1)


def test_keys_belong_to_their_api_key_pair(
    client: TestClient, db: Engine, make_key: KeyMaker
) -> None:
    pat_num, key = _family(db), _new_key()
    body = f'{{"PayAmt": "60", "PatNum": {pat_num}}}'
    other_pair = TestClient(client.app, headers={"Authorization": make_key()})

    first = _post(client, PAYMENTS, body, key)
    second = _post(other_pair, PAYMENTS, body, key)

    assert (first.status_code, second.status_code) == (201, 201)
    assert "Idempotent-Replayed" not in second.headers
    assert second.json()["PayNum"] != first.json()["PayNum"]
    assert _written(db, pat_num) == (2, 2, 2)
    assert len(_records(db, key)) == 2


@pytest.mark.parametrize(
    ("failing_body", "status", "message"),
    [
        ('{{"PayAmt": "0", "PatNum": {pat_num}}}', 400, "PayAmt cannot be zero."),
        ('{{"PayAmt": "60", "PatNum": 987654321}}', 404, "Patient not found."),
        ('{{"PayAmt": "60", "PatNum": {pat_num}', 400, "Invalid JSON."),
        ("", 400, "Include a JSON resource."),
    ],
)
def test_a_failed_request_stores_nothing_and_its_key_can_be_retried(
    client: TestClient, db: Engine, failing_body: str, status: int, message: str
) -> None:
    pat_num, key = _family(db), _new_key()

    failed = _post(client, PAYMENTS, failing_body.format(pat_num=pat_num), key)
    assert (failed.status_code, failed.json()) == (status, message)
    assert _records(db, key) == []

    fixed = _post(client, PAYMENTS, f'{{"PayAmt": "60", "PatNum": {pat_num}}}', key)
    assert fixed.status_code == 201
    assert "Idempotent-Replayed" not in fixed.headers
    assert _written(db, pat_num) == (1, 1, 1)


@pytest.mark.parametrize(
    "value",
    ["", "   ", "k" * 256, "tab\there", "del\x7fhere", "bell\x07here", b"caf\xc3\xa9"],
    ids=["empty", "spaces", "256 characters", "tab", "delete", "control", "not ASCII"],
)
def test_an_invalid_key_is_refused(client: TestClient, db: Engine, value: str | bytes) -> None:
    pat_num = _family(db)
    for path, body in ((PAYMENTS, f'{{"PayAmt": "60", "PatNum": {pat_num}}}'), (REFUND, "[")):
        header = (
            {"Idempotency-Key": value} if isinstance(value, str) else {b"Idempotency-Key": value}
        )
        r = client.post(path, content=body.encode(), headers=header)
        assert (r.status_code, r.json()) == (400, "Idempotency-Key is invalid.")
    assert _written(db, pat_num) == (0, 0, 0)


def test_the_key_pair_is_checked_before_the_idempotency_key(client: TestClient) -> None:
    anonymous = TestClient(client.app)
    r = anonymous.post(PAYMENTS, content=b"{}", headers={"Idempotency-Key": ""})
    assert (r.status_code, r.json()) == (401, "Not Authorized.")


def test_a_long_key_with_spaces_and_punctuation_is_valid(client: TestClient, db: Engine) -> None:
    pat_num = _family(db)
    key = f"order 42/{uuid.uuid4()}:~!".ljust(255, "k")
    body = f'{{"PayAmt": "60", "PatNum": {pat_num}}}'
    assert len(key) == 255
    assert _post(client, PAYMENTS, body, key).status_code == 201
    assert _post(client, PAYMENTS, body, f"  {key}\t").headers["Idempotent-Replayed"] == "true"
    assert _written(db, pat_num) == (1, 1, 1)


def test_without_the_header_every_post_writes_a_payment(client: TestClient, db: Engine) -> None:
    pat_num = _family(db)
    body = f'{{"PayAmt": "60", "PatNum": {pat_num}}}'
    answers = [_post(client, PAYMENTS, body, None) for _ in range(2)]
    assert [r.status_code for r in answers] == [201, 201]
    assert ["Idempotent-Replayed" in r.headers for r in answers] == [False, False]
    assert _written(db, pat_num) == (2, 2, 2)
    pay_nums = {r.json()["PayNum"] for r in answers}
    assert [r for r in rows(db, "odpay_idempotency") if r["PayNum"] in pay_nums] == []


def test_a_refund_retry_answers_the_same_refund(client: TestClient, db: Engine) -> None:
    pat_num, key = _family(db), _new_key()
    pay_num = _post(client, PAYMENTS, f'{{"PayAmt": "60", "PatNum": {pat_num}}}', None).json()[
        "PayNum"
    ]
    body = f'{{"PayNum": {pay_num}}}'

    first = _post(client, REFUND, body, key)
    assert first.status_code == 201
    assert first.json()["PayAmt"] == "-60"
    retry = _post(client, REFUND, body, key)

    assert (retry.status_code, retry.json()) == (201, first.json())
    assert retry.headers["Idempotent-Replayed"] == "true"
    assert _written(db, pat_num) == (2, 2, 2)
    again = _post(client, REFUND, body, _new_key())  # a new key is a new refund: refused
    assert (again.status_code, again.json()) == (400, "Payment has already been refunded.")


def test_a_repeated_header_is_one_key_of_its_lines_joined(client: TestClient, db: Engine) -> None:
    pat_num = _family(db)
    body = f'{{"PayAmt": "60", "PatNum": {pat_num}}}'.encode()
    first = client.post(PAYMENTS, content=body, headers=[("Idempotency-Key", "a"), ("Idempotency-Key", "b")])  # fmt: skip
    retry = client.post(PAYMENTS, content=body, headers={"Idempotency-Key": "a, b"})
    assert (first.status_code, retry.status_code) == (201, 201)
    assert retry.headers["Idempotent-Replayed"] == "true"
    assert _written(db, pat_num) == (1, 1, 1)


def test_openapi_documents_the_header_and_the_replay_on_both_posts(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in (PAYMENTS, REFUND):
        post = paths[path]["post"]
        [header] = [p for p in post["parameters"] if p["name"] == "Idempotency-Key"]
        assert (header["in"], header["required"], header["x-odpay-extension"]) == (
            "header",
            False,
            True,
        )
        assert header["description"].startswith("**odpay extension, not part of Open Dental")
        assert header["schema"] == {"type": "string", "minLength": 1, "maxLength": 255}
        replayed = post["responses"]["201"]["headers"]["Idempotent-Replayed"]
        assert replayed["schema"] == {"type": "string", "enum": ["true"]}
        errors = post["responses"]["400"]["content"]["application/json"]["examples"]
        assert {
            "Idempotency-Key is invalid.",
            "Idempotency-Key was already used for a different request.",
        } <= set(errors)
