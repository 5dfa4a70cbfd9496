"""Preferences GET: the stored rows, optionally one PrefName (Open Dental's "API Preferences").

A preference odpay reads but the database lacks (schema.md §5.2 defaults) is not listed: the
resource shows rows, as Open Dental's does.
"""

from sqlalchemy import Connection, Engine

from odpay.db.practice.preferences import PreferenceRow
from odpay.db.practice.preferences import list_preferences as preference_rows
from odpay.services.query_params import page_of
from odpay.services.transaction import read_transaction


def list_preferences(engine: Engine, query: dict[str, str]) -> list[PreferenceRow]:
    pref_name = query.get("PrefName") or None
    page = page_of(query.get("Limit"), query.get("Offset"))

    def work(conn: Connection) -> list[PreferenceRow]:
        return preference_rows(conn, pref_name, page.limit, page.offset)

    return read_transaction(engine, work)
