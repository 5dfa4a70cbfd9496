"""The family lock odpay had before issue 12, kept only to show that it fails on Galera.

It locked the guarantor's patient row with `SELECT … FOR UPDATE`. On one server that
serialises a family's writers; on Galera the row lock binds only the node that took it, and
since the lock writes nothing, two nodes' writers of one family never meet at certification.

`use_node_local_lock(monkeypatch)` puts it back in this process. Run as a script, this module is
`odpay` (e.g. `python tests/cluster/node_local_lock.py serve --database-url URL`) with the
old lock: a one-worker server, since workers would be fresh processes without it.
"""

import sys
from pathlib import Path

import pytest
from sqlalchemy import Connection, bindparam, select

from odpay.db import locks
from odpay.db.schema import patient

_LOCK_GUARANTOR = (
    select(patient.c.PatNum).where(patient.c.PatNum == bindparam("guarantor")).with_for_update()
)


def lock_guarantor_row(conn: Connection, guarantor: int) -> None:
    """The old family lock: a row lock on the guarantor's patient row, nothing written."""
    conn.execute(_LOCK_GUARANTOR, {"guarantor": guarantor})


def _never(_conn: Connection) -> bool:
    return False


def use_node_local_lock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(locks, "bump_family", lock_guarantor_row)
    # The family is found before the lock, as then; not by today's lock itself.
    monkeypatch.setattr(locks, "bumps_by_patient", _never)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from odpay.cli.main import app

    vars(locks)["bump_family"] = lock_guarantor_row  # the names locks.py calls
    vars(locks)["bumps_by_patient"] = _never
    app()
