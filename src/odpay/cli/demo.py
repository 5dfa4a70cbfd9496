"""`odpay demo load`: a demo practice to try the API on (logic: demo/practice.py)."""

import time
from typing import Annotated

import typer

from odpay.cli.options import DatabaseUrl, command_group, open_database
from odpay.db.upgrade import upgrade
from odpay.demo.practice import load_demo
from odpay.services.clock import office_now

demo_app = command_group("The demo practice.")


@demo_app.command("load")
def demo_load(
    database_url_: DatabaseUrl = None,
    families: Annotated[int, typer.Option("--families", min=1, help="How many families.")] = 25,
    seed: Annotated[int, typer.Option("--seed", help="The same seed gives the same practice.")] = 1,
    clinics: Annotated[
        bool,
        typer.Option("--clinics", help="Two clinics, and clinics turned on (EasyNoClinics 0)."),
    ] = False,
) -> None:
    """Add demo families: patients, procedures, insurance, adjustments, plans, payments."""
    engine = open_database(database_url_)
    started = time.perf_counter()
    try:
        upgrade(engine)  # the schema (and the blank practice of a new database) first
        with typer.progressbar(length=families, label="Loading families") as bar:
            report = load_demo(
                engine, families, seed, office_now(), clinics=clinics, progress=bar.update
            )
    finally:
        engine.dispose()
    seconds = time.perf_counter() - started
    counts = ", ".join(f"{count} {table}" for table, count in report.rows.items())
    typer.echo(f"Loaded {report.families} families in {seconds:.1f} s: {counts}.")
