"""Frozen records built from table rows by their fields' types, and rows written back.

A record field named like a column takes that column's value, converted by the field's type
(money columns are doubles in the database and Decimal cents in records, README convention 1).
`columns_of` and `record_reader` do it by position for the statements that read many rows;
`record_of` by name for the sandbox resources.
"""

import dataclasses
from collections.abc import Callable, Hashable, Mapping, Sequence
from datetime import datetime, time, timedelta
from decimal import Decimal
from functools import cache
from typing import Any, TypeVar, get_type_hints

from sqlalchemy import Column, ColumnElement, Connection, String, Table, insert, select, update

from odpay.domain.money import from_double, to_double

R = TypeVar("R", bound=Hashable)  # a frozen dataclass; `type[R]` keys the caches


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


def fields_of(record: Any) -> dict[str, Any]:
    """A record's fields by name, one level deep: `dataclasses.asdict` copies every value
    recursively, which the flat records of a row never need, and cost a POST 0.05 ms."""
    cls: Any = type(record)
    return {name: getattr(record, name) for name, _kind in _field_types(cls)}


def columns_of(table: Table, cls: type) -> list[Column[Any]]:
    """The table's columns for the record's fields, in the record's order; a field without a
    column must come last (a statement adds it, e.g. a joined value)."""
    return [table.c[name] for name, _kind in _field_types(cls) if name in table.c]


def record_reader(
    cls: type[R], column_converters: Sequence[Callable[[Any], Any] | None] = ()
) -> Callable[[Sequence[Any]], R]:
    """A function from a row holding the record's fields in order to the record.

    `column_converters` first turn a driver's value into SQLAlchemy's (the date text SQLite
    returns, db/sql.py); then money becomes Decimal cents and flags bool. Other values are
    taken as the driver gives them (int, str, date).

    Like dataclasses' own `__init__`, the function is written once per record and compiled,
    and like a frozen dataclass's `__init__` it sets each slot directly, only through the
    slot's descriptor rather than `object.__setattr__` (half the cost): a large family is
    tens of thousands of rows, and building its records cost more than reading them.
    """
    assert not hasattr(cls, "__post_init__"), f"{cls.__name__} needs its __init__"
    env: dict[str, Any] = {"new": object.__new__, "record": cls}
    lines = ["def read(row):", "    made = new(record)"]
    for i, (name, kind) in enumerate(_field_types(cls)):
        value = f"row[{i}]"
        column = column_converters[i] if i < len(column_converters) else None
        if column is not None:
            env[f"column_{i}"] = column
            value = f"column_{i}({value})"
        field = _FIELD_CONVERTERS.get(kind)
        if field is not None:
            env[f"field_{i}"] = field
            value = f"field_{i}({value})"
        env[f"set_{i}"] = getattr(cls, name).__set__  # the slot's member descriptor
        lines.append(f"    set_{i}(made, {value})")
    lines.append("    return made")
    exec("\n".join(lines), env)  # the source holds only field positions and the names above
    read: Callable[[Sequence[Any]], R] = env["read"]
    return read


_FIELD_CONVERTERS: dict[Any, Callable[[Any], Any]] = {Decimal: from_double, bool: bool}


def record_of(cls: type[R], row: Any) -> R:
    """The record `cls` (a dataclass) filled from the row's columns of the same names."""
    r = row._mapping
    values = {name: _converted(kind, r[name]) for name, kind in _field_types(cls)}
    return cls(**values)


def page_of_rows(
    conn: Connection,
    table: Table,
    cls: type[R],
    keys: Mapping[str, int],
    *conditions: ColumnElement[bool],
    limit: int,
    offset: int,
) -> list[R]:
    """A page of `table`'s rows as `cls` records, in primary-key order: those whose column
    equals each of `keys` given above 0 (0 or less is no filter) and that meet `conditions`."""
    statement = select(table).order_by(*table.primary_key.columns)
    for name, value in keys.items():
        if value > 0:
            statement = statement.where(table.c[name] == value)
    if conditions:
        statement = statement.where(*conditions)
    return [record_of(cls, r) for r in conn.execute(statement.limit(limit).offset(offset))]


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
    key = conn.execute(insert(table).values(**column_values(values))).inserted_primary_key
    assert key is not None  # None only for executemany, never for one row
    return int(key[0])


def update_row(conn: Connection, table: Table, key: int, values: Mapping[str, Any]) -> None:
    if not values:
        return
    pk = next(iter(table.primary_key.columns))
    conn.execute(update(table).where(pk == key).values(**column_values(values)))


def text_limit(table: Table, column: str) -> int | None:
    """The declared length of a varchar/char column; None for text and other types."""
    kind = table.c[column].type
    return kind.length if isinstance(kind, String) else None
