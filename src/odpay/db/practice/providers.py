"""`provider` rows for the Providers resource, and the Abbr look-up other resources show."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, func, select

from odpay.db.rows import insert_row, record_of, update_row
from odpay.db.schema import provider
from odpay.db.state import practice_changed


@dataclass(frozen=True, slots=True)
class ProviderRow:
    """The columns the Providers resource shows (schema.md §3, `provider`)."""

    ProvNum: int
    Abbr: str
    LName: str
    FName: str
    MI: str
    Suffix: str
    FeeSched: int
    Specialty: int
    SSN: str
    StateLicense: str
    IsSecondary: bool
    ProvColor: int
    IsHidden: bool
    UsingTIN: bool
    SigOnFile: bool
    NationalProvID: str
    DateTStamp: datetime
    IsNotPerson: bool
    ProvStatus: int
    IsHiddenReport: bool
    Birthdate: date
    SchedNote: str
    PreferredName: str


def get_provider_row(conn: Connection, prov_num: int) -> ProviderRow | None:
    row = conn.execute(select(provider).where(provider.c.ProvNum == prov_num)).first()
    return record_of(ProviderRow, row) if row is not None else None


def list_provider_rows(
    conn: Connection, changed_since: datetime | None, visible_only: bool, limit: int, offset: int
) -> list[ProviderRow]:
    """Providers by ProvNum; `changed_since` keeps those with DateTStamp on or after it."""
    statement = select(provider).order_by(provider.c.ProvNum)
    if changed_since is not None:
        statement = statement.where(provider.c.DateTStamp >= changed_since)
    if visible_only:
        statement = statement.where(provider.c.IsHidden == 0)
    rows = conn.execute(statement.limit(limit).offset(offset))
    return [record_of(ProviderRow, r) for r in rows]


def provider_abbrs(conn: Connection) -> dict[int, str]:
    """ProvNum -> Abbr for every provider, hidden ones included."""
    rows = conn.execute(select(provider.c.ProvNum, provider.c.Abbr))
    return {int(r.ProvNum): r.Abbr for r in rows}


def abbr_taken(conn: Connection, abbr: str, other_than: int = 0) -> bool:
    """Whether another provider already uses `abbr` (letter case ignored)."""
    row = conn.execute(
        select(provider.c.ProvNum).where(
            func.lower(provider.c.Abbr) == abbr.lower(), provider.c.ProvNum != other_than
        )
    ).first()
    return row is not None


def insert_provider(conn: Connection, values: dict[str, Any]) -> int:
    """Insert a provider at the end of the provider list (ItemOrder = highest + 1)."""
    last = conn.execute(select(func.max(provider.c.ItemOrder))).scalar()
    practice_changed(conn)
    return insert_row(conn, provider, {**values, "ItemOrder": (last or 0) + 1})


def update_provider(conn: Connection, prov_num: int, values: dict[str, Any]) -> None:
    update_row(conn, provider, prov_num, values)
    practice_changed(conn)
