"""Open Dental's 16 tables, their indexes, and odpay_apikey.

On an existing Open Dental database only what is missing is created; Open Dental's columns
are never dropped or altered, and a missing column that odpay reads or writes stops the
upgrade (schema.md §2 rule 8).

Revision ID: 0001
"""

from alembic import op
from sqlalchemy import inspect

from odpay.db.keys import odpay_apikey
from odpay.db.schema import USED_COLUMNS, metadata

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


class MissingColumn(RuntimeError):
    pass


def upgrade() -> None:
    conn = op.get_bind()
    inspector = inspect(conn)
    existing = set(inspector.get_table_names())
    tables = [*[metadata.tables[name] for name in USED_COLUMNS], odpay_apikey]
    for table in tables:
        if table.name not in existing:
            table.create(conn)
            continue
        columns = {c["name"] for c in inspector.get_columns(table.name)}
        for column in USED_COLUMNS.get(table.name, ()):
            if column not in columns:
                raise MissingColumn(f"Table {table.name} has no column {column}.")
        present = [tuple(ix["column_names"]) for ix in inspector.get_indexes(table.name)]
        present += [tuple(inspector.get_pk_constraint(table.name)["constrained_columns"])]
        for index in table.indexes:
            wanted = tuple(c.name for c in index.columns)
            if not any(have[: len(wanted)] == wanted for have in present):
                index.create(conn)
