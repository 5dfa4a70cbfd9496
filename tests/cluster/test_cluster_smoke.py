"""The Galera fixture works: what one node writes, another reads, and a write conflict
between two nodes surfaces as MariaDB error 1213 (the code odpay's retry already knows)."""

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from tests.cluster.conftest import GaleraCluster


def test_written_on_node_1_read_on_node_3(galera_cluster: GaleraCluster) -> None:
    node1 = galera_cluster.engine(1)
    node3 = galera_cluster.engine(3)
    try:
        with node1.begin() as conn:
            conn.execute(text("CREATE TABLE smoke (k INT PRIMARY KEY, v VARCHAR(20) NOT NULL)"))
            conn.execute(text("INSERT INTO smoke VALUES (1, 'from node 1')"))
        with node3.connect() as conn:
            conn.execute(text("SET SESSION wsrep_sync_wait = 1"))  # read after node 1's commit
            assert conn.execute(text("SELECT v FROM smoke WHERE k = 1")).scalar() == "from node 1"
            assert conn.execute(text("SELECT @@wsrep_node_name")).scalar() == "node3"
    finally:
        node1.dispose()
        node3.dispose()


def test_lock_row_conflict_between_nodes_is_1213(galera_cluster: GaleraCluster) -> None:
    node1 = galera_cluster.engine(1, isolation_level="READ COMMITTED")
    node2 = galera_cluster.engine(2, isolation_level="READ COMMITTED")
    upsert = text("INSERT INTO lock_row (k, v) VALUES (1, 1) ON DUPLICATE KEY UPDATE v = v + 1")
    try:
        with node1.begin() as conn:
            conn.execute(text("CREATE TABLE lock_row (k INT PRIMARY KEY, v BIGINT NOT NULL)"))
        with node1.connect() as a, node2.connect() as b:
            ta, tb = a.begin(), b.begin()
            a.execute(upsert)
            b.execute(upsert)  # no wait: the row lock is node 2's own
            ta.commit()
            with pytest.raises(OperationalError) as failure:
                b.execute(text("SELECT 1"))  # brute-force aborted when a's write set arrived
                tb.commit()  # or, had a's write set not arrived yet, certification fails here
            tb.rollback()
        assert failure.value.orig is not None
        assert failure.value.orig.args[0] == 1213
        with node2.connect() as conn:
            conn.execute(text("SET SESSION wsrep_sync_wait = 1"))
            assert conn.execute(text("SELECT v FROM lock_row WHERE k = 1")).scalar() == 1
    finally:
        node1.dispose()
        node2.dispose()
