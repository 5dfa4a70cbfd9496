"""GET /healthz: can the server reach its database? And is_unavailable(): was a failure the
database being out of reach (answered 503, not 500)?"""

import logging

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from odpay.services.transaction import is_lock_conflict, read_transaction

log = logging.getLogger(__name__)


def database_ok(engine: Engine) -> bool:
    """True when a trivial query answers; the failure's kind goes to the process log."""

    def work(conn: Connection) -> None:
        conn.execute(text("SELECT 1"))

    try:
        read_transaction(engine, work)
    except SQLAlchemyError as exc:
        log.error("health check: the database did not answer (%s)", type(exc).__name__)
        return False
    return True


# SQLite's words for a database file it cannot use (removed, unreadable, on a failed disk).
_SQLITE_UNAVAILABLE = ("unable to open database", "disk i/o error", "readonly database")


def is_unavailable(exc: BaseException) -> bool:
    """Whether `exc` says the database is out of reach (server down, connection lost, no
    connection to be had, the SQLite file unusable) rather than a fault of the request or of
    odpay. A lock conflict that outlived its retries is not one (D26)."""
    if isinstance(exc, PoolTimeout):
        return True
    if not isinstance(exc, DBAPIError):
        return False
    if exc.connection_invalidated:
        return True
    if not isinstance(exc, (OperationalError, InterfaceError)) or is_lock_conflict(exc):
        return False
    said = str(exc.orig).lower()
    if "sqlite" in type(exc.orig).__module__:
        return any(words in said for words in _SQLITE_UNAVAILABLE)
    return True
