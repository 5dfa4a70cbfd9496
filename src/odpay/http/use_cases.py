"""Where a route's use case runs: on the event loop, or in one of the process's worker threads.

Routes are plain `def` functions; `UseCaseRouter` decides for each request where one runs
(docs/decisions.md "Where a use case runs"):

- on the event loop when the process runs one use case at a time (the default of 1 thread on
  every back-end): a thread would only add its hop, two wake-ups and the interpreter lock
  passed back and forth at each query. PostgreSQL POSTs went from 400 to 480 req/s at 16
  clients, MariaDB's from 366 to 404 (sixth session), SQLite's from 481 to 642 (seventh
  session; bench/RESULTS.md);
- in a worker thread when the process runs several at a time (`--threads` above 1), so that
  one waiting for SQLite's write lock or a row lock does not hold up the others;
- on the event loop for a GET on SQLite whatever the threads: a WAL read never waits.

The router finds the back-end in the route's parameter named `engine` (EngineDep).
"""

from collections.abc import Callable
from functools import wraps
from inspect import iscoroutinefunction
from typing import Any, ParamSpec, TypeVar

from anyio import to_thread
from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import Engine

Endpoint = Callable[..., Any]
T = TypeVar("T")
A = ParamSpec("A")


class UseCaseRouter(APIRouter):
    """An APIRouter whose plain `def` routes run where `runs_on_loop` says."""

    def add_api_route(self, path: str, endpoint: Endpoint, **options: Any) -> None:
        if not iscoroutinefunction(endpoint):
            methods = options.get("methods") or ["GET"]
            endpoint = placed(endpoint, reads=set(methods) <= {"GET", "HEAD"})
        super().add_api_route(path, endpoint, **options)


def placed(endpoint: Endpoint, reads: bool) -> Endpoint:
    """`endpoint` as a coroutine that runs it on the loop or in a worker thread. FastAPI reads
    the parameters through `__wrapped__`, so dependencies and the OpenAPI stay the route's."""

    @wraps(endpoint)
    async def run(**values: Any) -> Any:
        return await run_use_case(values.get("engine"), reads, endpoint, **values)

    return run


async def run_use_case(
    engine: Engine | None,
    reads: bool,
    use_case: Callable[A, T],
    /,
    *args: A.args,
    **kwargs: A.kwargs,
) -> T:
    """`use_case(*args, **kwargs)` where it runs (above)."""
    if runs_on_loop(engine, reads):
        return use_case(*args, **kwargs)
    return await run_in_threadpool(use_case, *args, **kwargs)


def runs_on_loop(engine: Engine | None, reads: bool) -> bool:
    if reads and engine is not None and engine.dialect.name == "sqlite":
        return True
    return to_thread.current_default_thread_limiter().total_tokens == 1
