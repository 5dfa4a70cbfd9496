"""Sql: statements compiled once per back-end and run on the driver's cursor (on PostgreSQL
with numbered placeholders, on psycopg's RawCursor)."""

import functools
import operator

from sqlalchemy import BigInteger, Engine, bindparam, select

from odpay.db.sql import Sql

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
        for run in range(7):  # psycopg prepares a statement at its fifth run
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
