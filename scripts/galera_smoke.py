"""Smoke checks for the local Galera cluster of scripts/galera-cluster (run it as
`scripts/galera-cluster smoke`, with the cluster started).

1. Replication: a database created on node 1, a row written on node 2, read on node 3.
2. wsrep_sync_wait: reads on node 3 straight after writes on node 2, without and with it.
3. Certification conflict: `SELECT ... FOR UPDATE` on two nodes, both UPDATE, both COMMIT.
4. The lock row: both transactions start with an upsert of one shared row.
5. The same through SQLAlchemy, as odpay's retry (services/transaction.py) sees it.
6. Galera detection, on the cluster and on the plain MariaDB of 127.0.0.1:3306.

Prints what each step saw, including the exact exceptions; exits 1 when a check fails.
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

import pymysql
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

DB = "odpay_galera_smoke"
failures: list[str] = []


def connect(port: int, database: str | None = DB) -> pymysql.connections.Connection:
    conn = pymysql.connect(
        host="127.0.0.1", port=port, user="root", database=database, autocommit=True
    )
    run(conn, "SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED")  # as odpay does
    return conn


def run(conn: pymysql.connections.Connection, sql: str) -> list[tuple[Any, ...]]:
    with conn.cursor() as cur:
        cur.execute(sql)
        return list(cur.fetchall())


def check(ok: bool, what: str) -> None:
    print(f"  [{'ok' if ok else 'FAIL'}] {what}")
    if not ok:
        failures.append(what)


def attempt(label: str, step: Callable[[], object]) -> BaseException | None:
    """Run one statement; print and return the exception it raised, if any."""
    try:
        step()
    except pymysql.err.MySQLError as exc:
        print(f"  {label}: raised {type(exc).__module__}.{type(exc).__qualname__}{exc.args!r}")
        return exc
    print(f"  {label}: ok")
    return None


def code(exc: BaseException | None) -> int | None:
    return exc.args[0] if exc is not None and exc.args else None


def replication(p1: int, p2: int, p3: int) -> None:
    print("1. replication: create on node 1, write on node 2, read on node 3")
    admin = connect(p1, None)
    run(admin, f"DROP DATABASE IF EXISTS {DB}")
    run(admin, f"CREATE DATABASE {DB}")
    run(admin, "CREATE TABLE " + DB + ".t (k INT PRIMARY KEY, v INT NOT NULL)")
    run(admin, "CREATE TABLE " + DB + ".lock_row (k INT PRIMARY KEY, v BIGINT NOT NULL)")
    run(admin, "CREATE TABLE " + DB + ".seq (id INT AUTO_INCREMENT PRIMARY KEY, v INT)")
    admin.close()
    n2, n3 = connect(p2), connect(p3)
    run(n2, "INSERT INTO t VALUES (1, 0)")
    run(n3, "SET SESSION wsrep_sync_wait = 1")
    check(run(n3, "SELECT v FROM t WHERE k = 1") == [(0,)], "row written on node 2 read on node 3")
    n2.close()
    n3.close()


def sync_wait(p2: int, p3: int, rounds: int = 300) -> None:
    print(f"2. wsrep_sync_wait: {rounds} inserts on node 2, each read at once on node 3")
    n2, n3 = connect(p2), connect(p3)
    print(f"  default @@wsrep_sync_wait on node 3: {run(n3, 'SELECT @@wsrep_sync_wait')[0][0]}")
    for wait in (0, 1):
        run(n3, f"SET SESSION wsrep_sync_wait = {wait}")
        missed = 0
        started = time.perf_counter()
        for _ in range(rounds):
            run(n2, "INSERT INTO seq (v) VALUES (1)")
            last = run(n2, "SELECT LAST_INSERT_ID()")[0][0]
            if run(n3, f"SELECT COUNT(*) FROM seq WHERE id = {last}")[0][0] != 1:
                missed += 1
        ms = (time.perf_counter() - started) * 1000 / rounds
        print(
            f"  wsrep_sync_wait={wait}: {missed}/{rounds} reads missed the row, {ms:.2f} ms/round"
        )
        if wait:
            check(missed == 0, "with wsrep_sync_wait=1 node 3 always sees node 2's commit")
    n2.close()
    n3.close()


def two_transactions(
    title: str, first_statements: list[str], p1: int, p2: int
) -> tuple[BaseException | None, BaseException | None, BaseException | None]:
    """Transactions a (node 1) and b (node 2) both run `first_statements`, then
    a COMMITs, then b runs its UPDATE and COMMIT. Returns b's errors (first statements,
    update, commit)."""
    print(title)
    a, b = connect(p1), connect(p2)
    run(a, "UPDATE t SET v = 0 WHERE k = 1")
    run(b, "SET SESSION wsrep_sync_wait = 1")
    run(b, "SELECT 1")  # b's node has applied the reset
    run(b, "SET SESSION wsrep_sync_wait = 0")
    for conn in (a, b):
        run(conn, "BEGIN")
    for stmt in first_statements:
        attempt(f"a (node 1) {stmt}", lambda stmt=stmt: run(a, stmt))
    b_first = None
    for stmt in first_statements:
        b_first = b_first or attempt(f"b (node 2) {stmt}", lambda stmt=stmt: run(b, stmt))
    attempt("a UPDATE", lambda: run(a, "UPDATE t SET v = v + 1 WHERE k = 1"))
    a_commit = attempt("a COMMIT", a.commit)
    time.sleep(0.5)  # a's write set reaches node 2
    b_update = attempt("b UPDATE", lambda: run(b, "UPDATE t SET v = v + 1 WHERE k = 1"))
    b_commit = attempt("b COMMIT", b.commit) if b_update is None else None
    run(a, "SET SESSION wsrep_sync_wait = 1")
    value = run(a, "SELECT v FROM t WHERE k = 1")[0][0]
    print(f"  v is now {value}")
    check(a_commit is None, "a commits")
    check(code(b_update) == 1213 or code(b_commit) == 1213, "b fails with 1213")
    check(value == 1, "exactly one increment survived")
    a.close()
    b.close()
    return b_first, b_update, b_commit


def simultaneous_commits(title: str, first_statements: list[str], p1: int, p2: int) -> None:
    """Both transactions do all their work, then COMMIT at the same instant."""
    print(title)
    a, b = connect(p1), connect(p2)
    run(a, "UPDATE t SET v = 0 WHERE k = 1")
    run(b, "SET SESSION wsrep_sync_wait = 1")
    run(b, "SELECT 1")
    run(b, "SET SESSION wsrep_sync_wait = 0")
    for name, conn in (("a (node 1)", a), ("b (node 2)", b)):
        run(conn, "BEGIN")
        for stmt in [*first_statements, "UPDATE t SET v = v + 1 WHERE k = 1"]:
            attempt(f"{name} {stmt}", lambda conn=conn, stmt=stmt: run(conn, stmt))
    barrier = threading.Barrier(2)
    results: dict[str, BaseException | None] = {}

    def commit(name: str, conn: pymysql.connections.Connection) -> None:
        barrier.wait()
        try:
            conn.commit()
            results[name] = None
        except pymysql.err.MySQLError as exc:
            results[name] = exc

    threads = [threading.Thread(target=commit, args=(n, c)) for n, c in (("a", a), ("b", b))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for name in ("a", "b"):
        exc = results[name]
        shown = "ok" if exc is None else f"raised {type(exc).__qualname__}{exc.args!r}"
        print(f"  {name} COMMIT: {shown}")
    run(a, "SET SESSION wsrep_sync_wait = 1")
    value = run(a, "SELECT v FROM t WHERE k = 1")[0][0]
    print(f"  v is now {value}")
    codes = sorted(code(e) or 0 for e in results.values())
    check(codes == [0, 1213], "one COMMIT succeeds, the other fails with 1213")
    check(value == 1, "exactly one increment survived")
    a.close()
    b.close()


def same_node_lock_row(p1: int) -> None:
    print("4c. lock row, both transactions on node 1: an ordinary InnoDB lock wait")
    a, b = connect(p1), connect(p1)
    run(b, "SET SESSION innodb_lock_wait_timeout = 1")
    run(a, "BEGIN")
    run(a, "INSERT INTO lock_row (k, v) VALUES (1, 1) ON DUPLICATE KEY UPDATE v = v + 1")
    run(b, "BEGIN")
    exc = attempt(
        "b upsert while a holds the row",
        lambda: run(
            b, "INSERT INTO lock_row (k, v) VALUES (1, 1) ON DUPLICATE KEY UPDATE v = v + 1"
        ),
    )
    check(code(exc) == 1205, "the second writer on the same node waits (1205 after 1 s)")
    run(a, "COMMIT")
    run(b, "ROLLBACK")
    a.close()
    b.close()


def through_sqlalchemy(p1: int, p2: int) -> None:
    print("5. SQLAlchemy: what odpay's retry (is_lock_conflict) will see")
    engines = [
        create_engine(f"mysql+pymysql://root@127.0.0.1:{p}/{DB}", isolation_level="READ COMMITTED")
        for p in (p1, p2)
    ]
    with engines[0].begin() as conn:
        conn.execute(text("UPDATE t SET v = 0 WHERE k = 1"))
    time.sleep(0.3)
    a = engines[0].connect()
    b = engines[1].connect()
    ta, tb = a.begin(), b.begin()
    upsert = "INSERT INTO lock_row (k, v) VALUES (1, 1) ON DUPLICATE KEY UPDATE v = v + 1"
    a.execute(text(upsert))
    b.execute(text(upsert))
    ta.commit()
    time.sleep(0.5)
    error: DBAPIError | None = None
    try:
        b.execute(text("SELECT v FROM t WHERE k = 1"))
        tb.commit()
    except DBAPIError as exc:
        error = exc
        tb.rollback()
    if error is None:
        print("  b: no error")
    else:
        print(f"  b: raised sqlalchemy.exc.{type(error).__name__}; orig = {error.orig!r}")
    check(
        error is not None and error.orig is not None and error.orig.args[0] == 1213,
        "SQLAlchemy wraps it as DBAPIError with orig.args[0] == 1213",
    )
    a.close()
    b.close()
    for engine in engines:
        engine.dispose()


def detection(ports: list[int], plain: int) -> None:
    print("6. Galera detection")
    query = (
        "SELECT @@global.wsrep_on, @@global.wsrep_provider,"
        " (SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS"
        "  WHERE VARIABLE_NAME = 'WSREP_CLUSTER_SIZE')"
    )
    for port in [*ports, plain]:
        try:
            conn = connect(port, None)
        except pymysql.err.MySQLError as exc:
            print(f"  127.0.0.1:{port}: cannot connect ({exc.args!r})")
            continue
        version = run(conn, "SELECT VERSION()")[0][0]
        shown = run(conn, "SHOW GLOBAL VARIABLES LIKE 'wsrep_on'")
        status = run(conn, "SHOW GLOBAL STATUS LIKE 'wsrep_ready'")
        try:
            selected: object = run(conn, query)[0]
        except pymysql.err.MySQLError as exc:
            selected = f"error {exc.args!r}"
        print(f"  127.0.0.1:{port} ({version}): SHOW GLOBAL VARIABLES LIKE 'wsrep_on' -> {shown};")
        print(f"      SHOW GLOBAL STATUS LIKE 'wsrep_ready' -> {status};")
        print(f"      @@global.wsrep_on, @@global.wsrep_provider, cluster size -> {selected}")
        conn.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ports", default="3311,3312,3313", help="the three nodes' ports")
    parser.add_argument("--plain-port", type=int, default=3306, help="a non-Galera MariaDB")
    args = parser.parse_args()
    p1, p2, p3 = (int(p) for p in args.ports.split(","))

    replication(p1, p2, p3)
    sync_wait(p2, p3)
    select_for_update = ["SELECT v FROM t WHERE k = 1 FOR UPDATE"]
    two_transactions(
        "3a. SELECT ... FOR UPDATE on node 1 and on node 2 (neither waits); a commits first",
        select_for_update,
        p1,
        p2,
    )
    simultaneous_commits(
        "3b. SELECT ... FOR UPDATE + UPDATE on both nodes; both COMMIT at once",
        select_for_update,
        p1,
        p2,
    )
    lock_row = [
        "INSERT INTO lock_row (k, v) VALUES (1, 1) ON DUPLICATE KEY UPDATE v = v + 1",
        "SELECT v FROM t WHERE k = 1",
    ]
    two_transactions(
        "4a. lock row upsert on node 1 and on node 2; a commits first", lock_row, p1, p2
    )
    simultaneous_commits(
        "4b. lock row upsert + UPDATE on both nodes; both COMMIT at once", lock_row, p1, p2
    )
    same_node_lock_row(p1)
    through_sqlalchemy(p1, p2)
    detection([p1, p2, p3], args.plain_port)

    admin = connect(p1, None)
    run(admin, f"DROP DATABASE IF EXISTS {DB}")
    admin.close()
    print("all checks passed" if not failures else f"{len(failures)} check(s) FAILED")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
