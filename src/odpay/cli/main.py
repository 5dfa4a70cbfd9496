"""The `odpay` command: serve, db upgrade, keys create (and the sandbox commands)."""

import os
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError

from odpay import __version__
from odpay.cli.demo import demo_app
from odpay.cli.load import load
from odpay.cli.options import DatabaseUrl, command_group, database_url, open_database
from odpay.cli.prefs import prefs_app
from odpay.cli.serve import log_format_of, run_server, tls_files
from odpay.db.upgrade import upgrade
from odpay.logs import LogFormat
from odpay.services.clock import office_zone
from odpay.services.errors import ServiceError
from odpay.services.keys import PERMISSIONS, create_key
from odpay.settings import ConfigurationError

app = typer.Typer(no_args_is_help=True, add_completion=False, rich_markup_mode=None, help=__doc__)
db_app = command_group("The database schema.")
keys_app = command_group("API key pairs.")
app.add_typer(db_app, name="db")
app.add_typer(keys_app, name="keys")
app.add_typer(demo_app, name="demo")
app.add_typer(prefs_app, name="prefs")
app.command("load")(load)


def _show_version(wanted: bool) -> None:
    if wanted:
        typer.echo(f"odpay {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_show_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """The `odpay` command: serve, db upgrade, keys create (and the sandbox commands)."""


@db_app.command("upgrade")
def db_upgrade(database_url_: DatabaseUrl = None) -> None:
    """Create or migrate the schema; seed the blank practice into a new database."""
    seeded = upgrade(open_database(database_url_))
    typer.echo("Schema is up to date" + ("; blank practice written." if seeded else "."))


@keys_app.command("create")
def keys_create(
    developer_key: Annotated[
        str, typer.Option("--developer-key", help="The DeveloperKey of the pair (as sent).")
    ],
    customer_key: Annotated[
        str, typer.Option("--customer-key", help="The CustomerKey of the pair (as sent).")
    ],
    permissions: Annotated[
        str,
        typer.Option(
            "--permissions",
            help="Comma-separated: ApiReadAll (every GET), ApiPayments (every POST and PUT).",
        ),
    ] = ",".join(PERMISSIONS),
    developer_name: Annotated[
        str,
        typer.Option("--developer-name", help="The name security-log texts show for this key."),
    ] = "odpay",
    database_url_: DatabaseUrl = None,
) -> None:
    """Register a key pair (stored hashed). Re-registering a pair replaces its permissions."""
    chosen = tuple(p.strip() for p in permissions.split(",") if p.strip())
    try:
        create_key(
            open_database(database_url_),
            developer_key,
            customer_key,
            chosen,
            developer_name,
        )
    except ServiceError as exc:
        typer.echo(exc.message, err=True)
        raise typer.Exit(2) from exc
    typer.echo(f"Key pair registered with permissions {','.join(chosen)}.")


@app.command()
def serve(
    database_url_: DatabaseUrl = None,
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="TCP port to listen on.")] = 30223,
    workers: Annotated[
        int, typer.Option("--workers", min=1, help="Server processes (one database for all).")
    ] = 1,
    threads: Annotated[
        int,
        typer.Option(
            "--threads",
            min=0,
            help="Threads per process running requests; 0: the default, 1 (ODPAY_THREADS).",
        ),
    ] = 0,
    ssl_certfile: Annotated[
        Path | None,
        typer.Option("--ssl-certfile", help="Serve HTTPS with this certificate (PEM)."),
    ] = None,
    ssl_keyfile: Annotated[
        Path | None,
        typer.Option("--ssl-keyfile", help="The private key of --ssl-certfile (PEM)."),
    ] = None,
    log_format: Annotated[
        LogFormat | None,
        typer.Option(
            "--log-format",
            case_sensitive=False,
            help="Log lines as text or one JSON object each (ODPAY_LOG_FORMAT; default text).",
        ),
    ] = None,
) -> None:
    """Serve the API over HTTP; print where once it listens."""
    tls = tls_files(ssl_certfile, ssl_keyfile)
    chosen_format = log_format_of(log_format)
    url = database_url(database_url_)
    # Said here in one line, exit 2, rather than by each worker answering 500 to everything:
    # a URL odpay cannot use, a database it cannot reach, an unknown ODPAY_TIMEZONE.
    open_database(url).dispose()
    office_zone()
    # Workers are separate processes: they read their settings from the environment.
    os.environ["ODPAY_DATABASE_URL"] = url
    if threads:
        os.environ["ODPAY_THREADS"] = str(threads)
    run_server(host, port, workers, chosen_format, tls)


def run() -> None:
    """The `odpay` console script: the app, with a configuration error (database URL, driver,
    time zone) said in one line and exit 2."""
    try:
        app()
    except ValidationError as exc:  # an ODPAY_ variable Settings cannot read
        first = exc.errors()[0]
        name = "ODPAY_" + "_".join(str(part) for part in first["loc"]).upper()
        typer.echo(f"odpay: {name}={first.get('input')!r}: {first['msg']}.", err=True)
        raise SystemExit(2) from exc
    except ConfigurationError as exc:
        typer.echo(f"odpay: {exc}", err=True)
        raise SystemExit(2) from exc
