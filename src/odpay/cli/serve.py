"""`odpay serve`: listen first, then say where; a port already taken is one clear line.

With one worker (what `make run` starts) the socket is bound here and handed to uvicorn, and
the "serving" line is printed once the application has started on it. With several workers
uvicorn binds in its supervisor; the port is checked here first all the same.
"""

import socket
import sys
from typing import Any

import typer
import uvicorn

from odpay.cli.http_protocol import DeadlineHttpProtocol

APP = "odpay.http.app:create_app"


class _AnnouncingServer(uvicorn.Server):
    """uvicorn's server, which says where it serves once it does."""

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        if self.started and sockets:
            host, port = sockets[0].getsockname()[:2]
            _announce(host, port)


def _announce(host: str, port: int) -> None:
    base = f"http://{f'[{host}]' if ':' in host else host}:{port}"
    print(f"odpay is serving on {base}/api/v1 (docs: {base}/docs)", flush=True)


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


def run_server(host: str, port: int, workers: int) -> None:
    """Serve until interrupted; exit 1 when the port cannot be had or the app cannot start."""
    sock = listening_socket(host, port)
    options: dict[str, Any] = {
        "factory": True,
        "log_level": "info",
        "access_log": False,
        "http": DeadlineHttpProtocol,  # bounded time to read a request (cli/http_protocol.py)
    }
    if workers > 1:
        sock.close()  # the supervisor binds it again for its workers
        uvicorn.run(APP, host=host, port=port, workers=workers, **options)
        return
    server = _AnnouncingServer(uvicorn.Config(APP, host=host, port=port, **options))
    with sock:
        server.run(sockets=[sock])
    if not server.started:
        sys.exit(1)
