"""family_write(): on SQLite a use case reads and computes before it takes the write lock, and
computes again under the lock when its family or the practice changed meanwhile; elsewhere it
runs under the family lock from the start."""

import pytest
from sqlalchemy import Connection, Engine

from odpay.db.locks import lock_family
from odpay.db.state import family_version, practice_changed
from odpay.db.transactions import write_transaction
from odpay.services.transaction import family_transaction, family_write
from tests.factories import patient


@pytest.fixture
def sqlite(db: Engine) -> Engine:
    if db.dialect.name != "sqlite":
        pytest.skip("only SQLite reads ahead of its write lock; servers lock from the start")
    return db


def _versions(db: Engine, guarantor: int) -> int:
    with db.connect() as conn:
        return family_version(conn, guarantor)


def _write_as_someone_else(db: Engine, guarantor: int) -> None:
    family_transaction(db, lambda conn: lock_family(conn, guarantor))


def test_a_family_written_between_reading_and_writing_is_computed_again(sqlite: Engine) -> None:
    db = sqlite
    guarantor = patient(db)
    prepared: list[int] = []

    def prepare(conn: Connection) -> int:
        lock_family(conn, guarantor)
        prepared.append(family_version(conn, guarantor))
        if len(prepared) == 1:
            _write_as_someone_else(db, guarantor)  # lands after our read, before our write
        return prepared[-1]

    stored = family_write(db, prepare, lambda conn, seen: seen)

    # Read ahead at version 0; the other writer made it 1; computed again under the lock,
    # where this use case's own lock moved it to 2.
    assert prepared == [0, 2]
    assert stored == 2
    assert _versions(db, guarantor) == 2


def test_an_unchanged_family_is_written_as_computed(sqlite: Engine) -> None:
    db = sqlite
    guarantor = patient(db)
    prepared: list[int] = []

    def prepare(conn: Connection) -> int:
        lock_family(conn, guarantor)
        prepared.append(family_version(conn, guarantor))
        return prepared[-1]

    stored = family_write(db, prepare, lambda conn, seen: seen)

    assert prepared == [0]
    assert stored == 0
    assert _versions(db, guarantor) == 1  # the write moved it on


def test_a_practice_change_between_reading_and_writing_computes_again(sqlite: Engine) -> None:
    db = sqlite
    guarantor = patient(db)
    calls: list[str] = []

    def prepare(conn: Connection) -> None:
        lock_family(conn, guarantor)
        calls.append("prepare")
        if len(calls) == 1:
            with write_transaction(db) as other:
                practice_changed(other)

    family_write(db, prepare, lambda conn, planned: calls.append("store"))

    assert calls == ["prepare", "prepare", "store"]


def test_on_a_server_the_family_is_locked_from_the_first_read(db: Engine) -> None:
    if db.dialect.name == "sqlite":
        pytest.skip("SQLite reads ahead of its write lock")
    guarantor = patient(db)
    calls: list[int] = []

    def prepare(conn: Connection) -> None:
        lock_family(conn, guarantor)
        calls.append(family_version(conn, guarantor))  # our own lock already moved it

    family_write(db, prepare, lambda conn, planned: None)

    assert calls == [1]
    assert _versions(db, guarantor) == 1
