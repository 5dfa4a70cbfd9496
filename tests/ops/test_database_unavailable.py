"""A database that goes away while odpay serves: 503 `Database unavailable.` with
Retry-After, one log line without a stack; and answers again once it is back."""

import logging

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.engine import URL

from odpay.db.engine import make_engine
from odpay.http.app import create_app
from odpay.services.keys import create_key
from tests.factories import patient
from tests.ops.tcp_proxy import TcpProxy

AUTH = "ODFHIR unavailableDevKey1/unavailableCustKey1"


def test_a_database_out_of_reach_is_503_then_served_again(
    server_db: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    create_key(server_db, "unavailableDevKey1", "unavailableCustKey1")
    pat_num = patient(server_db)
    url = server_db.url
    with TcpProxy(url.host or "127.0.0.1", url.port or _default_port(url)) as proxy:
        engine = make_engine(url.set(host="127.0.0.1", port=proxy.port))
        try:
            client = TestClient(create_app(engine), headers={"Authorization": AUTH})
            path = f"/api/v1/payments?PatNum={pat_num}"
            assert client.get(path).status_code == 200

            proxy.cut()
            caplog.clear()
            with caplog.at_level(logging.ERROR):
                refused = client.get(path)
                posted = client.post("/api/v1/payments", json={"PatNum": pat_num, "PayAmt": "1.00"})
            assert (refused.status_code, refused.text) == (503, '"Database unavailable."')
            assert refused.headers["Retry-After"] == "5"
            assert (posted.status_code, posted.text) == (503, '"Database unavailable."')
            lines = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
            assert lines == [
                "database unavailable on GET /api/v1/payments: OperationalError",
                "database unavailable on POST /api/v1/payments: OperationalError",
            ]
            assert client.get("/healthz").status_code == 503

            proxy.restore()
            assert client.get(path).status_code == 200
            assert client.get("/healthz").status_code == 200
        finally:
            engine.dispose()


def _default_port(url: URL) -> int:
    return 3306 if url.get_backend_name() in ("mysql", "mariadb") else 5432
