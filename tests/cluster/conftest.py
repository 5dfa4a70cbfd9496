"""Fixtures for tests on a three-node MariaDB Galera cluster on this machine.

They run only when ODPAY_TEST_GALERA=1; otherwise every test in tests/cluster is skipped.
The cluster is `scripts/galera-cluster` (clients on 127.0.0.1:3311-3313, root without a
password, data in $ODPAY_GALERA_DIR or /tmp/odpay-galera). When all three nodes are already
Synced the session uses them and leaves them running; otherwise it starts the cluster and
stops it at the end. Each run gets a fresh database, created on node 1 and replicated to all;
`cluster_db` builds odpay's schema in it with `odpay db upgrade`'s code and registers a key.
"""

import os
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, text

from odpay.db.engine import make_engine
from odpay.db.upgrade import upgrade
from odpay.services.keys import Key, authorize, create_key

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "galera-cluster"
_BASE = int(os.environ.get("ODPAY_GALERA_CLIENT_BASE", "3310"))  # as the script reads it
PORTS = (_BASE + 1, _BASE + 2, _BASE + 3)
DATABASE = "odpay_cluster_test"
START_TIMEOUT = 600  # seconds; a first start may install packages


def galera_script(*args: str, timeout: float = START_TIMEOUT) -> subprocess.CompletedProcess[str]:
    """Run scripts/galera-cluster with `args`; fail the test with its output when it fails."""
    try:
        done = subprocess.run(
            [str(SCRIPT), *args], capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"galera-cluster {' '.join(args)} took more than {timeout}s: {exc.stderr!r}")
    if done.returncode != 0:
        pytest.fail(
            f"galera-cluster {' '.join(args)} exited {done.returncode}:\n{done.stdout}{done.stderr}"
        )
    return done


@dataclass(frozen=True)
class GaleraCluster:
    """The running cluster: `urls[i]` reaches node i + 1's test database."""

    urls: tuple[str, str, str]
    database: str

    def engine(self, node: int, **kwargs: Any) -> Engine:
        """An engine on node 1, 2 or 3; the caller disposes of it."""
        return create_engine(self.urls[node - 1], **kwargs)

    def kill(self, node: int) -> None:
        """kill -9 the node's mariadbd."""
        galera_script("kill", str(node))

    def start_node(self, node: int) -> None:
        """Start a stopped or killed node; returns once it has rejoined and is Synced."""
        galera_script("start-node", str(node))

    def running(self, node: int) -> bool:
        done = subprocess.run(
            [str(SCRIPT), "status"], capture_output=True, text=True, timeout=60, check=False
        )
        return any(
            line.startswith(f"node{node} ") and " pid " in line for line in done.stdout.splitlines()
        )

    def checksums(self) -> dict[str, dict[str, str]]:
        """CHECKSUM TABLE of the test database, per running node: {node: {table: sum}}."""
        done = subprocess.run(
            [str(SCRIPT), "checksum", self.database],
            capture_output=True,
            text=True,
            timeout=START_TIMEOUT,
            check=False,
        )
        result: dict[str, dict[str, str]] = {}
        for line in done.stdout.splitlines():
            node, table, checksum = line.split("\t")
            result.setdefault(node, {})[table] = checksum
        return result


@pytest.fixture(scope="session")
def galera_cluster() -> Iterator[GaleraCluster]:
    if os.environ.get("ODPAY_TEST_GALERA") != "1":
        pytest.skip("ODPAY_TEST_GALERA is not 1 (needs root and scripts/galera-cluster)")
    already_running = (
        subprocess.run([str(SCRIPT), "status"], capture_output=True, timeout=60).returncode == 0
    )
    admin = create_engine(
        f"mysql+pymysql://root@127.0.0.1:{PORTS[0]}/", isolation_level="AUTOCOMMIT"
    )
    try:
        if not already_running:
            galera_script("start")
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {DATABASE}"))
            conn.execute(text(f"CREATE DATABASE {DATABASE}"))
        n1, n2, n3 = (f"mysql+pymysql://root@127.0.0.1:{port}/{DATABASE}" for port in PORTS)
        yield GaleraCluster(urls=(n1, n2, n3), database=DATABASE)
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {DATABASE}"))
    finally:
        admin.dispose()
        if not already_running:
            galera_script("stop")


@pytest.fixture(scope="session")
def galera_urls(galera_cluster: GaleraCluster) -> tuple[str, str, str]:
    """The three nodes' URLs, `mysql+pymysql://root@127.0.0.1:331N/odpay_cluster_test`."""
    return galera_cluster.urls


@pytest.fixture(autouse=True)
def _needs_galera(galera_cluster: GaleraCluster) -> None:
    """Every test here needs the cluster, so every test skips without ODPAY_TEST_GALERA=1."""


DEVELOPER_KEY = "ClusterDeveloperKey1"
CUSTOMER_KEY = "ClusterCustomerKey1"


@dataclass(frozen=True)
class ClusterDatabase:
    """odpay's schema on the cluster: `engines[i]` is odpay's own engine (make_engine) on node
    i + 1, `urls[i]` its URL for `odpay serve`, `headers` authorise the registered key pair
    and `key` is that pair as the services take it."""

    urls: tuple[str, str, str]
    engines: tuple[Engine, Engine, Engine]
    headers: dict[str, str]
    key: Key


@pytest.fixture(scope="session")
def cluster_db(galera_cluster: GaleraCluster) -> Iterator[ClusterDatabase]:
    node1, node2, node3 = (make_engine(url) for url in galera_cluster.urls)
    engines = (node1, node2, node3)
    try:
        upgrade(engines[0])
        create_key(engines[0], DEVELOPER_KEY, CUSTOMER_KEY)
        header = f"ODFHIR {DEVELOPER_KEY}/{CUSTOMER_KEY}"
        yield ClusterDatabase(
            urls=galera_cluster.urls,
            engines=engines,
            headers={"Authorization": header},
            key=authorize(engines[0], header, "ApiPayments"),
        )
    finally:
        for engine in engines:
            engine.dispose()
