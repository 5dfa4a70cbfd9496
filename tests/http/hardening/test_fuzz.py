"""Schemathesis over every operation of /openapi.json, and its stateful links, against the
demo practice: no answer is a 5xx, every answer fits the documented schema and status, and
every refusal's text is documented for its operation (tests/http/documented.py).

This is the short, fixed-seed form (a few hundred requests). bench/fuzz.py runs the same
test long (ODPAY_FUZZ_EXAMPLES, ODPAY_FUZZ_STEPS) against SQLite or PostgreSQL
(ODPAY_FUZZ_DATABASE_URL) and reports how many requests were made (ODPAY_FUZZ_REPORT).
"""

import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import Case, GenerationMode
from schemathesis.checks import CheckContext
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from odpay.db.engine import make_engine
from odpay.http.app import create_app
from tests.http.documented import undocumented_refusal

ROOT = Path(__file__).resolve().parents[3]
AUTH = {"Authorization": "ODFHIR NFF6i0KrXrxDkZHt/VzkmZEaUWOjnQX2z"}  # `make demo-db`'s key
EXAMPLES = int(os.environ.get("ODPAY_FUZZ_EXAMPLES", "6"))
STEPS = int(os.environ.get("ODPAY_FUZZ_STEPS", "6"))
STATEFUL_EXAMPLES = int(os.environ.get("ODPAY_FUZZ_STATEFUL_EXAMPLES", "10"))
REPORT = os.environ.get("ODPAY_FUZZ_REPORT")
_requests = {"count": 0}
_lock = threading.Lock()


def _demo_url(tmp: Path) -> str:
    url = os.environ.get("ODPAY_FUZZ_DATABASE_URL") or f"sqlite:///{tmp / 'fuzz.db'}"
    made = subprocess.run(
        ["make", "-s", "demo-db", f"BIN={Path(sys.executable).parent}", f"DATABASE_URL={url}"],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    return url


@pytest.fixture(scope="module")
def fuzz_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastAPI]:
    engine = make_engine(_demo_url(tmp_path_factory.mktemp("fuzz")))
    yield create_app(engine)
    engine.dispose()
    if REPORT:
        Path(REPORT).write_text(json.dumps(_requests))


@pytest.fixture(scope="module")
def fuzz_schema(fuzz_app: FastAPI) -> Any:
    return schemathesis.openapi.from_asgi("/openapi.json", fuzz_app)


def _documented(ctx: CheckContext, response: Any, case: Case[Any]) -> bool | None:
    """A 4xx answers with a text documented for its operation and status."""
    problem = undocumented_refusal(
        _APP["app"], case.method.upper(), urlsplit(str(response.request.url)).path,
        response.status_code, response.content,
    )  # fmt: skip
    if problem is not None:
        raise AssertionError(problem)
    return None


def _not_a_server_error(ctx: CheckContext, response: Any, case: Case[Any]) -> bool | None:
    if response.status_code >= 500:
        raise AssertionError(f"{case.method} {case.formatted_path}: {response.status_code}")
    return None


_APP: dict[str, Any] = {}
CHECKS = [
    _not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    _documented,
]


def _count() -> None:
    with _lock:
        _requests["count"] += 1


def _operations() -> list[Any]:
    document = schemathesis.openapi.from_asgi("/openapi.json", create_app(make_engine("sqlite://")))
    return [
        pytest.param(f"{op.method.upper()} {op.path}", id=f"{op.method.upper()} {op.path}")
        for op in (result.ok() for result in document.get_all_operations())  # type: ignore[union-attr]
    ]


@pytest.mark.parametrize("label", _operations())
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_every_operation(fuzz_schema: Any, fuzz_app: FastAPI, label: str, mode: Any) -> None:
    _APP["app"] = fuzz_app
    method, path = label.split(" ", 1)
    operation = next(
        op
        for op in (result.ok() for result in fuzz_schema.get_all_operations())
        if op.method.upper() == method and op.path == path
    )

    raw = operation.definition.raw
    if mode == GenerationMode.NEGATIVE and not (raw.get("parameters") or raw.get("requestBody")):
        pytest.skip("nothing to get wrong: the operation takes no input")

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Case[Any]) -> None:
        response = case.call(headers=AUTH)
        _count()
        case.validate_response(response, checks=CHECKS)

    run()


def test_stateful_links(fuzz_schema: Any, fuzz_app: FastAPI) -> None:
    _APP["app"] = fuzz_app
    machine = fuzz_schema.as_state_machine()

    class Links(machine):  # type: ignore[misc, valid-type]
        def get_call_kwargs(self, case: Case[Any]) -> dict[str, Any]:
            return {"headers": AUTH}

        def after_call(self, response: Any, case: Case[Any]) -> None:
            _count()

        def validate_response(self, response: Any, case: Case[Any], **kwargs: Any) -> None:
            case.validate_response(response, checks=CHECKS)

    Links.run(
        settings=settings(
            max_examples=STATEFUL_EXAMPLES,
            stateful_step_count=STEPS,
            derandomize=True,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
    )
