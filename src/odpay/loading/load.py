"""`odpay load FILE`: Open Dental rows from a JSON file or a mysqldump, checked, in one
transaction.

JSON: an object whose keys are table names and whose values are lists of row objects keyed by
Open Dental column names. Dumps: see `odpay.loading.sql_dump`. Tables odpay does not hold are
skipped and reported; an unknown column of a table odpay holds, a value of the wrong type, a
statement the reader cannot parse or a database refusal rolls the whole load back. An empty
file, one without rows, or one of another kind is refused before the load begins or at its end. A row whose primary key (for `preference` also whose
PrefName) is already in the database replaces that row, so a real practice's definitions and
preferences take the place of the blank practice's.
"""

import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from sqlalchemy import Column, Connection, Engine, Table, delete, insert
from sqlalchemy import types as sqltypes
from sqlalchemy.exc import DBAPIError

from odpay.db.schema import USED_COLUMNS, metadata
from odpay.db.seed import continue_keys_above_max
from odpay.db.state import practice_changed
from odpay.db.transactions import write_transaction
from odpay.loading.sql_dump import IGNORED_STATEMENTS, NULL, DumpError, Null, Number, read_dump

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


class NotLoadable(LoadError):
    """The file is empty, holds no rows, or is neither kind of file odpay loads."""


@dataclass
class LoadReport:
    loaded: dict[str, int] = field(default_factory=dict)  # table -> rows, in file order
    skipped: dict[str, int] = field(default_factory=dict)  # tables odpay does not hold


Rows = dict[str, list[dict[str, Any]]]
Converter = Callable[[Any], Any]
Progress = Callable[[int], None]  # hears how many more bytes of the file were read
_DUMP_STARTS = ("--", "/*", "#")
_DUMP_WORDS = {"INSERT", "REPLACE", *IGNORED_STATEMENTS}


def load_file(
    engine: Engine, path: Path, now: datetime, progress: Progress | None = None
) -> LoadReport:
    """Load `path`, a JSON object of tables or a mysqldump, in one transaction. A dump is read
    line by line and written in batches as it is read, so its size is not bounded by memory; a
    JSON file is read whole."""
    kind = file_kind(path)
    with write_transaction(engine) as conn:
        practice_changed(conn)  # a load may change anything, practice rows and ledgers alike
        writer = _Writer(conn, now)
        if kind == "json":
            text = _read_text(path)
            if progress is not None:
                progress(path.stat().st_size)
            for name, rows in read_json(text).items():
                writer.add(name, rows)
        else:
            with path.open("rb") as lines:
                for name, rows in read_sql(_decoded(path, lines, progress)):
                    writer.add(name, rows)
        report = writer.finish()
        if not report.loaded and not report.skipped:
            raise NotLoadable(f"{path.name} holds no rows to load.")
    return report


def file_kind(path: Path) -> str:
    """The file's kind, `json` or `sql`, from how it starts; anything else is NotLoadable."""
    try:
        with path.open("rb") as head:
            start = head.read(4096)
    except OSError as exc:
        raise LoadError(f"Cannot read {path}: {exc.strerror or exc}") from exc
    text = start.decode("utf-8", errors="replace").removeprefix("\ufeff").lstrip()
    if not text:
        raise NotLoadable(f"{path.name} is empty.")
    if text.startswith("{"):
        return "json"
    if text.startswith("["):
        raise NotLoadable(
            f"{path.name} is a JSON array; odpay load takes a JSON object of tables "
            '({"patient": [rows], ...}) or a mysqldump file.'
        )
    word = re.match(r"[A-Za-z]+", text)
    if text.startswith(_DUMP_STARTS) or (word and word.group().upper() in _DUMP_WORDS):
        return "sql"
    if start.startswith((b"\x1f\x8b", b"PK", b"BZh", b"\xfd7zXZ")):
        raise NotLoadable(f"{path.name} is compressed; unpack it first.")
    raise NotLoadable(
        f"{path.name} is neither a JSON object of tables nor a mysqldump file "
        f"(it starts with {text.splitlines()[0][:20]!r})."
    )


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise LoadError(f"Cannot read {path}: {exc}") from exc


def _decoded(path: Path, lines: Iterable[bytes], progress: Progress | None) -> Iterator[str]:
    """The file's lines as text (a UTF-8 character never spans a line end)."""
    for number, raw in enumerate(lines, 1):
        if progress is not None:
            progress(len(raw))
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise LoadError(f"Cannot read {path}: line {number} is not UTF-8 text.") from exc
        yield line.removeprefix("\ufeff") if number == 1 else line


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


def read_sql(lines: str | Iterable[str]) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """Each INSERT statement's table and rows (keyed by column name), in file order."""
    try:
        for statement in read_dump(lines):
            table = LOADABLE.get(statement.table)
            names = statement.columns
            if names is None:
                names = tuple(table.c.keys()) if table is not None else ()
            rows = []
            for values in statement.rows:
                if table is not None and len(values) != len(names):
                    raise LoadError(
                        f"Line {statement.line}: table {statement.table} takes {len(names)} "
                        f"values per row, a row has {len(values)}."
                    )
                rows.append(dict(zip(names, values, strict=False)))
            yield statement.table, rows
    except DumpError as exc:
        raise LoadError(str(exc)) from exc


class _Writer:
    """Checks rows and writes them in batches, in the load's one transaction."""

    def __init__(self, conn: Connection, now: datetime) -> None:
        self.conn = conn
        self.now = now
        self.report = LoadReport()
        self.converters: dict[str, dict[str, tuple[Converter, Any]]] = {}

    def add(self, name: str, raw_rows: list[dict[str, Any]]) -> None:
        table = LOADABLE.get(name)
        if table is None:
            self.report.skipped[name] = self.report.skipped.get(name, 0) + len(raw_rows)
            return
        converters = self.converters.get(name)
        if converters is None:
            converters = self.converters[name] = _converters(table, self.now)
        done = self.report.loaded.get(name, 0)
        rows = [_row(table, converters, raw, done + n) for n, raw in enumerate(raw_rows, 1)]
        _write(self.conn, table, rows)
        self.report.loaded[name] = done + len(rows)

    def finish(self) -> LoadReport:
        for name in self.report.loaded:
            continue_keys_above_max(self.conn, LOADABLE[name])
        return self.report


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
    found: dict[str, tuple[Converter, Any]] = {}
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
    hour, minute, second = (int(part) for part in match.groups())
    return time(hour, minute, second)


def _real_date(y: str, m: str, d: str) -> date:
    # MySQL's zero date is Open Dental's "no date".
    if (y, m, d) == ("0000", "00", "00"):
        return date(1, 1, 1)
    return date(int(y), int(m), int(d))
