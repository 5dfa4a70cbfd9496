"""The `preference` table as name -> text: read every row, write one (insert or update)."""

from sqlalchemy import Connection, insert, select, update

from odpay.db.schema import preference
from odpay.db.state import practice_changed


def stored_preferences(conn: Connection) -> dict[str, str]:
    rows = conn.execute(
        select(preference.c.PrefName, preference.c.ValueString).order_by(preference.c.PrefName)
    )
    return {r.PrefName: r.ValueString for r in rows}


def save_preference(conn: Connection, name: str, value: str) -> None:
    """Set `name` to `value`, adding the row when the database has none (schema.md §5.2)."""
    found = conn.execute(select(preference.c.PrefNum).where(preference.c.PrefName == name)).first()
    if found is None:
        conn.execute(insert(preference).values(PrefName=name, ValueString=value, Comments=""))
    else:
        conn.execute(
            update(preference).where(preference.c.PrefName == name).values(ValueString=value)
        )
    practice_changed(conn)
