"""What refused requests cost the requests after them: POST /payments in one process, one in
`k` of them refused (a patient that does not exist, so a 4xx after the transaction began).

python bench/refusals.py [--backend postgresql] [--requests 1000] [--every 0,10,3] [--rounds 2]

Serves the issue's workload (200 families of 50 completed procedures) through the ASGI app in
this process (no uvicorn), one request after another, and prints one JSON object: for each
`every` (0: none refused) and round, odpay's CPU ms per request (this process) and the database
server's (from /proc: run it on the database's machine). A refused request ends its transaction
with a rollback; on PostgreSQL psycopg's own rollback also forgot every prepared statement of
the connection, which the requests after it then prepared again (docs/decisions.md).
"""

import argparse
import json
import sys
import time
from datetime import date
from pathlib import Path

from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.families import analyze, prepare
from bench.run_post import AUTH, database_cpu_seconds, database_url, machine
from odpay.db.engine import make_engine
from odpay.http.app import create_app

_NO_SUCH_PATIENT = 999_999_999


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", default="postgresql", choices=["mariadb", "postgresql"])
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--every", default="0,10,3")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    engine = make_engine(database_url(args.backend, "refusals"))
    guarantors = prepare(engine, 200, date.today(), 50, "issue")
    analyze(engine)
    headers = {"Authorization": AUTH}
    runs = []
    with TestClient(create_app(engine)) as client:

        def post(pat_num: int) -> int:
            body = {"PayAmt": "1.00", "PatNum": pat_num}
            return client.post("/api/v1/payments", json=body, headers=headers).status_code

        for n in range(300):  # warm-up: statements prepared, splits to read
            post(guarantors[n % len(guarantors)])
        analyze(engine)
        for _ in range(args.rounds):
            for every in (int(k) for k in args.every.split(",")):
                refused = 0
                cpu, database = time.process_time(), database_cpu_seconds(args.backend)
                for n in range(args.requests):
                    if every and n % every == 0:
                        assert post(_NO_SUCH_PATIENT) >= 400
                        refused += 1
                    else:
                        assert post(guarantors[n % len(guarantors)]) == 201
                runs.append(
                    {
                        "refused_one_in": every,
                        "refused": refused,
                        "odpay_cpu_ms_per_request": round(
                            (time.process_time() - cpu) * 1000 / args.requests, 2
                        ),
                        "database_cpu_ms_per_request": round(
                            (database_cpu_seconds(args.backend) - database) * 1000 / args.requests,
                            2,
                        ),
                    }
                )
    engine.dispose()
    print(json.dumps({"machine": machine(), "backend": args.backend, "runs": runs}, indent=2))


if __name__ == "__main__":
    main()
