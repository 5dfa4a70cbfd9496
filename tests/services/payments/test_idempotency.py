"""services/idempotency.py: the header read as a request, the stored row, the unique-index race
and a payment gone since (odpay extension; docs/decisions.md "Idempotent retries")."""

import hashlib
import threading
import time
import uuid

import pytest
from sqlalchemy import Connection, Engine, delete, insert, text

from odpay.db.idempotency import odpay_idempotency
from odpay.db.schema import payment, paysplit
from odpay.services.clock import office_now
from odpay.services.errors import BadRequest, NotFound
from odpay.services.idempotency import IdempotencyRequest, idempotency_request
from odpay.services.inputs import PaymentInput
from odpay.services.payments.create_payment import create_payment
from odpay.services.views import PaymentView
from tests.factories import KEY, patient, procedure, rows

BODY = b'{"PayAmt": "60", "PatNum": 5}'


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _request(key: str, body: bytes = BODY) -> IdempotencyRequest:
    found = idempotency_request(key, "POST", "/api/v1/payments", body)
    assert found is not None
    return found


def _family(db: Engine) -> int:
    pat_num = patient(db)
    procedure(db, pat_num, "1000.00", "2024-01-05")
    return pat_num


def _post(db: Engine, pat_num: int, idempotency: IdempotencyRequest) -> PaymentView:
    return create_payment(db, PaymentInput(PayAmt="60", PatNum=pat_num), KEY, idempotency)


def test_no_header_means_no_idempotency() -> None:
    assert idempotency_request(None, "POST", "/api/v1/payments", BODY) is None


def test_the_request_is_kept_as_digests_of_the_key_and_of_method_path_and_body() -> None:
    assert idempotency_request(" \tkey-1 ", "POST", "/api/v1/payments", BODY) == (
        IdempotencyRequest(
            KeyHash=_sha256(b"key-1"),
            RequestHash=_sha256(b'POST /api/v1/payments\n{"PayAmt": "60", "PatNum": 5}'),
        )
    )


@pytest.mark.parametrize("header", ["", " \t ", "x" * 256, "line\nbreak", "nul\x00", "é"])
def test_a_malformed_header_is_refused(header: str) -> None:
    with pytest.raises(BadRequest) as refusal:
        idempotency_request(header, "POST", "/api/v1/payments", BODY)
    assert refusal.value.message == "Idempotency-Key is invalid."


def test_the_stored_row_holds_digests_the_payment_and_the_time(db: Engine) -> None:
    pat_num, key = _family(db), f"row-{uuid.uuid4()}"
    before = office_now()

    view = _post(db, pat_num, _request(key))

    [row] = rows(db, "odpay_idempotency", KeyHash=_sha256(key.encode()))
    assert row["ApiKeyNum"] == KEY.ApiKeyNum
    assert row["RequestHash"] == _request(key).RequestHash
    assert row["PayNum"] == view.payment.PayNum
    assert before <= row["DateTCreated"] <= office_now()
    assert view.replayed is False


def test_a_replay_of_a_payment_deleted_since_is_not_found(db: Engine) -> None:
    pat_num, key = _family(db), f"gone-{uuid.uuid4()}"
    view = _post(db, pat_num, _request(key))
    with db.begin() as conn:  # as Open Dental may do on a shared database
        conn.execute(delete(paysplit).where(paysplit.c.PayNum == view.payment.PayNum))
        conn.execute(delete(payment).where(payment.c.PayNum == view.payment.PayNum))

    with pytest.raises(NotFound) as refusal:
        _post(db, pat_num, _request(key))
    assert refusal.value.message == "Payment not found."


def _waiting_on_a_lock(conn: Connection) -> int:
    """How many sessions of this database wait for a row or index lock now (each call in a
    transaction of its own: PostgreSQL keeps one statistics snapshot per transaction)."""
    if conn.dialect.name == "postgresql":
        query = (
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
    else:
        query = (
            "SELECT count(*) FROM information_schema.innodb_trx t"
            " JOIN information_schema.processlist p ON p.id = t.trx_mysql_thread_id"
            " WHERE t.trx_state = 'LOCK WAIT' AND p.db = DATABASE()"
        )
    with conn.begin():
        return int(conn.execute(text(query)).scalar_one())


def test_a_request_that_meets_an_uncommitted_row_of_its_key_replays_it(server_db: Engine) -> None:
    """The unique-index race: the look-up misses a row another transaction has not committed
    yet, the insert waits for it and fails when it commits; the request then replays."""
    pat_num, key = _family(server_db), f"race-{uuid.uuid4()}"
    winner = _post(server_db, pat_num, _request(f"winner-{key}")).payment.PayNum
    result: list[PaymentView | Exception] = []

    def contender() -> None:
        try:
            result.append(_post(server_db, pat_num, _request(key)))
        except Exception as exc:
            result.append(exc)

    with server_db.connect() as holder, server_db.connect() as watcher:
        transaction = holder.begin()
        holder.execute(
            insert(odpay_idempotency).values(
                ApiKeyNum=KEY.ApiKeyNum,
                KeyHash=_request(key).KeyHash,
                RequestHash=_request(key).RequestHash,
                PayNum=winner,
                DateTCreated=office_now(),  # within the retention
            )
        )
        thread = threading.Thread(target=contender)
        thread.start()
        # Wait until the contender's insert waits on our row (it cannot get past it).
        for _ in range(2000):
            if _waiting_on_a_lock(watcher) or not thread.is_alive():
                break
            time.sleep(0.005)
        transaction.commit()
        thread.join()

    [answer] = result
    assert isinstance(answer, PaymentView)
    assert (answer.payment.PayNum, answer.replayed) == (winner, True)
    assert len(rows(server_db, "payment", PatNum=pat_num)) == 1
