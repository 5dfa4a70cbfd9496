"""The ODFHIR header and the two permissions, seen from the client (wire-format.md §2)."""

import uuid

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from odpay.db.keys import odpay_apikey
from odpay.http.app import create_app
from odpay.services.keys import create_key
from tests.factories import patient, set_row
from tests.http.conftest import KeyMaker


@pytest.fixture
def pair(db: Engine) -> tuple[str, str]:
    developer_key, customer_key = f"d{uuid.uuid4().hex}", f"c{uuid.uuid4().hex}"
    create_key(db, developer_key, customer_key)
    return developer_key, customer_key


@pytest.fixture
def anonymous(db: Engine) -> TestClient:
    return TestClient(create_app(db))


def _bad_headers(dev: str, cust: str) -> list[str]:
    return [
        "",
        f"odfhir {dev}/{cust}",
        f"Odfhir {dev}/{cust}",
        f"ODFHIR  {dev}/{cust}",
        f"ODFHIR{dev}/{cust}",
        f"ODFHIR {dev}{cust}",
        f"ODFHIR /{cust}",
        f"ODFHIR {dev}/",
        "ODFHIR /",
        f"ODFHIR {dev}/{cust}x",
        f"ODFHIR {cust}/{dev}",
        f"Bearer {dev}/{cust}",
    ]


def test_every_malformed_or_unknown_header_is_401(
    anonymous: TestClient, pair: tuple[str, str]
) -> None:
    for i, header in enumerate(_bad_headers(*pair)):
        # a client address per header: ten failures from one address are answered 429
        caller = TestClient(anonymous.app, client=(f"192.0.2.{i + 1}", 50000))
        for method, path in [("GET", "/api/v1/payments"), ("PUT", "/api/v1/payments/1")]:
            r = caller.request(method, path, headers={"Authorization": header})
            assert (r.status_code, r.json()) == (401, "Not Authorized."), header


def test_a_missing_header_is_401(anonymous: TestClient) -> None:
    for method, path in [
        ("GET", "/api/v1/payments"),
        ("GET", "/api/v1/paysplits"),
        ("POST", "/api/v1/payments"),
        ("POST", "/api/v1/payments/Refund"),
        ("PUT", "/api/v1/payments/1"),
        ("PUT", "/api/v1/payments/1/Partial"),
        ("PUT", "/api/v1/paysplits/1"),
        ("GET", "/nowhere"),
    ]:
        r = anonymous.request(method, path)
        assert (r.status_code, r.json()) == (401, "Not Authorized.")
        assert r.headers["content-type"] == "application/json; charset=utf-8"


def test_whitespace_around_the_header_value_is_ignored(
    anonymous: TestClient, pair: tuple[str, str], db: Engine
) -> None:
    pat_num = patient(db)
    dev, cust = pair
    r = anonymous.get(
        f"/api/v1/payments?PatNum={pat_num}", headers={"Authorization": f"  ODFHIR {dev}/{cust}\t "}
    )
    assert (r.status_code, r.json()) == (200, [])


def test_a_disabled_key_is_401(anonymous: TestClient, db: Engine) -> None:
    api_key_num = create_key(db, "disabled-developer-key", "disabled-customer-key")
    set_row(db, odpay_apikey.name, api_key_num, IsDisabled=1)
    r = anonymous.get(
        "/api/v1/payments",
        headers={"Authorization": "ODFHIR disabled-developer-key/disabled-customer-key"},
    )
    assert (r.status_code, r.json()) == (401, "Not Authorized.")


def test_a_read_only_key_reads_but_cannot_write(
    anonymous: TestClient, make_key: KeyMaker, db: Engine
) -> None:
    headers = {"Authorization": make_key(("ApiReadAll",))}
    pat_num = patient(db)
    assert anonymous.get(f"/api/v1/payments?PatNum={pat_num}", headers=headers).json() == []
    assert anonymous.get(f"/api/v1/paysplits?PatNum={pat_num}", headers=headers).json() == []
    for method, path in [
        ("POST", "/api/v1/payments"),
        ("POST", "/api/v1/payments/Refund"),
        ("PUT", "/api/v1/payments/1"),
        ("PUT", "/api/v1/payments/1/Partial"),
        ("PUT", "/api/v1/paysplits/1"),
    ]:
        r = anonymous.request(method, path, headers=headers, content=b'{"PayNum": 1}')
        assert (r.status_code, r.json()) == (401, "Not Authorized.")


def test_a_write_only_key_cannot_read(anonymous: TestClient, make_key: KeyMaker) -> None:
    headers = {"Authorization": make_key(("ApiPayments",))}
    for path in ("/api/v1/payments", "/api/v1/paysplits", "/api/v1/payments/5"):
        r = anonymous.get(path, headers=headers)
        assert (r.status_code, r.json()) == (401, "Not Authorized.")
    r = anonymous.put("/api/v1/payments/0", headers=headers, content=b"{}")
    assert (r.status_code, r.json()) == (400, "Payment ID is required.")


def test_health_and_documentation_need_no_key(anonymous: TestClient) -> None:
    assert anonymous.get("/healthz").status_code == 200
    assert anonymous.get("/openapi.json").status_code == 200
    assert anonymous.get("/docs").status_code == 200


def test_a_key_seen_before_is_refused_as_soon_as_it_is_disabled(
    anonymous: TestClient, db: Engine, pair: tuple[str, str]
) -> None:
    headers = {"Authorization": f"ODFHIR {pair[0]}/{pair[1]}"}
    pat_num = patient(db)
    assert anonymous.get(f"/api/v1/payments?PatNum={pat_num}", headers=headers).status_code == 200
    body = f'{{"PayAmt": "5", "PatNum": {pat_num}}}'
    assert anonymous.post("/api/v1/payments", headers=headers, content=body).status_code == 201

    api_key_num = create_key(db, *pair)  # the same pair again: its row
    set_row(db, odpay_apikey.name, api_key_num, IsDisabled=1)

    r = anonymous.get(f"/api/v1/payments?PatNum={pat_num}", headers=headers)
    assert (r.status_code, r.json()) == (401, "Not Authorized.")
    r = anonymous.post("/api/v1/payments", headers=headers, content=body)
    assert (r.status_code, r.json()) == (401, "Not Authorized.")
    assert anonymous.get(f"/api/v1/paysplits?PatNum={pat_num}", headers=headers).status_code == 401


def test_a_key_seen_before_follows_its_new_permissions(
    anonymous: TestClient, db: Engine, pair: tuple[str, str]
) -> None:
    headers = {"Authorization": f"ODFHIR {pair[0]}/{pair[1]}"}
    pat_num = patient(db)
    body = f'{{"PayAmt": "5", "PatNum": {pat_num}}}'
    assert anonymous.get(f"/api/v1/payments?PatNum={pat_num}", headers=headers).status_code == 200

    create_key(db, *pair, permissions=("ApiPayments",))
    r = anonymous.get(f"/api/v1/payments?PatNum={pat_num}", headers=headers)
    assert (r.status_code, r.json()) == (401, "Not Authorized.")
    assert anonymous.post("/api/v1/payments", headers=headers, content=body).status_code == 201

    create_key(db, *pair, permissions=("ApiReadAll",))
    r = anonymous.post("/api/v1/payments", headers=headers, content=body)
    assert (r.status_code, r.json()) == (401, "Not Authorized.")
    assert anonymous.get(f"/api/v1/payments?PatNum={pat_num}", headers=headers).status_code == 200


def test_a_key_created_while_serving_is_accepted_at_once(anonymous: TestClient, db: Engine) -> None:
    developer_key, customer_key = f"d{uuid.uuid4().hex}", f"c{uuid.uuid4().hex}"
    headers = {"Authorization": f"ODFHIR {developer_key}/{customer_key}"}
    assert anonymous.get("/api/v1/payments?Limit=1", headers=headers).status_code == 401

    create_key(db, developer_key, customer_key)

    assert anonymous.get("/api/v1/payments?Limit=1", headers=headers).status_code == 200


def test_repeated_failures_from_one_client_are_429_with_retry_after(
    anonymous: TestClient, pair: tuple[str, str], db: Engine
) -> None:
    pat_num = patient(db)
    path = f"/api/v1/payments?PatNum={pat_num}"
    guesser = TestClient(anonymous.app, client=("198.51.100.7", 50000))
    good = {"Authorization": f"ODFHIR {pair[0]}/{pair[1]}"}
    for _ in range(12):  # no key at all guesses nothing: not counted
        assert guesser.get(path).status_code == 401
    for n in range(10):
        r = guesser.get(path, headers={"Authorization": f"ODFHIR {pair[0]}/guess{n:012d}"})
        assert (r.status_code, r.json()) == (401, "Not Authorized.")

    for headers in ({"Authorization": f"ODFHIR {pair[0]}/guess-eleventh0"}, good, {}):
        r = guesser.get(path, headers=headers)
        assert (r.status_code, r.json()) == (
            429,
            "Too many requests with a wrong key. Try again later.",
        )
        assert 1 <= int(r.headers["Retry-After"]) <= 60
    r = guesser.get("/nowhere", headers=good)
    assert r.status_code == 429

    # another client is not affected, nor the documentation
    other = TestClient(anonymous.app, client=("198.51.100.8", 50000))
    assert other.get(path, headers=good).status_code == 200
    assert guesser.get("/healthz").status_code == 200
