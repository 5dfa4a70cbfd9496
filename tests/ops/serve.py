"""A real `odpay serve` subprocess for the operational tests, with its log in a file."""

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from odpay.db.engine import make_engine
from odpay.db.upgrade import upgrade

ODPAY = str(Path(sys.executable).with_name("odpay"))
START_SECONDS = 60


def upgraded_sqlite(path: Path) -> str:
    """The URL of a new SQLite database at `path`, upgraded (its /healthz answers 200)."""
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    return url


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def odpay_serve(
    url: str, log: Path, *extra: str, scheme: str = "http", port: int | None = None
) -> Iterator[tuple[str, "subprocess.Popen[bytes]"]]:
    """`odpay serve` on `url` and a free loopback port; its base URL once /healthz answers.
    Terminated (killed if it lingers) when the block ends."""
    port = port or free_port()
    with log.open("wb") as out:
        process = subprocess.Popen(
            [ODPAY, "serve", "--database-url", url, "--port", str(port), *extra],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"{scheme}://127.0.0.1:{port}"
    try:
        wait_until_ready(process, base, log)
        yield base, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_until_ready(process: "subprocess.Popen[bytes]", base: str, log: Path) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"odpay serve exited {process.returncode}:\n{log.read_text()}")
        try:
            if httpx.get(f"{base}/healthz", timeout=2, verify=False).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"odpay serve did not answer within {START_SECONDS} s:\n{log.read_text()}")
