"""Every example in /openapi.json succeeds against the demo practice `make run` serves: each
request body example, sent with the path IDs' examples, on its own copy of that database
(so "Try it out" in /docs works there); and each GET of one row by its example ID."""

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine

from odpay.db.engine import make_engine
from odpay.http.app import create_app

ROOT = Path(__file__).parents[2]
AUTH = {"Authorization": "ODFHIR NFF6i0KrXrxDkZHt/VzkmZEaUWOjnQX2z"}


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file made by `make demo-db`, as `make run` makes its database."""
    path = tmp_path_factory.mktemp("openapi") / "demo.db"
    made = subprocess.run(
        ["make", "-s", "demo-db", f"BIN={Path(sys.executable).parent}",
         f"DATABASE_URL=sqlite:///{path}"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    return path


@pytest.fixture
def demo(demo_file: Path, tmp_path: Path) -> Iterator[TestClient]:
    """A client on a copy of the demo database of its own."""
    copy = tmp_path / "copy.db"
    shutil.copy(demo_file, copy)
    engine = make_engine(f"sqlite:///{copy}")
    yield TestClient(create_app(engine), headers=AUTH)
    engine.dispose()


def _document() -> dict[str, Any]:
    document: dict[str, Any] = create_app(create_engine("sqlite://")).openapi()
    return document


def _path_with_examples(path: str, operation: dict[str, Any]) -> str:
    for parameter in operation.get("parameters", []):
        if parameter["in"] == "path":
            [example] = parameter["examples"].values()
            path = path.replace("{" + parameter["name"] + "}", str(example["value"]))
    return path


def _cases() -> list[Any]:
    cases = []
    for path, operations in _document()["paths"].items():
        for method, operation in operations.items():
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if body:
                for name, example in body.get("examples", {}).items():
                    cases.append(
                        pytest.param(method, path, operation, example["value"],
                                     id=f"{method.upper()} {path} {name}")
                    )  # fmt: skip
            elif method == "get" and "{" in path:
                cases.append(pytest.param(method, path, operation, None, id=f"GET {path}"))
    return cases


@pytest.mark.parametrize(("method", "path", "operation", "body"), _cases())
def test_each_example_succeeds_on_the_demo_practice(
    demo: TestClient, method: str, path: str, operation: dict[str, Any], body: Any
) -> None:
    answer = demo.request(method, _path_with_examples(path, operation), json=body)
    assert answer.status_code in (200, 201), answer.json()
