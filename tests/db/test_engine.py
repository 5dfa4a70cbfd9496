"""make_engine(): what each back-end's connections are set up with."""

import pytest
from sqlalchemy import Connection, Engine, select, text
from sqlalchemy.exc import DBAPIError, OperationalError

from odpay.db import engine as engine_module
from odpay.db.engine import is_galera, make_engine
from odpay.db.ledger.payments import page_of_payments
from odpay.db.state import bump_family, family_version, odpay_family
from odpay.db.transactions import read_transaction, write_transaction


def test_a_single_server_is_not_taken_for_a_galera_node(db: Engine) -> None:
    with db.connect() as conn:
        assert not is_galera(conn)
        if conn.dialect.name in ("mysql", "mariadb"):
            # Left at the server's default; tests/cluster checks a node's connections.
            assert conn.execute(text("SELECT @@session.wsrep_sync_wait")).scalar() == 0
            assert conn.execute(text("SELECT @@session.innodb_lock_wait_timeout")).scalar() == 10


def _session_id(conn: Connection) -> int:
    query = (
        "SELECT CONNECTION_ID()" if conn.dialect.name != "postgresql" else "SELECT pg_backend_pid()"
    )
    return int(conn.execute(text(query)).scalar_one())


def _kill(admin: Engine, session_id: int) -> None:
    with admin.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text(f"SELECT pg_terminate_backend({session_id})"))
        else:
            conn.execute(text(f"KILL CONNECTION {session_id}"))


def test_a_connection_dropped_while_idle_is_replaced_before_use(
    server_db: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine_module, "IDLE_BEFORE_PING", 0.0)  # every checkout counts as idle
    engine = make_engine(server_db.url, pool_size=1, max_overflow=0)
    try:
        with engine.connect() as conn:
            dropped = _session_id(conn)
        _kill(server_db, dropped)
        with read_transaction(engine) as conn:
            assert _session_id(conn) != dropped
    finally:
        engine.dispose()


def test_a_connection_used_a_moment_ago_is_not_pinged(
    server_db: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The other side of the trade: no round trip for a connection back from a request less
    # than IDLE_BEFORE_PING ago, so one the server dropped within that time fails once.
    monkeypatch.setattr(engine_module, "IDLE_BEFORE_PING", 3600.0)
    engine = make_engine(server_db.url, pool_size=1, max_overflow=0)
    try:
        with engine.connect() as conn:
            dropped = _session_id(conn)
        _kill(server_db, dropped)
        with pytest.raises(OperationalError), engine.connect() as conn:
            _session_id(conn)
        with engine.connect() as conn:  # the pool replaced it
            assert _session_id(conn) != dropped
    finally:
        engine.dispose()


def test_a_transaction_odpay_did_not_end_is_rolled_back_when_its_connection_returns(
    server_db: Engine,
) -> None:
    # bump_family writes on the driver's own cursor: SQLAlchemy sees no transaction to close,
    # and only the pool's reset ends the one the driver opened.
    engine = make_engine(server_db.url, pool_size=1, max_overflow=0)
    try:
        with engine.connect() as conn:
            bump_family(conn, 987654)
        with engine.connect() as conn:  # the same connection again
            assert family_version(conn, 987654) == 0
        with write_transaction(engine) as conn:
            bump_family(conn, 987654)
        with engine.connect() as conn:
            assert family_version(conn, 987654) == 1
    finally:
        engine.dispose()


def _prepared(conn: Connection) -> int:
    return int(conn.execute(text("SELECT count(*) FROM pg_prepared_statements")).scalar_one())


def _postgresql_engine(server_db: Engine) -> Engine:
    if server_db.dialect.name != "postgresql":
        pytest.skip("only psycopg forgets its prepared statements at a rollback")
    return make_engine(server_db.url, pool_size=1, max_overflow=0)


def test_a_rollback_keeps_the_statements_postgresql_prepared(server_db: Engine) -> None:
    engine = _postgresql_engine(server_db)
    try:
        for _ in range(6):
            with write_transaction(engine) as conn:
                bump_family(conn, 876543)
        with engine.connect() as conn:
            prepared = _prepared(conn)
            conn.rollback()
        assert prepared >= 1
        with pytest.raises(RuntimeError), write_transaction(engine) as conn:
            bump_family(conn, 876543)
            raise RuntimeError("refused")  # a 4xx: the transaction rolls back
        with engine.connect() as conn:  # the same connection, its statements still prepared
            assert _prepared(conn) == prepared
            assert family_version(conn, 876543) == 6
    finally:
        engine.dispose()


def _prepared_statements(conn: Connection) -> set[str]:
    rows = conn.execute(text("SELECT statement FROM pg_prepared_statements"))
    return {" ".join(str(r.statement).split()) for r in rows}


def test_postgresql_keeps_odpays_own_statements_prepared_on_generic_plans(
    server_db: Engine,
) -> None:
    engine = _postgresql_engine(server_db)
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SHOW plan_cache_mode")).scalar_one() == "force_generic_plan"
            family_version(conn, 543210)  # odpay's own statement (db/sql.py): prepared at once
            page_of_payments(conn, 1, None, None, 10, 0)  # a page: planned at each run
            for _ in range(8):  # SQLAlchemy's own statement: never prepared
                conn.execute(select(odpay_family.c.Version).where(odpay_family.c.Guarantor == 5))
            prepared = _prepared_statements(conn)
            conn.rollback()
    finally:
        engine.dispose()
    assert any('FROM odpay_family WHERE odpay_family."Guarantor" = $1' in s for s in prepared)
    assert not any("FROM payment" in s for s in prepared)
    assert not any('Guarantor" = %' in s or "= 5" in s for s in prepared)
    assert len(prepared) == 1


def test_a_transaction_that_failed_on_postgresql_rolls_back_and_the_connection_goes_on(
    server_db: Engine,
) -> None:
    engine = _postgresql_engine(server_db)
    try:
        with pytest.raises(DBAPIError), write_transaction(engine) as conn:
            bump_family(conn, 765432)
            conn.execute(text("SELECT 1/0"))  # the transaction is now aborted
        with write_transaction(engine) as conn:
            bump_family(conn, 765432)
        with engine.connect() as conn:
            assert family_version(conn, 765432) == 1
    finally:
        engine.dispose()
