"""A Galera node killed with kill -9 under load (issue 12): the server on a surviving node keeps
answering, clients that retry through it with their Idempotency-Key get exactly one payment
each, and the node rejoins with tables identical to the others'."""

import queue
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from tests.cluster.conftest import ClusterDatabase, GaleraCluster
from tests.cluster.ledger import family_owing, family_payments, ledger_problems
from tests.cluster.servers import Server, odpay_servers

REQUESTS = 48
CLIENTS = 8
KILL_AFTER = 12  # answered requests
TRIES = 10  # per request: the first to its own server, the others to the survivor
TIMEOUT = 120


@dataclass
class _Request:
    body: dict[str, object]
    key: str
    server: int  # 0 or 1: servers[0] is on node 1, servers[1] on node 2 (the one killed)
    answers: list[int | str] = field(default_factory=list)  # status codes or transport errors
    pay_num: int | None = None


def _send_until_created(request: _Request, servers: list[Server], headers: dict[str, str]) -> None:
    """Send the request; while it fails, send it again with the same key through node 1's
    server, as a client behind a load balancer would."""
    target = servers[request.server]
    for _ in range(TRIES):
        try:
            answer = httpx.post(
                target.url("/payments"),
                json=request.body,
                headers={**headers, "Idempotency-Key": request.key},
                timeout=TIMEOUT,
            )
        except httpx.TransportError as exc:
            request.answers.append(type(exc).__name__)
        else:
            request.answers.append(answer.status_code)
            if answer.status_code == 201:
                request.pay_num = answer.json()["PayNum"]
                return
        target = servers[0]
        time.sleep(0.2)


def test_killing_a_node_under_load_loses_no_payment_and_duplicates_none(
    galera_cluster: GaleraCluster, cluster_db: ClusterDatabase, tmp_path: Path
) -> None:
    families = [family_owing(cluster_db.engines[0], 5) for _ in range(4)]
    requests = [
        _Request(
            body={"PayAmt": "12.50", "PatNum": families[i % 4].members[i % 3]},
            key=f"kill-{uuid.uuid4()}",
            server=i % 2,
        )
        for i in range(REQUESTS)
    ]
    todo: queue.Queue[_Request] = queue.Queue()
    for request in requests:
        todo.put(request)
    answered = threading.Semaphore(0)

    try:
        with odpay_servers(list(cluster_db.urls[:2]), tmp_path) as servers:

            def client() -> None:
                while True:
                    try:
                        request = todo.get_nowait()
                    except queue.Empty:
                        return
                    _send_until_created(request, servers, cluster_db.headers)
                    answered.release()

            clients = [threading.Thread(target=client) for _ in range(CLIENTS)]
            for thread in clients:
                thread.start()
            for _ in range(KILL_AFTER):
                answered.acquire()
            galera_cluster.kill(2)
            for thread in clients:
                thread.join()
            galera_cluster.start_node(2)
            # Node 2's server answers again once its node is back.
            after = httpx.post(
                servers[1].url("/payments"),
                json={"PayAmt": "1.00", "PatNum": families[0].members[0]},
                headers=cluster_db.headers,
                timeout=TIMEOUT,
            )
    finally:
        if not galera_cluster.running(2):
            galera_cluster.start_node(2)

    assert after.status_code == 201
    assert [r.answers[-1] for r in requests] == [201] * REQUESTS
    # Node 1's server answered every request sent to it, the first time.
    assert [r.answers for r in requests if r.server == 0] == [[201]] * (REQUESTS // 2)
    # Requests were sent to node 2's server after its node was killed: those failed and were
    # sent again.
    assert any(len(r.answers) > 1 for r in requests if r.server == 1)
    # One payment per Idempotency-Key, and no other.
    node3 = cluster_db.engines[2]
    pay_nums = sorted(p["PayNum"] for f in families for p in family_payments(node3, f))
    assert pay_nums == sorted([r.pay_num or 0 for r in requests] + [after.json()["PayNum"]])
    assert [ledger_problems(node3, f) for f in families] == [[], [], [], []]
    # The rejoined node holds what the others hold.
    checksums = galera_cluster.checksums()
    assert sorted(checksums) == ["node1", "node2", "node3"]
    assert checksums["node2"] == checksums["node1"] == checksums["node3"]
