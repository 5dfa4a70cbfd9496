"""GET /healthz: can the server reach its database?"""

import logging

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import SQLAlchemyError

from odpay.services.transaction import read_transaction

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
