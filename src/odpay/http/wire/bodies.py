"""Plumbing shared by the sandbox resources' routes: a JSON body read into a service input by
the input's field types, the query string's first values, and the small value writers of
Open Dental's JSON.

Spec: wire-format.md §3 (request leniency), §4 (responses). Every field goes through
json_body's converters, so the rules (and `Invalid JSON.`) are the payments endpoints' own.
"""

from collections.abc import Callable
from datetime import time
from decimal import Decimal
from functools import cache
from typing import Any, TypeVar, get_type_hints

from fastapi import Request

from odpay.domain.money import to_double
from odpay.http.wire import json_body as field
from odpay.http.wire.json_body import RawBody, read_object
from odpay.http.wire.payments import query_text
from odpay.services.errors import BadRequest

T = TypeVar("T")


@cache
def _readers(cls: type) -> tuple[tuple[str, Callable[[Any], Any]], ...]:
    """(field name, converter) for each body field of the input dataclass `cls`."""
    readers: list[tuple[str, Callable[[Any], Any]]] = []
    for name, kind in get_type_hints(cls).items():
        if "_" in name and name.islower():
            continue  # pat_num, body_error: set from the URL or by the route, not the body
        if kind == (bool | str | None):
            readers.append((name, field.boolean_text))
        elif kind == (int | None):
            readers.append((name, field.integer))
        elif kind == (tuple[int, ...] | None):
            readers.append((name, field.integers))
        else:
            readers.append((name, field.text))
    return tuple(readers)


def _converted(cls: type[T], body: RawBody, **url: Any) -> T:
    fields = read_object(body)
    values = {name: read(fields.get(name)) for name, read in _readers(cls)}  # type: ignore[arg-type]
    return cls(**url, **values)


def body_input(cls: type[T], body: RawBody) -> T:
    """A POST's input; an empty or unreadable body is refused here, before the service."""
    return _converted(cls, body)


def update_input(cls: type[T], body: RawBody, **url: Any) -> T:
    """A PUT's input: the row is looked up before the body is judged, so a body error travels
    to the service as `body_error` (as for PUT /payments)."""
    try:
        return _converted(cls, body, **url)
    except BadRequest as error:
        made: T = cls(**url, body_error=error.message)  # type: ignore[call-arg]
        return made


def first_values(request: Request) -> dict[str, str]:
    """Each query parameter's first value (names are case-sensitive, wire-format.md §3)."""
    values: dict[str, str] = {}
    for name, value in request.query_params.multi_items():
        values.setdefault(name, value)
    return {name: query_text(name, value) for name, value in values.items()}


def bool_text(value: bool) -> str:
    return "true" if value else "false"


def number(amount: Decimal) -> float:
    """A money column as a JSON number: the double's shortest text, always with a point."""
    return to_double(amount)


def time_text(value: time) -> str:
    return value.strftime("%H:%M:%S")
