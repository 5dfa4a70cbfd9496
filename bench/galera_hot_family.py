"""One family paid many times at once through app servers on different Galera nodes: how many
times the use cases were retried, and that the ledger stayed exact.

python bench/galera_hot_family.py [--posts 60] [--servers 2] [--runs 3]

Needs the cluster (scripts/galera-cluster start); creates and drops the database
odpay_bench_hot. The family of issue 12: 10 procedures of 100.00; `--posts` POSTs of 37.00 to
its guarantor, all released at once, spread round robin over `--servers` one-worker
`odpay serve` (server k on node k; `--servers 1` is the same load through one node). Per run:
the answers' status codes, the wall time, the retries by attempt number (from the servers'
logs), and the procedures carrying more than they owe (must be none). Prints one JSON object.
"""

import argparse
import collections
import json
import re
import sys
import threading
import time
from datetime import date
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import create_engine, func, insert, select, text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.families import CUST_KEY, DEV_KEY, prepare
from bench.run_post import OUT, free_port, start_server, stop_server
from odpay.db.engine import make_engine
from odpay.db.schema import patient, paysplit, procedurelog

DATABASE = "odpay_bench_hot"
PORTS = (3311, 3312, 3313)
AUTH = {"Authorization": f"ODFHIR {DEV_KEY}/{CUST_KEY}"}


def node_url(node: int) -> str:
    return f"mysql+pymysql://root@127.0.0.1:{PORTS[node - 1]}/{DATABASE}"


def family_of_ten(url: str) -> tuple[int, list[int]]:
    """A guarantor owing 10 completed procedures of 100.00; its PatNum and the ProcNums."""
    engine = make_engine(url)
    with engine.begin() as conn:
        pat_num = conn.execute(insert(patient).values(LName="Hot", FName="Family", PriProv=1))
        guarantor = int(pat_num.inserted_primary_key[0])
        conn.execute(
            patient.update().where(patient.c.PatNum == guarantor).values(Guarantor=guarantor)
        )
        procs = [
            int(
                conn.execute(
                    insert(procedurelog).values(
                        PatNum=guarantor,
                        ProcDate=date(2024, 1 + i, 1),
                        ProcFee=100.0,
                        ProcStatus=2,
                        ProvNum=1,
                    )
                ).inserted_primary_key[0]
            )
            for i in range(10)
        ]
    engine.dispose()
    return guarantor, procs


def overpaid(url: str, procs: list[int]) -> dict[int, float]:
    engine = make_engine(url)
    with engine.connect() as conn:
        paid = conn.execute(
            select(paysplit.c.ProcNum, func.sum(paysplit.c.SplitAmt))
            .where(paysplit.c.ProcNum.in_(procs))
            .group_by(paysplit.c.ProcNum)
        ).all()
    engine.dispose()
    return {int(p): round(float(a), 2) for p, a in paid if round(float(a), 2) > 100.0}


def one_run(posts: int, servers: int) -> dict[str, Any]:
    guarantor, procs = family_of_ten(node_url(1))
    ports = [free_port() for _ in range(servers)]
    logs = [f"hot-server{k + 1}.log" for k in range(servers)]
    started = [
        start_server(node_url(k + 1), 1, port, log)
        for k, (port, log) in enumerate(zip(ports, logs, strict=True))
    ]
    answers: list[Any] = [None] * posts
    go = threading.Barrier(posts)

    def post(i: int) -> None:
        go.wait()
        try:
            answers[i] = httpx.post(
                f"http://127.0.0.1:{ports[i % servers]}/api/v1/payments",
                json={"PayAmt": "37.00", "PatNum": guarantor},
                headers=AUTH,
                timeout=120,
            ).status_code
        except httpx.HTTPError as exc:
            answers[i] = type(exc).__name__

    try:
        threads = [threading.Thread(target=post, args=(i,)) for i in range(posts)]
        began = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        took = time.monotonic() - began
    finally:
        for server in started:
            stop_server(server)
    logged = "".join((OUT / log).read_text(errors="replace") for log in logs)
    attempts = collections.Counter(int(n) for n in re.findall(r"\(attempt (\d+)\)", logged))
    return {
        "answers": dict(collections.Counter(map(str, answers))),
        "seconds": round(took, 2),
        "retries_by_attempt": dict(sorted(attempts.items())),
        "retries": sum(attempts.values()),
        "most_retries_of_one_post": max(attempts, default=0),
        "overpaid_procedures": overpaid(node_url(3), procs),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=60)
    parser.add_argument("--servers", type=int, default=2, choices=[1, 2, 3])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    admin = create_engine(
        f"mysql+pymysql://root@127.0.0.1:{PORTS[0]}/", isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {DATABASE}"))
        conn.execute(text(f"CREATE DATABASE {DATABASE}"))
    try:
        engine = make_engine(node_url(1))
        prepare(engine, 0, date.today())
        engine.dispose()
        runs = [one_run(args.posts, args.servers) for _ in range(args.runs)]
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {DATABASE}"))
        admin.dispose()
    print(json.dumps({"posts": args.posts, "servers": args.servers, "runs": runs}, indent=1))


if __name__ == "__main__":
    main()
