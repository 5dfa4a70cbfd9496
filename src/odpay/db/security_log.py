"""securitylog rows (one per write request, payments.md §1.3)."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, insert

from odpay.db.rows import fields_of
from odpay.db.schema import securitylog
from odpay.db.sql import Sql

LOG_SOURCE_API = 23
COMPUTER_NAME = "odpay"
# The columns odpay writes; the others keep their defaults.
LOG_WRITTEN = (
    "PermType", "UserNum", "LogDateTime", "LogText", "PatNum", "CompName", "FKey", "LogSource",
    "DefNum", "DefNumError", "DateTPrevious",
)  # fmt: skip
_INSERT = Sql(insert(securitylog).values({name: bindparam(name) for name in LOG_WRITTEN}))


@dataclass(frozen=True, slots=True)
class SecurityLogEntry:
    """A securitylog row but for its FKey (the payment's PayNum, which may not exist yet)."""

    PermType: int
    UserNum: int
    PatNum: int
    LogText: str
    LogDateTime: datetime
    DateTPrevious: datetime


def security_log_values(entry: SecurityLogEntry, fkey: int | None = None) -> dict[str, Any]:
    """The columns of `entry`'s row, FKey included when given."""
    values = {
        **fields_of(entry),
        "CompName": COMPUTER_NAME,
        "LogSource": LOG_SOURCE_API,
        "DefNum": 0,
        "DefNumError": 0,
    }
    if fkey is not None:
        values["FKey"] = fkey
    return values


def insert_security_log(conn: Connection, entry: SecurityLogEntry, fkey: int) -> None:
    _INSERT.run(conn, **security_log_values(entry, fkey))
