"""Every figure of the speed issue's "Done when", from one run on one back-end (see README.md).

python bench/run_post.py --backend sqlite|mariadb|postgresql [--seconds 20]

Phases, in order, on one database and one `odpay serve --workers 2`:
 1. load 200 families of 50 completed procedures and one of 10,000, ANALYZE;
 2. warm-up: 16 clients POST for 3 s (not counted), then ANALYZE again;
 3. headline: 16 clients POST round robin over the 200 families; req/s, latencies and the
    server processes' CPU time per POST;
 4. one client POSTs (wrk -c1): p50;
 5. GET /payments?Limit=100, 16 clients: req/s, latencies, server CPU per GET;
 6. the large family alone, sequential POSTs: p50;
 7. one client pays the large family while 15 others pay the normal families: their p99 and the
    large family's p50;
 8. the server stopped, the minimal-correct-transaction limit (minimal_tx.py) on the same
    database, same clients and time; the ratio odpay req/s / limit.
Prints one JSON object.
"""

import argparse
import http.client
import json
import os
import platform
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
from datetime import date, datetime
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import Engine, create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.families import CUST_KEY, DEV_KEY, add_families, analyze, prepare
from bench.minimal_tx import measure_minimal
from odpay.db.engine import make_engine, normalise_url

OUT = Path(__file__).parent / "out"
SERVERS = {
    "mariadb": "mysql://root@127.0.0.1:3306/mysql",  # the driver odpay picks (mysqlclient)
    "postgresql": "postgresql+psycopg://postgres@127.0.0.1:5432/postgres",
}
AUTH = f"ODFHIR {DEV_KEY}/{CUST_KEY}"
GET_PAGE = "/api/v1/payments?Limit=100"

# The targets; reported beside the figures, never acted on.
TARGETS: dict[str, dict[str, tuple[str, float]]] = {
    "sqlite": {
        "server_cpu_ms_per_post": ("<=", 5),
        "rps": (">=", 300),
        "p99_ms": ("<=", 100),
        "ratio": (">=", 0.3),
        "one_client_p50_ms": ("<=", 6),
        "get_page_rps": (">=", 1500),
        "large_family_p50_ms": ("<=", 150),
        "others_p99_ms_while_large": ("<=", 150),
    },
    "mariadb": {"rps": (">=", 250), "ratio": (">=", 0.3), "p99_ms": ("<=", 150)},
    "postgresql": {"rps": (">=", 250), "ratio": (">=", 0.3), "p99_ms": ("<=", 150)},
}


def database_url(backend: str, name: str = "bench") -> str:
    """A new, empty database `odpay_<name>` on `backend` (a file under bench/out for SQLite)."""
    OUT.mkdir(exist_ok=True)
    if backend == "sqlite":
        for suffix in ("", "-wal", "-shm", ".writer-lock"):
            Path(f"{OUT / name}.db{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{OUT / name}.db"
    server = normalise_url(os.environ.get(f"ODPAY_BENCH_{backend.upper()}_URL", SERVERS[backend]))
    admin = create_engine(
        server.set(database="postgres" if backend == "postgresql" else None),
        isolation_level="AUTOCOMMIT",
    )
    with admin.connect() as conn:
        if backend == "postgresql":
            conn.execute(text(f"DROP DATABASE IF EXISTS odpay_{name} WITH (FORCE)"))
        else:
            conn.execute(text(f"DROP DATABASE IF EXISTS odpay_{name}"))
        conn.execute(text(f"CREATE DATABASE odpay_{name}"))
    admin.dispose()
    return server.set(database=f"odpay_{name}").render_as_string(hide_password=False)


def database_version(engine: Engine) -> str:
    if engine.dialect.name == "sqlite":
        return f"SQLite {sqlite3.sqlite_version}"
    with engine.connect() as conn:
        return str(conn.execute(text("SELECT version()")).scalar_one())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(url: str, workers: int, port: int, log_name: str = "server.log") -> Any:
    """`odpay serve` in its own process group (stop it with stop_server); waits for /healthz."""
    odpay = str(Path(sys.executable).parent / "odpay")
    OUT.mkdir(exist_ok=True)
    with (OUT / log_name).open("wb") as log:
        server = subprocess.Popen(
            [odpay, "serve", "--database-url", url, "--port", str(port), "--workers", str(workers)],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    wait_healthy(port, server)
    return server


def wait_healthy(port: int, server: Any) -> None:
    for _ in range(150):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if server.poll() is not None:
            break
        time.sleep(0.2)
    stop_server(server)
    raise SystemExit(f"the server did not start (see {OUT}/server.log)")


def stop_server(server: Any) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=30)


def _children(pid: int) -> list[int]:
    found = []
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except FileNotFoundError:
        return []
    for task in tasks:
        try:
            children = (task / "children").read_text().split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        for child in map(int, children):
            found += [child, *_children(child)]
    return found


def tree_cpu_seconds(pid: int) -> float:
    """utime + stime of `pid` and all its descendants, in seconds (from /proc/<pid>/stat)."""
    ticks = 0
    for proc in [pid, *_children(pid)]:
        try:
            stat = Path(f"/proc/{proc}/stat").read_text()
        except (FileNotFoundError, ProcessLookupError):
            continue
        fields = stat[stat.rfind(")") + 2 :].split()  # fields[0] is field 3, the state
        ticks += int(fields[11]) + int(fields[12])  # fields 14 and 15: utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def database_cpu_seconds(backend: str) -> float:
    """CPU seconds used so far by the database server's processes (0 for embedded SQLite).

    MariaDB is one process (mariadbd or mysqld); PostgreSQL a process per connection, all named
    postgres. Read beside the app server's CPU, it tells whether a request costs the database
    more than the minimal transaction does.
    """
    if backend == "sqlite":
        return 0.0
    names = {"mariadbd", "mysqld"} if backend == "mariadb" else {"postgres"}
    ticks = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
        if stat[stat.find("(") + 1 : stat.rfind(")")] not in names:
            continue
        fields = stat[stat.rfind(")") + 2 :].split()
        # utime, stime, and the same of children already reaped: a PostgreSQL backend that
        # exits (the minimal transaction's connections) adds its time to the postmaster's.
        ticks += sum(int(f) for f in fields[11:15])
    return ticks / os.sysconf("SC_CLK_TCK")


def wrk_command(
    port: int, seconds: int, clients: int, threads: int, families: Path | None, get: str | None
) -> tuple[list[str], dict[str, str]]:
    env = {**os.environ, "ODPAY_BENCH_KEY": f"{DEV_KEY}/{CUST_KEY}"}
    env.pop("ODPAY_BENCH_GET", None)
    if get:
        env["ODPAY_BENCH_GET"] = get
    else:
        env["ODPAY_BENCH_FAMILIES"] = str(families)
    script = str(Path(__file__).parent / "load.lua")
    command = [
        "wrk",
        f"-t{min(threads, clients)}",
        f"-c{clients}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        script,
        f"http://127.0.0.1:{port}",
    ]
    return command, env


def wrk_result(stdout: str, stderr: str) -> dict[str, float]:
    for line in stdout.splitlines():
        if line.startswith("BENCH "):
            values = dict(pair.split("=") for pair in line[6:].split())
            result = {k: float(v) for k, v in values.items()}
            result["rps"] = result["requests"] / result["seconds"] if result["seconds"] else 0
            return result
    raise SystemExit(f"wrk printed no result:\n{stdout}{stderr}")


def wrk(
    port: int,
    seconds: int,
    clients: int,
    families: Path | None = None,
    get: str | None = None,
    threads: int = 2,
) -> dict[str, float]:
    command, env = wrk_command(port, seconds, clients, threads, families, get)
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    return wrk_result(done.stdout, done.stderr)


def measured(server: Any, run: Any, backend: str) -> tuple[dict[str, float], float]:
    """Run `run()` (a wrk run); its result and the server's CPU ms per request it completed.

    The result also carries `database_cpu_ms`: the database server's CPU per request.
    """
    before = tree_cpu_seconds(server.pid)
    database_before = database_cpu_seconds(backend)
    result = run()
    cpu = tree_cpu_seconds(server.pid) - before
    database = database_cpu_seconds(backend) - database_before
    requests = result["requests"] or float("nan")
    result["database_cpu_ms"] = database * 1000 / requests
    return result, cpu * 1000 / requests


def sequential_posts(port: int, pat_num: int, posts: int) -> list[float]:
    """`posts` POSTs of 1.00 to `pat_num`, one after the other on one connection; ms each."""
    body = json.dumps({"PayAmt": "1.00", "PatNum": pat_num})
    headers = {"Authorization": AUTH, "Content-Type": "application/json"}
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    timings = []
    try:
        for _ in range(posts):
            started = time.perf_counter()
            conn.request("POST", "/api/v1/payments", body, headers)
            answer = conn.getresponse()
            answer.read()
            timings.append((time.perf_counter() - started) * 1000)
            if answer.status != 201:
                raise SystemExit(f"POST to the large family answered {answer.status}")
    finally:
        conn.close()
    return timings


def machine() -> str:
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return f"{platform.machine()}, {os.cpu_count()} cores, {model}".rstrip(", ")


def _r(value: float, digits: int = 2) -> float:
    return round(value, digits)


def latency(result: dict[str, float]) -> dict[str, Any]:
    return {
        "rps": _r(result["rps"], 1),
        "p50_ms": _r(result["p50_ms"]),
        "p99_ms": _r(result["p99_ms"]),
        "max_ms": _r(result["max_ms"]),
        "requests": int(result["requests"]),
        "failures": int(result["failures"] + result["socket_errors"] + result["timeouts"]),
    }


def targets(backend: str, figures: dict[str, float | None]) -> dict[str, Any]:
    checked = {}
    for name, (op, goal) in TARGETS[backend].items():
        value = figures.get(name)
        met = None if value is None else (value <= goal if op == "<=" else value >= goal)
        checked[name] = {"value": value, "target": f"{op} {goal}", "met": met}
    return checked


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=["sqlite", "mariadb", "postgresql"], default="sqlite")
    parser.add_argument(
        "--seconds", type=int, default=20, help="headline, limit, large-family-under-load"
    )
    parser.add_argument("--short-seconds", type=int, default=5, help="one client, GET page")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--families", type=int, default=200)
    parser.add_argument("--procedures", type=int, default=50, help="per family")
    parser.add_argument(
        "--shape",
        choices=["issue", "standard"],
        default="issue",
        help="issue: completed procedures only; standard: the richer family of families.py",
    )
    parser.add_argument("--large-procedures", type=int, default=10_000, help="0: no large family")
    parser.add_argument("--large-posts", type=int, default=20)
    parser.add_argument(
        "--replay",
        action="store_true",
        help="also the old raw-driver ceiling: odpay's own captured statements replayed",
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install wrk")
    started = datetime.now()
    load_before = os.getloadavg()[0]

    # 1. Data.
    url = database_url(args.backend)
    engine = make_engine(url)
    loading = time.perf_counter()
    family_nums = prepare(engine, args.families, date.today(), args.procedures, args.shape)
    large = None
    if args.large_procedures:
        [large] = add_families(engine, 1, date.today(), args.large_procedures, args.shape)
    analyze(engine)
    load_seconds = time.perf_counter() - loading
    db_version = database_version(engine)
    engine.dispose()
    families = OUT / "families.txt"
    families.write_text("\n".join(map(str, family_nums)) + "\n")
    large_file = OUT / "large.txt"
    large_file.write_text(f"{large}\n")

    port = free_port()
    server = start_server(url, args.workers, port)
    try:
        # 2-3. Warm-up, then the headline run. The statistics are refreshed after the warm-up
        # too: taken on the bulk load they describe empty payment and paysplit tables, and
        # MariaDB then drives the family's split statement from a scan of every split, which
        # grows with each POST (3,239 rows read per POST against 132 once analysed, twice the
        # database CPU; bench/RESULTS.md). A live database never has such statistics.
        wrk(port, args.warmup, args.clients, families)
        refreshed = make_engine(url)
        analyze(refreshed)
        refreshed.dispose()
        post, post_cpu = measured(
            server, lambda: wrk(port, args.seconds, args.clients, families), args.backend
        )
        # 4. One client.
        one = wrk(port, args.short_seconds, 1, families, threads=1)
        # 5. GET page (after the POST runs filled payments).
        wrk(port, 1, args.clients, get=GET_PAGE)
        page, page_cpu = measured(
            server, lambda: wrk(port, args.short_seconds, args.clients, get=GET_PAGE), args.backend
        )
        # 6-7. The large family alone, then under load.
        large_alone: dict[str, Any] | None = None
        large_load: dict[str, Any] | None = None
        if large is not None:
            sequential_posts(port, large, 2)  # both workers read it once
            timings = sequential_posts(port, large, args.large_posts)
            large_alone = {
                "posts": len(timings),
                "p50_ms": _r(statistics.median(timings)),
                "max_ms": _r(max(timings)),
            }
            large_load = large_under_load(
                port, args.seconds, args.clients - 1, families, large_file
            )
    finally:
        stop_server(server)
    # 8. The limit, same database, same clients and time, the server stopped. It runs last: its
    # tens of thousands of splits would otherwise make every family heavier for the odpay
    # phases after it (the one-client p50 read 6-7 ms after it, 3 ms before; bench/RESULTS.md).
    database_before = database_cpu_seconds(args.backend)
    limit = measure_minimal(url, family_nums, args.workers, args.clients, args.seconds)
    # Warm-up transactions are in this figure too, so it reads a little high.
    limit["database_cpu_ms_per_tx"] = _r(
        (database_cpu_seconds(args.backend) - database_before) * 1000 / limit["transactions"]
    )
    limit["one_client_p50_ms"] = measure_minimal(
        url, family_nums, 1, 1, args.short_seconds, warmup=0.5
    )["p50_ms"]
    if large is not None:
        limit["large_family_p50_ms"] = measure_minimal(
            url, [large], 1, 1, args.short_seconds, warmup=0.5
        )["p50_ms"]
    load_after = os.getloadavg()[0]
    replay = None
    if args.replay:
        from bench.raw_ceiling import measure_ceiling

        replay = _r(measure_ceiling(url, family_nums, args.workers, args.clients, args.seconds), 1)

    ratio = post["rps"] / limit["tps"] if limit["tps"] else None
    figures = {
        "server_cpu_ms_per_post": _r(post_cpu),
        "rps": _r(post["rps"], 1),
        "p99_ms": _r(post["p99_ms"]),
        "ratio": _r(ratio, 3) if ratio is not None else None,
        "one_client_p50_ms": _r(one["p50_ms"]),
        "get_page_rps": _r(page["rps"], 1),
        "large_family_p50_ms": large_alone["p50_ms"] if large_alone else None,
        "others_p99_ms_while_large": large_load["others"]["p99_ms"] if large_load else None,
    }
    report = {
        "date": started.isoformat(timespec="seconds"),
        "machine": machine(),
        "python": platform.python_version(),
        # Other work on the machine skews everything: a quiet 2-core machine reads ~0-2 before.
        "load_average_1min": {"before": _r(load_before), "after": _r(load_after)},
        "backend": args.backend,
        "database": db_version,
        "workers": args.workers,
        "clients": args.clients,
        "seconds": args.seconds,
        "data": {
            "families": args.families,
            "procedures_per_family": args.procedures,
            "shape": args.shape,
            "large_family_procedures": args.large_procedures,
            "load_seconds": _r(load_seconds, 1),
        },
        "post": {
            **latency(post),
            "p90_ms": _r(post["p90_ms"]),
            "server_cpu_ms_per_post": _r(post_cpu),
            "server_cores_busy": _r(post_cpu * post["rps"] / 1000),
            "database_cpu_ms_per_post": _r(post["database_cpu_ms"]),
        },
        "minimal_tx": limit,
        "ratio": figures["ratio"],
        "one_client": latency(one),
        "get_page": {
            **latency(page),
            "server_cpu_ms_per_get": _r(page_cpu),
            "database_cpu_ms_per_get": _r(page["database_cpu_ms"]),
        },
        "large_family": {"alone": large_alone, "under_load": large_load},
        **({"replayed_statements_tps": replay} if args.replay else {}),
        "targets": targets(args.backend, figures),
    }
    print(json.dumps(report, indent=1))


def large_under_load(
    port: int, seconds: int, others: int, families: Path, large_file: Path
) -> dict[str, Any]:
    """One wrk connection pays the large family while `others` pay the normal families."""
    runs = []
    for clients, file, threads in ((1, large_file, 1), (others, families, 2)):
        command, env = wrk_command(port, seconds, clients, threads, file, None)
        runs.append(subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True))
    large, rest = (wrk_result(run.communicate()[0], "") for run in runs)
    return {
        "large_p50_ms": _r(large["p50_ms"]),
        "large_posts": int(large["requests"]),
        "others": {"clients": others, **latency(rest)},
    }


if __name__ == "__main__":
    main()
