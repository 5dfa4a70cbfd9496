"""Server CPU ms per POST of two builds of odpay served side by side, in alternating batches.

    git archive main src | tar -x -C /tmp/odpay-before
    .venv/bin/python bench/paired_post.py --before /tmp/odpay-before/src [--backend mariadb]

`after` is the checked-out src (the installed `odpay`); `before` is the odpay package under
--before, put first on PYTHONPATH. Each build serves its own copy of the same data (200
issue-shaped families; on MariaDB and PostgreSQL two databases of the server that
ODPAY_BENCH_<BACKEND>_URL names, whose CPU per POST is given too) with `odpay serve --workers 2`; one client then POSTs 1.00 to the
families in turn, `--posts` at a time, to one build and then the other, for `--rounds` rounds
(the order swapping each round). Both builds thus see the same load from the rest of the
machine, which on a shared machine moves single runs by tens of percent. Prints one JSON
object: each build's CPU ms per POST by round and their medians, and the median of the
rounds' differences (after minus before).
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.families import CUST_KEY, DEV_KEY, analyze, prepare
from bench.run_post import (
    OUT,
    database_cpu_seconds,
    database_url,
    free_port,
    stop_server,
    tree_cpu_seconds,
    wait_healthy,
)
from odpay.db.engine import make_engine

_RUN_BEFORE = "import sys; sys.argv[0] = 'odpay'; from odpay.cli.main import run; run()"


def issue_database(backend: str, name: str, families: int) -> tuple[str, list[int]]:
    url = database_url(backend, f"paired_{name}")
    engine = make_engine(url)
    guarantors = prepare(engine, families, date.today(), 50, "issue")
    analyze(engine)
    engine.dispose()
    return url, guarantors


def serve_build(name: str, url: str, port: int, before: str | None) -> Any:
    env = dict(os.environ)
    if before is None:
        command = [str(Path(sys.executable).parent / "odpay")]
    else:
        command = [sys.executable, "-c", _RUN_BEFORE]
        env["PYTHONPATH"] = before
    with (OUT / f"paired-{name}.log").open("wb") as log:
        server = subprocess.Popen(
            [*command, "serve", "--database-url", url, "--port", str(port), "--workers", "2"],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            env=env,
        )
    wait_healthy(port, server)
    return server


def _batch(
    client: httpx.Client, server: Any, backend: str, guarantors: list[int], start: int, posts: int
) -> tuple[float, float]:
    """CPU ms per POST of `server` and of the database server over `posts` POSTs."""
    cpu, database = tree_cpu_seconds(server.pid), database_cpu_seconds(backend)
    for k in range(start, start + posts):
        body = {"PayAmt": "1.00", "PatNum": guarantors[k % len(guarantors)]}
        r = client.post("/api/v1/payments", json=body)
        if r.status_code != 201:
            raise SystemExit(f"POST answered {r.status_code}: {r.text}")
    return (
        (tree_cpu_seconds(server.pid) - cpu) * 1000 / posts,
        (database_cpu_seconds(backend) - database) * 1000 / posts,
    )


def refresh_statistics(urls: Iterable[str]) -> None:
    """ANALYZE both databases between rounds, outside the measured batches. Each round adds a
    batch of splits per build; with statistics taken when `paysplit` was nearly empty (and this
    machine's PostgreSQL runs without autovacuum), the family's split statement turned into
    scans of the whole table, and one build's database CPU per POST grew from 2.5 to 16 ms over
    twelve rounds while the other's stayed near 2 (bench/RESULTS.md, seventh session)."""
    for url in urls:
        engine = make_engine(url)
        analyze(engine)
        engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", required=True, help="directory holding the older `odpay`")
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--posts", type=int, default=300, help="per build per round")
    parser.add_argument("--families", type=int, default=200)
    parser.add_argument("--backend", choices=["sqlite", "mariadb", "postgresql"], default="sqlite")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    builds: dict[str, str | None] = {"before": args.before, "after": None}
    servers: dict[str, Any] = {}
    clients: dict[str, httpx.Client] = {}
    guarantors: dict[str, list[int]] = {}
    urls: dict[str, str] = {}
    load = os.getloadavg()[0]
    try:
        for name, before in builds.items():
            urls[name], guarantors[name] = issue_database(args.backend, name, args.families)
            port = free_port()
            servers[name] = serve_build(name, urls[name], port, before)
            clients[name] = httpx.Client(
                base_url=f"http://127.0.0.1:{port}",
                headers={"Authorization": f"ODFHIR {DEV_KEY}/{CUST_KEY}"},
                timeout=30,
            )
            _batch(clients[name], servers[name], args.backend, guarantors[name], 0, 50)  # warm-up
        cpu: dict[str, list[float]] = {name: [] for name in builds}
        database: dict[str, list[float]] = {name: [] for name in builds}
        started = time.perf_counter()
        for k in range(args.rounds):
            refresh_statistics(urls.values())
            order = list(builds) if k % 2 == 0 else list(reversed(builds))
            for name in order:
                start = 50 + k * args.posts
                odpay, db = _batch(
                    clients[name], servers[name], args.backend, guarantors[name], start, args.posts
                )
                cpu[name].append(round(odpay, 3))
                database[name].append(round(db, 3))
    finally:
        for client in clients.values():
            client.close()
        for server in servers.values():
            stop_server(server)
    differences = [a - b for a, b in zip(cpu["after"], cpu["before"], strict=True)]
    database_differences = [
        a - b for a, b in zip(database["after"], database["before"], strict=True)
    ]
    print(
        json.dumps(
            {
                "rounds": args.rounds,
                "posts_per_round": args.posts,
                "seconds": round(time.perf_counter() - started, 1),
                "load_average_1min": {"before": load, "after": os.getloadavg()[0]},
                "cpu_ms_per_post": cpu,
                "median_cpu_ms_per_post": {n: statistics.median(v) for n, v in cpu.items()},
                "median_difference_ms": round(statistics.median(differences), 3),
                **(
                    {
                        "database_cpu_ms_per_post": database,
                        "median_database_cpu_ms_per_post": {
                            n: statistics.median(v) for n, v in database.items()
                        },
                        "median_database_difference_ms": round(
                            statistics.median(database_differences), 3
                        ),
                    }
                    if args.backend != "sqlite"
                    else {}
                ),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
