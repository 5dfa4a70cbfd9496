"""odpay_state and odpay_family: migration 0003, and the versions odpay's caches and family
lock rely on."""

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, MetaData, inspect, select

from odpay.db.state import (
    bump_family,
    family_version,
    keys_changed,
    odpay_state,
    practice_changed,
    read_state,
)
from odpay.db.transactions import write_transaction
from odpay.db.upgrade import MIGRATIONS, upgrade
from tests.factories import patient


def _to_revision(engine: Engine, revision: str) -> None:
    everything = MetaData()
    everything.reflect(engine)
    everything.drop_all(engine)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, revision)


def test_a_database_at_revision_0002_gets_the_version_tables_and_one_state_row(
    fresh_db: Engine,
) -> None:
    _to_revision(fresh_db, "0002")
    assert "odpay_state" not in inspect(fresh_db).get_table_names()

    upgrade(fresh_db)
    upgrade(fresh_db)

    with fresh_db.connect() as conn:
        rows = conn.execute(select(odpay_state.c.StateNum)).all()
    assert [tuple(r) for r in rows] == [(1,)]
    assert [c["name"] for c in inspect(fresh_db).get_columns("odpay_family")] == [
        "Guarantor",
        "Version",
    ]


def test_key_and_practice_changes_move_their_own_version(fresh_db: Engine) -> None:
    with fresh_db.connect() as conn:
        before = read_state(conn)
    with write_transaction(fresh_db) as conn:
        keys_changed(conn)
        practice_changed(conn)
        practice_changed(conn)
    with fresh_db.connect() as conn:
        after = read_state(conn)

    assert after.KeysVersion == before.KeysVersion + 1
    assert after.PracticeVersion == before.PracticeVersion + 2


def test_a_family_version_starts_at_zero_and_moves_with_every_bump(db: Engine) -> None:
    guarantor = patient(db)
    with db.connect() as conn:
        assert family_version(conn, guarantor) == 0
    for _ in range(3):
        with write_transaction(db) as conn:
            bump_family(conn, guarantor)

    with db.connect() as conn:
        assert family_version(conn, guarantor) == 3
        assert family_version(conn, guarantor + 1_000_000) == 0


def test_a_bump_that_rolls_back_leaves_the_version(db: Engine) -> None:
    guarantor = patient(db)
    try:
        with write_transaction(db) as conn:
            bump_family(conn, guarantor)
            raise RuntimeError("the use case failed")
    except RuntimeError:
        pass

    with db.connect() as conn:
        assert family_version(conn, guarantor) == 0
