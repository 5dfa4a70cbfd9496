"""What `wsrep_sync_wait = 1` costs and what it buys, on the local Galera cluster.

python bench/galera_sync_wait.py [--rounds 300]

Needs the cluster (scripts/galera-cluster start); creates and drops the database
odpay_bench_syncwait. odpay's own engine (make_engine: wsrep_sync_wait = 1 on a node) and the
same engine with wsrep_sync_wait = 0 take turns, in blocks of 20, in one process, no HTTP:

- post: POST /payments' use case (create_payment, 1.00, 20 families of 50 procedures round
  robin) through node 1, one after the other: ms each;
- read: one payment read by PayNum in a read transaction through node 1: ms each;
- missed: a payment created through node 2, read at once through node 3 (each with the
  setting under test): how many of `rounds` reads did not find it.

Prints one JSON object.
"""

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.families import CUST_KEY, DEV_KEY, analyze, prepare
from odpay.db.engine import make_engine
from odpay.db.ledger.payments import get_payment
from odpay.db.transactions import read_transaction
from odpay.services.inputs import PaymentInput
from odpay.services.keys import Key, authorize
from odpay.services.payments.create_payment import create_payment

DATABASE = "odpay_bench_syncwait"
PORTS = (3311, 3312, 3313)
BLOCK = 20


def node_url(node: int) -> str:
    return f"mysql+pymysql://root@127.0.0.1:{PORTS[node - 1]}/{DATABASE}"


def engine_with_sync_wait(node: int, sync_wait: int) -> Engine:
    """odpay's engine on `node`; with 0, its connections then turn the causality wait off."""
    engine = make_engine(node_url(node))
    if sync_wait == 0:

        @event.listens_for(engine, "connect")
        def _off(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("SET SESSION wsrep_sync_wait = 0")
            cursor.close()

    return engine


def timed(call: Callable[[], Any]) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def summary(ms: list[float]) -> dict[str, float]:
    ms = sorted(ms)
    return {
        "n": len(ms),
        "p50_ms": round(statistics.median(ms), 2),
        "mean_ms": round(statistics.fmean(ms), 2),
        "p90_ms": round(ms[int(len(ms) * 0.9)], 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=300)
    args = parser.parse_args()
    admin = create_engine(
        f"mysql+pymysql://root@127.0.0.1:{PORTS[0]}/", isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {DATABASE}"))
        conn.execute(text(f"CREATE DATABASE {DATABASE}"))
    try:
        setup = make_engine(node_url(1))
        families = prepare(setup, 20, date.today(), 50, "issue")
        analyze(setup)
        key = authorize(setup, f"ODFHIR {DEV_KEY}/{CUST_KEY}", "ApiPayments")
        setup.dispose()
        report = {"rounds": args.rounds, "settings": {}}
        engines = {s: engine_with_sync_wait(1, s) for s in (1, 0)}
        posts: dict[int, list[float]] = {1: [], 0: []}
        reads: dict[int, list[float]] = {1: [], 0: []}
        pay_nums: list[int] = []
        for s in (1, 0):  # warm both pools and caches
            pay_nums.append(pay(engines[s], key, families[0]))
        for start in range(0, args.rounds, BLOCK):
            for s in (1, 0):
                for i in range(start, min(start + BLOCK, args.rounds)):
                    family = families[i % len(families)]
                    posts[s].append(timed(partial(pay, engines[s], key, family)))
                    reads[s].append(timed(partial(read, engines[s], pay_nums[0])))
        for s in (1, 0):
            report["settings"][f"wsrep_sync_wait={s}"] = {
                "post": summary(posts[s]),
                "read": summary(reads[s]),
                "missed_reads_on_another_node": missed(key, families, s, args.rounds),
            }
        for engine in engines.values():
            engine.dispose()
        print(json.dumps(report, indent=1))
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {DATABASE}"))
        admin.dispose()


def pay(engine: Engine, key: Key, pat_num: int) -> int:
    view = create_payment(engine, PaymentInput(PayAmt="1.00", PatNum=pat_num), key)
    return int(view.payment.PayNum)


def read(engine: Engine, pay_num: int) -> None:
    with read_transaction(engine) as conn:
        assert get_payment(conn, pay_num) is not None


def missed(key: Key, families: list[int], sync_wait: int, rounds: int) -> int:
    writer, reader = engine_with_sync_wait(2, sync_wait), engine_with_sync_wait(3, sync_wait)
    count = 0
    try:
        for i in range(rounds):
            pay_num = pay(writer, key, families[i % len(families)])
            with read_transaction(reader) as conn:
                count += get_payment(conn, pay_num) is None
    finally:
        writer.dispose()
        reader.dispose()
    return count


if __name__ == "__main__":
    main()
