"""The family lock across Galera nodes (issue 12): two nodes' writers of one family meet at
certification, and the loser's whole use case runs again, also when it fails at COMMIT.

Two payments are made to stand in the worst interleaving for certain: each, on its own node,
takes the family lock and reads the family, and waits until the other has too; only then do
they write. With the lock that writes odpay_family the second to commit is refused and
retried; with the old node-local row lock both commit and pay the same procedure twice.
"""

import threading
from decimal import Decimal
from functools import partial
from typing import Any

import pytest
from sqlalchemy import Connection
from sqlalchemy.exc import OperationalError

from odpay.db.ledger.family import load_family_to_allocate
from odpay.db.state import bump_family, family_version
from odpay.services import transaction
from odpay.services.inputs import PaymentInput
from odpay.services.payments import create_payment as create_payment_module
from odpay.services.payments.create_payment import create_payment
from odpay.services.transaction import family_transaction
from odpay.services.views import PaymentView
from tests.cluster.conftest import ClusterDatabase
from tests.cluster.ledger import family_owing, ledger_problems, paid_by_proc
from tests.cluster.node_local_lock import use_node_local_lock
from tests.concurrency.busy_family import at_once
from tests.factories import patient

HUNDRED = Decimal("100.00")
NOTHING = Decimal("0.00")


def _pay_through_nodes_1_and_2_after_both_read(
    cluster: ClusterDatabase, monkeypatch: pytest.MonkeyPatch, pat_num: int
) -> tuple[list[Any], int]:
    """POST 100.00 for `pat_num` through nodes 1 and 2 at once, each reading the family before
    either writes; the two results and how many times a family was read."""
    both_read = threading.Barrier(2, timeout=60)
    first_read: set[int] = set()
    reads: list[int] = []

    def read_then_wait(*args: Any, **kwargs: Any) -> Any:
        family = load_family_to_allocate(*args, **kwargs)
        reads.append(threading.get_ident())
        if threading.get_ident() not in first_read:  # a retry does not wait again
            first_read.add(threading.get_ident())
            both_read.wait()
        return family

    monkeypatch.setattr(create_payment_module, "load_family_to_allocate", read_then_wait)
    request = PaymentInput(PayAmt="100", PatNum=pat_num)
    results = at_once(
        [partial(create_payment, engine, request, cluster.key) for engine in cluster.engines[:2]]
    )
    return results, len(reads)


def test_two_nodes_paying_one_family_at_once_meet_and_one_is_retried(
    cluster_db: ClusterDatabase, monkeypatch: pytest.MonkeyPatch
) -> None:
    family = family_owing(cluster_db.engines[0], 2)
    first, second = family.procedures

    results, reads = _pay_through_nodes_1_and_2_after_both_read(
        cluster_db, monkeypatch, family.members[0]
    )

    assert [type(r) for r in results] == [PaymentView, PaymentView]
    assert reads == 3  # the payment refused at certification read the family again
    node3 = cluster_db.engines[2]
    assert paid_by_proc(node3, family) == {first: HUNDRED, second: HUNDRED}
    assert ledger_problems(node3, family) == []


def test_the_old_node_local_lock_lets_two_nodes_pay_one_procedure_twice(
    cluster_db: ClusterDatabase, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_node_local_lock(monkeypatch)
    family = family_owing(cluster_db.engines[0], 2)
    first, second = family.procedures

    results, reads = _pay_through_nodes_1_and_2_after_both_read(
        cluster_db, monkeypatch, family.members[0]
    )

    assert [type(r) for r in results] == [PaymentView, PaymentView]
    assert reads == 2  # nothing refused, nothing retried
    node3 = cluster_db.engines[2]
    assert paid_by_proc(node3, family) == {first: Decimal("200.00"), second: NOTHING}
    assert ledger_problems(node3, family) == [f"ProcNum {first}: 200.00 attached, owes 100.00"]


def _commit_through_node_2(cluster: ClusterDatabase, guarantor: int) -> None:
    with cluster.engines[1].begin() as conn:
        bump_family(conn, guarantor)


def test_a_certification_failure_at_commit_runs_the_use_case_again(
    cluster_db: ClusterDatabase,
) -> None:
    guarantor = patient(cluster_db.engines[0])
    attempts: list[int] = []

    def work(conn: Connection) -> int:
        attempts.append(len(attempts) + 1)
        bump_family(conn, guarantor)
        if len(attempts) == 1:
            # Node 2 writes the family and commits while this transaction holds it on node 1:
            # the next statement here is the COMMIT, and it is refused (1213).
            _commit_through_node_2(cluster_db, guarantor)
        return attempts[-1]

    assert family_transaction(cluster_db.engines[0], work) == 2
    with cluster_db.engines[2].connect() as conn:
        assert family_version(conn, guarantor) == 2  # node 2's write and the retry's


def test_certification_failures_are_retried_a_bounded_number_of_times(
    cluster_db: ClusterDatabase,
) -> None:
    guarantor = patient(cluster_db.engines[0])
    attempts: list[int] = []

    def work(conn: Connection) -> None:
        attempts.append(1)
        bump_family(conn, guarantor)
        _commit_through_node_2(cluster_db, guarantor)

    with pytest.raises(OperationalError) as failure:
        family_transaction(cluster_db.engines[0], work)

    assert failure.value.orig is not None
    assert failure.value.orig.args[0] == 1213
    assert len(attempts) == 1 + transaction.CERTIFICATION_RETRIES
