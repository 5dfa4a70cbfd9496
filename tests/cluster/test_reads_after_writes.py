"""Reads after writes on Galera (issue 12): odpay's connections to a node wait until the node
has applied what the cluster committed before each read, so a payment acknowledged through one
node is seen at once through any other."""

from sqlalchemy import text

from odpay.db.engine import is_galera
from odpay.db.ledger.payments import get_payment
from odpay.db.transactions import read_transaction
from odpay.services.inputs import PaymentInput
from odpay.services.payments.create_payment import create_payment
from tests.cluster.conftest import ClusterDatabase
from tests.factories import patient

ROUNDS = 100


def test_odpay_connections_to_a_node_know_it_and_wait_for_the_cluster(
    cluster_db: ClusterDatabase,
) -> None:
    for engine in cluster_db.engines:
        with engine.connect() as conn:
            assert is_galera(conn)
            assert conn.execute(text("SELECT @@session.wsrep_sync_wait")).scalar() == 1


def test_a_payment_made_through_one_node_is_read_at_once_through_the_others(
    cluster_db: ClusterDatabase,
) -> None:
    pat_num = patient(cluster_db.engines[0])
    missed = []
    for i in range(ROUNDS):
        writer = cluster_db.engines[i % 3]
        pay_num = create_payment(
            writer, PaymentInput(PayAmt="1", PatNum=pat_num), cluster_db.key
        ).payment.PayNum
        for reader in cluster_db.engines:
            with read_transaction(reader) as conn:
                if get_payment(conn, pay_num) is None:
                    missed.append((pay_num, str(reader.url.port)))
    assert missed == []
