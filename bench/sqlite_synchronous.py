"""What PRAGMA synchronous=FULL costs against NORMAL: sequential one-row commits through
odpay's own SQLite engine (WAL, BEGIN IMMEDIATE), alternating the two settings.

python bench/sqlite_synchronous.py [--commits 2000] [--rounds 3] [--dir bench/out]

Prints one JSON object: per setting, the median over rounds of the wall time per commit (µs).
FULL syncs the write-ahead log at every commit; NORMAL only at checkpoints. The difference is
the price of an fsync on the disk under --dir.
"""

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from odpay.db.engine import WRITE_OPTION, make_engine


def per_commit_us(path: Path, mode: str, commits: int) -> float:
    os.environ["ODPAY_SQLITE_SYNCHRONOUS"] = mode
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    engine = make_engine(f"sqlite:///{path}")
    try:
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE t (n INTEGER PRIMARY KEY, v TEXT)"))
        writer = engine.connect().execution_options(**{WRITE_OPTION: True})
        with writer as conn:
            started = time.perf_counter()
            for n in range(commits):
                with conn.begin():
                    conn.execute(text("INSERT INTO t (v) VALUES (:v)"), {"v": f"row {n}"})
            return (time.perf_counter() - started) / commits * 1e6
    finally:
        engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--commits", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--dir", default=str(Path(__file__).parent / "out"))
    args = parser.parse_args()
    Path(args.dir).mkdir(parents=True, exist_ok=True)
    path = Path(args.dir) / "synchronous.db"
    results: dict[str, list[float]] = {"FULL": [], "NORMAL": []}
    for _ in range(args.rounds):
        for mode in results:
            results[mode].append(per_commit_us(path, mode, args.commits))
    print(
        json.dumps(
            {
                "machine": platform.platform(),
                "load_average_1min": os.getloadavg()[0],
                "commits": args.commits,
                "us_per_commit_median": {
                    m: round(statistics.median(v), 1) for m, v in results.items()
                },
                "us_per_commit_all": {m: [round(x, 1) for x in v] for m, v in results.items()},
            }
        )
    )


if __name__ == "__main__":
    main()
