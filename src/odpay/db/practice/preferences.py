"""`preference` rows for the Preferences resource."""

from dataclasses import dataclass

from sqlalchemy import Connection, func, select

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
    """Preferences by PrefNum; `pref_name` keeps the one of that name, in any letter case
    (as on Open Dental's MariaDB, whose collation ignores case, so every engine agrees)."""
    statement = select(preference).order_by(preference.c.PrefNum)
    if pref_name is not None:
        statement = statement.where(func.lower(preference.c.PrefName) == pref_name.lower())
    rows = conn.execute(statement.limit(limit).offset(offset))
    return [record_of(PreferenceRow, r) for r in rows]


def pref_value(conn: Connection, pref_name: str) -> str | None:
    row = conn.execute(
        select(preference.c.ValueString).where(preference.c.PrefName == pref_name)
    ).first()
    return None if row is None else str(row.ValueString)
