"""Rows and callers for tests: rows inserted through SQLAlchemy Core with the database choosing
the keys, and the one API key the service tests call with.

Each helper names the few columns a test cares about; everything else keeps its default.
Money is given as text ("100.00") and stored as the double Open Dental would hold.
"""

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, CursorResult, Engine, Executable, insert, select, update

from odpay.db.practice.preference_values import save_preference
from odpay.db.schema import metadata
from odpay.db.state import keys_changed, practice_changed
from odpay.services.keys import Key

# The caller of every service test: a registered pair with both permissions. The security log
# names its developer ("... made by Acme Dental Apps through API.").
KEY = Key(
    ApiKeyNum=1,
    DeveloperName="Acme Dental Apps",
    UserNum=1,
    Permissions=frozenset({"ApiReadAll", "ApiPayments"}),
)

# The "today" the spec's worked examples are written for (allocation.md §13); the `spec_today`
# fixture (tests/conftest.py) stops odpay's clock on it.
SPEC_TODAY = date(2024, 6, 15)

# When a stored payment (or split) was paid and last edited, unless a test says otherwise:
# two weeks before SPEC_TODAY.
PAID_ON = date(2024, 6, 1)
EDITED_AT = datetime(2024, 6, 1, 9, 30, 0)

MONEY_COLUMNS = {
    "ProcFee",
    "AdjAmt",
    "InsPayEst",
    "InsPayAmt",
    "WriteOff",
    "WriteOffEst",
    "WriteOffEstOverride",
    "SplitAmt",
    "PayAmt",
    "Principal",
    "Interest",
    "AmountOverride",
    "Discount",
    "DiscountPlanAmt",
    "CompletedAmt",
    "MerchantFee",
}


def _value(table: str, column: str, value: Any) -> Any:
    """Text money becomes the stored double; ISO text in a date or date-time column a date."""
    if column in MONEY_COLUMNS and isinstance(value, (str, Decimal, int)):
        return float(Decimal(str(value)))
    if isinstance(value, str) and column in metadata.tables[table].c:
        kind = metadata.tables[table].c[column].type.python_type
        if kind is date:
            return date.fromisoformat(value)
        if kind is datetime:
            return datetime.fromisoformat(value)
    if isinstance(value, bool):
        return int(value)
    return value


# Rows odpay keeps a process-wide copy of: writing one must move odpay_state on, as odpay's
# own writers do, or a running test would be answered from the copy.
_PRACTICE_TABLES = {"preference", "definition", "provider", "clinic"}


def _write(conn: Connection | Engine, table: str, statement: Executable) -> CursorResult[Any]:
    if isinstance(conn, Engine):
        with conn.begin() as c:
            return _write(c, table, statement)
    result = conn.execute(statement)
    if table in _PRACTICE_TABLES:
        practice_changed(conn)
    elif table == "odpay_apikey":
        keys_changed(conn)
    return result


def add(conn: Connection | Engine, table: str, **columns: Any) -> int:
    """Insert one row into `table`; return its primary key."""
    values = {name: _value(table, name, v) for name, v in columns.items()}
    key = _write(conn, table, insert(metadata.tables[table]).values(**values)).inserted_primary_key
    assert key is not None
    return int(key[0])


def patient(conn: Connection | Engine, guarantor: int | None = None, **columns: Any) -> int:
    """A patient; its own guarantor unless `guarantor` names the family's head."""
    columns.setdefault("LName", "Test")
    columns.setdefault("FName", "Patient")
    columns.setdefault("PriProv", 1)
    pat_num = add(conn, "patient", **columns)
    set_row(conn, "patient", pat_num, Guarantor=guarantor or pat_num)
    return pat_num


def procedure(
    conn: Connection | Engine, PatNum: int, fee: str, on: str | date, **columns: Any
) -> int:
    """A completed procedure (status C) with fee `fee` on date `on`."""
    columns.setdefault("ProcStatus", 2)
    columns.setdefault("ProvNum", 1)
    return add(conn, "procedurelog", PatNum=PatNum, ProcFee=fee, ProcDate=on, **columns)


def adjustment(
    conn: Connection | Engine, PatNum: int, amount: str, on: str | date, **columns: Any
) -> int:
    columns.setdefault("ProvNum", 1)
    columns.setdefault("AdjType", 2)
    return add(conn, "adjustment", PatNum=PatNum, AdjAmt=amount, AdjDate=on, **columns)


def payment(
    conn: Connection | Engine,
    PatNum: int,
    PayAmt: str = "10.00",
    splits: Iterable[Mapping[str, Any]] = (),
    **columns: Any,
) -> int:
    """A stored payment with the given split rows, as any writer (Open Dental included) may
    have left it: PayType 69 (Check in the blank practice), paid and entered on
    PAID_ON, edited at EDITED_AT. Each split names at least its SplitAmt; it is on the
    payment's patient and date unless it says otherwise. Returns the PayNum."""
    columns.setdefault("PayType", 69)
    columns.setdefault("PayDate", PAID_ON)
    columns.setdefault("DateEntry", columns["PayDate"])
    columns.setdefault("SecDateTEdit", EDITED_AT)
    pay_num = add(conn, "payment", PatNum=PatNum, PayAmt=PayAmt, **columns)
    for columns_of_split in splits:
        split(
            conn, pay_num, **{"PatNum": PatNum, "DatePay": columns["PayDate"], **columns_of_split}
        )
    return pay_num


def split(
    conn: Connection | Engine, PayNum: int, PatNum: int, SplitAmt: str = "10.00", **columns: Any
) -> int:
    """A paysplit of payment `PayNum`: paid and entered on PAID_ON unless `DatePay` says
    otherwise, edited at EDITED_AT."""
    columns.setdefault("DatePay", PAID_ON)
    columns.setdefault("DateEntry", columns["DatePay"])
    columns.setdefault("SecDateTEdit", EDITED_AT)
    return add(conn, "paysplit", PayNum=PayNum, PatNum=PatNum, SplitAmt=SplitAmt, **columns)


def set_row(conn: Connection | Engine, table: str, key: int, **columns: Any) -> None:
    t = metadata.tables[table]
    pk = next(iter(t.primary_key.columns))
    values = {name: _value(table, name, v) for name, v in columns.items()}
    _write(conn, table, update(t).where(pk == key).values(**values))


def set_pref(engine: Engine, name: str, value: str) -> None:
    with engine.begin() as conn:
        save_preference(conn, name, value)


def rows(engine: Engine, table: str, **where: Any) -> list[dict[str, Any]]:
    """All rows of `table` matching `where`, in primary-key order, as dicts."""
    t = metadata.tables[table]
    pk = next(iter(t.primary_key.columns))
    statement = select(t).order_by(pk)
    for name, value in where.items():
        statement = statement.where(t.c[name] == value)
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(statement)]


def now() -> datetime:
    return datetime.now().replace(microsecond=0)
