"""odpay_state and odpay_family: version numbers that say when cached or already-read rows
went out of date (odpay's own tables, beside Open Dental's; docs/decisions.md "Versions").

- `odpay_state` has one row. `KeysVersion` moves with every change to API keys,
  `PracticeVersion` with every change to practice data (preferences, definitions, providers,
  clinics) and with every bulk load, which may change anything. Each request reads the row once
  and uses its in-process copies of keys and practice data while the numbers stand still.
- `odpay_family` has a row per family (by guarantor) that every write to the family's ledger
  updates first. Updating it is the family lock on MariaDB and PostgreSQL (the row stays locked
  until commit), a write that two Galera nodes certify against each other, and on SQLite the
  version a payment computed outside the write lock checks before it writes.
"""

from dataclasses import dataclass

from sqlalchemy import (
    Column,
    Connection,
    Insert,
    Table,
    bindparam,
    case,
    literal,
    select,
    update,
)
from sqlalchemy.dialects import mysql, postgresql, sqlite

from odpay.db.schema import metadata, patient
from odpay.db.sql import OpeningRead, Sql
from odpay.db.types import BIGINT, varchar

odpay_state = Table(
    "odpay_state",
    metadata,
    Column("StateNum", BIGINT, primary_key=True, autoincrement=False),
    Column("KeysVersion", BIGINT, nullable=False, server_default="0"),
    Column("PracticeVersion", BIGINT, nullable=False, server_default="0"),
    # Random salt of the API key hashes (db/keys.py), written by migration 0004.
    Column("KeySalt", varchar(64), nullable=False, server_default=""),
)

odpay_family = Table(
    "odpay_family",
    metadata,
    Column("Guarantor", BIGINT, primary_key=True, autoincrement=False),
    Column("Version", BIGINT, nullable=False, server_default="0"),
)

STATE_ROW = 1
# Execution option of a connection whose transaction wrote practice rows: until it commits,
# its reads must see its own rows rather than the process's copy (db/practice/cache.py).
PRACTICE_WRITTEN_OPTION = "odpay_practice_written"


@dataclass(frozen=True, slots=True)
class State:
    KeysVersion: int
    PracticeVersion: int


_READ_STATE = OpeningRead(
    select(odpay_state.c.KeysVersion, odpay_state.c.PracticeVersion).where(
        odpay_state.c.StateNum == STATE_ROW
    )
)
_KEYS_CHANGED = (
    update(odpay_state)
    .where(odpay_state.c.StateNum == STATE_ROW)
    .values(KeysVersion=odpay_state.c.KeysVersion + 1)
)
_PRACTICE_CHANGED = (
    update(odpay_state)
    .where(odpay_state.c.StateNum == STATE_ROW)
    .values(PracticeVersion=odpay_state.c.PracticeVersion + 1)
)
_FAMILY_VERSION = Sql(
    select(odpay_family.c.Version).where(odpay_family.c.Guarantor == bindparam("guarantor"))
)


def read_state(conn: Connection) -> State:
    """The current numbers; (0, 0) on a database whose row is missing. Read first in a
    transaction, on PostgreSQL it opens the transaction in the same round trip (OpeningRead)."""
    row = _READ_STATE.first(conn)
    return State(int(row[0]), int(row[1])) if row is not None else State(0, 0)


def keys_changed(conn: Connection) -> None:
    conn.execute(_KEYS_CHANGED)


def practice_changed(conn: Connection) -> None:
    conn.execute(_PRACTICE_CHANGED)
    conn.execution_options(**{PRACTICE_WRITTEN_OPTION: True})


def family_version(conn: Connection, guarantor: int) -> int:
    """The family's version; 0 for a family no odpay write has touched yet."""
    row = _FAMILY_VERSION.first(conn, guarantor=guarantor)
    return int(row[0]) if row is not None else 0


def _family_upsert(dialect: str) -> Insert:
    """INSERT the family's row at version 1, or add 1 to it, in one statement per back-end."""
    values = {"Guarantor": bindparam("guarantor"), "Version": 1}
    if dialect == "sqlite":
        stmt = sqlite.insert(odpay_family).values(values)
        return stmt.on_conflict_do_update(
            index_elements=["Guarantor"], set_={"Version": odpay_family.c.Version + 1}
        )
    if dialect == "postgresql":
        pg = postgresql.insert(odpay_family).values(values)
        return pg.on_conflict_do_update(
            index_elements=["Guarantor"], set_={"Version": odpay_family.c.Version + 1}
        )
    my = mysql.insert(odpay_family).values(values)
    return my.on_duplicate_key_update(Version=odpay_family.c.Version + 1)


_UPSERTS = {name: Sql(_family_upsert(name)) for name in ("sqlite", "postgresql", "mysql")}


def _dialect(conn: Connection) -> str:
    """The key of the statements by back-end: MariaDB's are MySQL's."""
    return "mysql" if conn.dialect.name == "mariadb" else conn.dialect.name


def bump_family(conn: Connection, guarantor: int) -> None:
    """Move the family's version on; its row stays locked by this transaction until it ends."""
    _UPSERTS[_dialect(conn)].run(conn, guarantor=guarantor)


def patients_family_upsert(dialect: str) -> Insert:
    """`_family_upsert` of the family patient :PatNum is in as its row says, RETURNING the
    guarantor and the new version."""
    guarantor = case((patient.c.Guarantor == 0, patient.c.PatNum), else_=patient.c.Guarantor)
    family = select(guarantor, literal(1)).where(patient.c.PatNum == bindparam("PatNum"))
    columns = ["Guarantor", "Version"]
    bumped = {"Version": odpay_family.c.Version + 1}
    if dialect == "postgresql":
        pg = postgresql.insert(odpay_family).from_select(columns, family)
        return pg.on_conflict_do_update(index_elements=["Guarantor"], set_=bumped).returning(
            odpay_family.c.Guarantor, odpay_family.c.Version
        )
    my = mysql.insert(odpay_family).from_select(columns, family)
    return my.on_duplicate_key_update(bumped).returning(
        odpay_family.c.Guarantor, odpay_family.c.Version
    )


# MariaDB's, sent with the read of the family (db/ledger/family.py `lock_and_read_family`);
# PostgreSQL's is part of one statement there.
PATIENTS_FAMILY_BUMP = Sql(patients_family_upsert("mysql"))


def bumps_by_patient(conn: Connection) -> bool:
    """Whether `patients_family_upsert` can run here (db/ledger/family.py
    `lock_and_read_family`): PostgreSQL, and MariaDB since 10.5 (INSERT ... RETURNING), not
    MySQL or SQLite."""
    return conn.dialect.name != "sqlite" and bool(conn.dialect.insert_returning)
