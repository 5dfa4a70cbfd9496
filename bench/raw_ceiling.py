"""Optional (run_post.py --replay): odpay's own statements for POST /payments, replayed raw.

One real POST per family is captured statement by statement (SQLAlchemy's cursor events),
then worker processes replay those transactions through the bare DB-API connection — no web
stack, no allocation engine, no SQLAlchemy — for the same time and concurrency as the HTTP run.
"""

import multiprocessing
import threading
import time
from typing import Any

from sqlalchemy import event

from bench.families import CUST_KEY, DEV_KEY
from odpay.db.engine import make_engine
from odpay.services.inputs import PaymentInput
from odpay.services.keys import authorize
from odpay.services.payments.create_payment import create_payment

Statement = tuple[str, Any, bool]


def capture(url: str, families: list[int]) -> list[list[Statement]]:
    engine = make_engine(url)
    key = authorize(engine, f"ODFHIR {DEV_KEY}/{CUST_KEY}", "ApiPayments")
    captured: list[Statement] = []

    @event.listens_for(engine, "before_cursor_execute")
    def _record(conn: Any, cursor: Any, statement: str, params: Any, ctx: Any, many: bool) -> None:
        captured.append((statement, params, many))

    transactions = []
    for pat_num in families:
        captured.clear()
        create_payment(engine, PaymentInput(PayAmt="1.00", PatNum=pat_num), key)
        transactions.append([s for s in captured if not s[0].startswith("BEGIN")])
    engine.dispose()
    return transactions


def _replay(
    url: str, transactions: list[list[Statement]], threads: int, seconds: float, counts: Any
) -> None:
    engine = make_engine(url)
    sqlite = engine.dialect.name == "sqlite"
    stop = time.monotonic() + seconds
    done = [0] * threads

    def worker(index: int) -> None:
        raw = engine.raw_connection()
        driver = raw.driver_connection
        if sqlite:
            driver.isolation_level = None  # type: ignore[union-attr]
        k = index
        while time.monotonic() < stop:
            cursor = driver.cursor()  # type: ignore[union-attr]
            if sqlite:
                cursor.execute("BEGIN IMMEDIATE")
            for statement, params, many in transactions[k % len(transactions)]:
                if many:
                    cursor.executemany(statement, params)
                else:
                    cursor.execute(statement, params)
                cursor.fetchall() if cursor.description else None
            if sqlite:
                cursor.execute("COMMIT")
            else:
                driver.commit()  # type: ignore[union-attr]
            cursor.close()
            done[index] += 1
            k += threads
        raw.close()

    pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    counts.append(sum(done))
    engine.dispose()


def measure_ceiling(
    url: str, families: list[int], processes: int, clients: int, seconds: float
) -> float:
    """Transactions per second of the replayed POSTs over `processes` x threads."""
    transactions = capture(url, families)
    manager = multiprocessing.Manager()
    counts = manager.list()
    threads = max(1, clients // processes)
    workers = [
        multiprocessing.Process(
            target=_replay, args=(url, transactions[i::processes], threads, seconds, counts)
        )
        for i in range(processes)
    ]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return sum(counts) / seconds
