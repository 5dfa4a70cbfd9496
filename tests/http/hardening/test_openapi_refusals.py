"""The OpenAPI document says what the API does (issue 9 item 12, issue 11): each use case's
refusals are declared once in services/refusals.py, raised by the use case and documented by its
route from there; every
refusal the `client` fixture receives in any test must be documented for its operation
(tests/http/documented.py); PUT bodies require nothing; 401 is on every operation."""

import ast
import re
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from odpay.db.engine import make_engine
from odpay.http.app import create_app
from odpay.http.errors import status_of
from odpay.services import refusals
from odpay.services.errors import Refusal
from odpay.services.payments import create_payment, list_payments, partial_payment, update_payment
from tests.http.documented import documented_texts, undocumented_refusal

SRC = Path(create_payment.__file__).parents[1]
# Service module, the refusals it declares -> (method, path) of the operation that documents them.
DECLARING = [
    (create_payment, refusals.CREATE_PAYMENT_REFUSALS, "post", "/api/v1/payments"),
    (update_payment, refusals.UPDATE_PAYMENT_REFUSALS, "put", "/api/v1/payments/{PayNum}"),
    (list_payments, refusals.LIST_PAYMENTS_REFUSALS, "get", "/api/v1/payments"),
    (
        partial_payment,
        refusals.PARTIAL_PAYMENT_REFUSALS,
        "put",
        "/api/v1/payments/{PayNum}/Partial",
    ),
]


@pytest.fixture(scope="module")
def app() -> FastAPI:
    """The document needs no database: an engine that is never connected."""
    return create_app(make_engine("sqlite://"))


@pytest.fixture(scope="module")
def document(app: FastAPI) -> dict[str, Any]:
    return TestClient(app).get("/openapi.json").json()  # type: ignore[no-any-return]


@pytest.mark.parametrize(("module", "declared", "method", "path"), DECLARING)
def test_each_declared_refusal_is_documented_with_its_exact_text(
    document: dict[str, Any],
    module: ModuleType,
    declared: tuple[Refusal, ...],
    method: str,
    path: str,
) -> None:
    operation = document["paths"][path][method]
    for refusal in declared:
        assert refusal.message in documented_texts(operation, status_of(refusal.kind)), refusal


def test_post_payments_documents_every_refusal_it_can_give(document: dict[str, Any]) -> None:
    operation = document["paths"]["/api/v1/payments"]["post"]
    texts = {s: documented_texts(operation, s) for s in (400, 401, 404)}
    assert len(refusals.CREATE_PAYMENT_REFUSALS) == 21
    assert sum(len(t) for t in texts.values()) == 27  # + 2 body, 3 Idempotency-Key, 1 key
    assert "ProcNum {ProcNum} is invalid." in texts[400]
    assert "DefNum is hidden." in texts[400]


def _raised_literals(module: ModuleType) -> list[str]:
    """Texts written in place, `BadRequest("...")` / `NotFound(f"...")`, in the module."""
    tree = ast.parse(Path(module.__file__ or "").read_text())
    found = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("BadRequest", "NotFound")
            and node.args
            and isinstance(node.args[0], (ast.Constant, ast.JoinedStr))
        ):
            found.append(ast.unparse(node))
    return found


@pytest.mark.parametrize(("module", "declared", "method", "path"), DECLARING)
def test_a_declaring_use_case_raises_only_declared_refusals(
    module: ModuleType, declared: tuple[Refusal, ...], method: str, path: str
) -> None:
    assert _raised_literals(module) == []
    ids = {id(r) for r in declared}
    imported = [v for v in vars(module).values() if isinstance(v, Refusal)]
    assert imported != []
    assert [c for c in imported if id(c) not in ids] == []


@pytest.mark.parametrize(
    ("text", "count"),
    [('"Patient not found."', 1), ('"Patient has been deleted."', 1), ("TEXT_LIMIT = 25", 1)],
)
def test_patient_refusals_and_the_text_limit_are_written_once(text: str, count: int) -> None:
    hits = [
        f"{path.relative_to(SRC)}:{n}"
        for path in SRC.rglob("*.py")
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if text in line
    ]
    assert len(hits) == count, hits


ROUTERS = SRC.parent / "http" / "resources"


_REFUSING = ("bad_request", "not_found", "BadRequest", "NotFound")


def _refusal_text(node: ast.AST) -> ast.expr | None:
    """The text of `(4xx, text)` or of `bad_request(text)`-like calls, else None."""
    if isinstance(node, ast.Tuple) and len(node.elts) == 2:
        status, text = node.elts
        if isinstance(status, ast.Constant) and status.value in range(400, 500):
            return text
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.args:
        return node.args[0] if node.func.id in _REFUSING else None
    return None


def _written_refusals(path: Path) -> list[str]:
    """Refusal texts a router writes itself (`(400, "...")`, `(404, f"...")`,
    `bad_request("...")`) instead of using the declarations of services/refusals.py."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        text = _refusal_text(node)
        if isinstance(text, ast.JoinedStr) or (
            isinstance(text, ast.Constant) and isinstance(text.value, str)
        ):
            found.append(f"{path.name}:{getattr(node, 'lineno', 0)}: {ast.unparse(node)}")
    return found


def test_routers_write_no_refusal_text() -> None:
    """Each route documents the refusals its use case declares, never a copy of their texts."""
    routers = sorted(ROUTERS.glob("*.py"))
    assert len(routers) >= 15
    assert [hit for path in routers for hit in _written_refusals(path)] == []


def test_the_router_scan_sees_a_written_text(tmp_path: Path) -> None:
    router = tmp_path / "router.py"
    router.write_text(
        'A = (400, "PatNum is required.")\nB = (404, f"{x} not found.")\n'
        'C = bad_request("Made up.")\nD = (400, INCLUDE_JSON)\nE = (1, "x")\n'
    )
    assert [hit.split(":")[1] for hit in _written_refusals(router)] == ["1", "2", "3"]


def test_every_operation_documents_401(document: dict[str, Any]) -> None:
    missing = [
        f"{method.upper()} {path}"
        for path, operations in document["paths"].items()
        if path.startswith("/api/v1/")
        for method, operation in operations.items()
        if documented_texts(operation, 401) != ["Not Authorized."]
    ]
    assert missing == []


def test_put_bodies_require_no_field(document: dict[str, Any]) -> None:
    schemas = document["components"]["schemas"]
    required = {}
    for path, operations in document["paths"].items():
        body = operations.get("put", {}).get("requestBody")
        if body:
            name = body["content"]["application/json"]["schema"]["$ref"].rpartition("/")[2]
            required[path] = schemas[name].get("required", [])
    assert len(required) == 10
    assert {p: r for p, r in required.items() if r} == {}
    assert schemas["PatientIn"]["required"] == ["LName", "FName"]  # POST still requires them


def test_delete_procedurelog_documents_an_empty_body(document: dict[str, Any]) -> None:
    answer = document["paths"]["/api/v1/procedurelogs/{ProcNum}"]["delete"]["responses"]["200"]
    assert "content" not in answer


def test_oversize_date_formats_are_documented_on_each_formatting_get(
    document: dict[str, Any],
) -> None:
    texts = [
        "DateFormatString is too long. At most 100 characters.",
        "DateTimeFormatString is too long. At most 100 characters.",
    ]
    formatting = [
        path
        for path, operations in document["paths"].items()
        if "get" in operations and set(texts) <= set(documented_texts(operations["get"], 400))
    ]
    assert "/api/v1/payments" in formatting
    assert "/api/v1/patients/{PatNum}" in formatting
    assert "/api/v1/clinics" not in formatting  # GET /clinics writes no dates
    assert len(formatting) >= 15


def test_the_documented_client_catches_an_undocumented_refusal(app: FastAPI) -> None:
    assert (
        undocumented_refusal(app, "POST", "/api/v1/payments", 400, b'"PatNum is required."') is None
    )
    assert (
        undocumented_refusal(app, "POST", "/api/v1/payments", 400, b'"ProcNum 7 is invalid."')
        is None
    )
    problem = undocumented_refusal(app, "POST", "/api/v1/payments", 400, b'"Made up."')
    assert problem is not None and re.match(r"POST /api/v1/payments: 400 'Made up\.'", problem)
    assert (
        undocumented_refusal(app, "PUT", "/api/v1/payments/Refund", 400, b'"x"') is None
    )  # no route
