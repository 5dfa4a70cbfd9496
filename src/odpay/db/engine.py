"""make_engine(url): one SQLAlchemy engine per process, set up for each back-end.

SQLite is the embedded default: WAL so readers never wait for the writer, synchronous=FULL so
an acknowledged commit survives a power cut (ODPAY_SQLITE_SYNCHRONOUS=NORMAL trades that for
speed), and write transactions open with BEGIN IMMEDIATE so two writers queue instead of
deadlocking (the family lock on SQLite, allocation.md §11). MariaDB and PostgreSQL run at READ
COMMITTED, so reads made after the family row lock see what the previous holder committed. A MariaDB Galera node is
recognised when a connection opens, and its reads then wait for the cluster's earlier commits
(docs/decisions.md "Galera").
"""

import importlib.util
import sys
import time
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, DisconnectionError, NoSuchModuleError
from sqlalchemy.pool import PoolResetState

from odpay.settings import ConfigurationError, Settings

# Execution option that marks a connection as a writer (see _begin below).
WRITE_OPTION = "odpay_write"
# Key in a connection's `info`: True when the server is a Galera node (see _mariadb_connect).
GALERA_INFO = "odpay_galera"
_LOCK_WAIT_SECONDS = 10


def normalise_url(url: str | URL) -> URL:
    """Pick the drivers odpay ships with when the URL names only the database kind."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise ConfigurationError(
            "the database URL is not one: use sqlite:///odpay.db, "
            "mysql://user:password@host/database or postgresql://user:password@host/database."
        ) from exc
    if parsed.drivername in ("mysql", "mariadb"):
        parsed = parsed.set(drivername=f"{parsed.drivername}+{mysql_driver()}")
    elif parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() in ("mysql", "mariadb") and "charset" not in parsed.query:
        parsed = parsed.update_query_dict({"charset": "utf8mb4"})
    return parsed


def mysql_driver() -> str:
    """mysqlclient (C) when it is installed, else PyMySQL (pure Python, installs anywhere).

    The C driver took 3.7 ms of CPU per POST /payments against PyMySQL's 6.7 ms, the same 13
    statements (bench/RESULTS.md); it needs the MariaDB client library to build
    (`pip install mysqlclient`), which PyMySQL does not.
    """
    try:
        found = importlib.util.find_spec("MySQLdb") is not None
    except ImportError:
        found = False
    return "mysqldb" if found else "pymysql"


class MissingDriver(ConfigurationError):
    """The URL names a database server whose driver is not installed (an odpay extra)."""


# The extra of pyproject.toml that installs each server's driver.
_EXTRAS = {"mysql": "mysql", "mariadb": "mysql", "postgresql": "postgresql"}


def make_engine(url: str | URL, **kwargs: Any) -> Engine:
    """The engine for `url`; ConfigurationError when the URL is not one odpay can use. It
    opens no connection (see check_reachable)."""
    parsed = normalise_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return _sqlite_engine(parsed, **kwargs)
    try:
        engine = create_engine(
            parsed, isolation_level="READ COMMITTED", pool_reset_on_return=None, **kwargs
        )
    except NoSuchModuleError as exc:
        raise ConfigurationError(
            f"the database URL names {parsed.drivername!r}, which odpay does not know: "
            "use sqlite, mysql (MariaDB) or postgresql."
        ) from exc
    except ModuleNotFoundError as exc:
        extra = _EXTRAS.get(backend)
        install = f'pip install "odpay[{extra}]"' if extra else f"install {exc.name}"
        raise MissingDriver(
            f"{backend} URLs need the {exc.name} driver, which is not installed: {install}"
        ) from exc
    if backend in ("mysql", "mariadb"):
        _mariadb_connect(engine)
    else:
        _on_connect(engine, f"SET lock_timeout = '{_LOCK_WAIT_SECONDS}s'")
        _postgresql_plans(engine)
        engine.dialect.do_rollback = _rollback_keeping_prepared  # type: ignore[method-assign]
    _pool_round_trips(engine)
    return engine


def _postgresql_plans(engine: Engine) -> None:
    """PostgreSQL keeps prepared only the statements odpay runs itself (db/sql.py), and runs
    them on their generic plans.

    By default psycopg prepares any statement at its fifth run, and PostgreSQL then chooses
    for each prepared statement, run by run, between its generic plan and one planned for the
    values. After an ANALYZE the family's statements went over to planning at every run: 1.43
    against 1.03 ms of PostgreSQL CPU per POST (docs/decisions.md, "On PostgreSQL odpay's own
    statements are prepared, on generic plans"). Their shapes are made for generic plans
    (db/ledger/family.py), so odpay asks for those; the statements whose best plan depends on
    the values (pages, and SQLAlchemy's own statements) are not prepared, so each run is
    planned for its values.
    """

    @event.listens_for(engine, "connect")
    def _prepare_only_when_asked(dbapi_connection: Any, _record: Any) -> None:
        # Never by count (None would forbid preparing at all): Sql asks for its statements.
        dbapi_connection.prepare_threshold = sys.maxsize

    _on_connect(engine, "SET plan_cache_mode = force_generic_plan")


def _rollback_keeping_prepared(dbapi_connection: Any) -> None:
    """ROLLBACK sent through libpq, bypassing psycopg's rollback(), which also forgets (and
    DEALLOCATEs) every statement the session prepared, in case the transaction dropped and
    recreated what they name.

    odpay's transactions change no schema, and every refused request (a 4xx) ends in a
    rollback: the next requests on that connection then parsed and planned each statement
    again, 2.5 against 1.0 ms of PostgreSQL CPU per request when one in ten was refused
    (bench/RESULTS.md). A statement that failed is not kept prepared by psycopg either way.
    """
    from psycopg import OperationalError, pq  # here: psycopg is an extra, not always installed

    pgconn = dbapi_connection.pgconn
    if pgconn.transaction_status == pq.TransactionStatus.IDLE:
        return
    result = pgconn.exec_(b"ROLLBACK")
    if result.status != pq.ExecStatus.COMMAND_OK:
        message = (result.error_message or pgconn.error_message).decode(errors="replace")
        raise OperationalError(f"ROLLBACK failed: {message.strip()}")


# A pooled connection idle for longer than this is pinged before use (see _pool_round_trips).
IDLE_BEFORE_PING = 1.0
_CHECKED_IN = "odpay_checked_in"
_ENDED = "odpay_transaction_ended"


def mark_ended(conn: Connection) -> None:
    """Tell the pool that `conn`'s transaction has just been committed or rolled back, so it
    returns to the pool without a rollback of its own (db/transactions.py calls it)."""
    conn.connection.info[_ENDED] = True


def _pool_round_trips(engine: Engine) -> None:
    """The pool's own round trips, spent only where they can find something.

    SQLAlchemy's pre-ping sends a ping at every checkout, and its reset-on-return a ROLLBACK
    at every return even after a COMMIT (MariaDB's drivers send it whatever the state): two of
    a POST's sixteen round trips (bench/RESULTS.md). Here a connection is pinged only after it
    sat in the pool for IDLE_BEFORE_PING seconds, when the server may have dropped it (restart,
    wait_timeout, a network cut); one found dead is replaced before use, as with pre-ping. And
    a connection is rolled back on return unless its transaction was just ended by odpay's
    transaction opener or by SQLAlchemy closing it.
    """

    @event.listens_for(engine.pool, "checkout")
    def _ping_if_idle(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        if time.monotonic() - record.info.get(_CHECKED_IN, 0.0) < IDLE_BEFORE_PING:
            return
        try:
            alive = engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as exc:
            if not engine.dialect.is_disconnect(exc, dbapi_connection, None):
                raise
            alive = False
        if not alive:
            raise DisconnectionError("the connection was found closed at checkout")

    @event.listens_for(engine.pool, "checkin")
    def _checked_in(_dbapi_connection: Any, record: Any) -> None:
        record.info[_CHECKED_IN] = time.monotonic()

    @event.listens_for(engine.pool, "reset")
    def _reset(dbapi_connection: Any, record: Any, state: PoolResetState) -> None:
        ended = record.info.pop(_ENDED, False)
        if ended or state.transaction_was_reset or state.terminate_only:
            return
        dbapi_connection.rollback()


def check_reachable(engine: Engine) -> None:
    """Open one connection and run SELECT 1; ConfigurationError in one line (the URL shown
    without its password) when the database cannot be reached."""
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except DBAPIError as exc:
        where = engine.url.render_as_string(hide_password=True)
        raise ConfigurationError(f"cannot reach the database {where}: {_reason(exc)}") from exc


def _reason(exc: DBAPIError) -> str:
    """The driver's own words, first line only: (2002, "Can't connect...") says the text."""
    args: tuple[object, ...] = getattr(exc.orig, "args", ())
    if len(args) >= 2 and isinstance(args[0], int) and isinstance(args[1], str):
        said = args[1]
    else:
        said = str(exc.orig)
    return (said.strip().splitlines() or [type(exc.orig).__name__])[0].strip()


def _on_connect(engine: Engine, statement: str) -> None:
    @event.listens_for(engine, "connect")
    def _set(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute(statement)
        cursor.close()
        dbapi_connection.commit()


# CLIENT_MULTI_STATEMENTS of the MySQL protocol, the same bit in mysqlclient and PyMySQL: one
# query may hold several statements (db/sql.py `rows_together`). Parameters stay escaped by
# the driver, as in every other query.
_MULTI_STATEMENTS = 1 << 16


def _mariadb_connect(engine: Engine) -> None:
    @event.listens_for(engine, "do_connect")
    def _allow_statements_together(
        _dialect: Any, _record: Any, _args: Any, params: dict[str, Any]
    ) -> None:
        params["client_flag"] = int(params.get("client_flag", 0)) | _MULTI_STATEMENTS

    @event.listens_for(engine, "connect")
    def _set(dbapi_connection: Any, record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute(f"SET SESSION innodb_lock_wait_timeout = {_LOCK_WAIT_SECONDS}")
        # A Galera node commits synchronously but applies other nodes' commits a moment later:
        # without a causality wait, a read on this node may miss a payment another node has
        # just acknowledged. wsrep_sync_wait = 1 makes each read wait until this node has
        # applied every commit the cluster had ordered when the read began. Asked with SHOW,
        # which answers no row (rather than an error) on a server built without wsrep.
        cursor.execute("SHOW GLOBAL VARIABLES LIKE 'wsrep_on'")
        row = cursor.fetchone()
        galera = row is not None and str(row[1]).upper() == "ON"
        if galera:
            cursor.execute("SET SESSION wsrep_sync_wait = 1")
        record.info[GALERA_INFO] = galera
        cursor.close()
        dbapi_connection.commit()
        converter = getattr(dbapi_connection, "converter", None)  # mysqlclient's; not PyMySQL's
        if isinstance(converter, dict):
            converter.update(_MYSQLCLIENT_DATES)


def _date_or_none(text: str) -> date | None:
    """A DATE as mysqlclient's own converter reads it (None for a zero date), parsed in C:
    a family's split rows carry three dates each, and its parser took five times longer."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _datetime_or_none(text: str) -> datetime | date | None:
    """A DATETIME or TIMESTAMP likewise; a value without a time is a date, as there."""
    try:
        return datetime.fromisoformat(text) if len(text) > 10 else date.fromisoformat(text)
    except ValueError:
        return None


# MySQLdb.constants.FIELD_TYPE: DATE 10, DATETIME 12, TIMESTAMP 7 (the protocol's own numbers).
_MYSQLCLIENT_DATES = {10: _date_or_none, 12: _datetime_or_none, 7: _datetime_or_none}


def is_galera(conn: Connection) -> bool:
    """Whether `conn` talks to a Galera node, as found when its connection was opened."""
    return bool(conn.info.get(GALERA_INFO, False))


# PRAGMA synchronous values ODPAY_SQLITE_SYNCHRONOUS accepts (docs/decisions.md "Hardening:
# operations"): FULL, the default, syncs the write-ahead log at every commit; NORMAL syncs it
# only at checkpoints, so a power cut may lose the last acknowledged commits (never corrupt).
SQLITE_SYNCHRONOUS = ("FULL", "NORMAL")


def sqlite_synchronous() -> str:
    chosen = Settings().sqlite_synchronous.strip().upper()
    if chosen not in SQLITE_SYNCHRONOUS:
        raise ConfigurationError(
            f"ODPAY_SQLITE_SYNCHRONOUS={Settings().sqlite_synchronous!r}: use FULL or NORMAL."
        )
    return chosen


def _sqlite_engine(url: URL, **kwargs: Any) -> Engine:
    synchronous = sqlite_synchronous()
    engine = create_engine(url, connect_args={"check_same_thread": False}, **kwargs)

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's begin event issue BEGIN itself (pysqlite's own is deferred).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA synchronous={synchronous}")
        cursor.execute(f"PRAGMA busy_timeout={_LOCK_WAIT_SECONDS * 1000}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        # On the driver's connection directly: it is one statement per transaction, on every
        # request, and nothing of SQLAlchemy's execution layer is needed for it.
        begin = (
            "BEGIN IMMEDIATE" if connection.get_execution_options().get(WRITE_OPTION) else "BEGIN"
        )
        dbapi = connection.dialect.loaded_dbapi
        try:
            connection.connection.driver_connection.execute(begin)
        except dbapi.Error as error:  # e.g. the write lock stayed busy: retried as a conflict
            raise DBAPIError.instance(begin, (), error, dbapi.Error) from error

    return engine
