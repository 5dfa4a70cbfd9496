"""The app through TestClient on the `db` engine, with a registered key pair in its headers."""

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from odpay.http.app import create_app
from odpay.services.keys import create_key
from tests.http.documented import undocumented_refusal

KeyMaker = Callable[..., str]


@pytest.fixture
def make_key(db: Engine) -> KeyMaker:
    """Register a new key pair on `db`; return its Authorization header value."""

    def make(permissions: tuple[str, ...] = ("ApiReadAll", "ApiPayments"), **kwargs: str) -> str:
        developer_key, customer_key = f"dev{uuid.uuid4().hex}", f"cust{uuid.uuid4().hex}"
        create_key(db, developer_key, customer_key, permissions, **kwargs)
        return f"ODFHIR {developer_key}/{customer_key}"

    return make


class DocumentedClient(TestClient):
    """A TestClient that fails the test when a refusal's text is not in /openapi.json for
    the operation that answered it (tests/http/documented.py)."""

    def request(self, method: str, url: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().request(method, url, *args, **kwargs)
        problem = undocumented_refusal(
            self.app,  # type: ignore[arg-type]
            method.upper(),
            response.request.url.path,
            response.status_code,
            response.content,
        )
        assert problem is None, problem
        return response


# The key of `client`, one per database: keys are hashed with scrypt (~50 ms each), too slow
# to make one for each of hundreds of tests.
_client_keys: dict[Engine, str] = {}


@pytest.fixture
def client(db: Engine, make_key: KeyMaker) -> TestClient:
    """A client whose requests carry a key with every permission (developer name `odpay`);
    every refusal it receives must be documented for its operation."""
    header = _client_keys.get(db) or _client_keys.setdefault(db, make_key())
    return DocumentedClient(create_app(db), headers={"Authorization": header})


@pytest.fixture
def fresh_client(fresh_db: Engine) -> TestClient:
    """Like `client`, on a database of its own (preferences, explicit keys)."""
    create_key(fresh_db, "freshdeveloperkey", "freshcustomerkey")
    return TestClient(
        create_app(fresh_db), headers={"Authorization": "ODFHIR freshdeveloperkey/freshcustomerkey"}
    )
