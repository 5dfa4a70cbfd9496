"""CPU µs that logs and metrics add to one POST /payments, piece by piece, in one process.

    .venv/bin/python bench/observe_hot_path.py [--log-format text|json] [--n 20000]

Runs in prometheus_client's multiprocess mode (a temporary PROMETHEUS_MULTIPROC_DIR, as
`odpay serve --workers 2` sets up) and logs to a file under bench/out, like the bench server.
Each piece is what one POST runs: the access middleware around a trivial ASGI answer (request
id, path, request metrics, access line), the family lock timer, the allocation timer with the
family size, the payment counter and, on SQLite, the write-lock timer. Prints one JSON object:
µs per call of each piece (process CPU time) and their sum.
"""

import argparse
import asyncio
import json
import logging
import logging.config
import os
import sys
import tempfile
import time
from collections.abc import Callable, Coroutine
from pathlib import Path

from starlette.types import Message, Receive, Scope, Send

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
# Before prometheus_client is imported, which picks its mode then.
os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="odpay-bench-metrics-")

from odpay.domain.family import Family
from odpay.domain.records import Patient
from odpay.http.access_log import AccessLogMiddleware
from odpay.logs import LogFormat, log_config
from odpay.services import metrics

OUT = Path(__file__).parent / "out"
_SCOPE: Scope = {
    "type": "http",
    "method": "POST",
    "path": "/api/v1/payments",
    "raw_path": b"/api/v1/payments",
    "query_string": b"",
    "headers": [(b"host", b"127.0.0.1"), (b"content-type", b"application/json")],
    "client": ("127.0.0.1", 50000),
}


def _cpu_us(n: int, work: Callable[[], None]) -> float:
    started = time.process_time()
    for _ in range(n):
        work()
    return round((time.process_time() - started) / n * 1e6, 2)


async def _answer(scope: Scope, receive: Receive, send: Send) -> None:
    await send({"type": "http.response.start", "status": 201, "headers": []})
    await send({"type": "http.response.body", "body": b"{}"})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--log-format", choices=["text", "json"], default="text")
    parser.add_argument("--n", type=int, default=20_000)
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    config = log_config(LogFormat(args.log_format))
    config["handlers"]["stderr"]["stream"] = (OUT / "observe-hot-path.log").open("w")
    logging.config.dictConfig(config)

    middleware = AccessLogMiddleware(_answer)
    loop = asyncio.new_event_loop()

    async def sink(message: Message) -> None:
        return None

    async def nothing() -> Message:
        return {}

    async def requests(n: int) -> None:
        for _ in range(n):
            await middleware({**_SCOPE, "route": None}, nothing, sink)

    async def bare(n: int) -> None:
        for _ in range(n):
            await _answer(_SCOPE, nothing, sink)

    def timed(coroutine: Callable[[int], Coroutine[None, None, None]]) -> float:
        started = time.process_time()
        loop.run_until_complete(coroutine(args.n))
        return float((time.process_time() - started) / args.n * 1e6)

    middleware_us = round(timed(requests) - timed(bare), 2)
    family = Family(Patient(1, 1), (Patient(1, 1),))

    def lock() -> None:
        with metrics.family_lock_wait():
            pass

    def allocation() -> None:
        with metrics.allocation(family):
            pass

    pieces = {
        "access middleware (id, path, request metrics, access line)": middleware_us,
        "family lock timer": _cpu_us(args.n, lock),
        "allocation timer and family size": _cpu_us(args.n, allocation),
        "payment counter": _cpu_us(args.n, metrics.payment_created),
        "SQLite write-lock timer": _cpu_us(args.n, lambda: metrics.database_lock_waited(0.001)),
    }
    print(
        json.dumps(
            {
                "log_format": args.log_format,
                "n": args.n,
                "cpu_us": pieces,
                "cpu_us_per_post": round(sum(pieces.values()), 1),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
