"""Fixtures: the `db` engine on SQLite, MariaDB and PostgreSQL, built by odpay's own upgrade.

MariaDB and PostgreSQL run only when ODPAY_TEST_MYSQL_URL / ODPAY_TEST_POSTGRES_URL name a
server; each test run creates its own database there and drops it at the end.
"""

import os
import uuid
from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from odpay.db.engine import make_engine, normalise_url
from odpay.db.upgrade import upgrade
from odpay.services.clock import fixed_clock
from tests.factories import SPEC_TODAY

BACKENDS = {
    "sqlite": None,
    "mariadb": "ODPAY_TEST_MYSQL_URL",
    "postgresql": "ODPAY_TEST_POSTGRES_URL",
}


def _server_database(server_url: str, name: str) -> tuple[str, Engine]:
    """Create database `name` on the server; return its URL and an admin engine."""
    url = normalise_url(server_url)
    backend = url.get_backend_name()
    admin_db = "postgres" if backend == "postgresql" else None
    admin = create_engine(url.set(database=admin_db), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {name}"))
        conn.execute(text(f"CREATE DATABASE {name}"))
    return url.set(database=name).render_as_string(hide_password=False), admin


def create_test_database(backend: str, tmp_dir: Path) -> tuple[Engine, object]:
    """A new, upgraded database on `backend`; returns the engine and a drop callback."""
    if backend == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_dir / f'odpay-{uuid.uuid4().hex[:8]}.db'}")
        upgrade(engine)
        return engine, engine.dispose
    server_url = os.environ.get(BACKENDS[backend] or "")
    if not server_url:
        pytest.skip(f"{BACKENDS[backend]} is not set")
    name = f"odpay_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    url, admin = _server_database(server_url, name)
    engine = make_engine(url)
    upgrade(engine)

    def drop() -> None:
        engine.dispose()
        with admin.connect() as conn:
            if backend == "postgresql":
                conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            else:
                conn.execute(text(f"DROP DATABASE IF EXISTS {name}"))
        admin.dispose()

    return engine, drop


@pytest.fixture(scope="session", params=list(BACKENDS))
def db(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    """One upgraded database per back-end for the whole run. Tests build their own families
    and assert only on them, so they need no clean-up.

    Practice-wide rows are shared too: a test that adds what a service picks by itself (the
    first definition of a category, a preference, a row found by its name) or that expects
    the blank practice's defaults uses `fresh_db` instead."""
    engine, drop = create_test_database(request.param, tmp_path_factory.mktemp("db"))
    yield engine
    drop()  # type: ignore[operator]


@pytest.fixture(scope="session", params=["mariadb", "postgresql"])
def server_db(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    """Like `db`, on the two servers only: for row-lock behaviour SQLite does not have."""
    engine, drop = create_test_database(request.param, tmp_path_factory.mktemp("db"))
    yield engine
    drop()  # type: ignore[operator]


@pytest.fixture
def fresh_db(request: pytest.FixtureRequest, db: Engine, tmp_path: Path) -> Iterator[Engine]:
    """A database of its own, on the same back-end as `db`, for tests that change
    practice-wide state (preferences, definitions) or need an empty practice."""
    backend = db.dialect.name
    backend = "mariadb" if backend in ("mysql", "mariadb") else backend
    engine, drop = create_test_database(backend, tmp_path)
    yield engine
    drop()  # type: ignore[operator]


@pytest.fixture
def spec_today() -> Iterator[date]:
    """odpay's clock stopped at noon on SPEC_TODAY for the test, so a test can write the spec's
    dates as they are: what is due stays due and a future charge stays in the future."""
    with fixed_clock(datetime.combine(SPEC_TODAY, time(12))) as now:
        yield now.date()


def backend_url(engine: Engine) -> str:
    return make_url(engine.url).render_as_string(hide_password=False)
