"""The command's own help: one version, help text on every option, plain-text help."""

import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import click
import typer.main
from sqlalchemy import create_engine

from odpay.cli.main import app
from odpay.http.app import create_app

ODPAY = str(Path(sys.executable).parent / "odpay")


def _commands(command: click.Command, path: str = "odpay") -> list[tuple[str, click.Command]]:
    found = [(path, command)]
    if isinstance(command, click.Group):
        for name, sub in command.commands.items():
            found += _commands(sub, f"{path} {name}")
    return found


def test_version_is_the_installed_package_version() -> None:
    shown = subprocess.run([ODPAY, "--version"], capture_output=True, text=True, timeout=60)
    assert (shown.returncode, shown.stdout) == (0, f"odpay {version('odpay')}\n")


def test_the_api_documents_the_same_version() -> None:
    assert create_app(create_engine("sqlite://")).version == version("odpay")


def test_every_option_of_every_command_has_help() -> None:
    missing = [
        f"{path} {param.opts[0]}"
        for path, command in _commands(typer.main.get_command(app))
        for param in command.params
        if isinstance(param, click.Option) and not param.help
    ]
    assert missing == []


def test_load_help_shows_its_brackets() -> None:
    shown = subprocess.run([ODPAY, "load", "--help"], capture_output=True, text=True, timeout=60)
    assert "JSON {table: [rows]} or a mysqldump of Open Dental tables." in shown.stdout
