"""odpay_apikey: registered API key pairs, stored as SHA-256 digests (schema.md §4)."""

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Column, Connection, Index, Table, select, update

from odpay.db.rows import insert_row
from odpay.db.schema import metadata, userod
from odpay.db.state import keys_changed
from odpay.db.types import BIGINT, DATETIME, NO_DATETIME, TINYINT, primary_key, varchar

ALL_PERMISSIONS = ("ApiReadAll", "ApiPayments")

odpay_apikey = Table(
    "odpay_apikey",
    metadata,
    primary_key("ApiKeyNum"),
    Column("DeveloperKeyHash", varchar(64), nullable=False, server_default=""),
    Column("CustomerKeyHash", varchar(64), nullable=False, server_default=""),
    Column("DeveloperName", varchar(255), nullable=False, server_default="odpay"),
    Column("Permissions", varchar(255), nullable=False, server_default=",".join(ALL_PERMISSIONS)),
    Column("UserNum", BIGINT, nullable=False, server_default="0"),
    Column("IsDisabled", TINYINT, nullable=False, server_default="0"),
    Column("DateTCreated", DATETIME, nullable=False, server_default=NO_DATETIME),
    Index("ux_odpay_apikey_hashes", "DeveloperKeyHash", "CustomerKeyHash", unique=True),
    sqlite_autoincrement=True,
)


@dataclass(frozen=True, slots=True)
class ApiKey:
    ApiKeyNum: int
    DeveloperName: str
    Permissions: frozenset[str]
    UserNum: int


def digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def find_key(conn: Connection, developer_digest: str, customer_digest: str) -> ApiKey | None:
    """The enabled key pair whose keys have these digests."""
    row = conn.execute(
        select(odpay_apikey).where(
            odpay_apikey.c.DeveloperKeyHash == developer_digest,
            odpay_apikey.c.CustomerKeyHash == customer_digest,
            odpay_apikey.c.IsDisabled == 0,
        )
    ).first()
    return _api_key(row) if row is not None else None


def key_by_num(conn: Connection, api_key_num: int) -> ApiKey | None:
    """The enabled key pair with this ApiKeyNum."""
    row = conn.execute(
        select(odpay_apikey).where(
            odpay_apikey.c.ApiKeyNum == api_key_num, odpay_apikey.c.IsDisabled == 0
        )
    ).first()
    return _api_key(row) if row is not None else None


def _api_key(row: Any) -> ApiKey:
    permissions = frozenset(p.strip() for p in row.Permissions.split(",") if p.strip())
    return ApiKey(row.ApiKeyNum, row.DeveloperName, permissions, row.UserNum)


def api_user(conn: Connection) -> int:
    """UserNum of the `userod` row named API, created when missing."""
    found = conn.execute(select(userod.c.UserNum).where(userod.c.UserName == "API")).first()
    if found is not None:
        return int(found.UserNum)
    return insert_row(conn, userod, {"UserName": "API", "IsHidden": 1})


def save_key(
    conn: Connection,
    developer_key: str,
    customer_key: str,
    permissions: tuple[str, ...],
    developer_name: str,
    now: datetime,
) -> int:
    """Insert the pair, or replace the permissions of a pair already registered."""
    values = {
        "Permissions": ",".join(permissions),
        "DeveloperName": developer_name,
        "UserNum": api_user(conn),
        "IsDisabled": 0,
    }
    keys_changed(conn)
    dev_hash, cust_hash = digest(developer_key), digest(customer_key)
    existing = conn.execute(
        select(odpay_apikey.c.ApiKeyNum).where(
            odpay_apikey.c.DeveloperKeyHash == dev_hash,
            odpay_apikey.c.CustomerKeyHash == cust_hash,
        )
    ).first()
    if existing is not None:
        conn.execute(
            update(odpay_apikey)
            .where(odpay_apikey.c.ApiKeyNum == existing.ApiKeyNum)
            .values(**values)
        )
        return int(existing.ApiKeyNum)
    return insert_row(
        conn,
        odpay_apikey,
        {"DeveloperKeyHash": dev_hash, "CustomerKeyHash": cust_hash, "DateTCreated": now, **values},
    )
