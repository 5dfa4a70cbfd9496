"""`odpay serve --workers 2` killed with kill -9 (every process of it) in the middle of a
bounded load, then started again: every payment it acknowledged is in the database, every
payment's splits add up to its PayAmt, and the clients' retries with the same
Idempotency-Key create no second payment. On SQLite and MariaDB."""

import os
import signal
import subprocess
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine, select

from odpay.db.schema import payment
from odpay.services.keys import create_key
from tests.cluster.ledger import family_owing, family_payments, ledger_problems
from tests.conftest import backend_url, create_test_database
from tests.ops.serve import ODPAY, free_port, wait_until_ready

DEV, CUST = "crashTestDevKey1", "crashTestCustKey"
HEADERS = {"Authorization": f"ODFHIR {DEV}/{CUST}", "Content-Type": "application/json"}
FAMILIES = 6
REQUESTS = 90
CLIENTS = 6
KILL_AFTER = 30  # acknowledged payments


@dataclass
class _Request:
    body: bytes
    key: str
    answers: list[int | str] = field(default_factory=list)  # status codes or transport errors
    pay_num: int | None = None  # once acknowledged (201)


@pytest.fixture(params=["sqlite", "mariadb"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    engine, drop = create_test_database(request.param, tmp_path)
    yield engine
    drop()  # type: ignore[operator]


class _Server:
    """`odpay serve --workers 2` in a process group of its own, so that kill -9 reaches the
    supervisor and both workers at once."""

    def __init__(self, url: str, log: Path) -> None:
        self.base = f"http://127.0.0.1:{free_port()}"
        with log.open("ab") as out:
            self.process = subprocess.Popen(
                [
                    ODPAY,
                    "serve",
                    "--database-url",
                    url,
                    "--workers",
                    "2",
                    "--port",
                    self.base.rsplit(":", 1)[1],
                ],
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        wait_until_ready(self.process, self.base, log)

    def kill_9(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill_9()


def _post(base: str, request: _Request) -> None:
    try:
        answer = httpx.post(
            f"{base}/api/v1/payments",
            content=request.body,
            headers={**HEADERS, "Idempotency-Key": request.key},
            timeout=30,
        )
    except httpx.TransportError as exc:
        request.answers.append(type(exc).__name__)
        return
    request.answers.append(answer.status_code)
    if answer.status_code == 201:
        request.pay_num = answer.json()["PayNum"]


class _Load:
    """CLIENTS threads POST the requests in turn until they run out or the server is gone;
    `acknowledged` is released at each 201."""

    def __init__(self, base: str, requests: list[_Request]) -> None:
        self.base = base
        self.acknowledged = threading.Semaphore(0)
        self.killed = threading.Event()
        self._todo = iter(requests)
        self._lock = threading.Lock()
        self.threads = [threading.Thread(target=self._client) for _ in range(CLIENTS)]
        for thread in self.threads:
            thread.start()

    def _client(self) -> None:
        while not self.killed.is_set():
            with self._lock:
                request = next(self._todo, None)
            if request is None:
                return
            _post(self.base, request)
            if request.pay_num is not None:
                self.acknowledged.release()
            elif isinstance(request.answers[-1], str):
                return  # the server is gone

    def join(self) -> None:
        self.killed.set()
        for thread in self.threads:
            thread.join(timeout=60)


def test_kill_9_under_load_loses_no_acknowledged_payment_and_duplicates_none(
    database: Engine, tmp_path: Path
) -> None:
    create_key(database, DEV, CUST)
    families = [family_owing(database, 4, "50.00") for _ in range(FAMILIES)]
    requests = [
        _Request(
            body=(
                f'{{"PayAmt": "{Decimal("7.25") + i % 5}", '
                f'"PatNum": {families[i % FAMILIES].members[i % 3]}}}'
            ).encode(),
            key=f"crash-{uuid.uuid4()}",
        )
        for i in range(REQUESTS)
    ]
    url, log = backend_url(database), tmp_path / "server.log"

    server = _Server(url, log)
    try:
        load = _Load(server.base, requests)
        for _ in range(KILL_AFTER):
            assert load.acknowledged.acquire(timeout=60), log.read_text()
        server.kill_9()
        load.join()
    finally:
        server.stop()
    before_restart = {r.key: r.pay_num for r in requests if r.pay_num is not None}
    assert len(before_restart) >= KILL_AFTER
    unanswered = [r for r in requests if r.pay_num is None]
    assert unanswered, "the load ended before the kill: nothing was in flight"
    print(
        f"kill -9 after {len(before_restart)} acknowledged; cut off in flight: "
        f"{sum(1 for r in unanswered if r.answers)}; never sent: "
        f"{sum(1 for r in unanswered if not r.answers)}"
    )

    restarted = _Server(url, log)
    try:
        # Every client retries what it has no answer for, with the same key; and a few that
        # were acknowledged, as a client that lost the answer would.
        retried = unanswered + [r for r in requests if r.pay_num is not None][:10]
        for request in retried:
            _post(restarted.base, request)
    finally:
        restarted.stop()

    assert [r.answers[-1] for r in requests] == [201] * REQUESTS
    # An acknowledged payment keeps its PayNum when its request is sent again.
    assert before_restart == {r.key: r.pay_num for r in requests if r.key in before_restart}
    # Every acknowledged payment is in the database, once per Idempotency-Key, and no other.
    in_database = sorted(p["PayNum"] for f in families for p in family_payments(database, f))
    assert in_database == sorted(r.pay_num or 0 for r in requests)
    with database.connect() as conn:
        amounts = dict(conn.execute(select(payment.c.PayNum, payment.c.PayAmt)).all())
    for request in requests:
        sent = Decimal(request.body.decode().split('"PayAmt": "')[1].split('"')[0])
        assert Decimal(str(amounts[request.pay_num])).quantize(Decimal("0.01")) == sent
    # Every payment's splits add up to its PayAmt; no procedure is paid beyond its fee.
    assert [ledger_problems(database, f) for f in families] == [[]] * FAMILIES
