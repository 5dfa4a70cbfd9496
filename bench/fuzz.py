"""The long schemathesis run: tests/http/hardening/test_fuzz.py with many examples per operation, against
a demo practice on SQLite (a new file) or on a PostgreSQL/MariaDB server database (created and
dropped here). Prints one JSON object: back-end, requests made, failures, seconds.

    .venv/bin/python bench/fuzz.py --backend sqlite [--examples 220] [--stateful 300]
    .venv/bin/python bench/fuzz.py --backend postgresql   # server from ODPAY_TEST_POSTGRES_URL
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]
SERVERS = {"postgresql": "ODPAY_TEST_POSTGRES_URL", "mariadb": "ODPAY_TEST_MYSQL_URL"}


def _server_database(backend: str) -> tuple[str, object]:
    """A new database on the server; its URL and a function that drops it."""
    server = make_url(os.environ[SERVERS[backend]])
    name = f"odpay_fuzz_{uuid.uuid4().hex[:8]}"
    admin = create_engine(
        server.set(database="postgres" if backend == "postgresql" else None),
        isolation_level="AUTOCOMMIT",
    )
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name}"))

    def drop() -> None:
        with admin.connect() as conn:
            force = " WITH (FORCE)" if backend == "postgresql" else ""
            conn.execute(text(f"DROP DATABASE IF EXISTS {name}{force}"))

    return server.set(database=name).render_as_string(hide_password=False), drop


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "mariadb"], default="sqlite")
    parser.add_argument("--examples", type=int, default=220, help="per operation and mode")
    parser.add_argument("--stateful", type=int, default=300, help="state-machine runs")
    parser.add_argument("--steps", type=int, default=10, help="steps per state-machine run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        drop = None
        if args.backend == "sqlite":
            url = f"sqlite:///{Path(tmp) / 'fuzz.db'}"
        else:
            url, drop = _server_database(args.backend)
        report = Path(tmp) / "report.json"
        env = {
            **os.environ,
            "ODPAY_FUZZ_DATABASE_URL": url,
            "ODPAY_FUZZ_EXAMPLES": str(args.examples),
            "ODPAY_FUZZ_STATEFUL_EXAMPLES": str(args.stateful),
            "ODPAY_FUZZ_STEPS": str(args.steps),
            "ODPAY_FUZZ_REPORT": str(report),
        }
        started = time.monotonic()
        run = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", "-p", "no:cacheprovider",
             "tests/http/hardening/test_fuzz.py"],
            cwd=ROOT, env=env, capture_output=True, text=True,
        )  # fmt: skip
        seconds = round(time.monotonic() - started, 1)
        if drop is not None:
            drop()  # type: ignore[operator]
        counted = json.loads(report.read_text()) if report.exists() else {}
        failed = [line for line in run.stdout.splitlines() if line.startswith("FAILED")]
        print(
            json.dumps(
                {
                    "backend": args.backend,
                    "requests": counted.get("count", 0),
                    "failures": failed,
                    "summary": run.stdout.strip().splitlines()[-1:] if run.stdout else [],
                    "seconds": seconds,
                },
                indent=2,
            )
        )
        if run.returncode != 0:
            sys.stderr.write(run.stdout[-20000:])
            sys.exit(1)


if __name__ == "__main__":
    main()
