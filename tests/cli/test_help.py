"""The command's own help: one version, help text on every option, plain-text help."""

import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import typer.main
from sqlalchemy import create_engine
from typer.core import TyperCommand, TyperGroup, TyperOption

from odpay.cli.main import app
from odpay.http.app import create_app

ODPAY = str(Path(sys.executable).parent / "odpay")


def _options(command: object, path: str = "odpay") -> list[tuple[str, TyperOption]]:
    """Every option of the command and of its subcommands, with the command's path. (typer
    carries its own click: these are typer's classes, not the click package's.)"""
    found: list[tuple[str, TyperOption]] = []
    if isinstance(command, TyperCommand | TyperGroup):
        found += [(path, p) for p in command.params if isinstance(p, TyperOption)]
    if isinstance(command, TyperGroup):
        for name, sub in command.commands.items():
            found += _options(sub, f"{path} {name}")
    return found


def test_version_is_the_installed_package_version() -> None:
    shown = subprocess.run([ODPAY, "--version"], capture_output=True, text=True, timeout=60)
    assert (shown.returncode, shown.stdout) == (0, f"odpay {version('odpay')}\n")


def test_the_api_documents_the_same_version() -> None:
    assert create_app(create_engine("sqlite://")).version == version("odpay")


def test_every_option_of_every_command_has_help() -> None:
    options = _options(typer.main.get_command(app))
    assert len({path for path, _option in options}) >= 8  # every command was reached
    assert [f"{path} {option.opts[0]}" for path, option in options if not option.help] == []


def test_load_help_shows_its_brackets() -> None:
    shown = subprocess.run([ODPAY, "load", "--help"], capture_output=True, text=True, timeout=60)
    assert "JSON {table: [rows]} or a mysqldump of Open Dental tables." in shown.stdout
