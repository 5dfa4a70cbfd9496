"""odpay_apikey: registered API key pairs, stored as a salted scrypt hash of the pair.

`KeyHash` is `scrypt$N$r$p$<hex>` of `DeveloperKey/CustomerKey` with the database's salt
(odpay_state.KeySalt): a copy of the database does not give the keys back, and each guess at
one costs the N of scrypt. The salt is one per database, so the hash also finds the row (an
index) rather than being checked against every row. Rows written before migration 0004 hold
the unsalted SHA-256 digests of schema.md §4 in DeveloperKeyHash/CustomerKeyHash and an empty
KeyHash: they are still accepted, and the first time one is, it is rewritten as scrypt and
its digests emptied (docs/decisions.md "Hardening: operations").
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Column, Connection, Index, Table, insert, or_, select, update

from odpay.db.rows import insert_row
from odpay.db.schema import metadata, userod
from odpay.db.state import STATE_ROW, keys_changed, odpay_state
from odpay.db.types import BIGINT, DATETIME, NO_DATETIME, TINYINT, primary_key, varchar

ALL_PERMISSIONS = ("ApiReadAll", "ApiPayments")
# scrypt's cost: 2^14 rounds of 8 blocks (16 MiB), one lane: 41-44 ms of CPU per hash here
# (bench/RESULTS.md). Paid once per key pair and process; every later request finds the pair
# in the process's cache (services/keys.py).
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1

odpay_apikey = Table(
    "odpay_apikey",
    metadata,
    primary_key("ApiKeyNum"),
    # Legacy (before 0004): SHA-256 digests; empty once the pair has been hashed with scrypt.
    Column("DeveloperKeyHash", varchar(64), nullable=False, server_default=""),
    Column("CustomerKeyHash", varchar(64), nullable=False, server_default=""),
    Column("DeveloperName", varchar(255), nullable=False, server_default="odpay"),
    Column("Permissions", varchar(255), nullable=False, server_default=",".join(ALL_PERMISSIONS)),
    Column("UserNum", BIGINT, nullable=False, server_default="0"),
    Column("IsDisabled", TINYINT, nullable=False, server_default="0"),
    Column("DateTCreated", DATETIME, nullable=False, server_default=NO_DATETIME),
    Column("KeyHash", varchar(128), nullable=False, server_default=""),
    Index("ix_odpay_apikey_keyhash", "KeyHash"),
    Index("ix_odpay_apikey_hashes", "DeveloperKeyHash", "CustomerKeyHash"),
    sqlite_autoincrement=True,
)


@dataclass(frozen=True, slots=True)
class ApiKey:
    ApiKeyNum: int
    DeveloperName: str
    Permissions: frozenset[str]
    UserNum: int


def digest(key: str) -> str:
    """The legacy (schema.md §4) digest of one key: unsalted SHA-256."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def read_salt(conn: Connection) -> bytes | None:
    """The database's key salt; None when none is written yet."""
    row = conn.execute(
        select(odpay_state.c.KeySalt).where(odpay_state.c.StateNum == STATE_ROW)
    ).first()
    return bytes.fromhex(row.KeySalt) if row is not None and row.KeySalt else None


def ensure_salt(conn: Connection) -> bytes:
    """The database's key salt, written now if missing (migration 0004 writes it)."""
    found = read_salt(conn)
    if found is not None:
        return found
    row = conn.execute(
        select(odpay_state.c.StateNum).where(odpay_state.c.StateNum == STATE_ROW)
    ).first()
    salt = new_salt()
    if row is None:
        conn.execute(insert(odpay_state).values(StateNum=STATE_ROW, KeySalt=salt))
    else:
        conn.execute(
            update(odpay_state).where(odpay_state.c.StateNum == STATE_ROW).values(KeySalt=salt)
        )
    return bytes.fromhex(salt)


def new_salt() -> str:
    return secrets.token_hex(16)


def key_hash(salt: bytes, developer_key: str, customer_key: str) -> str:
    """What KeyHash holds for the pair: slow on purpose (SCRYPT_N)."""
    pair = f"{developer_key}/{customer_key}".encode()
    hashed = hashlib.scrypt(
        pair, salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, maxmem=64 * 2**20, dklen=32
    )
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${hashed.hex()}"


@dataclass(frozen=True, slots=True)
class Credentials:
    """A pair as the database looks it up: its scrypt hash, and its legacy digests."""

    hash: str
    developer_digest: str
    customer_digest: str


def credentials(salt: bytes, developer_key: str, customer_key: str) -> Credentials:
    return Credentials(
        key_hash(salt, developer_key, customer_key), digest(developer_key), digest(customer_key)
    )


def _matching(found: Credentials) -> Any:
    legacy = (
        (odpay_apikey.c.KeyHash == "")
        & (odpay_apikey.c.DeveloperKeyHash == found.developer_digest)
        & (odpay_apikey.c.CustomerKeyHash == found.customer_digest)
    )
    return or_(odpay_apikey.c.KeyHash == found.hash, legacy)


def find_key(conn: Connection, found: Credentials) -> tuple[ApiKey, bool] | None:
    """The enabled key pair with these credentials, and whether its row is a legacy one."""
    row = conn.execute(
        select(odpay_apikey).where(_matching(found), odpay_apikey.c.IsDisabled == 0)
    ).first()
    return (_api_key(row), row.KeyHash == "") if row is not None else None


def upgrade_legacy(conn: Connection, api_key_num: int, found: Credentials) -> None:
    """Rewrite a legacy row with the pair's scrypt hash; its SHA-256 digests go."""
    conn.execute(
        update(odpay_apikey)
        .where(odpay_apikey.c.ApiKeyNum == api_key_num, odpay_apikey.c.KeyHash == "")
        .values(KeyHash=found.hash, DeveloperKeyHash="", CustomerKeyHash="")
    )


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
    found: Credentials,
    permissions: tuple[str, ...],
    developer_name: str,
    now: datetime,
) -> int:
    """Insert the pair, or replace the permissions of a pair already registered (a legacy
    row is rewritten with the scrypt hash)."""
    values = {
        "Permissions": ",".join(permissions),
        "DeveloperName": developer_name,
        "UserNum": api_user(conn),
        "IsDisabled": 0,
        "KeyHash": found.hash,
        "DeveloperKeyHash": "",
        "CustomerKeyHash": "",
    }
    keys_changed(conn)
    existing = conn.execute(select(odpay_apikey.c.ApiKeyNum).where(_matching(found))).first()
    if existing is not None:
        conn.execute(
            update(odpay_apikey)
            .where(odpay_apikey.c.ApiKeyNum == existing.ApiKeyNum)
            .values(**values)
        )
        return int(existing.ApiKeyNum)
    return insert_row(conn, odpay_apikey, {"DateTCreated": now, **values})
