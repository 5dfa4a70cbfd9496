"""Sql: statements compiled once per back-end and run on the driver's cursor (on PostgreSQL
with numbered placeholders, on psycopg's RawCursor); statements sent together (on MariaDB in
one round trip)."""

import functools
import operator
from typing import Any

import pytest
from sqlalchemy import BigInteger, Engine, bindparam, insert, select, table, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import StaticPool

from odpay.db.engine import make_engine
from odpay.db.schema import definition
from odpay.db.sql import (
    OpeningRead,
    Records,
    Sql,
    read_together,
    rows_together,
    sends_together,
)
from odpay.db.transactions import write_transaction
from odpay.domain.records import Definition

_TWICE = Sql(
    select(
        bindparam("n", type_=BigInteger()) * 10 + bindparam("n", type_=BigInteger()),
        bindparam("m", type_=BigInteger()),
    )
)
# More parameters than psycopg's own placeholder rewriting keeps (50).
_PARAMS = [bindparam(f"p{i}", type_=BigInteger()) for i in range(60)]
_MANY = Sql(select(functools.reduce(operator.add, _PARAMS[1:], _PARAMS[0])))


def test_a_parameter_named_twice_takes_the_same_value_in_both_places(db: Engine) -> None:
    with db.connect() as conn:
        assert _TWICE.first(conn, n=4, m=7) == (44, 7)
        assert _TWICE.first(conn, n=5, m=1) == (55, 1)


def test_a_statement_of_sixty_parameters_runs_again_and_again(db: Engine) -> None:
    with db.connect() as conn:
        for run in range(7):  # prepared at its first run on PostgreSQL (db/engine.py)
            assert _MANY.first(conn, **{f"p{i}": i + run for i in range(60)}) == (
                sum(range(60)) + 60 * run,
            )


def test_postgresql_statements_carry_numbered_placeholders(db: Engine) -> None:
    with db.connect() as conn:
        _TWICE.first(conn, n=1, m=2)
        sql = _TWICE._for(conn).sql
    if db.dialect.name == "postgresql":
        # n, the literal 10 and m: n's two places share one number.
        assert sql.count("$1::") == 2 and "$3::" in sql and "$4" not in sql and "%(" not in sql
    else:
        assert "$1" not in sql


_DEFINITION = Records(
    Definition,
    select(
        definition.c.DefNum,
        definition.c.Category,
        definition.c.ItemName,
        definition.c.ItemValue,
        definition.c.IsHidden,
        definition.c.ItemOrder,
    ).where(definition.c.DefNum == bindparam("DefNum")),
)
_ADD_DEFINITION = Sql(
    insert(definition).values(
        DefNum=bindparam("DefNum"), Category=99, ItemName=bindparam("ItemName"), ItemOrder=0
    )
)


def _counting(engine: Engine) -> list[str]:
    """The queries the driver's cursors are given on `engine`'s one connection from now on
    (the engine is the test's own: the driver's connection keeps the counting cursor)."""
    sent: list[str] = []
    with engine.connect() as conn:
        dbapi_connection: Any = conn.connection.driver_connection
    cursor = dbapi_connection.cursor

    def counting_cursor(*args: Any) -> Any:
        opened = cursor(*args)
        execute = opened.execute

        def counted(query: Any, params: Any = None) -> Any:
            sent.append(str(query))
            return execute(query, params)

        opened.execute = counted
        return opened

    dbapi_connection.cursor = counting_cursor
    return sent


def test_statements_sent_together_give_each_its_rows_in_order(db: Engine) -> None:
    with write_transaction(db) as conn:
        found = rows_together(
            conn,
            [
                (_TWICE, {"n": 1, "m": 2}),
                (_ADD_DEFINITION, {"DefNum": 990_001, "ItemName": "first"}),
                (_TWICE, {"n": 3, "m": 4}),
            ],
        )
        records = read_together(
            conn, [(_DEFINITION, {"DefNum": 990_001}), (_DEFINITION, {"DefNum": 0})]
        )
    assert found == [[(11, 2)], [], [(33, 4)]]
    assert [[(d.DefNum, d.ItemName) for d in listed] for listed in records] == [
        [(990_001, "first")],
        [],
    ]


def test_a_failing_statement_stops_those_after_it_and_leaves_the_connection_usable(
    db: Engine,
) -> None:
    with pytest.raises(DBAPIError), write_transaction(db) as conn:
        rows_together(
            conn,
            [
                (_ADD_DEFINITION, {"DefNum": 990_002, "ItemName": "kept until the rollback"}),
                (_ADD_DEFINITION, {"DefNum": 990_002, "ItemName": "the same key again"}),
                (_ADD_DEFINITION, {"DefNum": 990_003, "ItemName": "never run"}),
            ],
        )
    with write_transaction(db) as conn:
        assert read_together(
            conn, [(_DEFINITION, {"DefNum": 990_002}), (_DEFINITION, {"DefNum": 990_003})]
        ) == [[], []]
        assert conn.execute(text("SELECT 1")).scalar() == 1


def test_mariadb_receives_the_statements_in_one_query(db: Engine) -> None:
    if not sends_together(db.dialect):
        pytest.skip("only MariaDB takes several statements in one query")
    engine = make_engine(db.url, poolclass=StaticPool)
    try:
        sent = _counting(engine)
        with engine.connect() as conn:
            rows_together(conn, [(_TWICE, {"n": 1, "m": 2}), (_TWICE, {"n": 2, "m": 3})])
            read_together(conn, [(_DEFINITION, {"DefNum": 1}), (_DEFINITION, {"DefNum": 2})])
    finally:
        engine.dispose()
    assert len(sent) == 2 and all(query.count(";") == 1 for query in sent)


_FIRST_DEFINITION = OpeningRead(
    select(definition.c.ItemName, definition.c.DefNum).where(definition.c.DefNum == 990_004)
)
_NOWHERE = OpeningRead(select(text("1")).select_from(table("odpay_no_such_table")))


def test_an_opening_read_gives_its_row_as_text_and_the_transaction_is_open(db: Engine) -> None:
    """Its row as text, None for none; on PostgreSQL the read also opened the transaction,
    which a rollback undoes and which keeps psycopg's isolation level (READ COMMITTED)."""
    with write_transaction(db) as conn:
        assert _FIRST_DEFINITION.first(conn) is None
    with pytest.raises(_RolledBack), write_transaction(db) as conn:
        assert _FIRST_DEFINITION.first(conn) is None
        conn.execute(insert(definition).values(DefNum=990_004, Category=29, ItemName="Kept?"))
        assert _FIRST_DEFINITION.first(conn) == ("Kept?", "990004")  # inside: read as any Sql
        if db.dialect.name == "postgresql":
            isolation = conn.execute(text("SHOW transaction_isolation")).scalar()
            assert isolation == "read committed"
        raise _RolledBack
    with write_transaction(db) as conn:
        assert _FIRST_DEFINITION.first(conn) is None


class _RolledBack(Exception):
    pass


def test_on_postgresql_an_opening_read_and_the_begin_take_one_round_trip(
    server_db: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """psycopg sends no BEGIN of its own after the opening read: BEGIN and the read were one
    query (the COMMIT is psycopg's)."""
    if server_db.dialect.name != "postgresql":
        pytest.skip("only psycopg opens a transaction with a BEGIN of its own")
    from psycopg import _connection_base

    sent: list[bytes] = []
    run = _connection_base.BaseConnection._exec_command

    def counted(self: Any, command: bytes, *args: Any, **kwargs: Any) -> Any:
        sent.append(bytes(command))
        return run(self, command, *args, **kwargs)

    with write_transaction(server_db) as conn:
        conn.execute(text("SELECT 1"))  # a connection of the pool, begun by psycopg
    monkeypatch.setattr(_connection_base.BaseConnection, "_exec_command", counted)
    with write_transaction(server_db) as conn:
        _FIRST_DEFINITION.first(conn)
        assert conn.execute(text("SELECT 1")).scalar() == 1
    assert sent == [b"COMMIT"]
    sent.clear()
    with write_transaction(server_db) as conn:
        conn.execute(text("SELECT 1"))  # without an opening read, psycopg's own BEGIN
    assert [command.split()[0] for command in sent] == [b"BEGIN", b"COMMIT"]


def test_a_failing_opening_read_raises_and_the_connection_goes_on(db: Engine) -> None:
    with pytest.raises(DBAPIError), write_transaction(db) as conn:
        _NOWHERE.first(conn)
    with write_transaction(db) as conn:
        assert _FIRST_DEFINITION.first(conn) is None
        assert conn.execute(text("SELECT 1")).scalar() == 1


def test_an_opening_read_in_autocommit_mode_opens_no_transaction(server_db: Engine) -> None:
    """On a connection SQLAlchemy runs in autocommit mode, the read opens no transaction that
    would hold back (and at the connection's return roll back) the statements after it."""
    db = server_db
    with db.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        assert _FIRST_DEFINITION.first(conn) is None
        conn.execute(insert(definition).values(DefNum=990_005, Category=29, ItemName="Auto"))
        conn.rollback()  # nothing to roll back: the insert is already committed
    with write_transaction(db) as conn:
        found = conn.execute(select(definition.c.ItemName).where(definition.c.DefNum == 990_005))
        assert found.scalar() == "Auto"
