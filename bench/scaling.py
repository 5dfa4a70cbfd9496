"""POST latency and a worker's peak memory for families of 100, 1,000 and 10,000 entries.

python bench/scaling.py [--posts 20]   (SQLite, one worker; see README.md)
"""

import argparse
import json
import os
import platform
import signal
import statistics
import sys
import time
from datetime import date
from pathlib import Path

import httpx
from sqlalchemy import func, select

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.families import CUST_KEY, DEV_KEY, prepare
from bench.run_post import database_url, free_port, start_server
from odpay.db.engine import make_engine
from odpay.db.schema import adjustment, payplancharge, procedurelog


def peak_rss_mb(pid: int) -> float:
    """VmHWM of the server's worker processes (the largest one), in MB."""
    peaks = []
    for child in [pid, *_children(pid)]:
        status = Path(f"/proc/{child}/status")
        if status.exists():
            for line in status.read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peaks.append(int(line.split()[1]) / 1024)
    return max(peaks)


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        children = (task / "children").read_text().split()
        for child in map(int, children):
            found += [child, *_children(child)]
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=20)
    args = parser.parse_args()
    url = database_url("sqlite")
    engine = make_engine(url)
    sizes = {}
    for entries in (100, 1_000, 10_000):
        # 36 procedures make 50 entries; the rest of a family's entries are procedures too.
        [guarantor] = prepare(engine, 1, date.today(), procedures=entries - 14)
        sizes[entries] = guarantor
    with engine.connect() as conn:
        counted = {
            n: sum(
                conn.execute(
                    select(func.count()).select_from(t).where(t.c.PatNum.in_([g, g + 1, g + 2]))
                ).scalar_one()
                for t in (procedurelog, adjustment, payplancharge)
            )
            for n, g in sizes.items()
        }
    engine.dispose()
    port = free_port()
    server = start_server(url, 1, port)
    results = []
    try:
        headers = {"Authorization": f"ODFHIR {DEV_KEY}/{CUST_KEY}"}
        with httpx.Client(base_url=f"http://127.0.0.1:{port}/api/v1", headers=headers) as client:
            for entries, guarantor in sizes.items():
                timings = []
                for _ in range(args.posts):
                    started = time.perf_counter()
                    answer = client.post("/payments", json={"PayAmt": "1.00", "PatNum": guarantor})
                    timings.append((time.perf_counter() - started) * 1000)
                    assert answer.status_code == 201, answer.text
                results.append(
                    {
                        "entries": counted[entries],
                        "p50_ms": round(statistics.median(timings), 1),
                        "max_ms": round(max(timings), 1),
                    }
                )
        peak = peak_rss_mb(server.pid)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    print(
        json.dumps(
            {
                "date": date.today().isoformat(),
                "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
                "backend": "sqlite",
                "workers": 1,
                "results": results,
                "peak_rss_mb": round(peak, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
