"""The `odpay` command: serve, db upgrade, keys create (and the sandbox commands)."""

import os
from typing import Annotated

import typer
import uvicorn

from odpay.cli.demo import demo_app
from odpay.cli.load import load
from odpay.cli.prefs import prefs_app
from odpay.db.engine import make_engine
from odpay.db.upgrade import upgrade
from odpay.services.errors import ServiceError
from odpay.services.keys import PERMISSIONS, create_key
from odpay.settings import Settings

app = typer.Typer(no_args_is_help=True, add_completion=False, help=__doc__)
db_app = typer.Typer(no_args_is_help=True, help="The database schema.")
keys_app = typer.Typer(no_args_is_help=True, help="API key pairs.")
app.add_typer(db_app, name="db")
app.add_typer(keys_app, name="keys")
app.add_typer(demo_app, name="demo")
app.add_typer(prefs_app, name="prefs")
app.command("load")(load)

DatabaseUrl = Annotated[
    str | None,
    typer.Option(
        "--database-url", help="SQLAlchemy URL; default ODPAY_DATABASE_URL or sqlite:///odpay.db."
    ),
]


def database_url(given: str | None) -> str:
    return given or Settings().database_url


@db_app.command("upgrade")
def db_upgrade(database_url_: DatabaseUrl = None) -> None:
    """Create or migrate the schema; seed the blank practice into a new database."""
    url = database_url(database_url_)
    seeded = upgrade(make_engine(url))
    typer.echo("Schema is up to date" + ("; blank practice written." if seeded else "."))


@keys_app.command("create")
def keys_create(
    developer_key: Annotated[str, typer.Option("--developer-key")],
    customer_key: Annotated[str, typer.Option("--customer-key")],
    permissions: Annotated[str, typer.Option("--permissions")] = ",".join(PERMISSIONS),
    developer_name: Annotated[str, typer.Option("--developer-name")] = "odpay",
    database_url_: DatabaseUrl = None,
) -> None:
    """Register a key pair (stored hashed). Re-registering a pair replaces its permissions."""
    chosen = tuple(p.strip() for p in permissions.split(",") if p.strip())
    try:
        create_key(
            make_engine(database_url(database_url_)),
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
    host: Annotated[str, typer.Option("--host")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port")] = 30223,
    workers: Annotated[int, typer.Option("--workers", min=1)] = 1,
) -> None:
    """Serve the API over HTTP."""
    # Workers are separate processes: they read the URL from the environment.
    os.environ["ODPAY_DATABASE_URL"] = database_url(database_url_)
    uvicorn.run(
        "odpay.http.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
        access_log=False,
    )
