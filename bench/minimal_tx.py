"""The minimal-correct-transaction limit: the least a correct raw payment needs on the same data.

A plain client on the raw DB-API driver odpay uses (sqlite3, mysqlclient or PyMySQL, psycopg), no web stack,
no SQLAlchemy, no engine. Each transaction:

1. locks the family: SQLite `BEGIN IMMEDIATE`; MariaDB/PostgreSQL (READ COMMITTED)
   `SELECT ... FROM patient WHERE PatNum = guarantor FOR UPDATE`;
2. reads the family's open procedures with what each still owes, in one query
   (ProcFee * max(1, UnitQty) minus the paysplits attached by ProcNum, per procedure, only those
   still owing, oldest first: ProcDate, ProcNum);
3. inserts the payment row, then all its splits in one INSERT (1.00 paid oldest first; what no
   procedure takes stays unearned, ProcNum 0);
4. commits.

`processes` processes of `threads` threads each (one connection per thread) run it round robin
over the families for the given time; a short warm-up is not counted.
"""

import multiprocessing
import os
import resource
import statistics
import sys
import threading
import time
from datetime import date
from typing import Any

from odpay.db.engine import normalise_url

PAY_CENTS = 100  # each transaction pays 1.00, like the HTTP run

_OPEN_PROCEDURES = """
SELECT p."ProcNum", p."PatNum", p."ProvNum", p."ClinicNum",
       p."ProcFee" * CASE WHEN p."UnitQty" > 1 THEN p."UnitQty" ELSE 1 END
         - COALESCE(SUM(s."SplitAmt"), 0) AS owed
FROM patient f
JOIN procedurelog p ON p."PatNum" = f."PatNum" AND p."ProcStatus" = 2
LEFT JOIN paysplit s ON s."ProcNum" = p."ProcNum"
WHERE f."Guarantor" = %s
GROUP BY p."ProcNum", p."PatNum", p."ProvNum", p."ClinicNum", p."ProcDate", p."ProcFee",
         p."UnitQty"
HAVING p."ProcFee" * CASE WHEN p."UnitQty" > 1 THEN p."UnitQty" ELSE 1 END
         - COALESCE(SUM(s."SplitAmt"), 0) > 0.005
ORDER BY p."ProcDate", p."ProcNum"
"""
_LOCK_FAMILY = 'SELECT "PatNum" FROM patient WHERE "PatNum" = %s FOR UPDATE'
_INSERT_PAYMENT = """
INSERT INTO payment ("PayType", "PayDate", "PayAmt", "PatNum", "DateEntry", "IsSplit")
VALUES (%s, %s, %s, %s, %s, %s)
"""
_SPLIT_COLUMNS = (
    '"SplitAmt", "PatNum", "PayNum", "ProvNum", "ClinicNum", "DatePay", "ProcNum", "DateEntry"'
)
_SPLIT_VALUES = "(%s, %s, %s, %s, %s, %s, %s, %s)"
_PAY_TYPE = """SELECT "ValueString" FROM preference WHERE "PrefName" = 'ApiPaymentType'"""


class _Dialect:
    """The SQL above in one back-end's quoting and parameter style, and its connection."""

    def __init__(self, url: str) -> None:
        self.url = normalise_url(url)
        self.backend = self.url.get_backend_name()

    def sql(self, statement: str) -> str:
        if self.backend == "sqlite":
            return statement.replace("%s", "?")
        if self.backend in ("mysql", "mariadb"):
            return statement.replace('"', "`")
        return statement

    def connect(self) -> Any:
        u = self.url
        if self.backend == "sqlite":
            import sqlite3

            conn = sqlite3.connect(
                u.database or "", isolation_level=None, timeout=10, check_same_thread=False
            )
            # The same settings as odpay's SQLite engine (odpay.db.engine).
            conn.execute("PRAGMA journal_mode=WAL")
            # Durable like odpay's default (ODPAY_SQLITE_SYNCHRONOUS, FULL unless set).
            synchronous = os.environ.get("ODPAY_SQLITE_SYNCHRONOUS", "FULL").upper()
            conn.execute(f"PRAGMA synchronous={'NORMAL' if synchronous == 'NORMAL' else 'FULL'}")
            return conn
        if self.backend in ("mysql", "mariadb"):
            if self.url.get_driver_name() == "mysqldb":
                import MySQLdb

                conn = MySQLdb.connect(
                    host=u.host or "127.0.0.1",
                    port=u.port or 3306,
                    user=u.username or "root",
                    password=u.password or "",
                    database=u.database,
                    charset="utf8mb4",
                    autocommit=False,
                )
            else:
                import pymysql

                conn = pymysql.connect(
                    host=u.host or "127.0.0.1",
                    port=u.port or 3306,
                    user=u.username or "root",
                    password=u.password or "",
                    database=u.database,
                    charset="utf8mb4",
                    autocommit=False,
                )
            with conn.cursor() as cursor:
                cursor.execute("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED")
            conn.commit()
            return conn
        import psycopg

        conn = psycopg.connect(
            host=u.host or "127.0.0.1",
            port=u.port or 5432,
            user=u.username or "postgres",
            password=u.password or None,
            dbname=u.database,
            autocommit=False,
        )
        conn.isolation_level = psycopg.IsolationLevel.READ_COMMITTED
        return conn


class MinimalPayment:
    """One connection making minimal payments of 1.00."""

    def __init__(self, dialect: _Dialect, pay_type: int) -> None:
        self.dialect = dialect
        self.sqlite = dialect.backend == "sqlite"
        self.postgresql = dialect.backend == "postgresql"
        self.conn = dialect.connect()
        self.pay_type = pay_type
        self.lock = dialect.sql(_LOCK_FAMILY)
        self.open_procedures = dialect.sql(_OPEN_PROCEDURES)
        insert_payment = _INSERT_PAYMENT.strip()
        if self.postgresql:
            insert_payment += ' RETURNING "PayNum"'
        self.insert_payment = dialect.sql(insert_payment)
        self.insert_splits: dict[int, str] = {}

    def _splits_sql(self, n: int) -> str:
        if n not in self.insert_splits:
            values = ", ".join([_SPLIT_VALUES] * n)
            self.insert_splits[n] = self.dialect.sql(
                f"INSERT INTO paysplit ({_SPLIT_COLUMNS}) VALUES {values}"
            )
        return self.insert_splits[n]

    def pay(self, guarantor: int) -> None:
        today: Any = date.today()
        if self.sqlite:
            today = today.isoformat()
        cursor = self.conn.cursor()
        try:
            if self.sqlite:
                cursor.execute("BEGIN IMMEDIATE")
            else:
                cursor.execute(self.lock, (guarantor,))
                cursor.fetchall()
            cursor.execute(self.open_procedures, (guarantor,))
            owing = cursor.fetchall()
            splits = []
            left = PAY_CENTS
            for proc_num, pat_num, prov_num, clinic_num, owed in owing:
                take = min(left, round(float(owed) * 100))
                if take > 0:
                    splits.append((take, pat_num, prov_num, clinic_num, proc_num))
                    left -= take
                if left == 0:
                    break
            if left:  # nothing (more) owing: the rest is an unearned prepayment
                splits.append((left, guarantor, 0, 0, 0))
            cursor.execute(
                self.insert_payment,
                (self.pay_type, today, PAY_CENTS / 100, guarantor, today, int(len(splits) > 1)),
            )
            pay_num = cursor.fetchone()[0] if self.postgresql else cursor.lastrowid
            params: list[Any] = []
            for cents, pat_num, prov_num, clinic_num, proc_num in splits:
                params += [cents / 100, pat_num, pay_num, prov_num, clinic_num, today, proc_num]
                params.append(today)
            cursor.execute(self._splits_sql(len(splits)), params)
            if self.sqlite:
                cursor.execute("COMMIT")
            else:
                self.conn.commit()
        except BaseException:
            if self.sqlite:
                if self.conn.in_transaction:
                    cursor.execute("ROLLBACK")
            else:
                self.conn.rollback()
            raise
        finally:
            cursor.close()

    def close(self) -> None:
        self.conn.close()


def _pay_type(dialect: _Dialect) -> int:
    conn = dialect.connect()
    cursor = conn.cursor()
    cursor.execute(dialect.sql(_PAY_TYPE))
    row = cursor.fetchone()
    cursor.close()
    if dialect.backend != "sqlite":
        conn.commit()
    conn.close()
    return int(row[0]) if row else 0


def _process(
    url: str,
    families: list[int],
    threads: int,
    warmup: float,
    seconds: float,
    ready: Any,
    results: Any,
) -> None:
    dialect = _Dialect(url)
    pay_type = _pay_type(dialect)
    payers = [MinimalPayment(dialect, pay_type) for _ in range(threads)]
    latencies: list[list[float]] = [[] for _ in range(threads)]
    errors = [0] * threads
    ready.wait()  # every process connected: start together
    start = time.monotonic()
    measure_from, stop = start + warmup, start + warmup + seconds

    def run(index: int) -> None:
        payer, k = payers[index], index
        while True:
            begun = time.monotonic()
            if begun >= stop:
                break
            k += threads
            try:
                payer.pay(families[k % len(families)])
            except Exception as exc:
                if not errors[index]:
                    print(f"minimal transaction failed: {exc!r}", file=sys.stderr)
                errors[index] += 1
                continue
            ended = time.monotonic()
            if begun >= measure_from and ended <= stop:
                latencies[index].append(ended - begun)

    pool = [threading.Thread(target=run, args=(i,)) for i in range(threads)]
    for t in pool:
        t.start()
    time.sleep(max(0.0, measure_from - time.monotonic()))
    cpu_before = _cpu_seconds()
    time.sleep(max(0.0, stop - time.monotonic()))
    cpu_after = _cpu_seconds()
    for t in pool:
        t.join()
    for payer in payers:
        payer.close()
    results.put(([x for per in latencies for x in per], cpu_after - cpu_before, sum(errors)))


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def measure_minimal(
    url: str,
    families: list[int],
    processes: int,
    clients: int,
    seconds: float,
    warmup: float = 1.0,
) -> dict[str, Any]:
    """Transactions per second, latencies and client CPU of the minimal transaction.

    Only transactions that begin after the warm-up and end before the time is up are counted.
    """
    context = multiprocessing.get_context("spawn")
    threads = max(1, clients // processes)
    ready = context.Barrier(processes + 1)
    results = context.Queue()
    # Each process pays families spread over the whole list, as wrk's round robin does.
    workers = [
        context.Process(
            target=_process,
            args=(
                url,
                families[i::processes] or families,
                threads,
                warmup,
                seconds,
                ready,
                results,
            ),
        )
        for i in range(processes)
    ]
    for w in workers:
        w.start()
    ready.wait()
    gathered = [results.get(timeout=warmup + seconds + 120) for _ in workers]
    for w in workers:
        w.join()
    latencies = sorted(x for found, _, _ in gathered for x in found)
    cpu = sum(c for _, c, _ in gathered)
    done = len(latencies)
    return {
        "tps": round(done / seconds, 1),
        "p50_ms": _ms(statistics.median(latencies)) if latencies else None,
        "p99_ms": _ms(latencies[min(done - 1, int(done * 0.99))]) if latencies else None,
        "transactions": done,
        "errors": sum(e for _, _, e in gathered),
        "client_cpu_ms_per_tx": round(cpu * 1000 / done, 3) if done else None,
        "processes": processes,
        "threads_per_process": threads,
    }


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)
