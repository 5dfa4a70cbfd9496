"""odpay_idempotency: migration 0002 on a database at revision 0001, and the unique index that
allows one row per key pair and key."""

from collections.abc import Callable
from datetime import datetime

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, MetaData, inspect, text
from sqlalchemy.exc import IntegrityError

from odpay.db.idempotency import find_record, insert_record
from odpay.db.upgrade import MIGRATIONS, upgrade

COLUMNS = ["IdempotencyNum", "ApiKeyNum", "KeyHash", "RequestHash", "PayNum", "DateTCreated"]
CREATED = datetime(2026, 1, 2, 3, 4, 5)


def _alembic(engine: Engine, action: Callable[[Config], None]) -> None:
    """Run an Alembic command the way upgrade() does: on a connection of ours."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        action(config)


def _version(engine: Engine) -> str:
    with engine.connect() as conn:
        return str(conn.execute(text("SELECT version_num FROM odpay_schema_version")).scalar_one())


def _unique_indexes(engine: Engine) -> list[tuple[str, ...]]:
    return [
        tuple(str(name) for name in ix["column_names"])
        for ix in inspect(engine).get_indexes("odpay_idempotency")
        if ix["unique"]
    ]


def test_a_database_created_at_revision_0001_is_upgraded(fresh_db: Engine) -> None:
    everything = MetaData()
    everything.reflect(fresh_db)
    everything.drop_all(fresh_db)
    _alembic(fresh_db, lambda config: command.upgrade(config, "0001"))
    assert _version(fresh_db) == "0001"
    assert "odpay_idempotency" not in inspect(fresh_db).get_table_names()

    assert upgrade(fresh_db) is True  # 0001 alone wrote no blank practice
    assert upgrade(fresh_db) is False

    assert _version(fresh_db) == "0003"
    found = [c["name"] for c in inspect(fresh_db).get_columns("odpay_idempotency")]
    assert found == COLUMNS
    assert _unique_indexes(fresh_db) == [("ApiKeyNum", "KeyHash")]


def test_a_dropped_table_is_created_again_after_stamping_0001(fresh_db: Engine) -> None:
    with fresh_db.begin() as conn:
        conn.execute(text("DROP TABLE odpay_idempotency"))
    _alembic(fresh_db, lambda config: command.stamp(config, "0001"))

    assert upgrade(fresh_db) is False

    assert _version(fresh_db) == "0003"
    assert "odpay_idempotency" in inspect(fresh_db).get_table_names()
    assert _unique_indexes(fresh_db) == [("ApiKeyNum", "KeyHash")]


def test_a_table_without_its_unique_index_gets_it_back(fresh_db: Engine) -> None:
    index = "ux_odpay_idempotency_key"
    on_table = " ON odpay_idempotency" if fresh_db.dialect.name in ("mysql", "mariadb") else ""
    with fresh_db.begin() as conn:
        conn.execute(text(f"DROP INDEX {index}{on_table}"))
    assert _unique_indexes(fresh_db) == []
    _alembic(fresh_db, lambda config: command.stamp(config, "0001"))

    upgrade(fresh_db)

    assert _unique_indexes(fresh_db) == [("ApiKeyNum", "KeyHash")]


def test_one_key_pair_stores_a_key_once(db: Engine) -> None:
    key_hash = "a" * 64
    with db.begin() as conn:
        first = insert_record(conn, 990_001, key_hash, "b" * 64, CREATED)
        insert_record(conn, 990_002, key_hash, "c" * 64, CREATED)  # another key pair
    with pytest.raises(IntegrityError), db.begin() as conn:
        insert_record(conn, 990_001, key_hash, "d" * 64, CREATED)
    with db.connect() as conn:
        found = find_record(conn, 990_001, key_hash)
    assert found is not None
    assert (found.IdempotencyNum, found.RequestHash, found.PayNum) == (first, "b" * 64, 0)
