"""Slow and vanishing clients against a real `odpay serve`: half a header or half a body is
answered 408 and the connection closed (HEADER_SECONDS, BODY_SECONDS of cli/http_protocol.py);
a client that disconnects mid-request is no error in the log."""

import socket
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from odpay.db.engine import make_engine
from odpay.db.upgrade import upgrade
from odpay.services.keys import create_key
from tests.factories import patient
from tests.ops.serve import odpay_serve

DEV, CUST = "slowClientsDev01", "slowClientsCust1"
TIMEOUT_ANSWER = (
    b"HTTP/1.1 408 Request Timeout\r\ncontent-type: application/json; charset=utf-8\r\n"
    b'content-length: 19\r\nconnection: close\r\n\r\n"Request timed out."'
)
# Far beyond the deadlines (5 s, 10 s): a socket still open then is one the server kept.
GIVE_UP_SECONDS = 40


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path, int]]:
    folder = tmp_path_factory.mktemp("slow")
    url = f"sqlite:///{folder / 'slow.db'}"
    engine = make_engine(url)
    upgrade(engine)
    create_key(engine, DEV, CUST)
    pat_num = patient(engine)
    engine.dispose()
    log = folder / "server.log"
    with odpay_serve(url, log) as (base, _process):
        yield base, log, pat_num


def _everything_until_closed(port: int, sent: bytes) -> bytes:
    """Send `sent`, then read until the server closes; socket.timeout if it never does."""
    with socket.create_connection(("127.0.0.1", port), timeout=GIVE_UP_SECONDS) as sock:
        sock.sendall(sent)
        received = b""
        while chunk := sock.recv(4096):
            received += chunk
        return received


def _post_head(length: int) -> bytes:
    return (
        "POST /api/v1/payments HTTP/1.1\r\nHost: odpay\r\n"
        f"Authorization: ODFHIR {DEV}/{CUST}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {length}\r\n\r\n"
    ).encode()


def test_half_a_header_half_a_body_or_nothing_is_closed(server: tuple[str, Path, int]) -> None:
    base, log, _ = server
    port = int(base.rsplit(":", 1)[1])
    cases = {
        "half a header": b"GET /api/v1/payments?PatNum=1 HTTP/1.1\r\nHost: odpay\r\nAuthori",
        "half a body": _post_head(40) + b'{"PatNum": 1, ',
        "nothing": b"",
    }
    with ThreadPoolExecutor(len(cases)) as pool:  # the three wait side by side
        answers = dict(
            zip(
                cases,
                pool.map(lambda sent: _everything_until_closed(port, sent), cases.values()),
                strict=True,
            )
        )
    assert answers == {
        "half a header": TIMEOUT_ANSWER,
        "half a body": TIMEOUT_ANSWER,
        "nothing": b"",
    }
    assert httpx.get(f"{base}/healthz", timeout=10).status_code == 200
    said = log.read_text()
    assert "closed a connection: request headers not received within 5 s" in said
    assert "closed a connection: request body not received within 10 s" in said
    assert "internal error" not in said
    assert "Traceback" not in said


def test_a_client_that_disconnects_mid_body_is_not_an_error(
    server: tuple[str, Path, int],
) -> None:
    base, log, pat_num = server
    port = int(base.rsplit(":", 1)[1])
    before = log.read_text()
    with socket.create_connection(("127.0.0.1", port), timeout=GIVE_UP_SECONDS) as sock:
        sock.sendall(_post_head(40) + b'{"PatNum": 1, ')
    # the server notices the disconnect at once; a request after it is served normally
    headers = {"Authorization": f"ODFHIR {DEV}/{CUST}"}
    assert (
        httpx.get(
            f"{base}/api/v1/payments?PatNum={pat_num}", headers=headers, timeout=10
        ).status_code
        == 200
    )
    said = log.read_text()[len(before) :]
    assert "internal error" not in said
    assert "ClientDisconnect" not in said
    assert "Traceback" not in said
