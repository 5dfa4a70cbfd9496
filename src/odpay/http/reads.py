"""run_read(): where a GET route runs its use case.

On SQLite a read never waits: WAL readers take no lock, the file is local, and the whole call
holds the GIL, so a worker thread would only add its hop (about 0.15 ms of a 1 ms page,
bench/RESULTS.md) — the read runs on the event loop. On MariaDB and PostgreSQL a read waits on
the network, so it runs in a worker thread like every write, and the loop serves others
meanwhile.
"""

from collections.abc import Callable
from typing import ParamSpec, TypeVar

from fastapi.concurrency import run_in_threadpool
from sqlalchemy import Engine

T = TypeVar("T")
A = ParamSpec("A")


async def run_read(engine: Engine, read: Callable[A, T], *args: A.args, **kwargs: A.kwargs) -> T:
    if engine.dialect.name == "sqlite":
        return read(*args, **kwargs)
    return await run_in_threadpool(read, *args, **kwargs)
