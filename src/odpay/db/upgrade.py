"""upgrade(engine): the schema to the newest migration, then the blank practice if new.

The one way the schema is built: `odpay db upgrade`, `make run` and the test fixtures all
call this.
"""

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

from odpay.db.seed import seed_blank_practice
from odpay.db.transactions import write_transaction

MIGRATIONS = Path(__file__).parent / "migrations"


def upgrade(engine: Engine) -> bool:
    """Migrate to head and seed a new database; return whether the seed was written."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with write_transaction(engine) as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
    with write_transaction(engine) as conn:
        return seed_blank_practice(conn)
