"""The process log of `odpay serve`: one line per record, as text or JSON, each with its UTC
time, level, logger and, within a request, the request's id.

Decisions: docs/decisions.md, "Logs and metrics". Nothing here reads a request: callers put
only what may be logged (never a body, a key, a query value or a patient's data) in the record.
"""

import logging
from contextvars import ContextVar
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

import orjson


class LogFormat(StrEnum):
    """What `--log-format` and ODPAY_LOG_FORMAT take."""

    text = "text"
    json = "json"


# The id of the request being served (http/access_log.py sets it): worker threads that run a
# request's use case inherit it, so their records carry it too.
REQUEST_ID: ContextVar[str | None] = ContextVar("odpay_request_id", default=None)
# A record's attribute holding the fields a JSON line adds (the access log's method, path, ...).
FIELDS = "odpay_fields"


def _request_id(record: logging.LogRecord) -> str | None:
    """The record's own `request_id` (the access log sets it), else the current request's."""
    given: str | None = getattr(record, "request_id", None)
    return given if given is not None else REQUEST_ID.get()


def _time(record: logging.LogRecord) -> str:
    moment = datetime.fromtimestamp(record.created, UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


class TextFormatter(logging.Formatter):
    """`2026-12-03T21:50:08.123Z INFO odpay.access request_id=… message`."""

    def format(self, record: logging.LogRecord) -> str:
        request_id = _request_id(record)
        head = f"{_time(record)} {record.levelname} {record.name}"
        if request_id is not None:
            head += f" request_id={request_id}"
        line = f"{head} {record.getMessage()}"
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message, request_id, then the record's
    fields (FIELDS) and, for an exception, its traceback as `exception`."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": _time(record),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = _request_id(record)
        if request_id is not None:
            line["request_id"] = request_id
        line.update(getattr(record, FIELDS, None) or {})
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return orjson.dumps(line, default=str).decode()


def log_config(log_format: LogFormat) -> dict[str, Any]:
    """The logging configuration of a server process (uvicorn applies it in each worker):
    odpay's and uvicorn's records at INFO, other libraries' from WARNING, all to stderr in
    `log_format`; uvicorn's own access log off (http/access_log.py writes odpay's)."""
    formatter = {"()": JsonFormatter if log_format == LogFormat.json else TextFormatter}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        # uvicorn looks these two names up when told to colour its output.
        "formatters": {"default": formatter, "access": formatter},
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "formatter": "default",
                "stream": "ext://sys.stderr",
            }
        },
        "root": {"handlers": ["stderr"], "level": "WARNING"},
        "loggers": {
            "odpay": {"level": "INFO"},
            "uvicorn": {"level": "INFO"},
            "uvicorn.access": {"handlers": [], "propagate": False},
        },
    }
