"""Alembic environment: always run from odpay.db.upgrade with a live connection."""

from alembic import context

from odpay.db.schema import metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    version_table="odpay_schema_version",
)
with context.begin_transaction():
    context.run_migrations()
