"""Where a route's use case runs (http/use_cases.py): on the event loop when the process runs one
use case at a time, and for SQLite's reads; in a worker thread otherwise. And the payment routes
answer the same wherever they run."""

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from decimal import Decimal

import pytest
from anyio import to_thread
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from odpay.http.app import create_app
from odpay.http.auth import EngineDep
from odpay.http.use_cases import UseCaseRouter
from tests.factories import patient, procedure
from tests.http.conftest import KeyMaker


def _app(engine: Engine, threads: int) -> FastAPI:
    """A router's plain `def` routes saying which thread ran them, beside an `async` one that
    names the loop's thread; `threads` use-case threads, as create_app's lifespan sets them."""

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        to_thread.current_default_thread_limiter().total_tokens = threads
        yield

    router = UseCaseRouter()

    @router.get("/read")
    def read(engine: EngineDep) -> int:
        return threading.get_ident()

    @router.post("/write")
    def write(engine: EngineDep) -> int:
        return threading.get_ident()

    @router.get("/loop")
    async def loop() -> int:
        return threading.get_ident()

    app = FastAPI(lifespan=lifespan)
    app.state.engine = engine
    app.include_router(router)
    return app


@pytest.mark.parametrize("threads", [1, 2])
def test_a_use_case_runs_on_the_loop_unless_others_could_run_beside_it(
    db: Engine, threads: int
) -> None:
    with TestClient(_app(db, threads)) as client:
        loop = client.get("/loop").json()
        read_on_loop = client.get("/read").json() == loop
        write_on_loop = client.post("/write").json() == loop
    sqlite = db.dialect.name == "sqlite"
    assert (read_on_loop, write_on_loop) == (threads == 1 or sqlite, threads == 1)


def test_the_routes_keep_their_parameters_in_the_openapi(db: Engine) -> None:
    """FastAPI reads a wrapped route's parameters through `__wrapped__`."""
    operation = create_app(db).openapi()["paths"]["/api/v1/payments/{PayNum}"]["put"]
    assert [p["name"] for p in operation["parameters"]] == ["PayNum"]


def test_payments_written_and_read_on_the_loop_of_a_server_process(
    db: Engine, make_key: KeyMaker
) -> None:
    """With the app's own lifespan (one use-case thread, so the writes run on the loop), POST,
    Refund and GET give the exact splits."""
    guarantor = patient(db)
    child = patient(db, guarantor=guarantor)
    older = procedure(db, child, "60.00", "2026-01-05")
    newer = procedure(db, guarantor, "80.00", "2026-02-05")
    headers = {"Authorization": make_key()}
    with TestClient(create_app(db), headers=headers) as client:
        r = client.post("/api/v1/payments", json={"PayAmt": "100.00", "PatNum": guarantor})
        assert r.status_code == 201, r.text
        pay_num = r.json()["PayNum"]
        splits = client.get(f"/api/v1/paysplits?PayNum={pay_num}").json()
        assert [(s["ProcNum"], s["PatNum"], Decimal(s["SplitAmt"])) for s in splits] == [
            (older, child, Decimal("60")),
            (newer, guarantor, Decimal("40")),
        ]
        refund = client.post("/api/v1/payments/Refund", json={"PayNum": pay_num})
        assert refund.status_code == 201, refund.text
        listed = client.get(f"/api/v1/payments?PatNum={guarantor}").json()
        assert [Decimal(p["PayAmt"]) for p in listed] == [Decimal("100"), Decimal("-100")]
