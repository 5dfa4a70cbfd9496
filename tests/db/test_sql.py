"""Sql: statements compiled once per back-end and run on the driver's cursor (on PostgreSQL
with numbered placeholders, on psycopg's RawCursor); statements sent together (on MariaDB in
one round trip)."""

import functools
import operator
from typing import Any

import pytest
from sqlalchemy import BigInteger, Engine, bindparam, insert, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import StaticPool

from odpay.db.engine import make_engine
from odpay.db.schema import definition
from odpay.db.sql import Records, Sql, read_together, rows_together, sends_together
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
