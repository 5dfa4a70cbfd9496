"""`odpay serve`: listen first, then say where; a port already taken is one clear line.

With one worker (what `make run` starts) the socket is bound here and handed to uvicorn, and
the "serving" line is printed once the application has started on it. With several workers
uvicorn binds in its supervisor; the port is checked here first all the same. Logs go to
stderr in odpay's format (odpay.logs), with odpay's access log instead of uvicorn's.
"""

import ipaddress
import os
import shutil
import socket
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import typer
import uvicorn

from odpay.cli.http_protocol import DeadlineHttpProtocol
from odpay.logs import LogFormat, log_config
from odpay.settings import ConfigurationError, Settings

APP = "odpay.http.app:create_app"


class _AnnouncingServer(uvicorn.Server):
    """uvicorn's server, which says where it serves once it does."""

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        if self.started and sockets:
            host, port = sockets[0].getsockname()[:2]
            _announce(host, port, "https" if self.config.is_ssl else "http")


def _announce(host: str, port: int, scheme: str) -> None:
    base = f"{scheme}://{f'[{host}]' if ':' in host else host}:{port}"
    print(f"odpay is serving on {base}/api/v1 (docs: {base}/docs)", flush=True)


def tls_files(certfile: Path | None, keyfile: Path | None) -> dict[str, str]:
    """uvicorn's ssl options, or exit 2 with one line when only one file is given or a file
    cannot be read."""
    if certfile is None and keyfile is None:
        return {}
    if certfile is None or keyfile is None:
        typer.echo("odpay serve: --ssl-certfile and --ssl-keyfile go together.", err=True)
        raise typer.Exit(2)
    for option, path in (("--ssl-certfile", certfile), ("--ssl-keyfile", keyfile)):
        if not path.is_file():
            typer.echo(f"odpay serve: {option} {path}: no such file.", err=True)
            raise typer.Exit(2)
    return {"ssl_certfile": str(certfile), "ssl_keyfile": str(keyfile)}


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a name other than localhost: it may resolve to anything


def listening_socket(host: str, port: int) -> socket.socket:
    """A socket bound to (host, port), or exit 1 with one line saying why it cannot be."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        reason = exc.strerror or str(exc)
        typer.echo(f"odpay serve: cannot listen on {host}:{port}: {reason}.", err=True)
        raise typer.Exit(1) from exc
    sock.set_inheritable(True)
    return sock


def log_format_of(given: LogFormat | None) -> LogFormat:
    """--log-format, else ODPAY_LOG_FORMAT, else text; ConfigurationError (one line, exit 2)
    for a format odpay lacks."""
    if given is not None:
        return given
    configured = Settings().log_format  # an unreadable ODPAY_ variable is cli.main.run's to say
    try:
        return LogFormat(configured.lower())
    except ValueError:
        raise ConfigurationError(f"ODPAY_LOG_FORMAT={configured!r}: use text or json.") from None


def run_server(
    host: str,
    port: int,
    workers: int,
    log_format: LogFormat = LogFormat.text,
    tls: dict[str, str] | None = None,
) -> None:
    """Serve until interrupted; exit 1 when the port cannot be had or the app cannot start.
    `tls`: uvicorn's ssl_certfile and ssl_keyfile, to serve HTTPS."""
    sock = listening_socket(host, port)
    options: dict[str, Any] = {
        "factory": True,
        "log_level": "info",
        "access_log": False,  # odpay writes its own (http/access_log.py)
        "log_config": log_config(log_format),
        "http": DeadlineHttpProtocol,  # bounded time to read a request (cli/http_protocol.py)
        **(tls or {}),
    }
    if not tls and not is_loopback(host):
        # The key pair of every request would cross the network in clear (docs/deployment.md).
        typer.echo(
            f"WARNING:  odpay serve: listening on {host} without TLS: API keys and payments "
            "cross the network in clear; give --ssl-certfile and --ssl-keyfile, or serve "
            "behind a TLS proxy (docs/deployment.md).",
            err=True,
        )
    if workers > 1:
        sock.close()  # the supervisor binds it again for its workers
        with _metrics_directory():
            uvicorn.run(APP, host=host, port=port, workers=workers, **options)
        return
    server = _AnnouncingServer(uvicorn.Config(APP, host=host, port=port, **options))
    with sock:
        server.run(sockets=[sock])
    if not server.started:
        sys.exit(1)


@contextmanager
def _metrics_directory() -> Iterator[None]:
    """A new, empty PROMETHEUS_MULTIPROC_DIR for the workers' metric files, removed when the
    server stops: each worker writes its values there, and GET /metrics in any worker adds
    them all up (services/metrics.py). Set before the workers start, which read it at import."""
    directory = tempfile.mkdtemp(prefix="odpay-metrics-")
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = directory
    try:
        yield
    finally:
        del os.environ["PROMETHEUS_MULTIPROC_DIR"]
        shutil.rmtree(directory, ignore_errors=True)
