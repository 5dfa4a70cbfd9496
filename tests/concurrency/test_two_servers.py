"""Two `odpay serve` processes on one database, POSTs for one family sent to both at once:
the family lock holds across processes (allocation.md §11)."""

import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

import httpx
from sqlalchemy import Engine

from odpay.services.keys import create_key
from tests.concurrency.busy_family import assert_serial_outcome, at_once, busy_family, requests_for
from tests.conftest import backend_url

REQUESTS = 24
START_SECONDS = 60
STOP_SECONDS = 10


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def _servers(url: str, logs: list[Path]) -> Iterator[list[str]]:
    """One `odpay serve` per log file, each on a free loopback port, started together; their
    base URLs once each /healthz answers. Stopped (terminated, then killed if one lingers)
    when the block ends."""
    odpay = Path(sys.executable).with_name("odpay")
    started: list[tuple[subprocess.Popen[bytes], str, Path]] = []
    try:
        for log in logs:
            port = _free_port()
            with log.open("wb") as out:
                process = subprocess.Popen(
                    [
                        str(odpay),
                        "serve",
                        "--database-url",
                        url,
                        "--host",
                        "127.0.0.1",
                        "--port",
                        str(port),
                    ],
                    stdout=out,
                    stderr=subprocess.STDOUT,
                )
            started.append((process, f"http://127.0.0.1:{port}", log))
        for process, base, log in started:
            _wait_until_ready(process, base, log)
        yield [base for _, base, _ in started]
    finally:
        for process, _, _ in started:
            process.terminate()
        for process, _, _ in started:
            try:
                process.wait(timeout=STOP_SECONDS)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=STOP_SECONDS)


def _wait_until_ready(process: subprocess.Popen[bytes], base: str, log: Path) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"odpay serve exited: {log.read_text(errors='replace')}")
        try:
            if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"odpay serve did not answer within {START_SECONDS}s")


def test_posts_through_two_server_processes_never_pay_a_charge_twice(
    db: Engine, tmp_path: Path
) -> None:
    family = busy_family(db)
    bodies = requests_for(family, REQUESTS)
    developer, customer = f"dev{uuid.uuid4().hex}", f"cust{uuid.uuid4().hex}"
    create_key(db, developer, customer)
    headers = {"Authorization": f"ODFHIR {developer}/{customer}"}
    url = backend_url(db)

    with _servers(url, [tmp_path / "server1.log", tmp_path / "server2.log"]) as bases:
        responses = at_once(
            [
                partial(
                    httpx.post,
                    f"{bases[i % 2]}/api/v1/payments",
                    json=body,
                    headers=headers,
                    timeout=60,
                )
                for i, body in enumerate(bodies)
            ]
        )

    assert [getattr(r, "status_code", r) for r in responses] == [201] * REQUESTS
    assert sorted(r.json()["PayAmt"] for r in responses) == sorted(
        b["PayAmt"].rstrip("0").rstrip(".") for b in bodies
    )
    assert_serial_outcome(db, family, [b["PayAmt"] for b in bodies])
