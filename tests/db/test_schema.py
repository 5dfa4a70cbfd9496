"""The schema against Open Dental's own document (a copy of its 16 tables in tests/db/data)."""

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect
from sqlalchemy.dialects import mysql

from odpay.db.schema import USED_COLUMNS, metadata

XML = Path(__file__).parent / "data" / "od_tables.xml"
TABLES = {t.attrib["name"]: t for t in ET.parse(XML).getroot().findall("table")}

# Open Dental's MySQL type -> the MariaDB type our schema must compile to.
COMPATIBLE = {
    "bigint": "BIGINT",
    "int": "INTEGER",
    "smallint": "SMALLINT",
    "tinyint": "TINYINT",
    "double": "DOUBLE",
    "float": "FLOAT",
    "varchar": "VARCHAR",
    "char": "CHAR",
    "text": "TEXT",
    "date": "DATE",
    "datetime": "DATETIME",
    "timestamp": "TIMESTAMP",
    "time": "TIME",
}


def test_the_sixteen_open_dental_tables_are_all_there() -> None:
    assert set(TABLES) == set(USED_COLUMNS)
    assert len(TABLES) == 16
    assert set(USED_COLUMNS) <= set(metadata.tables)


@pytest.mark.parametrize("name", sorted(TABLES))
def test_every_column_of_the_document_exists_in_the_same_order_with_a_compatible_type(
    name: str,
) -> None:
    ours = metadata.tables[name]
    theirs = sorted(TABLES[name].findall("column"), key=lambda c: int(c.get("order", "0")))
    assert [c.name for c in ours.columns] == [c.get("name") for c in theirs]
    dialect = mysql.dialect()
    for column, doc in zip(ours.columns, theirs, strict=True):
        od_type = doc.get("type", "").lower()
        base = od_type.split("(")[0]
        compiled = column.type.dialect_impl(dialect).compile(dialect=dialect)
        assert compiled.startswith(COMPATIBLE[base]), (name, column.name, od_type, compiled)
        if "(" in od_type and base in ("varchar", "char"):
            assert compiled == f"{COMPATIBLE[base]}({od_type.split('(')[1]}", (name, column.name)


@pytest.mark.parametrize("name", sorted(TABLES))
def test_every_column_is_not_null_with_a_default_except_the_key(name: str) -> None:
    for column in metadata.tables[name].columns:
        if column.primary_key:
            continue
        assert column.nullable is False, (name, column.name)
        assert column.server_default is not None, (name, column.name)


def test_the_documented_exceptions_to_zero_defaults() -> None:
    claimproc = metadata.tables["claimproc"]
    assert str(claimproc.c.WriteOffEstOverride.server_default.arg) == "-1"  # type: ignore[union-attr]
    assert str(claimproc.c.Percentage.server_default.arg) == "-1"  # type: ignore[union-attr]
    assert str(claimproc.c.InsPayEst.server_default.arg) == "0"  # type: ignore[union-attr]
    assert str(metadata.tables["procedurelog"].c.UnitQty.server_default.arg) == "1"  # type: ignore[union-attr]


def test_preference_is_keyed_by_its_third_column_prefnum() -> None:
    preference = metadata.tables["preference"]
    assert [c.name for c in preference.primary_key.columns] == ["PrefNum"]
    assert list(preference.columns.keys())[2] == "PrefNum"


def test_the_database_built_by_upgrade_has_the_same_columns_in_the_same_order(db: Engine) -> None:
    inspector = inspect(db)
    for name in TABLES:
        found = [c["name"] for c in inspector.get_columns(name)]
        assert found == [c.name for c in metadata.tables[name].columns], name


def test_an_insert_naming_only_a_few_columns_gets_open_dental_defaults(db: Engine) -> None:
    from tests.factories import add, rows

    proc_num = add(db, "procedurelog", PatNum=999_001, ProcFee="10")
    row = rows(db, "procedurelog", ProcNum=proc_num)[0]
    assert row["UnitQty"] == 1
    assert row["BaseUnits"] == 0
    assert str(row["ProcDate"]) == "0001-01-01"
    assert row["ToothNum"] == ""
    cp = add(db, "claimproc", ProcNum=proc_num, PatNum=999_001)
    claim = rows(db, "claimproc", ClaimProcNum=cp)[0]
    assert claim["WriteOffEst"] == -1
    assert claim["WriteOffEstOverride"] == -1
    assert claim["InsPayEst"] == 0
