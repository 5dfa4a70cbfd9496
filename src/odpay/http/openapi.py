"""What /openapi.json says beyond what FastAPI sees: request bodies the routes read themselves,
and the JSON-string error bodies with their exact texts."""

import inspect
from collections.abc import Iterable, Sequence
from typing import Any

from fastapi import APIRouter, FastAPI
from fastapi.routing import APIRoute
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from odpay.http.errors import status_of
from odpay.http.routing import MALFORMED
from odpay.http.wire.json_body import INCLUDE_JSON, INVALID_JSON
from odpay.http.wire.payments import FORMAT_REFUSALS, QUERY_VALUE_INVALID
from odpay.services.errors import NotAuthorized, Refusal
from odpay.services.refusals import (
    ANY_FIELD_INVALID,
    ANY_FIELD_NOT_SUPPORTED,
    ANY_FIELD_REQUIRED,
    ANY_FIELD_TOO_LONG,
)

_REQUEST_MODELS: dict[str, type[BaseModel]] = {}
# What any body with named fields can be refused with, besides its route's own rules: the
# body itself, and a field by its own name (`Gender is invalid.`, `ProcCode is too long.`).
BODY_FIELD_REFUSALS = (
    (400, INCLUDE_JSON),
    (400, INVALID_JSON),
    ANY_FIELD_REQUIRED,
    ANY_FIELD_INVALID,
    ANY_FIELD_TOO_LONG,
    ANY_FIELD_NOT_SUPPORTED,
)
_STATUS_MEANINGS = {
    400: "Refused: the body is the message as a JSON string.",
    401: "No key, an unknown or disabled key, or a key without this route's permission.",
    404: "A row the request names does not exist.",
}


def request_body(model: type[BaseModel], *examples: dict[str, Any]) -> dict[str, Any]:
    """`openapi_extra` for a route that parses its body itself: the body is `model`, with
    `examples` (default: the model's own). Examples name rows of the demo practice that
    `make run` serves, so "Try it out" succeeds there (tests/http/test_openapi_examples.py)."""
    _REQUEST_MODELS[model.__name__] = model
    media: dict[str, Any] = {"schema": {"$ref": f"#/components/schemas/{model.__name__}"}}
    extra = model.model_config.get("json_schema_extra")
    own = extra.get("examples") if isinstance(extra, dict) else None
    shown: Sequence[object] = examples or (own if isinstance(own, list) else ())
    if shown:
        media["examples"] = {f"Example {i}": {"value": e} for i, e in enumerate(shown, 1)}
    return {"requestBody": {"required": True, "content": {"application/json": media}}}


def demo_example(value: int) -> dict[str, Any]:
    """`openapi_examples` for a path ID: a row of the demo practice `make run` serves."""
    return {"demo": {"summary": "In the demo practice", "value": value}}


# The query parameters several lists take, read the same way by each: described once here.
_SHARED_QUERY_PARAMETERS = {
    "Limit": "Page size: default 100, at most 1000.",
    "Offset": "Rows to skip.",
    "DateTStamp": "Changed on or after, yyyy-MM-dd HH:mm:ss.",
    "DateFormatString": "Pattern for dates, e.g. MM/dd/yyyy.",
    "DateTimeFormatString": "Pattern for date-times, e.g. dd/MM/yyyy HH:mm:ss zzz.",
}


def query_parameters(*parameters: tuple[str, str] | str) -> dict[str, Any]:
    """`openapi_extra` for query parameters read as text (first value wins, junk is lenient):
    a route's own as (name, description), a shared one (`"Limit"`, `"Offset"`, ...) by name."""
    named = ((p, _SHARED_QUERY_PARAMETERS[p]) if isinstance(p, str) else p for p in parameters)
    return {
        "parameters": [
            {
                "name": name,
                "in": "query",
                "required": False,
                "description": text,
                "schema": {"type": "string"},
            }
            for name, text in named
        ]
    }


def error_responses(*cases: tuple[int, str] | Refusal) -> dict[int | str, dict[str, Any]]:
    """`responses=` for the refusals a route can give: the use case's declared `Refusal`s
    (a text with `{Name}` places is a template) or (status, text) pairs; 401 `Not
    Authorized.` is always one."""
    by_status: dict[int, list[str]] = {401: [NotAuthorized().message]}
    for case in cases:
        status, message = (
            (status_of(case.kind), case.message) if isinstance(case, Refusal) else case
        )
        if message not in by_status.setdefault(status, []):
            by_status[status].append(message)
    return {
        status: {
            "description": _STATUS_MEANINGS.get(status, "Error."),
            "content": {
                "application/json": {
                    "schema": {"type": "string"},
                    "examples": {m: {"value": m} for m in messages},
                }
            },
        }
        for status, messages in sorted(by_status.items())
    }


def install_openapi(
    app: FastAPI,
    extra_models: Iterable[type[BaseModel]] = (),
    routers: Iterable[APIRouter] = (),
) -> None:
    """Generate the document once, with the request-body models in its components."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = generate()
            models = [*_REQUEST_MODELS.values(), *extra_models]
            _, definitions = models_json_schema(
                [(m, "validation") for m in models], ref_template="#/components/schemas/{model}"
            )
            components = document.setdefault("components", {}).setdefault("schemas", {})
            components.update(definitions.get("$defs", {}))
            _drop_validation_errors(document)
            _add_format_refusals(routers, document)
            _optional_fields_on_put(document)
            _malformed_ids(document)
            _query_values(document)
        return app.openapi_schema or {}

    app.openapi = openapi  # type: ignore[method-assign]


def _drop_validation_errors(document: dict[str, Any]) -> None:
    """FastAPI lists a 422 for every route with a parameter; odpay never sends one."""
    for operations in document.get("paths", {}).values():
        for operation in operations.values():
            operation.get("responses", {}).pop("422", None)
    schemas = document.get("components", {}).get("schemas", {})
    for name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(name, None)


def _add_format_refusals(routers: Iterable[APIRouter], document: dict[str, Any]) -> None:
    """Every GET that reads DateFormatString/DateTimeFormatString (`query_formats`) can refuse
    an oversize pattern: document it there, from the refusals `query_formats` raises."""
    routes = [route for router in routers for route in router.routes]
    for route in routes:
        if not isinstance(route, APIRoute) or not route.include_in_schema:
            continue
        endpoint = inspect.unwrap(route.endpoint)  # the route's own function (http/use_cases.py)
        if "query_formats" not in endpoint.__code__.co_names:
            continue
        operation = document["paths"][route.path_format]["get"]
        extra = error_responses(*FORMAT_REFUSALS)[400]
        found = operation["responses"].setdefault("400", extra)
        found["content"]["application/json"]["examples"].update(
            extra["content"]["application/json"]["examples"]
        )


def _optional_fields_on_put(document: dict[str, Any]) -> None:
    """A PUT changes only the fields it names: where it shares its body model with a POST,
    it gets a copy of the model's schema, `{Model}Changes`, that requires nothing."""
    schemas = document["components"]["schemas"]
    for operations in document["paths"].values():
        media = operations.get("put", {}).get("requestBody", {}).get("content", {})
        schema = media.get("application/json", {}).get("schema", {})
        name = schema.get("$ref", "").rpartition("/")[2]
        if "required" not in schemas.get(name, {}):
            continue
        changes = f"{name}Changes"
        schemas[changes] = {
            **{k: v for k, v in schemas[name].items() if k != "required"},
            "title": changes,
        }
        schema["$ref"] = f"#/components/schemas/{changes}"


def _malformed_ids(document: dict[str, Any]) -> None:
    """A path ID that is not digits fits no route: 400 `Malformed API request.` (routing.py),
    documented on every operation that has one."""
    for path, operations in document["paths"].items():
        if "{" not in path:
            continue
        for operation in operations.values():
            extra = error_responses(MALFORMED)[400]
            found = operation.setdefault("responses", {}).setdefault("400", extra)
            found.setdefault("content", extra["content"])["application/json"].setdefault(
                "examples", {}
            ).update(extra["content"]["application/json"]["examples"])


def _query_values(document: dict[str, Any]) -> None:
    """A query value holding NUL is `{Field} is invalid.` (wire/payments.py, query_text), on
    every operation that reads query parameters."""
    for operations in document["paths"].values():
        for operation in operations.values():
            if not any(p.get("in") == "query" for p in operation.get("parameters", [])):
                continue
            extra = error_responses(QUERY_VALUE_INVALID)[400]
            found = operation.setdefault("responses", {}).setdefault("400", extra)
            found.setdefault("content", extra["content"])["application/json"].setdefault(
                "examples", {}
            ).update(extra["content"]["application/json"]["examples"])
