"""Frozen records built from table rows by their fields' types, and rows written back.

A record field named like a column takes that column's value, converted by the field's type
(money columns are doubles in the database and Decimal cents in records, README convention 1).
`columns_of` and `record_reader` do it by position for the statements that read many rows;
`record_of` by name for the sandbox resources.
"""

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, time, timedelta
from decimal import Decimal
from functools import cache
from typing import Any, TypeVar, get_type_hints

from sqlalchemy import Column, Connection, String, Table, insert, update

from odpay.domain.money import from_double, to_double

R = TypeVar("R")


@cache
def _field_types(cls: type) -> tuple[tuple[str, Any], ...]:
    hints = get_type_hints(cls)
    return tuple((f.name, hints[f.name]) for f in dataclasses.fields(cls))


def _converted(kind: Any, value: Any) -> Any:
    if kind is Decimal:
        return from_double(value)
    if kind is bool:
        return bool(value)
    if kind is int:
        return int(value)
    if kind is str:
        return "" if value is None else str(value)
    if kind is time and isinstance(value, timedelta):  # a MariaDB TIME read without a processor
        return (datetime.min + value).time()
    return value


def columns_of(table: Table, cls: type) -> list[Column[Any]]:
    """The table's columns for the record's fields, in the record's order; a field without a
    column must come last (a statement adds it, e.g. a joined value)."""
    return [table.c[name] for name, _kind in _field_types(cls) if name in table.c]


def record_reader(
    cls: type[R], column_converters: Sequence[Callable[[Any], Any] | None] = ()
) -> Callable[[Sequence[Any]], R]:
    """A function from a row holding the record's fields in order to the record.

    Only the fields whose type needs it are converted: drivers already give int and str
    values, and converting every field of the thousands of rows of a large family cost more
    than reading them. `column_converters` first turn the driver's value into SQLAlchemy's
    (the date text SQLite returns, db/sql.py).
    """
    conversions: list[tuple[int, Callable[[Any], Any]]] = []
    for i, (_name, kind) in enumerate(_field_types(cls)):
        field = _CONVERTERS.get(kind)
        column = column_converters[i] if i < len(column_converters) else None
        if field is not None and column is not None:
            conversions.append((i, _both(column, field)))
        elif field is not None or column is not None:
            conversions.append((i, field or column))  # type: ignore[arg-type]

    def read(row: Sequence[Any]) -> R:
        values = list(row)
        for i, convert in conversions:
            values[i] = convert(values[i])
        return cls(*values)

    return read


def _both(first: Callable[[Any], Any], then: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return lambda value: then(first(value))


def _text(value: Any) -> str:
    return "" if value is None else str(value)


_CONVERTERS: dict[Any, Callable[[Any], Any]] = {Decimal: from_double, bool: bool, str: _text}


def record_of(cls: type[R], row: Any) -> R:
    """The record `cls` (a dataclass) filled from the row's columns of the same names."""
    r = row._mapping
    values = {name: _converted(kind, r[name]) for name, kind in _field_types(cls)}
    return cls(**values)


def _column_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return to_double(value)
    if isinstance(value, bool):  # tinyint flags; PostgreSQL will not cast a boolean
        return int(value)
    return value


def column_values(values: Mapping[str, Any]) -> dict[str, Any]:
    """Values ready for the database: Decimal money as the double Open Dental stores, flags
    as 0/1."""
    return {k: _column_value(v) for k, v in values.items()}


def insert_row(conn: Connection, table: Table, values: Mapping[str, Any]) -> int:
    """Insert one row (unnamed columns keep their defaults); return its primary key."""
    result = conn.execute(insert(table).values(**column_values(values)))
    return int(result.inserted_primary_key[0])


def update_row(conn: Connection, table: Table, key: int, values: Mapping[str, Any]) -> None:
    if not values:
        return
    pk = next(iter(table.primary_key.columns))
    conn.execute(update(table).where(pk == key).values(**column_values(values)))


def text_limit(table: Table, column: str) -> int | None:
    """The declared length of a varchar/char column; None for text and other types."""
    kind = table.c[column].type
    return kind.length if isinstance(kind, String) else None
