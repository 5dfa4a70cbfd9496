"""odpay_idempotency: the Idempotency-Key of each POST that created a payment (an odpay
extension, beyond Open Dental; docs/decisions.md "Idempotent retries").

The key and the request are stored as SHA-256 digests only, never in clear.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Column, Connection, Index, Table, bindparam, delete, select, update

from odpay.db.rows import columns_of
from odpay.db.schema import metadata
from odpay.db.sql import InsertRow, Records, Sql
from odpay.db.types import BIGINT, DATETIME, NO_DATETIME, primary_key, varchar

odpay_idempotency = Table(
    "odpay_idempotency",
    metadata,
    primary_key("IdempotencyNum"),
    Column("ApiKeyNum", BIGINT, nullable=False, server_default="0"),
    Column("KeyHash", varchar(64), nullable=False, server_default=""),
    Column("RequestHash", varchar(64), nullable=False, server_default=""),
    Column("PayNum", BIGINT, nullable=False, server_default="0"),
    Column("DateTCreated", DATETIME, nullable=False, server_default=NO_DATETIME),
    # One row per key and key pair: a second writer of the same key fails here, which is
    # what makes two simultaneous requests with one key produce one payment.
    Index("ux_odpay_idempotency_key", "ApiKeyNum", "KeyHash", unique=True),
    sqlite_autoincrement=True,
)


@dataclass(frozen=True, slots=True)
class IdempotencyRecord:
    IdempotencyNum: int
    RequestHash: str
    PayNum: int
    DateTCreated: datetime


_FIND = Records(
    IdempotencyRecord,
    select(*columns_of(odpay_idempotency, IdempotencyRecord)).where(
        odpay_idempotency.c.ApiKeyNum == bindparam("ApiKeyNum"),
        odpay_idempotency.c.KeyHash == bindparam("KeyHash"),
    ),
)
_INSERT = InsertRow(odpay_idempotency, ["ApiKeyNum", "KeyHash", "RequestHash", "DateTCreated"])
_SET_PAY_NUM = Sql(
    update(odpay_idempotency)
    .where(odpay_idempotency.c.IdempotencyNum == bindparam("num"))
    .values(PayNum=bindparam("pay_num"))
)


def find_record(conn: Connection, api_key_num: int, key_hash: str) -> IdempotencyRecord | None:
    return _FIND.first(conn, ApiKeyNum=api_key_num, KeyHash=key_hash)


def insert_record(
    conn: Connection, api_key_num: int, key_hash: str, request_hash: str, now: datetime
) -> int:
    """The key's row, with PayNum 0 until the payment exists; return its IdempotencyNum.

    Raises IntegrityError when the key pair already has this key. On MariaDB and PostgreSQL
    an insert that meets another transaction's uncommitted row waits for that transaction
    and fails only if it commits.
    """
    values = {"ApiKeyNum": api_key_num, "KeyHash": key_hash, "RequestHash": request_hash}
    return _INSERT.key(conn, {**values, "DateTCreated": now})


def set_pay_num(conn: Connection, idempotency_num: int, pay_num: int) -> None:
    _SET_PAY_NUM.run(conn, num=idempotency_num, pay_num=pay_num)


def delete_expired_key(conn: Connection, ApiKeyNum: int, KeyHash: str, cutoff: datetime) -> None:
    """Delete the key pair's row of this key if it was created before `cutoff`."""
    conn.execute(
        delete(odpay_idempotency).where(
            odpay_idempotency.c.ApiKeyNum == ApiKeyNum,
            odpay_idempotency.c.KeyHash == KeyHash,
            odpay_idempotency.c.DateTCreated < cutoff,
        )
    )


def delete_created_before(conn: Connection, cutoff: datetime) -> int:
    """Delete the rows created before `cutoff`; return how many."""
    result = conn.execute(
        delete(odpay_idempotency).where(odpay_idempotency.c.DateTCreated < cutoff)
    )
    return int(result.rowcount)
