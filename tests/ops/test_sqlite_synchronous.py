"""SQLite commits durably by default (synchronous=FULL); ODPAY_SQLITE_SYNCHRONOUS=NORMAL
chooses speed instead."""

from pathlib import Path

import pytest
from sqlalchemy import text

from odpay.db.engine import make_engine

# PRAGMA synchronous answers a number: 1 NORMAL, 2 FULL.
NORMAL, FULL = 1, 2


def _synchronous(path: Path) -> int:
    engine = make_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as conn:
            return int(conn.execute(text("PRAGMA synchronous")).scalar_one())
    finally:
        engine.dispose()


def test_full_by_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ODPAY_SQLITE_SYNCHRONOUS", raising=False)
    assert _synchronous(tmp_path / "d.db") == FULL


@pytest.mark.parametrize(
    ("chosen", "expected"), [("NORMAL", NORMAL), ("normal", NORMAL), ("FULL", FULL)]
)
def test_chosen_by_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chosen: str, expected: int
) -> None:
    monkeypatch.setenv("ODPAY_SQLITE_SYNCHRONOUS", chosen)
    assert _synchronous(tmp_path / "c.db") == expected
