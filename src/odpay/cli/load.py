"""`odpay load FILE`: real rows from a JSON file or a mysqldump (logic: db/load.py)."""

from pathlib import Path
from typing import Annotated

import typer

from odpay.cli.options import DatabaseUrl, database_url
from odpay.db.engine import make_engine
from odpay.db.load import LoadError, load_file
from odpay.services.clock import office_now


def load(
    file: Annotated[
        Path, typer.Argument(help="JSON {table: [rows]} or a mysqldump of Open Dental tables.")
    ],
    database_url_: DatabaseUrl = None,
) -> None:
    """Load Open Dental rows in one transaction: all of them, or none when anything is wrong."""
    engine = make_engine(database_url(database_url_))
    try:
        report = load_file(engine, file, office_now())
    except LoadError as exc:
        typer.echo(f"Nothing was loaded. {exc}", err=True)
        raise typer.Exit(1) from exc
    finally:
        engine.dispose()
    for table, count in report.loaded.items():
        typer.echo(f"{table}: {count} rows loaded")
    for table, count in report.skipped.items():
        typer.echo(f"{table}: {count} rows skipped (odpay does not hold this table)")
