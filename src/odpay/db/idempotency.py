"""odpay_idempotency: the Idempotency-Key of each POST that created a payment (an odpay
extension, beyond Open Dental; docs/decisions.md "Idempotent retries").

The key and the request are stored as SHA-256 digests only, never in clear.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Column, Connection, Index, Table, insert, select, update

from odpay.db.schema import metadata
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


def find_record(conn: Connection, ApiKeyNum: int, KeyHash: str) -> IdempotencyRecord | None:
    row = conn.execute(
        select(
            odpay_idempotency.c.IdempotencyNum,
            odpay_idempotency.c.RequestHash,
            odpay_idempotency.c.PayNum,
        ).where(
            odpay_idempotency.c.ApiKeyNum == ApiKeyNum,
            odpay_idempotency.c.KeyHash == KeyHash,
        )
    ).first()
    if row is None:
        return None
    return IdempotencyRecord(int(row.IdempotencyNum), row.RequestHash, int(row.PayNum))


def insert_record(
    conn: Connection, ApiKeyNum: int, KeyHash: str, RequestHash: str, now: datetime
) -> int:
    """The key's row, with PayNum 0 until the payment exists; return its IdempotencyNum.

    Raises IntegrityError when the key pair already has this key. On MariaDB and PostgreSQL
    an insert that meets another transaction's uncommitted row waits for that transaction
    and fails only if it commits.
    """
    result = conn.execute(
        insert(odpay_idempotency).values(
            ApiKeyNum=ApiKeyNum, KeyHash=KeyHash, RequestHash=RequestHash, DateTCreated=now
        )
    )
    return int(result.inserted_primary_key[0])


def set_pay_num(conn: Connection, IdempotencyNum: int, PayNum: int) -> None:
    conn.execute(
        update(odpay_idempotency)
        .where(odpay_idempotency.c.IdempotencyNum == IdempotencyNum)
        .values(PayNum=PayNum)
    )
