"""`upgrade()`: idempotent, seeds only a new database, and respects an existing Open Dental one."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect, select, text

from odpay.db.engine import make_engine
from odpay.db.schema import definition, preference, provider, userod
from odpay.db.upgrade import upgrade
from tests.conftest import create_test_database


@pytest.fixture
def empty_sqlite(tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'od.db'}")
    yield engine
    engine.dispose()


def test_upgrade_twice_changes_nothing_the_second_time(fresh_db: Engine) -> None:
    with fresh_db.connect() as conn:
        before = conn.execute(select(definition).order_by(definition.c.DefNum)).all()
    assert upgrade(fresh_db) is False
    with fresh_db.connect() as conn:
        assert conn.execute(select(definition).order_by(definition.c.DefNum)).all() == before


def test_the_blank_practice_is_seeded_with_open_dentals_own_keys(fresh_db: Engine) -> None:
    with fresh_db.connect() as conn:
        defs = {
            r.DefNum: (r.Category, r.ItemName, r.ItemValue)
            for r in conn.execute(select(definition))
        }
        prefs = dict(conn.execute(select(preference.c.PrefName, preference.c.ValueString)).all())
        prov = conn.execute(select(provider)).one()
        user = conn.execute(select(userod)).one()
    assert len(defs) == 22
    assert defs[69] == (10, "Check", "")
    assert defs[283] == (29, "Prepayment", "")
    assert defs[308] == (29, "Payment Plan Prepay", "X")
    assert prefs["RigorousAccounting"] == "1"
    assert prefs["EasyNoClinics"] == "1"
    assert len(prefs) == 16
    assert (prov.ProvNum, prov.Abbr, prov.LName, prov.FName) == (1, "DOC", "Provider", "Default")
    assert (user.UserNum, user.UserName, user.IsHidden) == (1, "API", 1)


def test_new_keys_continue_above_the_seeded_ones(fresh_db: Engine) -> None:
    with fresh_db.begin() as conn:
        new = conn.execute(definition.insert().values(Category=10, ItemName="Venmo"))
    assert new.inserted_primary_key is not None
    assert new.inserted_primary_key[0] == 309


def test_a_database_with_rows_in_definition_is_not_seeded(empty_sqlite: Engine) -> None:
    upgrade_empty_schema_only(empty_sqlite)
    with empty_sqlite.begin() as conn:
        conn.execute(definition.insert().values(DefNum=5, Category=10, ItemName="Own"))
    assert upgrade(empty_sqlite) is False
    with empty_sqlite.connect() as conn:
        assert conn.execute(select(preference)).all() == []


def upgrade_empty_schema_only(engine: Engine) -> None:
    upgrade(engine)
    with engine.begin() as conn:
        for table in ("definition", "preference", "provider", "userod"):
            conn.execute(text(f"DELETE FROM {table}"))


def test_an_existing_open_dental_table_keeps_its_extra_columns_and_gets_missing_indexes(
    empty_sqlite: Engine,
) -> None:
    with empty_sqlite.begin() as conn:
        conn.execute(
            text(
                "CREATE TABLE adjustment (AdjNum INTEGER PRIMARY KEY, AdjDate TEXT, AdjAmt REAL,"
                " PatNum INTEGER, ProvNum INTEGER, ProcNum INTEGER, ClinicNum INTEGER,"
                " LocalExtra TEXT)"
            )
        )
    upgrade(empty_sqlite)
    inspector = inspect(empty_sqlite)
    assert "LocalExtra" in [c["name"] for c in inspector.get_columns("adjustment")]
    indexed = [tuple(ix["column_names"]) for ix in inspector.get_indexes("adjustment")]
    assert ("PatNum",) in indexed
    assert ("ProcNum",) in indexed


def test_an_existing_table_without_a_column_odpay_reads_stops_the_upgrade(
    empty_sqlite: Engine,
) -> None:
    with empty_sqlite.begin() as conn:
        conn.execute(text("CREATE TABLE adjustment (AdjNum INTEGER PRIMARY KEY, AdjDate TEXT)"))
    with pytest.raises(RuntimeError, match=r"Table adjustment has no column AdjAmt\."):
        upgrade(empty_sqlite)


def test_upgrade_builds_the_schema_on_every_backend(db: Engine, tmp_path: Path) -> None:
    backend = "mariadb" if db.dialect.name in ("mysql", "mariadb") else db.dialect.name
    engine, drop = create_test_database(backend, tmp_path)
    try:
        assert upgrade(engine) is False
        tables = set(inspect(engine).get_table_names())
        assert {"payment", "paysplit", "odpay_apikey", "odpay_schema_version"} <= tables
    finally:
        drop()  # type: ignore[operator]
