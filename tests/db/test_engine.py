"""make_engine(): what each back-end's connections are set up with."""

from sqlalchemy import Engine, text

from odpay.db.engine import is_galera


def test_a_single_server_is_not_taken_for_a_galera_node(db: Engine) -> None:
    with db.connect() as conn:
        assert not is_galera(conn)
        if conn.dialect.name in ("mysql", "mariadb"):
            # Left at the server's default; tests/cluster checks a node's connections.
            assert conn.execute(text("SELECT @@session.wsrep_sync_wait")).scalar() == 0
            assert conn.execute(text("SELECT @@session.innodb_lock_wait_timeout")).scalar() == 10
