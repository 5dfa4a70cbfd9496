"""POST /payments req/s with one, two and three app servers, on the local Galera cluster (app
server k on node k) and on one plain MariaDB (every app server on it).

python bench/scale_out.py [--backends galera,mariadb] [--servers 1,2,3] [--seconds 15]

Needs wrk and, for galera, the cluster (scripts/galera-cluster start). Each back-end gets the
database odpay_bench_scale (created and dropped here): 200 families of 50 completed procedures
(the issue shape of run_post.py), ANALYZE. For each number of app servers n: n
`odpay serve --workers W` (W = --workers, 1 by default), a 3 s warm-up, then n wrk processes at
once, one per server, sharing the clients (16 by default), each paying the families round
robin in its own shuffled order (as a load balancer spreading clients at random would), for
--seconds. Reported per run: req/s over all servers, the worst server's p50/p99, non-201
answers, the app servers' and the database servers' CPU ms per POST, and how many use cases the
app servers retried (lock conflicts; on Galera certification failures). Prints one JSON object.
"""

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.families import analyze, prepare
from bench.run_post import (
    OUT,
    database_version,
    free_port,
    machine,
    start_server,
    stop_server,
    tree_cpu_seconds,
    wrk,
    wrk_command,
    wrk_result,
)
from odpay.db.engine import make_engine

DATABASE = "odpay_bench_scale"
GALERA_PORTS = (3311, 3312, 3313)
MARIADB_PORT = int(os.environ.get("ODPAY_BENCH_MARIADB_PORT", "3306"))
CLUSTER = Path(__file__).resolve().parents[1] / "scripts" / "galera-cluster"


def server_urls(backend: str) -> list[str]:
    """The URL app server k uses: node k on Galera, the one server on MariaDB."""
    ports = GALERA_PORTS if backend == "galera" else (MARIADB_PORT,) * 3
    return [f"mysql+pymysql://root@127.0.0.1:{port}/{DATABASE}" for port in ports]


def recreate_database(backend: str, drop_only: bool = False) -> None:
    admin = create_engine(
        server_urls(backend)[0].rsplit("/", 1)[0] + "/", isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {DATABASE}"))
        if not drop_only:
            conn.execute(text(f"CREATE DATABASE {DATABASE}"))
    admin.dispose()


def database_pids(backend: str) -> list[int]:
    """The mariadbd processes serving `backend`: the three nodes, or the one on MARIADB_PORT."""
    if backend == "galera":
        status = subprocess.run([str(CLUSTER), "status"], capture_output=True, text=True).stdout
        return [int(p) for p in re.findall(r" pid (\d+) ", status)]
    listening = subprocess.run(
        ["ss", "-Hltnp", f"sport = :{MARIADB_PORT}"], capture_output=True, text=True
    ).stdout
    return sorted({int(p) for p in re.findall(r"pid=(\d+)", listening)})


def retries(logs: list[Path]) -> int:
    return sum(log.read_text(errors="replace").count("retrying a write") for log in logs)


def wrk_all(
    ports: list[int], files: list[Path], clients: list[int], seconds: int
) -> list[dict[str, float]]:
    """One wrk per app server, all at once; their results."""
    runs = []
    for port, file, c in zip(ports, files, clients, strict=True):
        command, env = wrk_command(port, seconds, c, min(2, c), file, None)
        runs.append(subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True))
    return [wrk_result(r.communicate()[0], "") for r in runs]


def run(backend: str, n: int, families: list[int], args: argparse.Namespace) -> dict[str, Any]:
    """n app servers, one wrk each for args.seconds; the figures of the run."""
    urls = server_urls(backend)[:n]
    files = []
    for k in range(n):
        order = families[:]
        random.Random(k).shuffle(order)
        files.append(OUT / f"scale-families-{k + 1}.txt")
        files[-1].write_text("\n".join(map(str, order)) + "\n")
    clients = [args.clients // n + (1 if k < args.clients % n else 0) for k in range(n)]
    ports = [free_port() for _ in urls]
    logs = [OUT / f"scale-server{k + 1}.log" for k in range(n)]
    servers = []
    try:
        for url, port, log in zip(urls, ports, logs, strict=True):
            servers.append(start_server(url, args.workers, port, log.name))
        for port, file, c in zip(ports, files, clients, strict=True):
            wrk(port, 1, c, file)  # every worker connects and reads its caches
        wrk_all(ports, files, clients, args.warmup)
        retried_before = retries(logs)
        db_pids = database_pids(backend)
        app_cpu = sum(tree_cpu_seconds(s.pid) for s in servers)
        db_cpu = sum(tree_cpu_seconds(p) for p in db_pids)
        load_before = os.getloadavg()[0]
        results = wrk_all(ports, files, clients, args.seconds)
        app_cpu = sum(tree_cpu_seconds(s.pid) for s in servers) - app_cpu
        db_cpu = sum(tree_cpu_seconds(p) for p in db_pids) - db_cpu
        retried = retries(logs) - retried_before
    finally:
        for server in servers:
            stop_server(server)
    requests = sum(r["requests"] for r in results)
    seconds = max(r["seconds"] for r in results)
    return {
        "app_servers": n,
        "rps": round(requests / seconds, 1),
        "per_server_rps": [round(r["rps"], 1) for r in results],
        "p50_ms_worst": round(max(r["p50_ms"] for r in results), 1),
        "p99_ms_worst": round(max(r["p99_ms"] for r in results), 1),
        "failures": int(sum(r["failures"] + r["socket_errors"] + r["timeouts"] for r in results)),
        "app_cpu_ms_per_post": round(app_cpu * 1000 / requests, 2) if requests else None,
        "db_cpu_ms_per_post": round(db_cpu * 1000 / requests, 2) if requests else None,
        "retried_use_cases": retried,
        "load_average_1min_before": round(load_before, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backends", default="galera,mariadb")
    parser.add_argument("--servers", default="1,2,3")
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--workers", type=int, default=1, help="per app server")
    parser.add_argument("--clients", type=int, default=16, help="in all, shared by the servers")
    parser.add_argument("--families", type=int, default=200)
    parser.add_argument("--procedures", type=int, default=50)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install wrk")
    OUT.mkdir(exist_ok=True)
    report: dict[str, Any] = {
        "date": datetime.now().isoformat(timespec="seconds"),
        "machine": machine(),
        "workers_per_server": args.workers,
        "clients": args.clients,
        "seconds": args.seconds,
        "data": {"families": args.families, "procedures_per_family": args.procedures},
        "backends": {},
    }
    for backend in args.backends.split(","):
        recreate_database(backend)
        try:
            engine = make_engine(server_urls(backend)[0])
            families = prepare(engine, args.families, date.today(), args.procedures, "issue")
            analyze(engine)
            version = database_version(engine)
            engine.dispose()
            runs = [run(backend, int(n), families, args) for n in args.servers.split(",")]
        finally:
            recreate_database(backend, drop_only=True)
        report["backends"][backend] = {"database": version, "runs": runs}
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
