"""Both MariaDB drivers odpay knows: mysqlclient (C, preferred when installed) and PyMySQL
(pure Python, the fallback). The same payment, the same refusals, the same error classes."""

import importlib.util
from datetime import date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import IntegrityError

from odpay.db.engine import make_engine
from odpay.db.idempotency import insert_record
from odpay.db.ledger.payments import splits_of_payment
from odpay.db.transactions import read_transaction, write_transaction
from odpay.services.inputs import PaymentInput
from odpay.services.payments.create_payment import create_payment
from tests.factories import KEY, patient, procedure


@pytest.fixture(params=["pymysql", "mysqldb"])
def driver_engine(request: pytest.FixtureRequest, db: Engine) -> Engine:
    if db.dialect.name not in ("mysql", "mariadb"):
        pytest.skip("a MariaDB driver needs MariaDB")
    module = {"pymysql": "pymysql", "mysqldb": "MySQLdb"}[request.param]
    if importlib.util.find_spec(module) is None:
        pytest.skip(f"{module} is not installed here (CI installs it)")
    return make_engine(db.url.set(drivername=f"mysql+{request.param}"))


def test_a_payment_is_split_and_stored_the_same_through_either_driver(
    driver_engine: Engine,
) -> None:
    head = patient(driver_engine)
    older = procedure(driver_engine, head, "80.00", "2024-01-05")
    newer = procedure(driver_engine, patient(driver_engine, head), "50.00", "2024-02-01")

    view = create_payment(driver_engine, PaymentInput(PayAmt="100.00", PatNum=head), KEY)

    with read_transaction(driver_engine) as conn:
        splits = splits_of_payment(conn, view.payment.PayNum)
    assert [(s.ProcNum, s.SplitAmt) for s in splits] == [
        (older, Decimal("80.00")),
        (newer, Decimal("20.00")),
    ]


def test_a_duplicate_key_is_an_integrity_error_through_either_driver(
    driver_engine: Engine,
) -> None:
    now = datetime(2026, 1, 2, 3, 4, 5)
    key_hash = f"{id(driver_engine):064x}"[-64:]
    with write_transaction(driver_engine) as conn:
        insert_record(conn, 999_001, key_hash, "a" * 64, now)
    with pytest.raises(IntegrityError), write_transaction(driver_engine) as conn:
        insert_record(conn, 999_001, key_hash, "b" * 64, now)


def test_dates_read_the_same_through_either_driver(driver_engine: Engine) -> None:
    """mysqlclient's date parsers are replaced by faster ones (db/engine.py): the values are
    what its own gave, a zero date None (PyMySQL's own leaves it as text)."""
    with read_transaction(driver_engine) as conn:
        row = conn.execute(
            text(
                "SELECT CAST('2026-01-02' AS DATE), CAST('0001-01-01' AS DATE),"
                " CAST('2026-01-02 03:04:05' AS DATETIME), CAST('0001-01-01 00:00:00' AS DATETIME),"
                " CAST('2026-01-02 03:04:05.250000' AS DATETIME(6)),"
                " TIMESTAMP('2026-01-02 03:04:05'), CAST('0000-00-00' AS DATE)"
            )
        ).one()
    assert tuple(row) == (
        date(2026, 1, 2),
        date(1, 1, 1),
        datetime(2026, 1, 2, 3, 4, 5),
        datetime(1, 1, 1),
        datetime(2026, 1, 2, 3, 4, 5, 250000),
        datetime(2026, 1, 2, 3, 4, 5),
        None if driver_engine.dialect.driver == "mysqldb" else "0000-00-00",
    )
