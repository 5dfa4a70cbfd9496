"""Column types for Open Dental's MySQL types on each engine (schema.md section 1)."""

from sqlalchemy import (
    BigInteger,
    Column,
    Date,
    DateTime,
    Double,
    Float,
    Identity,
    Integer,
    SmallInteger,
    String,
    Text,
    Time,
    text,
)
from sqlalchemy.dialects import mysql, sqlite

# SQLite keeps dates as text; without microseconds so the text reads like Open Dental's.
# Read back with fromisoformat (no regexp given): a regexp per value cost more than the
# query when a family's thousands of rows were read.
# (SQLAlchemy leaves these two constructors unannotated.)
_SQLITE_DATETIME = sqlite.DATETIME(  # type: ignore[no-untyped-call]
    storage_format="%(year)04d-%(month)02d-%(day)02d %(hour)02d:%(minute)02d:%(second)02d",
)
_SQLITE_TIME = sqlite.TIME(storage_format="%(hour)02d:%(minute)02d:%(second)02d")  # type: ignore[no-untyped-call]

BIGINT = BigInteger().with_variant(Integer(), "sqlite")
INT = Integer()
SMALLINT = SmallInteger()
TINYINT = SmallInteger().with_variant(mysql.TINYINT(), "mysql", "mariadb")
DOUBLE = Double[float]().with_variant(mysql.DOUBLE(asdecimal=False), "mysql", "mariadb")
FLOAT = Float().with_variant(mysql.FLOAT(), "mysql", "mariadb")
TEXT = Text()
DATE = Date()
DATETIME = DateTime().with_variant(_SQLITE_DATETIME, "sqlite")
TIMESTAMP = (
    DateTime()
    .with_variant(mysql.TIMESTAMP(), "mysql", "mariadb")
    .with_variant(_SQLITE_DATETIME, "sqlite")
)
TIME = Time().with_variant(_SQLITE_TIME, "sqlite")

EMPTY = ""
NO_DATE = "0001-01-01"
NO_DATETIME = "0001-01-01 00:00:00"
NOW = text("CURRENT_TIMESTAMP")


def varchar(length: int) -> String:
    return String(length)


def char(length: int) -> String:
    return String(length).with_variant(mysql.CHAR(length), "mysql", "mariadb")


def primary_key(name: str) -> Column[int]:
    """An auto-increment bigint key: AUTO_INCREMENT on MariaDB, an identity on PostgreSQL,
    INTEGER PRIMARY KEY AUTOINCREMENT on SQLite (with the table's sqlite_autoincrement)."""
    return Column(name, BIGINT, Identity(), primary_key=True, autoincrement=True)
