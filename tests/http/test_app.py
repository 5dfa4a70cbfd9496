"""create_app(): health, the engine it builds, unexpected faults, and the OpenAPI document."""

import logging
from typing import Any

import pytest
from anyio import to_thread
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text

from odpay.db.engine import make_engine
from odpay.http.app import create_app
from odpay.services.keys import create_key
from tests.conftest import backend_url
from tests.factories import patient, payment


def test_health_answers_ok_without_a_key(db: Engine) -> None:
    r = TestClient(create_app(db)).get("/healthz")
    assert (r.status_code, r.text) == (200, '{"status":"ok"}')
    assert r.headers["content-type"] == "application/json; charset=utf-8"


def test_health_is_503_when_the_database_does_not_answer(tmp_path: Any) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'missing' / 'odpay.db'}")
    r = TestClient(create_app(engine)).get("/healthz/")
    assert (r.status_code, r.json()) == (503, {"status": "unavailable"})


def test_without_an_engine_the_app_uses_the_configured_database(
    db: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ODPAY_DATABASE_URL", backend_url(db))
    create_key(db, "envdeveloperkey01", "envcustomerkey01")
    pat_num = patient(db)
    pay_num = payment(db, pat_num, "5.00")
    app = create_app()
    with TestClient(
        app, headers={"Authorization": "ODFHIR envdeveloperkey01/envcustomerkey01"}
    ) as client:
        assert [p["PayNum"] for p in client.get(f"/api/v1/payments?PatNum={pat_num}").json()] == [
            pay_num
        ]
        assert app.state.engine is not db


def test_an_unexpected_fault_is_500_and_its_log_holds_no_body(
    fresh_db: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    create_key(fresh_db, "faultdeveloperkey", "faultcustomerkey")
    client = TestClient(
        create_app(fresh_db), headers={"Authorization": "ODFHIR faultdeveloperkey/faultcustomerkey"}
    )
    with fresh_db.begin() as conn:
        conn.execute(text("DROP TABLE paysplit"))
    with caplog.at_level(logging.ERROR, logger="odpay.http.errors"):
        r = client.put("/api/v1/paysplits/5", content=b'{"ProvNum": 1, "Note": "Jane Secretname"}')
        listed = client.get("/api/v1/paysplits?PatNum=0")
    assert (r.status_code, r.json()) == (500, "Internal server error.")
    assert (listed.status_code, listed.json()) == (500, "Internal server error.")
    assert r.headers["content-type"] == "application/json; charset=utf-8"
    assert "internal error on PUT /api/v1/paysplits/5" in caplog.text
    assert "Secretname" not in caplog.text
    assert "SELECT" not in caplog.text


def _openapi(db: Engine) -> dict[str, Any]:
    r = TestClient(create_app(db)).get("/openapi.json")
    assert r.status_code == 200
    document: dict[str, Any] = r.json()
    return document


def test_openapi_describes_every_payments_and_paysplits_route(db: Engine) -> None:
    paths = _openapi(db)["paths"]
    operations = {
        (method.upper(), path)
        for path, methods in paths.items()
        for method in methods
        if path.startswith(("/api/v1/payments", "/api/v1/paysplits"))
    }
    assert operations == {
        ("GET", "/api/v1/payments"),
        ("POST", "/api/v1/payments"),
        ("POST", "/api/v1/payments/Refund"),
        ("PUT", "/api/v1/payments/{PayNum}"),
        ("PUT", "/api/v1/payments/{PayNum}/Partial"),
        ("GET", "/api/v1/paysplits"),
        ("PUT", "/api/v1/paysplits/{SplitNum}"),
    }
    for method, path in operations:
        operation = paths[path][method.lower()]
        assert operation["summary"] and operation["description"], (method, path)
        assert operation["security"] == [{"ODFHIR": []}]
        assert "422" not in operation["responses"]
        assert operation["responses"]["401"]["content"]["application/json"]["examples"] == {
            "Not Authorized.": {"value": "Not Authorized."}
        }


def test_openapi_documents_bodies_errors_and_the_odfhir_header(db: Engine) -> None:
    document = _openapi(db)
    post = document["paths"]["/api/v1/payments"]["post"]
    media = post["requestBody"]["content"]["application/json"]
    assert media["schema"] == {"$ref": "#/components/schemas/PaymentIn"}
    assert media["examples"]["Example 1"] == {"value": {"PayAmt": "129.99", "PatNum": 16}}
    assert post["responses"]["201"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/PaymentOut"
    }
    errors = post["responses"]["400"]["content"]["application/json"]["examples"]
    assert {"Include a JSON resource.", "Invalid JSON.", "PayDate is invalid"} <= set(errors)
    schemas = document["components"]["schemas"]
    assert {
        "PaymentIn",
        "RefundIn",
        "PaymentUpdateIn",
        "PartialIn",
        "ProcNumAndAmount",
        "PayPlanChargeNumAndAmount",
        "PaySplitUpdateIn",
        "PaymentOut",
        "PaySplitOut",
    } <= set(schemas)
    assert "HTTPValidationError" not in schemas
    assert list(schemas["PaymentOut"]["properties"])[:5] == [
        "PayNum",
        "PayType",
        "payType",
        "PayDate",
        "PayAmt",
    ]
    assert document["components"]["securitySchemes"]["ODFHIR"] | {"description": ""} == {
        "type": "apiKey",
        "in": "header",
        "name": "Authorization",
        "description": "",
    }
    get = document["paths"]["/api/v1/payments"]["get"]
    assert [p["name"] for p in get["parameters"]] == [
        "PatNum",
        "PayType",
        "DateEntry",
        "Limit",
        "Offset",
        "DateFormatString",
        "DateTimeFormatString",
    ]


def test_swagger_ui_is_served(db: Engine) -> None:
    r = TestClient(create_app(db)).get("/docs")
    assert r.status_code == 200
    assert "swagger-ui" in r.text


async def _use_case_threads() -> float:
    return to_thread.current_default_thread_limiter().total_tokens


def test_use_cases_run_one_at_a_time_on_every_back_end(db: Engine) -> None:
    """A second thread only trades the interpreter lock back and forth (app.py), so by default
    a process has one, and its use cases run on the event loop (http/use_cases.py)."""
    with TestClient(create_app(db)) as client:
        assert client.portal is not None  # the client runs the app's lifespan
        threads = client.portal.call(_use_case_threads)
    assert threads == 1


def test_odpay_threads_sets_the_use_case_threads(
    db: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ODPAY_THREADS", "3")
    with TestClient(create_app(db)) as client:
        assert client.portal is not None
        assert client.portal.call(_use_case_threads) == 3
