"""The access log and X-Request-ID through the app: one line per request, the client's id kept
when safe, no query value, header or key in the line."""

import io
import logging
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from odpay.http.app import create_app
from odpay.logs import TextFormatter
from tests.factories import patient
from tests.http.conftest import KeyMaker

NEW_ID = re.compile(r"[0-9a-f]{32}")


class Line:
    """One access log record: its message, request id and fields."""

    def __init__(self, record: logging.LogRecord) -> None:
        self.levelname = record.levelname
        self.message = record.getMessage()
        self.request_id: str = record.__dict__["request_id"]
        self.odpay_fields: dict[str, object] = record.__dict__["odpay_fields"]

    def getMessage(self) -> str:
        return self.message


def _access(caplog: pytest.LogCaptureFixture) -> list[Line]:
    return [Line(r) for r in caplog.records if r.name == "odpay.access"]


@pytest.fixture(autouse=True)
def _access_log_on(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="odpay.access")


def test_a_request_is_one_line_with_query_keys_but_not_their_values(
    client: TestClient, db: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    pat_num = patient(db)
    r = client.get(
        f"/api/v1/payments?PatNum={pat_num}&DateEntry=2024-01-01",
        headers={"X-Request-ID": "req-1"},
    )
    assert r.status_code == 200
    assert r.headers["X-Request-ID"] == "req-1"
    [line] = _access(caplog)
    fields = dict(line.odpay_fields)
    duration_ms = fields.pop("duration_ms")
    assert fields == {
        "method": "GET",
        "path": "/api/v1/payments?PatNum&DateEntry",
        "route": "/api/v1/payments",
        "status": 200,
        "client": "testclient",
    }
    assert line.request_id == "req-1"
    assert line.levelname == "INFO"
    assert line.getMessage() == (f"GET /api/v1/payments?PatNum&DateEntry 200 {duration_ms:.2f} ms")
    assert f"={pat_num}" not in caplog.text
    assert "2024-01-01" not in caplog.text


def test_the_key_is_never_logged(
    db: Engine, make_key: KeyMaker, caplog: pytest.LogCaptureFixture
) -> None:
    header = make_key()
    r = TestClient(create_app(db)).get("/api/v1/payments/5", headers={"Authorization": header})
    assert r.status_code == 200
    [line] = _access(caplog)
    assert line.odpay_fields["route"] == "/api/v1/payments/{PayNum}"
    assert line.odpay_fields["path"] == "/api/v1/payments/5"
    developer_key, customer_key = header.removeprefix("ODFHIR ").split("/")
    assert developer_key not in caplog.text
    assert customer_key not in caplog.text


@pytest.mark.parametrize(
    "sent", ["has space", "semi;colon", 'quote"d', "x" * 129, "", "new\\nline", "é".encode()]
)
def test_an_unsafe_request_id_is_replaced(
    client: TestClient, caplog: pytest.LogCaptureFixture, sent: str | bytes
) -> None:
    value = sent.encode() if isinstance(sent, str) else sent
    r = client.get("/healthz", headers=[(b"X-Request-ID", value)])
    answered = r.headers["X-Request-ID"]
    assert NEW_ID.fullmatch(answered)
    [line] = _access(caplog)
    assert line.request_id == answered


@pytest.mark.parametrize(
    "sent",
    [
        "0b9c5f2e-1d4a-4a7e-9f00-3c2d1e0f9a8b",
        "01HGW2N7EXAMPLE0000000000",
        "Root:1-5759e988.bd862e3f_x",
        "x" * 128,
    ],
)
def test_a_safe_request_id_is_kept(client: TestClient, sent: str) -> None:
    assert client.get("/healthz", headers={"X-Request-ID": sent}).headers["X-Request-ID"] == sent


def test_without_a_request_id_each_answer_gets_a_new_one(client: TestClient) -> None:
    first = client.get("/healthz").headers["X-Request-ID"]
    second = client.get("/healthz").headers["X-Request-ID"]
    assert NEW_ID.fullmatch(first)
    assert NEW_ID.fullmatch(second)
    assert first != second


def test_refusals_carry_the_request_id_too(db: Engine, caplog: pytest.LogCaptureFixture) -> None:
    keyless = TestClient(create_app(db))
    r = keyless.post("/api/v1/payments", json={"PayAmt": "1"}, headers={"X-Request-ID": "r401"})
    assert (r.status_code, r.json(), r.headers["X-Request-ID"]) == (401, "Not Authorized.", "r401")
    r = keyless.get("/api/v1/nothing", headers={"X-Request-ID": "r-unmatched"})
    assert (r.status_code, r.headers["X-Request-ID"]) == (401, "r-unmatched")
    lines = [(line.request_id, dict(line.odpay_fields)) for line in _access(caplog)]
    for _, fields in lines:
        del fields["duration_ms"]
    assert lines == [
        (
            "r401",
            {
                "method": "POST",
                "path": "/api/v1/payments",
                "route": "/api/v1/payments",
                "status": 401,
                "client": "testclient",
            },
        ),
        (
            "r-unmatched",
            {
                "method": "GET",
                "path": "/api/v1/nothing",
                "route": "unmatched",
                "status": 401,
                "client": "testclient",
            },
        ),
    ]


def test_a_trailing_slash_is_logged_as_sent_under_its_routes_template(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    assert client.get("/api/v1/payments/12/?Limit=3").status_code == 200
    [line] = _access(caplog)
    assert line.odpay_fields["path"] == "/api/v1/payments/12/?Limit"
    assert line.odpay_fields["route"] == "/api/v1/payments/{PayNum}"


def test_an_encoded_line_break_in_the_path_stays_encoded(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    client.get("/api/v1/payments%0Aforged/7")
    [line] = _access(caplog)
    assert line.odpay_fields["path"] == "/api/v1/payments%0Aforged/7"
    assert "\n" not in line.getMessage()


@pytest.fixture
def odpay_log() -> Iterator[io.StringIO]:
    """odpay's records during the test, in the text format `odpay serve` writes."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(TextFormatter())
    logger = logging.getLogger("odpay")
    logger.addHandler(handler)
    try:
        yield stream
    finally:
        logger.removeHandler(handler)


def _raise() -> None:
    raise RuntimeError("a fault")


def _warn_in_a_worker_thread() -> str:
    logging.getLogger("odpay.services.example").warning("retrying a write")
    return "done"


def test_lines_written_while_a_request_runs_carry_its_id(
    db: Engine, make_key: KeyMaker, odpay_log: io.StringIO
) -> None:
    app = create_app(db)
    app.add_api_route("/example/fault", _raise)
    app.add_api_route("/example/warning", _warn_in_a_worker_thread)
    client = TestClient(app, raise_server_exceptions=False)
    fault = client.get("/example/fault", headers={"X-Request-ID": "req-fault"})
    assert (fault.status_code, fault.json()) == (500, "Internal server error.")
    assert fault.headers["X-Request-ID"] == "req-fault"
    warned = client.get("/example/warning", headers={"X-Request-ID": "req-warn"})
    assert (warned.status_code, warned.headers["X-Request-ID"]) == (200, "req-warn")
    lines = odpay_log.getvalue().splitlines()
    internal = [line for line in lines if "internal error on GET /example/fault" in line]
    assert len(internal) == 1
    assert " ERROR odpay.http.errors request_id=req-fault internal error on " in internal[0]
    [warning] = [line for line in lines if "retrying a write" in line]
    assert warning.endswith(" WARNING odpay.services.example request_id=req-warn retrying a write")
    access = [line for line in lines if " odpay.access " in line]
    assert len(access) == 2
    time = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"
    assert re.fullmatch(
        time + r" INFO odpay\.access request_id=req-fault GET /example/fault 500 \d+\.\d\d ms",
        access[0],
    )
    assert re.fullmatch(
        time + r" INFO odpay\.access request_id=req-warn GET /example/warning 200 \d+\.\d\d ms",
        access[1],
    )
