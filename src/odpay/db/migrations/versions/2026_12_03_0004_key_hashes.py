"""API keys as salted scrypt hashes: odpay_apikey.KeyHash, odpay_state.KeySalt.

Only what is missing is added, so upgrading twice changes nothing. Rows already registered
keep their SHA-256 digests (the keys themselves are not known here): they are still accepted
and rewritten as scrypt the first time they are (db/keys.py). The unique index on the two
digests goes: every new or rewritten row has empty digests; uniqueness of a pair is kept by
`odpay keys create`, which finds the pair's row by its hash before inserting.

Revision ID: 0004
Revises: 0003
"""

from alembic import op
from sqlalchemy import Column, inspect, update

from odpay.db.keys import new_salt, odpay_apikey
from odpay.db.state import STATE_ROW, odpay_state

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_OLD_UNIQUE = "ux_odpay_apikey_hashes"


def upgrade() -> None:
    conn = op.get_bind()
    inspector = inspect(conn)
    _add_missing(inspector, odpay_state.c.KeySalt)
    _add_missing(inspector, odpay_apikey.c.KeyHash)
    indexes = {ix["name"] for ix in inspector.get_indexes(odpay_apikey.name)}
    if _OLD_UNIQUE in indexes:
        op.drop_index(_OLD_UNIQUE, table_name=odpay_apikey.name)
    for index in odpay_apikey.indexes:
        if index.name not in indexes:
            index.create(conn)
    conn.execute(
        update(odpay_state)
        .where(odpay_state.c.StateNum == STATE_ROW, odpay_state.c.KeySalt == "")
        .values(KeySalt=new_salt())
    )


def _add_missing(inspector: object, column: Column[str]) -> None:
    table = column.table.name
    present = {c["name"] for c in inspector.get_columns(table)}  # type: ignore[attr-defined]
    if column.name not in present:
        op.add_column(table, Column(column.name, column.type, nullable=False, server_default=""))
