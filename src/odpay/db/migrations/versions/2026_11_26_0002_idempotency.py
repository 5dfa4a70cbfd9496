"""odpay_idempotency: Idempotency-Keys of POST /payments and POST /payments/Refund.

Like 0001, only what is missing is created (the table, or its unique index), so upgrading
twice, or a database where the table already exists, changes nothing.

Revision ID: 0002
Revises: 0001
"""

from alembic import op
from sqlalchemy import inspect

from odpay.db.idempotency import odpay_idempotency

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    conn = op.get_bind()
    inspector = inspect(conn)
    if odpay_idempotency.name not in inspector.get_table_names():
        odpay_idempotency.create(conn)
        return
    # Without its unique index the table would no longer stop a second payment for one key.
    present = [
        tuple(ix["column_names"])
        for ix in inspector.get_indexes(odpay_idempotency.name)
        if ix["unique"]
    ]
    for index in odpay_idempotency.indexes:
        if tuple(c.name for c in index.columns) not in present:
            index.create(conn)
