"""The log line formats: text and JSON, each with UTC time, level, logger and request id."""

import json
import logging
import sys

from odpay.logs import FIELDS, REQUEST_ID, JsonFormatter, TextFormatter

# 2026-12-03T21:57:24.5Z as a Unix timestamp
CREATED = 1796335044.5


def _record(name: str, message: str, *args: object, **attributes: object) -> logging.LogRecord:
    record = logging.LogRecord(name, logging.WARNING, __file__, 1, message, args, None)
    record.created = CREATED
    for attribute, value in attributes.items():
        setattr(record, attribute, value)
    return record


def test_a_text_line_has_time_level_logger_and_the_current_request_id() -> None:
    token = REQUEST_ID.set("req-7")
    try:
        line = TextFormatter().format(_record("odpay.services.transaction", "attempt %d", 2))
    finally:
        REQUEST_ID.reset(token)
    assert line == (
        "2026-12-03T21:57:24.500Z WARNING odpay.services.transaction request_id=req-7 attempt 2"
    )


def test_a_text_line_outside_a_request_has_no_request_id() -> None:
    line = TextFormatter().format(_record("uvicorn.error", "Application startup complete."))
    assert line == "2026-12-03T21:57:24.500Z WARNING uvicorn.error Application startup complete."


def test_a_json_line_carries_the_records_request_id_and_fields_in_order() -> None:
    fields = {"method": "GET", "path": "/healthz", "status": 200}
    record = _record("odpay.access", "GET /healthz 200", request_id="abc", **{FIELDS: fields})
    line = JsonFormatter().format(record)
    assert "\n" not in line
    parsed = json.loads(line)
    assert parsed == {
        "time": "2026-12-03T21:57:24.500Z",
        "level": "WARNING",
        "logger": "odpay.access",
        "message": "GET /healthz 200",
        "request_id": "abc",
        "method": "GET",
        "path": "/healthz",
        "status": 200,
    }
    assert list(parsed) == [
        "time",
        "level",
        "logger",
        "message",
        "request_id",
        "method",
        "path",
        "status",
    ]


def test_a_json_line_keeps_a_traceback_on_one_line() -> None:
    try:
        raise ValueError("boom")
    except ValueError:
        record = _record("odpay.http.errors", "internal error")
        record.exc_info = sys.exc_info()
    line = JsonFormatter().format(record)
    assert "\n" not in line
    parsed = json.loads(line)
    assert parsed["exception"].startswith("Traceback (most recent call last):\n")
    assert parsed["exception"].endswith("ValueError: boom")
