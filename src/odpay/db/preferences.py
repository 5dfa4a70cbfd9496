"""`preference` rows for the Preferences resource."""

from dataclasses import dataclass

from sqlalchemy import Connection, select

from odpay.db.rows import record_of
from odpay.db.schema import preference


@dataclass(frozen=True, slots=True)
class PreferenceRow:
    PrefNum: int
    PrefName: str
    ValueString: str


def list_preferences(
    conn: Connection, pref_name: str | None, limit: int, offset: int
) -> list[PreferenceRow]:
    """Preferences by PrefNum; `pref_name` keeps the one with exactly that name."""
    statement = select(preference).order_by(preference.c.PrefNum)
    if pref_name is not None:
        statement = statement.where(preference.c.PrefName == pref_name)
    rows = conn.execute(statement.limit(limit).offset(offset))
    return [record_of(PreferenceRow, r) for r in rows]


def pref_value(conn: Connection, pref_name: str) -> str | None:
    row = conn.execute(
        select(preference.c.ValueString).where(preference.c.PrefName == pref_name)
    ).first()
    return None if row is None else str(row.ValueString)
