"""`odpay load FILE`: Open Dental rows from a JSON file or a mysqldump, checked, in one
transaction.

JSON: an object whose keys are table names and whose values are lists of row objects keyed by
Open Dental column names. Dumps: see `odpay.db.sql_dump`. Tables odpay does not hold are
skipped and reported; an unknown column of a table odpay holds, a value of the wrong type, or a
statement the reader cannot parse stops the load before anything is written, and a database
refusal rolls the whole load back. A row whose primary key (for `preference` also whose
PrefName) is already in the database replaces that row, so a real practice's definitions and
preferences take the place of the blank practice's.
"""

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from sqlalchemy import Column, Connection, Engine, Table, delete, insert
from sqlalchemy import types as sqltypes
from sqlalchemy.exc import DBAPIError

from odpay.db.schema import USED_COLUMNS, metadata
from odpay.db.seed import continue_keys_above_max
from odpay.db.sql_dump import NULL, DumpError, Null, Number, read_dump
from odpay.db.state import practice_changed
from odpay.db.transactions import write_transaction

BATCH = 1000
LOADABLE: dict[str, Table] = {name: metadata.tables[name] for name in USED_COLUMNS}
_INTEGER = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_DATETIME = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[ T]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.[0-9]+)?)?"
)
_TIME = re.compile(r"([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.[0-9]+)?")


class LoadError(ValueError):
    """Why the file was not loaded (nothing was written)."""


@dataclass
class LoadReport:
    loaded: dict[str, int] = field(default_factory=dict)  # table -> rows, in file order
    skipped: dict[str, int] = field(default_factory=dict)  # tables odpay does not hold


Rows = dict[str, list[dict[str, Any]]]


def load_file(engine: Engine, path: Path, now: datetime) -> LoadReport:
    """Read `path` (JSON when it starts with `{`, else a dump) and load it."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise LoadError(f"Cannot read {path}: {exc}") from exc
    tables = read_json(text) if text.lstrip().startswith("{") else read_sql(text)
    return load_rows(engine, tables, now)


def read_json(text: str) -> Rows:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LoadError(f"The file is not valid JSON: {exc}") from exc
    if not isinstance(document, dict):
        raise LoadError("The JSON must be an object of table names.")
    tables: Rows = {}
    for name, rows in document.items():
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise LoadError(f"Table {name}: the value must be a list of row objects.")
        tables.setdefault(name, []).extend(rows)
    return tables


def read_sql(text: str) -> Rows:
    tables: Rows = {}
    try:
        for statement in read_dump(text):
            table = LOADABLE.get(statement.table)
            names = statement.columns
            if names is None:
                names = tuple(table.c.keys()) if table is not None else ()
            rows = tables.setdefault(statement.table, [])
            for values in statement.rows:
                if table is not None and len(values) != len(names):
                    raise LoadError(
                        f"Line {statement.line}: table {statement.table} takes {len(names)} "
                        f"values per row, a row has {len(values)}."
                    )
                rows.append(dict(zip(names, values, strict=False)))
    except DumpError as exc:
        raise LoadError(str(exc)) from exc
    return tables


def load_rows(engine: Engine, tables: Rows, now: datetime) -> LoadReport:
    """Check every row, then write them all in one transaction."""
    report = LoadReport()
    prepared: list[tuple[Table, list[dict[str, Any]]]] = []
    for name, rows in tables.items():
        table = LOADABLE.get(name)
        if table is None:
            report.skipped[name] = report.skipped.get(name, 0) + len(rows)
            continue
        converters = _converters(table, now)
        prepared.append((table, [_row(table, converters, raw, n) for n, raw in enumerate(rows, 1)]))
        report.loaded[name] = report.loaded.get(name, 0) + len(rows)
    with write_transaction(engine) as conn:
        practice_changed(conn)  # a load may change anything, practice rows and ledgers alike
        for table, rows in prepared:
            _write(conn, table, rows)
        for table, _rows in prepared:
            continue_keys_above_max(conn, table)
    return report


def _write(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    key = next(iter(table.primary_key.columns))
    try:
        _replace_existing(conn, table, key, [r[key.name] for r in rows if key.name in r])
        if table.name == "preference":
            _replace_existing(conn, table, table.c.PrefName, [r["PrefName"] for r in rows])
        keyed = [r for r in rows if key.name in r]
        unkeyed = [r for r in rows if key.name not in r]
        for group in (keyed, unkeyed):
            for start in range(0, len(group), BATCH):
                conn.execute(insert(table), group[start : start + BATCH])
    except DBAPIError as exc:
        reason = str(exc.orig).strip().splitlines()[0][:300] if exc.orig else type(exc).__name__
        raise LoadError(f"Table {table.name}: the database refused the rows: {reason}") from exc


def _replace_existing(
    conn: Connection, table: Table, column: Column[Any], values: list[Any]
) -> None:
    for start in range(0, len(values), BATCH):
        conn.execute(delete(table).where(column.in_(values[start : start + BATCH])))


Converter = Callable[[Any], Any]


def _row(
    table: Table, converters: Mapping[str, tuple[Converter, Any]], raw: Mapping[str, Any], n: int
) -> dict[str, Any]:
    row: dict[str, Any] = {}
    key = next(iter(table.primary_key.columns)).name
    for name in raw:
        if name not in converters:
            raise LoadError(f"Table {table.name} has no column {name} (row {n}).")
    for name, (convert, default) in converters.items():
        value = raw.get(name, NULL)
        if value is None or isinstance(value, Null):
            if name == key:
                continue  # the database picks the key
            row[name] = default
            continue
        try:
            row[name] = convert(value)
        except (TypeError, ValueError) as exc:
            raise LoadError(f"Table {table.name}, row {n}, column {name}: {exc}") from exc
    return row


def _converters(table: Table, now: datetime) -> dict[str, tuple[Converter, Any]]:
    found = {}
    for column in table.columns:
        convert = _converter(column)
        default = column.server_default
        if default is None or column.primary_key:  # the key's default is its identity
            found[column.name] = (convert, None)
            continue
        text = str(getattr(default, "arg", ""))
        found[column.name] = (convert, now if text == "CURRENT_TIMESTAMP" else convert(text))
    return found


def _converter(column: Column[Any]) -> Converter:
    kind = column.type
    if isinstance(kind, sqltypes.Integer):
        return _integer
    if isinstance(kind, sqltypes.Float):
        return _double
    if isinstance(kind, sqltypes.DateTime):
        return _datetime
    if isinstance(kind, sqltypes.Date):
        return _date
    if isinstance(kind, sqltypes.Time):
        return _time
    length = getattr(kind, "length", None)
    return lambda value: _text(value, length)


def _shown(value: Any) -> str:
    text = value.text if isinstance(value, Number) else str(value)
    return repr(text[:40])


def _integer(value: Any) -> int:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = value.text if isinstance(value, Number) else value
    if isinstance(text, str) and _INTEGER.fullmatch(text.strip()):
        return int(text)
    raise ValueError(f"expected a whole number, not {_shown(value)}")


def _double(value: Any) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    text = value.text if isinstance(value, Number) else value
    if isinstance(text, str) and _DECIMAL.fullmatch(text.strip()):
        return float(text)
    raise ValueError(f"expected a number, not {_shown(value)}")


def _text(value: Any, length: int | None) -> str:
    if isinstance(value, Number):
        value = value.text
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise ValueError(f"expected text, not {_shown(value)}")
    if length is not None and len(value) > length:
        raise ValueError(f"longer than {length} characters")
    return value


def _date(value: Any) -> date:
    match = _DATE.fullmatch(value.strip()) if isinstance(value, str) else None
    if match is None:
        raise ValueError(f"expected a date yyyy-MM-dd, not {_shown(value)}")
    return _real_date(*match.groups())


def _datetime(value: Any) -> datetime:
    match = _DATETIME.fullmatch(value.strip()) if isinstance(value, str) else None
    if match is None:
        raise ValueError(f"expected a date-time yyyy-MM-dd HH:mm:ss, not {_shown(value)}")
    y, m, d, hh, mm, ss = match.groups()
    day = _real_date(y, m, d)
    return datetime.combine(day, time(int(hh or 0), int(mm or 0), int(ss or 0)))


def _time(value: Any) -> time:
    match = _TIME.fullmatch(value.strip()) if isinstance(value, str) else None
    if match is None:
        raise ValueError(f"expected a time HH:mm:ss, not {_shown(value)}")
    return time(*(int(part) for part in match.groups()))


def _real_date(y: str, m: str, d: str) -> date:
    # MySQL's zero date is Open Dental's "no date".
    if (y, m, d) == ("0000", "00", "00"):
        return date(1, 1, 1)
    return date(int(y), int(m), int(d))
