"""`odpay load FILE`: real rows from a JSON file or a mysqldump (logic: loading/load.py)."""

from pathlib import Path
from typing import Annotated

import typer

from odpay.cli.options import DatabaseUrl, open_database
from odpay.loading.load import LoadError, NotLoadable, file_kind, load_file
from odpay.services.clock import office_now


def load(
    file: Annotated[
        Path,
        typer.Argument(
            help="JSON {table: [rows]} or a mysqldump of Open Dental tables.",
            metavar="FILE",
            exists=True,
            dir_okay=False,
        ),
    ],
    database_url_: DatabaseUrl = None,
) -> None:
    """Load Open Dental rows in one transaction: all of them, or none when anything is wrong.

    A dump is read as it is loaded, so it may be larger than memory; progress goes to stderr.
    """
    engine = open_database(database_url_)
    try:
        file_kind(file)  # refused before any progress is shown
        with typer.progressbar(
            length=file.stat().st_size,
            label=f"Reading {file.name}",
            file=typer.get_text_stream("stderr"),
        ) as bar:
            report = load_file(engine, file, office_now(), progress=bar.update)
    except NotLoadable as exc:
        typer.echo(f"odpay load: {exc} Nothing was loaded.", err=True)
        raise typer.Exit(2) from exc
    except LoadError as exc:
        typer.echo(f"Nothing was loaded. {exc}", err=True)
        raise typer.Exit(1) from exc
    finally:
        engine.dispose()
    for table, count in report.loaded.items():
        typer.echo(f"{table}: {count} rows loaded")
    for table, count in report.skipped.items():
        typer.echo(f"{table}: {count} rows skipped (odpay does not hold this table)")
