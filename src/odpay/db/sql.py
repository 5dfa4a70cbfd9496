"""Sql: a Core statement compiled once per back-end and run on the driver's own cursor.

The statements of the hot paths (a payment's family, its inserts, a page of payments) run here
rather than through `Connection.execute`: SQLAlchemy's per-execution work (cache key, parameter
and result processing, the result object) cost more than SQLite's own work on these short
statements (bench/RESULTS.md, "Where the time goes"). SQLAlchemy still builds and compiles every
statement and owns the connection and its transaction; this module only skips the execution
layer in between, and gives the same exceptions (`sqlalchemy.exc.DBAPIError` and subclasses),
so callers' retry and conflict handling see no difference.

On PostgreSQL the statements are compiled with PostgreSQL's own placeholders ($1, $2, ...) and
run on psycopg's RawCursor, which sends them as they are. psycopg's default cursor rewrites
`%(name)s` placeholders on every run, and caches the rewrite only for statements of at most 50
parameters: a new payment (db/ledger/payments.py) has 53, and a family's three splits 60, and
the rewrite of the payment's cost 0.2 ms each time (bench/RESULTS.md, seventh session).
"""

import copy
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import partial
from typing import Any, Generic, TypeVar

from sqlalchemy import BindParameter, Connection, Dialect, Table, bindparam, insert
from sqlalchemy import types as sqltypes
from sqlalchemy.exc import DBAPIError, StatementError
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.compiler import SQLCompiler

from odpay.db.rows import record_reader

R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class _Compiled:
    sql: str
    names: tuple[str, ...] | None  # the parameters in order, for a positional driver
    defaults: Mapping[str, Any]  # values the statement carries itself (literals)
    sqlite: bool
    result_converters: tuple[Callable[[Any], Any] | None, ...]
    raw_cursor: Callable[[Any], Any] | None  # psycopg's RawCursor, for $n placeholders
    prepared: bool  # on psycopg: prepared by the server (see db/engine.py `_postgresql_plans`)

    def args(self, params: Mapping[str, Any]) -> Any:
        """The driver's parameters for `params`: a dict, or a list in the statement's order."""
        values = {**self.defaults, **params}
        convert = _sqlite_value if self.sqlite else _server_value
        if self.names is None:
            return {k: convert(v) for k, v in values.items()}
        return [convert(values[n]) for n in self.names]


class Sql:
    """One statement, compiled the first time each back-end runs it; `sqlite` and
    `postgresql`, when given, are the same query in the shape that back-end's planner does
    best with."""

    def __init__(
        self,
        statement: ClauseElement,
        sqlite: ClauseElement | None = None,
        postgresql: ClauseElement | None = None,
        planned_per_run: bool = False,
    ) -> None:
        """`planned_per_run`: a statement whose best plan depends on its values (a filtered
        page), which PostgreSQL plans at each run rather than keeping prepared."""
        self.statement = statement
        self._shapes = {"sqlite": sqlite, "postgresql": postgresql}
        self._planned_per_run = planned_per_run
        self._compiled: dict[str, _Compiled] = {}
        self._lock = threading.Lock()

    def rows(self, conn: Connection, **params: Any) -> list[tuple[Any, ...]]:
        """Every row of a statement that returns rows, with values as SQLAlchemy would give
        them (dates as dates)."""
        cursor = self.cursor(conn, params)
        try:
            # Not `if cursor.description`: psycopg builds the description on each call.
            rows: list[tuple[Any, ...]] = cursor.fetchall()
        finally:
            cursor.close()
        converters = self.result_converters(conn)
        if not any(converters):
            return rows
        return [_converted(row, converters) for row in rows]

    def first(self, conn: Connection, **params: Any) -> tuple[Any, ...] | None:
        cursor = self.cursor(conn, params)
        try:
            row = cursor.fetchone()
        finally:
            cursor.close()
        if row is None:
            return None
        converters = self.result_converters(conn)
        return _converted(row, converters) if any(converters) else tuple(row)

    def run(self, conn: Connection, **params: Any) -> None:
        """Run a statement that returns no rows."""
        self.cursor(conn, params).close()

    def cursor(self, conn: Connection, params: Mapping[str, Any]) -> Any:
        """The driver's cursor after running the statement with `params` (raw values: SQLite
        gives dates as text). The caller closes it."""
        compiled = self._for(conn)
        args = compiled.args(params)
        dbapi_connection = conn.connection.driver_connection
        assert dbapi_connection is not None
        if compiled.raw_cursor is None:
            cursor = dbapi_connection.cursor()
            run = cursor.execute
        else:
            cursor = compiled.raw_cursor(dbapi_connection)
            run = partial(cursor.execute, prepare=compiled.prepared)
        try:
            run(compiled.sql, args)
        except conn.dialect.loaded_dbapi.Error as error:
            cursor.close()
            raise _database_error(conn, compiled.sql, args, error) from error
        return cursor

    def result_converters(self, conn: Connection) -> tuple[Callable[[Any], Any] | None, ...]:
        """Per selected column, what makes the driver's value SQLAlchemy's (None: nothing)."""
        return self._for(conn).result_converters

    def _for(self, conn: Connection) -> _Compiled:
        name = conn.dialect.name
        found = self._compiled.get(name)
        if found is None:
            with self._lock:
                found = self._compiled.get(name) or self._compile(conn)
                self._compiled[name] = found
        return found

    def _compile(self, conn: Connection) -> _Compiled:
        sqlite = conn.dialect.name == "sqlite"
        shape = self._shapes.get(conn.dialect.name)
        statement = self.statement if shape is None else shape
        raw_cursor = _raw_cursor(conn.dialect)
        dialect = _placeholders_of(conn.dialect, raw_cursor is not None)
        compiled = statement.compile(dialect=dialect)
        assert isinstance(compiled, SQLCompiler)  # a statement, not DDL
        columns = getattr(statement, "exported_columns", ())  # a SELECT's, or RETURNING's
        converters = tuple(_sqlite_result(c.type) if sqlite else None for c in columns)
        names = tuple(compiled.positiontup) if compiled.positiontup is not None else None
        defaults = {k: v for k, v in compiled.params.items() if v is not None}
        return _Compiled(
            compiled.string,
            names,
            defaults,
            sqlite,
            converters,
            raw_cursor,
            prepared=not self._planned_per_run,
        )


def _raw_cursor(dialect: Dialect) -> Callable[[Any], Any] | None:
    """psycopg's RawCursor when `dialect` runs on psycopg, else None."""
    if dialect.driver != "psycopg":
        return None
    raw: Callable[[Any], Any] = dialect.loaded_dbapi.RawCursor
    return raw


def _placeholders_of(dialect: Dialect, raw_cursor: bool) -> Dialect:
    """The dialect a statement for `dialect` is compiled with, for its placeholders.

    On psycopg's RawCursor, PostgreSQL's numbered ones: a parameter named twice is one number,
    sent once. On MariaDB, positional `%s` whichever driver runs it (PyMySQL's own default is
    `%(name)s`): the statements `rows_together` joins into one query then take their
    parameters as one list, whatever their names.
    """
    if raw_cursor:
        return _like(dialect, "numeric_dollar")
    if sends_together(dialect) and dialect.paramstyle != "format":
        return _like(dialect, "format")
    return dialect


def _like(dialect: Dialect, paramstyle: str) -> Dialect:
    """A copy of `dialect` (what it learnt of its server included) that writes `paramstyle`."""
    like = copy.copy(dialect)
    like.paramstyle = paramstyle
    like.positional = True
    return like


class Records(Generic[R]):
    """A SELECT whose columns are the fields of record `R`, in order, read into records."""

    def __init__(
        self,
        record: type[R],
        statement: ClauseElement,
        sqlite: ClauseElement | None = None,
        postgresql: ClauseElement | None = None,
        planned_per_run: bool = False,
    ) -> None:
        self.sql = Sql(statement, sqlite, postgresql, planned_per_run)
        self._record = record
        self._readers: dict[str, Callable[[Sequence[Any]], R]] = {}

    def all(self, conn: Connection, **params: Any) -> list[R]:
        read = self._reader(conn)
        cursor = self.sql.cursor(conn, params)
        try:
            return [read(row) for row in cursor.fetchall()]
        finally:
            cursor.close()

    def first(self, conn: Connection, **params: Any) -> R | None:
        cursor = self.sql.cursor(conn, params)
        try:
            row = cursor.fetchone()
        finally:
            cursor.close()
        return self._reader(conn)(row) if row is not None else None

    def read(self, conn: Connection, rows: Sequence[Sequence[Any]]) -> list[R]:
        """Records of `rows` as the driver gave them for this statement."""
        read = self._reader(conn)
        return [read(row) for row in rows]

    def _reader(self, conn: Connection) -> Callable[[Sequence[Any]], R]:
        found = self._readers.get(conn.dialect.name)
        if found is None:
            found = record_reader(self._record, self.sql.result_converters(conn))
            self._readers[conn.dialect.name] = found
        return found


class OpeningRead:
    """A one-row SELECT without parameters that a transaction runs first (odpay_state,
    db/state.py), read as text values.

    On PostgreSQL, psycopg opens a transaction with a BEGIN of its own, one round trip before
    the first statement. When no transaction is open yet, the BEGIN psycopg would send (with
    the connection's isolation level) and this statement go to the server as one simple query
    instead: one round trip where there were two, in every transaction (docs/decisions.md, "On
    PostgreSQL a transaction begins with its first read"). psycopg then finds the transaction
    open and sends no BEGIN; its commit and odpay's rollback end it as before. Elsewhere, and
    inside an open transaction, the statement runs as any `Sql` does.
    """

    def __init__(self, statement: ClauseElement) -> None:
        self.sql = Sql(statement)
        self._statement = statement
        self._text: dict[str, bytes] = {}

    def first(self, conn: Connection) -> tuple[str, ...] | None:
        dbapi_connection = conn.connection.driver_connection if _on_psycopg(conn) else None
        if dbapi_connection is None or not _idle(dbapi_connection):
            row = self.sql.first(conn)
            return tuple(str(value) for value in row) if row is not None else None
        from psycopg import errors, pq  # here: psycopg is an extra, not always installed

        # psycopg's own BEGIN for this connection (its isolation level, read-only mode): a
        # private method, pinned with psycopg (constraints.txt) and run by every test.
        begin = dbapi_connection._get_tx_start_command()
        query = begin + b"; " + self._query(conn.dialect)
        try:
            result = dbapi_connection.pgconn.exec_(query)  # the last statement's result
            if result.status != pq.ExecStatus.TUPLES_OK:
                encoding = dbapi_connection.info.encoding
                raise errors.error_from_result(result, encoding=encoding)
        except conn.dialect.loaded_dbapi.Error as error:
            raise _database_error(conn, query.decode(), (), error) from error
        if result.ntuples == 0:
            return None
        values = (result.get_value(0, column) for column in range(result.nfields))
        return tuple(value.decode() if value is not None else "" for value in values)

    def _query(self, dialect: Dialect) -> bytes:
        found = self._text.get(dialect.name)
        if found is None:
            compiled = self._statement.compile(
                dialect=dialect, compile_kwargs={"literal_binds": True}
            )
            found = self._text.setdefault(dialect.name, str(compiled).encode())
        return found


def _on_psycopg(conn: Connection) -> bool:
    return conn.dialect.driver == "psycopg"


def _idle(dbapi_connection: Any) -> bool:
    """Whether psycopg would send BEGIN before the next statement: no transaction is open, and
    the connection is not in autocommit mode (where no statement opens one)."""
    from psycopg import pq

    if dbapi_connection.autocommit:
        return False
    return bool(dbapi_connection.pgconn.transaction_status == pq.TransactionStatus.IDLE)


def rows_together(
    conn: Connection, statements: Sequence[tuple[Sql, Mapping[str, Any]]]
) -> list[list[tuple[Any, ...]]]:
    """The rows of each of `statements` as the driver gives them (an empty list for one that
    returns none), run in order with its parameters.

    MariaDB and MySQL receive them all in one round trip, as one multi-statement query
    (db/engine.py allows them), which saves both sides the work of the other round trips
    (docs/decisions.md, "On MariaDB a payment's statements share round trips"). PostgreSQL's
    extended protocol takes one statement per query and SQLite has no round trips: there they
    run one after another. A failing statement raises as `Sql` does, and those after it do not
    run.
    """
    if not sends_together(conn.dialect):
        return [_fetched(sql.cursor(conn, params)) for sql, params in statements]
    compiled = [(sql._for(conn), params) for sql, params in statements]
    text = ";\n".join(c.sql for c, _ in compiled)
    args = [arg for c, params in compiled for arg in c.args(params)]
    dbapi_connection = conn.connection.driver_connection
    assert dbapi_connection is not None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(text, args)
        found = [_rows_of(cursor)]
        while cursor.nextset():
            found.append(_rows_of(cursor))
    except conn.dialect.loaded_dbapi.Error as error:
        raise _database_error(conn, text, args, error) from error
    finally:
        cursor.close()
    return found


def read_together(
    conn: Connection, queries: Sequence[tuple[Records[Any], Mapping[str, Any]]]
) -> list[list[Any]]:
    """The records of each of `queries`, in one round trip where `rows_together` sends one."""
    if not sends_together(conn.dialect):
        return [records.all(conn, **params) for records, params in queries]
    found = rows_together(conn, [(records.sql, params) for records, params in queries])
    return [records.read(conn, rows) for (records, _), rows in zip(queries, found, strict=True)]


def sends_together(dialect: Dialect) -> bool:
    """Whether `rows_together` sends its statements in one round trip on `dialect`."""
    return dialect.name in ("mysql", "mariadb")


def _database_error(
    conn: Connection, statement: str, args: Any, error: Exception
) -> StatementError:
    """The driver's `error` as SQLAlchemy would raise it (sqlalchemy.exc.DBAPIError and its
    subclasses), so callers' retry and conflict handling see no difference."""
    return DBAPIError.instance(
        statement, args, error, conn.dialect.loaded_dbapi.Error, dialect=conn.dialect
    )


def _fetched(cursor: Any) -> list[tuple[Any, ...]]:
    try:
        return _rows_of(cursor)
    finally:
        cursor.close()


def _rows_of(cursor: Any) -> list[tuple[Any, ...]]:
    return list(cursor.fetchall()) if cursor.description is not None else []


def _converted(
    row: Sequence[Any], converters: Sequence[Callable[[Any], Any] | None]
) -> tuple[Any, ...]:
    return tuple(
        convert(value) if convert is not None else value
        for value, convert in zip(row, converters, strict=True)
    )


def _server_value(value: Any) -> Any:
    # PostgreSQL will not take a boolean for the tinyint flags Open Dental stores as numbers.
    return int(value) if isinstance(value, bool) else value


def _sqlite_value(value: Any) -> Any:
    """A parameter as SQLite stores it (db/types.py: dates and date-times as text)."""
    if isinstance(value, datetime):
        return value.isoformat(" ", "seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


def _sqlite_result(kind: sqltypes.TypeEngine[Any]) -> Callable[[Any], Any] | None:
    affinity = kind._type_affinity
    return _PARSERS.get(affinity) if affinity is not None else None


_PARSERS: dict[type[Any], Callable[[str], Any]] = {
    sqltypes.DateTime: datetime.fromisoformat,
    sqltypes.Date: date.fromisoformat,
    sqltypes.Time: time.fromisoformat,
}


class InsertRow:
    """A one-row INSERT of `columns` (the others keep their defaults) that answers the new
    row's primary key: by RETURNING on PostgreSQL, the driver's lastrowid elsewhere."""

    def __init__(self, table: Table, columns: Sequence[str]) -> None:
        statement = insert(table).values({name: bindparam(name) for name in columns})
        key = next(iter(table.primary_key.columns))
        self.plain = Sql(statement)  # without RETURNING
        self._returning = Sql(statement.returning(key))

    def key(self, conn: Connection, values: Mapping[str, Any]) -> int:
        if conn.dialect.name == "postgresql":
            row = self._returning.first(conn, **values)
            assert row is not None
            return int(row[0])
        cursor = self.plain.cursor(conn, values)
        try:
            return int(cursor.lastrowid)
        finally:
            cursor.close()


class InsertRows:
    """Rows of `columns` in one multi-row INSERT (in chunks of CHUNK rows), in order."""

    CHUNK = 100

    def __init__(self, table: Table, columns: Sequence[str]) -> None:
        self._table = table
        self._columns = tuple(columns)
        self._by_count: dict[int, Sql] = {}

    def run(self, conn: Connection, rows: Sequence[Mapping[str, Any]]) -> None:
        for start in range(0, len(rows), self.CHUNK):
            chunk = rows[start : start + self.CHUNK]
            params = {
                f"{name}_{i}": row[name] for i, row in enumerate(chunk) for name in self._columns
            }
            self._for(len(chunk)).run(conn, **params)

    def _for(self, count: int) -> Sql:
        found = self._by_count.get(count)
        if found is None:
            rows: list[dict[str, BindParameter[Any]]] = [
                {name: bindparam(f"{name}_{i}") for name in self._columns} for i in range(count)
            ]
            found = self._by_count.setdefault(count, Sql(insert(self._table).values(rows)))
        return found
