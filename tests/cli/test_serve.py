"""`odpay serve` listens first, then says where; a port already taken is one line and exit 1."""

import socket
import subprocess
import sys
from pathlib import Path

import httpx

ODPAY = str(Path(sys.executable).parent / "odpay")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_the_serving_line_comes_once_the_server_answers(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'serve.db'}"
    port = _free_port()
    server = subprocess.Popen(
        [ODPAY, "serve", "--database-url", url, "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert server.stdout is not None
        line = server.stdout.readline()  # blocks until the server says it serves
        assert line == (
            f"odpay is serving on http://127.0.0.1:{port}/api/v1 "
            f"(docs: http://127.0.0.1:{port}/docs)\n"
        )
        assert httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=10).status_code in (200, 503)
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_a_port_already_taken_is_one_line_and_exit_1(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = int(taken.getsockname()[1])
        refused = subprocess.run(
            [
                ODPAY,
                "serve",
                "--database-url",
                f"sqlite:///{tmp_path / 'x.db'}",
                "--port",
                str(port),
            ],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert (refused.returncode, refused.stdout) == (1, "")
    assert (
        refused.stderr
        == f"odpay serve: cannot listen on 127.0.0.1:{port}: Address already in use.\n"
    )
