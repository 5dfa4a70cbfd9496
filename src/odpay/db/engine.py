"""make_engine(url): one SQLAlchemy engine per process, set up for each back-end.

SQLite is the embedded default: WAL so readers never wait for the writer, and write
transactions open with BEGIN IMMEDIATE so two writers queue instead of deadlocking (the family
lock on SQLite, allocation.md §11). MariaDB and PostgreSQL run at READ COMMITTED, so reads made
after the family row lock see what the previous holder committed.
"""

from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url

# Execution option that marks a connection as a writer (see _begin below).
WRITE_OPTION = "odpay_write"
_LOCK_WAIT_SECONDS = 10


def normalise_url(url: str | URL) -> URL:
    """Pick the drivers odpay ships with when the URL names only the database kind."""
    parsed = make_url(url)
    if parsed.drivername in ("mysql", "mariadb"):
        parsed = parsed.set(drivername=f"{parsed.drivername}+pymysql")
    elif parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() in ("mysql", "mariadb") and "charset" not in parsed.query:
        parsed = parsed.update_query_dict({"charset": "utf8mb4"})
    return parsed


class MissingDriver(RuntimeError):
    """The URL names a database server whose driver is not installed (an odpay extra)."""


# The extra of pyproject.toml that installs each server's driver.
_EXTRAS = {"mysql": "mysql", "mariadb": "mysql", "postgresql": "postgresql"}


def make_engine(url: str | URL, **kwargs: Any) -> Engine:
    parsed = normalise_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return _sqlite_engine(parsed, **kwargs)
    try:
        engine = create_engine(
            parsed, isolation_level="READ COMMITTED", pool_pre_ping=True, **kwargs
        )
    except ModuleNotFoundError as exc:
        extra = _EXTRAS.get(backend)
        install = f'pip install "odpay[{extra}]"' if extra else f"install {exc.name}"
        raise MissingDriver(
            f"{backend} URLs need the {exc.name} driver, which is not installed: {install}"
        ) from exc
    if backend in ("mysql", "mariadb"):
        _on_connect(engine, f"SET SESSION innodb_lock_wait_timeout = {_LOCK_WAIT_SECONDS}")
    else:
        _on_connect(engine, f"SET lock_timeout = '{_LOCK_WAIT_SECONDS}s'")
    return engine


def _on_connect(engine: Engine, statement: str) -> None:
    @event.listens_for(engine, "connect")
    def _set(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute(statement)
        cursor.close()
        dbapi_connection.commit()


def _sqlite_engine(url: URL, **kwargs: Any) -> Engine:
    engine = create_engine(url, connect_args={"check_same_thread": False}, **kwargs)

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's begin event issue BEGIN itself (pysqlite's own is deferred).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={_LOCK_WAIT_SECONDS * 1000}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        if connection.get_execution_options().get(WRITE_OPTION):
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            connection.exec_driver_sql("BEGIN")

    return engine
