"""odpay_state and odpay_family: the version numbers behind odpay's caches and family lock.

Only what is missing is created, and the one odpay_state row is written when absent, so
upgrading twice changes nothing.

Revision ID: 0003
Revises: 0002
"""

from alembic import op
from sqlalchemy import insert, inspect, select

from odpay.db.state import STATE_ROW, odpay_family, odpay_state

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    conn = op.get_bind()
    existing = set(inspect(conn).get_table_names())
    for table in (odpay_state, odpay_family):
        if table.name not in existing:
            table.create(conn)
    row = conn.execute(select(odpay_state.c.StateNum).where(odpay_state.c.StateNum == STATE_ROW))
    if row.first() is None:
        conn.execute(insert(odpay_state).values(StateNum=STATE_ROW))
