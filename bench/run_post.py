"""POST /payments under load, and the raw-driver ceiling, on one back-end (see README.md).

python bench/run_post.py --backend sqlite|mariadb|postgresql [--seconds 20]
"""

import argparse
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import httpx
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.families import CUST_KEY, DEV_KEY, prepare
from bench.raw_ceiling import measure_ceiling
from odpay.db.engine import make_engine, normalise_url

OUT = Path(__file__).parent / "out"
SERVERS = {
    "mariadb": "mysql+pymysql://root@127.0.0.1:3306/mysql",
    "postgresql": "postgresql+psycopg://postgres@127.0.0.1:5432/postgres",
}


def database_url(backend: str) -> str:
    OUT.mkdir(exist_ok=True)
    if backend == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{OUT / 'bench.db'}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{OUT / 'bench.db'}"
    server = normalise_url(os.environ.get(f"ODPAY_BENCH_{backend.upper()}_URL", SERVERS[backend]))
    admin = create_engine(
        server.set(database="postgres" if backend == "postgresql" else None),
        isolation_level="AUTOCOMMIT",
    )
    with admin.connect() as conn:
        if backend == "postgresql":
            conn.execute(text("DROP DATABASE IF EXISTS odpay_bench WITH (FORCE)"))
        else:
            conn.execute(text("DROP DATABASE IF EXISTS odpay_bench"))
        conn.execute(text("CREATE DATABASE odpay_bench"))
    admin.dispose()
    return server.set(database="odpay_bench").render_as_string(hide_password=False)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(url: str, workers: int, port: int) -> subprocess.Popen[bytes]:
    odpay = str(Path(sys.executable).parent / "odpay")
    server = subprocess.Popen(
        [odpay, "serve", "--database-url", url, "--port", str(port), "--workers", str(workers)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    for _ in range(100):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    os.killpg(server.pid, signal.SIGTERM)
    raise SystemExit("the server did not start")


def wrk(port: int, seconds: int, clients: int, families: Path) -> dict[str, float]:
    env = {
        **os.environ,
        "ODPAY_BENCH_FAMILIES": str(families),
        "ODPAY_BENCH_KEY": f"{DEV_KEY}/{CUST_KEY}",
    }
    script = str(Path(__file__).parent / "post.lua")
    command = [
        "wrk",
        "-t2",
        f"-c{clients}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        script,
        f"http://127.0.0.1:{port}",
    ]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    found = re.search(r"BENCH (.*)", done.stdout)
    if not found:
        raise SystemExit(done.stdout + done.stderr)
    values = dict(pair.split("=") for pair in found.group(1).split())
    result = {k: float(v) for k, v in values.items()}
    result["rps"] = result["requests"] / result["seconds"]
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--backend", choices=["sqlite", "mariadb", "postgresql"], default="sqlite")
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--families", type=int, default=200)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install wrk")

    url = database_url(args.backend)
    engine = make_engine(url)
    family_nums = prepare(engine, args.families, date.today())
    families = OUT / "families.txt"
    families.write_text("\n".join(map(str, family_nums)) + "\n")
    engine.dispose()

    port = free_port()
    server = start_server(url, args.workers, port)
    try:
        wrk(port, 3, args.clients, families)  # warm-up
        http = wrk(port, args.seconds, args.clients, families)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)

    ceiling = measure_ceiling(url, family_nums, args.workers, args.clients, args.seconds)
    report = {
        "date": date.today().isoformat(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "backend": args.backend,
        "workers": args.workers,
        "clients": args.clients,
        "http_rps": round(http["rps"], 1),
        "p50_ms": http["p50_ms"],
        "p99_ms": http["p99_ms"],
        "non_201": int(http["non201"]),
        "raw_ceiling_tps": round(ceiling, 1),
        "fraction_of_ceiling": round(http["rps"] / ceiling, 2) if ceiling else None,
    }
    print(json.dumps(report))
    make_url(url)  # keep the URL parse for error messages in one place


if __name__ == "__main__":
    main()
